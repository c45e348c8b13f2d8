use leptos::prelude::*;

use crate::model::Tag;

/// Tags as `key: value` chips.
#[component]
pub fn TagList(tags: Vec<Tag>) -> impl IntoView {
    view! {
        <ul class="tag-list">
            {tags
                .into_iter()
                .map(|tag| view! { <li><span class="tag-key">{tag.key}</span>": "{tag.value}</li> })
                .collect_view()}
        </ul>
    }
}
