use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{GroupPage, ListQuery};

/// One page of a region's security groups table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionListing {
    /// The region shown (the default one when the request named none).
    pub region: String,
    pub page: GroupPage,
}

/// The security groups of `region` (default: the console's default region), filtered, sorted and
/// paged as `query` says. Remembers the region in the session for the next visit to `/`.
#[server]
pub async fn list_groups(region: Option<String>, query: ListQuery) -> Result<RegionListing, AppError> {
    use crate::api::{failed, region_ec2};
    use crate::model::SecurityGroup;

    let region = crate::api::region_or_default(region)?;
    let ec2 = region_ec2(&region).map_err(|e| failed(e, &region, "listing security groups"))?;
    let (groups, vpcs) = futures::join!(ec2.security_groups(), ec2.vpcs());
    let groups = groups.map_err(|e| failed(e.into(), &region, "listing security groups"))?;
    let vpcs = vpcs.map_err(|e| failed(e.into(), &region, "listing VPCs"))?;
    if let Ok(session) = leptos_axum::extract::<tower_sessions::Session>().await {
        // Losing this preference is harmless: `/` falls back to the default region.
        let _ = session.insert(crate::LAST_REGION, &region).await;
    }
    let summaries = SecurityGroup::summaries(&groups, &region, &vpcs);
    Ok(RegionListing { page: query.normalized().apply(summaries, vpcs), region })
}
