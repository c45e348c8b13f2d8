use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Direction;

/// Deletes the chosen rules of `direction` (editors), in one call. Answers with the group's page.
#[server]
pub async fn delete_rules(
    region: String,
    id: String,
    direction: Direction,
    #[server(default)] rules: Vec<String>,
) -> Result<(), AppError> {
    use leptos::server_fn::ServerFn;

    use crate::model::Notice;

    let guard = crate::guard::Guard::for_request()?;
    match crate::group_changes::delete_rules(guard, &region, &id, direction, &rules).await {
        Ok(deleted) => {
            leptos_axum::redirect(&Notice::RulesDeleted { direction, count: deleted.len() }.page(&region, &id));
            Ok(())
        }
        Err(error) => {
            let fields: Vec<(&str, &str)> = rules.iter().map(|id| ("rule", id.as_str())).collect();
            crate::api::back_with_input(DeleteRules::PATH, &error, &fields);
            Err(error)
        }
    }
}
