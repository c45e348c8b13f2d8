//! The console's "Type" column: the preset a rule matches (SSH, HTTPS, ...) or its custom kind.

use super::{Protocol, Rule};

/// The AWS console's named TCP/UDP presets, with their single port.
pub(super) const PRESETS: &[(Protocol, i32, &str)] = &[
    (Protocol::Tcp, 22, "SSH"),
    (Protocol::Tcp, 25, "SMTP"),
    (Protocol::Udp, 53, "DNS (UDP)"),
    (Protocol::Tcp, 53, "DNS (TCP)"),
    (Protocol::Tcp, 80, "HTTP"),
    (Protocol::Tcp, 110, "POP3"),
    (Protocol::Tcp, 143, "IMAP"),
    (Protocol::Tcp, 389, "LDAP"),
    (Protocol::Tcp, 443, "HTTPS"),
    (Protocol::Tcp, 445, "SMB"),
    (Protocol::Tcp, 465, "SMTPS"),
    (Protocol::Tcp, 993, "IMAPS"),
    (Protocol::Tcp, 995, "POP3S"),
    (Protocol::Tcp, 1433, "MSSQL"),
    (Protocol::Tcp, 1521, "Oracle-RDS"),
    (Protocol::Tcp, 2049, "NFS"),
    (Protocol::Tcp, 3306, "MYSQL/Aurora"),
    (Protocol::Tcp, 3389, "RDP"),
    (Protocol::Tcp, 5432, "PostgreSQL"),
    (Protocol::Tcp, 5439, "Redshift"),
    (Protocol::Tcp, 5985, "WinRM-HTTP"),
    (Protocol::Tcp, 5986, "WinRM-HTTPS"),
];

/// An ICMP message type with a name (IANA's registry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IcmpType {
    EchoReply,
    DestinationUnreachable,
    SourceQuench,
    Redirect,
    EchoRequest,
    RouterAdvertisement,
    RouterSolicitation,
    TimeExceeded,
    ParameterProblem,
    Timestamp,
    TimestampReply,
    PacketTooBig,
}

impl IcmpType {
    pub fn of(protocol: Protocol, code: i32) -> Option<Self> {
        use IcmpType::*;
        match (protocol, code) {
            (Protocol::Icmp, 0) | (Protocol::Icmpv6, 129) => Some(EchoReply),
            (Protocol::Icmp, 3) | (Protocol::Icmpv6, 1) => Some(DestinationUnreachable),
            (Protocol::Icmp, 4) => Some(SourceQuench),
            (Protocol::Icmp, 5) => Some(Redirect),
            (Protocol::Icmp, 8) | (Protocol::Icmpv6, 128) => Some(EchoRequest),
            (Protocol::Icmp, 9) => Some(RouterAdvertisement),
            (Protocol::Icmp, 10) => Some(RouterSolicitation),
            (Protocol::Icmp, 11) | (Protocol::Icmpv6, 3) => Some(TimeExceeded),
            (Protocol::Icmp, 12) | (Protocol::Icmpv6, 4) => Some(ParameterProblem),
            (Protocol::Icmp, 13) => Some(Timestamp),
            (Protocol::Icmp, 14) => Some(TimestampReply),
            (Protocol::Icmpv6, 2) => Some(PacketTooBig),
            _ => None,
        }
    }
}

impl IcmpType {
    /// The types the editor offers for ICMP (`false`) or ICMPv6 (`true`), by number.
    pub fn choices(v6: bool) -> &'static [i32] {
        if v6 { &[1, 2, 3, 4, 128, 129] } else { &[0, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14] }
    }
}

/// The codes IANA names for an ICMP (`v6` false) or ICMPv6 type, as (code, name). IANA's
/// protocol terms, the same in every language.
pub fn icmp_codes(v6: bool, icmp_type: i32) -> &'static [(i32, &'static str)] {
    match (v6, icmp_type) {
        (false, 3) => &[
            (0, "Net Unreachable"),
            (1, "Host Unreachable"),
            (2, "Protocol Unreachable"),
            (3, "Port Unreachable"),
            (4, "Fragmentation Needed and Don't Fragment was Set"),
            (5, "Source Route Failed"),
            (6, "Destination Network Unknown"),
            (7, "Destination Host Unknown"),
            (9, "Communication with Destination Network is Administratively Prohibited"),
            (10, "Communication with Destination Host is Administratively Prohibited"),
            (13, "Communication Administratively Prohibited"),
        ],
        (false, 5) => &[
            (0, "Redirect Datagram for the Network"),
            (1, "Redirect Datagram for the Host"),
            (2, "Redirect Datagram for the Type of Service and Network"),
            (3, "Redirect Datagram for the Type of Service and Host"),
        ],
        (false, 11) | (true, 3) => &[(0, "Time to Live exceeded in Transit"), (1, "Fragment Reassembly Time Exceeded")],
        (false, 12) => &[(0, "Pointer indicates the error"), (1, "Missing a Required Option"), (2, "Bad Length")],
        (true, 1) => &[
            (0, "No route to destination"),
            (1, "Communication with destination administratively prohibited"),
            (3, "Address unreachable"),
            (4, "Port unreachable"),
        ],
        (true, 4) => &[
            (0, "Erroneous header field encountered"),
            (1, "Unrecognized Next Header type encountered"),
            (2, "Unrecognized IPv6 option encountered"),
        ],
        _ => &[],
    }
}

