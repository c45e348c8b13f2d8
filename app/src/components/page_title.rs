use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::Title;

use crate::i18n::*;

/// The document's title: the page's own, then the console's name ("Findings | SG Console").
///
/// Each page sets the name's formatter along with its text, rather than the layout: hydration
/// reaches a page only once the page's WASM chunk has loaded, and a formatter set before any
/// text would blank the document's title until then.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title formatter=move |page: String| format!("{page} | {}", t_string!(i18n, app.name)) text /> }
}
