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

/// `/readyz`: ready for traffic: the database answers, and EC2 in the default region answered
/// in the last minute (asked now if nothing asked it since). Needs no sign-in, so it tells an
/// outsider nothing but ready or not; the log says what failed.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let not_ready = || (StatusCode::SERVICE_UNAVAILABLE, "not ready").into_response();
    if let Err(error) = state.db.ping().await {
        tracing::warn!(%error, "not ready: the database does not answer");
        return not_ready();
    }
    if let Err(error) = state.ec2.ready().await {
        tracing::warn!(%error, region = state.ec2.default_region(), "not ready: EC2 does not answer");
        return not_ready();
    }
    "ready".into_response()
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

/// `GET /findings/download?format=csv|json&region=R|all&severity=&check=&vpc=`: the Findings
/// page's findings as a file. A region that could not be read is named with its error code (in
/// CSV, as a row whose check is `region-unreadable`).
pub async fn download_findings(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    use app::api::findings::ALL_REGIONS;
    use app::model::{Finding, FindingsQuery};
    use app::snapshot::{RegionsFindings, with_rule_ids};

    let query = FindingsQuery::from_params(|key| params.get(key).cloned());
    let region = params.get("region").filter(|r| !r.is_empty()).cloned();
    let region = region.unwrap_or_else(|| state.ec2.default_region().to_owned());
    let regions = if region == ALL_REGIONS { state.ec2.regions() } else { vec![region] };
    let all = FindingsQuery { page: 1, ..query };
    let ec2 = |r: &str| state.ec2.region(r, Ec2Timing::default());
    let read = RegionsFindings::read(&state.snapshots, &regions, ec2, None).await;
    let mut findings: Vec<Finding> = read.matching(&all).map(|f| f.finding()).collect();
    if let Err(error) = with_rule_ids(&mut findings, ec2).await {
        tracing::warn!(error = %error, "reading the rules of the findings to download failed");
        return (StatusCode::BAD_GATEWAY, "EC2 did not answer for the findings' rules. Try again in a minute.")
            .into_response();
    }
    let failed: Vec<(String, String)> = read
        .failed
        .iter()
        .map(|(region, error)| {
            tracing::warn!(region, error = %error, "reading a region for the findings download failed");
            (region.clone(), error.failure.code())
        })
        .collect();
    let csv = params.get("format").map(String::as_str) == Some("csv");
    let body = if csv { findings_csv(&findings, &failed) } else { findings_json(&findings, &failed) };
    match body {
        Ok(body) => {
            let (kind, name) = if csv {
                ("text/csv; charset=utf-8", "attachment; filename=\"sg-console-findings.csv\"")
            } else {
                ("application/json", "attachment; filename=\"sg-console-findings.json\"")
            };
            ([(header::CONTENT_TYPE, kind), (header::CONTENT_DISPOSITION, name)], body).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "cannot write the findings file");
            (StatusCode::INTERNAL_SERVER_ERROR, "SG Console could not write the findings file.").into_response()
        }
    }
}

fn findings_json(findings: &[app::model::Finding], failed: &[(String, String)]) -> Result<String, String> {
    let failed: Vec<_> =
        failed.iter().map(|(region, code)| serde_json::json!({ "region": region, "code": code })).collect();
    serde_json::to_string_pretty(&serde_json::json!({ "findings": findings, "unreadable_regions": failed }))
        .map_err(|e| e.to_string())
}

/// A cell as text: one that starts as a spreadsheet formula would (a group name may) gets a
/// leading `'`, so that opening the file runs nothing.
fn plain_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}").into() } else { text.into() }
}

/// One row per finding: where it is, what it is, and the rule in EC2's own terms.
fn findings_csv(findings: &[app::model::Finding], failed: &[(String, String)]) -> Result<String, String> {
    use app::model::{Detail, Exposure};

    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "region",
        "severity",
        "check",
        "group_id",
        "group_name",
        "vpc_id",
        "in_use",
        "direction",
        "rule_id",
        "protocol",
        "from_port",
        "to_port",
        "peer",
        "detail",
    ];
    out.write_record(header).map_err(|e| e.to_string())?;
    for f in findings {
        let (direction, rule) = match &f.rule {
            Some((direction, rule)) => (direction.as_str(), Some(rule)),
            None => ("", None),
        };
        let detail = match &f.detail {
            Detail::None => String::new(),
            Detail::Exposure(Exposure::AllTraffic) => "all traffic".into(),
            Detail::Exposure(Exposure::AllPorts) => "all ports".into(),
            Detail::Exposure(Exposure::AdminPorts(ports) | Exposure::HighRiskPorts(ports)) => {
                format!("ports {}", ports.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))
            }
            Detail::CoveredBy(rule) => format!("covered by {}", rule.id.as_deref().unwrap_or_default()),
            Detail::Quota { direction, count, ipv6 } => {
                format!("{} {count} {} rules", direction.as_str(), if *ipv6 { "IPv6" } else { "IPv4" })
            }
        };
        let record = [
            f.region.as_str(),
            f.severity().as_str(),
            f.check.as_str(),
            &f.group_id,
            &f.group_name,
            &f.vpc_id,
            if f.in_use { "true" } else { "false" },
            direction,
            rule.and_then(|r| r.id.as_deref()).unwrap_or_default(),
            &rule.map(|r| r.protocol.wire()).unwrap_or_default(),
            &rule.map(|r| r.from_port.to_string()).unwrap_or_default(),
            &rule.map(|r| r.to_port.to_string()).unwrap_or_default(),
            rule.map(|r| r.peer.key()).unwrap_or_default(),
            &detail,
        ];
        out.write_record(record.iter().map(|cell| plain_cell(cell).into_owned())).map_err(|e| e.to_string())?;
    }
    for (region, code) in failed {
        let mut row = vec![region.as_str(), "", "region-unreadable"];
        row.extend(std::iter::repeat_n("", header.len() - 4));
        row.push(code);
        out.write_record(row).map_err(|e| e.to_string())?;
    }
    let bytes = out.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

#[derive(Deserialize)]
pub struct ReturnTo {
    next: Option<String>,
}

/// `GET /locale/{en|ja}?next=/path`: remembers the language in leptos_i18n's cookie and goes back.
/// A plain link, so switching language works without JavaScript.
pub async fn set_locale(Path(locale): Path<Locale>, Query(query): Query<ReturnTo>) -> Response {
    let next = query.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".into());
    let cookie = app::locale_cookie(locale.as_ref());
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
