use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Inbound,
    Outbound,
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
        Some(match value.to_ascii_lowercase().as_str() {
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "icmp" | "1" => Protocol::Icmp,
            "icmpv6" | "58" => Protocol::Icmpv6,
            "-1" | "all" => Protocol::All,
            other => Protocol::Number(other.parse().ok()?),
        })
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
            other => Some(other.wire().to_uppercase()),
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

impl Rule {
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
