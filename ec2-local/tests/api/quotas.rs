//! EC2's default quotas: 60 inbound and 60 outbound rules per group, counted apart for IPv4 and
//! IPv6, a prefix list counting as its maximum entries; 5 groups per network interface.

use crate::support::*;

const RULES_LIMIT: &str = "RulesPerSecurityGroupLimitExceeded";
const GROUPS_LIMIT: &str = "SecurityGroupsPerInterfaceLimitExceeded";

async fn inbound_count(client: &aws_sdk_ec2::Client, sg: &str) -> usize {
    group_rules(client, sg).await.iter().filter(|r| r.is_egress() == Some(false)).count()
}

#[tokio::test]
async fn sixty_ipv4_and_sixty_ipv6_inbound_rules_fit_but_not_a_61st() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "full").await;

    let v4 = ipv4_cidrs(0, 60);
    let rules = ingress(&client, &sg, cidr_perm("tcp", 22, 22, &strs(&v4))).await;
    assert_eq!(rules.len(), 60);
    let v6 = ipv6_cidrs(60);
    let rules = ingress(&client, &sg, ipv6_perm("tcp", 22, 22, &strs(&v6))).await;
    assert_eq!(rules.len(), 60);
    assert_eq!(inbound_count(&client, &sg).await, 120);

    let result = client
        .authorize_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 22, 22, &["192.168.0.0/24"]))
        .send()
        .await;
    assert_code(result, RULES_LIMIT);
    let result = client
        .authorize_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(ipv6_perm("tcp", 22, 22, &["2001:db9::/64"]))
        .send()
        .await;
    assert_code(result, RULES_LIMIT);
    assert_eq!(inbound_count(&client, &sg).await, 120);

    // Making room lets the next rule in.
    client
        .revoke_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 22, 22, &[&v4[0]]))
        .send()
        .await
        .unwrap();
    ingress_cidr(&client, &sg, "tcp", 22, 22, "192.168.0.0/24").await;
}

#[tokio::test]
async fn a_request_over_the_quota_adds_nothing() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "too-many").await;
    let cidrs = ipv4_cidrs(0, 61);
    let result = client
        .authorize_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 22, 22, &strs(&cidrs)))
        .send()
        .await;
    assert_code(result, RULES_LIMIT);
    assert_eq!(inbound_count(&client, &sg).await, 0);
}

#[tokio::test]
async fn outbound_rules_are_counted_apart_from_inbound_rules() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "both-ways").await;
    let cidrs = ipv4_cidrs(0, 60);
    ingress(&client, &sg, cidr_perm("tcp", 22, 22, &strs(&cidrs))).await;

    // Without the default outbound rule, 60 outbound IPv4 rules fit next to 60 inbound ones.
    client
        .revoke_security_group_egress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("-1", -1, -1, &["0.0.0.0/0"]))
        .send()
        .await
        .unwrap();
    let rules = egress(&client, &sg, cidr_perm("tcp", 443, 443, &strs(&cidrs))).await;
    assert_eq!(rules.len(), 60);

    let result = client
        .authorize_security_group_egress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 443, 443, &["192.168.0.0/24"]))
        .send()
        .await;
    assert_code(result, RULES_LIMIT);
}

#[tokio::test]
async fn the_default_outbound_rule_counts() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "default-egress").await;
    let cidrs = ipv4_cidrs(0, 60);
    egress(&client, &sg, cidr_perm("tcp", 443, 443, &strs(&cidrs[..59]))).await;
    let result = client
        .authorize_security_group_egress()
        .group_id(&sg)
        .ip_permissions(cidr_perm("tcp", 443, 443, &[&cidrs[59]]))
        .send()
        .await;
    assert_code(result, RULES_LIMIT);
}

#[tokio::test]
async fn a_prefix_list_counts_as_its_max_entries() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    // MaxEntries 10 with a single entry: the reference weighs 10 rules.
    let pl = create_prefix_list(&client, "ten", 10, &["203.0.113.0/24"]).await;
    let cidrs = ipv4_cidrs(0, 51);

    let over = create_group(&client, &vpc, "over").await;
    ingress(&client, &over, cidr_perm("tcp", 22, 22, &strs(&cidrs))).await;
    let result = client
        .authorize_security_group_ingress()
        .group_id(&over)
        .ip_permissions(prefix_list_perm("tcp", 22, 22, &pl))
        .send()
        .await;
    assert_code(result, RULES_LIMIT);

    let exact = create_group(&client, &vpc, "exact").await;
    ingress(&client, &exact, cidr_perm("tcp", 22, 22, &strs(&cidrs[..50]))).await;
    ingress(&client, &exact, prefix_list_perm("tcp", 22, 22, &pl)).await;
    let result = client
        .authorize_security_group_ingress()
        .group_id(&exact)
        .ip_permissions(cidr_perm("tcp", 22, 22, &[&cidrs[50]]))
        .send()
        .await;
    assert_code(result, RULES_LIMIT);
}

#[tokio::test]
async fn five_groups_per_network_interface_at_most() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let subnet = default_subnet(&client).await;
    let mut groups = Vec::new();
    for i in 0..6 {
        groups.push(create_group(&client, &vpc, &format!("g{i}")).await);
    }
    let six = strs(&groups);
    let five = &six[..5];

    let result = client
        .run_instances()
        .image_id(AMI)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .subnet_id(&subnet)
        .set_security_group_ids(Some(groups.clone()))
        .send()
        .await;
    assert_code(result, GROUPS_LIMIT);

    let instance = run_instance(&client, &subnet, five).await;
    let instance_id = instance.instance_id().unwrap();
    let eni = primary_eni(&instance);

    let result =
        client.modify_instance_attribute().instance_id(instance_id).set_groups(Some(groups.clone())).send().await;
    assert_code(result, GROUPS_LIMIT);
    let result = client
        .modify_network_interface_attribute()
        .network_interface_id(&eni)
        .set_groups(Some(groups.clone()))
        .send()
        .await;
    assert_code(result, GROUPS_LIMIT);

    assert_eq!(instance_group_ids(&describe_instance(&client, instance_id).await), set(five));
    assert_eq!(eni_group_ids(&client, &eni).await, set(five));
}
