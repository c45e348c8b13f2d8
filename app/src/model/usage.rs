//! What uses a security group: the network interfaces (and their instances) it is on, the
//! launch template versions that name it, and the rules that reference it. EC2 refuses to
//! delete a group while an interface or a rule names it.

use serde::{Deserialize, Serialize};

use super::{Direction, Rule};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupUsage {
    pub interfaces: Vec<InterfaceUse>,
    pub templates: Vec<TemplateUse>,
    /// Rules of any group of the region, the group's own included, that name it as their peer.
    pub rules: Vec<ReferencingRule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterfaceUse {
    pub id: String,
    pub description: String,
    /// The instance it is attached to, if any.
    pub instance: Option<InstanceUse>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceUse {
    pub id: String,
    pub name: Option<String>,
    /// EC2's state name: pending, running, stopping, stopped, shutting-down, terminated.
    pub state: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateUse {
    pub id: String,
    pub name: String,
    /// The version numbers that name the group, lowest first.
    pub versions: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferencingRule {
    pub group_id: String,
    pub group_name: String,
    pub direction: Direction,
    pub rule: Rule,
}

impl GroupUsage {
    pub fn is_empty(&self) -> bool {
        self.interfaces.is_empty() && self.templates.is_empty() && self.rules.is_empty()
    }
}
