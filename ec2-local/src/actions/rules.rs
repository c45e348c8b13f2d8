//! Authorize, Revoke, DescribeSecurityGroupRules, ModifySecurityGroupRules and
//! UpdateSecurityGroupRuleDescriptions, for both directions.

use crate::error::{Ec2Error, Result};
use crate::filters::{self};
use crate::model::{OWNER_ID, Peer, Rule, RuleSpec, SecurityGroup};
use crate::parse::{self, PeerRef, RequestedRule};
use crate::query::Params;
use crate::region::{Region, describe_rule};
use crate::xml::Xml;

pub fn authorize(region: &mut Region, params: &Params, x: &mut Xml, egress: bool) -> Result<()> {
    let group = region.group_from(params)?;
    let group_id = group.id.clone();
    let specs = region.resolve(group, &parse::requested_rules(params)?)?;
    let tags = params.tag_specifications(&["security-group-rule"], "security-group-rule")?.into_iter().collect();
    let added = region.add_rules(&group_id, egress, specs, tags)?;
    x.field("return", true);
    x.list("securityGroupRuleSet", &added, |x, rule| write_rule(x, region, &group_id, egress, rule));
    Ok(())
}

pub fn revoke(region: &mut Region, params: &Params, x: &mut Xml, egress: bool) -> Result<()> {
    let group = region.group_from(params)?;
    let group_id = group.id.clone();
    let rule_ids = params.strings("SecurityGroupRuleId");
    let (removed, unknown) = if rule_ids.is_empty() {
        let specs = region.resolve(group, &parse::requested_rules(params)?)?;
        region.revoke_matching(&group_id, egress, &specs)?
    } else {
        (region.revoke_ids(&group_id, egress, &rule_ids)?, Vec::new())
    };
    x.field("return", true);
    if !unknown.is_empty() {
        let rules: Vec<Rule> =
            unknown.into_iter().map(|spec| Rule { id: String::new(), spec, tags: Default::default() }).collect();
        super::ip_permissions(x, "unknownIpPermissionSet", &rules);
    }
    x.list("revokedSecurityGroupRuleSet", &removed, |x, rule| {
        x.field("securityGroupRuleId", &rule.id);
        x.field("groupId", &group_id);
        x.field("isEgress", egress);
        write_rule_body(x, rule);
        if let Peer::Group { group_id, .. } = &rule.spec.peer {
            x.field("referencedGroupId", group_id);
        }
    });
    Ok(())
}

const FILTERS: &[&str] = &["group-id", "security-group-rule-id", "tag-key", "tag-value"];

pub fn describe(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, FILTERS)?;
    let wanted = params.strings("SecurityGroupRuleId");
    for id in &wanted {
        region.rule_owner(id)?;
    }
    let mut rules: Vec<(&SecurityGroup, bool, &Rule)> = region
        .groups
        .values()
        .flat_map(|g| g.all_rules().map(move |(egress, r)| (g, egress, r)))
        .filter(|(_, _, r)| wanted.is_empty() || wanted.contains(&r.id))
        .filter(|(g, _, r)| {
            filters::matches(&filters, &r.tags, |name| match name {
                "group-id" => vec![g.id.clone()],
                "security-group-rule-id" => vec![r.id.clone()],
                _ => Vec::new(),
            })
        })
        .collect();
    rules.sort_by(|a, b| a.2.id.cmp(&b.2.id));
    let (page, next) = filters::page(rules, |(_, _, r)| &r.id, params, (5, 1000))?;
    x.list("securityGroupRuleSet", page, |x, (g, egress, rule)| write_rule(x, region, &g.id, egress, rule));
    x.opt("nextToken", next);
    Ok(())
}

/// Changes rules in place: each keeps its id and tags, and its kind of peer.
pub fn modify(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let group_id = region.group(params.required("GroupId")?)?.id.clone();
    let updates = params.structs("SecurityGroupRule");
    if updates.is_empty() {
        return Err(Ec2Error::missing("SecurityGroupRule"));
    }
    for update in updates {
        let rule_id = update.required("SecurityGroupRuleId")?.to_owned();
        let request = update.nested("SecurityGroupRule").ok_or_else(|| Ec2Error::missing("SecurityGroupRule"))?;
        let group = region.group(&group_id)?;
        let (egress, current) =
            group.all_rules().find(|(_, r)| r.id == rule_id).map(|(e, r)| (e, r.spec.clone())).ok_or_else(|| {
                Ec2Error::new(
                    "InvalidSecurityGroupRuleId.NotFound",
                    format!("The security group rule ID '{rule_id}' does not exist in security group '{group_id}'"),
                )
            })?;
        let requested = requested_rule(&request)?;
        let spec = region.resolve(group, std::slice::from_ref(&requested))?.remove(0);
        if std::mem::discriminant(&spec.peer) != std::mem::discriminant(&current.peer) {
            return Err(Ec2Error::invalid_value(format!(
                "The rule {rule_id} has {} as its peer, which cannot be changed to {}. Delete the rule and add a new one instead.",
                current.peer.kind(),
                spec.peer.kind()
            )));
        }
        let others: Vec<&RuleSpec> = group.rules(egress).iter().filter(|r| r.id != rule_id).map(|r| &r.spec).collect();
        if others.iter().any(|s| s.same_rule(&spec)) {
            return Err(Ec2Error::new(
                "InvalidPermission.Duplicate",
                format!("the specified rule \"{}\" already exists", describe_rule(&spec)),
            ));
        }
        let all: Vec<&RuleSpec> = others.into_iter().chain(std::iter::once(&spec)).collect();
        region.check_quota(&group_id, egress, &all)?;
        if let Some(rule) =
            region.groups.get_mut(&group_id).and_then(|g| g.rules_mut(egress).iter_mut().find(|r| r.id == rule_id))
        {
            rule.spec = spec;
        }
    }
    x.field("return", true);
    Ok(())
}

