//! Risky rules: what a rule open to the whole internet exposes, by the standard checks of
//! shared/EC2-FACTS.md (CIS AWS Foundations, Trusted Advisor, Prowler).

use serde::{Deserialize, Serialize};

use super::{Direction, Protocol, Rule, RuleChanges};

/// Remote administration ports (CIS AWS Foundations 5.2 and 5.3).
pub const ADMIN_PORTS: [i32; 2] = [22, 3389];

/// The other ports that must not be open to the world: databases, SMB, Telnet, FTP and the like.
pub const HIGH_RISK_PORTS: [i32; 37] = [
    20, 21, 23, 25, 110, 135, 143, 445, 1433, 1434, 1521, 2375, 2376, 2379, 2380, 2483, 2484, 3000, 3306, 4333, 5000,
    5432, 5500, 5601, 5900, 6379, 7199, 8080, 8088, 8888, 9092, 9160, 9200, 9300, 11211, 27017, 27018,
];

/// What an inbound rule from 0.0.0.0/0 or ::/0 exposes, most severe first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exposure {
    /// Protocol `-1`: every protocol and port.
    AllTraffic,
    /// Every TCP or UDP port.
    AllPorts,
    /// SSH or RDP (CIS).
    AdminPorts(Vec<i32>),
    /// Ports of the high-risk list.
    HighRiskPorts(Vec<i32>),
}

impl Exposure {
    /// What `rule` exposes, if it is an inbound rule open to the world and exposes something.
    pub fn of(rule: &Rule) -> Option<Exposure> {
        if !rule.peer.is_anywhere() {
            return None;
        }
        let (from, to) = match rule.protocol {
            Protocol::All => return Some(Exposure::AllTraffic),
            Protocol::Tcp | Protocol::Udp => (rule.from_port, rule.to_port),
            _ => return None,
        };
        if from <= 0 && to >= 65535 {
            return Some(Exposure::AllPorts);
        }
        let within = |ports: &[i32]| ports.iter().copied().filter(|p| (from..=to).contains(p)).collect::<Vec<_>>();
        let admin = within(&ADMIN_PORTS);
        if !admin.is_empty() {
            return Some(Exposure::AdminPorts(admin));
        }
        let mut risky = within(&HIGH_RISK_PORTS);
        risky.sort_unstable();
        (!risky.is_empty()).then_some(Exposure::HighRiskPorts(risky))
    }
}

/// A warning shown before a change is saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Warning {
    /// A rule added or changed opens this to the world.
    OpenToWorld { rule: Rule, exposure: Exposure },
    /// Every rule of the direction goes: inbound, nothing may reach the group's resources;
    /// outbound, they may reach nothing.
    RemovesEveryRule(Direction),
}

/// The warnings of saving `changes` to a direction's rules, leaving `remaining` rules.
pub fn warnings(direction: Direction, changes: &RuleChanges, remaining: usize) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if direction == Direction::Inbound {
        let new = changes.added.iter().chain(changes.changed.iter().map(|c| &c.after));
        for rule in new {
            if let Some(exposure) = Exposure::of(rule) {
                warnings.push(Warning::OpenToWorld { rule: rule.clone(), exposure });
            }
        }
    }
    if remaining == 0 && !changes.removed.is_empty() {
        warnings.push(Warning::RemovesEveryRule(direction));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Peer;

    fn rule(protocol: Protocol, from: i32, to: i32, cidr: &str) -> Rule {
        let peer = if cidr.contains(':') { Peer::Ipv6(cidr.into()) } else { Peer::Ipv4(cidr.into()) };
        Rule { id: None, protocol, from_port: from, to_port: to, peer, description: None, tags: Vec::new() }
    }

    #[test]
    fn exposures() {
        use Protocol::*;
        assert_eq!(Exposure::of(&rule(All, -1, -1, "0.0.0.0/0")), Some(Exposure::AllTraffic));
        assert_eq!(Exposure::of(&rule(Tcp, 0, 65535, "::/0")), Some(Exposure::AllPorts));
        assert_eq!(Exposure::of(&rule(Tcp, 22, 22, "0.0.0.0/0")), Some(Exposure::AdminPorts(vec![22])));
        assert_eq!(Exposure::of(&rule(Udp, 3000, 3400, "::/0")), Some(Exposure::AdminPorts(vec![3389])));
        assert_eq!(Exposure::of(&rule(Tcp, 5432, 5432, "0.0.0.0/0")), Some(Exposure::HighRiskPorts(vec![5432])));
        assert_eq!(Exposure::of(&rule(Tcp, 6000, 6400, "0.0.0.0/0")), Some(Exposure::HighRiskPorts(vec![6379])));
        assert_eq!(Exposure::of(&rule(Tcp, 443, 443, "0.0.0.0/0")), None, "HTTPS is meant to be public");
        assert_eq!(Exposure::of(&rule(Tcp, 22, 22, "10.0.0.0/8")), None, "not the whole internet");
        assert_eq!(Exposure::of(&rule(Icmp, -1, -1, "0.0.0.0/0")), None);
    }

    #[test]
    fn warnings_for_what_the_change_adds() {
        let ssh = rule(Protocol::Tcp, 22, 22, "0.0.0.0/0");
        let changes = RuleChanges { added: vec![ssh.clone()], ..Default::default() };
        assert_eq!(
            warnings(Direction::Inbound, &changes, 1),
            [Warning::OpenToWorld { rule: ssh.clone(), exposure: Exposure::AdminPorts(vec![22]) }]
        );
        assert_eq!(warnings(Direction::Outbound, &changes, 1), [], "outbound to anywhere is the default");
        let removed = RuleChanges { removed: vec![ssh], ..Default::default() };
        assert_eq!(warnings(Direction::Outbound, &removed, 0), [Warning::RemovesEveryRule(Direction::Outbound)]);
    }
}
