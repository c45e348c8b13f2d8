//! Security group rules: authorize, revoke, describe, modify, update descriptions, validation.

use aws_sdk_ec2::types::{
    IpPermission, IpRange, Ipv6Range, PrefixListId, ResourceType, SecurityGroupRule, SecurityGroupRuleDescription,
    SecurityGroupRuleRequest, SecurityGroupRuleUpdate, UserIdGroupPair,
};

use crate::support::*;

fn rule_ids(rules: &[SecurityGroupRule]) -> std::collections::BTreeSet<String> {
    set(rules.iter().map(|r| r.security_group_rule_id().unwrap()))
}

/// tcp 443 from two IPv4 CIDRs, an IPv6 CIDR, a group and a prefix list, four with descriptions.
fn https_from_everything(group: &str, prefix_list: &str) -> IpPermission {
    IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443)
        .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").description("internal").build())
        .ip_ranges(IpRange::builder().cidr_ip("192.168.0.0/16").build())
        .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("2001:db8::/32").description("v6 office").build())
        .user_id_group_pairs(UserIdGroupPair::builder().group_id(group).description("from lb").build())
        .prefix_list_ids(PrefixListId::builder().prefix_list_id(prefix_list).description("office").build())
        .build()
}

/// Checks the five rules made from [`https_from_everything`].
fn assert_five_https_rules(rules: &[SecurityGroupRule], group_id: &str, egress: bool, other: &str, pl: &str) {
    assert_eq!(rules.len(), 5, "one rule per source: {rules:?}");
    assert_eq!(rule_ids(rules).len(), 5, "five different rule ids");
    for rule in rules {
        assert_aws_id(rule.security_group_rule_id().unwrap(), "sgr");
        assert_eq!(rule.group_id(), Some(group_id));
        assert_eq!(rule.is_egress(), Some(egress));
        assert_eq!(rule.ip_protocol(), Some("tcp"));
        assert_eq!((rule.from_port(), rule.to_port()), (Some(443), Some(443)));
    }
    let find = |pred: &dyn Fn(&SecurityGroupRule) -> bool| {
        rules.iter().find(|r| pred(r)).unwrap_or_else(|| panic!("rule missing in {rules:?}"))
    };
    assert_eq!(find(&|r| r.cidr_ipv4() == Some("10.0.0.0/8")).description(), Some("internal"));
    find(&|r| r.cidr_ipv4() == Some("192.168.0.0/16"));
    assert_eq!(find(&|r| r.cidr_ipv6() == Some("2001:db8::/32")).description(), Some("v6 office"));
    let by_group = find(&|r| r.referenced_group_info().and_then(|g| g.group_id()) == Some(other));
    assert_eq!(by_group.description(), Some("from lb"));
    assert_eq!(find(&|r| r.prefix_list_id() == Some(pl)).description(), Some("office"));
}

/// Checks that the permissions hold the five sources of [`https_from_everything`] in one
/// tcp 443 permission, as DescribeSecurityGroups groups rules by protocol and ports.
fn assert_https_permission(perms: &[IpPermission], other: &str, pl: &str) {
    let https: Vec<_> = perms
        .iter()
        .filter(|p| p.ip_protocol() == Some("tcp") && p.from_port() == Some(443) && p.to_port() == Some(443))
        .collect();
    assert_eq!(https.len(), 1, "one permission for tcp 443: {perms:?}");
    let p = https[0];
    assert_eq!(set(p.ip_ranges().iter().filter_map(|r| r.cidr_ip())), set(["10.0.0.0/8", "192.168.0.0/16"]));
    let internal = p.ip_ranges().iter().find(|r| r.cidr_ip() == Some("10.0.0.0/8")).unwrap();
    assert_eq!(internal.description(), Some("internal"));
    assert_eq!(p.ipv6_ranges().len(), 1);
    assert_eq!(p.ipv6_ranges()[0].cidr_ipv6(), Some("2001:db8::/32"));
    assert_eq!(p.ipv6_ranges()[0].description(), Some("v6 office"));
    assert_eq!(p.user_id_group_pairs().len(), 1);
    assert_eq!(p.user_id_group_pairs()[0].group_id(), Some(other));
    assert_eq!(p.user_id_group_pairs()[0].description(), Some("from lb"));
    assert_eq!(p.prefix_list_ids().len(), 1);
    assert_eq!(p.prefix_list_ids()[0].prefix_list_id(), Some(pl));
    assert_eq!(p.prefix_list_ids()[0].description(), Some("office"));
}

