//! The test harness: a server on a temporary state file, SDK clients pointed at it, and small
//! helpers for the calls the tests make again and again.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::Path;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::config::retry::RetryConfig;
use aws_sdk_ec2::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_ec2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_ec2::types::{
    AddPrefixListEntry, Filter, Instance, InstanceStateName, InstanceType, IpPermission, IpRange, Ipv6Range,
    PrefixListId, ResourceType, SecurityGroup, SecurityGroupRule, Tag, TagSpecification, UserIdGroupPair,
};
use ec2_local::{Config, Faults, RunningServer, Seed, StartError};
use tempfile::TempDir;

pub const US_EAST_1: &str = "us-east-1";
pub const TOKYO: &str = "ap-northeast-1";

/// The image the tests launch instances from.
pub const AMI: &str = "ami-0abcdef1234567890";

/// Well-formed ids that no resource has.
pub const UNKNOWN_SG: &str = "sg-0123456789abcdef0";
pub const UNKNOWN_SGR: &str = "sgr-0123456789abcdef0";
pub const UNKNOWN_VPC: &str = "vpc-0123456789abcdef0";
pub const UNKNOWN_PL: &str = "pl-0123456789abcdef0";
pub const UNKNOWN_INSTANCE: &str = "i-0123456789abcdef0";

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/// A running ec2-local on a state file in its own temporary directory.
pub struct Local {
    server: RunningServer,
    // Dropped (and removed) after the server handle, at the end of the test.
    _dir: TempDir,
}

impl Local {
    pub async fn start(seed: Seed) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let state_path = dir.path().join("state.db");
        let server = start_on(&state_path, seed).await.expect("the server starts");
        Self { server, _dir: dir }
    }

    pub fn url(&self) -> String {
        self.server.endpoint_url()
    }

    /// A client for `region` that never retries, so that tests see every error.
    pub fn client(&self, region: &str) -> Client {
        client_for(&self.url(), region)
    }

    /// A client for `region` with the SDK's standard retries (3 attempts).
    pub fn retrying_client(&self, region: &str) -> Client {
        Client::from_conf(sdk_config(&self.url(), region).retry_config(RetryConfig::standard()).build())
    }

    /// A Query request as a client without the SDK sends it, for what the SDK would hide: the
    /// status, headers and XML as they are on the wire.
    pub async fn query(&self, region: &str, params: &[(&str, &str)]) -> reqwest::Response {
        let credential = format!(
            "AWS4-HMAC-SHA256 Credential=AKID/20261130/{region}/ec2/aws4_request, SignedHeaders=host, Signature=0"
        );
        let mut form = vec![("Version", "2016-11-15")];
        form.extend_from_slice(params);
        reqwest::Client::new()
            .post(format!("{}/", self.url()))
            .header("Authorization", credential)
            .form(&form)
            .send()
            .await
            .expect("POST /")
    }

    // The test-only `/_local/` operations.

    pub async fn reset(&self, seed: &str) {
        let response = reqwest::Client::new()
            .post(format!("{}/_local/reset", self.url()))
            .form(&[("seed", seed)])
            .send()
            .await
            .expect("POST /_local/reset");
        assert_eq!(response.status(), 200, "POST /_local/reset seed={seed}");
    }

    pub async fn faults(&self) -> Faults {
        let response = reqwest::Client::new()
            .get(format!("{}/_local/faults", self.url()))
            .send()
            .await
            .expect("GET /_local/faults");
        assert_eq!(response.status(), 200, "GET /_local/faults");
        response.json().await.expect("faults as JSON")
    }

    pub async fn set_faults(&self, faults: Faults) {
        let response = reqwest::Client::new()
            .post(format!("{}/_local/faults", self.url()))
            .json(&faults)
            .send()
            .await
            .expect("POST /_local/faults");
        assert_eq!(response.status(), 200, "POST /_local/faults");
    }

    pub async fn counters(&self) -> serde_json::Map<String, serde_json::Value> {
        let response = reqwest::Client::new()
            .get(format!("{}/_local/counters", self.url()))
            .send()
            .await
            .expect("GET /_local/counters");
        assert_eq!(response.status(), 200, "GET /_local/counters");
        response.json().await.expect("counters as a JSON object")
    }

    pub async fn reset_counters(&self) {
        let response = reqwest::Client::new()
            .post(format!("{}/_local/counters/reset", self.url()))
            .send()
            .await
            .expect("POST /_local/counters/reset");
        assert_eq!(response.status(), 200, "POST /_local/counters/reset");
    }
}

