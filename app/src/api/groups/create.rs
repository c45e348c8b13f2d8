use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{RuleRow, TagRow};

/// Creates a security group with its rules and tags, all or nothing (editors). Answers with the
/// new group's page, which names it.
#[server]
pub async fn create_group(
    region: String,
    name: String,
    description: String,
    vpc_id: String,
    #[server(default)] inbound: Vec<RuleRow>,
    #[server(default)] outbound: Vec<RuleRow>,
    #[server(default)] tags: Vec<TagRow>,
) -> Result<String, AppError> {
    use leptos::server_fn::ServerFn;

    use crate::model::{GroupForm, Notice};

    let form = GroupForm { name, description, vpc_id, inbound, outbound, tags };
    let guard = crate::guard::Guard::for_request()?;
    match crate::group_changes::create_group(guard, &region, &form).await {
        Ok(id) => {
            leptos_axum::redirect(&Notice::GroupCreated.page(&region, &id));
            Ok(id)
        }
        Err(error) => {
            // Without JavaScript: the form again, with every field as it was sent.
            crate::api::back_with_input(CreateGroup::PATH, &error, &form.fields());
            Err(error)
        }
    }
}
