use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::Backend;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Console {
    pub regions: Vec<String>,
    pub backend: Backend,
}

#[server]
pub async fn console_info() -> Result<Console, AppError> {
    let state = super::super::context::state()?;
    Ok(Console { regions: state.ec2.regions(), backend: state.ec2.backend() })
}
