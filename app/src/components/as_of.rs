use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::*;
use crate::model::AsOf;

/// "As of 12:03:05 UTC" for a page built from a region's shared snapshot, with a Refresh link:
/// this page again, asking for a read of EC2 newer than the one shown (a link, so that it works
/// without JavaScript; reloading it later reads again only if no one has since).
#[component]
pub fn SnapshotTime(as_of: AsOf) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let refresh_href = move || {
        let search = location.search.get();
        let mut params: Vec<&str> =
            search.trim_start_matches('?').split('&').filter(|p| !p.is_empty() && !p.starts_with("refresh=")).collect();
        let refresh = format!("refresh={}", as_of.refresh_param());
        params.push(&refresh);
        format!("{}?{}", location.pathname.get(), params.join("&"))
    };
    view! {
        <p class="as-of">
            {move || t_string!(i18n, snapshot.as_of, time = as_of.clock())}" "
            <a href=refresh_href>{tu_string!(i18n, snapshot.refresh)}</a>
        </p>
    }
}

/// The URL's `refresh` parameter: a read of EC2 newer than this is asked for.
pub fn refresh_param(get: impl Fn(&str) -> Option<String>) -> Option<AsOf> {
    get("refresh").as_deref().and_then(AsOf::parse)
}