// ---------------------------------------------------------------------------------------------
// Authorize
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn authorize_ingress_from_every_kind_of_source() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let lb = create_group(&client, &vpc, "lb").await;
    let pl = create_prefix_list(&client, "office", 5, &["203.0.113.0/24"]).await;

    let out = client
        .authorize_security_group_ingress()
        .group_id(&web)
        .ip_permissions(https_from_everything(&lb, &pl))
        .tag_specifications(tag_spec(ResourceType::SecurityGroupRule, &[("Purpose", "https")]))
        .send()
        .await
        .unwrap();
    assert_eq!(out.r#return(), Some(true));
    let rules = out.security_group_rules();
    assert_five_https_rules(rules, &web, false, &lb, &pl);
    for rule in rules {
        assert_eq!(tag_pairs(rule.tags()), pairs(&[("Purpose", "https")]), "{rule:?}");
    }

    let group = describe_group(&client, &web).await;
    assert_https_permission(group.ip_permissions(), &lb, &pl);

    // DescribeSecurityGroupRules lists the same rules, and the default outbound rule.
    let described = group_rules(&client, &web).await;
    let inbound: Vec<_> = described.iter().filter(|r| r.is_egress() == Some(false)).cloned().collect();
    assert_eq!(rule_ids(&inbound), rule_ids(rules));
    assert_five_https_rules(&inbound, &web, false, &lb, &pl);
    assert_eq!(described.len(), 6, "{described:?}");
}

#[tokio::test]
async fn authorize_egress_to_every_kind_of_destination() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let backend = create_group(&client, &vpc, "backend").await;
    let pl = create_prefix_list(&client, "office", 5, &["203.0.113.0/24"]).await;

    let out = client
        .authorize_security_group_egress()
        .group_id(&web)
        .ip_permissions(https_from_everything(&backend, &pl))
        .tag_specifications(tag_spec(ResourceType::SecurityGroupRule, &[("Purpose", "out")]))
        .send()
        .await
        .unwrap();
    assert_eq!(out.r#return(), Some(true));
    let rules = out.security_group_rules();
    assert_five_https_rules(rules, &web, true, &backend, &pl);
    for rule in rules {
        assert_eq!(tag_pairs(rule.tags()), pairs(&[("Purpose", "out")]), "{rule:?}");
    }

    let group = describe_group(&client, &web).await;
    assert_https_permission(group.ip_permissions_egress(), &backend, &pl);
    assert!(allows_cidr(group.ip_permissions_egress(), "-1", None, None, "0.0.0.0/0"), "default rule kept");
    assert!(group.ip_permissions().is_empty());

    let outbound: Vec<_> =
        group_rules(&client, &web).await.into_iter().filter(|r| r.is_egress() == Some(true)).collect();
    assert_eq!(outbound.len(), 6, "five new rules and the default one: {outbound:?}");
}

