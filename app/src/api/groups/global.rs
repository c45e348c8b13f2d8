use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{AsOf, GroupPage, ListQuery};

/// One region's line in the global view: its counts, or why it could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionStatus {
    pub region: String,
    pub outcome: Result<RegionCounts, AppError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionCounts {
    pub groups: usize,
    pub vpcs: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalListing {
    pub regions: Vec<RegionStatus>,
    /// The groups of every region that could be read, filtered and paged by the query.
    pub page: GroupPage,
    /// When the oldest of the regions' snapshots was read, if any could be.
    pub as_of: Option<AsOf>,
}

/// Every enabled region, each from its snapshot (one newer than `refresh`, when given), read
/// concurrently. A region that fails is reported in its line; the others still show.
#[server]
pub async fn global_overview(query: ListQuery, refresh: Option<AsOf>) -> Result<GlobalListing, AppError> {
    use crate::api::{failed, region_snapshot, state};

    let regions = state()?.ec2.regions();
    let reads = regions.iter().map(|region| {
        crate::ec2::within(crate::ec2::REGION_DEADLINE, async move {
            Ok::<_, AppError>(region_snapshot(region, refresh).await?.0)
        })
    });
    let results = futures::future::join_all(reads).await;
    let mut statuses = Vec::new();
    let mut rows = Vec::new();
    let mut as_of: Option<AsOf> = None;
    for (region, result) in regions.into_iter().zip(results) {
        let outcome = match result {
            Ok(snapshot) => {
                let counts = RegionCounts { groups: snapshot.groups.len(), vpcs: snapshot.vpcs.len() };
                rows.extend_from_slice(snapshot.summaries());
                as_of = Some(as_of.map_or(snapshot.as_of, |a| a.min(snapshot.as_of)));
                Ok(counts)
            }
            Err(error) => Err(failed(error, &region, "reading a region for the global view")),
        };
        statuses.push(RegionStatus { region, outcome });
    }
    if statuses.iter().any(|s| s.outcome.is_ok())
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        // Some regions answered: the page is useful, whatever status a failed region asked for.
        response.set_status(http::StatusCode::OK);
    }
    Ok(GlobalListing { regions: statuses, page: query.normalized().apply(&rows, Vec::new()), as_of })
}
