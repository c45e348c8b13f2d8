//! The rule editor's rows: what a person types, checked and turned into rules exactly as EC2
//! will store them. The same code checks a row in the browser as it is typed and on the server.

use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::rule_type::PRESETS;
use super::text::first_refused_char;
use super::{Peer, Protocol, Rule, RuleType};

/// EC2's quota of rules per group, per direction and address family.
pub const RULES_PER_DIRECTION: usize = 60;
/// The longest rule description EC2 takes.
pub const MAX_DESCRIPTION_CHARS: usize = 255;

/// The choices of the editor's Type select, in the AWS console's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    CustomTcp,
    CustomUdp,
    CustomIcmpV4,
    CustomIcmpV6,
    CustomProtocol,
    AllTcp,
    AllUdp,
    AllIcmpV4,
    AllIcmpV6,
    AllTraffic,
    /// A named TCP or UDP preset (SSH, HTTPS, ...), by its name.
    Preset(&'static str),
}

impl Kind {
    pub fn all() -> impl Iterator<Item = Kind> {
        use Kind::*;
        [
            CustomTcp,
            CustomUdp,
            CustomIcmpV4,
            CustomIcmpV6,
            CustomProtocol,
            AllTcp,
            AllUdp,
            AllIcmpV4,
            AllIcmpV6,
            AllTraffic,
        ]
        .into_iter()
        .chain(PRESETS.iter().map(|(_, _, name)| Preset(name)))
    }

    /// The select's value: `custom-tcp`, `ssh`, `dns-udp`, `mysql-aurora`, ...
    pub fn key(self) -> String {
        match self {
            Kind::CustomTcp => "custom-tcp".into(),
            Kind::CustomUdp => "custom-udp".into(),
            Kind::CustomIcmpV4 => "custom-icmp".into(),
            Kind::CustomIcmpV6 => "custom-icmpv6".into(),
            Kind::CustomProtocol => "custom-protocol".into(),
            Kind::AllTcp => "all-tcp".into(),
            Kind::AllUdp => "all-udp".into(),
            Kind::AllIcmpV4 => "all-icmp".into(),
            Kind::AllIcmpV6 => "all-icmpv6".into(),
            Kind::AllTraffic => "all-traffic".into(),
            Kind::Preset(name) => {
                let slug: String = name
                    .to_ascii_lowercase()
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect();
                slug.split('-').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-")
            }
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::all().find(|kind| kind.key() == key)
    }

    /// The kind of an existing rule.
    pub fn of(rule: &Rule) -> Kind {
        match RuleType::of(rule) {
            RuleType::Preset(name) => Kind::Preset(name),
            RuleType::CustomTcp => Kind::CustomTcp,
            RuleType::CustomUdp => Kind::CustomUdp,
            RuleType::AllTcp => Kind::AllTcp,
            RuleType::AllUdp => Kind::AllUdp,
            RuleType::CustomIcmpV4(..) => Kind::CustomIcmpV4,
            RuleType::CustomIcmpV6(..) => Kind::CustomIcmpV6,
            RuleType::AllIcmpV4 => Kind::AllIcmpV4,
            RuleType::AllIcmpV6 => Kind::AllIcmpV6,
            RuleType::AllTraffic => Kind::AllTraffic,
            RuleType::CustomProtocol(_) => Kind::CustomProtocol,
        }
    }

    /// The protocol this kind fixes; `None` for Custom protocol, where the person chooses it.
    pub fn protocol(self) -> Option<Protocol> {
        Some(match self {
            Kind::CustomTcp | Kind::AllTcp => Protocol::Tcp,
            Kind::CustomUdp | Kind::AllUdp => Protocol::Udp,
            Kind::CustomIcmpV4 | Kind::AllIcmpV4 => Protocol::Icmp,
            Kind::CustomIcmpV6 | Kind::AllIcmpV6 => Protocol::Icmpv6,
            Kind::AllTraffic => Protocol::All,
            Kind::CustomProtocol => return None,
            Kind::Preset(name) => PRESETS.iter().find(|(_, _, n)| *n == name).map(|(p, _, _)| *p)?,
        })
    }

    /// The ports (or ICMP type and code) this kind fixes; `None` where the person chooses them.
    pub fn fixed_ports(self) -> Option<(i32, i32)> {
        match self {
            Kind::AllTcp | Kind::AllUdp => Some((0, 65535)),
            Kind::AllIcmpV4 | Kind::AllIcmpV6 | Kind::AllTraffic | Kind::CustomProtocol => Some((-1, -1)),
            Kind::Preset(name) => PRESETS.iter().find(|(_, _, n)| *n == name).map(|(_, port, _)| (*port, *port)),
            Kind::CustomTcp | Kind::CustomUdp | Kind::CustomIcmpV4 | Kind::CustomIcmpV6 => None,
        }
    }

    /// Whether the Port range field is the person's to fill in.
    pub fn has_port_range(self) -> bool {
        matches!(self, Kind::CustomTcp | Kind::CustomUdp)
    }

    pub fn is_custom_icmp(self) -> bool {
        matches!(self, Kind::CustomIcmpV4 | Kind::CustomIcmpV6)
    }
}

/// The choices of the Source type (inbound) or Destination type (outbound) select.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeerType {
    Custom,
    AnywhereIpv4,
    AnywhereIpv6,
    /// The address the console sees the browser at.
    MyIp,
}

