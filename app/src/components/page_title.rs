use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::Title;

use crate::i18n::*;

/// The document's title: the page's own, then the console's name ("Findings | SG Console").
/// Rendered on the server only: never inside an island, which has no document head.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title formatter=move |page: String| format!("{page} | {}", t_string!(i18n, app.name)) text /> }
}
