use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{GroupPage, ListQuery};

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
}

/// Every enabled region, read concurrently. A region that fails is reported in its line; the
/// others still show.
#[server]
pub async fn global_overview(query: ListQuery) -> Result<GlobalListing, AppError> {
    use crate::api::{failed, region_ec2, state};
    use crate::model::SecurityGroup;

    let regions = state()?.ec2.regions();
    let reads = regions.iter().map(|region| {
        crate::ec2::within(crate::ec2::REGION_DEADLINE, async move {
            let ec2 = region_ec2(region)?;
            let (groups, vpcs) = futures::join!(ec2.security_groups(), ec2.vpcs());
            let vpcs = vpcs?;
            Ok::<_, AppError>((SecurityGroup::summaries(&groups?, region, &vpcs), vpcs.len()))
        })
    });
    let results = futures::future::join_all(reads).await;
    let mut statuses = Vec::new();
    let mut rows = Vec::new();
    for (region, result) in regions.into_iter().zip(results) {
        let outcome = match result {
            Ok((summaries, vpcs)) => {
                let counts = RegionCounts { groups: summaries.len(), vpcs };
                rows.extend(summaries);
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
    Ok(GlobalListing { regions: statuses, page: query.normalized().apply(rows, Vec::new()) })
}
