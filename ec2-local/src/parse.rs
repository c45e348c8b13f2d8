//! What EC2 accepts in names, descriptions, tags, protocols, ports and CIDRs, and how it
//! canonicalises them. Every check answers `InvalidParameterValue` with a message that says
//! what to change, as EC2 does.

use ipnet::{Ipv4Net, Ipv6Net};

use crate::error::{Ec2Error, Result};
pub use crate::model::Protocol;
use crate::model::{Peer, RuleSpec};
use crate::query::Params;

/// The characters EC2 allows in group names and descriptions.
fn allowed_in_group_text(c: char) -> bool {
    c.is_ascii_alphanumeric() || " ._-:/()#,@[]+=&;{}!$*".contains(c)
}

/// A group name: 1-255 allowed characters, not starting with `sg-`.
pub fn group_name(name: &str) -> Result<()> {
    group_text("group name", name)?;
    if name.to_ascii_lowercase().starts_with("sg-") {
        return Err(Ec2Error::invalid_value(format!(
            "Invalid security group name '{name}': names cannot start with 'sg-'."
        )));
    }
    Ok(())
}

/// A group description: 1-255 allowed characters.
pub fn group_description(description: &str) -> Result<()> {
    group_text("group description", description)
}

fn group_text(what: &str, value: &str) -> Result<()> {
    let length = value.chars().count();
    if length == 0 || length > 255 {
        return Err(Ec2Error::invalid_value(format!(
            "Invalid {what}: it must be 1 to 255 characters long (it is {length})."
        )));
    }
    if let Some(bad) = value.chars().find(|c| !allowed_in_group_text(*c)) {
        return Err(Ec2Error::invalid_value(format!(
            "Invalid {what} '{value}': the character '{bad}' is not allowed. Use a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{{}}!$*"
        )));
    }
    Ok(())
}

/// A rule description: 0-255 characters from the group set. The API reference allows `&` in
/// the descriptions of CIDR peers (`IpRange`, `Ipv6Range`), but not of group or prefix-list
/// references (`UserIdGroupPair`, `PrefixListId`).
pub fn rule_description(description: &str, allow_ampersand: bool) -> Result<()> {
    let length = description.chars().count();
    if length > 255 {
        return Err(Ec2Error::invalid_value(format!(
            "Invalid rule description: it can be at most 255 characters long (it is {length})."
        )));
    }
    if let Some(bad) = description.chars().find(|c| (*c == '&' && !allow_ampersand) || !allowed_in_group_text(*c)) {
        let allowed = if allow_ampersand { "._-:/()#,@[]+=&;{}!$*" } else { "._-:/()#,@[]+=;{}!$*" };
        return Err(Ec2Error::invalid_value(format!(
            "Invalid rule description '{description}': the character '{bad}' is not allowed. Use a-z, A-Z, 0-9, spaces and {allowed}"
        )));
    }
    Ok(())
}

/// A tag: key 1-127 characters not starting with `aws:`, value 0-256 characters.
pub fn tag(key: &str, value: &str) -> Result<()> {
    let key_length = key.chars().count();
    if key_length == 0 || key_length > 127 {
        return Err(Ec2Error::invalid_value(format!(
            "Invalid tag key: it must be 1 to 127 characters long (it is {key_length})."
        )));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(Ec2Error::invalid_value(format!(
            "Invalid tag key '{key}': keys starting with 'aws:' are reserved for AWS."
        )));
    }
    let value_length = value.chars().count();
    if value_length > 256 {
        return Err(Ec2Error::invalid_value(format!(
            "Invalid value for tag '{key}': it can be at most 256 characters long (it is {value_length})."
        )));
    }
    Ok(())
}

