//! Instances: one region's table, one instance's groups, and changing them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{GroupRef, Instance, InstanceQuery};

/// One page of a region's instances table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstancesPage {
    pub region: String,
    pub rows: Vec<Instance>,
    /// How many instances match the query, on every page.
    pub matching: usize,
    pub page: usize,
    pub pages: usize,
}

/// The instances of `region` (default: the console's default region) carrying `query.group`
/// and in `query.state` (EC2 filters them), paged by id.
#[server]
pub async fn list_instances(region: Option<String>, query: InstanceQuery) -> Result<InstancesPage, AppError> {
    use crate::model::INSTANCES_PAGE_SIZE;

    crate::api::caller()?;
    let region = crate::api::region_or_default(region)?;
    let read = async {
        let ec2 = crate::api::region_ec2(&region)?;
        Ok::<_, AppError>(ec2.instances(query.group.as_deref(), query.state.as_deref()).await?)
    };
    let instances = read.await.map_err(|error| crate::api::failed(error, &region, "listing instances"))?;
    let matching = instances.len();
    let pages = matching.div_ceil(INSTANCES_PAGE_SIZE).max(1);
    let page = query.page.min(pages);
    let rows = instances.into_iter().skip((page - 1) * INSTANCES_PAGE_SIZE).take(INSTANCES_PAGE_SIZE).collect();
    Ok(InstancesPage { region, rows, matching, page, pages })
}

/// An instance read fresh, with the groups its interfaces may have: its VPC's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceGroups {
    pub region: String,
    pub instance: Instance,
    pub available: Vec<GroupRef>,
}

#[server]
pub async fn get_instance_groups(region: String, id: String) -> Result<InstanceGroups, AppError> {
    crate::api::caller()?;
    let (instance, available) = crate::instance_changes::read_instance(&region, &id).await?;
    Ok(InstanceGroups { region, instance, available })
}

/// Replaces the groups of the instance's network interface `interface` (its primary one when
/// empty) with `groups` (editors). Answers with the Instances page, which names the change.
#[server]
pub async fn change_instance_groups(
    region: String,
    instance: String,
    #[server(default)] interface: String,
    #[server(default)] groups: Vec<String>,
) -> Result<(), AppError> {
    use leptos::server_fn::ServerFn;

    let guard = crate::guard::Guard::for_request()?;
    match crate::instance_changes::change_instance_groups(guard, &region, &instance, &interface, &groups).await {
        Ok(changed) => {
            let page = InstanceQuery::default().href(&region);
            leptos_axum::redirect(&format!("{page}&changed={}&to={}", changed.id, groups.join(",")));
            Ok(())
        }
        Err(error) => {
            // The groups sent were the ones shown for `interface`.
            let mut fields = vec![
                ("form".to_owned(), "1".to_owned()),
                ("interface".to_owned(), interface.clone()),
                ("shown".to_owned(), interface.clone()),
            ];
            fields.extend(groups.iter().enumerate().map(|(i, id)| (format!("groups[{i}]"), id.clone())));
            crate::api::back_with_input(ChangeInstanceGroups::PATH, &error, &fields);
            Err(error)
        }
    }
}
