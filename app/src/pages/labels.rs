//! Words for model values, in the reader's language.

use crate::i18n::*;
use crate::model::{IcmpType, Kind, Peer, PeerType, Ports, Protocol, Role, Rule, RuleType};

/// A role's name.
pub fn role_label(role: Role, locale: Locale) -> &'static str {
    match role {
        Role::Viewer => td_string!(locale, role.viewer),
        Role::Editor => td_string!(locale, role.editor),
        Role::Admin => td_string!(locale, role.admin),
    }
}

/// The console's Type column.
pub fn rule_type(rule: &Rule, locale: Locale) -> String {
    let icmp = |name: Option<IcmpType>, number: i32| match name {
        Some(name) => icmp_name(name, locale).to_owned(),
        None => number.to_string(),
    };
    match RuleType::of(rule) {
        RuleType::Preset(name) => name.to_owned(),
        RuleType::CustomTcp => td_string!(locale, rule_type.custom_tcp).to_owned(),
        RuleType::CustomUdp => td_string!(locale, rule_type.custom_udp).to_owned(),
        RuleType::AllTcp => td_string!(locale, rule_type.all_tcp).to_owned(),
        RuleType::AllUdp => td_string!(locale, rule_type.all_udp).to_owned(),
        RuleType::CustomIcmpV4(name, number) => {
            format!("{}: {}", td_string!(locale, rule_type.custom_icmp_v4), icmp(name, number))
        }
        RuleType::CustomIcmpV6(name, number) => {
            format!("{}: {}", td_string!(locale, rule_type.custom_icmp_v6), icmp(name, number))
        }
        RuleType::AllIcmpV4 => td_string!(locale, rule_type.all_icmp_v4).to_owned(),
        RuleType::AllIcmpV6 => td_string!(locale, rule_type.all_icmp_v6).to_owned(),
        RuleType::AllTraffic => td_string!(locale, rule_type.all_traffic).to_owned(),
        RuleType::CustomProtocol(n) => format!("{} ({n})", td_string!(locale, rule_type.custom_protocol)),
    }
}

fn icmp_name(name: IcmpType, locale: Locale) -> &'static str {
    match name {
        IcmpType::EchoReply => td_string!(locale, icmp.echo_reply),
        IcmpType::DestinationUnreachable => td_string!(locale, icmp.destination_unreachable),
        IcmpType::SourceQuench => td_string!(locale, icmp.source_quench),
        IcmpType::Redirect => td_string!(locale, icmp.redirect),
        IcmpType::EchoRequest => td_string!(locale, icmp.echo_request),
        IcmpType::RouterAdvertisement => td_string!(locale, icmp.router_advertisement),
        IcmpType::RouterSolicitation => td_string!(locale, icmp.router_solicitation),
        IcmpType::TimeExceeded => td_string!(locale, icmp.time_exceeded),
        IcmpType::ParameterProblem => td_string!(locale, icmp.parameter_problem),
        IcmpType::Timestamp => td_string!(locale, icmp.timestamp),
        IcmpType::TimestampReply => td_string!(locale, icmp.timestamp_reply),
        IcmpType::PacketTooBig => td_string!(locale, icmp.packet_too_big),
    }
}

/// The Protocol column.
pub fn protocol(protocol: Protocol, locale: Locale) -> String {
    protocol.label().unwrap_or_else(|| td_string!(locale, ports.all).to_owned())
}

/// The Port range column.
pub fn ports(rule: &Rule, locale: Locale) -> String {
    match rule.ports() {
        Ports::All => td_string!(locale, ports.all).to_owned(),
        Ports::NotApplicable => td_string!(locale, ports.not_applicable).to_owned(),
        Ports::Single(port) => port.to_string(),
        Ports::Range(from, to) => format!("{from} - {to}"),
    }
}

/// A choice of the editor's Type select.
pub fn kind_label(kind: Kind, locale: Locale) -> String {
    match kind {
        Kind::Preset(name) => name.to_owned(),
        Kind::CustomTcp => td_string!(locale, rule_type.custom_tcp).to_owned(),
        Kind::CustomUdp => td_string!(locale, rule_type.custom_udp).to_owned(),
        Kind::CustomIcmpV4 => td_string!(locale, rule_type.custom_icmp_v4).to_owned(),
        Kind::CustomIcmpV6 => td_string!(locale, rule_type.custom_icmp_v6).to_owned(),
        Kind::CustomProtocol => td_string!(locale, rule_type.custom_protocol).to_owned(),
        Kind::AllTcp => td_string!(locale, rule_type.all_tcp).to_owned(),
        Kind::AllUdp => td_string!(locale, rule_type.all_udp).to_owned(),
        Kind::AllIcmpV4 => td_string!(locale, rule_type.all_icmp_v4).to_owned(),
        Kind::AllIcmpV6 => td_string!(locale, rule_type.all_icmp_v6).to_owned(),
        Kind::AllTraffic => td_string!(locale, rule_type.all_traffic).to_owned(),
    }
}

/// A choice of the Source type / Destination type select.
pub fn peer_type_label(peer_type: PeerType, locale: Locale) -> &'static str {
    match peer_type {
        PeerType::Custom => td_string!(locale, editor.peer_custom),
        PeerType::AnywhereIpv4 => td_string!(locale, editor.anywhere_ipv4),
        PeerType::AnywhereIpv6 => td_string!(locale, editor.anywhere_ipv6),
        PeerType::MyIp => td_string!(locale, editor.my_ip),
    }
}

/// An ICMP type of the editor's select: `8: Echo Request`.
pub fn icmp_type_label(protocol: Protocol, number: i32, locale: Locale) -> String {
    match IcmpType::of(protocol, number) {
        Some(name) => format!("{number}: {}", icmp_name(name, locale)),
        None => number.to_string(),
    }
}

/// A peer as text: the CIDR, or the id with the name where there is one.
pub fn peer_text(peer: &Peer) -> String {
    match peer {
        Peer::Ipv4(cidr) | Peer::Ipv6(cidr) => cidr.clone(),
        Peer::Group { id, name: Some(name), .. } | Peer::PrefixList { id, name: Some(name) } => {
            format!("{id} ({name})")
        }
        Peer::Group { id, .. } | Peer::PrefixList { id, .. } => id.clone(),
    }
}

/// A rule in one line, for previews and confirmations: type, protocol, ports, peer, description.
pub fn rule_summary(rule: &Rule, locale: Locale) -> String {
    let mut text = format!(
        "{}, {}, {}, {}",
        rule_type(rule, locale),
        protocol(rule.protocol, locale),
        ports(rule, locale),
        peer_text(&rule.peer)
    );
    if let Some(description) = &rule.description {
        text.push_str(&format!(", \u{201c}{description}\u{201d}"));
    }
    if let Some(id) = &rule.id {
        text = format!("{id}: {text}");
    }
    text
}
