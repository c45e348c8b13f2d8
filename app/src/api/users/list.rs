use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Account;

/// Every account, for admins.
#[server]
pub async fn list_users() -> Result<Vec<Account>, AppError> {
    use crate::api::{caller, refused, state};
    use crate::error::Failure;
    use crate::model::Role;

    if !caller()?.user.role.allows(Role::Admin) {
        return Err(refused(Failure::Forbidden { needs: Role::Admin }));
    }
    Ok(state()?.db.accounts().list().await?)
}
