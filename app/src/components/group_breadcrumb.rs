//! The breadcrumb of a group's own pages: Security Groups / the group / this page.

use leptos::prelude::*;
use leptos::text_prop::TextProp;

use crate::i18n::*;

#[component]
pub fn GroupBreadcrumb(region: String, group_id: String, #[prop(into)] here: TextProp) -> impl IntoView {
    let i18n = use_i18n();
    let group_page = format!("/security-groups/{region}/{group_id}");
    view! {
        <nav aria-label=move || t_string!(i18n, detail.breadcrumb) class="breadcrumb">
            <a href=format!("/security-groups?region={region}")>{tu_string!(i18n, groups.title)}</a>
            " / "
            <a href=group_page>{group_id}</a>
            " / "
            <span aria-current="page">{move || here.get().to_string()}</span>
        </nav>
    }
}
