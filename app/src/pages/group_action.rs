//! `/security-groups/go?region=R&group=ID&to=ACTION`: where the list's Actions menu sends the
//! chosen group (or groups, to delete), to that action's page. A GET, so that it works without
//! JavaScript.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::components::PageTitle;
use crate::i18n::*;

/// The pages an action of the list opens, under the group's own page.
const ACTIONS: [&str; 4] = ["inbound/edit", "outbound/edit", "tags", "copy"];

#[component]
pub fn GroupActionPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let (region, groups, to) = query.with_untracked(|q| {
        (q.get("region").unwrap_or_default(), q.get_all("group").unwrap_or_default(), q.get("to").unwrap_or_default())
    });
    // Only a plain region and group id go into the path.
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let groups_ok = plain(&region) && groups.iter().all(|g| g.starts_with("sg-") && plain(g));
    match (groups.as_slice(), to.as_str()) {
        ([group], to) if groups_ok && ACTIONS.contains(&to) => {
            EitherOf3::A(view! { <Redirect path=format!("/security-groups/{region}/{group}/{to}") /> })
        }
        ([_, ..], "delete") if groups_ok => {
            let chosen: Vec<String> = groups.iter().map(|g| format!("group={g}")).collect();
            EitherOf3::B(view! { <Redirect path=format!("/security-groups/{region}/delete?{}", chosen.join("&")) /> })
        }
        _ => EitherOf3::C(view! {
            <PageTitle text=move || t_string!(i18n, detail.actions) />
            <h1>{tu_string!(i18n, detail.actions)}</h1>
            <p role="alert">{tu_string!(i18n, groups.choose_one)}</p>
            <p><a href=format!("/security-groups?region={region}")>{tu_string!(i18n, groups.back)}</a></p>
        }),
    }
}
