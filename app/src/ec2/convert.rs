//! aws-sdk-ec2's types mapped to the app's model. SDK types go no further than this module.

use aws_sdk_ec2::types as sdk;

use crate::model::{Peer, PeerPrefixList, Protocol, Rule, SecurityGroup, Tag, Vpc};

fn tags(tags: &[sdk::Tag]) -> Vec<Tag> {
    tags.iter()
        .map(|t| Tag { key: t.key().unwrap_or_default().to_owned(), value: t.value().unwrap_or_default().to_owned() })
        .collect()
}

pub fn name_tag(tags: &[sdk::Tag]) -> Option<String> {
    tags.iter().find(|t| t.key() == Some("Name")).and_then(|t| t.value()).map(str::to_owned)
}

/// EC2 always names a protocol. Should it ever send one this code cannot read, the rule is shown
/// as all traffic: overstating what a rule allows is the safer mistake in a security tool.
fn protocol(value: Option<&str>) -> Protocol {
    value.and_then(Protocol::from_wire).unwrap_or(Protocol::All)
}

/// EC2 groups a protocol and port range with all its peers; the app keeps one rule per peer.
/// Takes EC2's strings rather than copying them: a region of 2,500 groups x 120 rules has
/// 300,000 rules to convert.
fn rules_from_permissions(permissions: Option<Vec<sdk::IpPermission>>) -> Vec<Rule> {
    let permissions = permissions.unwrap_or_default();
    let peers = |p: &sdk::IpPermission| {
        p.ip_ranges().len() + p.ipv6_ranges().len() + p.user_id_group_pairs().len() + p.prefix_list_ids().len()
    };
    let mut rules = Vec::with_capacity(permissions.iter().map(peers).sum());
    for p in permissions {
        let protocol = protocol(p.ip_protocol());
        let (from_port, to_port) = (p.from_port.unwrap_or(-1), p.to_port.unwrap_or(-1));
        let mut push = |peer: Peer, description: Option<String>| {
            rules.push(Rule {
                id: None,
                protocol,
                from_port,
                to_port,
                peer,
                description: description.filter(|d| !d.is_empty()),
                tags: Vec::new(),
            })
        };
        for r in p.ip_ranges.unwrap_or_default() {
            push(Peer::Ipv4(r.cidr_ip.unwrap_or_default()), r.description);
        }
        for r in p.ipv6_ranges.unwrap_or_default() {
            push(Peer::Ipv6(r.cidr_ipv6.unwrap_or_default()), r.description);
        }
        for g in p.user_id_group_pairs.unwrap_or_default() {
            let peer = Peer::Group { id: g.group_id.unwrap_or_default(), name: g.group_name, owner: g.user_id };
            push(peer, g.description);
        }
        for l in p.prefix_list_ids.unwrap_or_default() {
            push(Peer::PrefixList { id: l.prefix_list_id.unwrap_or_default(), name: None }, l.description);
        }
    }
    rules
}

pub fn security_group(group: sdk::SecurityGroup) -> SecurityGroup {
    SecurityGroup {
        tags: tags(group.tags()),
        id: group.group_id.unwrap_or_default(),
        name: group.group_name.unwrap_or_default(),
        description: group.description.unwrap_or_default(),
        vpc_id: group.vpc_id.unwrap_or_default(),
        owner_id: group.owner_id.unwrap_or_default(),
        inbound: rules_from_permissions(group.ip_permissions),
        outbound: rules_from_permissions(group.ip_permissions_egress),
    }
}

/// A rule from DescribeSecurityGroupRules, which, unlike IpPermissions, carries its `sgr-` id.
pub fn rule(rule: &sdk::SecurityGroupRule) -> Rule {
    let peer = if let Some(cidr) = rule.cidr_ipv4() {
        Peer::Ipv4(cidr.to_owned())
    } else if let Some(cidr) = rule.cidr_ipv6() {
        Peer::Ipv6(cidr.to_owned())
    } else if let Some(list) = rule.prefix_list_id() {
        Peer::PrefixList { id: list.to_owned(), name: None }
    } else {
        let referenced = rule.referenced_group_info();
        let id = referenced.and_then(|g| g.group_id()).unwrap_or_default().to_owned();
        Peer::Group { id, name: None, owner: referenced.and_then(|g| g.user_id()).map(str::to_owned) }
    };
    Rule {
        id: rule.security_group_rule_id().map(str::to_owned),
        protocol: protocol(rule.ip_protocol()),
        from_port: rule.from_port().unwrap_or(-1),
        to_port: rule.to_port().unwrap_or(-1),
        peer,
        description: rule.description().filter(|d| !d.is_empty()).map(str::to_owned),
        tags: tags(rule.tags()),
    }
}

pub fn vpc(vpc: &sdk::Vpc) -> Vpc {
    Vpc {
        id: vpc.vpc_id().unwrap_or_default().to_owned(),
        name: name_tag(vpc.tags()),
        ipv6: !vpc.ipv6_cidr_block_association_set().is_empty(),
        is_default: vpc.is_default().unwrap_or(false),
    }
}

/// A managed prefix list as a rule may name it.
pub fn prefix_list(list: &sdk::ManagedPrefixList) -> PeerPrefixList {
    PeerPrefixList {
        id: list.prefix_list_id().unwrap_or_default().to_owned(),
        name: list.prefix_list_name().unwrap_or_default().to_owned(),
        max_entries: list.max_entries().and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
        ipv6: list.address_family() == Some("IPv6"),
    }
}
