//! The browser entry point: hydrates the islands of the page the server rendered (the forms;
//! every other part of a page is the server's HTML, and a page without islands loads no WASM).

// The islands are the app's own `wasm_bindgen` exports: naming the crate links them.
use app as _;

/// Called by the page's loader (app/src/islands.js) before it hydrates each island.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A server function that redirects (a save that succeeded) loads the page it names: there is
    // no router in the browser to navigate in place. Set once, here: it cannot be set again.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|location| {
        let _ = leptos::prelude::window().location().set_href(location);
    });
    leptos::mount::hydrate_islands();
}
