//! The options of a page's region select, the page's region chosen.

use leptos::prelude::*;

pub fn region_options(regions: &[String], chosen: &str) -> impl IntoView + use<> {
    regions.iter().map(|r| view! { <option value=r.clone() selected=r == chosen>{r.clone()}</option> }).collect_view()
}

/// Whether the page has hydrated: false while server-rendered (and always without JavaScript),
/// true once the WASM runs. Forms enable checks that need the browser's help only then.
pub fn hydration_flag() -> RwSignal<bool> {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    hydrated
}