#[tokio::test]
async fn protocols_by_name_and_number() {
    let (_local, client) = setup().await;
    let vpc = create_ipv6_vpc(&client, "10.0.0.0/16").await;
    let sg = create_group(&client, &vpc, "protocols").await;

    let udp = describe_rule(&client, &ingress_cidr(&client, &sg, "udp", 53, 53, "10.0.0.0/8").await).await;
    assert_eq!((udp.ip_protocol(), udp.from_port(), udp.to_port()), (Some("udp"), Some(53), Some(53)));

    let all_ports = describe_rule(&client, &ingress_cidr(&client, &sg, "tcp", 0, 65535, "10.1.0.0/16").await).await;
    assert_eq!((all_ports.from_port(), all_ports.to_port()), (Some(0), Some(65535)));

    // ICMP: from is the type, to the code (-1: any code).
    let ping = describe_rule(&client, &ingress_cidr(&client, &sg, "icmp", 8, -1, "10.2.0.0/16").await).await;
    assert_eq!((ping.ip_protocol(), ping.from_port(), ping.to_port()), (Some("icmp"), Some(8), Some(-1)));

    let icmpv6 = ingress(&client, &sg, ipv6_perm("icmpv6", -1, -1, &["2001:db8::/32"])).await;
    assert_eq!(icmpv6.len(), 1);
    assert_eq!(icmpv6[0].ip_protocol(), Some("icmpv6"));

    let everything = describe_rule(&client, &ingress_cidr(&client, &sg, "-1", -1, -1, "10.3.0.0/16").await).await;
    assert_eq!(everything.ip_protocol(), Some("-1"));

    // Another protocol by number (50: ESP).
    let esp = describe_rule(&client, &ingress_cidr(&client, &sg, "50", -1, -1, "10.4.0.0/16").await).await;
    assert_eq!(esp.ip_protocol(), Some("50"));
}

#[tokio::test]
async fn invalid_protocols_and_ports_are_rejected() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "ports").await;
    let cases = [
        ("foo", 22, 22),    // unknown protocol name
        ("tcp", 22, 70000), // port above 65535
        ("tcp", 70000, 70000),
        ("tcp", 443, 80),  // from > to
        ("icmp", 256, -1), // ICMP type above 255
        ("300", -1, -1),   // protocol number above 255
    ];
    for (protocol, from, to) in cases {
        let result = client
            .authorize_security_group_ingress()
            .group_id(&sg)
            .ip_permissions(cidr_perm(protocol, from, to, &["10.0.0.0/8"]))
            .send()
            .await;
        assert_code(result, "InvalidParameterValue");
    }
    // TCP, UDP and ICMP need their port range (ICMP: type and code); ICMPv6 does not.
    for protocol in ["tcp", "udp", "icmp"] {
        let without_ports = IpPermission::builder()
            .ip_protocol(protocol)
            .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").build())
            .build();
        let result = client.authorize_security_group_ingress().group_id(&sg).ip_permissions(without_ports).send().await;
        assert_code(result, "InvalidParameterValue");
    }
    assert!(describe_group(&client, &sg).await.ip_permissions().is_empty(), "nothing was added");
    let all_icmpv6 = IpPermission::builder()
        .ip_protocol("icmpv6")
        .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("2001:db8::/32").build())
        .build();
    let added = ingress(&client, &sg, all_icmpv6).await;
    assert_eq!((added[0].from_port(), added[0].to_port()), (Some(-1), Some(-1)));
}

#[tokio::test]
async fn invalid_cidrs_are_rejected() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "cidrs").await;
    for cidr in ["10.0.0.256/8", "10.0.0.0/33", "not-a-cidr"] {
        let result = client
            .authorize_security_group_ingress()
            .group_id(&sg)
            .ip_permissions(cidr_perm("tcp", 22, 22, &[cidr]))
            .send()
            .await;
        assert_code(result, "InvalidParameterValue");
    }
    for cidr in ["::/129", "not-a-cidr"] {
        let result = client
            .authorize_security_group_ingress()
            .group_id(&sg)
            .ip_permissions(ipv6_perm("tcp", 22, 22, &[cidr]))
            .send()
            .await;
        assert_code(result, "InvalidParameterValue");
    }
    assert!(describe_group(&client, &sg).await.ip_permissions().is_empty(), "nothing was added");
}