/// An IP protocol by name (`tcp`, `udp`, `icmp`, `icmpv6`), `-1` for all, or a number 0-255.
/// Numbers with a name are answered by name, as EC2 does (6 -> tcp).
pub fn protocol(value: &str) -> Result<Protocol> {
    let invalid = || {
        Ec2Error::invalid_value(format!(
            "Invalid value '{value}' for IP protocol. Use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number from 0 to 255."
        ))
    };
    match value.to_ascii_lowercase().as_str() {
        "tcp" | "6" => Ok(Protocol::Tcp),
        "udp" | "17" => Ok(Protocol::Udp),
        "icmp" | "1" => Ok(Protocol::Icmp),
        "icmpv6" | "58" => Ok(Protocol::Icmpv6),
        "-1" | "all" => Ok(Protocol::All),
        number => number.parse::<u8>().map(Protocol::Number).map_err(|_| invalid()),
    }
}

/// The port range of a rule for `protocol`, as EC2 stores it.
///
/// TCP and UDP need both ports, 0-65535, from <= to. ICMP takes a type and a code, each -1-255,
/// and a code only with a type; both are required for ICMP, while ICMPv6 without them means all
/// types and codes (the API reference's IpProtocol). Every other protocol applies to all ports:
/// -1, -1.
pub fn port_range(protocol: Protocol, from: Option<i64>, to: Option<i64>) -> Result<(i32, i32)> {
    match protocol {
        Protocol::Tcp | Protocol::Udp => {
            let name = protocol.wire().to_uppercase();
            let (Some(from), Some(to)) = (from, to) else {
                return Err(Ec2Error::invalid_value(format!(
                    "{name} rules need both a from port and a to port, each from 0 to 65535."
                )));
            };
            for port in [from, to] {
                if !(0..=65535).contains(&port) {
                    return Err(Ec2Error::invalid_value(format!(
                        "Invalid port {port}: {name} ports must be from 0 to 65535."
                    )));
                }
            }
            if from > to {
                return Err(Ec2Error::invalid_value(format!(
                    "Invalid port range {from}-{to}: the from port must not be greater than the to port."
                )));
            }
            Ok((from as i32, to as i32))
        }
        Protocol::Icmp | Protocol::Icmpv6 => {
            let (kind, code) = match (from, to) {
                (Some(kind), Some(code)) => (kind, code),
                (None, None) if protocol == Protocol::Icmpv6 => (-1, -1),
                _ => {
                    return Err(Ec2Error::invalid_value(
                        "ICMP rules need both a type (FromPort) and a code (ToPort): -1 for all.",
                    ));
                }
            };
            for (what, value) in [("type", kind), ("code", code)] {
                if !(-1..=255).contains(&value) {
                    return Err(Ec2Error::invalid_value(format!(
                        "Invalid ICMP {what} {value}: it must be from 0 to 255, or -1 for all."
                    )));
                }
            }
            if kind == -1 && code != -1 {
                return Err(Ec2Error::invalid_value(format!(
                    "Invalid ICMP code {code}: a code needs a type; with all types (-1) the code must be -1."
                )));
            }
            Ok((kind as i32, code as i32))
        }
        Protocol::All | Protocol::Number(_) => Ok((-1, -1)),
    }
}

/// An IPv4 CIDR in canonical form: `10.0.0.5/8` becomes `10.0.0.0/8`.
pub fn ipv4_cidr(value: &str) -> Result<Ipv4Net> {
    value.trim().parse::<Ipv4Net>().map(|net| net.trunc()).map_err(|_| {
        Ec2Error::invalid_value(format!(
            "Invalid IPv4 CIDR '{value}'. Write an address and a prefix length from 0 to 32, such as 203.0.113.0/24 or 198.51.100.7/32."
        ))
    })
}

/// An IPv6 CIDR in canonical form: `2001:db8::1/32` becomes `2001:db8::/32`.
pub fn ipv6_cidr(value: &str) -> Result<Ipv6Net> {
    value.trim().parse::<Ipv6Net>().map(|net| net.trunc()).map_err(|_| {
        Ec2Error::invalid_value(format!(
            "Invalid IPv6 CIDR '{value}'. Write an address and a prefix length from 0 to 128, such as 2001:db8::/32 or 2001:db8::7/128."
        ))
    })
}

/// A rule's other end as a request names it; groups by name and ids are resolved in a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerRef {
    Ipv4(Ipv4Net),
    Ipv6(Ipv6Net),
    GroupId(String),
    GroupName(String),
    PrefixList(String),
}

