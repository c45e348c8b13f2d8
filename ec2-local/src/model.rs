//! The resources ec2-local keeps, as they are stored. One region's resources live in
//! [`crate::region::Region`]; each resource is one row of the state file.

use std::collections::BTreeMap;

use ipnet::{Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};

/// The account that owns everything here (EC2 answers with the caller's account id).
pub const OWNER_ID: &str = "123456789012";

/// Tags by key: EC2 keeps one value per key.
pub type Tags = BTreeMap<String, String>;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Vpc {
    pub id: String,
    pub cidr: Ipv4Net,
    pub cidr_association_id: String,
    pub ipv6: Option<Ipv6Block>,
    pub is_default: bool,
    pub tags: Tags,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ipv6Block {
    pub cidr: Ipv6Net,
    pub association_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub cidr: Ipv4Net,
    pub availability_zone: String,
    pub default_for_az: bool,
    pub tags: Tags,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub ingress: Vec<Rule>,
    pub egress: Vec<Rule>,
    pub tags: Tags,
}

impl SecurityGroup {
    pub fn rules(&self, egress: bool) -> &Vec<Rule> {
        if egress { &self.egress } else { &self.ingress }
    }

    pub fn rules_mut(&mut self, egress: bool) -> &mut Vec<Rule> {
        if egress { &mut self.egress } else { &mut self.ingress }
    }

    pub fn all_rules(&self) -> impl Iterator<Item = (bool, &Rule)> {
        self.ingress.iter().map(|r| (false, r)).chain(self.egress.iter().map(|r| (true, r)))
    }

    pub fn is_default(&self) -> bool {
        self.name == "default"
    }
}

/// One security-group rule: one protocol and port range, exactly one peer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    #[serde(flatten)]
    pub spec: RuleSpec,
    pub tags: Tags,
}

/// What a rule allows, without its id and tags: what requests name and what makes rules equal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleSpec {
    pub protocol: Protocol,
    /// TCP/UDP: first port. ICMP: the type (-1 for all). Other protocols: -1.
    pub from_port: i32,
    /// TCP/UDP: last port. ICMP: the code (-1 for all). Other protocols: -1.
    pub to_port: i32,
    pub peer: Peer,
    pub description: Option<String>,
}

impl RuleSpec {
    /// Two rules are the same rule when all but the description match (EC2's duplicate test).
    pub fn same_rule(&self, other: &RuleSpec) -> bool {
        self.protocol == other.protocol
            && self.from_port == other.from_port
            && self.to_port == other.to_port
            && self.peer == other.peer
    }
}

/// An IP protocol as EC2 names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Protocol {
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// `-1`: all protocols.
    All,
    /// Any other protocol number, which applies to all ports.
    Number(u8),
}

impl Protocol {
    /// The name EC2 answers with: `tcp`, `udp`, `icmp`, `icmpv6`, `-1` or the number.
    pub fn wire(self) -> String {
        match self {
            Protocol::Tcp => "tcp".into(),
            Protocol::Udp => "udp".into(),
            Protocol::Icmp => "icmp".into(),
            Protocol::Icmpv6 => "icmpv6".into(),
            Protocol::All => "-1".into(),
            Protocol::Number(n) => n.to_string(),
        }
    }

    /// Whether the rule has a port range (TCP, UDP) or type and code (ICMP).
    pub fn has_ports(self) -> bool {
        matches!(self, Protocol::Tcp | Protocol::Udp | Protocol::Icmp | Protocol::Icmpv6)
    }
}

/// The other end of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Peer {
    Ipv4(Ipv4Net),
    Ipv6(Ipv6Net),
    Group { group_id: String, user_id: String },
    PrefixList(String),
}

impl Peer {
    pub fn is_cidr(&self) -> bool {
        matches!(self, Peer::Ipv4(_) | Peer::Ipv6(_))
    }

    /// The kind of peer, which `ModifySecurityGroupRules` may not change.
    pub fn kind(&self) -> &'static str {
        match self {
            Peer::Ipv4(_) => "an IPv4 CIDR",
            Peer::Ipv6(_) => "an IPv6 CIDR",
            Peer::Group { .. } => "a security group",
            Peer::PrefixList(_) => "a prefix list",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrefixList {
    pub id: String,
    pub name: String,
    /// `IPv4` or `IPv6`.
    pub address_family: String,
    pub max_entries: u32,
    pub entries: Vec<PrefixListEntry>,
    pub version: u64,
    pub tags: Tags,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrefixListEntry {
    pub cidr: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstanceState {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
    Stopping,
    Stopped,
}

impl InstanceState {
    pub const ALL: [InstanceState; 6] = [
        InstanceState::Pending,
        InstanceState::Running,
        InstanceState::ShuttingDown,
        InstanceState::Terminated,
        InstanceState::Stopping,
        InstanceState::Stopped,
    ];

    pub fn code(self) -> u16 {
        match self {
            InstanceState::Pending => 0,
            InstanceState::Running => 16,
            InstanceState::ShuttingDown => 32,
            InstanceState::Terminated => 48,
            InstanceState::Stopping => 64,
            InstanceState::Stopped => 80,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            InstanceState::Pending => "pending",
            InstanceState::Running => "running",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
            InstanceState::Stopping => "stopping",
            InstanceState::Stopped => "stopped",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Instance {
    pub id: String,
    pub reservation_id: String,
    pub vpc_id: String,
    pub subnet_id: String,
    pub image_id: String,
    pub instance_type: String,
    pub state: InstanceState,
    /// Its network interfaces, the primary (device 0) first.
    pub interface_ids: Vec<String>,
    pub private_ip: String,
    pub launch_time: String,
    pub tags: Tags,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NetworkInterface {
    pub id: String,
    pub vpc_id: String,
    pub subnet_id: String,
    pub availability_zone: String,
    pub description: String,
    pub groups: Vec<String>,
    pub private_ip: String,
    pub mac_address: String,
    pub attachment: Option<Attachment>,
    pub tags: Tags,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attachment {
    pub id: String,
    pub instance_id: String,
    pub device_index: u32,
    pub attach_time: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LaunchTemplate {
    pub id: String,
    pub name: String,
    pub create_time: String,
    pub default_version: u64,
    pub versions: Vec<LaunchTemplateVersion>,
    pub tags: Tags,
}

impl LaunchTemplate {
    pub fn latest_version(&self) -> u64 {
        self.versions.last().map_or(1, |v| v.number)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LaunchTemplateVersion {
    pub number: u64,
    pub description: Option<String>,
    pub create_time: String,
    pub data: LaunchTemplateData,
}

/// The part of a launch template's data that ec2-local keeps: what decides an instance's groups.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LaunchTemplateData {
    pub image_id: Option<String>,
    pub instance_type: Option<String>,
    pub security_group_ids: Vec<String>,
    pub security_group_names: Vec<String>,
    pub network_interfaces: Vec<TemplateNetworkInterface>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TemplateNetworkInterface {
    pub device_index: u32,
    pub subnet_id: Option<String>,
    pub groups: Vec<String>,
    pub description: Option<String>,
}

/// The current time as EC2 writes timestamps: `2026-11-30T09:00:00.000Z`.
pub fn now() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}
