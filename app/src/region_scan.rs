//! (ssr) A region read whole, and what the read-only checks make of it: its findings, and who
//! can reach what. Needs no write rights: any signed-in person may use it.

use crate::ec2::RegionEc2;
use crate::error::{AppError, Ec2Error};
use crate::model::{
    Carrier, Finding, FindingsQuery, LaunchTemplate, PeerPrefixList, PortAccess, PrefixEntries, ReachAnswer,
    ReachQuery, RegionUse, SecurityGroup, access_by_port, fill_rule_ids, findings,
};

pub struct RegionScan {
    pub region: String,
    pub groups: Vec<SecurityGroup>,
    pub carriers: Vec<Carrier>,
    pub templates: Vec<LaunchTemplate>,
    pub lists: Vec<PeerPrefixList>,
    pub entries: PrefixEntries,
}

impl RegionScan {
    /// Groups with their rules (without the rules' ids), network interfaces and prefix lists, at
    /// once, and, for findings (which reach does not need), launch templates.
    pub async fn read(ec2: &RegionEc2, region: &str, templates: bool) -> Result<RegionScan, Ec2Error> {
        let templates = async { if templates { ec2.launch_templates().await } else { Ok(Vec::new()) } };
        let (groups, carriers, templates, (lists, entries)) =
            futures::try_join!(ec2.security_groups(), ec2.carriers(), templates, ec2.prefix_lists_with_entries())?;
        Ok(RegionScan { region: region.to_owned(), groups, carriers, templates, lists, entries })
    }

    pub fn uses(&self) -> RegionUse {
        RegionUse {
            on_interfaces: self.carriers.iter().flat_map(|c| c.groups.iter().cloned()).collect(),
            in_templates: self
                .templates
                .iter()
                .flat_map(|t| &t.versions)
                .flat_map(|v| v.groups.iter().cloned())
                .collect(),
        }
    }

    pub fn findings(&self) -> Vec<Finding> {
        findings(&self.region, &self.groups, &self.uses(), &self.lists)
    }

    pub fn reach(&self, query: &ReachQuery) -> ReachAnswer {
        ReachAnswer::of(&self.groups, query, &self.carriers, &self.entries)
    }

    /// What may reach `instance_id`, by port: the inbound rules of the groups of all its
    /// interfaces. `None` when the region has no such instance.
    pub fn instance_access(&self, instance_id: &str) -> Option<(Vec<String>, Vec<PortAccess>)> {
        let mut ids: Vec<String> = Vec::new();
        for carrier in self.carriers.iter().filter(|c| c.instance_id.as_deref() == Some(instance_id)) {
            ids.extend(carrier.groups.iter().filter(|g| !ids.contains(g)).cloned().collect::<Vec<_>>());
        }
        if ids.is_empty() {
            return None;
        }
        let groups: Vec<SecurityGroup> = self.groups.iter().filter(|g| ids.contains(&g.id)).cloned().collect();
        Some((ids, access_by_port(&groups)))
    }
}

/// Every region's findings that `query` matches, most severe first, and the regions that could
/// not be read (or took longer than [`crate::ec2::REGION_DEADLINE`]), each with its error. The
/// regions are read at once through `ec2`. For the Findings page and its downloads alike.
pub async fn matching_findings(
    regions: &[String],
    ec2: impl Fn(&str) -> Result<RegionEc2, AppError>,
    query: &FindingsQuery,
) -> (Vec<Finding>, Vec<(String, AppError)>) {
    let reads = regions.iter().map(|region| {
        let ec2 = ec2(region);
        crate::ec2::within(crate::ec2::REGION_DEADLINE, async move {
            let scan = RegionScan::read(&ec2?, region, true).await?;
            Ok::<_, AppError>(scan.findings().into_iter().filter(|f| query.matches(f)).collect::<Vec<_>>())
        })
    });
    let mut matching = Vec::new();
    let mut failed = Vec::new();
    for (region, result) in regions.iter().zip(futures::future::join_all(reads).await) {
        match result {
            Ok(findings) => matching.extend(findings),
            Err(error) => failed.push((region.clone(), error)),
        }
    }
    // Stable: each region's own are in order already.
    matching.sort_by_key(Finding::severity);
    (matching, failed)
}

/// Gives the rules of `findings` their ids, reading the rules of the groups they are about
/// (DescribeSecurityGroupRules filtered by group). Only for the findings shown or downloaded: at
/// 2,500 groups x 120 rules, reading every group's rules with their ids takes longer than a
/// page may.
pub async fn with_rule_ids(
    findings: &mut [Finding],
    ec2: impl Fn(&str) -> Result<RegionEc2, AppError>,
) -> Result<(), AppError> {
    let mut regions: Vec<String> = findings.iter().map(|f| f.region.clone()).collect();
    regions.sort();
    regions.dedup();
    for region in regions {
        let mut ids: Vec<String> =
            findings.iter().filter(|f| f.region == region && f.rule.is_some()).map(|f| f.group_id.clone()).collect();
        ids.sort();
        ids.dedup();
        if !ids.is_empty() {
            let rules = ec2(&region)?.rules_of(&ids).await?;
            fill_rule_ids(findings, &rules);
        }
    }
    Ok(())
}