/// What the console calls a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleType {
    /// A named preset such as SSH or HTTPS (the same in every language).
    Preset(&'static str),
    CustomTcp,
    CustomUdp,
    AllTcp,
    AllUdp,
    /// ICMP for IPv4 with one type (named when IANA names it), or with a type number.
    CustomIcmpV4(Option<IcmpType>, i32),
    CustomIcmpV6(Option<IcmpType>, i32),
    AllIcmpV4,
    AllIcmpV6,
    AllTraffic,
    CustomProtocol(u8),
}

impl RuleType {
    pub fn of(rule: &Rule) -> Self {
        let (from, to) = (rule.from_port, rule.to_port);
        match rule.protocol {
            Protocol::All => RuleType::AllTraffic,
            Protocol::Number(n) => RuleType::CustomProtocol(n),
            Protocol::Icmp if from == -1 => RuleType::AllIcmpV4,
            Protocol::Icmpv6 if from == -1 => RuleType::AllIcmpV6,
            Protocol::Icmp => RuleType::CustomIcmpV4(IcmpType::of(Protocol::Icmp, from), from),
            Protocol::Icmpv6 => RuleType::CustomIcmpV6(IcmpType::of(Protocol::Icmpv6, from), from),
            protocol @ (Protocol::Tcp | Protocol::Udp) => {
                if from == 0 && to == 65535 {
                    return if protocol == Protocol::Tcp { RuleType::AllTcp } else { RuleType::AllUdp };
                }
                let preset = PRESETS.iter().find(|(p, port, _)| *p == protocol && from == *port && to == *port);
                match (preset, protocol) {
                    (Some((_, _, name)), _) => RuleType::Preset(name),
                    (None, Protocol::Tcp) => RuleType::CustomTcp,
                    _ => RuleType::CustomUdp,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Peer;

    fn rule(protocol: &str, from: i32, to: i32) -> Rule {
        Rule {
            id: None,
            protocol: Protocol::from_wire(protocol).expect("protocol"),
            from_port: from,
            to_port: to,
            peer: Peer::Ipv4("0.0.0.0/0".into()),
            description: None,
            tags: Vec::new(),
        }
    }

    #[test]
    fn presets_match_their_single_port_and_protocol() {
        assert_eq!(RuleType::of(&rule("tcp", 22, 22)), RuleType::Preset("SSH"));
        assert_eq!(RuleType::of(&rule("tcp", 443, 443)), RuleType::Preset("HTTPS"));
        assert_eq!(RuleType::of(&rule("udp", 53, 53)), RuleType::Preset("DNS (UDP)"));
        assert_eq!(RuleType::of(&rule("tcp", 53, 53)), RuleType::Preset("DNS (TCP)"));
        assert_eq!(RuleType::of(&rule("udp", 22, 22)), RuleType::CustomUdp);
        assert_eq!(RuleType::of(&rule("tcp", 22, 23)), RuleType::CustomTcp);
    }

    #[test]
    fn whole_ranges_and_protocols() {
        assert_eq!(RuleType::of(&rule("tcp", 0, 65535)), RuleType::AllTcp);
        assert_eq!(RuleType::of(&rule("-1", -1, -1)), RuleType::AllTraffic);
        assert_eq!(RuleType::of(&rule("50", -1, -1)), RuleType::CustomProtocol(50));
        assert_eq!(RuleType::of(&rule("icmp", -1, -1)), RuleType::AllIcmpV4);
        assert_eq!(RuleType::of(&rule("icmp", 8, -1)), RuleType::CustomIcmpV4(Some(IcmpType::EchoRequest), 8));
        assert_eq!(RuleType::of(&rule("icmpv6", 128, -1)), RuleType::CustomIcmpV6(Some(IcmpType::EchoRequest), 128));
        assert_eq!(RuleType::of(&rule("icmp", 42, -1)), RuleType::CustomIcmpV4(None, 42));
    }

    #[test]
    fn every_icmp_choice_has_a_name() {
        for v6 in [false, true] {
            let protocol = if v6 { Protocol::Icmpv6 } else { Protocol::Icmp };
            for &t in IcmpType::choices(v6) {
                assert!(IcmpType::of(protocol, t).is_some(), "type {t}, IPv6 {v6}");
            }
        }
        assert_eq!(icmp_codes(false, 3)[3], (3, "Port Unreachable"));
        assert!(icmp_codes(false, 8).is_empty(), "Echo Request has no codes");
    }

    #[test]
    fn port_range_column() {
        use crate::model::Ports;
        assert_eq!(rule("tcp", 22, 22).ports(), Ports::Single(22));
        assert_eq!(rule("tcp", 8000, 8080).ports(), Ports::Range(8000, 8080));
        assert_eq!(rule("-1", -1, -1).ports(), Ports::All);
        assert_eq!(rule("icmp", 8, -1).ports(), Ports::NotApplicable);
        assert_eq!(rule("icmp", 3, 4).ports(), Ports::Single(4));
    }
}
