use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{DeleteCheck, DeleteOutcome};

/// What blocks deleting each of `groups`, read fresh.
#[server]
pub async fn get_delete_checks(
    region: String,
    #[server(default)] groups: Vec<String>,
) -> Result<Vec<DeleteCheck>, AppError> {
    crate::api::caller()?;
    crate::group_changes::delete_checks(&region, &groups).await
}

/// Deletes `groups` (admins) once `confirm` is the confirmation word, each checked again and
/// deleted on its own, so that one failure hides no other; with `fix`, a group blocked only by
/// rules that name it has them revoked first. Answers with the list page, which names each
/// group's outcome.
#[server]
pub async fn delete_groups(
    region: String,
    #[server(default)] groups: Vec<String>,
    #[server(default)] confirm: String,
    #[server(default)] fix: bool,
) -> Result<Vec<DeleteOutcome>, AppError> {
    use leptos::server_fn::ServerFn;

    use crate::error::Failure;
    use crate::guard::Guard;
    use crate::model::{Action, confirmed};

    let delete = async {
        Guard::for_request()?.check(Action::GroupDelete).await?;
        if !confirmed(&confirm) {
            return Err(crate::api::refused(Failure::NotConfirmed));
        }
        if groups.is_empty() {
            return Err(crate::api::refused(Failure::NothingToSave));
        }
        let mut outcomes = Vec::new();
        for check in crate::group_changes::delete_checks(&region, &groups).await? {
            outcomes.push(crate::group_changes::delete_group(Guard::for_request()?, &region, &check, fix).await);
        }
        Ok(outcomes)
    };
    match delete.await {
        Ok(outcomes) => {
            // A group that failed set its error's status; the request as a whole succeeded, and
            // each outcome says how its group fared.
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::OK);
            }
            leptos_axum::redirect(&format!("/security-groups?region={region}&{}", DeleteOutcome::query(&outcomes)));
            Ok(outcomes)
        }
        Err(error) => {
            // Without JavaScript: the delete page again, for the same groups.
            let mut fields: Vec<(&str, String)> = groups.iter().map(|id| ("group", id.clone())).collect();
            if fix {
                fields.push(("fix", "true".into()));
            }
            crate::api::back_with_input(DeleteGroups::PATH, &error, &fields);
            Err(error)
        }
    }
}
