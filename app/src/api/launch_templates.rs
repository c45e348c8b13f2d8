//! Launch templates: one region's, and a new version with other groups.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{GroupRef, LaunchTemplate};

/// A region's launch templates read fresh, with the groups a version may name: the region's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchTemplates {
    pub region: String,
    pub templates: Vec<LaunchTemplate>,
    pub available: Vec<GroupRef>,
}

/// (`region` default: the console's default region.)
#[server]
pub async fn get_launch_templates(region: Option<String>) -> Result<LaunchTemplates, AppError> {
    crate::api::caller()?;
    let region = crate::api::region_or_default(region)?;
    let (templates, available) = crate::instance_changes::read_templates(&region).await?;
    Ok(LaunchTemplates { region, templates, available })
}

/// A new version of `template` from version `source`, with `groups` and every other setting of
/// the source (editors); with `make_default`, made the default version. Answers with the Launch
/// templates page, which names the new version.
#[server]
pub async fn create_template_version(
    region: String,
    template: String,
    source: i64,
    #[server(default)] groups: Vec<String>,
    #[server(default)] description: String,
    #[server(default)] make_default: bool,
) -> Result<(), AppError> {
    use leptos::server_fn::ServerFn;

    let guard = crate::guard::Guard::for_request()?;
    let created = crate::instance_changes::create_template_version(
        guard,
        &region,
        &template,
        source,
        &groups,
        description.trim(),
        make_default,
    )
    .await;
    match created {
        Ok((_, version)) => {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("region", &region).append_pair("created", &template);
            query.append_pair("version", &version.to_string());
            if make_default {
                query.append_pair("default", "true");
            }
            leptos_axum::redirect(&format!("/launch-templates?{}", query.finish()));
            Ok(())
        }
        Err(error) => {
            let mut fields = vec![
                ("form".to_owned(), "1".to_owned()),
                ("source".to_owned(), source.to_string()),
                ("description".to_owned(), description.clone()),
                ("make_default".to_owned(), make_default.to_string()),
            ];
            fields.extend(groups.iter().enumerate().map(|(i, id)| (format!("groups[{i}]"), id.clone())));
            crate::api::back_with_input(CreateTemplateVersion::PATH, &error, &fields);
            Err(error)
        }
    }
}
