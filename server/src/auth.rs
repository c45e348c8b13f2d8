//! Who is asking: the authentication layer in front of every route, and signing in and out.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use app::guard::Caller;
use app::model::{Action, Outcome, Role, User, encode_query_value};
use app::store::{AuditLog, Database, Intent, SignInLimits};
use axum::extract::{ConnectInfo, Form, Request};
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Json};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::http::is_local_path;

/// How requests are authenticated; shared by the layer and the sign-in handlers.
#[derive(Clone, Debug)]
pub struct Auth {
    pub db: Database,
    pub limits: SignInLimits,
    pub absolute_timeout: Duration,
    /// The header an authenticating proxy names the user in, and the proxies believed.
    pub trusted_header: Option<HeaderName>,
    pub trusted_proxies: Vec<IpNet>,
    pub header_role: Role,
}

/// Kept in the session: the account, and when it signed in (for the absolute timeout).
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct SessionUser {
    account: i64,
    signed_in_at: i64,
}

const SESSION_USER: &str = "user";

/// Paths anyone may fetch: the sign-in page and its form, the app's assets, the health check,
/// and the language switch (so the sign-in page can change language).
fn is_public(path: &str) -> bool {
    matches!(path, "/signin" | "/healthz" | "/readyz") || path.starts_with("/pkg/") || path.starts_with("/locale/")
}

/// The client's address: the peer's, or, when the peer is a trusted proxy, the last address of
/// its `X-Forwarded-For` (the one the proxy itself saw; earlier ones the client could have made up).
pub fn client_address(trusted: &[IpNet], peer: IpAddr, headers: &HeaderMap) -> String {
    let forwarded = || {
        let list = headers.get("x-forwarded-for")?.to_str().ok()?;
        list.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
    };
    if trusted.iter().any(|net| net.contains(&peer)) { forwarded().unwrap_or(peer) } else { peer }.to_string()
}

impl Auth {
    fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> String {
        client_address(&self.trusted_proxies, peer, headers)
    }

    fn is_trusted(&self, peer: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&peer))
    }

    /// The person named by a trusted proxy's header, if the request came through one.
    async fn header_user(&self, peer: IpAddr, headers: &HeaderMap) -> Result<Option<User>, Response> {
        let Some(name) = self.trusted_header.as_ref().and_then(|h| headers.get(h)).and_then(|v| v.to_str().ok()) else {
            return Ok(None);
        };
        if !self.is_trusted(peer) {
            tracing::warn!(%peer, user = name, "ignored the user header of a request from an untrusted address");
            return Ok(None);
        }
        match self.db.accounts().by_name(name).await {
            Ok(Some(account)) if account.disabled => {
                Err((StatusCode::FORBIDDEN, "This account is disabled. Ask an admin of SG Console.").into_response())
            }
            Ok(Some(account)) => Ok(Some(User { name: account.name, role: account.role })),
            Ok(None) => Ok(Some(User { name: name.to_owned(), role: self.header_role })),
            Err(error) => Err(database_failure(error)),
        }
    }

    /// The person the session signed in, if the session is still valid and the account active
    /// with the role it has now (so a change of role, a disabled account or a new password counts
    /// at once). A
    /// database that cannot be read is an error, not a reason to end the session.
    async fn session_user(&self, session: &Session) -> Result<Option<User>, Response> {
        let stored = session.get::<SessionUser>(SESSION_USER).await.map_err(|error| {
            tracing::error!(%error, "cannot read a session");
            (StatusCode::SERVICE_UNAVAILABLE, "SG Console cannot read its database. Try again in a minute.")
                .into_response()
        })?;
        let Some(signed_in) = stored else {
            return Ok(None);
        };
        let max_age = i64::try_from(self.absolute_timeout.as_millis()).unwrap_or(i64::MAX);
        let account = if app::store::now_ms().saturating_sub(signed_in.signed_in_at) > max_age {
            None
        } else {
            let account = self.db.accounts().by_id(signed_in.account).await.map_err(database_failure)?;
            account.filter(|a| !a.disabled && a.password_changed_at <= signed_in.signed_in_at)
        };
        match account {
            Some(account) => Ok(Some(User { name: account.name, role: account.role })),
            None => {
                // Ended: expired, disabled or deleted. It is gone from the store too.
                let _ = session.flush().await;
                Ok(None)
            }
        }
    }
}

/// The authentication layer: puts the [`Caller`] in the request's extensions, or answers a
/// signed-out request for anything but a public path: 401 for a server function, otherwise a
/// redirect to the sign-in page that comes back here.
pub async fn authenticate(
    Extension(auth): Extension<Auth>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = peer.ip();
    let address = auth.client_address(peer, request.headers());
    let user = match auth.header_user(peer, request.headers()).await {
        Ok(Some(user)) => Some(user),
        Ok(None) => match auth.session_user(&session).await {
            Ok(user) => user,
            Err(failure) => return failure,
        },
        Err(refused) => return refused,
    };
    let path = request.uri().path();
    match user {
        Some(user) => {
            request.extensions_mut().insert(Caller { user, address });
        }
        None if is_public(path) => {}
        None if path.starts_with("/api/") => {
            let body = app::error::AppError::from(app::error::Failure::SignedOut);
            return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
        }
        None => {
            let here = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            return Redirect::to(&format!("/signin?next={}", encode_query_value(here))).into_response();
        }
    }
    next.run(request).await
}

