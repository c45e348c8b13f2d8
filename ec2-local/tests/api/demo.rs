//! The `Demo` seed: only the facts it promises are checked.

use aws_sdk_ec2::types::InstanceStateName;
use ec2_local::Seed;

use crate::support::*;

#[tokio::test]
async fn demo_seed_has_a_prod_vpc_with_ipv6_in_each_region() {
    let local = Local::start(Seed::Demo).await;
    for region in [US_EAST_1, TOKYO] {
        let client = local.client(region);
        let vpcs = client.describe_vpcs().send().await.unwrap();
        let prod: Vec<_> = vpcs
            .vpcs()
            .iter()
            .filter(|v| v.tags().iter().any(|t| t.key() == Some("Name") && t.value() == Some("prod")))
            .collect();
        assert_eq!(prod.len(), 1, "{region}: one VPC named prod: {vpcs:?}");
        assert_eq!(prod[0].is_default(), Some(false));
        assert!(!prod[0].ipv6_cidr_block_association_set().is_empty(), "{region}: prod has IPv6");
        assert_aws_id(prod[0].vpc_id().unwrap(), "vpc");
        default_vpc(&client).await; // the default VPC is still there
    }
}

#[tokio::test]
async fn demo_seed_has_the_named_groups_and_an_open_legacy_group() {
    let local = Local::start(Seed::Demo).await;
    for region in [US_EAST_1, TOKYO] {
        let client = local.client(region);
        let groups = client.describe_security_groups().send().await.unwrap();
        let names = set(groups.security_groups().iter().filter_map(|g| g.group_name()));
        for name in ["web", "app", "db", "bastion", "monitoring", "legacy", "unused"] {
            assert!(names.contains(name), "{region}: no group {name} in {names:?}");
        }
        for group in groups.security_groups() {
            assert_aws_id(group.group_id().unwrap(), "sg");
        }

        let legacy: Vec<_> = groups.security_groups().iter().filter(|g| g.group_name() == Some("legacy")).collect();
        assert!(
            legacy.iter().any(|g| allows_cidr(g.ip_permissions(), "tcp", Some(22), Some(22), "0.0.0.0/0")),
            "{region}: legacy is open to the world on tcp 22: {legacy:?}"
        );
        let open = group_ids_matching(&client, vec![filter("ip-permission.cidr", &["0.0.0.0/0"])]).await;
        assert!(legacy.iter().any(|g| open.contains(g.group_id().unwrap())), "{region}: the filter finds legacy");
    }
}

#[tokio::test]
async fn demo_seed_has_a_prefix_list_instances_and_a_launch_template() {
    let local = Local::start(Seed::Demo).await;
    for region in [US_EAST_1, TOKYO] {
        let client = local.client(region);
        let lists = client.describe_managed_prefix_lists().send().await.unwrap();
        let office: Vec<_> = lists.prefix_lists().iter().filter(|p| p.prefix_list_name() == Some("office")).collect();
        assert_eq!(office.len(), 1, "{region}: {lists:?}");
        assert_aws_id(office[0].prefix_list_id().unwrap(), "pl");

        let out = client.describe_instances().send().await.unwrap();
        let instances: Vec<_> = out.reservations().iter().flat_map(|r| r.instances()).collect();
        let has = |state: InstanceStateName| instances.iter().any(|i| i.state().and_then(|s| s.name()) == Some(&state));
        assert!(has(InstanceStateName::Running), "{region}: a running instance");
        assert!(has(InstanceStateName::Stopped), "{region}: a stopped instance");
        for instance in &instances {
            assert_aws_id(instance.instance_id().unwrap(), "i");
        }

        let templates = client.describe_launch_templates().send().await.unwrap();
        assert!(!templates.launch_templates().is_empty(), "{region}: a launch template");
        for template in templates.launch_templates() {
            assert_aws_id(template.launch_template_id().unwrap(), "lt");
        }
    }
}
