//! Server functions, one file per verb. Each is thin: find EC2 for the region, call it, log a
//! failure once with its fields, and answer model types.

pub mod console;
pub mod groups;

#[cfg(feature = "ssr")]
mod context {
    use http::StatusCode;
    use leptos::prelude::*;

    use crate::ec2::{Ec2Timing, RegionEc2};
    use crate::error::{AppError, Ec2ErrorKind};
    use crate::state::AppState;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| AppError::Transport("the server has no EC2 configured".into()))
    }

    /// EC2 for `region`, with its time counted for this request's `Server-Timing`.
    pub fn region_ec2(region: &str) -> Result<RegionEc2, AppError> {
        let timing = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Ec2Timing>().cloned())
            .unwrap_or_default();
        state()?.ec2.region(region, timing)
    }

    /// Logs a failure once, where it is handled, and gives the page the status that fits it.
    pub fn failed(error: AppError, region: &str, what: &str) -> AppError {
        let status = match &error {
            AppError::Ec2(e) => {
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
            AppError::UnknownRegion(_) => StatusCode::NOT_FOUND,
            AppError::Transport(message) => {
                tracing::error!(region, message, "{what} failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
        error
    }
}
