//! The `sg-console` server: configuration, EC2, the database, authentication and routes. A
//! library so that its tests can drive the whole router; `main.rs` only starts it.

pub mod assets;
pub mod auth;
mod backend;
pub mod cli;
pub mod config;
mod http;
mod security;
mod sessions;
pub mod telemetry;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use app::guard::{Guard, PublicOrigin};
use app::model::Role;
use app::snapshot::Snapshots;
use app::state::AppState;
use app::store::{Database, Limits};
use app::{App, shell};
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{get, post};
use axum::{Extension, Router};
use leptos::config::LeptosOptions;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_sessions::{Expiry, SessionManagerLayer};

pub use crate::auth::Auth;
use crate::config::Config;

/// The largest request body read (413 beyond): a rule editor's form for a group at EC2's
/// highest rules quota, with the rules it was opened with, is well under it.
const MAX_BODY: usize = 2 << 20;

/// A client that has not sent its whole body by then is cut off (400), so that slow clients
/// cannot hold connections. Slow headers are the proxy's to time out (deploy/nginx).
const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The console, ready to serve.
pub struct Console {
    pub router: Router,
    pub state: AppState,
    /// The embedded EC2 sandbox, when there is one: it stops with the server.
    pub sandbox: Option<ec2_local::RunningServer>,
}

/// The console's database: PostgreSQL at `--database-url`, or SQLite in the data directory.
pub async fn open_database(config: &Config) -> Result<Database, String> {
    if let Some(url) = &config.database_url {
        return Database::connect(url).await;
    }
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| format!("cannot create the data directory {}: {e}", config.data_dir.display()))?;
    Database::open(&config.data_dir.join("console.db")).await
}

/// Builds the console: EC2, the database (with a first account on first start), sessions,
/// authentication and every route.
pub async fn console(config: &Config, leptos_options: LeptosOptions) -> Result<Console, String> {
    let db = open_database(config).await?;
    first_start(&db).await?;
    let (ec2, sandbox) = backend::connect(config).await?;
    let public_origin = PublicOrigin(config.public_url.clone());
    let state = AppState {
        leptos_options: leptos_options.clone(),
        ec2: Arc::new(ec2),
        snapshots: Arc::new(Snapshots::new(config.snapshot_ttl)),
        db: db.clone(),
        public_origin,
    };

    db.follow_changes(state.snapshots.clone());
    let store = sessions::Sessions::open(&db).await?;
    tokio::spawn(tower_sessions::ExpiredDeletion::continuously_delete_expired(
        store.clone(),
        std::time::Duration::from_secs(3600),
    ));
    let idle = tower_sessions::cookie::time::Duration::try_from(config.idle_timeout)
        .map_err(|e| format!("--idle-timeout is too long: {e}"))?;
    let sessions = SessionManagerLayer::new(store)
        .with_name("sg_session")
        .with_http_only(true)
        .with_secure(config.secure_cookies)
        .with_same_site(tower_sessions::cookie::SameSite::Strict)
        .with_expiry(Expiry::OnInactivity(idle));

    let limits = Limits {
        per_account: config.sign_in_limit_per_account,
        per_address: config.sign_in_limit_per_address,
        window: config.sign_in_window,
    };
    let trusted_header = match &config.trusted_header {
        Some(name) => Some(HeaderName::try_from(name.as_str()).map_err(|e| format!("--trusted-header {name}: {e}"))?),
        None => None,
    };
    let auth = Auth {
        limits: db.sign_in_limits(limits),
        db: db.clone(),
        absolute_timeout: config.absolute_timeout,
        trusted_header,
        trusted_proxies: config.trusted_proxy.clone(),
        header_role: config.header_role,
    };

    let pkg_dir = assets::pkg_dir(&leptos_options);
    let routes = app_routes();
    // Layers run outside in: the last added first. Request ids, tracing and metrics, then
    // headers, the body's limits, the same-origin check, the session, and then who is asking.
    let router = Router::new()
        .route("/", get(http::home))
        .route("/healthz", get(http::healthz))
        .route("/readyz", get(http::readyz))
        .route("/locale/{locale}", get(http::set_locale))
        .route("/signin", post(auth::sign_in))
        .route("/signout", post(auth::sign_out))
        .route("/activity/download", get(http::download_activity))
        .route("/findings/download", get(http::download_findings))
        .leptos_routes_with_context(&state, routes, security::provide_nonce, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        // The app's assets are served here rather than by Leptos's file handler, which looks up
        // response options through whatever reactive owner its thread last ran, and so could give
        // an asset another request's status and headers (a 403 WASM, a page without its CSP).
        .nest_service("/pkg", assets::pkg_service(&pkg_dir))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(security::provide_nonce, shell))
        .layer(axum::middleware::from_fn(auth::authenticate))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::same_origin))
        .layer(Extension(auth))
        .layer(axum::middleware::from_fn(http::server_timing))
        .layer(RequestBodyTimeoutLayer::new(BODY_TIMEOUT))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(security::content_security_policy))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(axum::middleware::from_fn(telemetry::count_requests))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::http::Request<_>| {
                    let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
                    tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = id)
                })
                // One line per answered request (status and latency), in the request's span.
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state.clone());
    Ok(Console { router, state, sandbox })
}

/// The app's routes, listed once per process. Listing them renders the app while a flag that
/// is global to the process (leptos_server's `SuppressResourceLoad`) holds every resource that
/// starts loading meanwhile pending forever, on any thread: a page being served while another
/// console lists its routes would never answer. A server builds one console; its tests build
/// many at once.
fn app_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// With no accounts yet, creates `admin` with a generated password and prints it once. There is
/// no built-in password anywhere.
async fn first_start(db: &Database) -> Result<(), String> {
    if db.accounts().count().await.map_err(|e| e.to_string())? > 0 {
        return Ok(());
    }
    use rand::distr::{Alphanumeric, SampleString};
    let password = Alphanumeric.sample_string(&mut rand::rng(), 20);
    app::accounts::add(Guard::local(db.clone(), "sg-console", "first start"), "admin", &password, Role::Admin)
        .await
        .map_err(|e| format!("cannot create the first account: {e}"))?;
    tracing::warn!(
        "No accounts yet: created the account admin with the password {password} (shown only this once). \
         Sign in and change it with `sg-console user password admin`, or add your own accounts with \
         `sg-console user add NAME --role admin`."
    );
    Ok(())
}

/// Serves the console until SIGINT or SIGTERM.
pub async fn serve(config: Config, leptos_options: LeptosOptions) -> Result<(), String> {
    let addr = leptos_options.site_addr;
    if let Some(metrics_addr) = config.metrics_listen {
        let handle = telemetry::install()?;
        let listener = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .map_err(|e| format!("cannot listen on {metrics_addr} for metrics: {e}"))?;
        tokio::spawn(async move {
            if let Err(error) = telemetry::serve(listener, handle).await {
                tracing::error!(%error, "the metrics endpoint stopped");
            }
        });
        tracing::info!("Metrics for Prometheus: http://{metrics_addr}/metrics");
    }
    let Console { router, state, sandbox } = console(&config, leptos_options).await?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let backend = match state.ec2.backend() {
        app::model::Backend::Sandbox => "the embedded EC2 sandbox (demo data, not AWS)",
        app::model::Backend::Aws => "Amazon EC2",
        app::model::Backend::Endpoint => "an EC2-compatible endpoint",
    };
    let stop = ec2_local::shutdown_signal();
    tracing::info!("SG Console is running on http://{addr} with {backend}");
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(stop)
        .await
        .map_err(|e| format!("the server stopped: {e}"))?;
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    Ok(())
}
