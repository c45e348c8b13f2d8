use leptos::prelude::*;

use crate::components::PageTitle;
use crate::i18n::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || t_string!(i18n, not_found.title) />
        <h1>{tu_string!(i18n, not_found.title)}</h1>
        <p>{tu_string!(i18n, not_found.body)}</p>
        <p><a href="/security-groups">{tu_string!(i18n, not_found.home)}</a></p>
    }
}
