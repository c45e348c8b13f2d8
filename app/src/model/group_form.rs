//! The group form of "Create security group" and "Copy to new security group": name,
//! description, VPC, the inbound and outbound rule editors and tags, checked as EC2 checks them.

use serde::{Deserialize, Serialize};

use super::text::first_refused_char;
use super::{Peer, PeerGroup, Peers, Rule, RuleRow, RulesCheck, SecurityGroup, TagRow, TagsCheck};

/// The longest group name or description EC2 takes.
pub const MAX_GROUP_TEXT_CHARS: usize = 255;

/// How the form's rules name the group being created, which has no id yet: replaced by its id
/// once EC2 has made it. Not an id EC2 could give (those are `sg-` and hex digits).
pub const NEW_GROUP: &str = "sg-new";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupProblem {
    NameMissing,
    NameTooLong,
    NameChar(char),
    /// Names starting `sg-` are EC2's ids.
    NameSgPrefix,
    DescriptionMissing,
    DescriptionTooLong,
    DescriptionChar(char),
    VpcMissing,
}

/// A group name as EC2 checks it: 1-255 characters of its set, not starting `sg-`. (Whether it
/// is taken in the VPC is EC2's answer, `InvalidGroup.Duplicate`.)
pub fn check_group_name(name: &str) -> Option<GroupProblem> {
    if name.is_empty() {
        Some(GroupProblem::NameMissing)
    } else if name.chars().count() > MAX_GROUP_TEXT_CHARS {
        Some(GroupProblem::NameTooLong)
    } else if let Some(c) = first_refused_char(name) {
        Some(GroupProblem::NameChar(c))
    } else if name.to_ascii_lowercase().starts_with("sg-") {
        Some(GroupProblem::NameSgPrefix)
    } else {
        None
    }
}

/// A group description as EC2 checks it: required, 1-255 characters of its set.
pub fn check_group_description(description: &str) -> Option<GroupProblem> {
    if description.is_empty() {
        Some(GroupProblem::DescriptionMissing)
    } else if description.chars().count() > MAX_GROUP_TEXT_CHARS {
        Some(GroupProblem::DescriptionTooLong)
    } else {
        first_refused_char(description).map(GroupProblem::DescriptionChar)
    }
}

/// The group form as sent: every field as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupForm {
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub inbound: Vec<RuleRow>,
    pub outbound: Vec<RuleRow>,
    pub tags: Vec<TagRow>,
}

impl GroupForm {
    /// A new group's form: outbound starts with EC2's default rule, all traffic to 0.0.0.0/0
    /// (and ::/0 in a VPC with IPv6), which the person may remove.
    pub fn new(vpc_id: &str, vpc_has_ipv6: bool) -> GroupForm {
        let all_to = |cidr: &str| RuleRow {
            kind: super::Kind::AllTraffic.key(),
            peer_type: "custom".into(),
            peer: cidr.into(),
            ..RuleRow::default()
        };
        let mut outbound = vec![all_to("0.0.0.0/0")];
        if vpc_has_ipv6 {
            outbound.push(all_to("::/0"));
        }
        GroupForm { vpc_id: vpc_id.to_owned(), outbound, ..GroupForm::default() }
    }

    /// After another VPC was chosen: a new group's outbound rules, while still EC2's defaults for
    /// a VPC with IPv6 or without (`was_ipv6`), become the defaults for the chosen one (`ipv6`);
    /// rules the person changed stay as they are.
    pub fn default_outbound_follows(&mut self, was_ipv6: bool, ipv6: bool) {
        if self.outbound == GroupForm::new("", was_ipv6).outbound {
            self.outbound = GroupForm::new("", ipv6).outbound;
        }
    }

    /// The form that copies `source`: its description, VPC, rules and tags, with a rule naming
    /// the source itself naming the new group instead. The name is left for the person.
    pub fn copy_of(source: &SecurityGroup) -> GroupForm {
        let rows = |rules: &[Rule]| {
            rules
                .iter()
                .map(|rule| {
                    let mut row = RuleRow::from_rule(rule);
                    row.id.clear();
                    if matches!(&rule.peer, Peer::Group { id, .. } if *id == source.id) {
                        row.peer = NEW_GROUP.into();
                    }
                    row
                })
                .collect()
        };
        GroupForm {
            name: String::new(),
            description: source.description.clone(),
            vpc_id: source.vpc_id.clone(),
            inbound: rows(&source.inbound),
            outbound: rows(&source.outbound),
            tags: source.tags.iter().map(TagRow::of).collect(),
        }
    }

