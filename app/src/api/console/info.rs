use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Where the console's EC2 answers come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackendKind {
    /// The embedded ec2-local sandbox with demo data: not AWS.
    Sandbox,
    Aws,
    /// Another EC2-compatible endpoint.
    Endpoint,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Console {
    pub regions: Vec<String>,
    pub default_region: String,
    pub backend: BackendKind,
}

#[server]
pub async fn console_info() -> Result<Console, AppError> {
    use crate::ec2::Backend;

    let state = super::super::context::state()?;
    Ok(Console {
        regions: state.ec2.regions(),
        default_region: state.ec2.default_region().to_owned(),
        backend: match state.ec2.backend() {
            Backend::Embedded => BackendKind::Sandbox,
            Backend::Aws => BackendKind::Aws,
            Backend::Endpoint => BackendKind::Endpoint,
        },
    })
}