impl PeerType {
    pub const ALL: [PeerType; 4] = [PeerType::Custom, PeerType::AnywhereIpv4, PeerType::AnywhereIpv6, PeerType::MyIp];

    pub fn key(self) -> &'static str {
        match self {
            PeerType::Custom => "custom",
            PeerType::AnywhereIpv4 => "anywhere-ipv4",
            PeerType::AnywhereIpv6 => "anywhere-ipv6",
            PeerType::MyIp => "my-ip",
        }
    }

    pub fn from_key(key: &str) -> PeerType {
        PeerType::ALL.into_iter().find(|t| t.key() == key).unwrap_or(PeerType::Custom)
    }

    /// The peer this type stands for, written out: `None` for Custom, and for My IP when the
    /// address is not known.
    pub fn fixed_peer(self, my_ip: Option<IpAddr>) -> Option<String> {
        match self {
            PeerType::Custom => None,
            PeerType::AnywhereIpv4 => Some("0.0.0.0/0".into()),
            PeerType::AnywhereIpv6 => Some("::/0".into()),
            PeerType::MyIp => my_ip.map(|ip| IpNet::from(ip).to_string()),
        }
    }
}

/// A group a rule may name: the VPC's groups, and any group the rules already name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerGroup {
    pub id: String,
    pub name: Option<String>,
    /// Another account's, through VPC peering.
    pub owner: Option<String>,
}

/// A managed prefix list a rule may name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerPrefixList {
    pub id: String,
    pub name: String,
    /// What a rule naming it counts against the quota.
    pub max_entries: u32,
    pub ipv6: bool,
}

/// What a rule's peer may be, for checking and suggesting: read with the group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peers {
    pub groups: Vec<PeerGroup>,
    pub prefix_lists: Vec<PeerPrefixList>,
    /// The address the console sees the browser at, for "My IP".
    pub my_ip: Option<IpAddr>,
}

impl Peers {
    /// `text` as a peer: a CIDR (canonical, as EC2 stores it; a single address is a /32 or
    /// /128), a group by id or name, or a prefix list by id or name.
    pub fn resolve(&self, text: &str) -> Result<Peer, Problem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Problem::PeerMissing);
        }
        if let Ok(net) = text.parse::<IpNet>() {
            return Ok(cidr_peer(net.trunc()));
        }
        if let Ok(ip) = text.parse::<IpAddr>() {
            return Ok(cidr_peer(IpNet::from(ip)));
        }
        let group = |g: &PeerGroup| Peer::Group { id: g.id.clone(), name: g.name.clone(), owner: g.owner.clone() };
        let list = |l: &PeerPrefixList| Peer::PrefixList { id: l.id.clone(), name: Some(l.name.clone()) };
        if text.starts_with("sg-") {
            return self.groups.iter().find(|g| g.id == text).map(group).ok_or(Problem::GroupUnknown);
        }
        if text.starts_with("pl-") {
            return self.prefix_lists.iter().find(|l| l.id == text).map(list).ok_or(Problem::PrefixListUnknown);
        }
        if text.contains('/') || text.parse::<std::net::Ipv6Addr>().is_ok() || looks_like_ipv4(text) {
            return Err(Problem::CidrInvalid);
        }
        // Group names are unique in a VPC ignoring case, as EC2 compares them.
        let groups: Vec<_> =
            self.groups.iter().filter(|g| g.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(text))).collect();
        let lists: Vec<_> = self.prefix_lists.iter().filter(|l| l.name == text).collect();
        match (groups.as_slice(), lists.as_slice()) {
            ([g], []) => Ok(group(g)),
            ([], [l]) => Ok(list(l)),
            ([], []) => Err(Problem::PeerUnknown),
            _ => Err(Problem::PeerAmbiguous),
        }
    }

    /// How much of the quota `rule` uses, IPv4 and IPv6 (see [`quota_weight`]).
    pub fn quota_weight(&self, rule: &Rule) -> (usize, usize) {
        quota_weight(&rule.peer, &self.prefix_lists)
    }

    /// These peers with only the groups that `texts` name, by id or by name (ignoring case, as
    /// [`Peers::resolve`] compares names): all that resolving those texts needs. A form's page
    /// sends these with it; the VPC's other groups, thousands in a large one, only when the
    /// browser asks for them.
    pub fn named_by<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Peers {
        let texts: Vec<&str> = texts.into_iter().map(str::trim).collect();
        let named = |g: &&PeerGroup| {
            texts.iter().any(|t| g.id == *t || g.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(t)))
        };
        Peers {
            groups: self.groups.iter().filter(named).cloned().collect(),
            prefix_lists: self.prefix_lists.clone(),
            my_ip: self.my_ip,
        }
    }
}

