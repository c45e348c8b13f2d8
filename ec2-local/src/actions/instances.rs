//! Instances and their network interfaces: launch, state changes, and the groups they use.

use crate::error::{Ec2Error, Result};
use crate::filters;
use crate::ids;
use crate::model::{
    Attachment, Instance, InstanceState, LaunchTemplateData, NetworkInterface, OWNER_ID, Subnet, Tags, now,
};
use crate::query::Params;
use crate::region::{Region, check_tags};
use crate::xml::Xml;

/// EC2's answer when a request names groups both for the instance and for its interfaces.
pub const INTERFACES_AND_INSTANCE_GROUPS: &str =
    "Network interfaces and an instance-level security groups may not be specified on the same request";

/// What RunInstances' tag specifications may name (the API reference's list).
const RUN_INSTANCES_TAGGABLE: &[&str] = &["instance", "volume", "spot-instances-request", "network-interface"];

/// How many instances one RunInstances may launch here.
const MAX_LAUNCH: i64 = 20;

/// What an instance is launched with once the request and its launch template are combined.
pub struct Launch {
    pub image_id: String,
    pub instance_type: String,
    pub subnet_id: String,
    pub group_ids: Vec<String>,
    pub tags: Tags,
    /// The tags of its primary network interface.
    pub interface_tags: Tags,
}

/// Launches one instance in its subnet with its primary network interface and returns its id.
pub fn launch(region: &mut Region, launch: &Launch, reservation_id: &str) -> Result<String> {
    let subnet = region.subnet(&launch.subnet_id)?.clone();
    let group_ids = groups_or_default(region, &subnet.vpc_id, &launch.group_ids)?;
    check_tags(&Tags::new(), &launch.tags)?;
    check_tags(&Tags::new(), &launch.interface_tags)?;
    let instance_id = ids::new_id("i");
    let time = now();
    let attachment = Attachment {
        id: ids::new_id("eni-attach"),
        instance_id: instance_id.clone(),
        device_index: 0,
        attach_time: time.clone(),
    };
    let interface = new_interface(region, &subnet, group_ids, String::new(), launch.interface_tags.clone())?;
    let (interface_id, private_ip) = (interface.id.clone(), interface.private_ip.clone());
    region.interfaces.insert(interface_id.clone(), NetworkInterface { attachment: Some(attachment), ..interface });
    region.instances.insert(
        instance_id.clone(),
        Instance {
            id: instance_id.clone(),
            reservation_id: reservation_id.to_owned(),
            vpc_id: subnet.vpc_id.clone(),
            subnet_id: subnet.id.clone(),
            image_id: launch.image_id.clone(),
            instance_type: launch.instance_type.clone(),
            state: InstanceState::Running,
            interface_ids: vec![interface_id],
            private_ip,
            launch_time: time,
            tags: launch.tags.clone(),
        },
    );
    Ok(instance_id)
}

/// The groups a new interface in `vpc_id` gets: those given (1-5 of the VPC), or its default group.
fn groups_or_default(region: &Region, vpc_id: &str, given: &[String]) -> Result<Vec<String>> {
    if given.is_empty() {
        let default = region.group_named(vpc_id, "default").ok_or_else(|| {
            Ec2Error::new("InvalidGroup.NotFound", format!("The VPC '{vpc_id}' has no default security group"))
        })?;
        return Ok(vec![default.id.clone()]);
    }
    let groups = dedup(given);
    region.check_interface_groups(vpc_id, &groups)?;
    Ok(groups)
}