/// Starts a server with no faults on `state_path`, bound to a free port on 127.0.0.1.
pub async fn start_on(state_path: &Path, seed: Seed) -> Result<RunningServer, StartError> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let config = Config {
        state_path: state_path.to_path_buf(),
        seed,
        regions: ec2_local::demo_regions(),
        faults: Faults::default(),
    };
    ec2_local::start(listener, config).await
}

/// A server on the `Empty` seed and a no-retry client for us-east-1.
pub async fn setup() -> (Local, Client) {
    let local = Local::start(Seed::Empty).await;
    let client = local.client(US_EAST_1);
    (local, client)
}

fn sdk_config(url: &str, region: &str) -> aws_sdk_ec2::config::Builder {
    aws_sdk_ec2::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("AKIDLOCAL", "secret", None, None, "test"))
}

/// A no-retry client for `region` of the endpoint at `url`.
pub fn client_for(url: &str, region: &str) -> Client {
    Client::from_conf(sdk_config(url, region).retry_config(RetryConfig::disabled()).build())
}

// ---------------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------------

/// The EC2 error code of a failed call (`None` when the failure was not an answer of the service).
pub fn error_code<E>(err: &SdkError<E>) -> Option<&str>
where
    E: ProvideErrorMetadata,
{
    err.code()
}

/// Asserts that a call failed with the EC2 error `code`.
#[track_caller]
pub fn assert_code<T, E>(result: Result<T, SdkError<E>>, code: &str)
where
    T: Debug,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match result {
        Ok(output) => panic!("expected the error {code}, but the call succeeded: {output:?}"),
        Err(err) => {
            assert_eq!(error_code(&err), Some(code), "expected the error {code}, got: {}", DisplayErrorContext(&err))
        }
    }
}

/// Asserts that `id` looks like an AWS id: `{prefix}-` and 17 lowercase hex digits.
#[track_caller]
pub fn assert_aws_id(id: &str, prefix: &str) {
    let hex = id
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .unwrap_or_else(|| panic!("{id:?} does not start with {prefix}-"));
    assert!(
        hex.len() == 17 && hex.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')),
        "{id:?} is not {prefix}- followed by 17 lowercase hex digits"
    );
}

/// A set of strings, to compare sets of ids.
pub fn set<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> BTreeSet<String> {
    items.into_iter().map(|s| s.as_ref().to_owned()).collect()
}

// ---------------------------------------------------------------------------------------------
// Request pieces
// ---------------------------------------------------------------------------------------------

pub fn filter(name: &str, values: &[&str]) -> Filter {
    Filter::builder().name(name).set_values(Some(values.iter().map(|v| (*v).to_owned()).collect())).build()
}

pub fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

pub fn tag_spec(resource_type: ResourceType, tags: &[(&str, &str)]) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(resource_type)
        .set_tags(Some(tags.iter().map(|(k, v)| tag(k, v)).collect()))
        .build()
}

/// The tags as (key, value) pairs, sorted.
pub fn tag_pairs(tags: &[Tag]) -> Vec<(String, String)> {
    let mut pairs: Vec<_> = tags
        .iter()
        .map(|t| (t.key().unwrap_or_default().to_owned(), t.value().unwrap_or_default().to_owned()))
        .collect();
    pairs.sort();
    pairs
}

pub fn pairs(tags: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<_> = tags.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    pairs.sort();
    pairs
}

fn permission(protocol: &str, from: i32, to: i32) -> aws_sdk_ec2::types::builders::IpPermissionBuilder {
    IpPermission::builder().ip_protocol(protocol).from_port(from).to_port(to)
}

/// A permission for IPv4 CIDRs.
pub fn cidr_perm(protocol: &str, from: i32, to: i32, cidrs: &[&str]) -> IpPermission {
    permission(protocol, from, to)
        .set_ip_ranges(Some(cidrs.iter().map(|c| IpRange::builder().cidr_ip(*c).build()).collect()))
        .build()
}

/// A permission for IPv6 CIDRs.
pub fn ipv6_perm(protocol: &str, from: i32, to: i32, cidrs: &[&str]) -> IpPermission {
    permission(protocol, from, to)
        .set_ipv6_ranges(Some(cidrs.iter().map(|c| Ipv6Range::builder().cidr_ipv6(*c).build()).collect()))
        .build()
}

