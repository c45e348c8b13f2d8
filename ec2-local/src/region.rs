//! One region's resources and the rules EC2 enforces on them. Every change goes through a
//! [`Table`], so a request's changes can be persisted or rolled back together.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::{Ec2Error, Result};
use crate::ids;
use crate::model::{
    Instance, LaunchTemplate, NetworkInterface, OWNER_ID, Peer, PrefixList, Protocol, Rule, RuleSpec, SecurityGroup,
    Subnet, Tags, Vpc,
};
use crate::parse::{self, PeerRef, RequestedRule};
use crate::table::Table;

/// Inbound and outbound rules per group, per address family.
pub const RULES_PER_GROUP: usize = 60;
/// Security groups per network interface.
pub const GROUPS_PER_INTERFACE: usize = 5;
/// Security groups per region.
pub const GROUPS_PER_REGION: usize = 2500;
/// Tags per resource.
pub const TAGS_PER_RESOURCE: usize = 50;

#[derive(Debug, Clone, Default)]
pub struct Region {
    pub name: String,
    pub vpcs: Table<Vpc>,
    pub subnets: Table<Subnet>,
    pub groups: Table<SecurityGroup>,
    pub prefix_lists: Table<PrefixList>,
    pub instances: Table<Instance>,
    pub interfaces: Table<NetworkInterface>,
    pub launch_templates: Table<LaunchTemplate>,
}

/// One stored row: a resource and its kind.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Stored {
    Vpc(Vpc),
    Subnet(Subnet),
    SecurityGroup(SecurityGroup),
    PrefixList(PrefixList),
    Instance(Instance),
    NetworkInterface(NetworkInterface),
    LaunchTemplate(LaunchTemplate),
}

impl Region {
    pub fn new(name: &str) -> Self {
        Self { name: name.to_owned(), ..Self::default() }
    }

    /// The stored form of the resource `id`, or `None` when it no longer exists.
    pub fn row(&self, id: &str) -> Option<Stored> {
        let prefix = id.split('-').next().unwrap_or_default();
        match prefix {
            "vpc" => self.vpcs.get(id).cloned().map(Stored::Vpc),
            "subnet" => self.subnets.get(id).cloned().map(Stored::Subnet),
            "sg" => self.groups.get(id).cloned().map(Stored::SecurityGroup),
            "pl" => self.prefix_lists.get(id).cloned().map(Stored::PrefixList),
            "i" => self.instances.get(id).cloned().map(Stored::Instance),
            "eni" => self.interfaces.get(id).cloned().map(Stored::NetworkInterface),
            "lt" => self.launch_templates.get(id).cloned().map(Stored::LaunchTemplate),
            _ => None,
        }
    }

    /// Puts a stored row in place, without counting it as changed (loading the file).
    pub fn load(&mut self, id: &str, row: Stored) {
        match row {
            Stored::Vpc(r) => self.vpcs.load(id, r),
            Stored::Subnet(r) => self.subnets.load(id, r),
            Stored::SecurityGroup(r) => self.groups.load(id, r),
            Stored::PrefixList(r) => self.prefix_lists.load(id, r),
            Stored::Instance(r) => self.instances.load(id, r),
            Stored::NetworkInterface(r) => self.interfaces.load(id, r),
            Stored::LaunchTemplate(r) => self.launch_templates.load(id, r),
        }
    }

    /// Ids of every resource changed since the last commit or rollback.
    pub fn changed(&self) -> BTreeSet<String> {
        let mut ids: BTreeSet<String> = BTreeSet::new();
        ids.extend(self.vpcs.changed().cloned());
        ids.extend(self.subnets.changed().cloned());
        ids.extend(self.groups.changed().cloned());
        ids.extend(self.prefix_lists.changed().cloned());
        ids.extend(self.instances.changed().cloned());
        ids.extend(self.interfaces.changed().cloned());
        ids.extend(self.launch_templates.changed().cloned());
        ids
    }

    /// The changes are written to the file.
    pub fn commit(&mut self) {
        self.vpcs.commit();
        self.subnets.commit();
        self.groups.commit();
        self.prefix_lists.commit();
        self.instances.commit();
        self.interfaces.commit();
        self.launch_templates.commit();
    }