/// A network interface in `subnet` with its first free address (AWS reserves the first four of
/// a subnet), not yet kept in the region.
fn new_interface(
    region: &Region,
    subnet: &Subnet,
    groups: Vec<String>,
    description: String,
    tags: Tags,
) -> Result<NetworkInterface> {
    let taken: Vec<&str> =
        region.interfaces.values().filter(|n| n.subnet_id == subnet.id).map(|n| n.private_ip.as_str()).collect();
    let private_ip =
        subnet.cidr.hosts().skip(3).map(|ip| ip.to_string()).find(|ip| !taken.contains(&ip.as_str())).ok_or_else(
            || {
                Ec2Error::new(
                    "InsufficientFreeAddressesInSubnet",
                    format!("The subnet '{}' has no free private IPv4 addresses.", subnet.id),
                )
            },
        )?;
    let id = ids::new_id("eni");
    Ok(NetworkInterface {
        mac_address: mac_address(&id),
        id,
        vpc_id: subnet.vpc_id.clone(),
        subnet_id: subnet.id.clone(),
        availability_zone: subnet.availability_zone.clone(),
        description,
        groups,
        private_ip,
        attachment: None,
        tags,
    })
}

/// A network interface in a subnet, with groups of its VPC (its default group when none).
pub fn create_interface(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let subnet = region.subnet(params.required("SubnetId")?)?.clone();
    let groups = groups_or_default(region, &subnet.vpc_id, &params.strings("SecurityGroupId"))?;
    let tags: Tags = params.tag_specifications(&["network-interface"], "network-interface")?.into_iter().collect();
    check_tags(&Tags::new(), &tags)?;
    let description = params.get("Description").unwrap_or_default().to_owned();
    let interface = new_interface(region, &subnet, groups, description, tags)?;
    let id = interface.id.clone();
    region.interfaces.insert(id.clone(), interface);
    let interface = region.interface(&id)?;
    x.node("networkInterface", |x| write_interface(x, region, interface));
    Ok(())
}

/// Attaches an unattached interface to a running or stopped instance of its availability zone,
/// at a device index the instance does not use.
pub fn attach_interface(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let interface = region.interface(params.required("NetworkInterfaceId")?)?.clone();
    let instance = region.instance(params.required("InstanceId")?)?.clone();
    let index = params.int("DeviceIndex")?.ok_or_else(|| Ec2Error::missing("DeviceIndex"))?;
    let index = u32::try_from(index).map_err(|_| Ec2Error::invalid_value(format!("Invalid DeviceIndex: {index}")))?;
    if let Some(attachment) = &interface.attachment {
        return Err(Ec2Error::new(
            "InvalidNetworkInterface.InUse",
            format!("Interface: [{}] in use by {}.", interface.id, attachment.instance_id),
        ));
    }
    if !matches!(instance.state, InstanceState::Running | InstanceState::Stopped) {
        return Err(Ec2Error::new(
            "IncorrectInstanceState",
            format!("The instance '{}' is not in a valid state for this operation.", instance.id),
        ));
    }
    let zone = region.subnet(&instance.subnet_id)?.availability_zone.clone();
    if zone != interface.availability_zone {
        return Err(Ec2Error::combination(
            "You may not attach a network interface to an instance if they are not in the same availability zone",
        ));
    }
    let used = instance
        .interface_ids
        .iter()
        .filter_map(|id| region.interfaces.get(id)?.attachment.as_ref())
        .any(|a| a.device_index == index);
    if used {
        return Err(Ec2Error::invalid_value(format!(
            "Instance '{}' already has an interface attached at device index '{index}'.",
            instance.id
        )));
    }
    let attachment = Attachment {
        id: ids::new_id("eni-attach"),
        instance_id: instance.id.clone(),
        device_index: index,
        attach_time: now(),
    };
    x.field("attachmentId", &attachment.id);
    x.field("networkCardIndex", 0);
    if let Some(nic) = region.interfaces.get_mut(&interface.id) {
        nic.attachment = Some(attachment);
    }
    if let Some(instance) = region.instances.get_mut(&instance.id) {
        instance.interface_ids.push(interface.id);
    }
    Ok(())
}

fn mac_address(interface_id: &str) -> String {
    let hex = interface_id.trim_start_matches("eni-");
    let pairs: Vec<&str> = (0..5).filter_map(|i| hex.get(i * 2..i * 2 + 2)).collect();
    format!("02:{}", pairs.join(":"))
}

