//! The EC2 actions ec2-local implements, one module per kind of resource.

mod groups;
pub mod instances;
pub mod launch_templates;
pub mod prefix_lists;
mod regions;
mod rules;
mod tags;
pub mod vpcs;

use crate::error::Result;
use crate::model::{Peer, Protocol, Rule};
use crate::query::Params;
use crate::region::Region;
use crate::xml::Xml;

pub use regions::zones;

type Read = fn(&Region, &Params, &mut Xml) -> Result<()>;
type Write = fn(&mut Region, &Params, &mut Xml) -> Result<()>;

/// How an action touches a region's state.
#[derive(Clone, Copy)]
pub enum Handler {
    Read(Read),
    Write(Write),
    /// DescribeRegions: answered from the list of regions, not from one region.
    Regions,
}

/// The handler for `action`, or `None` for an action ec2-local does not implement.
pub fn handler(action: &str) -> Option<Handler> {
    use Handler::{Read, Write};
    Some(match action {
        "DescribeRegions" => Handler::Regions,
        "DescribeAvailabilityZones" => Read(regions::availability_zones),
        "DescribeVpcs" => Read(vpcs::describe),
        "CreateVpc" => Write(vpcs::create),
        "DescribeSubnets" => Read(vpcs::describe_subnets),
        "CreateSubnet" => Write(vpcs::create_subnet),
        "DeleteSubnet" => Write(vpcs::delete_subnet),
        "DeleteVpc" => Write(vpcs::delete),
        "CreateSecurityGroup" => Write(groups::create),
        "DeleteSecurityGroup" => Write(groups::delete),
        "DescribeSecurityGroups" => Read(groups::describe),
        "DescribeSecurityGroupReferences" => Read(groups::references),
        "DescribeStaleSecurityGroups" => Read(groups::stale),
        "AuthorizeSecurityGroupIngress" => Write(|r, p, x| rules::authorize(r, p, x, false)),
        "AuthorizeSecurityGroupEgress" => Write(|r, p, x| rules::authorize(r, p, x, true)),
        "RevokeSecurityGroupIngress" => Write(|r, p, x| rules::revoke(r, p, x, false)),
        "RevokeSecurityGroupEgress" => Write(|r, p, x| rules::revoke(r, p, x, true)),
        "DescribeSecurityGroupRules" => Read(rules::describe),
        "ModifySecurityGroupRules" => Write(rules::modify),
        "UpdateSecurityGroupRuleDescriptionsIngress" => Write(|r, p, x| rules::update_descriptions(r, p, x, false)),
        "UpdateSecurityGroupRuleDescriptionsEgress" => Write(|r, p, x| rules::update_descriptions(r, p, x, true)),
        "CreateTags" => Write(tags::create),
        "DeleteTags" => Write(tags::delete),
        "DescribeTags" => Read(tags::describe),
        "CreateManagedPrefixList" => Write(prefix_lists::create),
        "DescribeManagedPrefixLists" => Read(prefix_lists::describe),
        "GetManagedPrefixListEntries" => Read(prefix_lists::entries),
        "RunInstances" => Write(instances::run),
        "DescribeInstances" => Read(instances::describe),
        "StopInstances" => Write(instances::stop),
        "StartInstances" => Write(instances::start),
        "TerminateInstances" => Write(instances::terminate),
        "ModifyInstanceAttribute" => Write(instances::modify_attribute),
        "DescribeNetworkInterfaces" => Read(instances::describe_interfaces),
        "ModifyNetworkInterfaceAttribute" => Write(instances::modify_interface_attribute),
        "CreateNetworkInterface" => Write(instances::create_interface),
        "AttachNetworkInterface" => Write(instances::attach_interface),
        "CreateLaunchTemplate" => Write(launch_templates::create),
        "CreateLaunchTemplateVersion" => Write(launch_templates::create_version),
        "ModifyLaunchTemplate" => Write(launch_templates::modify),
        "DescribeLaunchTemplates" => Read(launch_templates::describe),
        "DescribeLaunchTemplateVersions" => Read(launch_templates::describe_versions),
        _ => return None,
    })
}

pub use regions::describe_regions;

/// Rules as EC2's `IpPermission` list: one entry per protocol and port range, holding its peers.
pub fn ip_permissions(x: &mut Xml, name: &str, rules: &[Rule]) {
    let mut keys: Vec<(Protocol, i32, i32)> = Vec::new();
    for rule in rules {
        let key = (rule.spec.protocol, rule.spec.from_port, rule.spec.to_port);
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    x.list(name, keys, |x, key| {
        let (protocol, from, to) = key;
        let members: Vec<&Rule> =
            rules.iter().filter(|r| (r.spec.protocol, r.spec.from_port, r.spec.to_port) == key).collect();
        x.field("ipProtocol", protocol.wire());
        if protocol.has_ports() {
            x.field("fromPort", from);
            x.field("toPort", to);
        }
        let peers = |want: fn(&Peer) -> bool| members.iter().copied().filter(move |r| want(&r.spec.peer));
        x.list("groups", peers(|p| matches!(p, Peer::Group { .. })), |x, r| {
            if let Peer::Group { group_id, user_id } = &r.spec.peer {
                x.opt("description", r.spec.description.as_ref());
                x.field("userId", user_id);
                x.field("groupId", group_id);
            }
        });
        x.list("ipRanges", peers(|p| matches!(p, Peer::Ipv4(_))), |x, r| {
            if let Peer::Ipv4(net) = &r.spec.peer {
                x.opt("description", r.spec.description.as_ref());
                x.field("cidrIp", net);
            }
        });
        x.list("ipv6Ranges", peers(|p| matches!(p, Peer::Ipv6(_))), |x, r| {
            if let Peer::Ipv6(net) = &r.spec.peer {
                x.opt("description", r.spec.description.as_ref());
                x.field("cidrIpv6", net);
            }
        });
        x.list("prefixListIds", peers(|p| matches!(p, Peer::PrefixList(_))), |x, r| {
            if let Peer::PrefixList(id) = &r.spec.peer {
                x.opt("description", r.spec.description.as_ref());
                x.field("prefixListId", id);
            }
        });
    });
}
