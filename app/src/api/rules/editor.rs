use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::{Peers, SecurityGroup, Vpc};

/// What the rule editor opens with: the group read fresh from EC2 (never a cached copy), its VPC,
/// and what its rules may name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleEditor {
    pub region: String,
    pub group: SecurityGroup,
    pub vpc: Option<Vpc>,
    pub peers: Peers,
}

#[server]
pub async fn get_rule_editor(region: String, id: String) -> Result<RuleEditor, AppError> {
    let caller = crate::api::caller()?;
    let (group, vpc, peers) = crate::group_changes::read_for_edit(&caller, &region, &id, None).await?;
    Ok(RuleEditor { region, group, vpc, peers })
}
