//! SG Console's Leptos application, compiled for the server (`ssr`) and the browser (`hydrate`).
// Views typed without erasure (`Either` rather than `AnyView`, which costs every view four
// functions in the WASM) nest deeper than the compiler's default limit allows.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(feature = "ssr")]
pub mod accounts;
pub mod api;
mod app;
mod components;
#[cfg(feature = "ssr")]
pub mod ec2;
pub mod error;
#[cfg(feature = "ssr")]
pub mod group_changes;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod instance_changes;
pub mod islands;
pub mod model;
mod pages;
#[cfg(feature = "ssr")]
pub mod snapshot;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;

pub use app::{App, shell};

/// Session key of the region a person last looked at (`/` goes back to it).
pub const LAST_REGION: &str = "last_region";

/// The cookie leptos_i18n keeps the chosen language in.
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// The `Set-Cookie` value that keeps `locale` for a year (the server's `/locale` route).
pub fn locale_cookie(locale: &str) -> String {
    format!("{LOCALE_COOKIE}={locale}; Path=/; Max-Age=31536000; SameSite=Lax")
}
