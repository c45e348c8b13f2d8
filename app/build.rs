//! Generates the `i18n` module from `locales/*.json` (leptos_i18n's code generation).

use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?);
    // Needed for t_string!/td_string! on keys with {{ values }} (attributes, plain strings).
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("en")?.add_locale("ja")?.locales_path("locales").parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}