/// How much of the quota a rule naming `peer` uses, IPv4 and IPv6: one for a CIDR of that
/// family, one in each for a group reference, and a prefix list's maximum entries in its family
/// (one IPv4 entry when the list is not among `lists`).
pub fn quota_weight(peer: &Peer, lists: &[PeerPrefixList]) -> (usize, usize) {
    match peer {
        Peer::Ipv4(_) => (1, 0),
        Peer::Ipv6(_) => (0, 1),
        Peer::Group { .. } => (1, 1),
        Peer::PrefixList { id, .. } => match lists.iter().find(|l| l.id == *id) {
            Some(list) if list.ipv6 => (0, list.max_entries as usize),
            Some(list) => (list.max_entries as usize, 0),
            None => (1, 0),
        },
    }
}

fn cidr_peer(net: IpNet) -> Peer {
    match net {
        IpNet::V4(net) => Peer::Ipv4(net.to_string()),
        IpNet::V6(net) => Peer::Ipv6(net.to_string()),
    }
}

fn looks_like_ipv4(text: &str) -> bool {
    text.split('.').count() == 4 && text.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// What is wrong with a field of a rule row, or with the rules together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    KindUnknown,
    ProtocolInvalid,
    /// A protocol number that has its own Type (6 is Custom TCP, ...).
    ProtocolHasKind,
    PortsMissing,
    PortsInvalid,
    PortOutOfRange,
    PortsReversed,
    IcmpTypeInvalid,
    IcmpCodeInvalid,
    PeerMissing,
    CidrInvalid,
    PeerUnknown,
    PeerAmbiguous,
    GroupUnknown,
    PrefixListUnknown,
    MyIpUnknown,
    DescriptionTooLong,
    DescriptionChar(char),
    /// `&` is taken only in the description of a rule with a CIDR.
    DescriptionAmpersand,
    /// The same rule as rule N (1-based); descriptions do not make rules different.
    Duplicate(u16),
}

/// More rules of one address family in one direction than EC2's quota.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaExceeded {
    pub ipv6: bool,
    /// The rules counted, EC2's way.
    pub count: usize,
}

/// One row of the rule editor as typed: every field a string, as a form sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleRow {
    /// The `sgr-` id of the rule this row edits; empty for a new rule.
    pub id: String,
    /// [`Kind::key`].
    pub kind: String,
    /// Custom protocol: its number.
    pub protocol: String,
    /// Custom TCP/UDP: `22` or `8000-8080`.
    pub ports: String,
    /// Custom ICMP: the type number.
    pub icmp_type: String,
    /// Custom ICMP: the code number, `-1` for every code.
    pub icmp_code: String,
    /// [`PeerType::key`].
    pub peer_type: String,
    /// Custom: a CIDR, a group or a prefix list, by id or name.
    pub peer: String,
    pub description: String,
}

impl Default for RuleRow {
    /// A new row: Custom TCP from a custom source, as the AWS console starts one.
    fn default() -> Self {
        RuleRow {
            id: String::new(),
            kind: Kind::CustomTcp.key(),
            protocol: String::new(),
            ports: String::new(),
            icmp_type: String::new(),
            icmp_code: "-1".into(),
            peer_type: PeerType::Custom.key().into(),
            peer: String::new(),
            description: String::new(),
        }
    }
}