/// `SecurityGroupRuleRequest`: one protocol and port range, exactly one peer.
fn requested_rule(request: &Params) -> Result<RequestedRule> {
    let protocol = parse::protocol(request.required("IpProtocol")?)?;
    let (from_port, to_port) = parse::port_range(protocol, request.int("FromPort")?, request.int("ToPort")?)?;
    let mut peers = Vec::new();
    if let Some(cidr) = request.get("CidrIpv4") {
        peers.push(PeerRef::Ipv4(parse::ipv4_cidr(cidr)?));
    }
    if let Some(cidr) = request.get("CidrIpv6") {
        peers.push(PeerRef::Ipv6(parse::ipv6_cidr(cidr)?));
    }
    if let Some(id) = request.get("ReferencedGroupId") {
        peers.push(PeerRef::GroupId(id.to_owned()));
    }
    if let Some(id) = request.get("PrefixListId") {
        peers.push(PeerRef::PrefixList(id.to_owned()));
    }
    let [peer] = <[PeerRef; 1]>::try_from(peers).map_err(|peers| {
        Ec2Error::invalid_value(format!(
            "A rule needs exactly one of CidrIpv4, CidrIpv6, ReferencedGroupId or PrefixListId; {} were given.",
            peers.len()
        ))
    })?;
    let description = request.get("Description").map(str::to_owned);
    if let Some(d) = &description {
        parse::rule_description(d, peer.is_cidr())?;
    }
    Ok(RequestedRule { protocol, from_port, to_port, peer, description })
}

/// Sets descriptions, by rule id or by matching `IpPermissions`; an omitted description clears it.
pub fn update_descriptions(region: &mut Region, params: &Params, x: &mut Xml, egress: bool) -> Result<()> {
    let group = region.group_from(params)?;
    let group_id = group.id.clone();
    let by_id = params.structs("SecurityGroupRuleDescription");
    let mut changes: Vec<(String, Option<String>)> = Vec::new();
    if by_id.is_empty() {
        let specs = region.resolve(group, &parse::requested_rules(params)?)?;
        for spec in specs {
            let rule = group.rules(egress).iter().find(|r| r.spec.same_rule(&spec)).ok_or_else(|| {
                Ec2Error::new(
                    "InvalidPermission.NotFound",
                    format!("The specified rule \"{}\" does not exist in this security group.", describe_rule(&spec)),
                )
            })?;
            changes.push((rule.id.clone(), spec.description.clone()));
        }
    } else {
        for entry in by_id {
            let id = entry.required("SecurityGroupRuleId")?;
            let rule = group.rules(egress).iter().find(|r| r.id == id).ok_or_else(|| {
                Ec2Error::new(
                    "InvalidSecurityGroupRuleId.NotFound",
                    format!("The security group rule ID '{id}' does not exist in security group '{group_id}'"),
                )
            })?;
            let description = entry.get("Description").map(str::to_owned);
            if let Some(d) = &description {
                parse::rule_description(d, rule.spec.peer.is_cidr())?;
            }
            changes.push((id.to_owned(), description));
        }
    }
    if let Some(group) = region.groups.get_mut(&group_id) {
        for (id, description) in changes {
            if let Some(rule) = group.rules_mut(egress).iter_mut().find(|r| r.id == id) {
                rule.spec.description = description.filter(|d| !d.is_empty());
            }
        }
    }
    x.field("return", true);
    Ok(())
}

/// A `SecurityGroupRule` element.
fn write_rule(x: &mut Xml, region: &Region, group_id: &str, egress: bool, rule: &Rule) {
    x.field("securityGroupRuleId", &rule.id);
    x.field("groupId", group_id);
    x.field("groupOwnerId", OWNER_ID);
    x.field("isEgress", egress);
    write_rule_body(x, rule);
    if let Peer::Group { group_id, user_id } = &rule.spec.peer {
        x.node("referencedGroupInfo", |x| {
            x.field("groupId", group_id);
            x.field("userId", user_id);
            if let Some(peer) = region.groups.get(group_id) {
                x.field("vpcId", &peer.vpc_id);
            }
        });
    }
    x.tags(&rule.tags);
    x.field("securityGroupRuleArn", format!("arn:aws:ec2:{}:{OWNER_ID}:security-group-rule/{}", region.name, rule.id));
}

fn write_rule_body(x: &mut Xml, rule: &Rule) {
    let spec = &rule.spec;
    x.field("ipProtocol", spec.protocol.wire());
    x.field("fromPort", spec.from_port);
    x.field("toPort", spec.to_port);
    match &spec.peer {
        Peer::Ipv4(net) => x.field("cidrIpv4", net),
        Peer::Ipv6(net) => x.field("cidrIpv6", net),
        Peer::PrefixList(id) => x.field("prefixListId", id),
        Peer::Group { .. } => {}
    }
    x.opt("description", spec.description.as_ref());
}
