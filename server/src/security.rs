//! Refusing changes from other sites, and the security headers of every response.

use app::guard::PublicOrigin;
use axum::Extension;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// CSRF: a request that may change something (anything but GET, HEAD and OPTIONS: forms,
/// server functions, sign-in and sign-out) must come from the console's own pages, as its
/// `Origin` (or `Referer`) says; otherwise 403. Pages are GET and change nothing.
pub async fn same_origin(Extension(origin): Extension<PublicOrigin>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !origin.allows(request.headers()) {
        let from = request.headers().get("origin").and_then(|v| v.to_str().ok()).unwrap_or("(none)");
        tracing::warn!(origin = from, path = request.uri().path(), "refused a request from another site");
        return (StatusCode::FORBIDDEN, "Refused: this request did not come from SG Console's own pages.")
            .into_response();
    }
    next.run(request).await
}

/// The policy of every response that is not a page (assets, server functions, redirects):
/// nothing runs. Pages set their own, with their nonce (`app::shell`).
pub const DEFAULT_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";
