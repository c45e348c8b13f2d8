use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Role;

/// Adds an account (admins).
#[server]
pub async fn add_user(name: String, password: String, role: Role) -> Result<(), AppError> {
    use leptos::server_fn::ServerFn;

    let name = name.trim();
    let added = crate::accounts::add(crate::guard::Guard::for_request()?, name, &password, role).await;
    if let Err(error) = &added {
        crate::api::back_with_input(AddUser::PATH, error, &[("name", name), ("role", role.as_str())]);
    }
    added
}
