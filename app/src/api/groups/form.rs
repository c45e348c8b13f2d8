use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{Peers, RuleRow, SecurityGroup, Vpc};

/// What the group form opens with: the region's VPCs, the one chosen, what the form's rows may
/// name there, and, for a copy, the source group read fresh from EC2.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupFormData {
    pub region: String,
    pub vpcs: Vec<Vpc>,
    /// The chosen VPC: `vpc_id` as asked, else the source's, else the region's default VPC.
    pub vpc_id: String,
    pub peers: Peers,
    pub source: Option<SecurityGroup>,
}

/// The group form's data; `vpc_id` and `source` may be empty (the default VPC; a new group).
/// `rows` are the form's draft's rules; without a draft, the source's (a new group's default
/// rules name no group).
#[server]
pub async fn get_group_form(
    region: String,
    vpc_id: String,
    source: String,
    #[server(default)] rows: Option<Vec<RuleRow>>,
) -> Result<GroupFormData, AppError> {
    use crate::model::Rule;

    let caller = crate::api::caller()?;
    let read = async {
        let ec2 = crate::api::region_ec2(&region)?;
        let source = match source.as_str() {
            "" => None,
            id => Some(ec2.security_group(id).await?.0),
        };
        let vpcs = ec2.vpcs().await?;
        let vpc_id = [Some(vpc_id.as_str()), source.as_ref().map(|s| s.vpc_id.as_str())]
            .into_iter()
            .flatten()
            .find(|id| vpcs.iter().any(|v| v.id == *id))
            .or_else(|| vpcs.iter().find(|v| v.is_default).or(vpcs.first()).map(|v| v.id.as_str()))
            .unwrap_or_default()
            .to_owned();
        // A copy in its source's VPC may name what the source's rules name (a peered VPC's
        // group, say); in another VPC, only that VPC's groups.
        let referenced: Vec<Rule> = match &source {
            Some(s) if s.vpc_id == vpc_id => s.inbound.iter().chain(&s.outbound).cloned().collect(),
            _ => Vec::new(),
        };
        let rows = rows.unwrap_or_else(|| referenced.iter().map(RuleRow::from_rule).collect());
        let mut peers = ec2.peers_in(&vpc_id, referenced.iter(), &rows).await?;
        peers.my_ip = caller.address.parse().ok();
        Ok::<_, AppError>(GroupFormData { region: region.clone(), vpcs, vpc_id, peers, source })
    };
    read.await.map_err(|error| crate::api::failed(error, &region, "reading the group form"))
}
