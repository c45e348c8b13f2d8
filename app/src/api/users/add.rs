use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Role;

/// Adds an account (admins).
#[server]
pub async fn add_user(name: String, password: String, role: Role) -> Result<(), AppError> {
    use leptos::server_fn::ServerFn;

    use crate::guard::Guard;
    use crate::model::Action;

    let name = name.trim().to_owned();
    let change = serde_json::json!({ "after": { "name": name, "role": role } });
    let added = Guard::for_request()?
        .change(Action::UserAdd, None, vec![name.clone()], change, async |w| {
            Ok(w.accounts().add(&name, &password, role).await?)
        })
        .await;
    if let Err(error) = &added {
        crate::api::back_with_input(AddUser::PATH, error, &[("name", &name), ("role", role.as_str())]);
    }
    added
}
