//! The breadcrumb of the security groups' pages: Security Groups / the group (on a group's own
//! pages) / this page.

use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::i18n::*;

#[component]
pub fn GroupBreadcrumb(
    region: String,
    /// The group whose page this is one of, if any.
    #[prop(into)]
    group_id: Option<String>,
    #[prop(into)] here: TextProp,
) -> impl IntoView {
    let i18n = use_i18n();
    let group = group_id.map(|id| {
        let group_page = format!("/security-groups/{region}/{id}");
        view! { <a href=group_page>{id}</a>" / " }
    });
    view! {
        <nav aria-label=move || t_string!(i18n, detail.breadcrumb) class="breadcrumb">
            <a href=format!("/security-groups?region={region}")>{tu_string!(i18n, groups.title)}</a>
            " / "
            {group}
            <span aria-current="page">{move || here.get().to_string()}</span>
        </nav>
    }
}