/// The problems of one row, by field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblems {
    /// The rule as a whole (a duplicate).
    pub rule: Option<Problem>,
    pub kind: Option<Problem>,
    pub protocol: Option<Problem>,
    pub ports: Option<Problem>,
    pub icmp_type: Option<Problem>,
    pub icmp_code: Option<Problem>,
    pub peer: Option<Problem>,
    pub description: Option<Problem>,
}

impl RowProblems {
    pub fn is_empty(&self) -> bool {
        *self == RowProblems::default()
    }
}

impl RuleRow {
    /// The row that edits `rule`.
    pub fn from_rule(rule: &Rule) -> RuleRow {
        let kind = Kind::of(rule);
        let (peer_type, peer) = match &rule.peer {
            Peer::Ipv4(cidr) if cidr == "0.0.0.0/0" => (PeerType::AnywhereIpv4, cidr.clone()),
            Peer::Ipv6(cidr) if cidr == "::/0" => (PeerType::AnywhereIpv6, cidr.clone()),
            Peer::Ipv4(cidr) | Peer::Ipv6(cidr) => (PeerType::Custom, cidr.clone()),
            Peer::Group { id, .. } | Peer::PrefixList { id, .. } => (PeerType::Custom, id.clone()),
        };
        let ports = match kind {
            Kind::CustomTcp | Kind::CustomUdp if rule.from_port == rule.to_port => rule.from_port.to_string(),
            Kind::CustomTcp | Kind::CustomUdp => format!("{}-{}", rule.from_port, rule.to_port),
            _ => String::new(),
        };
        let (icmp_type, icmp_code) = if kind.is_custom_icmp() {
            (rule.from_port.to_string(), rule.to_port.to_string())
        } else {
            (String::new(), "-1".into())
        };
        RuleRow {
            id: rule.id.clone().unwrap_or_default(),
            kind: kind.key(),
            protocol: match rule.protocol {
                Protocol::Number(n) => n.to_string(),
                _ => String::new(),
            },
            ports,
            icmp_type,
            icmp_code,
            peer_type: peer_type.key().into(),
            peer,
            description: rule.description.clone().unwrap_or_default(),
        }
    }

    /// The row's fields as the editor's form names them: `{list}[{index}][kind]`, ...
    pub fn fields(&self, list: &str, index: usize) -> Vec<(String, String)> {
        let name = |field: &str| format!("{list}[{index}][{field}]");
        [
            ("id", &self.id),
            ("kind", &self.kind),
            ("protocol", &self.protocol),
            ("ports", &self.ports),
            ("icmp_type", &self.icmp_type),
            ("icmp_code", &self.icmp_code),
            ("peer_type", &self.peer_type),
            ("peer", &self.peer),
            ("description", &self.description),
        ]
        .into_iter()
        .map(|(field, value)| (name(field), value.clone()))
        .collect()
    }

    pub fn kind(&self) -> Option<Kind> {
        Kind::from_key(&self.kind)
    }

    pub fn peer_type(&self) -> PeerType {
        PeerType::from_key(&self.peer_type)
    }

    /// The row as a rule, or what is wrong with each of its fields.
    pub fn parse(&self, peers: &Peers) -> Result<Rule, RowProblems> {
        let mut problems = RowProblems::default();
        let kind = self.kind();
        let protocol = match kind {
            None => {
                problems.kind = Some(Problem::KindUnknown);
                None
            }
            Some(kind) => match kind.protocol() {
                Some(protocol) => Some(protocol),
                None => custom_protocol(&self.protocol).map_err(|p| problems.protocol = Some(p)).ok(),
            },
        };
        let ports = match kind {
            None => None,
            Some(kind) if kind.has_port_range() => port_range(&self.ports).map_err(|p| problems.ports = Some(p)).ok(),
            Some(kind) if kind.is_custom_icmp() => {
                let icmp_type = icmp_number(&self.icmp_type, false).map_err(|_| Problem::IcmpTypeInvalid);
                let icmp_code = icmp_number(&self.icmp_code, true).map_err(|_| Problem::IcmpCodeInvalid);
                match (icmp_type, icmp_code) {
                    (Ok(t), Ok(c)) => Some((t, c)),
                    (t, c) => {
                        problems.icmp_type = t.err();
                        problems.icmp_code = c.err();
                        None
                    }
                }
            }
            Some(kind) => kind.fixed_ports(),
        };
        let peer = match self.peer_type() {
            PeerType::Custom => peers.resolve(&self.peer),
            fixed => fixed.fixed_peer(peers.my_ip).ok_or(Problem::MyIpUnknown).and_then(|p| peers.resolve(&p)),
        };
        let peer = peer.map_err(|p| problems.peer = Some(p)).ok();
        let description = self.description.trim();
        problems.description = description_problem(description, peer.as_ref());
        match (protocol, ports, peer) {
            (Some(protocol), Some((from_port, to_port)), Some(peer)) if problems.is_empty() => Ok(Rule {
                id: Some(self.id.trim().to_owned()).filter(|id| !id.is_empty()),
                protocol,
                from_port,
                to_port,
                peer,
                description: Some(description.to_owned()).filter(|d| !d.is_empty()),
                tags: Vec::new(),
            }),
            _ => Err(problems),
        }
    }
}

