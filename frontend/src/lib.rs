//! The browser entry point: hydrates the islands of the page the server rendered (the forms;
//! every other part of a page is the server's HTML, and a page without islands loads no WASM).

// The islands are the app's own `wasm_bindgen` exports: naming the crate links them.
use app as _;

/// Called once by the page's loader (app/src/islands.js), before it hydrates the page's islands.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
