//! How long a request waited on EC2, for the `Server-Timing` header. Calls made concurrently
//! count once: the clock runs while at least one call is in flight.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Default)]
pub struct Ec2Timing(Arc<Mutex<Clock>>);

#[derive(Debug, Default)]
struct Clock {
    in_flight: u32,
    since: Option<Instant>,
    waited: Duration,
}

impl Ec2Timing {
    /// Runs `call`, counting the time it is in flight.
    pub async fn measure<T>(&self, call: impl Future<Output = T>) -> T {
        self.update(|c| {
            if c.in_flight == 0 {
                c.since = Some(Instant::now());
            }
            c.in_flight += 1;
        });
        let out = call.await;
        self.update(|c| {
            c.in_flight = c.in_flight.saturating_sub(1);
            if c.in_flight == 0
                && let Some(since) = c.since.take()
            {
                c.waited += since.elapsed();
            }
        });
        out
    }

    pub fn waited(&self) -> Duration {
        self.0.lock().map(|c| c.waited).unwrap_or_default()
    }

    fn update(&self, f: impl FnOnce(&mut Clock)) {
        if let Ok(mut clock) = self.0.lock() {
            f(&mut clock);
        }
    }
}