    /// Undoes every change since the last commit (a request that failed, or could not be
    /// written).
    pub fn rollback(&mut self) {
        self.vpcs.rollback();
        self.subnets.rollback();
        self.groups.rollback();
        self.prefix_lists.rollback();
        self.instances.rollback();
        self.interfaces.rollback();
        self.launch_templates.rollback();
    }

    /// Every resource's id, for a full save.
    pub fn all_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        ids.extend(self.vpcs.values().map(|r| r.id.clone()));
        ids.extend(self.subnets.values().map(|r| r.id.clone()));
        ids.extend(self.groups.values().map(|r| r.id.clone()));
        ids.extend(self.prefix_lists.values().map(|r| r.id.clone()));
        ids.extend(self.instances.values().map(|r| r.id.clone()));
        ids.extend(self.interfaces.values().map(|r| r.id.clone()));
        ids.extend(self.launch_templates.values().map(|r| r.id.clone()));
        ids
    }

    // ---- Lookups, answering EC2's errors ----

    pub fn vpc(&self, id: &str) -> Result<&Vpc> {
        find(&self.vpcs, id, &VPC_ID)
    }

    pub fn default_vpc(&self) -> Result<&Vpc> {
        self.vpcs
            .values()
            .find(|v| v.is_default)
            .ok_or_else(|| Ec2Error::new("VPCIdNotSpecified", "No default VPC for this user. Name a VPC with its id."))
    }

    pub fn subnet(&self, id: &str) -> Result<&Subnet> {
        find(&self.subnets, id, &SUBNET_ID)
    }

    pub fn group(&self, id: &str) -> Result<&SecurityGroup> {
        find(&self.groups, id, &GROUP_ID)
    }

    /// The group named `name` in `vpc_id` (names are unique per VPC, ignoring case).
    pub fn group_named(&self, vpc_id: &str, name: &str) -> Option<&SecurityGroup> {
        self.groups.values().find(|g| g.vpc_id == vpc_id && g.name.eq_ignore_ascii_case(name))
    }

    /// A group by name, which EC2 looks up in the default VPC only.
    pub fn group_by_name(&self, name: &str) -> Result<&SecurityGroup> {
        let not_found = || {
            Ec2Error::new("InvalidGroup.NotFound", format!("The security group '{name}' does not exist in default VPC"))
        };
        let vpc = self.default_vpc().map_err(|_| not_found())?;
        self.groups.values().find(|g| g.vpc_id == vpc.id && g.name == name).ok_or_else(not_found)
    }

    /// The group a request names with `GroupId`, or with `GroupName` in the default VPC.
    pub fn group_from(&self, params: &crate::query::Params) -> Result<&SecurityGroup> {
        match (params.get("GroupId"), params.get("GroupName")) {
            (Some(id), _) => self.group(id),
            (None, Some(name)) => self.group_by_name(name),
            (None, None) => Err(Ec2Error::missing("GroupId")),
        }
    }

    /// A group that must be in `vpc_id`: EC2 answers NotFound for a group of another VPC.
    pub fn group_in_vpc(&self, id: &str, vpc_id: &str) -> Result<&SecurityGroup> {
        let group = self.group(id)?;
        if group.vpc_id != vpc_id {
            return Err(Ec2Error::new(
                "InvalidGroup.NotFound",
                format!("The security group '{id}' does not exist in VPC '{vpc_id}'"),
            ));
        }
        Ok(group)
    }

    pub fn prefix_list(&self, id: &str) -> Result<&PrefixList> {
        find(&self.prefix_lists, id, &PREFIX_LIST_ID)
    }

    pub fn instance(&self, id: &str) -> Result<&Instance> {
        find(&self.instances, id, &INSTANCE_ID)
    }

    pub fn interface(&self, id: &str) -> Result<&NetworkInterface> {
        find(&self.interfaces, id, &INTERFACE_ID)
    }

    pub fn launch_template(&self, id: &str) -> Result<&LaunchTemplate> {
        find(&self.launch_templates, id, &LAUNCH_TEMPLATE_ID)
    }

    /// The group holding rule `rule_id` and whether the rule is outbound.
    pub fn rule_owner(&self, rule_id: &str) -> Result<(&SecurityGroup, bool)> {
        self.groups
            .values()
            .find_map(|g| g.all_rules().find(|(_, r)| r.id == rule_id).map(|(egress, _)| (g, egress)))
            .ok_or_else(|| rule_not_found(rule_id))
    }

    // ---- Groups ----

    /// Creates a group with EC2's default outbound rules and returns its id.
    pub fn create_group(&mut self, name: &str, description: &str, vpc_id: &str, tags: Tags) -> Result<String> {
        parse::group_name(name)?;
        parse::group_description(description)?;
        check_tags(&Tags::new(), &tags)?;
        let vpc = self.vpc(vpc_id)?;
        let has_ipv6 = vpc.ipv6.is_some();
        if self.group_named(vpc_id, name).is_some() {
            return Err(Ec2Error::new(
                "InvalidGroup.Duplicate",
                format!("The security group '{name}' already exists for VPC '{vpc_id}'"),
            ));
        }
        if self.groups.len() >= GROUPS_PER_REGION {
            return Err(Ec2Error::new(
                "SecurityGroupLimitExceeded",
                format!("The maximum number of security groups for the region ({GROUPS_PER_REGION}) has been reached."),
            ));
        }
        let id = ids::new_id("sg");
        let mut egress = vec![rule(Protocol::All, Peer::Ipv4(ipnet::Ipv4Net::default()))];
        if has_ipv6 {
            egress.push(rule(Protocol::All, Peer::Ipv6(ipnet::Ipv6Net::default())));
        }
        let group = SecurityGroup {
            id: id.clone(),
            name: name.to_owned(),
            description: description.to_owned(),
            vpc_id: vpc_id.to_owned(),
            ingress: Vec::new(),
            egress,
            tags,
        };
        self.groups.insert(id.clone(), group);
        Ok(id)
    }

    /// Creates `vpc_id`'s `default` group: all inbound from itself, all outbound.
    pub fn create_default_group(&mut self, vpc_id: &str) -> Result<String> {
        let id = self.create_group("default", "default VPC security group", vpc_id, Tags::new())?;
        if let Some(group) = self.groups.get_mut(&id) {
            let myself = Peer::Group { group_id: id.clone(), user_id: OWNER_ID.to_owned() };
            group.ingress.push(rule(Protocol::All, myself));
        }
        Ok(id)
    }

    pub fn delete_group(&mut self, id: &str) -> Result<()> {
        let group = self.group(id)?;
        if group.is_default() {
            return Err(Ec2Error::new(
                "CannotDelete",
                format!("the specified group: \"{id}\" name: \"default\" cannot be deleted by a user"),
            ));
        }
        if let Some(eni) = self.interfaces.values().find(|n| n.groups.iter().any(|g| g == id)) {
            return Err(Ec2Error::new(
                "DependencyViolation",
                format!("resource {id} has a dependent object: it is attached to network interface {}", eni.id),
            ));
        }
        let referenced_by = self.groups.values().find(|g| {
            g.all_rules().any(|(_, r)| matches!(&r.spec.peer, Peer::Group { group_id, .. } if group_id == id))
        });
        if let Some(other) = referenced_by {
            return Err(Ec2Error::new(
                "DependencyViolation",
                format!(
                    "resource {id} has a dependent object: it is referenced by a rule of security group {}",
                    other.id
                ),
            ));
        }
        self.groups.remove(id);
        Ok(())
    }

    // ---- Rules ----

    /// Resolves the peers a request names, in the VPC of `group`.
    pub fn resolve(&self, group: &SecurityGroup, requested: &[RequestedRule]) -> Result<Vec<RuleSpec>> {
        requested
            .iter()
            .map(|r| {
                let peer = match &r.peer {
                    PeerRef::Ipv4(net) => Peer::Ipv4(*net),
                    PeerRef::Ipv6(net) => Peer::Ipv6(*net),
                    PeerRef::GroupId(id) => Peer::Group {
                        group_id: self.group_in_vpc(id, &group.vpc_id)?.id.clone(),
                        user_id: OWNER_ID.to_owned(),
                    },
                    PeerRef::GroupName(name) => {
                        let peer = self.group_named(&group.vpc_id, name).ok_or_else(|| {
                            Ec2Error::new(
                                "InvalidGroup.NotFound",
                                format!("The security group '{name}' does not exist in VPC '{}'", group.vpc_id),
                            )
                        })?;
                        Peer::Group { group_id: peer.id.clone(), user_id: OWNER_ID.to_owned() }
                    }
                    PeerRef::PrefixList(id) => Peer::PrefixList(self.prefix_list(id)?.id.clone()),
                };
                Ok(r.with_peer(peer))
            })
            .collect()
    }

    /// Adds rules to a group: no duplicates, within the per-family quota. Returns the new rules.
    pub fn add_rules(&mut self, group_id: &str, egress: bool, specs: Vec<RuleSpec>, tags: Tags) -> Result<Vec<Rule>> {
        check_tags(&Tags::new(), &tags)?;
        let group = self.group(group_id)?;
        let existing = group.rules(egress);
        for (i, spec) in specs.iter().enumerate() {
            let repeated = specs[..i].iter().any(|s| s.same_rule(spec));
            if repeated || existing.iter().any(|r| r.spec.same_rule(spec)) {
                return Err(Ec2Error::new(
                    "InvalidPermission.Duplicate",
                    format!("the specified rule \"{}\" already exists", describe_rule(spec)),
                ));
            }
        }
        let specs_all: Vec<&RuleSpec> = existing.iter().map(|r| &r.spec).chain(specs.iter()).collect();
        self.check_quota(group_id, egress, &specs_all)?;
        let rules: Vec<Rule> =
            specs.into_iter().map(|spec| Rule { id: ids::new_id("sgr"), spec, tags: tags.clone() }).collect();
        if let Some(group) = self.groups.get_mut(group_id) {
            group.rules_mut(egress).extend(rules.iter().cloned());
        }
        Ok(rules)
    }

    /// EC2's quota: 60 rules per direction per address family. A group reference counts in both
    /// families; a prefix list counts as its maximum number of entries in its family.
    pub fn check_quota(&self, group_id: &str, egress: bool, specs: &[&RuleSpec]) -> Result<()> {
        let (mut v4, mut v6) = (0usize, 0usize);
        for spec in specs {
            match &spec.peer {
                Peer::Ipv4(_) => v4 += 1,
                Peer::Ipv6(_) => v6 += 1,
                Peer::Group { .. } => {
                    v4 += 1;
                    v6 += 1;
                }
                Peer::PrefixList(id) => {
                    let list = self.prefix_list(id)?;
                    let weight = list.max_entries as usize;
                    if list.address_family == "IPv6" { v6 += weight } else { v4 += weight }
                }
            }
        }
        if v4 > RULES_PER_GROUP || v6 > RULES_PER_GROUP {
            let direction = if egress { "outbound" } else { "inbound" };
            let family = if v4 > RULES_PER_GROUP { "IPv4" } else { "IPv6" };
            return Err(Ec2Error::new(
                "RulesPerSecurityGroupLimitExceeded",
                format!(
                    "The maximum number of rules per security group has been reached: {group_id} may have at most {RULES_PER_GROUP} {direction} {family} rules (a prefix list counts as its maximum number of entries)."
                ),
            ));
        }
        Ok(())
    }

    /// Removes the rules matching `specs` (descriptions ignored). Returns the removed rules and the
    /// specs that matched nothing. As in EC2, a spec that matches nothing is an error
    /// (`InvalidPermission.NotFound`, nothing removed) except in the default VPC, where the
    /// others are removed and the unmatched ones are reported back.
    pub fn revoke_matching(
        &mut self,
        group_id: &str,
        egress: bool,
        specs: &[RuleSpec],
    ) -> Result<(Vec<Rule>, Vec<RuleSpec>)> {
        let group = self.group(group_id)?;
        let (known, unknown): (Vec<&RuleSpec>, Vec<&RuleSpec>) =
            specs.iter().partition(|s| group.rules(egress).iter().any(|r| r.spec.same_rule(s)));
        let in_default_vpc = self.vpcs.get(&group.vpc_id).is_some_and(|v| v.is_default);
        if let Some(missing) = unknown.first().filter(|_| !in_default_vpc) {
            return Err(Ec2Error::new(
                "InvalidPermission.NotFound",
                format!("The specified rule \"{}\" does not exist in this security group.", describe_rule(missing)),
            ));
        }
        let unknown = unknown.into_iter().cloned().collect();
        let mut removed = Vec::new();
        if let Some(group) = self.groups.get_mut(group_id) {
            group.rules_mut(egress).retain(|r| {
                let matched = known.iter().any(|s| r.spec.same_rule(s));
                if matched {
                    removed.push(r.clone());
                }
                !matched
            });
        }
        Ok((removed, unknown))
    }

    /// Removes rules by id; every id must be a rule of this group in this direction.
    pub fn revoke_ids(&mut self, group_id: &str, egress: bool, rule_ids: &[String]) -> Result<Vec<Rule>> {
        let group = self.group(group_id)?;
        if let Some(missing) = rule_ids.iter().find(|id| !group.rules(egress).iter().any(|r| &r.id == *id)) {
            return Err(rule_not_found(missing));
        }
        let mut removed = Vec::new();
        if let Some(group) = self.groups.get_mut(group_id) {
            group.rules_mut(egress).retain(|r| {
                let matched = rule_ids.contains(&r.id);
                if matched {
                    removed.push(r.clone());
                }
                !matched
            });
        }
        Ok(removed)
    }

    /// Sets the tags of any taggable resource (an `sgr-` rule too).
    pub fn tags_mut(&mut self, resource_id: &str) -> Result<&mut Tags> {
        let prefix = resource_id.split('-').next().unwrap_or_default();
        match prefix {
            "sgr" => {
                let (group, _) = self.rule_owner(resource_id)?;
                let group_id = group.id.clone();
                let group = self.groups.get_mut(&group_id).ok_or_else(|| rule_not_found(resource_id))?;
                let rule = group
                    .ingress
                    .iter_mut()
                    .chain(group.egress.iter_mut())
                    .find(|r| r.id == resource_id)
                    .ok_or_else(|| rule_not_found(resource_id))?;
                Ok(&mut rule.tags)
            }
            "sg" => Ok(&mut find_mut(&mut self.groups, resource_id, &GROUP_ID)?.tags),
            "vpc" => Ok(&mut find_mut(&mut self.vpcs, resource_id, &VPC_ID)?.tags),
            "subnet" => Ok(&mut find_mut(&mut self.subnets, resource_id, &SUBNET_ID)?.tags),
            "i" => Ok(&mut find_mut(&mut self.instances, resource_id, &INSTANCE_ID)?.tags),
            "eni" => Ok(&mut find_mut(&mut self.interfaces, resource_id, &INTERFACE_ID)?.tags),
            "pl" => Ok(&mut find_mut(&mut self.prefix_lists, resource_id, &PREFIX_LIST_ID)?.tags),
            "lt" => Ok(&mut find_mut(&mut self.launch_templates, resource_id, &LAUNCH_TEMPLATE_ID)?.tags),
            _ => Err(invalid_id(resource_id)),
        }
    }

    /// Checks the groups for one network interface in `vpc_id`: 1-5 groups, all of that VPC.
    pub fn check_interface_groups(&self, vpc_id: &str, group_ids: &[String]) -> Result<()> {
        if group_ids.len() > GROUPS_PER_INTERFACE {
            return Err(Ec2Error::new(
                "SecurityGroupsPerInterfaceLimitExceeded",
                format!(
                    "You have exceeded the maximum number of security groups allowed per network interface ({GROUPS_PER_INTERFACE}); {} were given.",
                    group_ids.len()
                ),
            ));
        }
        for id in group_ids {
            self.group_in_vpc(id, vpc_id)?;
        }
        Ok(())
    }
}

