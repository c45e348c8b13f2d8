//! What every server function and page render can reach on the server.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::ec2::Ec2;

/// The router's state, provided as context to server functions and pages.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub ec2: Arc<Ec2>,
}