    /// The form's fields as the page's form names them, with `form`, which marks a form the
    /// page sent (its draft), and `op=preview`, which shows every problem and the preview.
    pub fn fields(&self) -> Vec<(String, String)> {
        let mut fields: Vec<(String, String)> = [
            ("form", "1"),
            ("op", "preview"),
            ("name", &self.name),
            ("description", &self.description),
            ("vpc_id", &self.vpc_id),
            ("vpc_shown", &self.vpc_id),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
        fields.extend(self.inbound.iter().enumerate().flat_map(|(i, row)| row.fields("inbound", i)));
        fields.extend(self.outbound.iter().enumerate().flat_map(|(i, row)| row.fields("outbound", i)));
        fields.extend(self.tags.iter().enumerate().flat_map(|(i, tag)| tag.fields("tags", i)));
        fields
    }
}

/// The group form checked: its own fields, each rule editor and the tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupFormCheck {
    pub name: Option<GroupProblem>,
    pub description: Option<GroupProblem>,
    pub vpc: Option<GroupProblem>,
    pub inbound: RulesCheck,
    pub outbound: RulesCheck,
    pub tags: TagsCheck,
}

impl GroupFormCheck {
    /// Checks `form` against `peers`, what rules in its VPC may name (and the new group).
    pub fn of(form: &GroupForm, peers: &Peers) -> GroupFormCheck {
        let peers = with_new_group(peers);
        GroupFormCheck {
            name: check_group_name(form.name.trim()),
            description: check_group_description(form.description.trim()),
            vpc: form.vpc_id.trim().is_empty().then_some(GroupProblem::VpcMissing),
            inbound: RulesCheck::of(&form.inbound, &peers),
            outbound: RulesCheck::of(&form.outbound, &peers),
            tags: TagsCheck::of(&form.tags),
        }
    }

    /// How many fields (rule and tag rows counted one each) need fixing.
    pub fn problems(&self) -> usize {
        let own = [self.name, self.description, self.vpc].iter().flatten().count();
        let rules = |check: &RulesCheck| check.rows_with_problems() + usize::from(check.quota.is_some());
        let tags = self.tags.rows.iter().filter(|(k, v)| k.is_some() || v.is_some()).count()
            + usize::from(self.tags.set.is_some());
        own + rules(&self.inbound) + rules(&self.outbound) + tags
    }
}

/// `peers` and the group being created, as [`NEW_GROUP`]: what a rule of the group form may name.
pub fn with_new_group(peers: &Peers) -> Peers {
    let mut peers = peers.clone();
    peers.groups.push(PeerGroup { id: NEW_GROUP.into(), name: None, owner: None });
    peers
}

/// The rows of `rows` (by index) whose peer is a security group the form's VPC does not have:
/// after a copy to another VPC, the references to the source VPC's groups, which EC2 cannot
/// make there.
pub fn foreign_references(rows: &[RuleRow], check: &RulesCheck) -> Vec<(usize, String)> {
    rows.iter()
        .zip(&check.rows)
        .enumerate()
        .filter(|(_, (_, problems))| problems.peer == Some(super::Problem::GroupUnknown))
        .map(|(i, (row, _))| (i, row.peer.trim().to_owned()))
        .collect()
}

/// The outbound rules EC2 gives a new group: all traffic to 0.0.0.0/0, and to ::/0 in a VPC
/// with IPv6.
pub fn default_outbound(vpc_has_ipv6: bool) -> Vec<Rule> {
    let all_to = |peer: Peer| Rule {
        id: None,
        protocol: super::Protocol::All,
        from_port: -1,
        to_port: -1,
        peer,
        description: None,
        tags: Vec::new(),
    };
    let mut rules = vec![all_to(Peer::Ipv4("0.0.0.0/0".into()))];
    if vpc_has_ipv6 {
        rules.push(all_to(Peer::Ipv6("::/0".into())));
    }
    rules
}

