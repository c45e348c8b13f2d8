//! Routes and middleware of the server's own (not Leptos) HTTP surface.

use std::collections::HashMap;
use std::time::Instant;

use app::ec2::Ec2Timing;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use app::i18n::Locale;
use app::model::ActivityQuery;
use app::state::AppState;

/// `/`: the groups of the region last looked at in this session, or of the default region.
pub async fn home(State(state): State<AppState>, session: Session) -> Redirect {
    let region: Option<String> = session.get(app::LAST_REGION).await.ok().flatten();
    let region = region.filter(|r| state.ec2.regions().contains(r));
    let region = region.unwrap_or_else(|| state.ec2.default_region().to_owned());
    Redirect::to(&format!("/security-groups?region={region}"))
}

/// `/healthz`: the process is up (for load balancers; needs no sign-in).
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /activity/download?user=&group=&action=&outcome=`: the audit log's entries matching the
/// Activity page's filters, newest first, as JSON Lines for a SIEM.
pub async fn download_activity(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let query = ActivityQuery::from_params(|key| params.get(key).cloned());
    match state.db.audit().entries(&query, None).await {
        Ok(entries) => {
            let mut body = String::new();
            for entry in entries {
                if let Ok(line) = serde_json::to_string(&entry) {
                    body.push_str(&line);
                    body.push('\n');
                }
            }
            let headers = [
                (header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8"),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"sg-console-activity.jsonl\""),
            ];
            (headers, body).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "cannot read the audit log");
            (StatusCode::SERVICE_UNAVAILABLE, "SG Console cannot read its audit log. Try again in a minute.")
                .into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct ReturnTo {
    next: Option<String>,
}

/// `GET /locale/{en|ja}?next=/path`: remembers the language in leptos_i18n's cookie and goes back.
/// A plain link, so switching language works without JavaScript.
pub async fn set_locale(Path(locale): Path<Locale>, Query(query): Query<ReturnTo>) -> Response {
    let next = query.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".into());
    // Not HttpOnly: the hydrated page rewrites this cookie when the language is switched in place.
    let cookie = format!("{}={locale}; Path=/; Max-Age=31536000; SameSite=Lax", app::LOCALE_COOKIE);
    let mut response = Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Whether `target` is a path on this site, so that redirecting to it cannot leave the site:
/// it starts with one `/` (not `//` or `/\`, which browsers read as another host) and is plain
/// printable ASCII (no backslash, and no tab or line break, which browsers drop or which would
/// split the header).
pub(crate) fn is_local_path(target: &str) -> bool {
    let bytes = target.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && bytes.iter().all(|b| b.is_ascii_graphic() && *b != b'\\')
}

/// Measures each request and answers a `Server-Timing` header: time waiting on EC2 and the
/// console's own time. Pages render completely before they are sent, so the figures are whole.
pub async fn server_timing(mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let timing = Ec2Timing::default();
    request.extensions_mut().insert(timing.clone());
    let mut response = next.run(request).await;
    let total = started.elapsed();
    let ec2 = timing.waited();
    let own = total.saturating_sub(ec2);
    let value = format!(
        "ec2;dur={:.1};desc=\"EC2\", app;dur={:.1};desc=\"SG Console\"",
        ec2.as_secs_f64() * 1e3,
        own.as_secs_f64() * 1e3
    );
    if let Ok(value) = HeaderValue::from_str(&value) {
        response.headers_mut().insert("server-timing", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn redirects_stay_on_this_site() {
        assert!(is_local_path("/security-groups?region=us-east-1&q=web"));
        assert!(is_local_path("/"));
        for outside in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "https://evil.example",
            "evil",
            "",
            "/a\r\nSet-Cookie: x=1",
            "/a b",
        ] {
            assert!(!is_local_path(outside), "{outside:?}");
        }
    }
}
