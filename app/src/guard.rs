//! (ssr) The one road every change travels. A server function that changes EC2 or the accounts
//! asks the [`Guard`] for it; the guard (1) takes the person from the request, (2) checks that
//! the request came from the console's own pages, (3) checks the role the action needs, (4)
//! writes the audit entry's intent, and only then hands the work a [`Writer`], the only value
//! whose methods change anything. When the work ends, the guard writes its outcome.
//!
//! A reviewer finds every change by searching for `.change(`; `server/tests/console.rs` calls every
//! registered server function that is not read-only signed out, as a viewer and cross-origin.

use std::sync::Arc;

use http::HeaderMap;
use leptos::prelude::*;

use crate::ec2::{Ec2, Ec2Timing, Ec2Writer, RequestIds};
use crate::error::{AppError, Failure};
use crate::model::{Action, Outcome, Role, User};
use crate::snapshot::Snapshots;
use crate::store::{Accounts, AccountsWriter, Database, Intent};

/// Who a request acts for, and from where: put in the request's extensions by the server's
/// authentication layer, for every signed-in request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub user: User,
    /// The client's address (the proxy's `X-Forwarded-For` only when the proxy is trusted).
    pub address: String,
}

/// Where the console is served from, for the check that a change came from its own pages.
#[derive(Clone, Debug, Default)]
pub struct PublicOrigin(pub Option<String>);

impl PublicOrigin {
    /// Whether a state-changing request with these headers came from the console's own pages:
    /// its `Origin` (or, without one, its `Referer`) is the console's origin, which is
    /// `--public-url`'s, or else the request's own `Host` (for loopback use). A request with
    /// neither header is refused: browsers send `Origin` with every POST.
    pub fn allows(&self, headers: &HeaderMap) -> bool {
        let header = |name: http::header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
        let Some(source) = header(http::header::ORIGIN).or_else(|| header(http::header::REFERER)) else {
            return false;
        };
        let Some((scheme, rest)) = source.split_once("://") else {
            return false;
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        match &self.0 {
            Some(public) => public.trim_end_matches('/').eq_ignore_ascii_case(&format!("{scheme}://{authority}")),
            None => header(http::header::HOST).is_some_and(|host| host.eq_ignore_ascii_case(authority)),
        }
    }
}

/// The checked right to make one change.
pub struct Guard {
    db: Database,
    /// EC2, for a change made from a page (the command line changes only accounts).
    ec2: Option<Arc<Ec2>>,
    /// The regions' snapshots, which a change to EC2 makes out of date.
    snapshots: Option<Arc<Snapshots>>,
    caller: Caller,
}

impl Guard {
    /// The guard for the current server-function call: 401 when no one is signed in, 403 when
    /// the request came from another site.
    pub fn for_request() -> Result<Guard, AppError> {
        let caller = crate::api::caller()?;
        let state = crate::api::state()?;
        let same_origin = use_context::<http::request::Parts>().is_some_and(|p| state.public_origin.allows(&p.headers));
        if !same_origin {
            return Err(crate::api::refused(Failure::CrossOrigin));
        }
        Ok(Guard {
            db: state.db.clone(),
            ec2: Some(state.ec2.clone()),
            snapshots: Some(state.snapshots.clone()),
            caller,
        })
    }

    /// The guard for `sg-console user ...` and the first start: whoever can write the data
    /// directory administers the console, and is recorded as `user` from `address`.
    pub fn local(db: Database, user: &str, address: &str) -> Guard {
        let caller = Caller { user: User { name: user.to_owned(), role: Role::Admin }, address: address.to_owned() };
        Guard { db, ec2: None, snapshots: None, caller }
    }

    /// The accounts as they are, to record what a change replaces.
    pub fn accounts(&self) -> Accounts {
        self.db.accounts()
    }

    /// Who is asking.
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// Refuses, and records the attempt, when the caller's role does not allow `action`: for a
    /// change that reads EC2 before it knows what it will change, so that a refusal comes first.
    pub async fn check(&self, action: Action) -> Result<(), AppError> {
        if self.allows(action) {
            return Ok(());
        }
        let intent = self.intent(action, None, Vec::new(), serde_json::Value::Null);
        Err(self.refuse(&intent).await)
    }

    /// Whether the caller's role allows `action` (never an event such as signing in).
    fn allows(&self, action: Action) -> bool {
        action.needs().is_some_and(|needs| self.caller.user.role.allows(needs))
    }

    fn intent(
        &self,
        action: Action,
        region: Option<String>,
        targets: Vec<String>,
        change: serde_json::Value,
    ) -> Intent {
        Intent {
            user: self.caller.user.name.clone(),
            role: Some(self.caller.user.role),
            address: self.caller.address.clone(),
            action,
            region,
            targets,
            change,
        }
    }

