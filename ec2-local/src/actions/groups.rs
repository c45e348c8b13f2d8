//! CreateSecurityGroup, DeleteSecurityGroup, DescribeSecurityGroups and the peering views.

use crate::error::{Ec2Error, Result};
use crate::filters;
use crate::model::{OWNER_ID, Peer, Rule, SecurityGroup};
use crate::query::Params;
use crate::region::Region;
use crate::xml::Xml;

pub fn create(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let name = params.required("GroupName")?;
    let description = params.required("GroupDescription")?;
    let vpc_id = match params.get("VpcId") {
        Some(id) => id.to_owned(),
        None => region.default_vpc()?.id.clone(),
    };
    let tags = params.tag_specifications(&["security-group"], "security-group")?.into_iter().collect();
    let id = region.create_group(name, description, &vpc_id, tags)?;
    let group = region.group(&id)?;
    x.field("return", true);
    x.field("groupId", &group.id);
    x.tags(&group.tags);
    x.field("securityGroupArn", arn(region, &group.id));
    Ok(())
}

pub fn delete(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let id = region.group_from(params)?.id.clone();
    region.delete_group(&id)?;
    x.field("return", true);
    x.field("groupId", id);
    Ok(())
}

const FILTERS: &[&str] = &[
    "description",
    "group-id",
    "group-name",
    "owner-id",
    "vpc-id",
    "tag-key",
    "tag-value",
    "ip-permission.cidr",
    "ip-permission.from-port",
    "ip-permission.group-id",
    "ip-permission.group-name",
    "ip-permission.ipv6-cidr",
    "ip-permission.prefix-list-id",
    "ip-permission.protocol",
    "ip-permission.to-port",
    "ip-permission.user-id",
    "egress.ip-permission.cidr",
    "egress.ip-permission.from-port",
    "egress.ip-permission.group-id",
    "egress.ip-permission.group-name",
    "egress.ip-permission.ipv6-cidr",
    "egress.ip-permission.prefix-list-id",
    "egress.ip-permission.protocol",
    "egress.ip-permission.to-port",
    "egress.ip-permission.user-id",
];

pub fn describe(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, FILTERS)?;
    let ids = params.strings("GroupId");
    let names = params.strings("GroupName");
    let mut selected: Vec<&SecurityGroup> = Vec::new();
    for id in &ids {
        selected.push(region.group(id)?);
    }
    for name in &names {
        selected.push(region.group_by_name(name)?);
    }
    if ids.is_empty() && names.is_empty() {
        selected = region.groups.values().collect();
    } else {
        selected.sort_by(|a, b| a.id.cmp(&b.id));
        selected.dedup_by(|a, b| a.id == b.id);
    }
    let matching: Vec<&SecurityGroup> = selected
        .into_iter()
        .filter(|g| filters::matches(&filters, &g.tags, |name| filter_values(region, g, name)))
        .collect();
    let (page, next) = filters::page(matching, |g| &g.id, params, (5, 1000))?;
    x.list("securityGroupInfo", page, |x, group| write_group(x, region, group));
    x.opt("nextToken", next);
    Ok(())
}

fn filter_values(region: &Region, group: &SecurityGroup, name: &str) -> Vec<String> {
    let (egress, field) = match name.strip_prefix("egress.ip-permission.") {
        Some(field) => (true, field),
        None => match name.strip_prefix("ip-permission.") {
            Some(field) => (false, field),
            None => {
                return match name {
                    "description" => vec![group.description.clone()],
                    "group-id" => vec![group.id.clone()],
                    "group-name" => vec![group.name.clone()],
                    "owner-id" => vec![OWNER_ID.to_owned()],
                    "vpc-id" => vec![group.vpc_id.clone()],
                    _ => Vec::new(),
                };
            }
        },
    };
    group.rules(egress).iter().filter_map(|rule| rule_field(region, rule, field)).collect()
}

fn rule_field(region: &Region, rule: &Rule, field: &str) -> Option<String> {
    let spec = &rule.spec;
    match (field, &spec.peer) {
        ("cidr", Peer::Ipv4(net)) => Some(net.to_string()),
        ("ipv6-cidr", Peer::Ipv6(net)) => Some(net.to_string()),
        ("prefix-list-id", Peer::PrefixList(id)) => Some(id.clone()),
        ("group-id", Peer::Group { group_id, .. }) => Some(group_id.clone()),
        ("group-name", Peer::Group { group_id, .. }) => region.groups.get(group_id).map(|g| g.name.clone()),
        ("user-id", Peer::Group { user_id, .. }) => Some(user_id.clone()),
        ("protocol", _) => Some(spec.protocol.wire()),
        ("from-port", _) => Some(spec.from_port.to_string()),
        ("to-port", _) => Some(spec.to_port.to_string()),
        _ => None,
    }
}

pub fn arn(region: &Region, group_id: &str) -> String {
    format!("arn:aws:ec2:{}:{OWNER_ID}:security-group/{group_id}", region.name)
}

fn write_group(x: &mut Xml, region: &Region, group: &SecurityGroup) {
    x.field("ownerId", OWNER_ID);
    x.field("groupId", &group.id);
    x.field("groupName", &group.name);
    x.field("groupDescription", &group.description);
    super::ip_permissions(x, "ipPermissions", &group.ingress);
    super::ip_permissions(x, "ipPermissionsEgress", &group.egress);
    x.field("vpcId", &group.vpc_id);
    x.field("securityGroupArn", arn(region, &group.id));
    x.tags(&group.tags);
}

/// Groups of peered VPCs that reference these groups. ec2-local has no peering, so none do; the
/// groups asked about must still exist.
pub fn references(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let ids = params.strings("GroupId");
    if ids.is_empty() {
        return Err(Ec2Error::missing("GroupId"));
    }
    for id in &ids {
        region.group(id)?;
    }
    x.list("securityGroupReferenceSet", std::iter::empty::<()>(), |_, ()| {});
    Ok(())
}

/// Rules that reference groups in a peered VPC that was deleted. Without peering there are none.
pub fn stale(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    region.vpc(params.required("VpcId")?)?;
    filters::page(Vec::<String>::new(), |s| s, params, (5, 255))?;
    x.list("staleSecurityGroupSet", std::iter::empty::<()>(), |_, ()| {});
    Ok(())
}
