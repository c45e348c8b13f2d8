use leptos::prelude::*;

use crate::error::AppError;
use crate::model::TagRow;

/// Saves tags (editors) on the group, or on its rules `rules`: what the form opened with
/// (`opened`, JSON) becomes `tags`. Answers with the group's page.
#[server]
pub async fn save_tags(
    region: String,
    id: String,
    #[server(default)] rules: Vec<String>,
    opened: String,
    #[server(default)] tags: Vec<TagRow>,
) -> Result<(), AppError> {
    use leptos::server_fn::ServerFn;

    use crate::model::Notice;

    let opened_tags: Vec<crate::model::Tag> = serde_json::from_str(&opened).unwrap_or_default();
    let guard = crate::guard::Guard::for_request()?;
    match crate::group_changes::save_tags(guard, &region, &id, &rules, &opened_tags, &tags).await {
        Ok(_) => {
            leptos_axum::redirect(&Notice::TagsSaved { rules: rules.len() }.page(&region, &id));
            Ok(())
        }
        Err(error) => {
            let mut fields: Vec<(String, String)> = rules.iter().map(|id| ("rule".to_owned(), id.clone())).collect();
            fields.push(("opened".into(), opened));
            fields.extend(tags.iter().enumerate().flat_map(|(i, tag)| tag.fields("tags", i)));
            crate::api::back_with_input(SaveTags::PATH, &error, &fields);
            Err(error)
        }
    }
}
