//! "Who can reach": which inbound rules let a source in on a protocol and port. CIDR
//! containment for IPv4 and IPv6, prefix lists by their entries, and group references when the
//! source is that group or carries it. And the reverse: what may reach an instance, by port.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::{Peer, Protocol, Rule, SecurityGroup};

/// Where the traffic comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// An address (as a /32 or /128) or a CIDR: all of it must be allowed.
    Address(IpNet),
    /// A security group: what carries it.
    Group(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachQuery {
    pub source: Source,
    pub protocol: Protocol,
    /// The port for TCP and UDP, the type for ICMP; ignored for other protocols.
    pub port: i32,
    pub vpc: Option<String>,
}

/// What is wrong with a reach form's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReachProblem {
    /// Neither an IP address, a CIDR nor a group id.
    Source,
    /// Not one of tcp, udp, icmp, icmpv6, all, or a protocol number.
    Protocol,
    /// Not 0-65535 (or an ICMP type 0-255).
    Port,
}

impl ReachQuery {
    /// The query the form's fields describe.
    pub fn parse(source: &str, protocol: &str, port: &str, vpc: &str) -> Result<ReachQuery, ReachProblem> {
        let source = source.trim();
        let source =
            if source.starts_with("sg-") && source.len() > 3 && source[3..].chars().all(|c| c.is_ascii_hexdigit()) {
                Source::Group(source.to_owned())
            } else if let Ok(net) = source.parse::<IpNet>() {
                Source::Address(net.trunc())
            } else if let Ok(address) = source.parse::<IpAddr>() {
                Source::Address(IpNet::from(address))
            } else {
                return Err(ReachProblem::Source);
            };
        let protocol = Protocol::from_wire(protocol.trim()).ok_or(ReachProblem::Protocol)?;
        let port = match protocol {
            Protocol::Tcp | Protocol::Udp => port.trim().parse().ok().filter(|p| (0..=65535).contains(p)),
            Protocol::Icmp | Protocol::Icmpv6 => port.trim().parse().ok().filter(|p| (0..=255).contains(p)),
            _ => Some(0),
        }
        .ok_or(ReachProblem::Port)?;
        let vpc = Some(vpc.trim().to_owned()).filter(|v| v.starts_with("vpc-"));
        Ok(ReachQuery { source, protocol, port, vpc })
    }
}

/// A network interface as far as reach goes: what it carries and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Carrier {
    pub interface_id: String,
    pub instance_id: Option<String>,
    pub addresses: Vec<IpAddr>,
    pub groups: Vec<String>,
}

/// The groups the source carries: the group itself, or the groups of the interfaces that have
/// the source's address (a single address: a CIDR is no one interface).
pub fn member_of(source: &Source, carriers: &[Carrier]) -> BTreeSet<String> {
    match source {
        Source::Group(id) => BTreeSet::from([id.clone()]),
        Source::Address(net) if net.prefix_len() == net.max_prefix_len() => carriers
            .iter()
            .filter(|c| c.addresses.contains(&net.addr()))
            .flat_map(|c| c.groups.iter().cloned())
            .collect(),
        Source::Address(_) => BTreeSet::new(),
    }
}

/// The entries of the region's prefix lists, by id.
pub type PrefixEntries = BTreeMap<String, Vec<IpNet>>;

/// Whether the inbound `rule` lets `query`'s traffic in. `member_of` holds the groups the source
/// carries (the group itself, or the groups of the interfaces with the source's address).
pub fn admits(rule: &Rule, query: &ReachQuery, member_of: &BTreeSet<String>, lists: &PrefixEntries) -> bool {
    let traffic = match (rule.protocol, query.protocol) {
        (Protocol::All, _) => true,
        (a, b) if a != b => false,
        (Protocol::Tcp | Protocol::Udp, _) => (rule.from_port..=rule.to_port).contains(&query.port),
        (Protocol::Icmp | Protocol::Icmpv6, _) => rule.from_port == -1 || rule.from_port == query.port,
        _ => true,
    };
    traffic
        && match (&rule.peer, &query.source) {
            (Peer::Ipv4(cidr) | Peer::Ipv6(cidr), Source::Address(source)) => {
                cidr.parse::<IpNet>().is_ok_and(|net| net.trunc().contains(source))
            }
            (Peer::Group { id, .. }, _) => member_of.contains(id),
            (Peer::PrefixList { id, .. }, Source::Address(source)) => {
                lists.get(id).is_some_and(|entries| entries.iter().any(|net| net.contains(source)))
            }
            _ => false,
        }
}

