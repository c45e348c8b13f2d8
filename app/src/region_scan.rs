//! (ssr) A region read whole, and what the read-only checks make of it: its findings, and who
//! can reach what. Needs no write rights: any signed-in person may use it.

use crate::ec2::RegionEc2;
use crate::error::{AppError, Ec2Error};
use crate::model::{
    Carrier, Finding, LaunchTemplate, PeerPrefixList, PortAccess, PrefixEntries, ReachAnswer, ReachQuery, RegionUse,
    SecurityGroup, access_by_port, findings,
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
    /// Groups with their rules, network interfaces, launch templates and prefix lists, at once.
    pub async fn read(ec2: &RegionEc2, region: &str) -> Result<RegionScan, Ec2Error> {
        let (groups, carriers, templates, (lists, entries)) = futures::try_join!(
            ec2.groups_with_rules(),
            ec2.carriers(),
            ec2.launch_templates(),
            ec2.prefix_lists_with_entries()
        )?;
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

/// The findings of each of `regions`, read at once through `ec2`; a region that fails, or takes
/// longer than [`crate::ec2::REGION_DEADLINE`], keeps its error in its place.
pub async fn findings_of(
    regions: &[String],
    ec2: impl Fn(&str) -> Result<RegionEc2, AppError>,
) -> Vec<(String, Result<Vec<Finding>, AppError>)> {
    let reads = regions.iter().map(|region| {
        let ec2 = ec2(region);
        crate::ec2::within(crate::ec2::REGION_DEADLINE, async move {
            Ok::<_, AppError>(RegionScan::read(&ec2?, region).await?.findings())
        })
    });
    let results = futures::future::join_all(reads).await;
    regions.iter().cloned().zip(results).collect()
}