/// A permission for another security group.
pub fn group_perm(protocol: &str, from: i32, to: i32, group_id: &str) -> IpPermission {
    permission(protocol, from, to).user_id_group_pairs(UserIdGroupPair::builder().group_id(group_id).build()).build()
}

/// A permission for a managed prefix list.
pub fn prefix_list_perm(protocol: &str, from: i32, to: i32, prefix_list_id: &str) -> IpPermission {
    permission(protocol, from, to)
        .prefix_list_ids(PrefixListId::builder().prefix_list_id(prefix_list_id).build())
        .build()
}

/// Whether `perms` hold a permission for `protocol`/`from`-`to` that allows IPv4 `cidr`.
pub fn allows_cidr(perms: &[IpPermission], protocol: &str, from: Option<i32>, to: Option<i32>, cidr: &str) -> bool {
    perms.iter().any(|p| {
        p.ip_protocol() == Some(protocol)
            && (from.is_none() || p.from_port() == from)
            && (to.is_none() || p.to_port() == to)
            && p.ip_ranges().iter().any(|r| r.cidr_ip() == Some(cidr))
    })
}

/// Whether `perms` hold a permission for `protocol` that allows IPv6 `cidr`.
pub fn allows_ipv6(perms: &[IpPermission], protocol: &str, cidr: &str) -> bool {
    perms
        .iter()
        .any(|p| p.ip_protocol() == Some(protocol) && p.ipv6_ranges().iter().any(|r| r.cidr_ipv6() == Some(cidr)))
}

/// Whether `perms` hold a permission for `protocol` that allows the group `group_id`.
pub fn allows_group(perms: &[IpPermission], protocol: &str, group_id: &str) -> bool {
    perms.iter().any(|p| {
        p.ip_protocol() == Some(protocol) && p.user_id_group_pairs().iter().any(|g| g.group_id() == Some(group_id))
    })
}

// ---------------------------------------------------------------------------------------------
// VPCs and subnets
// ---------------------------------------------------------------------------------------------

/// The id of the region's default VPC.
pub async fn default_vpc(client: &Client) -> String {
    let vpcs = client.describe_vpcs().send().await.expect("DescribeVpcs");
    let defaults: Vec<_> = vpcs.vpcs().iter().filter(|v| v.is_default() == Some(true)).collect();
    assert_eq!(defaults.len(), 1, "exactly one default VPC: {vpcs:?}");
    defaults[0].vpc_id().expect("a VPC id").to_owned()
}

/// Creates a VPC without IPv6.
pub async fn create_vpc(client: &Client, cidr: &str) -> String {
    let out = client.create_vpc().cidr_block(cidr).send().await.expect("CreateVpc");
    out.vpc().and_then(|v| v.vpc_id()).expect("a VPC id").to_owned()
}

/// Creates a VPC with an Amazon-provided IPv6 block.
pub async fn create_ipv6_vpc(client: &Client, cidr: &str) -> String {
    let out = client
        .create_vpc()
        .cidr_block(cidr)
        .amazon_provided_ipv6_cidr_block(true)
        .send()
        .await
        .expect("CreateVpc with IPv6");
    out.vpc().and_then(|v| v.vpc_id()).expect("a VPC id").to_owned()
}

/// A default subnet of the region's default VPC (the one of the first availability zone).
pub async fn default_subnet(client: &Client) -> String {
    let out = client.describe_subnets().send().await.expect("DescribeSubnets");
    let mut subnets: Vec<_> = out.subnets().iter().filter(|s| s.default_for_az() == Some(true)).collect();
    subnets.sort_by_key(|s| s.availability_zone().map(str::to_owned));
    subnets.first().and_then(|s| s.subnet_id()).expect("a default subnet").to_owned()
}

pub async fn create_subnet(client: &Client, vpc: &str, cidr: &str) -> String {
    let out = client.create_subnet().vpc_id(vpc).cidr_block(cidr).send().await.expect("CreateSubnet");
    out.subnet().and_then(|s| s.subnet_id()).expect("a subnet id").to_owned()
}

// ---------------------------------------------------------------------------------------------
// Security groups and rules
// ---------------------------------------------------------------------------------------------