/// A rule that lets the source in, with its group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachHit {
    pub group_id: String,
    pub group_name: String,
    pub vpc_id: String,
    pub rule: Rule,
}

/// Every inbound rule of `groups` (of the query's VPC, if it names one) that admits the query.
pub fn who_can_reach(
    groups: &[SecurityGroup],
    query: &ReachQuery,
    member_of: &BTreeSet<String>,
    lists: &PrefixEntries,
) -> Vec<ReachHit> {
    groups
        .iter()
        .filter(|g| query.vpc.as_ref().is_none_or(|v| g.vpc_id == *v))
        .flat_map(|g| {
            g.inbound.iter().filter(|r| admits(r, query, member_of, lists)).map(|rule| ReachHit {
                group_id: g.id.clone(),
                group_name: g.name.clone(),
                vpc_id: g.vpc_id.clone(),
                rule: rule.clone(),
            })
        })
        .collect()
}

/// The answer to a reach query: the rules that admit it, the groups the source was taken to
/// carry, and the interfaces (with their instances) that carry a group whose rule admits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachAnswer {
    pub member_of: Vec<String>,
    pub hits: Vec<ReachHit>,
    pub carriers: Vec<Carrier>,
}

impl ReachAnswer {
    pub fn of(
        groups: &[SecurityGroup],
        query: &ReachQuery,
        carriers: &[Carrier],
        lists: &PrefixEntries,
    ) -> ReachAnswer {
        let member_of = member_of(&query.source, carriers);
        let hits = who_can_reach(groups, query, &member_of, lists);
        let reached: BTreeSet<&str> = hits.iter().map(|h| h.group_id.as_str()).collect();
        let carriers =
            carriers.iter().filter(|c| c.groups.iter().any(|g| reached.contains(g.as_str()))).cloned().collect();
        ReachAnswer { member_of: member_of.into_iter().collect(), hits, carriers }
    }
}

/// What may reach an instance on one protocol and port range: the rules of its groups that
/// allow it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortAccess {
    pub protocol: Protocol,
    pub from_port: i32,
    pub to_port: i32,
    pub rules: Vec<ReachHit>,
}