fn dedup(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

pub fn run(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let min = params.int("MinCount")?.ok_or_else(|| Ec2Error::missing("MinCount"))?;
    let max = params.int("MaxCount")?.ok_or_else(|| Ec2Error::missing("MaxCount"))?;
    if min < 1 || max < min || max > MAX_LAUNCH {
        return Err(Ec2Error::invalid_value(format!(
            "MinCount ({min}) and MaxCount ({max}) must satisfy 1 <= MinCount <= MaxCount <= {MAX_LAUNCH}."
        )));
    }
    let template = match params.nested("LaunchTemplate") {
        Some(spec) => super::launch_templates::resolve(region, &spec)?,
        None => LaunchTemplateData::default(),
    };
    let interface = params.structs("NetworkInterface").into_iter().next();
    let primary_template_nic = template.network_interfaces.iter().find(|n| n.device_index == 0);
    let subnet_id = params
        .get("SubnetId")
        .map(str::to_owned)
        .or_else(|| interface.as_ref().and_then(|n| n.get("SubnetId").map(str::to_owned)))
        .or_else(|| primary_template_nic.and_then(|n| n.subnet_id.clone()));
    let subnet_id = match subnet_id {
        Some(id) => id,
        None => {
            let vpc = region.default_vpc()?;
            region.subnets.values().find(|s| s.vpc_id == vpc.id && s.default_for_az).map(|s| s.id.clone()).ok_or_else(
                || Ec2Error::new("MissingInput", "No subnet given and the default VPC has no default subnet."),
            )?
        }
    };
    let mut group_ids = params.strings("SecurityGroupId");
    let mut names = params.strings("SecurityGroup");
    if let Some(interface) = &interface {
        if !group_ids.is_empty() || !names.is_empty() {
            return Err(Ec2Error::combination(INTERFACES_AND_INSTANCE_GROUPS));
        }
        group_ids = interface.strings("SecurityGroupId");
    }
    if group_ids.is_empty() && names.is_empty() {
        group_ids = match primary_template_nic {
            Some(nic) if !nic.groups.is_empty() => nic.groups.clone(),
            _ => template.security_group_ids.clone(),
        };
        names = template.security_group_names.clone();
    }
    for name in names {
        group_ids.push(region.group_by_name(&name)?.id.clone());
    }
    let image_id = params
        .get("ImageId")
        .map(str::to_owned)
        .or(template.image_id.clone())
        .ok_or_else(|| Ec2Error::missing("ImageId"))?;
    let instance_type = params
        .get("InstanceType")
        .map(str::to_owned)
        .or(template.instance_type.clone())
        .unwrap_or_else(|| "m1.small".into());
    let spec = Launch {
        image_id,
        instance_type,
        subnet_id,
        group_ids,
        tags: params.tag_specifications(RUN_INSTANCES_TAGGABLE, "instance")?.into_iter().collect(),
        interface_tags: params.tag_specifications(RUN_INSTANCES_TAGGABLE, "network-interface")?.into_iter().collect(),
    };
    let reservation_id = ids::new_id("r");
    let mut launched = Vec::new();
    for _ in 0..max {
        launched.push(launch(region, &spec, &reservation_id)?);
    }
    x.field("reservationId", &reservation_id);
    x.field("ownerId", OWNER_ID);
    x.list("groupSet", std::iter::empty::<()>(), |_, ()| {});
    x.list("instancesSet", &launched, |x, id| {
        if let Some(instance) = region.instances.get(id) {
            write_instance(x, region, instance, Some(InstanceState::Pending));
        }
    });
    Ok(())
}

const INSTANCE_FILTERS: &[&str] = &[
    "instance-id",
    "instance-state-name",
    "instance-state-code",
    "vpc-id",
    "subnet-id",
    "instance.group-id",
    "instance.group-name",
    "network-interface.network-interface-id",
    "reservation-id",
    "tag-key",
    "tag-value",
];

pub fn describe(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, INSTANCE_FILTERS)?;
    let ids = params.strings("InstanceId");
    filters::ids_or_pages(params, &ids, "InstanceIds")?;
    for id in &ids {
        region.instance(id)?;
    }
    let instances: Vec<&Instance> = region
        .instances
        .values()
        .filter(|i| ids.is_empty() || ids.contains(&i.id))
        .filter(|i| {
            let groups = instance_groups(region, i);
            filters::matches(&filters, &i.tags, |name| match name {
                "instance-id" => vec![i.id.clone()],
                "instance-state-name" => vec![i.state.name().to_owned()],
                "instance-state-code" => vec![i.state.code().to_string()],
                "vpc-id" => vec![i.vpc_id.clone()],
                "subnet-id" => vec![i.subnet_id.clone()],
                "instance.group-id" => groups.clone(),
                "instance.group-name" => {
                    groups.iter().filter_map(|g| region.groups.get(g)).map(|g| g.name.clone()).collect()
                }
                "network-interface.network-interface-id" => i.interface_ids.clone(),
                _ => vec![i.reservation_id.clone()],
            })
        })
        .collect();
    let (page, next) = filters::page(instances, |i| &i.id, params, (5, 1000))?;
    let mut reservations: Vec<(&str, Vec<&Instance>)> = Vec::new();
    for instance in page {
        match reservations.iter_mut().find(|(r, _)| *r == instance.reservation_id) {
            Some((_, members)) => members.push(instance),
            None => reservations.push((&instance.reservation_id, vec![instance])),
        }
    }
    x.list("reservationSet", reservations, |x, (reservation_id, members)| {
        x.field("reservationId", reservation_id);
        x.field("ownerId", OWNER_ID);
        x.list("groupSet", std::iter::empty::<()>(), |_, ()| {});
        x.list("instancesSet", members, |x, instance| write_instance(x, region, instance, None));
    });
    x.opt("nextToken", next);
    Ok(())
}

