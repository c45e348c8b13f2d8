//! `sg-console`: starts SG Console. Wiring only: configuration, EC2, sessions, routes.

mod backend;
mod config;
mod http;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use app::state::AppState;
use app::{App, shell};
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use clap::Parser;
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::{ExpiredDeletion, Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use crate::config::Config;

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
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info,aws_smithy_runtime=warn,aws_config=warn".into()),
        )
        .init();
    match run(Config::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sg-console: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), String> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| format!("cannot create the data directory {}: {e}", config.data_dir.display()))?;
    let leptos_options = leptos_options(&config)?;
    let addr = leptos_options.site_addr;

    let (ec2, sandbox) = backend::connect(&config).await?;
    let state = AppState { leptos_options: leptos_options.clone(), ec2: Arc::new(ec2) };

    // By path, not a `sqlite://` URL, which would read `?`, `#` and `%` in the directory's name.
    let sessions_path = config.data_dir.join("sessions.db");
    let pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new().filename(&sessions_path).create_if_missing(true),
    )
    .await
    .map_err(|e| format!("cannot open {}: {e}", sessions_path.display()))?;
    let store = SqliteStore::new(pool);
    store.migrate().await.map_err(|e| format!("cannot prepare the session store: {e}"))?;
    tokio::spawn(store.clone().continuously_delete_expired(std::time::Duration::from_secs(3600)));
    let sessions = SessionManagerLayer::new(store)
        .with_secure(config.secure_cookies)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::hours(12)));

    let routes = generate_route_list(App);
    let router = Router::new()
        .route("/", get(http::home))
        .route("/locale/{locale}", get(http::set_locale))
        .leptos_routes(&state, routes, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(sessions)
        .layer(axum::middleware::from_fn(http::server_timing))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
            tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = id)
        }))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state.clone());

    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let backend = match state.ec2.backend() {
        app::model::Backend::Sandbox => "the embedded EC2 sandbox (demo data, not AWS)",
        app::model::Backend::Aws => "Amazon EC2",
        app::model::Backend::Endpoint => "an EC2-compatible endpoint",
    };
    let stop = ec2_local::shutdown_signal();
    println!("SG Console is running on http://{addr} with {backend}");
    axum::serve(listener, router).with_graceful_shutdown(stop).await.map_err(|e| format!("the server stopped: {e}"))?;
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    Ok(())
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
