//! The protocol around the actions: unknown actions, DryRun, regions, faults and counters.

use std::time::{Duration, Instant};

use aws_sdk_ec2::types::InstanceType;
use ec2_local::{Faults, Seed};

use crate::support::*;

#[tokio::test]
async fn an_unknown_action_is_an_invalid_action_error_in_xml() {
    let local = Local::start(Seed::Empty).await;
    let response = local.query(US_EAST_1, &[("Action", "FooBar")]).await;
    assert_eq!(response.status(), 400);
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(content_type.contains("xml"), "content-type {content_type:?}");
    let body = response.text().await.unwrap();
    assert!(body.contains("<Code>InvalidAction</Code>"), "{body}");
    assert!(!body.to_ascii_lowercase().contains("<html"), "{body}");
}

#[tokio::test]
async fn dry_run_checks_and_changes_nothing() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "existing").await;
    const DRY: &str = "DryRunOperation";

    assert_code(
        client.create_security_group().vpc_id(&vpc).group_name("dry").description("dry").dry_run(true).send().await,
        DRY,
    );
    assert!(group_ids_matching(&client, vec![filter("group-name", &["dry"])]).await.is_empty());

    assert_code(client.describe_security_groups().dry_run(true).send().await, DRY);

    assert_code(
        client
            .authorize_security_group_ingress()
            .group_id(&sg)
            .ip_permissions(cidr_perm("tcp", 22, 22, &["10.0.0.0/8"]))
            .dry_run(true)
            .send()
            .await,
        DRY,
    );
    assert!(describe_group(&client, &sg).await.ip_permissions().is_empty());

    assert_code(client.delete_security_group().group_id(&sg).dry_run(true).send().await, DRY);
    describe_group(&client, &sg).await;

    assert_code(
        client
            .run_instances()
            .image_id(AMI)
            .instance_type(InstanceType::T3Micro)
            .min_count(1)
            .max_count(1)
            .subnet_id(default_subnet(&client).await)
            .security_group_ids(&sg)
            .dry_run(true)
            .send()
            .await,
        DRY,
    );
    assert!(client.describe_instances().send().await.unwrap().reservations().is_empty());

    // A dry run is checked like a real call: what would fail says why, not DryRunOperation.
    let default_group = group_ids_matching(&client, vec![filter("group-name", &["default"])]).await;
    let default_group = default_group.first().expect("the default VPC's default group");
    assert_code(client.delete_security_group().group_id(default_group).dry_run(true).send().await, "CannotDelete");
    assert_code(
        client
            .create_security_group()
            .vpc_id(&vpc)
            .group_name("existing")
            .description("again")
            .dry_run(true)
            .send()
            .await,
        "InvalidGroup.Duplicate",
    );
    assert_code(
        client.describe_security_groups().group_ids("sg-0123456789abcdef0").dry_run(true).send().await,
        "InvalidGroup.NotFound",
    );
}

#[tokio::test]
async fn regions_are_separate() {
    let local = Local::start(Seed::Empty).await;
    let virginia = local.client(US_EAST_1);
    let tokyo = local.client(TOKYO);
    let virginia_vpc = default_vpc(&virginia).await;
    let tokyo_vpc = default_vpc(&tokyo).await;
    assert_ne!(virginia_vpc, tokyo_vpc);

    let sg = create_group(&virginia, &virginia_vpc, "web").await;
    assert_code(tokyo.describe_security_groups().group_ids(&sg).send().await, "InvalidGroup.NotFound");
    assert_code(tokyo.delete_security_group().group_id(&sg).send().await, "InvalidGroup.NotFound");
    assert_code(
        tokyo.create_security_group().vpc_id(&virginia_vpc).group_name("x").description("x").send().await,
        "InvalidVpcID.NotFound",
    );

    // The same name in the other region is a different group.
    let tokyo_sg = create_group(&tokyo, &tokyo_vpc, "web").await;
    assert_ne!(sg, tokyo_sg);
    let in_tokyo = group_ids_matching(&tokyo, vec![filter("group-name", &["web"])]).await;
    assert_eq!(in_tokyo, set([&tokyo_sg]));
    let in_virginia = group_ids_matching(&virginia, vec![filter("group-name", &["web"])]).await;
    assert_eq!(in_virginia, set([&sg]));
}

#[tokio::test]
async fn injected_throttling_and_internal_errors() {
    let local = Local::start(Seed::Empty).await;
    let client = local.client(US_EAST_1);
    assert_eq!(local.faults().await, Faults::default());

    let throttled = Faults { throttle_rate: 1.0, ..Faults::default() };
    local.set_faults(throttled.clone()).await;
    assert_eq!(local.faults().await, throttled);
    assert_code(client.describe_security_groups().send().await, "RequestLimitExceeded");
    // `/_local/` is never faulted.
    local.counters().await;

    local.set_faults(Faults { internal_error_rate: 1.0, ..Faults::default() }).await;
    assert_code(client.describe_security_groups().send().await, "InternalError");

    local.set_faults(Faults::default()).await;
    client.describe_security_groups().send().await.unwrap();
}

#[tokio::test]
async fn the_next_call_of_one_action_can_be_refused() {
    let local = Local::start(Seed::Empty).await;
    let client = local.client(US_EAST_1);
    local.set_faults(Faults { fail_next: Some("DescribeVpcs".into()), ..Faults::default() }).await;
    // Other actions pass; the named one is refused once, as an IAM policy without it would.
    client.describe_security_groups().send().await.unwrap();
    assert_code(client.describe_vpcs().send().await, "UnauthorizedOperation");
    client.describe_vpcs().send().await.unwrap();
    assert_eq!(local.faults().await, Faults::default());
}

#[tokio::test]
async fn a_retrying_client_gives_up_on_constant_throttling() {
    let local = Local::start(Seed::Empty).await;
    local.set_faults(Faults { throttle_rate: 1.0, ..Faults::default() }).await;
    let client = local.retrying_client(US_EAST_1);
    assert_code(client.describe_vpcs().send().await, "RequestLimitExceeded");

    local.set_faults(Faults::default()).await;
    client.describe_vpcs().send().await.unwrap();
}

#[tokio::test]
async fn injected_latency_delays_answers() {
    let local = Local::start(Seed::Empty).await;
    let client = local.client(US_EAST_1);
    local.set_faults(Faults { latency_ms: 300, ..Faults::default() }).await;
    let started = Instant::now();
    client.describe_security_groups().send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn counters_count_calls_per_action() {
    let local = Local::start(Seed::Empty).await;
    let client = local.client(US_EAST_1);
    default_vpc(&client).await;
    local.reset_counters().await;

    for _ in 0..3 {
        client.describe_security_groups().send().await.unwrap();
    }
    client.describe_vpcs().send().await.unwrap();

    let counters = local.counters().await;
    assert_eq!(counters.get("DescribeSecurityGroups").and_then(|v| v.as_u64()), Some(3), "{counters:?}");
    assert_eq!(counters.get("DescribeVpcs").and_then(|v| v.as_u64()), Some(1), "{counters:?}");
    let others: u64 = counters
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "DescribeSecurityGroups" | "DescribeVpcs"))
        .map(|(_, v)| v.as_u64().unwrap_or(0))
        .sum();
    assert_eq!(others, 0, "{counters:?}");

    local.reset_counters().await;
    let counters = local.counters().await;
    assert_eq!(counters.get("DescribeSecurityGroups").and_then(|v| v.as_u64()).unwrap_or(0), 0, "{counters:?}");
}