#[tokio::test]
async fn cidrs_with_host_bits_are_canonicalised() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "canonical").await;

    let v4 = ingress(&client, &sg, cidr_perm("tcp", 22, 22, &["10.0.0.5/8"])).await;
    assert_eq!(v4[0].cidr_ipv4(), Some("10.0.0.0/8"));
    let v6 = ingress(&client, &sg, ipv6_perm("tcp", 22, 22, &["2001:db8::1/32"])).await;
    assert_eq!(v6[0].cidr_ipv6(), Some("2001:db8::/32"));

    let group = describe_group(&client, &sg).await;
    assert!(allows_cidr(group.ip_permissions(), "tcp", Some(22), Some(22), "10.0.0.0/8"), "{group:?}");
    assert!(allows_ipv6(group.ip_permissions(), "tcp", "2001:db8::/32"), "{group:?}");
    assert_eq!(describe_rule(&client, v4[0].security_group_rule_id().unwrap()).await.cidr_ipv4(), Some("10.0.0.0/8"));

    // The canonical and the written form are the same rule.
    assert_code(
        client
            .authorize_security_group_ingress()
            .group_id(&sg)
            .ip_permissions(cidr_perm("tcp", 22, 22, &["10.0.0.0/8"]))
            .send()
            .await,
        "InvalidPermission.Duplicate",
    );
}

#[tokio::test]
async fn duplicate_rules_are_rejected() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "dups").await;
    let other = create_group(&client, &vpc, "other").await;
    ingress_cidr(&client, &sg, "tcp", 22, 22, "10.0.0.0/8").await;
    ingress(&client, &sg, group_perm("tcp", 80, 80, &other)).await;

    let again =
        |perm: IpPermission| client.authorize_security_group_ingress().group_id(&sg).ip_permissions(perm).send();
    assert_code(again(cidr_perm("tcp", 22, 22, &["10.0.0.0/8"])).await, "InvalidPermission.Duplicate");
    let described = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(22)
        .to_port(22)
        .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").description("another description").build())
        .build();
    assert_code(again(described).await, "InvalidPermission.Duplicate");
    assert_code(again(group_perm("tcp", 80, 80, &other)).await, "InvalidPermission.Duplicate");

    // Twice in one request: refused, and nothing of the request is added.
    assert_code(again(cidr_perm("tcp", 25, 25, &["10.1.0.0/16", "10.1.0.0/16"])).await, "InvalidPermission.Duplicate");
    let group = describe_group(&client, &sg).await;
    assert!(!allows_cidr(group.ip_permissions(), "tcp", Some(25), Some(25), "10.1.0.0/16"), "{group:?}");

    // The same traffic outbound is another rule.
    egress_cidr(&client, &sg, "tcp", 22, 22, "10.0.0.0/8").await;
}

#[tokio::test]
async fn rule_descriptions_are_validated() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "descriptions").await;
    let peer = create_group(&client, &vpc, "peer").await;
    let with_description = |cidr: &str, description: &str| {
        IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(22)
            .to_port(22)
            .ip_ranges(IpRange::builder().cidr_ip(cidr).description(description).build())
            .build()
    };
    for bad in ["R<D".to_owned(), "d".repeat(256)] {
        let result = client
            .authorize_security_group_ingress()
            .group_id(&sg)
            .ip_permissions(with_description("10.0.0.0/8", &bad))
            .send()
            .await;
        assert_code(result, "InvalidParameterValue");
    }

    let longest = "d".repeat(255);
    let rules = ingress(&client, &sg, with_description("10.0.0.0/8", &longest)).await;
    assert_eq!(rules[0].description(), Some(longest.as_str()));

    // The API reference allows `&` in a CIDR rule's description (IpRange, Ipv6Range), not in a
    // group reference's (UserIdGroupPair) or a prefix list's (PrefixListId).
    let cidr_rule = ingress(&client, &sg, with_description("10.1.0.0/16", "R&D")).await;
    assert_eq!(cidr_rule[0].description(), Some("R&D"));
    let reference = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443)
        .user_id_group_pairs(UserIdGroupPair::builder().group_id(&peer).description("R&D").build())
        .build();
    assert_code(
        client.authorize_security_group_ingress().group_id(&sg).ip_permissions(reference).send().await,
        "InvalidParameterValue",
    );
    let reference_rule = ingress(&client, &sg, group_perm("tcp", 443, 443, &peer)).await;
    let update = |rule: &SecurityGroupRule| {
        client
            .update_security_group_rule_descriptions_ingress()
            .group_id(&sg)
            .security_group_rule_descriptions(
                SecurityGroupRuleDescription::builder()
                    .security_group_rule_id(rule.security_group_rule_id().unwrap())
                    .description("R&D 2")
                    .build(),
            )
            .send()
    };
    assert_code(update(&reference_rule[0]).await, "InvalidParameterValue");
    update(&rules[0]).await.unwrap();
    assert_eq!(describe_rule(&client, rules[0].security_group_rule_id().unwrap()).await.description(), Some("R&D 2"));
}

