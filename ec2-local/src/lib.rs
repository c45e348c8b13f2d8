//! ec2-local: an EC2-compatible endpoint for the security-group API surface.
//!
//! It speaks EC2's Query protocol (version 2016-11-15) well enough for an unmodified
//! aws-sdk-ec2 client pointed at it with `endpoint_url`, and it enforces what EC2 enforces:
//! name and quota rules, `DependencyViolation`, `CannotDelete`, rule ids kept by
//! `ModifySecurityGroupRules`, pagination. State is per region and durable in SQLite.

mod actions;
mod error;
mod filters;
mod ids;
mod model;
pub mod parse;
mod query;
mod region;
mod seed;
mod server;
mod store;
mod table;
mod xml;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub use error::Ec2Error;
use tokio::sync::{RwLock, oneshot};
use tokio::task::JoinHandle;

/// Which data a new state file starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// Two regions (us-east-1, ap-northeast-1) with a small company's groups, instances and more.
    Demo,
    /// The same two regions with only what AWS creates for a new account: a default VPC, its
    /// default subnets and its default security group.
    Empty,
}

/// Faults injected into EC2 API answers (never into `/_local/`), to test a client's retries.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Added to every answer.
    pub latency_ms: u64,
    /// Share of requests (0.0-1.0) answered `RequestLimitExceeded` (503).
    pub throttle_rate: f64,
    /// Share of requests (0.0-1.0) answered `InternalError` (500).
    pub internal_error_rate: f64,
    /// The next this many requests are answered `RequestLimitExceeded`, whatever the rates: a
    /// deterministic way to test a client's retries.
    pub throttle_next: u32,
    /// The next call of this action (`AuthorizeSecurityGroupIngress`, say) is refused with
    /// `UnauthorizedOperation`, as EC2 refuses an action the caller's IAM policy lacks: a
    /// deterministic failure half way through a change of several calls.
    pub fail_next: Option<String>,
}

impl Faults {
    /// Rates are shares of the requests: each from 0.0 to 1.0, together at most 1.0.
    pub fn check(&self) -> Result<(), &'static str> {
        let rate = 0.0..=1.0;
        if rate.contains(&self.throttle_rate)
            && rate.contains(&self.internal_error_rate)
            && rate.contains(&(self.throttle_rate + self.internal_error_rate))
        {
            Ok(())
        } else {
            Err("fault rates must be from 0.0 to 1.0 and add up to at most 1.0")
        }
    }
}

/// How to start an endpoint.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite state file. Created with `seed` when it does not exist.
    pub state_path: PathBuf,
    pub seed: Seed,
    /// The regions a new state file has, each seeded alike; any other region answers as a
    /// region not enabled for the account does.
    pub regions: Vec<String>,
    pub faults: Faults,
}

/// The regions a new state file has unless told otherwise.
pub fn demo_regions() -> Vec<String> {
    seed::DEMO_REGIONS.iter().map(|r| (*r).to_owned()).collect()
}

/// Whether `name` is shaped as an AWS region's name (`us-east-1`, `ap-northeast-1`,
/// `us-gov-west-1`).
pub fn is_region_name(name: &str) -> bool {
    let mut parts = name.split('-').collect::<Vec<_>>();
    let number = parts.pop().is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    number && parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
}

/// A running endpoint. Dropping it does not stop it; call [`RunningServer::shutdown`].
pub struct RunningServer {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl RunningServer {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL to give aws-sdk-ec2 as `endpoint_url`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting requests and waits for those under way.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Why the endpoint could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the state file {path}: {reason}")]
    State { path: PathBuf, reason: String },
    #[error("--regions: {0}")]
    Regions(String),
    #[error("cannot use the listener: {0}")]
    Listener(#[from] std::io::Error),
}

/// Starts the endpoint on `listener` and returns once it is serving.
pub async fn start(listener: tokio::net::TcpListener, config: Config) -> Result<RunningServer, StartError> {
    let addr = listener.local_addr()?;
    let seed = config.seed;
    if let Some(bad) = config.regions.iter().find(|r| !is_region_name(r)) {
        return Err(StartError::Regions(format!("'{bad}' is not a region name (such as us-east-1)")));
    }
    if config.regions.is_empty() {
        return Err(StartError::Regions("give at least one region".into()));
    }
    let regions = config.regions.clone();
    let state_error = |reason: String| StartError::State { path: config.state_path.clone(), reason };
    if config.state_path.exists() {
        // SQLite would happily treat an empty or foreign file as a new database: refuse instead.
        check_state_file(&config.state_path).map_err(state_error)?;
    }
    let store = store::Store::open(&config.state_path, || {
        seed::build(seed, &regions).map_err(|e| format!("seeding failed: {}", e.message))
    })
    .await
    .map_err(state_error)?;
    if store.regions.is_empty() {
        return Err(state_error("it holds no regions".into()));
    }
    let shared = Arc::new(server::Shared {
        store: RwLock::new(store),
        counters: Mutex::new(BTreeMap::new()),
        faults: Mutex::new(config.faults),
        regions: config.regions,
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let app = server::router(shared.clone());
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(error) = serve.await {
            tracing::error!(%error, "ec2-local stopped serving");
        }
        shared.store.read().await.close().await;
    });
    Ok(RunningServer { addr, stop, task })
}

/// An existing state file must be a SQLite database: its first 16 bytes say so.
fn check_state_file(path: &std::path::Path) -> Result<(), String> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    file.read_exact(&mut header)
        .map_err(|_| "it is too short to be a SQLite database; move it away to start afresh".to_owned())?;
    if &header != b"SQLite format 3\0" {
        return Err("it is not a SQLite database; move it away to start afresh".into());
    }
    Ok(())
}

/// Resolves on SIGINT or SIGTERM, for the binaries that serve ec2-local (its own, and SG Console's
/// server, which embeds it). The handlers are installed when this is called, not when it is first
/// awaited: a signal that arrives right after a server says it is up must not kill it.
pub fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            match (interrupt, terminate) {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