/// What EC2 answers about an id of one kind of resource: its shape is wrong, or it names nothing.
struct IdKind {
    prefix: &'static str,
    malformed: &'static str,
    not_found: &'static str,
    /// How EC2's message names the id: "The {noun} 'x' does not exist".
    noun: &'static str,
}

const VPC_ID: IdKind =
    IdKind { prefix: "vpc", malformed: "InvalidVpcId.Malformed", not_found: "InvalidVpcID.NotFound", noun: "vpc ID" };
const SUBNET_ID: IdKind = IdKind {
    prefix: "subnet",
    malformed: "InvalidSubnetID.Malformed",
    not_found: "InvalidSubnetID.NotFound",
    noun: "subnet ID",
};
const GROUP_ID: IdKind = IdKind {
    prefix: "sg",
    malformed: "InvalidGroupId.Malformed",
    not_found: "InvalidGroup.NotFound",
    noun: "security group",
};
const PREFIX_LIST_ID: IdKind = IdKind {
    prefix: "pl",
    malformed: "InvalidPrefixListId.Malformed",
    not_found: "InvalidPrefixListID.NotFound",
    noun: "prefix list ID",
};
const INSTANCE_ID: IdKind = IdKind {
    prefix: "i",
    malformed: "InvalidInstanceID.Malformed",
    not_found: "InvalidInstanceID.NotFound",
    noun: "instance ID",
};
const INTERFACE_ID: IdKind = IdKind {
    prefix: "eni",
    malformed: "InvalidNetworkInterfaceId.Malformed",
    not_found: "InvalidNetworkInterfaceID.NotFound",
    noun: "networkInterface ID",
};