// ---------------------------------------------------------------------------------------------
// Revoke
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn revoke_ingress_by_ip_permissions() {
    let (_local, client) = setup().await;
    let vpc = create_vpc(&client, "10.0.0.0/16").await;
    let sg = create_group(&client, &vpc, "revoke").await;
    let other = create_group(&client, &vpc, "other").await;
    ingress_cidr(&client, &sg, "tcp", 22, 22, "10.0.0.0/8").await;
    let kept = ingress_cidr(&client, &sg, "tcp", 443, 443, "0.0.0.0/0").await;
    ingress(&client, &sg, group_perm("tcp", 80, 80, &other)).await;

    let out = client
        .revoke_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 22, 22, &["10.0.0.0/8"]))
        .ip_permissions(group_perm("tcp", 80, 80, &other))
        .send()
        .await
        .unwrap();
    assert_eq!(out.r#return(), Some(true));
    assert!(out.unknown_ip_permissions().is_empty(), "{out:?}");

    let inbound: Vec<_> =
        group_rules(&client, &sg).await.into_iter().filter(|r| r.is_egress() == Some(false)).collect();
    assert_eq!(rule_ids(&inbound), set([&kept]));
}

#[tokio::test]
async fn revoke_a_rule_with_a_description_without_naming_the_description() {
    let (_local, client) = setup().await;
    let vpc = create_vpc(&client, "10.0.0.0/16").await;
    let sg = create_group(&client, &vpc, "revoke").await;
    let described = IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(22)
        .to_port(22)
        .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").description("ssh").build())
        .build();
    ingress(&client, &sg, described).await;
    client
        .revoke_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 22, 22, &["10.0.0.0/8"]))
        .send()
        .await
        .unwrap();
    assert!(describe_group(&client, &sg).await.ip_permissions().is_empty());
}

#[tokio::test]
async fn revoke_egress_by_ip_permissions() {
    let (_local, client) = setup().await;
    let vpc = create_vpc(&client, "10.0.0.0/16").await;
    let sg = create_group(&client, &vpc, "no-egress").await;
    let out = client
        .revoke_security_group_egress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("-1", -1, -1, &["0.0.0.0/0"]))
        .send()
        .await
        .unwrap();
    assert_eq!(out.r#return(), Some(true));
    let group = describe_group(&client, &sg).await;
    assert!(group.ip_permissions_egress().is_empty(), "{group:?}");
    assert!(group_rules(&client, &sg).await.is_empty());
}

