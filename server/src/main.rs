//! `sg-console`: starts SG Console, or runs one of its commands. Wiring only.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use leptos::config::LeptosOptions;
use server::config::{Command, Config, LogFormat};

/// mimalloc rather than glibc's malloc: a region's snapshot makes and frees hundreds of
/// thousands of small strings at once, which glibc frees slowly (consolidating its free lists on
/// the request's thread) and keeps resident across its per-thread arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Rendering a page walks deep view trees; unoptimised builds need more than tokio's 2 MiB.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(8 << 20).build();
    match runtime {
        Ok(runtime) => runtime.block_on(start()),
        Err(error) => {
            eprintln!("sg-console: cannot start the async runtime: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn start() -> ExitCode {
    let config = Config::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=info,aws_smithy_runtime=warn,aws_config=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match config.log_format {
        LogFormat::Text => logs.init(),
        // Each line lists the spans it is in: a request's lines carry its id, method and path.
        LogFormat::Json => logs.json().init(),
    }
    let result = match config.command {
        Some(Command::User(ref command)) => match server::open_database(&config).await {
            Ok(db) => server::cli::run(db, command.clone(), server::cli::read_password).await,
            Err(error) => Err(error),
        },
        Some(Command::Precompress) => leptos_options(&config).and_then(|options| {
            let pkg = server::assets::pkg_dir(&options);
            let count = server::assets::precompress(&pkg)?;
            println!("compressed {count} files in {}", pkg.display());
            Ok(())
        }),
        None => match leptos_options(&config) {
            Ok(options) => server::serve(config, options).await,
            Err(error) => Err(error),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sg-console: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Leptos's settings: from cargo-leptos's environment when it runs the server, otherwise the
/// defaults that match `[[workspace.metadata.leptos]]` (run from the workspace root).
fn leptos_options(config: &Config) -> Result<LeptosOptions, String> {
    let from_env = std::env::var("LEPTOS_OUTPUT_NAME").is_ok();
    let mut options = if from_env {
        leptos::config::get_configuration(None).map_err(|e| format!("bad Leptos settings: {e}"))?.leptos_options
    } else {
        LeptosOptions::builder()
            .output_name("sg-console")
            .site_root("target/site")
            .site_pkg_dir("pkg")
            .site_addr(SocketAddr::from(([127, 0, 0, 1], 3000)))
            .build()
    };
    if let Some(listen) = config.listen {
        options.site_addr = listen;
    }
    Ok(options)
}
