use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Role;

/// Gives an account another role (admins). The last active admin keeps theirs.
#[server]
pub async fn set_user_role(name: String, role: Role) -> Result<(), AppError> {
    use crate::guard::Guard;
    use crate::model::Action;

    let guard = Guard::for_request()?;
    let before = crate::api::state()?.db.accounts().by_name(&name).await?.map(|a| a.role);
    let change = serde_json::json!({ "before": { "role": before }, "after": { "role": role } });
    guard
        .change(Action::UserSetRole, None, vec![name.clone()], change, async |w| {
            Ok(w.accounts().set_role(&name, role).await?)
        })
        .await
}

/// Disables an account, or enables it again (admins). A disabled account's sessions end at their
/// next request. The last active admin cannot be disabled.
#[server]
pub async fn set_user_disabled(name: String, disabled: bool) -> Result<(), AppError> {
    use crate::guard::Guard;
    use crate::model::Action;

    let change = serde_json::json!({ "after": { "disabled": disabled } });
    Guard::for_request()?
        .change(Action::UserDisable, None, vec![name.clone()], change, async |w| {
            Ok(w.accounts().set_disabled(&name, disabled).await?)
        })
        .await
}

/// Deletes an account (admins). The audit log keeps its entries. The last active admin cannot be
/// deleted.
#[server]
pub async fn delete_user(name: String) -> Result<(), AppError> {
    use crate::guard::Guard;
    use crate::model::Action;

    let guard = Guard::for_request()?;
    let before = crate::api::state()?.db.accounts().by_name(&name).await?;
    let change = serde_json::json!({
        "before": before.map(|a| serde_json::json!({ "role": a.role, "disabled": a.disabled })),
    });
    guard
        .change(Action::UserDelete, None, vec![name.clone()], change, async |w| Ok(w.accounts().delete(&name).await?))
        .await
}