/// The groups of an instance: those of its primary network interface.
fn instance_groups(region: &Region, instance: &Instance) -> Vec<String> {
    instance
        .interface_ids
        .first()
        .and_then(|id| region.interfaces.get(id))
        .map(|n| n.groups.clone())
        .unwrap_or_default()
}

fn write_group_set(x: &mut Xml, region: &Region, groups: &[String]) {
    x.list("groupSet", groups, |x, id| {
        x.field("groupId", id);
        if let Some(group) = region.groups.get(id) {
            x.field("groupName", &group.name);
        }
    });
}

fn write_instance(x: &mut Xml, region: &Region, instance: &Instance, shown_state: Option<InstanceState>) {
    let state = shown_state.unwrap_or(instance.state);
    let zone = region.subnets.get(&instance.subnet_id).map(|s| s.availability_zone.clone()).unwrap_or_default();
    x.field("instanceId", &instance.id);
    x.field("imageId", &instance.image_id);
    x.node("instanceState", |x| {
        x.field("code", state.code());
        x.field("name", state.name());
    });
    x.field("privateDnsName", format!("ip-{}.ec2.internal", instance.private_ip.replace('.', "-")));
    x.field("amiLaunchIndex", 0);
    x.field("instanceType", &instance.instance_type);
    x.field("launchTime", &instance.launch_time);
    x.node("placement", |x| {
        x.field("availabilityZone", &zone);
        x.field("tenancy", "default");
    });
    x.node("monitoring", |x| x.field("state", "disabled"));
    x.field("subnetId", &instance.subnet_id);
    x.field("vpcId", &instance.vpc_id);
    x.field("privateIpAddress", &instance.private_ip);
    x.field("sourceDestCheck", true);
    write_group_set(x, region, &instance_groups(region, instance));
    x.field("architecture", "x86_64");
    x.field("rootDeviceType", "ebs");
    x.field("rootDeviceName", "/dev/xvda");
    x.field("virtualizationType", "hvm");
    x.tags(&instance.tags);
    let interfaces = instance.interface_ids.iter().filter_map(|id| region.interfaces.get(id));
    x.list("networkInterfaceSet", interfaces, |x, nic| write_interface(x, region, nic));
}

