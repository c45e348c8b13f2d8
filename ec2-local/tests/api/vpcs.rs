//! Regions, availability zones, VPCs and subnets, and the default resources of a new account.

use std::collections::BTreeSet;

use aws_sdk_ec2::types::{AvailabilityZoneState, SecurityGroup};

use crate::support::*;

#[tokio::test]
async fn describe_regions_lists_both_seeded_regions() {
    let (_local, client) = setup().await;
    let out = client.describe_regions().send().await.unwrap();
    let names = set(out.regions().iter().filter_map(|r| r.region_name()));
    assert!(names.contains(US_EAST_1), "{names:?}");
    assert!(names.contains(TOKYO), "{names:?}");
}

#[tokio::test]
async fn describe_availability_zones_answers_the_zones_of_the_signing_region() {
    let local = Local::start(ec2_local::Seed::Empty).await;
    for region in [US_EAST_1, TOKYO] {
        let out = local.client(region).describe_availability_zones().send().await.unwrap();
        let zones = out.availability_zones();
        assert!(!zones.is_empty(), "{region} has zones");
        for zone in zones {
            assert_eq!(zone.region_name(), Some(region), "{zone:?}");
            let name = zone.zone_name().unwrap();
            assert!(name.starts_with(region) && name.len() == region.len() + 1, "zone name {name:?}");
            assert_eq!(zone.state(), Some(&AvailabilityZoneState::Available), "{zone:?}");
        }
    }
}

#[tokio::test]
async fn empty_seed_has_one_default_vpc_per_region() {
    let local = Local::start(ec2_local::Seed::Empty).await;
    for region in [US_EAST_1, TOKYO] {
        let out = local.client(region).describe_vpcs().send().await.unwrap();
        assert_eq!(out.vpcs().len(), 1, "{region}: {out:?}");
        let vpc = &out.vpcs()[0];
        assert_aws_id(vpc.vpc_id().unwrap(), "vpc");
        assert_eq!(vpc.is_default(), Some(true));
        assert_eq!(vpc.cidr_block(), Some("172.31.0.0/16"));
        assert!(vpc.ipv6_cidr_block_association_set().is_empty(), "no IPv6: {vpc:?}");
    }
}

#[tokio::test]
async fn default_vpc_has_one_default_subnet_per_availability_zone() {
    let local = Local::start(ec2_local::Seed::Empty).await;
    for region in [US_EAST_1, TOKYO] {
        let client = local.client(region);
        let vpc = default_vpc(&client).await;
        let zones = client.describe_availability_zones().send().await.unwrap();
        let zone_names = set(zones.availability_zones().iter().filter_map(|z| z.zone_name()));

        let subnets = client.describe_subnets().send().await.unwrap();
        let subnets: Vec<_> = subnets.subnets().iter().filter(|s| s.vpc_id() == Some(vpc.as_str())).collect();
        assert_eq!(subnets.len(), zone_names.len(), "{region}: one subnet per zone: {subnets:?}");
        let subnet_zones = set(subnets.iter().filter_map(|s| s.availability_zone()));
        assert_eq!(subnet_zones, zone_names, "{region}: every zone has its subnet");
        for subnet in subnets {
            assert_aws_id(subnet.subnet_id().unwrap(), "subnet");
            assert_eq!(subnet.default_for_az(), Some(true), "{subnet:?}");
            assert!(subnet.cidr_block().unwrap().starts_with("172.31."), "{subnet:?}");
        }
    }
}

fn assert_default_group_shape(group: &SecurityGroup, ipv6: bool) {
    let id = group.group_id().unwrap();
    assert_eq!(group.group_name(), Some("default"));

    // Inbound: all traffic from the group itself, nothing else.
    let inbound = group.ip_permissions();
    assert_eq!(inbound.len(), 1, "{inbound:?}");
    assert_eq!(inbound[0].ip_protocol(), Some("-1"));
    let sources: Vec<_> = inbound[0].user_id_group_pairs().iter().filter_map(|p| p.group_id()).collect();
    assert_eq!(sources, [id]);
    assert!(inbound[0].ip_ranges().is_empty() && inbound[0].ipv6_ranges().is_empty(), "{inbound:?}");

    // Outbound: all traffic to 0.0.0.0/0 (and ::/0 in a VPC with IPv6).
    let outbound = group.ip_permissions_egress();
    assert!(allows_cidr(outbound, "-1", None, None, "0.0.0.0/0"), "{outbound:?}");
    assert_eq!(allows_ipv6(outbound, "-1", "::/0"), ipv6, "{outbound:?}");
}

#[tokio::test]
async fn default_group_allows_itself_inbound_and_everything_outbound() {
    let local = Local::start(ec2_local::Seed::Empty).await;
    for region in [US_EAST_1, TOKYO] {
        let client = local.client(region);
        let vpc = default_vpc(&client).await;
        let group = describe_group(&client, &default_group(&client, &vpc).await).await;
        assert_eq!(group.vpc_id(), Some(vpc.as_str()));
        assert_default_group_shape(&group, false);
    }
}