const LAUNCH_TEMPLATE_ID: IdKind = IdKind {
    prefix: "lt",
    malformed: "InvalidLaunchTemplateId.Malformed",
    not_found: "InvalidLaunchTemplateId.NotFound",
    noun: "launch template ID",
};

fn find<'a, T: Clone>(table: &'a Table<T>, id: &str, kind: &IdKind) -> Result<&'a T> {
    kind.check_shape(id)?;
    table.get(id).ok_or_else(|| kind.not_found(id))
}

/// [`find`], for changing the row.
fn find_mut<'a, T: Clone>(table: &'a mut Table<T>, id: &str, kind: &IdKind) -> Result<&'a mut T> {
    kind.check_shape(id)?;
    table.get_mut(id).ok_or_else(|| kind.not_found(id))
}

impl IdKind {
    fn check_shape(&self, id: &str) -> Result<()> {
        if ids::is_well_formed(id, self.prefix) {
            Ok(())
        } else {
            Err(Ec2Error::new(self.malformed, format!("Invalid id: \"{id}\" (expecting \"{}-...\")", self.prefix)))
        }
    }

    fn not_found(&self, id: &str) -> Ec2Error {
        Ec2Error::new(self.not_found, format!("The {} '{id}' does not exist", self.noun))
    }
}