#[derive(Deserialize)]
pub struct SignInForm {
    name: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /signin`: a plain form, so it works without JavaScript. Every failure answers the same
/// "wrong user name or password", whatever was wrong; too many failures answer how long to wait
/// (logged with the address; the audit log keeps the failures that were tried, not each refusal).
pub async fn sign_in(
    Extension(auth): Extension<Auth>,
    session: Session,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let address = auth.client_address(peer.ip(), &headers);
    let name = form.name.trim();
    let next = if is_local_path(&form.next) { form.next.clone() } else { "/".into() };
    let back = |error: &str, extra: String| {
        let url = format!(
            "/signin?error={error}{extra}&name={}&next={}",
            encode_query_value(name),
            encode_query_value(&next)
        );
        Redirect::to(&url).into_response()
    };
    let audit = auth.db.audit();
    // Names are at most 64 characters: a longer one cannot be an account, and is not worth a row.
    if name.chars().count() > 64 {
        return back("invalid", String::new());
    }
    match auth.limits.attempt(name, &address).await {
        Ok(Some(locked)) => {
            metrics::counter!("sg_sign_in_lockouts_total").increment(1);
            tracing::warn!(
                user = name,
                address,
                by_address = locked.by_address,
                "sign-in refused: too many failed sign-ins"
            );
            let minutes = locked.retry_after.as_secs().div_ceil(60);
            return back("locked", format!("&wait={minutes}"));
        }
        Ok(None) => {}
        Err(error) => return database_failure(error),
    }
    let account = match auth.db.accounts().verify(name, &form.password).await {
        Ok(account) => account,
        Err(error) => return database_failure(error),
    };
    let Some(account) = account else {
        metrics::counter!("sg_sign_in_failures_total").increment(1);
        // The attempt stays counted.
        let wrong =
            Outcome::Failure { code: "InvalidCredentials".into(), message: "wrong user name or password".into() };
        record(&audit, event(name, None, &address, Action::SignInFailed), &wrong).await;
        return back("invalid", String::new());
    };
    // A new id at sign-in, so that an id planted before it (session fixation) is worth nothing.
    let signed_in = SessionUser { account: account.id, signed_in_at: app::store::now_ms() };
    if let Err(error) = session.cycle_id().await {
        tracing::error!(%error, "cannot start a session");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    if let Err(error) = session.insert(SESSION_USER, signed_in).await {
        tracing::error!(%error, "cannot start a session");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    if let Err(error) = auth.limits.clear_account(&account.name).await {
        tracing::error!(%error, "cannot clear the failed sign-ins of an account");
    }
    record(&audit, event(&account.name, Some(account.role), &address, Action::SignIn), &Outcome::Success).await;
    tracing::info!(user = account.name, address, "signed in");
    Redirect::to(&next).into_response()
}

/// `POST /signout`: ends the session on the server (its row is deleted), then the sign-in page.
pub async fn sign_out(
    Extension(auth): Extension<Auth>,
    session: Session,
    caller: Option<Extension<Caller>>,
) -> Response {
    if let Some(Extension(caller)) = caller {
        let intent = event(&caller.user.name, Some(caller.user.role), &caller.address, Action::SignOut);
        record(&auth.db.audit(), intent, &Outcome::Success).await;
    }
    if let Err(error) = session.flush().await {
        tracing::error!(%error, "cannot end a session");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    Redirect::to("/signin").into_response()
}

fn event(user: &str, role: Option<Role>, address: &str, action: Action) -> Intent {
    Intent {
        user: user.to_owned(),
        role,
        address: address.to_owned(),
        action,
        region: None,
        targets: Vec::new(),
        change: serde_json::Value::Null,
    }
}

/// Records a sign-in event; a failure to do so is logged and does not stop the sign-in.
async fn record(audit: &AuditLog, intent: Intent, outcome: &Outcome) {
    if let Err(error) = audit.event(&intent, outcome).await {
        tracing::error!(%error, action = intent.action.as_str(), "the audit log could not record an event");
    }
}

fn database_failure(error: app::error::AccountError) -> Response {
    tracing::error!(%error, "the console's database failed");
    (StatusCode::SERVICE_UNAVAILABLE, "SG Console cannot read its database. Try again in a minute.").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_paths() {
        assert!(is_public("/signin"));
        assert!(is_public("/pkg/sg-console.wasm"));
        assert!(!is_public("/security-groups"));
        assert!(!is_public("/api/add_user"));
        assert!(!is_public("/signin/x"));
    }

    #[test]
    fn forwarded_addresses_only_from_trusted_proxies() {
        let proxies: Vec<IpNet> = vec!["10.1.0.0/16".parse().expect("a CIDR")];
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "203.0.113.9, 192.0.2.7".parse().expect("a value"));
        let proxy = "10.1.2.3".parse().expect("an address");
        let stranger = "198.51.100.1".parse().expect("an address");
        assert_eq!(client_address(&proxies, proxy, &headers), "192.0.2.7");
        assert_eq!(client_address(&proxies, stranger, &headers), "198.51.100.1");
        assert_eq!(client_address(&proxies, proxy, &HeaderMap::new()), "10.1.2.3");
    }
}
