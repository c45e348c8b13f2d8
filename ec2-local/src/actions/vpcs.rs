//! DescribeVpcs, CreateVpc, DescribeSubnets and CreateSubnet.

use ipnet::{Ipv4Net, Ipv6Net};

use crate::error::{Ec2Error, Result};
use crate::filters;
use crate::ids;
use crate::model::{Ipv6Block, OWNER_ID, Subnet, Tags, Vpc};
use crate::parse;
use crate::query::Params;
use crate::region::{Region, check_tags};
use crate::xml::Xml;

/// Creates a VPC with its default security group. An Amazon-provided IPv6 block is a /56.
pub fn new_vpc(region: &mut Region, cidr: Ipv4Net, ipv6: bool, is_default: bool, tags: Tags) -> Result<String> {
    if !(16..=28).contains(&cidr.prefix_len()) {
        return Err(Ec2Error::new(
            "InvalidVpc.Range",
            format!("The CIDR '{cidr}' is invalid: a VPC's block must be between /16 and /28."),
        ));
    }
    check_tags(&Tags::new(), &tags)?;
    let id = ids::new_id("vpc");
    let ipv6 = ipv6.then(|| Ipv6Block { cidr: amazon_ipv6_block(&id), association_id: ids::new_id("vpc-cidr-assoc") });
    let vpc = Vpc { id: id.clone(), cidr, cidr_association_id: ids::new_id("vpc-cidr-assoc"), ipv6, is_default, tags };
    region.vpcs.insert(id.clone(), vpc);
    region.create_default_group(&id)?;
    Ok(id)
}

/// A /56 from Amazon's 2600:1f00::/24 pool, derived from the VPC id so that it is stable.
fn amazon_ipv6_block(vpc_id: &str) -> Ipv6Net {
    let hex = vpc_id.trim_start_matches("vpc-");
    let bits = u64::from_str_radix(&hex[hex.len().saturating_sub(8)..], 16).unwrap_or(0) & 0xffff_ffff;
    let prefix: u128 = (0x2600_1f00u128 << 96) | (u128::from(bits) << 72);
    Ipv6Net::new(prefix.into(), 56).map(|n| n.trunc()).unwrap_or_default()
}

/// Creates a subnet in `vpc_id`, inside the VPC's block.
pub fn new_subnet(
    region: &mut Region,
    vpc_id: &str,
    cidr: Ipv4Net,
    zone: &str,
    default_for_az: bool,
    tags: Tags,
) -> Result<String> {
    let vpc = region.vpc(vpc_id)?;
    if !vpc.cidr.contains(&cidr) || !(16..=28).contains(&cidr.prefix_len()) {
        return Err(Ec2Error::new(
            "InvalidSubnet.Range",
            format!("The CIDR '{cidr}' is invalid: it must be a /16 to /28 block inside the VPC's {}.", vpc.cidr),
        ));
    }
    if let Some(other) =
        region.subnets.values().find(|s| s.vpc_id == vpc_id && (s.cidr.contains(&cidr) || cidr.contains(&s.cidr)))
    {
        return Err(Ec2Error::new(
            "InvalidSubnet.Conflict",
            format!("The CIDR '{cidr}' conflicts with another subnet: {} ({}).", other.id, other.cidr),
        ));
    }
    if !super::zones(&region.name).iter().any(|(name, _)| name == zone) {
        return Err(Ec2Error::invalid_value(format!(
            "Value ({zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the zones of {}.",
            region.name
        )));
    }
    check_tags(&Tags::new(), &tags)?;
    let id = ids::new_id("subnet");
    let subnet = Subnet {
        id: id.clone(),
        vpc_id: vpc_id.to_owned(),
        cidr,
        availability_zone: zone.to_owned(),
        default_for_az,
        tags,
    };
    region.subnets.insert(id.clone(), subnet);
    Ok(id)
}

pub fn create(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let cidr = parse::ipv4_cidr(params.required("CidrBlock")?)?;
    let tags = params.tag_specifications(&["vpc"], "vpc")?.into_iter().collect();
    let id = new_vpc(region, cidr, params.bool("AmazonProvidedIpv6CidrBlock")?, false, tags)?;
    let vpc = region.vpc(&id)?;
    x.node("vpc", |x| write_vpc(x, vpc));
    Ok(())
}

const VPC_FILTERS: &[&str] = &[
    "vpc-id",
    "cidr",
    "cidr-block-association.cidr-block",
    "ipv6-cidr-block-association.ipv6-cidr-block",
    "is-default",
    "owner-id",
    "state",
    "tag-key",
    "tag-value",
];

pub fn describe(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, VPC_FILTERS)?;
    let ids = params.strings("VpcId");
    for id in &ids {
        region.vpc(id)?;
    }
    let vpcs: Vec<&Vpc> = region
        .vpcs
        .values()
        .filter(|v| ids.is_empty() || ids.contains(&v.id))
        .filter(|v| {
            filters::matches(&filters, &v.tags, |name| match name {
                "vpc-id" => vec![v.id.clone()],
                "cidr" | "cidr-block-association.cidr-block" => vec![v.cidr.to_string()],
                "ipv6-cidr-block-association.ipv6-cidr-block" => v.ipv6.iter().map(|b| b.cidr.to_string()).collect(),
                "is-default" => vec![v.is_default.to_string()],
                "owner-id" => vec![OWNER_ID.to_owned()],
                _ => vec!["available".to_owned()],
            })
        })
        .collect();
    let (page, next) = filters::page(vpcs, |v| &v.id, params, (5, 1000))?;
    x.list("vpcSet", page, write_vpc);
    x.opt("nextToken", next);
    Ok(())
}

