use leptos::prelude::*;

/// A table in a box of its own: on a window narrower than the table, the box scrolls sideways
/// (not the page) and the first column stays in view. The box is a named group (not a region:
/// the section around it is often the landmark of that name) that takes the keyboard's focus,
/// so that it can be scrolled without a mouse.
#[component]
pub fn TableBox<L>(label: impl Fn() -> L + Send + Sync + 'static, children: Children) -> impl IntoView
where
    L: Into<String> + 'static,
{
    let name = move || -> String { label().into() };
    view! {
        <div class="table-box" role="group" tabindex="0" aria-label=name>
            {children()}
        </div>
    }
}
