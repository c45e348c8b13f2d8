//! (ssr) Changes to the accounts, each through the guard with what it was and what it becomes:
//! the one place the Users page, `sg-console user ...` and the first start share.

use crate::error::AppError;
use crate::guard::Guard;
use crate::model::{Action, Role};

pub async fn add(guard: Guard, name: &str, password: &str, role: Role) -> Result<(), AppError> {
    let change = serde_json::json!({ "after": { "name": name, "role": role } });
    guard
        .change(Action::UserAdd, None, vec![name.to_owned()], change, async |w| {
            Ok(w.accounts().add(name, password, role).await?)
        })
        .await
}

/// Another role. The last active admin keeps theirs.
pub async fn set_role(guard: Guard, name: &str, role: Role) -> Result<(), AppError> {
    let before = guard.accounts().by_name(name).await?.map(|a| a.role);
    let change = serde_json::json!({ "before": { "role": before }, "after": { "role": role } });
    guard
        .change(Action::UserSetRole, None, vec![name.to_owned()], change, async |w| {
            Ok(w.accounts().set_role(name, role).await?)
        })
        .await
}

/// Disabled (its sessions end at their next request) or enabled again. The last active admin
/// cannot be disabled.
pub async fn set_disabled(guard: Guard, name: &str, disabled: bool) -> Result<(), AppError> {
    let before = guard.accounts().by_name(name).await?.map(|a| a.disabled);
    let change = serde_json::json!({ "before": { "disabled": before }, "after": { "disabled": disabled } });
    guard
        .change(Action::UserDisable, None, vec![name.to_owned()], change, async |w| {
            Ok(w.accounts().set_disabled(name, disabled).await?)
        })
        .await
}

/// Deleted; the audit log keeps its entries. The last active admin cannot be deleted.
pub async fn delete(guard: Guard, name: &str) -> Result<(), AppError> {
    let before = guard.accounts().by_name(name).await?;
    let change = serde_json::json!({
        "before": before.map(|a| serde_json::json!({ "role": a.role, "disabled": a.disabled })),
    });
    guard
        .change(Action::UserDelete, None, vec![name.to_owned()], change, async |w| {
            Ok(w.accounts().delete(name).await?)
        })
        .await
}

/// A new password (never recorded); the account's older sessions end.
pub async fn set_password(guard: Guard, name: &str, password: &str) -> Result<(), AppError> {
    guard
        .change(Action::UserPassword, None, vec![name.to_owned()], serde_json::Value::Null, async |w| {
            Ok(w.accounts().set_password(name, password).await?)
        })
        .await
}
