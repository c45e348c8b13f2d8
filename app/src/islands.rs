//! Islands: the parts of a page that run in the browser (the forms, which check what is typed as
//! it is typed). Everything else is the server's HTML, so a page's first view loads only its
//! islands' code, and a page without islands loads none.
//!
//! An island is made in the browser from what the page gives it alone ([`IslandStart`]): it has
//! no router, no page resources and only the contexts it provides itself. What it needs from the
//! URL or the page is read by the page around it, on the server, and passed in.

use leptos::prelude::*;
use percent_encoding::{AsciiSet, CONTROLS, percent_encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::i18n::Locale;

/// The page's loader: loads the WASM only if the page has islands, hydrates them in order, then
/// marks the page hydrated. Replaces Leptos's `HydrationScripts`, whose loader does not say when
/// it is done and which preloads the WASM on every page.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // Only islands hydrate: nothing outside them needs hydration markers or serialized resources.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    let script = format!(
        "{}({:?}, {:?});",
        include_str!("islands.js"),
        options.site_pkg_dir.as_ref(),
        options.output_name.as_ref()
    );
    view! { <script type="module" nonce=nonce>{script}</script> }
}

/// What every island does first: takes the page's language. On the server, the page's (from the
/// language cookie); in the browser, where an island has only its own contexts, the one the
/// server rendered the page in, `<html lang>`. An island's texts are plain strings in it: a
/// page's language never changes while it is shown (the switch reloads the page), so islands need
/// no i18n context, whose code (the browser's languages, locale parsing) every island would load.
pub fn island_locale() -> Locale {
    #[cfg(feature = "hydrate")]
    {
        use leptos_i18n::Locale as _;
        let lang = document().document_element().and_then(|html| html.get_attribute("lang"));
        Locale::get_all().iter().copied().find(|l| Some(l.as_str()) == lang.as_deref()).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    crate::i18n::use_i18n().get_locale_untracked()
}

/// The error the page came back with: a form's POST that the server refused, which its redirect
/// back to the form's page carries in the URL (`__path`, `__err`). Shown by the page, on the
/// server: an island sends its form as a plain POST too, as it is sent without JavaScript.
pub fn refused_post() -> Option<AppError> {
    use leptos::server_fn::error::ServerFnUrlError;

    use_context::<leptos::server::ServerActionError>().map(|e| ServerFnUrlError::<AppError>::decode_err(e.err()))
}

/// An island's form, sent as a plain POST: the browser loads the server's answer. Once sent, its
/// button says so and a second submit is dropped; the page shown again from the back-forward
/// cache may send it again.
#[derive(Clone, Copy)]
pub struct Submission(RwSignal<bool>);

/// The island's form's [`Submission`].
pub fn submission() -> Submission {
    let sent = RwSignal::new(false);
    // Islands live as long as their page: the listener is never removed.
    let _ = window_event_listener(leptos::ev::pageshow, move |_| sent.set(false));
    Submission(sent)
}

impl Submission {
    /// The sending button's text: `idle`, then `busy` once the form was sent and the server's
    /// answer is awaited.
    pub fn label(self, idle: &'static str, busy: &'static str) -> impl Fn() -> &'static str + Send + Sync {
        move || if self.0.get() { busy } else { idle }
    }

    /// For the click on the button that sends the form (Enter in a field clicks it too), once
    /// what it sends passed the island's checks.
    pub fn send(&self, ev: &impl AsRef<leptos::ev::Event>) {
        if self.0.get_untracked() {
            ev.as_ref().prevent_default();
        } else {
            self.0.set(true);
        }
    }
}

/// What an island starts from, given by the page around it: `start`, whose island (in
/// `children`) takes it with [`island_start`] and `id`, unique in the page.
///
/// Leptos hands an island its props as JSON, which the browser reads with serde_json: its code,
/// made again for every type a prop holds (field names, errors, the formatting of numbers in
/// them), was the largest part of a form's WASM that is not its views. Here the page writes
/// `start` in postcard's encoding, which is a value's fields in order and so takes little code to
/// read, percent-escaped into a data block before the island. Its bytes are mostly the values'
/// own text, which gzip compresses as it compresses the page.
#[component]
pub fn IslandStart<T>(id: &'static str, start: T, children: Children) -> impl IntoView
where
    T: Serialize + Clone + Send + Sync + 'static,
{
    let encoded = encode(&start);
    // On the server the island takes it from here; in the browser, from the data block.
    provide_context(start);
    view! {
        <script type="application/octet-stream" id=id>{encoded}</script>
        {children()}
    }
}

/// Bytes written as `%XX`: controls, `%`, what HTML would escape, and (always) those outside
/// ASCII. The data block's text is then the same in the HTML as in the DOM.
const ESCAPED: &AsciiSet = &CONTROLS.add(b'%').add(b'&').add(b'<').add(b'>');

/// What the island starts from, as the page gave it with [`IslandStart`] and `id`.
pub fn island_start<T: DeserializeOwned + Clone + Send + Sync + 'static>(id: &str) -> T {
    #[cfg(feature = "hydrate")]
    {
        let block = document().get_element_by_id(id).and_then(|block| block.text_content());
        block.and_then(|encoded| decode(&encoded)).expect("the page gives the island its start")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        expect_context::<T>()
    }
}

/// A value as the page writes it for an island.
fn encode<T: Serialize>(value: &T) -> String {
    // Postcard fails only on a type it cannot write (a map of unknown length): a bug.
    let bytes = postcard::to_allocvec(value).expect("an island's start is postcard-encodable");
    percent_encode(&bytes, ESCAPED).to_string()
}

/// A value as [`encode`] wrote it; none if it is not one.
#[cfg(any(feature = "hydrate", test))]
fn decode<T: DeserializeOwned>(encoded: &str) -> Option<T> {
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(encoded).collect();
    postcard::from_bytes(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Peers, RuleRow};

    #[test]
    fn a_start_reads_back_as_it_was_and_its_text_needs_no_escaping_in_html() {
        let rows = vec![
            RuleRow {
                peer: "10.0.0.0/8".into(),
                description: "web <&> \"100%\" ウェブ\n".into(),
                ..RuleRow::default()
            },
            RuleRow::default(),
        ];
        let peers = Peers { my_ip: Some([192, 0, 2, 1].into()), ..Peers::default() };
        let encoded = encode(&(rows.clone(), peers.clone(), Some(3_u32)));
        assert!(encoded.chars().all(|c| c.is_ascii_graphic() || c == ' '), "{encoded}");
        assert!(!encoded.contains(['<', '&', '>']), "{encoded}");
        assert_eq!(decode::<(Vec<RuleRow>, Peers, Option<u32>)>(&encoded), Some((rows, peers, Some(3))));
        assert_eq!(decode::<(Vec<RuleRow>, Peers, Option<u32>)>("%FF"), None, "not a start");
    }
}
