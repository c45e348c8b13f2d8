//! Metrics for Prometheus: the requests counted here, the rest where they happen (EC2 calls in
//! the SDK's interceptor, snapshots, sign-ins, audit writes), all served at `/metrics` on
//! `--metrics-listen`, an address of its own.

use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

const REQUEST_SECONDS: &str = "sg_http_request_duration_seconds";

/// Installs the process's recorder: from then on what the console counts is kept (before, the
/// `metrics` macros do nothing). Once per process.
pub fn install() -> Result<PrometheusHandle, String> {
    const BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];
    PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), BUCKETS)
        .and_then(PrometheusBuilder::install_recorder)
        .map_err(|e| format!("cannot start the metrics: {e}"))
}

/// Serves `/metrics` on `listener` for as long as the process runs.
pub async fn serve(listener: tokio::net::TcpListener, handle: PrometheusHandle) -> std::io::Result<()> {
    // Histograms are kept in buckets that must be drained now and then.
    let upkeep = handle.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            upkeep.run_upkeep();
        }
    });
    let metrics = move || {
        let text = handle.render();
        async move { ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text) }
    };
    axum::serve(listener, Router::new().route("/metrics", get(metrics))).await
}

/// Counts each request by method, route and status, with its latency. The route is the pattern
/// it matched (`/security-groups/{region}/{id}`), so that ids make no new series.
pub async fn count_requests(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str).to_owned();
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!(REQUEST_SECONDS, "method" => method.clone(), "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("sg_http_requests_total", "method" => method, "route" => route, "status" => status).increment(1);
    response
}
