//! Deleting security groups: what stops EC2 from deleting each (EC2-FACTS.md: its VPC's default
//! group; attached to a network interface; referenced by a rule, its own included), the typed
//! confirmation, and each group's outcome, carried in the list page's URL.

use serde::{Deserialize, Serialize};

use super::{GroupUsage, InterfaceUse, ReferencingRule, SecurityGroup, TemplateUse};

/// What the person types to confirm a delete.
pub const CONFIRM_WORD: &str = "delete";

pub fn confirmed(typed: &str) -> bool {
    typed.trim() == CONFIRM_WORD
}

/// What stops EC2 from deleting a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Blocker {
    /// Its VPC's default group, which EC2 never deletes (`CannotDelete`).
    DefaultGroup,
    /// On these network interfaces (`DependencyViolation`).
    Interfaces(Vec<InterfaceUse>),
    /// Named by these rules, of other groups or its own (`DependencyViolation`).
    Rules(Vec<ReferencingRule>),
}

/// One group checked before it is deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteCheck {
    pub id: String,
    pub name: String,
    pub blockers: Vec<Blocker>,
    /// Launch template versions that name it: no blocker, but launches from them will fail.
    pub templates: Vec<TemplateUse>,
}

impl DeleteCheck {
    pub fn of(group: &SecurityGroup, usage: GroupUsage) -> DeleteCheck {
        let mut blockers = Vec::new();
        if group.name == "default" {
            blockers.push(Blocker::DefaultGroup);
        }
        if !usage.interfaces.is_empty() {
            blockers.push(Blocker::Interfaces(usage.interfaces));
        }
        if !usage.rules.is_empty() {
            blockers.push(Blocker::Rules(usage.rules));
        }
        DeleteCheck { id: group.id.clone(), name: group.name.clone(), blockers, templates: usage.templates }
    }

    pub fn deletable(&self) -> bool {
        self.blockers.is_empty()
    }

    /// Blocked by rules alone: "Remove referencing rules and delete" can clear it.
    pub fn fixable(&self) -> bool {
        !self.blockers.is_empty() && self.blockers.iter().all(|b| matches!(b, Blocker::Rules(_)))
    }

    /// The rules that name the group.
    pub fn referencing_rules(&self) -> &[ReferencingRule] {
        self.blockers
            .iter()
            .find_map(|b| match b {
                Blocker::Rules(rules) => Some(rules.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }
}

/// One group's outcome of a delete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteOutcome {
    pub id: String,
    pub name: String,
    /// Ids of the referencing rules revoked first (by "Remove referencing rules and delete").
    pub revoked: Vec<String>,
    /// EC2's (or the console's) error code when the group was not deleted.
    pub failed: Option<String>,
}

impl DeleteOutcome {
    /// The outcomes as the list page's query: `outcome=ID CODE|- REVOKED NAME`, one per group,
    /// in order (ids, codes and counts have no spaces; the name is the rest).
    pub fn query(outcomes: &[DeleteOutcome]) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for o in outcomes {
            let code = o.failed.as_deref().unwrap_or("-");
            query.append_pair("outcome", &format!("{} {code} {} {}", o.id, o.revoked.len(), o.name));
        }
        query.finish()
    }

    /// One outcome read back from its query value; the revoked rules only as a count.
    pub fn parse(value: &str) -> Option<(DeleteOutcome, usize)> {
        let mut parts = value.splitn(4, ' ');
        let (id, code, revoked) = (parts.next()?, parts.next()?, parts.next()?.parse().ok()?);
        let name = parts.next().unwrap_or_default();
        let failed = (code != "-").then(|| code.to_owned());
        Some((DeleteOutcome { id: id.into(), name: name.into(), revoked: Vec::new(), failed }, revoked))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, InstanceUse, Peer, Protocol, Rule};

    fn group(name: &str) -> SecurityGroup {
        SecurityGroup {
            id: "sg-1".into(),
            name: name.into(),
            description: String::new(),
            vpc_id: "vpc-1".into(),
            owner_id: String::new(),
            inbound: Vec::new(),
            outbound: Vec::new(),
            tags: Vec::new(),
        }
    }

    fn referencing() -> ReferencingRule {
        let rule = Rule {
            id: Some("sgr-1".into()),
            protocol: Protocol::Tcp,
            from_port: 80,
            to_port: 80,
            peer: Peer::Group { id: "sg-1".into(), name: None, owner: None },
            description: None,
            tags: Vec::new(),
        };
        ReferencingRule { group_id: "sg-2".into(), group_name: "app".into(), direction: Direction::Inbound, rule }
    }

    #[test]
    fn what_blocks_a_delete() {
        assert!(DeleteCheck::of(&group("web"), GroupUsage::default()).deletable());
        let default = DeleteCheck::of(&group("default"), GroupUsage::default());
        assert_eq!(default.blockers, [Blocker::DefaultGroup]);
        assert!(!default.fixable());

        let rules = GroupUsage { rules: vec![referencing()], ..GroupUsage::default() };
        let by_rules = DeleteCheck::of(&group("web"), rules.clone());
        assert!(by_rules.fixable());
        assert_eq!(by_rules.referencing_rules(), [referencing()]);

        let interface = InterfaceUse {
            id: "eni-1".into(),
            description: String::new(),
            instance: Some(InstanceUse { id: "i-1".into(), name: None, state: "running".into() }),
        };
        let on_instance = DeleteCheck::of(&group("web"), GroupUsage { interfaces: vec![interface], ..rules });
        assert_eq!(on_instance.blockers.len(), 2);
        assert!(!on_instance.fixable(), "revoking the rules would not free it from the instance");
        assert!(confirmed("delete") && confirmed(" delete ") && !confirmed("Delete") && !confirmed("del"));
    }

    #[test]
    fn outcomes_read_back_from_the_list_page() {
        let outcomes = [
            DeleteOutcome { id: "sg-1".into(), name: "web tier".into(), revoked: vec!["sgr-1".into()], failed: None },
            DeleteOutcome {
                id: "sg-2".into(),
                name: "db".into(),
                revoked: Vec::new(),
                failed: Some("DependencyViolation".into()),
            },
        ];
        let query = DeleteOutcome::query(&outcomes);
        let back: Vec<(DeleteOutcome, usize)> = form_urlencoded::parse(query.as_bytes())
            .filter(|(name, _)| name == "outcome")
            .filter_map(|(_, value)| DeleteOutcome::parse(&value))
            .collect();
        assert_eq!(back.len(), 2);
        assert_eq!((back[0].0.name.as_str(), back[0].0.failed.as_deref(), back[0].1), ("web tier", None, 1));
        assert_eq!(
            (back[1].0.id.as_str(), back[1].0.failed.as_deref(), back[1].1),
            ("sg-2", Some("DependencyViolation"), 0)
        );
    }
}
