//! What every server function and page render can reach on the server.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::ec2::Ec2;
use crate::guard::PublicOrigin;
use crate::snapshot::Snapshots;
use crate::store::Database;

/// The router's state, provided as context to server functions and pages.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// EC2's read side. Its write side is reached only through [`crate::guard::Guard`].
    pub ec2: Arc<Ec2>,
    /// Each region as last read, shared by every request.
    pub snapshots: Arc<Snapshots>,
    /// Accounts, sign-in limits and the audit log.
    pub db: Database,
    pub public_origin: PublicOrigin,
}