/// A network interface as DescribeNetworkInterfaces answers it. DescribeInstances's shape is a
/// subset; the SDK skips the members it does not have.
fn write_interface(x: &mut Xml, region: &Region, nic: &NetworkInterface) {
    x.field("networkInterfaceId", &nic.id);
    x.field("subnetId", &nic.subnet_id);
    x.field("vpcId", &nic.vpc_id);
    x.field("availabilityZone", &nic.availability_zone);
    x.field("description", &nic.description);
    x.field("ownerId", OWNER_ID);
    x.field("requesterManaged", false);
    x.field("status", if nic.attachment.is_some() { "in-use" } else { "available" });
    x.field("macAddress", &nic.mac_address);
    x.field("privateIpAddress", &nic.private_ip);
    x.field("sourceDestCheck", true);
    write_group_set(x, region, &nic.groups);
    if let Some(a) = &nic.attachment {
        x.node("attachment", |x| {
            x.field("attachmentId", &a.id);
            x.field("instanceId", &a.instance_id);
            x.field("instanceOwnerId", OWNER_ID);
            x.field("deviceIndex", a.device_index);
            x.field("status", "attached");
            x.field("attachTime", &a.attach_time);
            x.field("deleteOnTermination", true);
        });
    }
    x.field("interfaceType", "interface");
    x.tags(&nic.tags);
}

/// Stop, start or terminate: `next` gives the new state and the state shown in the answer, or
/// `None` when the instance cannot make that change from where it is.
fn change_state(
    region: &mut Region,
    params: &Params,
    x: &mut Xml,
    next: fn(InstanceState) -> Option<(InstanceState, InstanceState)>,
) -> Result<()> {
    let ids = params.strings("InstanceId");
    if ids.is_empty() {
        return Err(Ec2Error::missing("InstanceId"));
    }
    let mut changes = Vec::new();
    for id in &ids {
        let instance = region.instance(id)?;
        let previous = instance.state;
        let (stored, shown) = next(previous).ok_or_else(|| {
            Ec2Error::new(
                "IncorrectInstanceState",
                format!(
                    "The instance '{id}' is not in a state from which it can be changed: it is {}.",
                    previous.name()
                ),
            )
        })?;
        changes.push((id.clone(), previous, stored, shown));
    }
    for (id, _, stored, _) in &changes {
        let interface_ids = match region.instances.get_mut(id) {
            Some(instance) => {
                instance.state = *stored;
                instance.interface_ids.clone()
            }
            None => continue,
        };
        if *stored == InstanceState::Terminated {
            // Network interfaces made at launch go with the instance, and so do their groups.
            for interface_id in interface_ids {
                region.interfaces.remove(&interface_id);
            }
        }
    }
    x.list("instancesSet", changes, |x, (id, previous, _, shown)| {
        x.field("instanceId", id);
        x.node("currentState", |x| {
            x.field("code", shown.code());
            x.field("name", shown.name());
        });
        x.node("previousState", |x| {
            x.field("code", previous.code());
            x.field("name", previous.name());
        });
    });
    Ok(())
}

pub fn stop(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    change_state(region, params, x, |s| match s {
        InstanceState::Running | InstanceState::Pending => Some((InstanceState::Stopped, InstanceState::Stopping)),
        InstanceState::Stopped | InstanceState::Stopping => Some((InstanceState::Stopped, InstanceState::Stopped)),
        _ => None,
    })
}

pub fn start(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    change_state(region, params, x, |s| match s {
        InstanceState::Stopped => Some((InstanceState::Running, InstanceState::Pending)),
        InstanceState::Running | InstanceState::Pending => Some((InstanceState::Running, InstanceState::Running)),
        _ => None,
    })
}

