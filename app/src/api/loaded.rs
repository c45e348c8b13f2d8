//! A page's data: resources read on the server while the page renders. Only the islands run in
//! the browser, and they get what they need from the page (`islands::IslandStart`): no resource
//! is sent there.

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A page's data, loaded again when `source` changes.
pub type Loaded<T> = Resource<T>;

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
pub type LoadedOnce<T> = OnceResource<T>;

/// Loads `future` once for the page.
#[track_caller]
pub fn load_once<T>(future: impl Future<Output = T> + Send + 'static) -> LoadedOnce<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
{
    OnceResource::new_with_options(future, false)
}
