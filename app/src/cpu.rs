//! (ssr) Work that takes the processor for milliseconds, done on tokio's blocking threads: off
//! the async threads that serve requests, and alongside the EC2 calls still in flight.

/// Begins `work` on a blocking thread at once (not when awaited), and gives its result. A panic
/// in it is the caller's panic.
pub fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> impl Future<Output = T> {
    let task = tokio::task::spawn_blocking(work);
    async move {
        match task.await {
            Ok(out) => out,
            Err(failed) => std::panic::resume_unwind(failed.into_panic()),
        }
    }
}