pub fn terminate(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    change_state(region, params, x, |s| match s {
        InstanceState::Terminated => Some((InstanceState::Terminated, InstanceState::Terminated)),
        _ => Some((InstanceState::Terminated, InstanceState::ShuttingDown)),
    })
}

/// Replaces an instance's security groups (those of its primary network interface). EC2 allows
/// this while the instance is running or stopped, with 1-5 groups of the instance's VPC.
pub fn modify_attribute(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let instance = region.instance(params.required("InstanceId")?)?;
    let groups = dedup(&params.strings("GroupId"));
    if groups.is_empty() {
        return Err(if params.get("Attribute").is_some() || params.nested("InstanceType").is_some() {
            Ec2Error::new(
                "UnsupportedOperation",
                "ec2-local can change only an instance's security groups (GroupId.N).",
            )
        } else {
            Ec2Error::combination("No attributes specified.")
        });
    }
    if !matches!(instance.state, InstanceState::Running | InstanceState::Stopped) {
        return Err(Ec2Error::new(
            "IncorrectInstanceState",
            format!(
                "The instance '{}' is not in the 'running' or 'stopped' states: it is {}.",
                instance.id,
                instance.state.name()
            ),
        ));
    }
    region.check_interface_groups(&instance.vpc_id, &groups)?;
    let primary = instance.interface_ids.first().cloned().unwrap_or_default();
    let nic = region
        .interfaces
        .get_mut(&primary)
        .ok_or_else(|| Ec2Error::new("IncorrectInstanceState", "The instance has no primary network interface."))?;
    nic.groups = groups;
    x.field("return", true);
    Ok(())
}

const INTERFACE_FILTERS: &[&str] = &[
    "network-interface-id",
    "group-id",
    "group-name",
    "attachment.instance-id",
    "vpc-id",
    "subnet-id",
    "status",
    "tag-key",
    "tag-value",
];

pub fn describe_interfaces(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, INTERFACE_FILTERS)?;
    let ids = params.strings("NetworkInterfaceId");
    filters::ids_or_pages(params, &ids, "NetworkInterfaceIds")?;
    for id in &ids {
        region.interface(id)?;
    }
    let interfaces: Vec<&NetworkInterface> = region
        .interfaces
        .values()
        .filter(|n| ids.is_empty() || ids.contains(&n.id))
        .filter(|n| {
            filters::matches(&filters, &n.tags, |name| match name {
                "network-interface-id" => vec![n.id.clone()],
                "group-id" => n.groups.clone(),
                "group-name" => n.groups.iter().filter_map(|g| region.groups.get(g)).map(|g| g.name.clone()).collect(),
                "attachment.instance-id" => n.attachment.iter().map(|a| a.instance_id.clone()).collect(),
                "vpc-id" => vec![n.vpc_id.clone()],
                "subnet-id" => vec![n.subnet_id.clone()],
                _ => vec![if n.attachment.is_some() { "in-use" } else { "available" }.to_owned()],
            })
        })
        .collect();
    let (page, next) = filters::page(interfaces, |n| &n.id, params, (5, 1000))?;
    x.list("networkInterfaceSet", page, |x, nic| write_interface(x, region, nic));
    x.opt("nextToken", next);
    Ok(())
}

/// Replaces a network interface's groups (1-5 of its VPC), or sets its description.
pub fn modify_interface_attribute(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let nic = region.interface(params.required("NetworkInterfaceId")?)?;
    let id = nic.id.clone();
    let groups = dedup(&params.strings("SecurityGroupId"));
    let description = params.nested("Description").and_then(|d| d.get("Value").map(str::to_owned));
    if groups.is_empty() && description.is_none() {
        return Err(Ec2Error::missing("SecurityGroupId"));
    }
    if !groups.is_empty() {
        region.check_interface_groups(&nic.vpc_id, &groups)?;
    }
    if let Some(nic) = region.interfaces.get_mut(&id) {
        if !groups.is_empty() {
            nic.groups = groups;
        }
        if let Some(description) = description {
            nic.description = description;
        }
    }
    x.field("return", true);
    Ok(())
}
