//! `ec2-local --listen 127.0.0.1:PORT --state PATH [--seed demo|empty] [--regions us-east-1,...]`

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use ec2_local::{Config, Faults, Seed};

/// An EC2-compatible endpoint for the security-group API, for trying SG Console and testing it.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on; port 0 picks a free port (the bound address is printed).
    #[arg(long, env = "EC2_LOCAL_LISTEN", default_value = "127.0.0.1:4566")]
    listen: SocketAddr,
    /// The SQLite state file. Created, with --seed, when it does not exist.
    #[arg(long, env = "EC2_LOCAL_STATE")]
    state: PathBuf,
    /// What a new state file starts with. Ignored when the file exists.
    #[arg(long, env = "EC2_LOCAL_SEED", value_enum, default_value_t = SeedArg::Demo)]
    seed: SeedArg,
    /// The regions a new state file has (comma-separated), each seeded as --seed says.
    #[arg(long, env = "EC2_LOCAL_REGIONS", value_delimiter = ',', default_values_t = ec2_local::demo_regions())]
    regions: Vec<String>,
    /// Milliseconds added to every EC2 answer.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Share of EC2 requests (0.0-1.0) answered RequestLimitExceeded.
    #[arg(long, default_value_t = 0.0)]
    throttle_rate: f64,
    /// Share of EC2 requests (0.0-1.0) answered InternalError.
    #[arg(long, default_value_t = 0.0)]
    internal_error_rate: f64,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeedArg {
    Demo,
    Empty,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "ec2_local=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let config = Config {
        state_path: args.state,
        seed: match args.seed {
            SeedArg::Demo => Seed::Demo,
            SeedArg::Empty => Seed::Empty,
        },
        regions: args.regions,
        faults: Faults {
            latency_ms: args.latency_ms,
            throttle_rate: args.throttle_rate,
            internal_error_rate: args.internal_error_rate,
            ..Faults::default()
        },
    };
    if let Err(reason) = config.faults.check() {
        eprintln!("ec2-local: {reason} (--throttle-rate, --internal-error-rate)");
        return ExitCode::FAILURE;
    }
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("ec2-local: cannot listen on {}: {error}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    let server = match ec2_local::start(listener, config).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("ec2-local: {error}");
            return ExitCode::FAILURE;
        }
    };
    let stop = ec2_local::shutdown_signal();
    println!("ec2-local listening on {}", server.endpoint_url());
    stop.await;
    server.shutdown().await;
    ExitCode::SUCCESS
}