/// Creates a group named `name` in `vpc` and returns its id.
pub async fn create_group(client: &Client, vpc: &str, name: &str) -> String {
    let out = client
        .create_security_group()
        .vpc_id(vpc)
        .group_name(name)
        .description(format!("test group {name}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("CreateSecurityGroup {name}: {}", DisplayErrorContext(&e)));
    out.group_id().expect("a group id").to_owned()
}

/// The id of the `default` group of `vpc`.
pub async fn default_group(client: &Client, vpc: &str) -> String {
    let out = client
        .describe_security_groups()
        .filters(filter("vpc-id", &[vpc]))
        .filters(filter("group-name", &["default"]))
        .send()
        .await
        .expect("DescribeSecurityGroups");
    let groups = out.security_groups();
    assert_eq!(groups.len(), 1, "one default group in {vpc}: {groups:?}");
    groups[0].group_id().expect("a group id").to_owned()
}

/// The group `group_id`, described by id.
pub async fn describe_group(client: &Client, group_id: &str) -> SecurityGroup {
    let out = client
        .describe_security_groups()
        .group_ids(group_id)
        .send()
        .await
        .unwrap_or_else(|e| panic!("DescribeSecurityGroups {group_id}: {}", DisplayErrorContext(&e)));
    assert_eq!(out.security_groups().len(), 1, "{out:?}");
    out.security_groups()[0].clone()
}

/// The ids of the groups that all of `filters` match.
pub async fn group_ids_matching(client: &Client, filters: Vec<Filter>) -> BTreeSet<String> {
    let out = client
        .describe_security_groups()
        .set_filters(Some(filters))
        .send()
        .await
        .unwrap_or_else(|e| panic!("DescribeSecurityGroups: {}", DisplayErrorContext(&e)));
    out.security_groups().iter().map(|g| g.group_id().expect("a group id").to_owned()).collect()
}

/// Every rule (ingress and egress) of the group `group_id`.
pub async fn group_rules(client: &Client, group_id: &str) -> Vec<SecurityGroupRule> {
    let out = client
        .describe_security_group_rules()
        .filters(filter("group-id", &[group_id]))
        .send()
        .await
        .unwrap_or_else(|e| panic!("DescribeSecurityGroupRules: {}", DisplayErrorContext(&e)));
    out.security_group_rules().to_vec()
}

/// The rule `rule_id`, described by id.
pub async fn describe_rule(client: &Client, rule_id: &str) -> SecurityGroupRule {
    let out = client
        .describe_security_group_rules()
        .security_group_rule_ids(rule_id)
        .send()
        .await
        .unwrap_or_else(|e| panic!("DescribeSecurityGroupRules {rule_id}: {}", DisplayErrorContext(&e)));
    assert_eq!(out.security_group_rules().len(), 1, "{out:?}");
    out.security_group_rules()[0].clone()
}

/// Authorizes `perm` inbound and returns the new rules.
pub async fn ingress(client: &Client, group_id: &str, perm: IpPermission) -> Vec<SecurityGroupRule> {
    let out = client
        .authorize_security_group_ingress()
        .group_id(group_id)
        .ip_permissions(perm)
        .send()
        .await
        .unwrap_or_else(|e| panic!("AuthorizeSecurityGroupIngress: {}", DisplayErrorContext(&e)));
    out.security_group_rules().to_vec()
}

/// Authorizes `perm` outbound and returns the new rules.
pub async fn egress(client: &Client, group_id: &str, perm: IpPermission) -> Vec<SecurityGroupRule> {
    let out = client
        .authorize_security_group_egress()
        .group_id(group_id)
        .ip_permissions(perm)
        .send()
        .await
        .unwrap_or_else(|e| panic!("AuthorizeSecurityGroupEgress: {}", DisplayErrorContext(&e)));
    out.security_group_rules().to_vec()
}

/// Authorizes one inbound IPv4 rule and returns its id.
pub async fn ingress_cidr(client: &Client, group_id: &str, protocol: &str, from: i32, to: i32, cidr: &str) -> String {
    let rules = ingress(client, group_id, cidr_perm(protocol, from, to, &[cidr])).await;
    assert_eq!(rules.len(), 1, "one new rule: {rules:?}");
    rules[0].security_group_rule_id().expect("a rule id").to_owned()
}

/// Authorizes one outbound IPv4 rule and returns its id.
pub async fn egress_cidr(client: &Client, group_id: &str, protocol: &str, from: i32, to: i32, cidr: &str) -> String {
    let rules = egress(client, group_id, cidr_perm(protocol, from, to, &[cidr])).await;
    assert_eq!(rules.len(), 1, "one new rule: {rules:?}");
    rules[0].security_group_rule_id().expect("a rule id").to_owned()
}

/// `count` distinct IPv4 /24 CIDRs (`10.{base}.x.0/24`, `10.{base+1}.x.0/24`, ...).
pub fn ipv4_cidrs(base: u32, count: u32) -> Vec<String> {
    (0..count).map(|i| format!("10.{}.{}.0/24", base + i / 256, i % 256)).collect()
}

/// `count` distinct IPv6 /64 CIDRs.
pub fn ipv6_cidrs(count: u32) -> Vec<String> {
    (0..count).map(|i| format!("2001:db8:{i:x}::/64")).collect()
}

pub fn strs(items: &[String]) -> Vec<&str> {
    items.iter().map(String::as_str).collect()
}

// ---------------------------------------------------------------------------------------------
// Prefix lists
// ---------------------------------------------------------------------------------------------

/// Creates an IPv4 managed prefix list and returns its id.
pub async fn create_prefix_list(client: &Client, name: &str, max_entries: i32, cidrs: &[&str]) -> String {
    let out = client
        .create_managed_prefix_list()
        .prefix_list_name(name)
        .address_family("IPv4")
        .max_entries(max_entries)
        .set_entries(Some(cidrs.iter().map(|c| AddPrefixListEntry::builder().cidr(*c).build()).collect()))
        .send()
        .await
        .unwrap_or_else(|e| panic!("CreateManagedPrefixList: {}", DisplayErrorContext(&e)));
    out.prefix_list().and_then(|p| p.prefix_list_id()).expect("a prefix list id").to_owned()
}

// ---------------------------------------------------------------------------------------------
// Instances
// ---------------------------------------------------------------------------------------------

/// Launches one t3.micro in `subnet` with `groups` and returns it as RunInstances answered.
pub async fn run_instance(client: &Client, subnet: &str, groups: &[&str]) -> Instance {
    let out = client
        .run_instances()
        .image_id(AMI)
        .instance_type(InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .subnet_id(subnet)
        .set_security_group_ids(Some(groups.iter().map(|g| (*g).to_owned()).collect()))
        .send()
        .await
        .unwrap_or_else(|e| panic!("RunInstances: {}", DisplayErrorContext(&e)));
    assert_eq!(out.instances().len(), 1, "{out:?}");
    out.instances()[0].clone()
}

/// The instance `instance_id`, described by id.
pub async fn describe_instance(client: &Client, instance_id: &str) -> Instance {
    let out = client
        .describe_instances()
        .instance_ids(instance_id)
        .send()
        .await
        .unwrap_or_else(|e| panic!("DescribeInstances {instance_id}: {}", DisplayErrorContext(&e)));
    let instances: Vec<_> = out.reservations().iter().flat_map(|r| r.instances()).collect();
    assert_eq!(instances.len(), 1, "{out:?}");
    instances[0].clone()
}

pub async fn instance_state(client: &Client, instance_id: &str) -> InstanceStateName {
    describe_instance(client, instance_id).await.state().and_then(|s| s.name()).expect("an instance state").clone()
}

/// The ids of an instance's groups.
pub fn instance_group_ids(instance: &Instance) -> BTreeSet<String> {
    instance.security_groups().iter().filter_map(|g| g.group_id()).map(str::to_owned).collect()
}

/// The id of an instance's primary network interface.
pub fn primary_eni(instance: &Instance) -> String {
    instance
        .network_interfaces()
        .iter()
        .find(|n| n.attachment().and_then(|a| a.device_index()) == Some(0))
        .or_else(|| instance.network_interfaces().first())
        .and_then(|n| n.network_interface_id())
        .expect("a network interface")
        .to_owned()
}

/// The ids of the groups of the network interface `eni`.
pub async fn eni_group_ids(client: &Client, eni: &str) -> BTreeSet<String> {
    let out = client
        .describe_network_interfaces()
        .network_interface_ids(eni)
        .send()
        .await
        .unwrap_or_else(|e| panic!("DescribeNetworkInterfaces {eni}: {}", DisplayErrorContext(&e)));
    assert_eq!(out.network_interfaces().len(), 1, "{out:?}");
    out.network_interfaces()[0].groups().iter().filter_map(|g| g.group_id()).map(str::to_owned).collect()
}
