use leptos::prelude::*;

use crate::i18n::*;

/// The free-text filter of a groups table (`q` in the URL), for a GET form.
#[component]
pub fn TextFilter(id: &'static str, value: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field field-grow">
            <label for=id>{tu_string!(i18n, groups.filter_label)}</label>
            <input id=id type="search" name="q" value=value placeholder=move || t_string!(i18n, groups.filter_placeholder) />
        </div>
    }
}