#[tokio::test]
async fn revoke_by_security_group_rule_ids() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "by-ids").await;
    let ssh = ingress_cidr(&client, &sg, "tcp", 22, 22, "10.0.0.0/8").await;
    let https = ingress_cidr(&client, &sg, "tcp", 443, 443, "0.0.0.0/0").await;
    let out_dns = egress_cidr(&client, &sg, "udp", 53, 53, "10.0.0.2/32").await;

    client.revoke_security_group_ingress().group_id(&sg).security_group_rule_ids(&ssh).send().await.unwrap();
    client.revoke_security_group_egress().group_id(&sg).security_group_rule_ids(&out_dns).send().await.unwrap();

    let remaining = group_rules(&client, &sg).await;
    let ids = rule_ids(&remaining);
    assert!(ids.contains(&https), "{remaining:?}");
    assert!(!ids.contains(&ssh) && !ids.contains(&out_dns), "{remaining:?}");
    assert_eq!(remaining.len(), 2, "https and the default outbound rule: {remaining:?}");

    assert_code(
        client.describe_security_group_rules().security_group_rule_ids(&ssh).send().await,
        "InvalidSecurityGroupRuleId.NotFound",
    );
}

#[tokio::test]
async fn revoking_a_rule_that_is_not_there_in_a_non_default_vpc() {
    let (_local, client) = setup().await;
    let vpc = create_vpc(&client, "10.0.0.0/16").await;
    let sg = create_group(&client, &vpc, "missing").await;
    let kept = ingress_cidr(&client, &sg, "tcp", 22, 22, "10.0.0.0/8").await;

    let result = client
        .revoke_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 22, 22, &["10.0.0.0/8"]))
        .ip_permissions(cidr_perm("tcp", 23, 23, &["10.0.0.0/8"]))
        .send()
        .await;
    assert_code(result, "InvalidPermission.NotFound");
    describe_rule(&client, &kept).await; // no rule of the request was revoked

    let result = client
        .revoke_security_group_egress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 23, 23, &["10.0.0.0/8"]))
        .send()
        .await;
    assert_code(result, "InvalidPermission.NotFound");
}

#[tokio::test]
async fn revoking_a_rule_that_is_not_there_in_the_default_vpc_reports_it_as_unknown() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "missing").await;
    let out = client
        .revoke_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 23, 23, &["10.0.0.0/8"]))
        .send()
        .await
        .unwrap();
    let unknown = out.unknown_ip_permissions();
    assert_eq!(unknown.len(), 1, "{out:?}");
    assert!(allows_cidr(unknown, "tcp", Some(23), Some(23), "10.0.0.0/8"), "{out:?}");
}

#[tokio::test]
async fn unknown_rule_ids_are_not_found() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "unknown-rules").await;
    assert_code(
        client.revoke_security_group_ingress().group_id(&sg).security_group_rule_ids(UNKNOWN_SGR).send().await,
        "InvalidSecurityGroupRuleId.NotFound",
    );
    assert_code(
        client.revoke_security_group_egress().group_id(&sg).security_group_rule_ids(UNKNOWN_SGR).send().await,
        "InvalidSecurityGroupRuleId.NotFound",
    );
    assert_code(
        client.describe_security_group_rules().security_group_rule_ids(UNKNOWN_SGR).send().await,
        "InvalidSecurityGroupRuleId.NotFound",
    );
}

