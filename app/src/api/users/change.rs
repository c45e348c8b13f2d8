use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Role;

/// Gives an account another role (admins).
#[server]
pub async fn set_user_role(name: String, role: Role) -> Result<(), AppError> {
    crate::accounts::set_role(crate::guard::Guard::for_request()?, &name, role).await
}

/// Disables an account, or enables it again (admins).
#[server]
pub async fn set_user_disabled(name: String, disabled: bool) -> Result<(), AppError> {
    crate::accounts::set_disabled(crate::guard::Guard::for_request()?, &name, disabled).await
}

/// Deletes an account (admins).
#[server]
pub async fn delete_user(name: String) -> Result<(), AppError> {
    crate::accounts::delete(crate::guard::Guard::for_request()?, &name).await
}