/// A new rule allowing `protocol` (all ports) with `peer`.
fn rule(protocol: Protocol, peer: Peer) -> Rule {
    Rule {
        id: ids::new_id("sgr"),
        spec: RuleSpec { protocol, from_port: -1, to_port: -1, peer, description: None },
        tags: Tags::new(),
    }
}

fn rule_not_found(id: &str) -> Ec2Error {
    Ec2Error::new("InvalidSecurityGroupRuleId.NotFound", format!("The security group rule ID '{id}' does not exist"))
}

fn invalid_id(id: &str) -> Ec2Error {
    Ec2Error::new("InvalidID", format!("The ID '{id}' is not valid"))
}

/// A rule in the words of EC2's duplicate message.
pub fn describe_rule(spec: &RuleSpec) -> String {
    let peer = match &spec.peer {
        Peer::Ipv4(net) => net.to_string(),
        Peer::Ipv6(net) => net.to_string(),
        Peer::Group { group_id, .. } => group_id.clone(),
        Peer::PrefixList(id) => id.clone(),
    };
    format!(
        "peer: {peer}, {}, from port: {}, to port: {}, ALLOW",
        spec.protocol.wire().to_uppercase(),
        spec.from_port,
        spec.to_port
    )
}

/// Checks tags to add to a resource that has `existing` ones: each valid, at most 50 in all.
pub fn check_tags(existing: &Tags, added: &Tags) -> Result<()> {
    for (key, value) in added {
        parse::tag(key, value)?;
    }
    let total = existing.keys().chain(added.keys().filter(|k| !existing.contains_key(*k))).count();
    if total > TAGS_PER_RESOURCE {
        return Err(Ec2Error::new(
            "TagLimitExceeded",
            format!(
                "The maximum number of tags per resource ({TAGS_PER_RESOURCE}) would be exceeded: it would have {total}."
            ),
        ));
    }
    Ok(())
}
