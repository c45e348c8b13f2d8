//! The document shell and the router.

use leptos::prelude::*;
use leptos_i18n::context::CookieOptions;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::Layout;
use crate::i18n::*;
use crate::pages::{ActivityPage, GlobalPage, GroupPage, GroupsPage, NotFound, SignInPage, UsersPage};

/// The HTML document around the app (server only renders it).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="data:," />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // The same cookie the server's /locale route writes: site-wide, kept for a year (milliseconds).
    let cookie_options = CookieOptions::<Locale>::default().path("/").max_age(365_i64 * 24 * 60 * 60 * 1000);
    view! {
        <I18nContextProvider cookie_name=crate::LOCALE_COOKIE cookie_options=cookie_options>
            <Stylesheet id="leptos" href="/pkg/sg-console.css" />
            <Router>
                <Layout>
                    <Routes fallback=NotFound>
                        <Route path=path!("/security-groups") view=GroupsPage ssr=SsrMode::Async />
                        <Route path=path!("/security-groups/:region/:id") view=GroupPage ssr=SsrMode::Async />
                        <Route path=path!("/global") view=GlobalPage ssr=SsrMode::Async />
                        <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/users") view=UsersPage ssr=SsrMode::Async />
                        <Route path=path!("/activity") view=ActivityPage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// The page's Content-Security-Policy: scripts only with this render's nonce (Leptos's hydration
/// script carries it) or from the console's own `/pkg`, WASM compiled from there, styles only
/// from `/pkg`, no framing.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'",
        &*nonce
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}