// ---------------------------------------------------------------------------------------------
// DescribeSecurityGroupRules
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn describe_rules_by_ids_and_filters() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let a = create_group(&client, &vpc, "a").await;
    let b = create_group(&client, &vpc, "b").await;
    let a_ssh = ingress_cidr(&client, &a, "tcp", 22, 22, "10.0.0.0/8").await;
    let a_https = ingress_cidr(&client, &a, "tcp", 443, 443, "0.0.0.0/0").await;
    let tagged = client
        .authorize_security_group_ingress()
        .group_id(&b)
        .ip_permissions(cidr_perm("tcp", 5432, 5432, &["10.0.0.0/8"]))
        .tag_specifications(tag_spec(ResourceType::SecurityGroupRule, &[("Owner", "dba")]))
        .send()
        .await
        .unwrap();
    let b_pg = tagged.security_group_rules()[0].security_group_rule_id().unwrap().to_owned();

    let by_ids = client
        .describe_security_group_rules()
        .security_group_rule_ids(&a_ssh)
        .security_group_rule_ids(&b_pg)
        .send()
        .await
        .unwrap();
    assert_eq!(rule_ids(by_ids.security_group_rules()), set([&a_ssh, &b_pg]));
    let pg = by_ids.security_group_rules().iter().find(|r| r.security_group_rule_id() == Some(b_pg.as_str())).unwrap();
    assert_eq!(pg.group_id(), Some(b.as_str()));
    assert_eq!(pg.cidr_ipv4(), Some("10.0.0.0/8"));
    assert_eq!(tag_pairs(pg.tags()), pairs(&[("Owner", "dba")]));
    assert!(pg.group_owner_id().is_some());

    let rules_of_a = group_rules(&client, &a).await;
    assert_eq!(rules_of_a.len(), 3, "ssh, https and the default outbound rule: {rules_of_a:?}");
    assert!(rule_ids(&rules_of_a).is_superset(&set([&a_ssh, &a_https])));
    assert!(rules_of_a.iter().all(|r| r.group_id() == Some(a.as_str())));

    let by_rule_id = client
        .describe_security_group_rules()
        .filters(filter("security-group-rule-id", &[&a_https]))
        .send()
        .await
        .unwrap();
    assert_eq!(rule_ids(by_rule_id.security_group_rules()), set([&a_https]));

    let by_tag = client.describe_security_group_rules().filters(filter("tag:Owner", &["dba"])).send().await.unwrap();
    assert_eq!(rule_ids(by_tag.security_group_rules()), set([&b_pg]));
}

#[tokio::test]
async fn describe_rules_in_pages() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "many-rules").await;
    let cidrs = ipv4_cidrs(0, 12);
    ingress(&client, &sg, cidr_perm("tcp", 22, 22, &strs(&cidrs))).await;
    let expected = rule_ids(&group_rules(&client, &sg).await);
    assert_eq!(expected.len(), 13);

    let mut seen = Vec::new();
    let mut pages = 0;
    let mut token: Option<String> = None;
    loop {
        let out = client
            .describe_security_group_rules()
            .filters(filter("group-id", &[&sg]))
            .max_results(5)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        pages += 1;
        assert!(out.security_group_rules().len() <= 5, "{out:?}");
        seen.extend(out.security_group_rules().iter().map(|r| r.security_group_rule_id().unwrap().to_owned()));
        match out.next_token() {
            Some(next) => token = Some(next.to_owned()),
            None => break,
        }
        assert!(pages < 20, "too many pages");
    }
    assert!(pages >= 3, "13 rules in pages of 5 need 3 pages at least, got {pages}");
    assert_eq!(seen.len(), 13, "no rule twice");
    assert_eq!(set(&seen), expected);
}

