use serde::{Deserialize, Serialize};

use super::{Direction, Rule};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// A VPC as the console shows it: its id and its `Name` tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vpc {
    pub id: String,
    pub name: Option<String>,
    /// Whether it has an IPv6 block: a new group's default outbound rules then include `::/0`.
    #[serde(default)]
    pub ipv6: bool,
    /// The region's default VPC: the one a new group's form starts in.
    #[serde(default)]
    pub is_default: bool,
}

impl Vpc {
    /// `vpc-0abc… (prod)`, or the id alone when the VPC has no name.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{} ({name})", self.id),
            None => self.id.clone(),
        }
    }
}

/// A security group with all its rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub owner_id: String,
    pub inbound: Vec<Rule>,
    pub outbound: Vec<Rule>,
    pub tags: Vec<Tag>,
}

impl SecurityGroup {
    /// The rules of one direction.
    pub fn rules(&self, direction: Direction) -> &[Rule] {
        match direction {
            Direction::Inbound => &self.inbound,
            Direction::Outbound => &self.outbound,
        }
    }

    /// The rules of either direction with the ids `ids`, and the ids no rule has (rules removed
    /// since a page listed them).
    pub fn chosen_rules(&self, direction: Option<Direction>, ids: &[String]) -> (Vec<Rule>, Vec<String>) {
        let rules: Box<dyn Iterator<Item = &Rule>> = match direction {
            Some(direction) => Box::new(self.rules(direction).iter()),
            None => Box::new(self.inbound.iter().chain(&self.outbound)),
        };
        let chosen: Vec<Rule> = rules.filter(|r| r.id.as_ref().is_some_and(|id| ids.contains(id))).cloned().collect();
        let gone = ids.iter().filter(|id| !chosen.iter().any(|r| r.id.as_ref() == Some(*id))).cloned().collect();
        (chosen, gone)
    }

    /// The table rows of `groups` of `region`, with their VPCs' names from `vpcs`.
    pub fn summaries(groups: &[SecurityGroup], region: &str, vpcs: &[Vpc]) -> Vec<GroupSummary> {
        let names: std::collections::HashMap<&str, &str> =
            vpcs.iter().filter_map(|v| Some((v.id.as_str(), v.name.as_deref()?))).collect();
        groups.iter().map(|g| g.summary(region, names.get(g.vpc_id.as_str()).map(|n| (*n).to_owned()))).collect()
    }

    fn summary(&self, region: &str, vpc_name: Option<String>) -> GroupSummary {
        GroupSummary {
            region: region.to_owned(),
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            vpc_id: self.vpc_id.clone(),
            vpc_name,
            inbound_rules: self.inbound.len(),
            outbound_rules: self.outbound.len(),
            tags: self.tags.clone(),
        }
    }
}

/// One row of the security groups table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub region: String,
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub vpc_name: Option<String>,
    pub inbound_rules: usize,
    pub outbound_rules: usize,
    pub tags: Vec<Tag>,
}

impl GroupSummary {
    /// Whether the free-text filter matches: every word of `text` is found, ignoring case, in
    /// the name, id, description or a tag value. Empty text matches everything.
    pub fn matches_text(&self, text: &str) -> bool {
        if text.trim().is_empty() {
            return true;
        }
        let haystack = [self.name.as_str(), self.id.as_str(), self.description.as_str()]
            .into_iter()
            .chain(self.tags.iter().map(|t| t.value.as_str()))
            .map(str::to_lowercase)
            .collect::<Vec<_>>();
        text.split_whitespace().map(str::to_lowercase).all(|word| haystack.iter().any(|h| h.contains(&word)))
    }
}
