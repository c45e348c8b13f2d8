//! The parsers behind EC2's validation: names, protocols, port ranges and CIDRs, including
//! property tests over their whole input space.

use proptest::prelude::*;

use ec2_local::parse::*;

#[test]
fn names_follow_ec2s_rules() {
    assert!(group_name("web-tier (prod) #1").is_ok());
    assert!(group_name("").is_err());
    assert!(group_name(&"a".repeat(256)).is_err());
    assert!(group_name(&"a".repeat(255)).is_ok());
    assert!(group_name("sg-web").is_err());
    assert!(group_name("caf\u{e9}").is_err());
    assert!(rule_description("a & b", false).is_err());
    assert!(rule_description("a & b", true).is_ok());
    assert!(rule_description("a < b", true).is_err());
    assert!(rule_description("", false).is_ok());
    assert!(tag("aws:x", "v").is_err());
    assert!(tag(&"k".repeat(127), &"v".repeat(256)).is_ok());
}

#[test]
fn protocols_by_name_and_number() {
    assert_eq!(protocol("6").ok(), Some(Protocol::Tcp));
    assert_eq!(protocol("TCP").ok(), Some(Protocol::Tcp));
    assert_eq!(protocol("-1").ok(), Some(Protocol::All));
    assert_eq!(protocol("50").ok(), Some(Protocol::Number(50)));
    assert!(protocol("foo").is_err());
    assert!(protocol("256").is_err());
}

#[test]
fn cidrs_are_canonicalised() {
    assert_eq!(ipv4_cidr("10.0.0.5/8").map(|n| n.to_string()).ok().as_deref(), Some("10.0.0.0/8"));
    assert_eq!(ipv6_cidr("2001:db8::1/32").map(|n| n.to_string()).ok().as_deref(), Some("2001:db8::/32"));
    for bad in ["10.0.0.256/8", "10.0.0.0/33", "10.0.0.0", "not-a-cidr", ""] {
        assert!(ipv4_cidr(bad).is_err(), "{bad}");
    }
    assert!(ipv6_cidr("::/129").is_err());
}

proptest! {
    #[test]
    fn any_ipv4_cidr_canonicalises_to_its_network(addr in any::<u32>(), len in 0u8..=32) {
        let text = format!("{}/{len}", std::net::Ipv4Addr::from(addr));
        let net = ipv4_cidr(&text).expect("valid CIDR");
        prop_assert_eq!(net.prefix_len(), len);
        prop_assert!(net.contains(&std::net::Ipv4Addr::from(addr)));
        // Canonical form is a fixed point.
        prop_assert_eq!(ipv4_cidr(&net.to_string()).ok(), Some(net));
    }

    #[test]
    fn any_ipv6_cidr_canonicalises_to_its_network(addr in any::<u128>(), len in 0u8..=128) {
        let text = format!("{}/{len}", std::net::Ipv6Addr::from(addr));
        let net = ipv6_cidr(&text).expect("valid CIDR");
        prop_assert!(net.contains(&std::net::Ipv6Addr::from(addr)));
        prop_assert_eq!(ipv6_cidr(&net.to_string()).ok(), Some(net));
    }

    #[test]
    fn prefix_lengths_past_the_family_are_rejected(addr in any::<u32>(), len in 33u16..=999) {
        let text = format!("{}/{len}", std::net::Ipv4Addr::from(addr));
        prop_assert!(ipv4_cidr(&text).is_err());
    }

    #[test]
    fn tcp_port_ranges_accept_exactly_ordered_ports_in_range(from in -70000i64..140000, to in -70000i64..140000) {
        let valid = (0..=65535).contains(&from) && (0..=65535).contains(&to) && from <= to;
        let result = port_range(Protocol::Tcp, Some(from), Some(to));
        prop_assert_eq!(result.is_ok(), valid);
        if valid {
            prop_assert_eq!(result.ok(), Some((from as i32, to as i32)));
        }
    }

    #[test]
    fn icmp_type_and_code_range(kind in -5i64..300, code in -5i64..300) {
        let valid = (-1..=255).contains(&kind) && (-1..=255).contains(&code) && !(kind == -1 && code != -1);
        prop_assert_eq!(port_range(Protocol::Icmp, Some(kind), Some(code)).is_ok(), valid);
    }

    #[test]
    fn protocol_numbers_parse_only_up_to_255(n in -10i64..1000) {
        let valid = (0..=255).contains(&n) || n == -1;
        prop_assert_eq!(protocol(&n.to_string()).is_ok(), valid);
    }
}
