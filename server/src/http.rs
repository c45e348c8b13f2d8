//! Routes and middleware of the server's own (not Leptos) HTTP surface.

use std::collections::HashMap;
use std::time::Instant;

use app::ec2::Ec2Timing;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use futures::StreamExt;
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
///
/// The rules' ids are read before the answer starts, so that EC2 failing is a 502, not a cut
/// file. The file is then written as its findings are spelled out, one by one: at 2,500 groups
/// x 120 rules that is 147,000 findings and 125 MB of JSON, which the console never holds.
pub async fn download_findings(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    use app::api::findings::ALL_REGIONS;
    use app::model::FindingsQuery;
    use app::snapshot::RegionsFindings;

    let query = FindingsQuery::from_params(|key| params.get(key).cloned());
    let region = params.get("region").filter(|r| !r.is_empty()).cloned();
    let region = region.unwrap_or_else(|| state.ec2.default_region().to_owned());
    let regions = if region == ALL_REGIONS { state.ec2.regions() } else { vec![region] };
    let all = FindingsQuery { page: 1, ..query };
    let ec2 = |r: &str| state.ec2.region(r, Ec2Timing::default());
    let read = RegionsFindings::read(&state.snapshots, &regions, ec2, None).await;
    let ids = match read.rule_ids(&all, ec2).await {
        Ok(ids) => ids,
        Err(error) => {
            tracing::warn!(error = %error, "reading the rules of the findings to download failed");
            return (StatusCode::BAD_GATEWAY, "EC2 did not answer for the findings' rules. Try again in a minute.")
                .into_response();
        }
    };
    let failed: Vec<UnreadableRegion> = read
        .failed
        .iter()
        .map(|(region, error)| {
            tracing::warn!(region, error = %error, "reading a region for the findings download failed");
            UnreadableRegion { region: region.clone(), code: error.failure.code() }
        })
        .collect();
    let csv = params.get("format").map(String::as_str) == Some("csv");
    let body = streamed(move |out| {
        let findings = read.matching(&all).map(|listed| {
            let mut finding = listed.finding();
            ids.fill(&mut finding);
            finding
        });
        if csv { findings_csv(out, findings, &failed) } else { findings_json(out, findings, failed) }
    });
    let (kind, name) = if csv {
        ("text/csv; charset=utf-8", "attachment; filename=\"sg-console-findings.csv\"")
    } else {
        ("application/json", "attachment; filename=\"sg-console-findings.json\"")
    };
    ([(header::CONTENT_TYPE, kind), (header::CONTENT_DISPOSITION, name)], body).into_response()
}

/// A response body that `write` makes on a blocking thread, sent in pieces of 64 KB as they fill.
/// If `write` fails, the body ends in an error, so that the client sees a failed download rather
/// than a file cut short; if the client goes away, `write` is told so and stops.
fn streamed(write: impl FnOnce(&mut BodyWriter) -> std::io::Result<()> + Send + 'static) -> Body {
    let (sender, receiver) = tokio::sync::mpsc::channel(4);
    tokio::task::spawn_blocking(move || {
        let mut out = BodyWriter { piece: Vec::with_capacity(BodyWriter::PIECE), sender };
        match write(&mut out).and_then(|()| out.send()) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {}
            Err(error) => {
                tracing::error!(%error, "cannot write the file to download");
                let _ = out.sender.blocking_send(Err(error));
            }
        }
    });
    // Fused: a layer (compression) may ask again after the end, which a bare `unfold` refuses.
    Body::from_stream(
        futures::stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|piece| (piece, receiver))
        })
        .fuse(),
    )
}

/// Where [`streamed`]'s `write` writes.
struct BodyWriter {
    piece: Vec<u8>,
    sender: tokio::sync::mpsc::Sender<std::io::Result<Bytes>>,
}

impl BodyWriter {
    const PIECE: usize = 64 * 1024;

    /// Sends what has been written since the last piece.
    fn send(&mut self) -> std::io::Result<()> {
        if self.piece.is_empty() {
            return Ok(());
        }
        let piece = std::mem::replace(&mut self.piece, Vec::with_capacity(Self::PIECE));
        self.sender
            .blocking_send(Ok(piece.into()))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl std::io::Write for BodyWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.piece.extend_from_slice(bytes);
        if self.piece.len() >= Self::PIECE {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A region whose findings could not be read, and EC2's error code.
#[derive(serde::Serialize)]
struct UnreadableRegion {
    region: String,
    code: String,
}

/// The findings file as JSON: `findings`, then `unreadable_regions`.
fn findings_json(
    out: &mut BodyWriter,
    findings: impl Iterator<Item = app::model::Finding>,
    unreadable_regions: Vec<UnreadableRegion>,
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct File<F> {
        findings: F,
        unreadable_regions: Vec<UnreadableRegion>,
    }
    let file = File { findings: Walked(std::cell::Cell::new(Some(findings))), unreadable_regions };
    serde_json::to_writer_pretty(out, &file).map_err(std::io::Error::from)
}

/// A sequence serialized as it is walked, its items made one by one and never held together.
struct Walked<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: serde::Serialize> serde::Serialize for Walked<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.take().into_iter().flatten())
    }
}

/// A cell as text: one that starts as a spreadsheet formula would (a group name may) gets a
/// leading `'`, so that opening the file runs nothing.
fn plain_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}").into() } else { text.into() }
}

/// One row per finding: where it is, what it is, and the rule in EC2's own terms.
fn findings_csv(
    out: &mut BodyWriter,
    findings: impl Iterator<Item = app::model::Finding>,
    failed: &[UnreadableRegion],
) -> std::io::Result<()> {
    use app::model::{Detail, Exposure};

    let mut out = csv::Writer::from_writer(out);
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
    out.write_record(header)?;
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
        out.write_record(record.iter().map(|cell| plain_cell(cell).into_owned()))?;
    }
    for UnreadableRegion { region, code } in failed {
        let mut row = vec![region.as_str(), "", "region-unreadable"];
        row.extend(std::iter::repeat_n("", header.len() - 4));
        row.push(code);
        out.write_record(row)?;
    }
    out.flush()
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
    use std::io::Write;

    use http_body_util::BodyExt;

    use super::{is_local_path, streamed};

    #[tokio::test]
    async fn a_streamed_body_arrives_whole_or_fails() {
        // Several pieces' worth, written a line at a time.
        let text: String = (0..50_000).map(|n| format!("{n}\n")).collect();
        let lines = text.clone();
        let mut body = streamed(move |out| lines.lines().try_for_each(|line| writeln!(out, "{line}")));
        let mut received = Vec::new();
        while let Some(frame) = body.frame().await {
            received.extend_from_slice(frame.expect("a piece").data_ref().expect("data"));
        }
        assert_eq!(received, text.as_bytes());
        // Asked again after the end, as the compression layer does: still the end.
        assert!(body.frame().await.is_none());

        let failing = streamed(|out| {
            out.write_all(&[b'x'; 100_000])?;
            Err(std::io::Error::other("the walk failed"))
        });
        assert!(failing.collect().await.is_err(), "a failed write is a failed body, not a file cut short");
    }

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
