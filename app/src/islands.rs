//! Islands: the parts of a page that run in the browser (the forms, which check what is typed as
//! it is typed). Everything else is the server's HTML, so a page's first view loads only its
//! islands' code, and a page without islands loads none.
//!
//! An island is made in the browser from its props alone: it has no router, no page resources
//! and only the contexts it provides itself. What it needs from the URL or the page is read by
//! the page around it, on the server, and passed in.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::i18n::Locale;

/// The page's loader: loads the WASM only if the page has islands, hydrates them in order, then
/// marks the page hydrated. Replaces Leptos's `HydrationScripts`, whose loader does not say when
/// it is done and which preloads the WASM on every page.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // Only islands hydrate: nothing outside them needs hydration markers or serialized resources.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    let script = format!(
        "{}({:?}, {:?});",
        include_str!("islands.js"),
        options.site_pkg_dir.as_ref(),
        options.output_name.as_ref()
    );
    view! { <script type="module" nonce=nonce>{script}</script> }
}

/// What every island does first: takes the language (on the server, the page's, from the
/// language cookie; in the browser, where an island has only its own contexts, the one the
/// server rendered the page in, `<html lang>`), and gives its `ServerAction`s the error its page
/// came back with ([`action_error`]). Call before making them.
pub fn start_island(action_error: Option<(String, String)>) -> I18nContext<Locale> {
    if let Some((path, err)) = action_error {
        provide_context(leptos::server::ServerActionError::new(&path, &err));
    }
    // Deprecated in favour of `<I18nContextProvider>`, which would add its own `<html lang>`
    // and script to every island; this takes the page's context when there is one.
    #[allow(deprecated)]
    crate::i18n::provide_i18n_context()
}

/// The error a server function's plain (no JavaScript) POST came back with, as the router found
/// it in the URL, for an island's `ServerAction` to start from (`__path`, `__err`).
pub fn action_error() -> Option<(String, String)> {
    use_context::<leptos::server::ServerActionError>().map(|e| (e.path().to_owned(), e.err().to_owned()))
}