fn write_vpc(x: &mut Xml, vpc: &Vpc) {
    x.field("vpcId", &vpc.id);
    x.field("ownerId", OWNER_ID);
    x.field("state", "available");
    x.field("cidrBlock", vpc.cidr);
    x.list("cidrBlockAssociationSet", [vpc], |x, vpc| {
        x.field("cidrBlock", vpc.cidr);
        x.field("associationId", &vpc.cidr_association_id);
        x.node("cidrBlockState", |x| x.field("state", "associated"));
    });
    x.list("ipv6CidrBlockAssociationSet", vpc.ipv6.iter(), |x, block| {
        x.field("ipv6CidrBlock", block.cidr);
        x.field("associationId", &block.association_id);
        x.node("ipv6CidrBlockState", |x| x.field("state", "associated"));
        x.field("networkBorderGroup", "");
        x.field("ipv6Pool", "Amazon");
    });
    x.field("dhcpOptionsId", "dopt-0a1b2c3d4e5f67890");
    x.field("instanceTenancy", "default");
    x.field("isDefault", vpc.is_default);
    x.tags(&vpc.tags);
}

pub fn create_subnet(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let vpc_id = params.required("VpcId")?;
    let cidr = parse::ipv4_cidr(params.required("CidrBlock")?)?;
    let zone = match params.get("AvailabilityZone") {
        Some(zone) => zone.to_owned(),
        None => super::zones(&region.name).first().map(|(n, _)| n.clone()).unwrap_or_default(),
    };
    let tags = params.tag_specifications(&["subnet"], "subnet")?.into_iter().collect();
    let id = new_subnet(region, vpc_id, cidr, &zone, false, tags)?;
    let subnet = region.subnet(&id)?;
    x.node("subnet", |x| write_subnet(x, region, subnet));
    Ok(())
}

const SUBNET_FILTERS: &[&str] =
    &["vpc-id", "subnet-id", "availability-zone", "cidr-block", "default-for-az", "state", "tag-key", "tag-value"];

pub fn describe_subnets(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, SUBNET_FILTERS)?;
    let ids = params.strings("SubnetId");
    for id in &ids {
        region.subnet(id)?;
    }
    let subnets: Vec<&Subnet> = region
        .subnets
        .values()
        .filter(|s| ids.is_empty() || ids.contains(&s.id))
        .filter(|s| {
            filters::matches(&filters, &s.tags, |name| match name {
                "vpc-id" => vec![s.vpc_id.clone()],
                "subnet-id" => vec![s.id.clone()],
                "availability-zone" => vec![s.availability_zone.clone()],
                "cidr-block" => vec![s.cidr.to_string()],
                "default-for-az" => vec![s.default_for_az.to_string()],
                _ => vec!["available".to_owned()],
            })
        })
        .collect();
    let (page, next) = filters::page(subnets, |s| &s.id, params, (5, 1000))?;
    x.list("subnetSet", page, |x, subnet| write_subnet(x, region, subnet));
    x.opt("nextToken", next);
    Ok(())
}

fn write_subnet(x: &mut Xml, region: &Region, subnet: &Subnet) {
    let zone_id =
        super::zones(&region.name).into_iter().find(|(n, _)| *n == subnet.availability_zone).map(|(_, id)| id);
    x.field("subnetId", &subnet.id);
    x.field("state", "available");
    x.field("vpcId", &subnet.vpc_id);
    x.field("cidrBlock", subnet.cidr);
    x.field("availableIpAddressCount", (1u64 << (32 - subnet.cidr.prefix_len())).saturating_sub(5));
    x.field("availabilityZone", &subnet.availability_zone);
    x.opt("availabilityZoneId", zone_id);
    x.field("defaultForAz", subnet.default_for_az);
    x.field("mapPublicIpOnLaunch", subnet.default_for_az);
    x.field("ownerId", OWNER_ID);
    x.field("subnetArn", format!("arn:aws:ec2:{}:{OWNER_ID}:subnet/{}", region.name, subnet.id));
    x.tags(&subnet.tags);
}

/// Deletes a subnet that no network interface uses.
pub fn delete_subnet(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let id = region.subnet(params.required("SubnetId")?)?.id.clone();
    if let Some(nic) = region.interfaces.values().find(|n| n.subnet_id == id) {
        return Err(Ec2Error::new(
            "DependencyViolation",
            format!("The subnet '{id}' has dependencies and cannot be deleted: network interface {} uses it.", nic.id),
        ));
    }
    region.subnets.remove(&id);
    x.field("return", true);
    Ok(())
}

/// Deletes a VPC, and its default security group with it, once nothing else is in it: EC2 wants
/// its subnets, network interfaces and other security groups deleted first.
pub fn delete(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let id = region.vpc(params.required("VpcId")?)?.id.clone();
    let dependency = region
        .subnets
        .values()
        .find(|s| s.vpc_id == id)
        .map(|s| format!("subnet {}", s.id))
        .or_else(|| {
            region
                .groups
                .values()
                .find(|g| g.vpc_id == id && !g.is_default())
                .map(|g| format!("security group {}", g.id))
        })
        .or_else(|| region.interfaces.values().find(|n| n.vpc_id == id).map(|n| format!("network interface {}", n.id)));
    if let Some(dependency) = dependency {
        return Err(Ec2Error::new(
            "DependencyViolation",
            format!("The vpc '{id}' has dependencies and cannot be deleted: {dependency} is still in it."),
        ));
    }
    let default_groups: Vec<String> = region.groups.values().filter(|g| g.vpc_id == id).map(|g| g.id.clone()).collect();
    for group in default_groups {
        region.groups.remove(&group);
    }
    region.vpcs.remove(&id);
    x.field("return", true);
    Ok(())
}
