//! The top of a form's page: a breadcrumb back to its list, the heading, an introduction, and
//! the error of the form's last submission (hydrated; without JavaScript the server's redirect
//! carries it back into the same signal).

use leptos::prelude::*;

use super::ErrorPanel;
use crate::error::AppError;
use crate::i18n::*;

#[component]
pub fn FormHead(
    /// The list the page belongs to, and its name.
    back: String,
    back_label: Signal<String>,
    /// What the page is about, the breadcrumb's last part.
    #[prop(into)]
    here: Signal<String>,
    title: Signal<String>,
    #[prop(optional, into)] intro: Option<Signal<String>>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav aria-label=move || t_string!(i18n, detail.breadcrumb) class="breadcrumb">
            <a href=back>{back_label}</a>
            " / "
            <span aria-current="page">{here}</span>
        </nav>
        <h1>{title}</h1>
        {intro.map(|intro| view! { <p>{intro}</p> })}
        <div class="notifications" aria-live="polite">
            {move || error.get().map(|error| view! { <ErrorPanel error /> })}
        </div>
    }
}