fn custom_protocol(text: &str) -> Result<Protocol, Problem> {
    let number: u8 = text.trim().parse().map_err(|_| Problem::ProtocolInvalid)?;
    match Protocol::from_wire(&number.to_string()) {
        Some(Protocol::Number(n)) => Ok(Protocol::Number(n)),
        _ => Err(Problem::ProtocolHasKind),
    }
}

/// `22`, `8000-8080` or `8000 - 8080`, within 0-65535 and in order.
pub fn port_range(text: &str) -> Result<(i32, i32), Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::PortsMissing);
    }
    let (from, to) = text.split_once('-').unwrap_or((text, text));
    let port = |p: &str| -> Result<i32, Problem> {
        let p = p.trim();
        if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) {
            return Err(Problem::PortsInvalid);
        }
        p.parse::<i32>().ok().filter(|n| (0..=65535).contains(n)).ok_or(Problem::PortOutOfRange)
    };
    let (from, to) = (port(from)?, port(to)?);
    if from > to {
        return Err(Problem::PortsReversed);
    }
    Ok((from, to))
}

/// An ICMP type or code, 0-255; `-1` (every code) where `all` is allowed.
fn icmp_number(text: &str, all: bool) -> Result<i32, ()> {
    match text.trim().parse::<i32>() {
        Ok(-1) if all => Ok(-1),
        Ok(n) if (0..=255).contains(&n) => Ok(n),
        _ => Err(()),
    }
}

fn description_problem(description: &str, peer: Option<&Peer>) -> Option<Problem> {
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Some(Problem::DescriptionTooLong);
    }
    if let Some(c) = first_refused_char(description) {
        return Some(Problem::DescriptionChar(c));
    }
    let cidr = matches!(peer, None | Some(Peer::Ipv4(_) | Peer::Ipv6(_)));
    (description.contains('&') && !cidr).then_some(Problem::DescriptionAmpersand)
}

/// A direction's rows checked together: each row, duplicates among them, and the quota.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RulesCheck {
    /// One entry per row.
    pub rows: Vec<RowProblems>,
    /// The rules, when every row is a rule.
    pub rules: Option<Vec<Rule>>,
    /// The quota exceeded, if it is.
    pub quota: Option<QuotaExceeded>,
}

impl RulesCheck {
    pub fn of(rows: &[RuleRow], peers: &Peers) -> RulesCheck {
        let parsed: Vec<Result<Rule, RowProblems>> = rows.iter().map(|r| r.parse(peers)).collect();
        let mut problems: Vec<RowProblems> = parsed.iter().map(|r| r.clone().err().unwrap_or_default()).collect();
        let rules: Vec<Option<&Rule>> = parsed.iter().map(|r| r.as_ref().ok()).collect();
        for (i, rule) in rules.iter().enumerate() {
            let Some(rule) = rule else { continue };
            if let Some(first) = rules[..i].iter().position(|other| other.is_some_and(|o| o.same_rule(rule))) {
                problems[i].rule = Some(Problem::Duplicate(u16::try_from(first + 1).unwrap_or(u16::MAX)));
            }
        }
        let (v4, v6) =
            rules.iter().flatten().map(|r| peers.quota_weight(r)).fold((0, 0), |a, w| (a.0 + w.0, a.1 + w.1));
        let quota = if v4 > RULES_PER_DIRECTION {
            Some(QuotaExceeded { ipv6: false, count: v4 })
        } else if v6 > RULES_PER_DIRECTION {
            Some(QuotaExceeded { ipv6: true, count: v6 })
        } else {
            None
        };
        let all_fine = problems.iter().all(RowProblems::is_empty) && quota.is_none();
        let rules = all_fine.then(|| rules.into_iter().flatten().cloned().collect());
        RulesCheck { rows: problems, rules, quota }
    }

