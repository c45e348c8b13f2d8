use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{Direction, RuleRow};

/// Saves the rule editor (editors): `rules` become `direction`'s rules of the group, which the
/// editor opened as `opened` (JSON). Answers with the group's page, which names what changed.
#[server]
pub async fn save_rules(
    region: String,
    id: String,
    direction: Direction,
    opened: String,
    #[server(default)] rules: Vec<RuleRow>,
) -> Result<(), AppError> {
    use leptos::server_fn::ServerFn;

    use crate::model::Notice;

    let opened_rules: Vec<crate::model::Rule> = serde_json::from_str(&opened).unwrap_or_default();
    let guard = crate::guard::Guard::for_request()?;
    match crate::group_changes::save_rules(guard, &region, &id, direction, &opened_rules, &rules).await {
        Ok(changes) => {
            let (added, changed, removed) = (changes.added.len(), changes.changed.len(), changes.removed.len());
            leptos_axum::redirect(&Notice::RulesSaved { direction, added, changed, removed }.page(&region, &id));
            Ok(())
        }
        Err(error) => {
            // Without JavaScript: the editor again, with every row as it was sent and its preview.
            let mut fields = vec![("opened".to_owned(), opened), ("op".to_owned(), "preview".to_owned())];
            fields.extend(rules.iter().enumerate().flat_map(|(i, row)| row.fields("rules", i)));
            crate::api::back_with_input(SaveRules::PATH, &error, &fields);
            Err(error)
        }
    }
}
