use leptos::either::Either;
use leptos::prelude::*;

/// What stands in for a table with no rows: a heading that says why, a line on what it means,
/// and, as children, what to do about it. `subsection` makes the heading an `h3`, for a table
/// that is itself under an `h2`.
#[component]
pub fn EmptyState(
    title: impl Fn() -> &'static str + Send + Sync + 'static,
    body: impl Fn() -> &'static str + Send + Sync + 'static,
    #[prop(optional)] subsection: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let heading =
        if subsection { Either::Left(view! { <h3>{title}</h3> }) } else { Either::Right(view! { <h2>{title}</h2> }) };
    view! {
        <div class="empty-state">
            {heading}
            <p>{body}</p>
            {children.map(|children| children())}
        </div>
    }
}