    /// How many rows have a problem.
    pub fn rows_with_problems(&self) -> usize {
        self.rows.iter().filter(|r| !r.is_empty()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peers() -> Peers {
        Peers {
            groups: vec![
                PeerGroup { id: "sg-0123456789abcdef0".into(), name: Some("web".into()), owner: None },
                PeerGroup { id: "sg-0123456789abcdef1".into(), name: Some("Office".into()), owner: None },
            ],
            prefix_lists: vec![
                PeerPrefixList {
                    id: "pl-0123456789abcdef0".into(),
                    name: "office".into(),
                    max_entries: 10,
                    ipv6: false,
                },
                PeerPrefixList {
                    id: "pl-0123456789abcdef1".into(),
                    name: "v6-office".into(),
                    max_entries: 5,
                    ipv6: true,
                },
            ],
            my_ip: Some("203.0.113.7".parse().expect("an address")),
        }
    }

    fn row(kind: &str, ports: &str, peer: &str) -> RuleRow {
        RuleRow { kind: kind.into(), ports: ports.into(), peer: peer.into(), ..RuleRow::default() }
    }

    #[test]
    fn every_kind_has_a_key_that_reads_back() {
        let kinds: Vec<Kind> = Kind::all().collect();
        assert_eq!(kinds.len(), 10 + 22, "ten kinds and the 22 presets of EC2-FACTS.md");
        for kind in kinds {
            assert_eq!(Kind::from_key(&kind.key()), Some(kind), "{}", kind.key());
        }
        assert_eq!(Kind::Preset("DNS (UDP)").key(), "dns-udp");
        assert_eq!(Kind::Preset("MYSQL/Aurora").key(), "mysql-aurora");
    }

    #[test]
    fn every_preset_makes_its_rule() {
        for kind in Kind::all().filter(|k| matches!(k, Kind::Preset(_))) {
            let rule = row(&kind.key(), "", "10.0.0.0/8").parse(&peers()).expect("a rule");
            assert_eq!(Kind::of(&rule), kind, "{kind:?} reads back from its rule");
            assert_eq!(Some((rule.from_port, rule.to_port)), kind.fixed_ports());
        }
        let ssh = row("ssh", "9999", "10.0.0.0/8").parse(&peers()).expect("a rule");
        assert_eq!((ssh.protocol, ssh.from_port, ssh.to_port), (Protocol::Tcp, 22, 22), "a preset's port wins");
    }

    #[test]
    fn ports_are_checked() {
        assert_eq!(port_range("22"), Ok((22, 22)));
        assert_eq!(port_range(" 8000 - 8080 "), Ok((8000, 8080)));
        assert_eq!(port_range(""), Err(Problem::PortsMissing));
        assert_eq!(port_range("ssh"), Err(Problem::PortsInvalid));
        assert_eq!(port_range("-1"), Err(Problem::PortsInvalid));
        assert_eq!(port_range("70000"), Err(Problem::PortOutOfRange));
        assert_eq!(port_range("90-80"), Err(Problem::PortsReversed));
        let bad = row("custom-tcp", "70000", "10.0.0.0/8").parse(&peers()).expect_err("refused");
        assert_eq!(bad.ports, Some(Problem::PortOutOfRange));
    }

    #[test]
    fn cidrs_become_what_ec2_stores() {
        let p = peers();
        assert_eq!(p.resolve("10.0.0.5/8"), Ok(Peer::Ipv4("10.0.0.0/8".into())));
        assert_eq!(p.resolve(" 192.0.2.7 "), Ok(Peer::Ipv4("192.0.2.7/32".into())));
        assert_eq!(p.resolve("2001:db8::1/32"), Ok(Peer::Ipv6("2001:db8::/32".into())));
        assert_eq!(p.resolve("2001:db8::1"), Ok(Peer::Ipv6("2001:db8::1/128".into())));
        assert_eq!(p.resolve("10.0.0.0/33"), Err(Problem::CidrInvalid));
        assert_eq!(p.resolve("10.0.0.256"), Err(Problem::CidrInvalid));
        assert_eq!(p.resolve(""), Err(Problem::PeerMissing));
    }

    #[test]
    fn groups_and_prefix_lists_by_id_or_name() {
        let p = peers();
        let web = Peer::Group { id: "sg-0123456789abcdef0".into(), name: Some("web".into()), owner: None };
        assert_eq!(p.resolve("sg-0123456789abcdef0"), Ok(web.clone()));
        assert_eq!(p.resolve("WEB"), Ok(web), "group names ignore case, as EC2 compares them");
        assert_eq!(p.resolve("sg-00000000000000000"), Err(Problem::GroupUnknown));
        assert_eq!(
            p.resolve("v6-office"),
            Ok(Peer::PrefixList { id: "pl-0123456789abcdef1".into(), name: Some("v6-office".into()) })
        );
        assert_eq!(p.resolve("pl-00000000000000000"), Err(Problem::PrefixListUnknown));
        assert_eq!(p.resolve("office"), Err(Problem::PeerAmbiguous), "the group Office and the list office");
        assert_eq!(p.resolve("nothing-by-this-name"), Err(Problem::PeerUnknown));
    }

    #[test]
    fn source_types() {
        let p = peers();
        let mine = RuleRow { peer_type: "my-ip".into(), ..row("ssh", "", "ignored") };
        assert_eq!(mine.parse(&p).expect("a rule").peer, Peer::Ipv4("203.0.113.7/32".into()));
        let anywhere6 = RuleRow { peer_type: "anywhere-ipv6".into(), ..row("https", "", "") };
        assert_eq!(anywhere6.parse(&p).expect("a rule").peer, Peer::Ipv6("::/0".into()));
        let unknown = Peers { my_ip: None, ..p };
        assert_eq!(mine.parse(&unknown).expect_err("no address").peer, Some(Problem::MyIpUnknown));
    }

    #[test]
    fn icmp_and_custom_protocols() {
        let p = peers();
        let echo = RuleRow { icmp_type: "8".into(), icmp_code: "-1".into(), ..row("custom-icmp", "", "10.0.0.0/8") };
        let rule = echo.parse(&p).expect("a rule");
        assert_eq!((rule.protocol, rule.from_port, rule.to_port), (Protocol::Icmp, 8, -1));
        let bad = RuleRow { icmp_type: "".into(), icmp_code: "300".into(), ..echo };
        let problems = bad.parse(&p).expect_err("refused");
        assert_eq!(
            (problems.icmp_type, problems.icmp_code),
            (Some(Problem::IcmpTypeInvalid), Some(Problem::IcmpCodeInvalid))
        );
        let gre = RuleRow { protocol: "47".into(), ..row("custom-protocol", "", "10.0.0.0/8") };
        assert_eq!(gre.parse(&p).expect("a rule").protocol, Protocol::Number(47));
        let tcp = RuleRow { protocol: "6".into(), ..gre.clone() };
        assert_eq!(tcp.parse(&p).expect_err("refused").protocol, Some(Problem::ProtocolHasKind));
        let junk = RuleRow { protocol: "300".into(), ..gre };
        assert_eq!(junk.parse(&p).expect_err("refused").protocol, Some(Problem::ProtocolInvalid));
    }

    #[test]
    fn descriptions() {
        let p = peers();
        let with = |peer: &str, description: &str| RuleRow { description: description.into(), ..row("ssh", "", peer) };
        assert!(with("10.0.0.0/8", "ops & dev").parse(&p).is_ok(), "& is fine for a CIDR");
        assert_eq!(
            with("web", "ops & dev").parse(&p).expect_err("refused").description,
            Some(Problem::DescriptionAmpersand)
        );
        assert_eq!(
            with("10.0.0.0/8", "50%").parse(&p).expect_err("refused").description,
            Some(Problem::DescriptionChar('%'))
        );
        let long = "a".repeat(256);
        assert_eq!(
            with("10.0.0.0/8", &long).parse(&p).expect_err("refused").description,
            Some(Problem::DescriptionTooLong)
        );
    }

    #[test]
    fn a_rule_reads_back_from_its_row() {
        let p = peers();
        let rows = [
            row("custom-tcp", "8000-8080", "10.1.0.0/16"),
            row("all-traffic", "", "web"),
            row("https", "", "pl-0123456789abcdef0"),
            RuleRow { icmp_type: "3".into(), icmp_code: "4".into(), ..row("custom-icmpv6", "", "::/0") },
            RuleRow { protocol: "47".into(), ..row("custom-protocol", "", "2001:db8::/32") },
        ];
        for r in &rows {
            let rule = r.parse(&p).expect("a rule");
            assert_eq!(RuleRow::from_rule(&rule).parse(&p), Ok(rule));
        }
    }

    #[test]
    fn duplicates_and_the_quota() {
        let p = peers();
        let rows = vec![
            row("ssh", "", "10.0.0.0/8"),
            RuleRow { description: "another description".into(), ..row("custom-tcp", "22", "10.0.0.5/8") },
        ];
        let check = RulesCheck::of(&rows, &p);
        assert_eq!(check.rows[1].rule, Some(Problem::Duplicate(1)));
        assert_eq!(check.rules, None);

        // 50 CIDRs and one prefix list of 10 entries: 60, the most. One group more is 61.
        let mut rows: Vec<RuleRow> = (0..50).map(|n| row("custom-tcp", &n.to_string(), "10.0.0.0/8")).collect();
        rows.push(row("https", "", "pl-0123456789abcdef0"));
        assert_eq!(RulesCheck::of(&rows, &p).quota, None);
        rows.push(row("https", "", "web"));
        assert_eq!(RulesCheck::of(&rows, &p).quota, Some(QuotaExceeded { ipv6: false, count: 61 }));
        // The IPv6 side counts the group too, and the IPv6 list's 5 entries.
        let mut v6: Vec<RuleRow> = (0..55).map(|n| row("custom-tcp", &n.to_string(), "::/0")).collect();
        v6.push(row("https", "", "v6-office"));
        assert_eq!(RulesCheck::of(&v6, &p).quota, None);
        v6.push(row("http", "", "web"));
        assert_eq!(RulesCheck::of(&v6, &p).quota, Some(QuotaExceeded { ipv6: true, count: 61 }));
    }

    #[test]
    fn a_name_keeps_every_group_so_named_and_no_other() {
        let mut all = peers();
        all.groups.push(PeerGroup { id: "sg-0123456789abcdef2".into(), name: Some("WEB".into()), owner: None });
        let named = all.named_by([" web", "10.0.0.0/8"]);
        let ids: Vec<&str> = named.groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids, ["sg-0123456789abcdef0", "sg-0123456789abcdef2"], "both, so that the name stays ambiguous");
        assert_eq!(named.prefix_lists, all.prefix_lists, "the prefix lists are few: all of them go");
    }

    proptest::proptest! {
        /// Whatever address and prefix is typed, the rule holds the network EC2 stores, and
        /// the typed address lies in it.
        #[test]
        fn any_ipv4_cidr_is_stored_canonical(a: u8, b: u8, c: u8, d: u8, len in 0u8..=32) {
            let typed = format!("{a}.{b}.{c}.{d}/{len}");
            let Ok(Peer::Ipv4(stored)) = peers().resolve(&typed) else {
                return Err(proptest::test_runner::TestCaseError::fail(format!("{typed} is a CIDR")));
            };
            let net: ipnet::Ipv4Net = stored.parse().expect("a CIDR");
            proptest::prop_assert_eq!(net, net.trunc());
            proptest::prop_assert!(net.contains(&std::net::Ipv4Addr::new(a, b, c, d)));
            proptest::prop_assert_eq!(net.prefix_len(), len);
        }

        /// The groups rows name are all their check needs: with only those, each row resolves
        /// as with the VPC's every group (the same group, the same unknown or ambiguous name).
        #[test]
        fn the_groups_rows_name_check_them_as_all_groups_do(
            picks in proptest::collection::vec((0usize..10, proptest::bool::ANY), 0..6)
        ) {
            let mut all = peers();
            all.groups.push(PeerGroup { id: "sg-0123456789abcdef2".into(), name: Some("WEB".into()), owner: None });
            all.groups.push(PeerGroup { id: "sg-0123456789abcdef3".into(), name: Some("db".into()), owner: None });
            all.groups.push(PeerGroup { id: "sg-0123456789abcdef4".into(), name: None, owner: Some("111122223333".into()) });
            let texts = [
                "sg-0123456789abcdef0", "sg-0123456789abcdef4", "web", " office ", "Db", "pl-0123456789abcdef1",
                "10.0.0.0/8", "sg-0aaaaaaaaaaaaaaaa", "nobody", "sg-0123456789abcdef3",
            ];
            let rows: Vec<RuleRow> = picks
                .iter()
                .map(|&(i, upper)| {
                    let text = if upper { texts[i].to_uppercase() } else { texts[i].to_owned() };
                    RuleRow { ports: "22".into(), peer: text, ..RuleRow::default() }
                })
                .collect();
            let named = all.named_by(rows.iter().map(|r| r.peer.as_str()));
            proptest::prop_assert_eq!(RulesCheck::of(&rows, &named), RulesCheck::of(&rows, &all));
        }
    }
}
