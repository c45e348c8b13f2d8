use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{Backend, User};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Console {
    pub regions: Vec<String>,
    pub backend: Backend,
    /// Who is signed in; `None` on the sign-in page.
    pub user: Option<User>,
}

#[server]
pub async fn console_info() -> Result<Console, AppError> {
    let state = crate::api::state()?;
    let user = crate::api::signed_in().map(|c| c.user);
    Ok(Console { regions: state.ec2.regions(), backend: state.ec2.backend(), user })
}