#[tokio::test]
async fn create_vpc_without_ipv6() {
    let (_local, client) = setup().await;
    let out = client.create_vpc().cidr_block("10.0.0.0/16").send().await.unwrap();
    let vpc_id = out.vpc().unwrap().vpc_id().unwrap().to_owned();
    assert_aws_id(&vpc_id, "vpc");
    assert_eq!(out.vpc().unwrap().cidr_block(), Some("10.0.0.0/16"));

    let described = client.describe_vpcs().vpc_ids(&vpc_id).send().await.unwrap();
    assert_eq!(described.vpcs().len(), 1);
    let vpc = &described.vpcs()[0];
    assert_eq!(vpc.is_default(), Some(false));
    assert_eq!(vpc.cidr_block(), Some("10.0.0.0/16"));
    assert!(vpc.ipv6_cidr_block_association_set().is_empty());

    // Two VPCs now, and the new one got its own default group.
    assert_eq!(client.describe_vpcs().send().await.unwrap().vpcs().len(), 2);
    let group = describe_group(&client, &default_group(&client, &vpc_id).await).await;
    assert_default_group_shape(&group, false);
}

#[tokio::test]
async fn create_vpc_with_amazon_provided_ipv6_block() {
    let (_local, client) = setup().await;
    let vpc_id = create_ipv6_vpc(&client, "10.1.0.0/16").await;

    let described = client.describe_vpcs().vpc_ids(&vpc_id).send().await.unwrap();
    let associations = described.vpcs()[0].ipv6_cidr_block_association_set();
    assert_eq!(associations.len(), 1, "{associations:?}");
    let block = associations[0].ipv6_cidr_block().unwrap();
    assert!(block.ends_with("/56"), "an Amazon-provided block is a /56: {block}");

    // The VPC's default group and every new group may send IPv6 too.
    let default = describe_group(&client, &default_group(&client, &vpc_id).await).await;
    assert_default_group_shape(&default, true);

    let group = describe_group(&client, &create_group(&client, &vpc_id, "v6").await).await;
    let outbound = group.ip_permissions_egress();
    assert!(allows_cidr(outbound, "-1", None, None, "0.0.0.0/0"), "{outbound:?}");
    assert!(allows_ipv6(outbound, "-1", "::/0"), "{outbound:?}");
    assert!(group.ip_permissions().is_empty());
}

#[tokio::test]
async fn create_subnet_in_a_new_vpc() {
    let (_local, client) = setup().await;
    let vpc = create_vpc(&client, "10.2.0.0/16").await;
    let zone = format!("{US_EAST_1}a");
    let out =
        client.create_subnet().vpc_id(&vpc).cidr_block("10.2.1.0/24").availability_zone(&zone).send().await.unwrap();
    let subnet = out.subnet().unwrap();
    let subnet_id = subnet.subnet_id().unwrap().to_owned();
    assert_aws_id(&subnet_id, "subnet");
    assert_eq!(subnet.vpc_id(), Some(vpc.as_str()));

    let described = client.describe_subnets().subnet_ids(&subnet_id).send().await.unwrap();
    assert_eq!(described.subnets().len(), 1);
    let subnet = &described.subnets()[0];
    assert_eq!(subnet.vpc_id(), Some(vpc.as_str()));
    assert_eq!(subnet.cidr_block(), Some("10.2.1.0/24"));
    assert_eq!(subnet.availability_zone(), Some(zone.as_str()));
    assert_eq!(subnet.default_for_az(), Some(false));

    let all: BTreeSet<_> =
        set(client.describe_subnets().send().await.unwrap().subnets().iter().filter_map(|s| s.subnet_id()));
    assert!(all.contains(&subnet_id));
}

#[tokio::test]
async fn a_vpc_is_deleted_with_its_default_group_once_it_is_empty() {
    let (_local, client) = setup().await;
    let vpc = create_vpc(&client, "10.20.0.0/16").await;
    let subnet = create_subnet(&client, &vpc, "10.20.1.0/24").await;
    let group = create_group(&client, &vpc, "app").await;
    let default = default_group(&client, &vpc).await;

    assert_code(client.delete_vpc().vpc_id(&vpc).send().await, "DependencyViolation");
    client.delete_subnet().subnet_id(&subnet).send().await.unwrap();
    assert_code(client.delete_vpc().vpc_id(&vpc).send().await, "DependencyViolation");
    client.delete_security_group().group_id(&group).send().await.unwrap();

    client.delete_vpc().vpc_id(&vpc).send().await.unwrap();
    assert_code(client.describe_vpcs().vpc_ids(&vpc).send().await, "InvalidVpcID.NotFound");
    assert_code(client.describe_security_groups().group_ids(&default).send().await, "InvalidGroup.NotFound");
}

#[tokio::test]
async fn a_subnet_in_use_by_an_instance_cannot_be_deleted() {
    let (_local, client) = setup().await;
    let subnet = default_subnet(&client).await;
    run_instance(&client, &subnet, &[]).await;
    assert_code(client.delete_subnet().subnet_id(&subnet).send().await, "DependencyViolation");
}
