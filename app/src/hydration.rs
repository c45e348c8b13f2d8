//! Whether the browser has finished hydrating the page. Hydration is asynchronous (each page is a
//! lazy route, its own WASM chunk), and the layout's handlers may run before the page's text is
//! hydrated: text hydrated after a change keeps what the server rendered.

const MARK: &str = "data-hydrated";

/// Marks the page hydrated: from now on it updates in place. The end-to-end tests wait for it.
pub fn mark_complete() {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute(MARK, "");
    }
}

/// Whether the page has been marked hydrated. In the browser only.
pub fn is_complete() -> bool {
    leptos::prelude::document().document_element().is_some_and(|root| root.has_attribute(MARK))
}
