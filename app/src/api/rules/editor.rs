use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{PeerGroup, Peers, RuleRow, SecurityGroup, Vpc};

/// What the rule editor opens with: the group read fresh from EC2 (never a cached copy), its VPC,
/// and what the editor's rows may name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleEditor {
    pub region: String,
    pub group: SecurityGroup,
    pub vpc: Option<Vpc>,
    pub peers: Peers,
}

/// `rows` are the editor's draft; without one, it opens with the group's rules.
#[server]
pub async fn get_rule_editor(
    region: String,
    id: String,
    #[server(default)] rows: Option<Vec<RuleRow>>,
) -> Result<RuleEditor, AppError> {
    let caller = crate::api::caller()?;
    let (group, vpc, peers) = crate::group_changes::read_for_edit(&caller, &region, &id, rows.as_deref()).await?;
    Ok(RuleEditor { region, group, vpc, peers })
}

/// The groups of `vpc_id`, read fresh from EC2 as a form's page reads them. A form's page sends
/// only the groups its rules name ([`Peers::named_by`]); the browser adds these to the
/// Source/Destination suggestions when the person first goes to a rule's field. A read, so a
/// GET: the script of the page's suggestions asks for it.
#[server(input = GetUrl)]
pub async fn get_vpc_groups(region: String, vpc_id: String) -> Result<Vec<PeerGroup>, AppError> {
    crate::api::caller()?;
    let read = async { Ok::<_, AppError>(crate::api::region_ec2(&region)?.vpc_groups(&vpc_id).await?) };
    read.await.map_err(|error| crate::api::failed(error, &region, "reading a VPC's groups"))
}
