//! Server functions, one file per verb. Each is thin: find EC2 for the region (or the guard, for
//! a change), call it, log a failure once with its fields, and answer model types.

pub mod activity;
pub mod console;
pub mod findings;
pub mod groups;
pub mod instances;
pub mod launch_templates;
pub mod loaded;
pub mod rules;
pub mod tags;
pub mod users;

#[cfg(feature = "ssr")]
pub(crate) use context::{
    back_with_input, caller, failed, refused, region_ec2, region_or_default, region_snapshot, signed_in, state,
    with_status,
};

#[cfg(feature = "ssr")]
mod context {
    use http::StatusCode;
    use leptos::prelude::*;

    use std::sync::Arc;

    use crate::ec2::{Ec2Timing, RegionEc2};
    use crate::error::{AccountError, AppError, Ec2ErrorKind, Failure};
    use crate::guard::Caller;
    use crate::model::AsOf;
    use crate::snapshot::RegionSnapshot;
    use crate::state::AppState;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| Failure::Transport("the server has no EC2 configured".into()).into())
    }

    /// The signed-in person of this request, if any.
    pub fn signed_in() -> Option<Caller> {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<Caller>().cloned())
    }

    /// The signed-in person of this request, or 401. Every server function is behind the
    /// server's authentication layer, so this fails only if that layer is missing.
    pub fn caller() -> Result<Caller, AppError> {
        signed_in().ok_or_else(|| refused(Failure::SignedOut))
    }

    /// The region a page asked for, or the console's default region when it named none.
    pub fn region_or_default(region: Option<String>) -> Result<String, AppError> {
        match region.filter(|r| !r.is_empty()) {
            Some(region) => Ok(region),
            None => Ok(state()?.ec2.default_region().to_owned()),
        }
    }

    /// EC2 for `region`, with its time counted for this request's `Server-Timing`.
    pub fn region_ec2(region: &str) -> Result<RegionEc2, AppError> {
        let timing = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Ec2Timing>().cloned())
            .unwrap_or_default();
        state()?.ec2.region(region, timing)
    }

    /// `region`'s shared snapshot (one newer than `newer_than`, when given), and EC2 there for
    /// what the snapshot reads when first needed.
    pub async fn region_snapshot(
        region: &str,
        newer_than: Option<AsOf>,
    ) -> Result<(Arc<RegionSnapshot>, RegionEc2), AppError> {
        let ec2 = region_ec2(region)?;
        let snapshot = state()?.snapshots.region(&ec2, region, newer_than).await?;
        Ok((snapshot, ec2))
    }

    /// Logs a failure once, where it is handled, gives the page the status that fits it, and
    /// tags the error with this request's id, which the page shows and the log line carries.
    pub fn failed(error: AppError, region: &str, what: &str) -> AppError {
        match &error.failure {
            Failure::Ec2(e) => {
                tracing::warn!(
                    region,
                    code = e.code,
                    ec2_request_id = e.request_id,
                    message = e.message,
                    "{what} failed"
                )
            }
            Failure::UnknownRegion(_) => {
                tracing::info!(region, "{what} failed: the region is not enabled in this console")
            }
            Failure::Transport(message) => tracing::error!(region, message, "{what} failed"),
            other => tracing::warn!(region, error = %other, "{what} failed"),
        }
        with_status(error)
    }

    /// A request refused or failed for a reason of the console's own (who is asking, the audit
    /// log, the accounts), with its status and request id. Logged by the caller where it matters.
    pub fn refused(failure: Failure) -> AppError {
        with_status(failure.into())
    }

    /// Whether this is a plain form post to a server function (no JavaScript): Leptos answers it
    /// with a redirect back to the form's page, with the error in the URL.
    fn plain_form_post() -> bool {
        use_context::<http::request::Parts>().is_some_and(|parts| {
            parts.uri.path().starts_with("/api/")
                && parts
                    .headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|accept| accept.contains("text/html"))
        })
    }

    /// After a plain form post to the server function at `path` failed: back to the form's page
    /// with the error, as Leptos does, and with `fields`, what the person typed (never a
    /// password), so that the page shows the form again as it was sent.
    pub fn back_with_input(path: &str, error: &AppError, fields: &[(impl AsRef<str>, impl AsRef<str>)]) {
        use leptos::server_fn::error::ServerFnUrlError;

        let referer = use_context::<http::request::Parts>()
            .and_then(|parts| parts.headers.get(http::header::REFERER)?.to_str().ok().map(str::to_owned));
        let Some(referer) = referer.filter(|_| plain_form_post()) else {
            return;
        };
        let page = referer.split(['?', '#']).next().unwrap_or_default();
        if let Ok(mut url) = ServerFnUrlError::new(path, error.clone()).to_url(page) {
            for (name, value) in fields {
                url.query_pairs_mut().append_pair(name.as_ref(), value.as_ref());
            }
            leptos_axum::redirect(url.as_str());
        }
    }

    /// `error` with the HTTP status that fits it and this request's id.
    pub fn with_status(error: AppError) -> AppError {
        let status = match &error.failure {
            // What EC2 refused because of what was asked is the asker's to fix (4xx, as EC2's
            // own 400); what went wrong between the console and EC2 is a gateway's (5xx).
            Failure::Ec2(e) => match e.kind {
                Ec2ErrorKind::GroupNotFound
                | Ec2ErrorKind::GroupIdMalformed
                | Ec2ErrorKind::RuleNotFound
                | Ec2ErrorKind::VpcNotFound
                | Ec2ErrorKind::InstanceNotFound
                | Ec2ErrorKind::PrefixListNotFound => StatusCode::NOT_FOUND,
                Ec2ErrorKind::GroupDuplicate
                | Ec2ErrorKind::RuleDuplicate
                | Ec2ErrorKind::GroupInUse
                | Ec2ErrorKind::DefaultGroup
                | Ec2ErrorKind::InstanceState => StatusCode::CONFLICT,
                Ec2ErrorKind::InvalidValue
                | Ec2ErrorKind::MissingValue
                | Ec2ErrorKind::RuleLimit
                | Ec2ErrorKind::GroupsPerInterface => StatusCode::UNPROCESSABLE_ENTITY,
                Ec2ErrorKind::Throttled | Ec2ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                Ec2ErrorKind::Timeout => StatusCode::GATEWAY_TIMEOUT,
                Ec2ErrorKind::NotAllowed
                | Ec2ErrorKind::RegionDisabled
                | Ec2ErrorKind::Credentials
                | Ec2ErrorKind::DryRun
                | Ec2ErrorKind::Unreachable
                | Ec2ErrorKind::Other => StatusCode::BAD_GATEWAY,
            },
            Failure::UnknownRegion(_) => StatusCode::NOT_FOUND,
            Failure::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Failure::BadRequest(_) => StatusCode::BAD_REQUEST,
            Failure::SignedOut => StatusCode::UNAUTHORIZED,
            Failure::Forbidden { .. } | Failure::CrossOrigin => StatusCode::FORBIDDEN,
            Failure::AuditUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Account(AccountError::UnknownUser(_)) => StatusCode::NOT_FOUND,
            Failure::Account(AccountError::NameTaken(_) | AccountError::LastAdmin) => StatusCode::CONFLICT,
            Failure::Account(AccountError::Invalid(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            Failure::Account(AccountError::Database(_)) => StatusCode::INTERNAL_SERVER_ERROR,
            Failure::FormProblems(_)
            | Failure::NothingToSave
            | Failure::NotConfirmed
            | Failure::GroupSet(_)
            | Failure::GroupsOnInterfaces => StatusCode::UNPROCESSABLE_ENTITY,
            Failure::InstanceNotChangeable(_) => StatusCode::CONFLICT,
            Failure::RulesChanged(_) | Failure::RulesGone(_) | Failure::TagsChanged(_) => StatusCode::CONFLICT,
            Failure::PartlyApplied(_) | Failure::NotCreated(_) | Failure::NotMadeDefault { .. } => {
                StatusCode::BAD_GATEWAY
            }
        };
        // A plain form post is answered with a redirect back to its page, which carries the
        // error; a status set here would replace that redirect.
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            && !plain_form_post()
        {
            response.set_status(status);
        }
        let request_id = use_context::<http::request::Parts>()
            .and_then(|parts| parts.headers.get("x-request-id")?.to_str().ok().map(str::to_owned));
        AppError { request_id, ..error }
    }
}
