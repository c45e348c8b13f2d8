use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{AsOf, GroupPage, ListQuery};

/// One page of a region's security groups table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionListing {
    /// The region shown (the default one when the request named none).
    pub region: String,
    pub page: GroupPage,
    /// When the region's snapshot was read.
    pub as_of: AsOf,
}

/// The security groups of `region` (default: the console's default region), filtered, sorted and
/// paged as `query` says, from the region's snapshot (one newer than `refresh`, when given).
/// Remembers the region in the session for the next visit to `/`.
#[server]
pub async fn list_groups(
    region: Option<String>,
    query: ListQuery,
    refresh: Option<AsOf>,
) -> Result<RegionListing, AppError> {
    let region = crate::api::region_or_default(region)?;
    let (snapshot, _) = crate::api::region_snapshot(&region, refresh)
        .await
        .map_err(|e| crate::api::failed(e, &region, "listing security groups"))?;
    if let Ok(session) = leptos_axum::extract::<tower_sessions::Session>().await {
        // Losing this preference is harmless: `/` falls back to the default region.
        let _ = session.insert(crate::LAST_REGION, &region).await;
    }
    Ok(RegionListing { page: snapshot.listing(&query.normalized()), as_of: snapshot.as_of, region })
}
