use leptos::prelude::*;

use crate::error::AppError;
use crate::model::GroupUsage;

/// What uses a group: its network interfaces and their instances, the launch template versions
/// and the rules that name it.
#[server]
pub async fn get_group_usage(region: String, id: String) -> Result<GroupUsage, AppError> {
    crate::api::caller()?;
    let read = async { Ok::<_, AppError>(crate::api::region_ec2(&region)?.usage(&id).await?) };
    read.await.map_err(|error| crate::api::failed(error, &region, "reading what uses a security group"))
}