impl PeerRef {
    pub fn is_cidr(&self) -> bool {
        matches!(self, PeerRef::Ipv4(_) | PeerRef::Ipv6(_))
    }
}

/// One rule as a request names it: one element of an `IpPermissions` entry.
#[derive(Debug, Clone)]
pub struct RequestedRule {
    pub protocol: Protocol,
    pub from_port: i32,
    pub to_port: i32,
    pub peer: PeerRef,
    pub description: Option<String>,
}

impl RequestedRule {
    pub fn with_peer(&self, peer: Peer) -> RuleSpec {
        RuleSpec {
            protocol: self.protocol,
            from_port: self.from_port,
            to_port: self.to_port,
            peer,
            description: self.description.clone(),
        }
    }
}

/// The rules named by `IpPermissions.N` or, in the older form, by the top-level
/// `IpProtocol`/`FromPort`/`ToPort`/`CidrIp`/`SourceSecurityGroupName`.
pub fn requested_rules(params: &Params) -> Result<Vec<RequestedRule>> {
    let mut permissions = params.structs("IpPermissions");
    if permissions.is_empty() {
        let legacy = ["IpProtocol", "CidrIp", "SourceSecurityGroupName"];
        if legacy.iter().any(|k| params.get(k).is_some()) {
            permissions.push(legacy_permission(params));
        }
    }
    if permissions.is_empty() {
        return Err(Ec2Error::missing("IpPermissions"));
    }
    let mut rules = Vec::new();
    for permission in permissions {
        rules.extend(permission_rules(&permission)?);
    }
    Ok(rules)
}

fn legacy_permission(params: &Params) -> Params {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut copy = |from: &str, to: &str| {
        if let Some(v) = params.get(from) {
            pairs.push((to.to_owned(), v.to_owned()));
        }
    };
    copy("IpProtocol", "IpProtocol");
    copy("FromPort", "FromPort");
    copy("ToPort", "ToPort");
    copy("CidrIp", "IpRanges.1.CidrIp");
    copy("SourceSecurityGroupName", "Groups.1.GroupName");
    if params.get("IpProtocol").is_none() {
        pairs.push(("IpProtocol".into(), "-1".into()));
    }
    Params::from_pairs(pairs)
}

fn permission_rules(permission: &Params) -> Result<Vec<RequestedRule>> {
    let protocol = protocol(permission.required("IpProtocol")?)?;
    let (from_port, to_port) = port_range(protocol, permission.int("FromPort")?, permission.int("ToPort")?)?;
    let mut rules = Vec::new();
    let mut push = |peer: PeerRef, entry: &Params| -> Result<()> {
        let description = entry.get("Description").map(str::to_owned);
        if let Some(d) = &description {
            rule_description(d, peer.is_cidr())?;
        }
        rules.push(RequestedRule { protocol, from_port, to_port, peer, description });
        Ok(())
    };
    for range in permission.structs("IpRanges") {
        push(PeerRef::Ipv4(ipv4_cidr(range.required("CidrIp")?)?), &range)?;
    }
    for range in permission.structs("Ipv6Ranges") {
        push(PeerRef::Ipv6(ipv6_cidr(range.required("CidrIpv6")?)?), &range)?;
    }
    for pair in permission.structs("Groups") {
        let peer = match (pair.get("GroupId"), pair.get("GroupName")) {
            (Some(id), _) => PeerRef::GroupId(id.to_owned()),
            (None, Some(name)) => PeerRef::GroupName(name.to_owned()),
            (None, None) => return Err(Ec2Error::missing("GroupId")),
        };
        push(peer, &pair)?;
    }
    for list in permission.structs("PrefixListIds") {
        push(PeerRef::PrefixList(list.required("PrefixListId")?.to_owned()), &list)?;
    }
    if rules.is_empty() {
        return Err(Ec2Error::invalid_value(
            "Each permission needs a source or destination: an IPv4 or IPv6 CIDR, a security group or a prefix list.",
        ));
    }
    Ok(rules)
}
