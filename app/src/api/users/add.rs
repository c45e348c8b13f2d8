use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Role;

/// Adds an account (admins).
#[server]
pub async fn add_user(name: String, password: String, role: Role) -> Result<(), AppError> {
    use crate::guard::Guard;
    use crate::model::Action;

    let name = name.trim().to_owned();
    let change = serde_json::json!({ "after": { "name": name, "role": role } });
    Guard::for_request()?
        .change(Action::UserAdd, None, vec![name.clone()], change, async |w| {
            Ok(w.accounts().add(&name, &password, role).await?)
        })
        .await
}
