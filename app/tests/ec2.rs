//! `app::ec2` against an in-process ec2-local: paginators, throttling retries, errors, timing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic: a failed unwrap is a failed test.

use std::time::Duration;

use app::ec2::{Ec2, Ec2Timing, Endpoint};
use app::error::{AppError, Ec2ErrorKind, Failure};
use app::model::Peer;
use aws_sdk_ec2::config::{BehaviorVersion, Credentials, Region};
use ec2_local::{Config, Faults, RunningServer, Seed};

struct Local {
    server: RunningServer,
    sdk: aws_config::SdkConfig,
    _dir: tempfile::TempDir,
}

async fn start(seed: Seed) -> Local {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let config = Config {
        state_path: dir.path().join("state.db"),
        seed,
        regions: ec2_local::demo_regions(),
        faults: Faults::default(),
    };
    let server = ec2_local::start(listener, config).await.unwrap();
    let sdk = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(server.endpoint_url())
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .load()
        .await;
    Local { server, sdk, _dir: dir }
}

impl Local {
    async fn ec2(&self) -> Ec2 {
        let url = self.server.endpoint_url();
        Ec2::connect(Endpoint::Sandbox(&url), "us-east-1", None).await.unwrap()
    }

    /// A raw SDK client, to set up data the app only reads.
    fn client(&self) -> aws_sdk_ec2::Client {
        aws_sdk_ec2::Client::new(&self.sdk)
    }

    async fn local(&self, path: &str, body: serde_json::Value) -> serde_json::Value {
        let url = format!("{}/_local/{path}", self.server.endpoint_url());
        let http = reqwest::Client::new();
        let response =
            if body.is_null() { http.get(url).send().await } else { http.post(url).json(&body).send().await };
        response.unwrap().json().await.unwrap()
    }
}

#[tokio::test]
async fn regions_come_from_describe_regions() {
    let local = start(Seed::Empty).await;
    let ec2 = local.ec2().await;
    assert_eq!(ec2.regions(), ["ap-northeast-1", "us-east-1"]);
    let unknown = ec2.region("eu-west-1", Ec2Timing::default());
    assert!(matches!(unknown, Err(AppError { failure: Failure::UnknownRegion(r), .. }) if r == "eu-west-1"));
}

#[tokio::test]
async fn lists_groups_past_one_thousand_in_pages_of_one_thousand() {
    let local = start(Seed::Empty).await;
    let client = local.client();
    let vpc = client.describe_vpcs().send().await.unwrap().vpcs()[0].vpc_id().unwrap().to_owned();
    let mut created = tokio::task::JoinSet::new();
    for i in 0..1050 {
        let (client, vpc) = (client.clone(), vpc.clone());
        created.spawn(async move {
            client.create_security_group().vpc_id(vpc).group_name(format!("g-{i:04}")).description("bulk").send().await
        });
        if created.len() >= 16 {
            created.join_next().await.unwrap().unwrap().unwrap();
        }
    }
    while let Some(done) = created.join_next().await {
        done.unwrap().unwrap();
    }
    local.local("counters/reset", serde_json::json!({})).await;

    let ec2 = local.ec2().await;
    let timing = Ec2Timing::default();
    let groups = ec2.region("us-east-1", timing.clone()).unwrap().security_groups().await.unwrap();
    assert_eq!(groups.len(), 1051, "1,050 new groups and the default group");
    let counters = local.local("counters", serde_json::Value::Null).await;
    assert_eq!(counters["DescribeSecurityGroups"], 2, "two pages of at most 1,000: {counters}");
    assert!(timing.waited() > std::time::Duration::ZERO);
}

#[tokio::test]
async fn a_throttled_answer_is_retried() {
    let local = start(Seed::Empty).await;
    let ec2 = local.ec2().await;
    local.local("counters/reset", serde_json::json!({})).await;
    local.local("faults", serde_json::json!({ "throttle_next": 2 })).await;

    let vpcs = ec2.region("us-east-1", Ec2Timing::default()).unwrap().vpcs().await.unwrap();
    assert_eq!(vpcs.len(), 1);
    let counters = local.local("counters", serde_json::Value::Null).await;
    assert_eq!(counters["DescribeVpcs"], 3, "two throttled attempts, then the answer: {counters}");
}

#[tokio::test]
async fn throttling_that_outlasts_the_retries_is_reported_as_throttling() {
    let local = start(Seed::Empty).await;
    let ec2 = local.ec2().await;
    local.local("faults", serde_json::json!({ "throttle_next": 100 })).await;
    let error = ec2.region("us-east-1", Ec2Timing::default()).unwrap().vpcs().await.unwrap_err();
    assert_eq!(error.kind, Ec2ErrorKind::Throttled);
    assert_eq!(error.code, "RequestLimitExceeded");
    assert!(error.request_id.is_some(), "{error:?}");
}

#[tokio::test]
async fn one_group_has_rule_ids_and_the_names_of_what_its_rules_name() {
    let local = start(Seed::Demo).await;
    let ec2 = local.ec2().await;
    let region = ec2.region("us-east-1", Ec2Timing::default()).unwrap();
    let groups = region.security_groups().await.unwrap();
    let db = groups.iter().find(|g| g.name == "db").unwrap();

    let (group, vpc) = region.security_group(&db.id).await.unwrap();
    assert_eq!(vpc.unwrap().name.as_deref(), Some("prod"));
    assert_eq!(group.inbound.len(), 2);
    assert!(group.inbound.iter().all(|r| r.id.as_deref().is_some_and(|id| id.starts_with("sgr-"))));
    let peers: Vec<&Peer> = group.inbound.iter().map(|r| &r.peer).collect();
    assert!(peers.iter().any(|p| matches!(p, Peer::Group { name: Some(n), .. } if n == "app")), "{peers:?}");
    assert!(peers.iter().any(|p| matches!(p, Peer::PrefixList { name: Some(n), .. } if n == "office")), "{peers:?}");
}

#[tokio::test]
async fn an_unknown_group_is_ec2s_not_found() {
    let local = start(Seed::Empty).await;
    let ec2 = local.ec2().await;
    let error = ec2
        .region("us-east-1", Ec2Timing::default())
        .unwrap()
        .security_group("sg-0123456789abcdef0")
        .await
        .unwrap_err();
    assert_eq!(error.kind, Ec2ErrorKind::GroupNotFound);
    assert_eq!(error.code, "InvalidGroup.NotFound");
    assert!(error.request_id.is_some());
}

#[tokio::test]
async fn a_region_slower_than_the_deadline_is_a_timeout() {
    let local = start(Seed::Empty).await;
    let ec2 = local.ec2().await;
    let region = ec2.region("us-east-1", Ec2Timing::default()).unwrap();
    local.local("faults", serde_json::json!({ "latency_ms": 1000 })).await;

    let cut = app::ec2::within(Duration::from_millis(200), region.security_groups()).await;
    let error = cut.expect_err("the answer comes after the deadline");
    assert_eq!((error.kind, error.code.as_str()), (Ec2ErrorKind::Timeout, "Timeout"));

    let waited = app::ec2::within(Duration::from_secs(10), region.security_groups()).await;
    assert_eq!(waited.unwrap().len(), 1, "the default VPC's default group, in time");
}