    /// Records a refused attempt (who tried what they may not do is worth knowing) and answers 403.
    async fn refuse(&self, intent: &Intent) -> AppError {
        let needs = intent.action.needs().unwrap_or(Role::Admin);
        let refused = Outcome::Failure { code: "AccessDenied".into(), message: format!("needs the {needs} role") };
        if let Err(error) = self.db.audit().event(intent, &refused).await {
            tracing::error!(%error, "the audit log could not record a refused change");
        }
        crate::api::refused(Failure::Forbidden { needs })
    }

    /// Runs `work` as `action` on `targets` (in `region`, for EC2), recording `change` (before
    /// and after) in the audit log: refused without the role the action needs, not started if
    /// the intent cannot be written, and its outcome (with EC2's request ids) written when it ends.
    pub async fn change<T>(
        self,
        action: Action,
        region: Option<String>,
        targets: Vec<String>,
        change: serde_json::Value,
        work: impl AsyncFnOnce(&Writer) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let audit = self.db.audit();
        let intent = self.intent(action, region, targets, change);
        // Signing in and out are events, not changes: they never get a Writer.
        if !self.allows(action) {
            return Err(self.refuse(&intent).await);
        }
        let id = audit.intent(&intent).await.map_err(|error| {
            tracing::error!(%error, action = action.as_str(), "the audit log could not be written: nothing was changed");
            crate::api::refused(Failure::AuditUnavailable(error.to_string()))
        })?;
        let writer = Writer { db: self.db.clone(), ec2: self.ec2.clone(), request_ids: RequestIds::default() };
        let result = work(&writer).await;
        // Whatever the outcome (a failed change of several calls may have made some), the
        // region's pages read EC2 again, so that the person sees what their change did, on
        // this replica and (told through the database) on the others.
        if let (Some(snapshots), Some(region)) = (&self.snapshots, &intent.region) {
            snapshots.forget(region);
            self.db.announce_change(region).await;
        }
        let outcome = match &result {
            Ok(_) => Outcome::Success,
            Err(error) => {
                // EC2's own message, or the whole story of a change of several calls.
                let message = match &error.failure {
                    Failure::Ec2(e) => e.message.clone(),
                    other => other.to_string(),
                };
                Outcome::Failure { code: error.failure.code(), message }
            }
        };
        if let Err(error) = audit.outcome(id, &outcome, &writer.request_ids.taken()).await {
            // The change was made; only its outcome is missing, and the entry shows as unknown.
            tracing::error!(%error, entry = id, "the audit log could not record a change's outcome");
        }
        result.map_err(|error| {
            tracing::warn!(action = action.as_str(), entry = id, %error, "a change failed");
            crate::api::with_status(error)
        })
    }
}

/// What a change may use: handed out only by [`Guard::change`].
pub struct Writer {
    db: Database,
    ec2: Option<Arc<Ec2>>,
    request_ids: RequestIds,
}

impl Writer {
    pub fn accounts(&self) -> AccountsWriter {
        AccountsWriter::new(self, self.db.pool().clone())
    }

    /// EC2's write side in `region`, its calls counted in this request's `Server-Timing` and
    /// their request ids kept for the audit entry.
    pub fn ec2(&self, region: &str) -> Result<Ec2Writer, AppError> {
        let ec2 = self.ec2.as_ref().ok_or_else(|| Failure::Transport("no EC2 is configured here".into()))?;
        let timing = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Ec2Timing>().cloned())
            .unwrap_or_default();
        Ec2Writer::new(self, ec2, region, timing, self.request_ids.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("a header value"));
        }
        map
    }

    #[test]
    fn same_origin_by_host() {
        let origin = PublicOrigin(None);
        assert!(origin.allows(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        assert!(origin.allows(&headers(&[("host", "127.0.0.1:3000"), ("referer", "http://127.0.0.1:3000/users?x=1")])));
        assert!(!origin.allows(&headers(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")])));
        assert!(!origin.allows(&headers(&[("host", "127.0.0.1:3000"), ("origin", "null")])));
        assert!(!origin.allows(&headers(&[("host", "127.0.0.1:3000")])));
        // Origin wins over Referer.
        assert!(!origin.allows(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://evil.example"),
            ("referer", "http://127.0.0.1:3000/"),
        ])));
    }

    #[test]
    fn same_origin_by_public_url() {
        let origin = PublicOrigin(Some("https://sg.example.com/".into()));
        assert!(origin.allows(&headers(&[("host", "10.0.0.5:3000"), ("origin", "https://sg.example.com")])));
        assert!(!origin.allows(&headers(&[("host", "sg.example.com"), ("origin", "http://sg.example.com")])));
    }
}
