//! The browser entry point: hydrates the pages the server rendered.
// The future that hydrates the whole app from its lazy routes is deeply nested: laying it out
// in a release build goes past the compiler's default query depth (128).
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Every page is a lazy route (its own WASM chunk): hydration waits for the current page's
    // chunk, so it is asynchronous.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document().body().expect("the page has a body");
        leptos::mount::hydrate_from_async(body, app::App).await.forget();
        app::hydration::mark_complete();
    });
}