// ---------------------------------------------------------------------------------------------
// ModifySecurityGroupRules
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn modify_rules_keeps_the_rule_id_and_its_tags() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "modify").await;
    let out = client
        .authorize_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 80, 80, &["10.0.0.0/8"]))
        .tag_specifications(tag_spec(ResourceType::SecurityGroupRule, &[("Name", "http")]))
        .send()
        .await
        .unwrap();
    let rule_id = out.security_group_rules()[0].security_group_rule_id().unwrap().to_owned();

    let out = client
        .modify_security_group_rules()
        .group_id(&sg)
        .security_group_rules(
            SecurityGroupRuleUpdate::builder()
                .security_group_rule_id(&rule_id)
                .security_group_rule(
                    SecurityGroupRuleRequest::builder()
                        .ip_protocol("tcp")
                        .from_port(8080)
                        .to_port(8081)
                        .cidr_ipv4("10.1.0.0/16")
                        .description("moved")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(out.r#return(), Some(true));

    let rule = describe_rule(&client, &rule_id).await;
    assert_eq!((rule.from_port(), rule.to_port()), (Some(8080), Some(8081)));
    assert_eq!(rule.cidr_ipv4(), Some("10.1.0.0/16"));
    assert_eq!(rule.description(), Some("moved"));
    assert_eq!(tag_pairs(rule.tags()), pairs(&[("Name", "http")]));

    let group = describe_group(&client, &sg).await;
    assert!(allows_cidr(group.ip_permissions(), "tcp", Some(8080), Some(8081), "10.1.0.0/16"), "{group:?}");
    assert!(!allows_cidr(group.ip_permissions(), "tcp", Some(80), Some(80), "10.0.0.0/8"), "{group:?}");
}

#[tokio::test]
async fn modify_rules_cannot_turn_a_cidr_rule_into_another_kind() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "modify").await;
    let other = create_group(&client, &vpc, "other").await;
    let rule_id = ingress_cidr(&client, &sg, "tcp", 80, 80, "10.0.0.0/8").await;

    let base = || SecurityGroupRuleRequest::builder().ip_protocol("tcp").from_port(80).to_port(80);
    for request in [base().referenced_group_id(&other).build(), base().cidr_ipv6("2001:db8::/32").build()] {
        let result = client
            .modify_security_group_rules()
            .group_id(&sg)
            .security_group_rules(
                SecurityGroupRuleUpdate::builder()
                    .security_group_rule_id(&rule_id)
                    .security_group_rule(request)
                    .build(),
            )
            .send()
            .await;
        assert_code(result, "InvalidParameterValue");
    }
    assert_eq!(describe_rule(&client, &rule_id).await.cidr_ipv4(), Some("10.0.0.0/8"));
}

// ---------------------------------------------------------------------------------------------
// Update descriptions
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn update_ingress_descriptions_by_ip_permissions_and_by_rule_ids() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "descriptions").await;
    let ssh = ingress_cidr(&client, &sg, "tcp", 22, 22, "10.0.0.0/8").await;
    let https = ingress_cidr(&client, &sg, "tcp", 443, 443, "0.0.0.0/0").await;

    let out = client
        .update_security_group_rule_descriptions_ingress()
        .group_id(&sg)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/8").description("ssh from the office").build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(out.r#return(), Some(true));
    assert_eq!(describe_rule(&client, &ssh).await.description(), Some("ssh from the office"));

    client
        .update_security_group_rule_descriptions_ingress()
        .group_id(&sg)
        .security_group_rule_descriptions(
            SecurityGroupRuleDescription::builder().security_group_rule_id(&https).description("public https").build(),
        )
        .send()
        .await
        .unwrap();
    let rule = describe_rule(&client, &https).await;
    assert_eq!(rule.description(), Some("public https"));
    assert_eq!(rule.cidr_ipv4(), Some("0.0.0.0/0"), "only the description changed");

    let group = describe_group(&client, &sg).await;
    let range =
        group.ip_permissions().iter().flat_map(|p| p.ip_ranges()).find(|r| r.cidr_ip() == Some("10.0.0.0/8")).unwrap();
    assert_eq!(range.description(), Some("ssh from the office"));
}

#[tokio::test]
async fn update_egress_descriptions_by_ip_permissions_and_by_rule_ids() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "descriptions").await;
    let dns = egress_cidr(&client, &sg, "udp", 53, 53, "10.0.0.2/32").await;
    let ntp = egress_cidr(&client, &sg, "udp", 123, 123, "10.0.0.3/32").await;

    let out = client
        .update_security_group_rule_descriptions_egress()
        .group_id(&sg)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("udp")
                .from_port(53)
                .to_port(53)
                .ip_ranges(IpRange::builder().cidr_ip("10.0.0.2/32").description("resolver").build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(out.r#return(), Some(true));
    assert_eq!(describe_rule(&client, &dns).await.description(), Some("resolver"));

    client
        .update_security_group_rule_descriptions_egress()
        .group_id(&sg)
        .security_group_rule_descriptions(
            SecurityGroupRuleDescription::builder().security_group_rule_id(&ntp).description("time").build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(describe_rule(&client, &ntp).await.description(), Some("time"));
}
