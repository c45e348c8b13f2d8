//! How a page's data crosses from the server's render to the browser: resources that encode it as
//! JSON, and decode it from bytes, as the server functions' answers are decoded when a page
//! loads them again in place. (leptos's default codec decodes from a string: a second copy of
//! every type's deserializer in the WASM.)

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON, decoded with `serde_json::from_slice` as `server_fn`'s JSON encoding decodes.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(encoded: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(encoded.as_bytes())
    }
}

/// A page's data, loaded again when `source` changes.
pub type Loaded<T> = Resource<T, Json>;

/// Loads `fetcher(source())`, and again whenever the source changes.
#[track_caller]
pub fn load<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Loaded<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// Data loaded once for the page.
pub type LoadedOnce<T> = OnceResource<T, Json>;

/// Loads `future` once for the page.
#[track_caller]
pub fn load_once<T>(future: impl Future<Output = T> + Send + 'static) -> LoadedOnce<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    OnceResource::new_with_options(future, false)
}
