//! Refusing changes from other sites, and the security headers of every response.

use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// CSRF: a request that may change something (anything but GET, HEAD and OPTIONS: forms,
/// server functions, sign-in and sign-out) must come from the console's own pages, as its
/// `Origin` (or `Referer`) says; otherwise 403. Pages are GET and change nothing.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !state.public_origin.allows(request.headers()) {
        let from = request.headers().get("origin").and_then(|v| v.to_str().ok()).unwrap_or("(none)");
        tracing::warn!(origin = from, path = request.uri().path(), "refused a request from another site");
        return (StatusCode::FORBIDDEN, "Refused: this request did not come from SG Console's own pages.")
            .into_response();
    }
    next.run(request).await
}

/// A request's CSP nonce: its page's scripts carry it (Leptos reads it from context, see
/// [`provide_nonce`]) and the response's policy names it.
#[derive(Clone, Debug)]
struct CspNonce(String);

/// The Content-Security-Policy of every response. A page may run only the scripts that carry
/// this request's nonce (Leptos's hydration and resource scripts) or come from the console's own
/// `/pkg`, compile WASM from there, and load styles only from there; nothing may frame it.
/// Everything else (assets, server functions, redirects) runs nothing.
pub async fn content_security_policy(mut request: Request, next: Next) -> Response {
    let nonce = format!("{:032x}", rand::random::<u128>());
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let policy = if is_page {
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
             frame-ancestors 'none'"
        )
    } else {
        "default-src 'none'; frame-ancestors 'none'".to_owned()
    };
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// Gives the page being rendered its request's nonce, in place of the one Leptos would make up:
/// the header is then set here, in one place, whatever the page does.
pub fn provide_nonce() {
    let nonce = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(nonce)) = nonce {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}
