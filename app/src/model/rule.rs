use serde::{Deserialize, Serialize};

use super::Tag;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Inbound, Direction::Outbound];

    /// As in the console's paths: `inbound`, `outbound`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }

    pub fn parse(value: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.as_str() == value)
    }
}

/// An IP protocol as EC2 names it on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Protocol {
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// `-1`: every protocol.
    All,
    /// Another protocol by number.
    Number(u8),
}

impl Protocol {
    /// Reads EC2's `ipProtocol`: a name, `-1`, or a number (6, 17, 1 and 58 have names).
    pub fn from_wire(value: &str) -> Option<Self> {
        const NAMED: [(&str, &str, Protocol); 5] = [
            ("tcp", "6", Protocol::Tcp),
            ("udp", "17", Protocol::Udp),
            ("icmp", "1", Protocol::Icmp),
            ("icmpv6", "58", Protocol::Icmpv6),
            ("all", "-1", Protocol::All),
        ];
        // Compared without lowercasing a copy: a region's groups have 300,000 rules to read.
        match NAMED.iter().find(|(name, number, _)| value.eq_ignore_ascii_case(name) || value == *number) {
            Some((_, _, protocol)) => Some(*protocol),
            None => value.parse().ok().map(Protocol::Number),
        }
    }

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

    /// The Protocol column for a specific protocol: `TCP`, `ICMPV6`, or the number;
    /// `None` for all protocols (which the console words per language).
    pub fn label(self) -> Option<String> {
        match self {
            Protocol::All => None,
            Protocol::Number(n) => Some(n.to_string()),
            other => Some(other.wire().to_ascii_uppercase()),
        }
    }
}

/// The other end of a rule: its source (inbound) or destination (outbound).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Peer {
    Ipv4(String),
    Ipv6(String),
    /// Another security group; its name when it could be looked up, and its account (another
    /// account's group is reached through VPC peering).
    Group {
        id: String,
        name: Option<String>,
        owner: Option<String>,
    },
    /// A managed prefix list; its name when it could be looked up.
    PrefixList {
        id: String,
        name: Option<String>,
    },
}

/// One security-group rule: one protocol and port range, one peer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// The `sgr-` id (rules read from DescribeSecurityGroups alone have none).
    pub id: Option<String>,
    pub protocol: Protocol,
    /// TCP/UDP: first port; ICMP: the type; -1 for all.
    pub from_port: i32,
    /// TCP/UDP: last port; ICMP: the code; -1 for all.
    pub to_port: i32,
    pub peer: Peer,
    pub description: Option<String>,
    /// The rule's own tags (rules read from DescribeSecurityGroups alone have none).
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// The console's Port range column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ports {
    /// Every port (all traffic, another protocol, or every ICMP type).
    All,
    /// An ICMP type without a code: ports do not apply.
    NotApplicable,
    Single(i32),
    Range(i32, i32),
}

impl Peer {
    /// What EC2 compares: the CIDR, or the group's or prefix list's id (names are ours).
    pub fn key(&self) -> &str {
        match self {
            Peer::Ipv4(cidr) | Peer::Ipv6(cidr) => cidr,
            Peer::Group { id, .. } | Peer::PrefixList { id, .. } => id,
        }
    }

    /// Whether `other` is the same kind of peer (ModifySecurityGroupRules keeps the kind).
    pub fn same_kind(&self, other: &Peer) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// Whether this is all of IPv4 or all of IPv6.
    pub fn is_anywhere(&self) -> bool {
        matches!(self, Peer::Ipv4(c) if c == "0.0.0.0/0") || matches!(self, Peer::Ipv6(c) if c == "::/0")
    }
}

impl Rule {
    /// Whether `other` is the same rule to EC2: protocol, ports and peer (descriptions do not
    /// make rules different; `InvalidPermission.Duplicate`).
    pub fn same_rule(&self, other: &Rule) -> bool {
        (self.protocol, self.from_port, self.to_port) == (other.protocol, other.from_port, other.to_port)
            && self.peer.same_kind(&other.peer)
            && self.peer.key() == other.peer.key()
    }

    /// Whether `other` is the same rule with the same description, as EC2 stores it.
    pub fn same_as_stored(&self, other: &Rule) -> bool {
        self.same_rule(other) && self.description == other.description
    }

    /// The Port range column: a port or range for TCP/UDP; the code for ICMP.
    pub fn ports(&self) -> Ports {
        match self.protocol {
            Protocol::Tcp | Protocol::Udp if self.from_port == self.to_port => Ports::Single(self.from_port),
            Protocol::Tcp | Protocol::Udp => Ports::Range(self.from_port, self.to_port),
            Protocol::Icmp | Protocol::Icmpv6 if self.from_port == -1 => Ports::All,
            Protocol::Icmp | Protocol::Icmpv6 if self.to_port == -1 => Ports::NotApplicable,
            Protocol::Icmp | Protocol::Icmpv6 => Ports::Single(self.to_port),
            Protocol::All | Protocol::Number(_) => Ports::All,
        }
    }
}
