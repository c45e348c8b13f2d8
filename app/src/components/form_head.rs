//! The top of a form's page: a breadcrumb back to its list, the heading, an introduction, and
//! the error the form's last POST came back with ([`crate::islands::refused_post`]). The
//! server's: it sits outside the form's island.

use leptos::prelude::*;

use super::ErrorPanel;
use crate::error::AppError;
use crate::i18n::*;

#[component]
pub fn FormHead(
    /// The list the page belongs to, and its name.
    back: String,
    #[prop(into)] back_label: String,
    /// What the page is about, the breadcrumb's last part.
    #[prop(into)]
    here: String,
    #[prop(into)] title: String,
    #[prop(optional, into)] intro: Option<String>,
    error: Option<AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav aria-label=t_string!(i18n, detail.breadcrumb) class="breadcrumb">
            <a href=back>{back_label}</a>
            " / "
            <span aria-current="page">{here}</span>
        </nav>
        <h1>{title}</h1>
        {intro.map(|intro| view! { <p>{intro}</p> })}
        {form_errors(error)}
    }
}

/// The errors a form's page shows above the form (a refused POST's, ...), read out as they
/// appear.
pub fn form_errors(errors: impl IntoIterator<Item = AppError>) -> impl IntoView {
    let panels = errors.into_iter().map(|error| view! { <ErrorPanel error /> }).collect_view();
    view! { <div class="notifications" aria-live="polite">{panels}</div> }
}