/// `rules` with the new group's id in place of [`NEW_GROUP`].
pub fn naming_new_group(rules: &[Rule], id: &str) -> Vec<Rule> {
    rules
        .iter()
        .cloned()
        .map(|mut rule| {
            if let Peer::Group { id: peer, .. } = &mut rule.peer
                && peer == NEW_GROUP
            {
                *peer = id.to_owned();
            }
            rule
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Problem, Protocol, Tag};

    #[test]
    fn names_and_descriptions_as_ec2_checks_them() {
        assert_eq!(check_group_name("web tier (prod) #2"), None);
        assert_eq!(check_group_name(""), Some(GroupProblem::NameMissing));
        assert_eq!(check_group_name(&"a".repeat(256)), Some(GroupProblem::NameTooLong));
        assert_eq!(check_group_name(&"a".repeat(255)), None);
        assert_eq!(check_group_name("web%"), Some(GroupProblem::NameChar('%')));
        assert_eq!(check_group_name("sg-web"), Some(GroupProblem::NameSgPrefix));
        assert_eq!(check_group_name("SG-web"), Some(GroupProblem::NameSgPrefix));
        assert_eq!(check_group_description(""), Some(GroupProblem::DescriptionMissing));
        assert_eq!(check_group_description("naïve"), Some(GroupProblem::DescriptionChar('ï')));
        assert_eq!(check_group_description(&"d".repeat(256)), Some(GroupProblem::DescriptionTooLong));
    }

    fn group() -> SecurityGroup {
        let rule = |port: i32, peer: Peer| Rule {
            id: Some(format!("sgr-{port}")),
            protocol: Protocol::Tcp,
            from_port: port,
            to_port: port,
            peer,
            description: None,
            tags: Vec::new(),
        };
        let to = |id: &str| Peer::Group { id: id.into(), name: None, owner: None };
        SecurityGroup {
            id: "sg-0aaaaaaaaaaaaaaaa".into(),
            name: "app".into(),
            description: "Application servers".into(),
            vpc_id: "vpc-1".into(),
            owner_id: "123456789012".into(),
            inbound: vec![rule(8080, to("sg-0aaaaaaaaaaaaaaaa")), rule(8081, to("sg-0bbbbbbbbbbbbbbbb"))],
            outbound: vec![rule(443, Peer::Ipv4("0.0.0.0/0".into()))],
            tags: vec![Tag { key: "team".into(), value: "backend".into() }],
        }
    }

    fn peers(groups: &[&str]) -> Peers {
        Peers {
            groups: groups.iter().map(|id| PeerGroup { id: (*id).into(), name: None, owner: None }).collect(),
            ..Peers::default()
        }
    }

    #[test]
    fn untouched_default_outbound_rules_follow_the_vpc_chosen() {
        let mut form = GroupForm::new("vpc-1", false);
        form.default_outbound_follows(false, true);
        assert_eq!(form.outbound, GroupForm::new("vpc-2", true).outbound, "::/0 added for a VPC with IPv6");
        form.default_outbound_follows(true, false);
        assert_eq!(form.outbound, GroupForm::new("vpc-1", false).outbound, "::/0 gone again");

        form.outbound[0].kind = crate::model::Kind::CustomTcp.key();
        form.outbound[0].ports = "443".into();
        let changed = form.outbound.clone();
        form.default_outbound_follows(false, true);
        assert_eq!(form.outbound, changed, "rules the person changed stay");
    }

    #[test]
    fn a_copy_names_the_new_group_where_the_source_named_itself() {
        let mut form = GroupForm::copy_of(&group());
        assert_eq!(
            (form.name.as_str(), form.description.as_str(), form.vpc_id.as_str()),
            ("", "Application servers", "vpc-1")
        );
        assert_eq!(form.inbound[0].peer, NEW_GROUP);
        assert_eq!(form.inbound[1].peer, "sg-0bbbbbbbbbbbbbbbb");
        assert!(form.inbound.iter().all(|r| r.id.is_empty()), "the copy's rules are new");
        assert_eq!(form.tags, [TagRow { key: "team".into(), value: "backend".into() }]);

        form.name = "app-copy".into();
        let same_vpc = GroupFormCheck::of(&form, &peers(&["sg-0aaaaaaaaaaaaaaaa", "sg-0bbbbbbbbbbbbbbbb"]));
        assert_eq!(same_vpc.problems(), 0);
        let rules = same_vpc.inbound.rules.expect("rules");
        let created = naming_new_group(&rules, "sg-0cccccccccccccccc");
        assert!(matches!(&created[0].peer, Peer::Group { id, .. } if id == "sg-0cccccccccccccccc"));
        assert!(matches!(&created[1].peer, Peer::Group { id, .. } if id == "sg-0bbbbbbbbbbbbbbbb"));
    }

    #[test]
    fn a_copy_to_another_vpc_cannot_name_the_source_vpcs_groups() {
        let mut form = GroupForm::copy_of(&group());
        form.name = "app-elsewhere".into();
        form.vpc_id = "vpc-2".into();
        // The other VPC's groups: none of the source VPC's.
        let check = GroupFormCheck::of(&form, &peers(&["sg-0dddddddddddddddd"]));
        assert_eq!(check.inbound.rows[0].peer, None, "the new group itself is fine in any VPC");
        assert_eq!(check.inbound.rows[1].peer, Some(Problem::GroupUnknown));
        assert_eq!(check.problems(), 1);
        assert_eq!(foreign_references(&form.inbound, &check.inbound), [(1, "sg-0bbbbbbbbbbbbbbbb".to_owned())]);
        assert!(foreign_references(&form.outbound, &check.outbound).is_empty());
    }

    #[test]
    fn a_new_group_starts_with_the_default_outbound_rules() {
        let v4 = GroupForm::new("vpc-1", false);
        assert_eq!(v4.outbound.iter().map(|r| r.peer.as_str()).collect::<Vec<_>>(), ["0.0.0.0/0"]);
        let both = GroupForm::new("vpc-1", true);
        let check =
            GroupFormCheck::of(&GroupForm { name: "web".into(), description: "Web".into(), ..both }, &Peers::default());
        assert_eq!(check.problems(), 0);
        let rules = check.outbound.rules.expect("rules");
        assert!(rules.iter().all(|r| r.protocol == Protocol::All));
        assert_eq!(rules.len(), 2);
    }
}
