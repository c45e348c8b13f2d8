//! Findings of one region or of every enabled region, and "Who can reach". Read-only: any
//! signed-in person may use them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{AsOf, Finding, FindingsQuery, PortAccess, ReachAnswer, ReachProblem, ReachQuery};

/// What `region=` names to read every enabled region.
pub const ALL_REGIONS: &str = "all";

/// One page of the findings of a region, or of every region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingsReport {
    /// The region asked for, or [`ALL_REGIONS`].
    pub region: String,
    /// The regions that could not be read, each with why.
    pub failed: Vec<(String, AppError)>,
    /// This page's findings, most severe first.
    pub findings: Vec<Finding>,
    /// How many findings match the filters, on every page.
    pub matching: usize,
    pub page: usize,
    pub pages: usize,
    /// The VPCs with findings, for the filter.
    pub vpcs: Vec<String>,
    /// When the oldest of the regions' snapshots was read, if any could be.
    pub as_of: Option<AsOf>,
}

/// The findings of `region` (default: the console's default region; [`ALL_REGIONS`]: every
/// enabled region, read at once, a failed one explained in its place), filtered by `query`, from
/// the regions' snapshots (newer than `refresh`, when given).
#[server]
pub async fn get_findings(
    region: Option<String>,
    #[server(default)] query: FindingsQuery,
    #[server(default)] refresh: Option<AsOf>,
) -> Result<FindingsReport, AppError> {
    use crate::api::{failed, region_ec2, region_or_default, state};
    use crate::model::FINDINGS_PAGE_SIZE;
    use crate::snapshot::{RegionsFindings, with_rule_ids};

    crate::api::caller()?;
    let region = region_or_default(region)?;
    let state = state()?;
    let regions = if region == ALL_REGIONS { state.ec2.regions() } else { vec![region.clone()] };
    let read = RegionsFindings::read(&state.snapshots, &regions, region_ec2, refresh).await;
    let failures: Vec<(String, AppError)> = read
        .failed
        .iter()
        .map(|(name, error)| (name.clone(), failed(error.clone(), name, "reading a region for its findings")))
        .collect();
    if failures.len() == regions.len()
        && let Some((_, error)) = failures.first()
    {
        return Err(error.clone());
    }
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        // Some regions answered: the page is useful, whatever status a failed region asked for.
        response.set_status(http::StatusCode::OK);
    }
    // The VPC filter offers the VPCs with findings of any kind. A group's findings of one
    // severity are next to each other, so most are of the VPC just seen.
    let every = FindingsQuery { vpc: None, ..query.clone() };
    let mut vpcs = std::collections::BTreeSet::new();
    let mut last = None;
    for vpc in read.matching(&every).map(|f| f.vpc_id()) {
        if last != Some(vpc) {
            vpcs.insert(vpc);
            last = Some(vpc);
        }
    }
    let matching = read.matching(&query);
    let count = matching.clone().count();
    let pages = count.div_ceil(FINDINGS_PAGE_SIZE).max(1);
    let page = query.page.min(pages);
    let mut findings: Vec<Finding> =
        matching.skip((page - 1) * FINDINGS_PAGE_SIZE).take(FINDINGS_PAGE_SIZE).map(|f| f.finding()).collect();
    with_rule_ids(&mut findings, region_ec2)
        .await
        .map_err(|error| failed(error, &region, "reading the rules of the findings shown"))?;
    Ok(FindingsReport {
        region,
        failed: failures,
        findings,
        matching: count,
        page,
        pages,
        vpcs: vpcs.into_iter().map(str::to_owned).collect(),
        as_of: read.as_of(),
    })
}

/// A reach page: its region, what it shows, and when the region's snapshot was read (when it
/// was).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionReach {
    pub region: String,
    pub report: ReachReport,
    pub as_of: Option<AsOf>,
}

/// What a reach page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReachReport {
    /// No query yet.
    Nothing,
    Invalid(ReachProblem),
    Answer {
        query: ReachQuery,
        answer: ReachAnswer,
    },
    /// What may reach an instance, by port; `groups` are those of its interfaces.
    Instance {
        id: String,
        groups: Vec<String>,
        ports: Vec<PortAccess>,
    },
    /// No instance with that id in the region.
    NoInstance(String),
}

/// "Who can reach": with `instance`, what may reach that instance; otherwise every rule that lets
/// `source` in on `protocol` and `port` (in `vpc`, if given), with what carries those rules.
#[server]
pub async fn get_reach(
    region: Option<String>,
    #[server(default)] source: String,
    #[server(default)] protocol: String,
    #[server(default)] port: String,
    #[server(default)] vpc: String,
    #[server(default)] instance: String,
    #[server(default)] refresh: Option<AsOf>,
) -> Result<RegionReach, AppError> {
    use crate::api::{failed, region_or_default, region_snapshot};

    crate::api::caller()?;
    let region = region_or_default(region)?;
    let instance = instance.trim();
    let query = match (instance, source.trim()) {
        ("", "") => return Ok(RegionReach { region, report: ReachReport::Nothing, as_of: None }),
        ("", _) => match ReachQuery::parse(&source, &protocol, &port, &vpc) {
            Ok(query) => Some(query),
            Err(problem) => return Ok(RegionReach { region, report: ReachReport::Invalid(problem), as_of: None }),
        },
        _ => None,
    };
    let read = async {
        let (snapshot, ec2) = region_snapshot(&region, refresh).await?;
        let report = match query {
            Some(query) => {
                let answer = snapshot.reach(&ec2, &query).await?;
                ReachReport::Answer { query, answer }
            }
            None => match snapshot.instance_access(&ec2, instance).await? {
                Some((groups, ports)) => ReachReport::Instance { id: instance.to_owned(), groups, ports },
                None => ReachReport::NoInstance(instance.to_owned()),
            },
        };
        Ok::<_, AppError>((report, snapshot.as_of))
    };
    let (report, as_of) = read.await.map_err(|error| failed(error, &region, "reading a region for a reach query"))?;
    Ok(RegionReach { region, report, as_of: Some(as_of) })
}
