//! Server functions, one file per verb. Each is thin: find EC2 for the region, call it, log a
//! failure once with its fields, and answer model types.

pub mod console;
pub mod groups;

#[cfg(feature = "ssr")]
mod context {
    use http::StatusCode;
    use leptos::prelude::*;

    use crate::ec2::{Ec2Timing, RegionEc2};
    use crate::error::{AppError, Ec2ErrorKind, Failure};
    use crate::state::AppState;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| Failure::Transport("the server has no EC2 configured".into()).into())
    }

    /// EC2 for `region`, with its time counted for this request's `Server-Timing`.
    pub fn region_ec2(region: &str) -> Result<RegionEc2, AppError> {
        let timing = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Ec2Timing>().cloned())
            .unwrap_or_default();
        state()?.ec2.region(region, timing)
    }

    /// Logs a failure once, where it is handled, gives the page the status that fits it, and
    /// tags the error with this request's id, which the page shows and the log line carries.
    pub fn failed(error: AppError, region: &str, what: &str) -> AppError {
        let status = match &error.failure {
            Failure::Ec2(e) => {
                tracing::warn!(
                    region,
                    code = e.code,
                    ec2_request_id = e.request_id,
                    message = e.message,
                    "{what} failed"
                );
                match e.kind {
                    Ec2ErrorKind::GroupNotFound | Ec2ErrorKind::GroupIdMalformed => StatusCode::NOT_FOUND,
                    Ec2ErrorKind::Throttled | Ec2ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                    Ec2ErrorKind::Timeout => StatusCode::GATEWAY_TIMEOUT,
                    _ => StatusCode::BAD_GATEWAY,
                }
            }
            Failure::UnknownRegion(_) => {
                tracing::info!(region, "{what} failed: the region is not enabled in this console");
                StatusCode::NOT_FOUND
            }
            Failure::Transport(message) => {
                tracing::error!(region, message, "{what} failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
        let request_id = use_context::<http::request::Parts>()
            .and_then(|parts| parts.headers.get("x-request-id")?.to_str().ok().map(str::to_owned));
        AppError { request_id, ..error }
    }
}