/// The inbound rules of `groups`, grouped by protocol and port range, in port order.
pub fn access_by_port(groups: &[SecurityGroup]) -> Vec<PortAccess> {
    let mut by_port: BTreeMap<(i32, i32, String), PortAccess> = BTreeMap::new();
    for group in groups {
        for rule in &group.inbound {
            let key = (rule.from_port, rule.to_port, rule.protocol.wire());
            by_port
                .entry(key)
                .or_insert_with(|| PortAccess {
                    protocol: rule.protocol,
                    from_port: rule.from_port,
                    to_port: rule.to_port,
                    rules: Vec::new(),
                })
                .rules
                .push(ReachHit {
                    group_id: group.id.clone(),
                    group_name: group.name.clone(),
                    vpc_id: group.vpc_id.clone(),
                    rule: rule.clone(),
                });
        }
    }
    by_port.into_values().collect()
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, Ipv6Addr};

    use ipnet::{Ipv4Net, Ipv6Net};
    use proptest::prelude::*;

    use super::*;

    fn tcp(from: i32, to: i32, peer: Peer) -> Rule {
        Rule {
            id: Some("sgr-1".into()),
            protocol: Protocol::Tcp,
            from_port: from,
            to_port: to,
            peer,
            description: None,
            tags: Vec::new(),
        }
    }

    fn query(source: &str, port: i32) -> ReachQuery {
        ReachQuery::parse(source, "tcp", &port.to_string(), "").expect("a query")
    }

    #[test]
    fn the_form_is_read_as_ec2_would() {
        assert_eq!(query("10.0.0.5", 22).source, Source::Address("10.0.0.5/32".parse().expect("a net")));
        assert_eq!(query("10.0.0.5/8", 22).source, Source::Address("10.0.0.0/8".parse().expect("a net")));
        assert_eq!(query("sg-0abc", 22).source, Source::Group("sg-0abc".into()));
        assert_eq!(ReachQuery::parse("web", "tcp", "22", ""), Err(ReachProblem::Source));
        assert_eq!(ReachQuery::parse("10.0.0.1", "tcp", "70000", ""), Err(ReachProblem::Port));
        assert_eq!(ReachQuery::parse("10.0.0.1", "gre?", "1", ""), Err(ReachProblem::Protocol));
        assert_eq!(ReachQuery::parse("10.0.0.1", "-1", "", "vpc-1").map(|q| q.vpc), Ok(Some("vpc-1".into())));
    }

    #[test]
    fn groups_prefix_lists_and_protocols_are_matched() {
        let member_of = BTreeSet::from(["sg-app".to_owned()]);
        let lists = PrefixEntries::from([("pl-1".to_owned(), vec!["192.168.0.0/16".parse().expect("a net")])]);
        let from_app = tcp(5432, 5432, Peer::Group { id: "sg-app".into(), name: None, owner: None });
        assert!(admits(&from_app, &query("10.0.0.5", 5432), &member_of, &lists));
        assert!(!admits(&from_app, &query("10.0.0.5", 5432), &BTreeSet::new(), &lists));
        assert!(!admits(&from_app, &query("10.0.0.5", 5433), &member_of, &lists));
        let from_list = tcp(443, 443, Peer::PrefixList { id: "pl-1".into(), name: None });
        assert!(admits(&from_list, &query("192.168.4.4", 443), &member_of, &lists));
        assert!(!admits(&from_list, &query("10.1.1.1", 443), &member_of, &lists));
        let all =
            Rule { protocol: Protocol::All, from_port: -1, to_port: -1, ..tcp(0, 0, Peer::Ipv4("0.0.0.0/0".into())) };
        let udp = ReachQuery::parse("8.8.8.8", "udp", "53", "").expect("a query");
        assert!(admits(&all, &udp, &member_of, &lists));
        assert!(!admits(&tcp(0, 65535, Peer::Ipv4("0.0.0.0/0".into())), &udp, &member_of, &lists));
    }

    proptest! {
        #[test]
        fn an_address_inside_a_rules_cidr_always_matches(base: u32, len in 0u8..=32, offset: u32, port in 0i32..=65535) {
            let net = Ipv4Net::new(Ipv4Addr::from(base), len).expect("a prefix").trunc();
            let inside = u32::from(net.network()) | (offset & !u32::from(net.netmask()));
            let rule = tcp(0, 65535, Peer::Ipv4(net.to_string()));
            let q = query(&Ipv4Addr::from(inside).to_string(), port);
            prop_assert!(admits(&rule, &q, &BTreeSet::new(), &PrefixEntries::new()));
        }

        #[test]
        fn an_address_outside_never_matches(base: u32, len in 1u8..=32, address: u32) {
            let net = Ipv4Net::new(Ipv4Addr::from(base), len).expect("a prefix").trunc();
            prop_assume!(!net.contains(&Ipv4Addr::from(address)));
            let rule = tcp(0, 65535, Peer::Ipv4(net.to_string()));
            let q = query(&Ipv4Addr::from(address).to_string(), 80);
            prop_assert!(!admits(&rule, &q, &BTreeSet::new(), &PrefixEntries::new()));
        }

        #[test]
        fn ipv4_never_matches_an_ipv6_rule(base: u128, len in 0u8..=128, address: u32) {
            let net = Ipv6Net::new(Ipv6Addr::from(base), len).expect("a prefix").trunc();
            let rule = tcp(0, 65535, Peer::Ipv6(net.to_string()));
            let q = query(&Ipv4Addr::from(address).to_string(), 80);
            prop_assert!(!admits(&rule, &q, &BTreeSet::new(), &PrefixEntries::new()));
        }
    }
}
