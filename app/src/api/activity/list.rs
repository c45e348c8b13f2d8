use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ActivityPage, ActivityQuery};

/// One page of the audit log, newest first, filtered as `query` says.
#[server]
pub async fn list_activity(query: ActivityQuery) -> Result<ActivityPage, AppError> {
    use crate::api::{caller, state};

    caller()?;
    Ok(state()?.db.audit().page(&query).await?)
}
