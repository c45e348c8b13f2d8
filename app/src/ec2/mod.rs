//! The only code that talks to EC2: one aws-sdk-ec2 client per enabled region, standard retry
//! mode (throttling is retried with backoff), timeouts, paginators, and answers mapped to the
//! app's model types and errors.

mod convert;
mod error;
mod instances;
mod observe;
mod scan;
mod timing;
mod usage;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::config::retry::RetryConfig;
use aws_sdk_ec2::config::timeout::TimeoutConfig;
use aws_sdk_ec2::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_ec2::types::Filter;

pub use timing::Ec2Timing;
pub use write::{Ec2Writer, RequestIds};

use crate::error::{AppError, Ec2Error, Failure};
use crate::model::{Backend, Peer, PeerGroup, PeerType, Peers, Rule, RuleRow, SecurityGroup, Vpc};

/// A slow or unreachable region is reported in its place after this long, instead of holding a
/// page of every region up for the SDK's whole operation timeout while the others wait.
pub const REGION_DEADLINE: Duration = Duration::from_secs(15);

/// Page size for EC2's paginated Describe calls: the most EC2 allows.
const PAGE_SIZE: i32 = 1000;

/// Where EC2 is.
#[derive(Clone, Copy, Debug)]
pub enum Endpoint<'a> {
    /// Amazon EC2, with aws-config's standard credential chain.
    Aws,
    /// An EC2-compatible endpoint, with the standard credential chain.
    Url(&'a str),
    /// The embedded ec2-local sandbox at this URL; it checks no signatures, so any credentials do.
    Sandbox(&'a str),
}

/// EC2 for every enabled region.
pub struct Ec2 {
    clients: BTreeMap<String, Client>,
    default_region: String,
    backend: Backend,
    answers: Arc<observe::Answers>,
}

impl Ec2 {
    /// Clients for `regions` at `endpoint`, or, when no regions are given, for every region
    /// DescribeRegions answers in the default region.
    pub async fn connect(
        endpoint: Endpoint<'_>,
        default_region: &str,
        regions: Option<Vec<String>>,
    ) -> Result<Self, Ec2Error> {
        let loader = aws_config::defaults(BehaviorVersion::latest()).region(Region::new(default_region.to_owned()));
        let (sdk, backend) = match endpoint {
            Endpoint::Aws => (loader.load().await, Backend::Aws),
            Endpoint::Url(url) => (loader.endpoint_url(url).load().await, Backend::Endpoint),
            Endpoint::Sandbox(url) => {
                let credentials = Credentials::new("sg-console", "sandbox", None, None, "embedded");
                (loader.endpoint_url(url).credentials_provider(credentials).load().await, Backend::Sandbox)
            }
        };
        let answers = Arc::new(observe::Answers::default());
        let client_for = |region: &str| {
            let observer = observe::Observer { region: region.to_owned(), answers: answers.clone() };
            let config = aws_sdk_ec2::config::Builder::from(&sdk)
                .interceptor(observer)
                .behavior_version(BehaviorVersion::latest())
                .region(Region::new(region.to_owned()))
                .retry_config(RetryConfig::standard().with_max_attempts(4))
                .timeout_config(
                    TimeoutConfig::builder()
                        .connect_timeout(Duration::from_secs(5))
                        .operation_attempt_timeout(Duration::from_secs(60))
                        .operation_timeout(Duration::from_secs(120))
                        .build(),
                )
                .build();
            Client::from_conf(config)
        };
        let regions = match regions {
            Some(regions) => regions,
            None => {
                let answer = client_for(default_region).describe_regions().send().await?;
                answer.regions().iter().filter_map(|r| r.region_name()).map(str::to_owned).collect()
            }
        };
        if !regions.iter().any(|r| r == default_region) {
            return Err(Ec2Error {
                kind: crate::error::Ec2ErrorKind::InvalidValue,
                code: "DefaultRegionNotEnabled".into(),
                message: format!(
                    "the default region {default_region} is not one of the regions: {}",
                    regions.join(", ")
                ),
                request_id: None,
            });
        }
        let clients = regions.iter().map(|r| (r.clone(), client_for(r))).collect();
        Ok(Self { clients, default_region: default_region.to_owned(), backend, answers })
    }

    /// Whether EC2 in the default region answered in the last minute. When nothing asked it
    /// that recently, asks now (DescribeRegions, which reads nothing of the account's), so that
    /// an idle console stays ready while EC2 does.
    pub async fn ready(&self) -> Result<(), AppError> {
        const WINDOW: Duration = Duration::from_secs(60);
        if self.answers.answered_within(&self.default_region, WINDOW) {
            return Ok(());
        }
        let client = self.client(&self.default_region)?;
        let asked = async { client.describe_regions().send().await.map(drop).map_err(Ec2Error::from) };
        within(Duration::from_secs(5), asked).await.map_err(AppError::from)
    }

    pub fn regions(&self) -> Vec<String> {
        self.clients.keys().cloned().collect()
    }

    pub fn default_region(&self) -> &str {
        &self.default_region
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// EC2 in `region`, counting its time in `timing`.
    pub fn region(&self, region: &str, timing: Ec2Timing) -> Result<RegionEc2, AppError> {
        Ok(RegionEc2 { client: self.client(region)?, timing })
    }

    fn client(&self, region: &str) -> Result<Client, AppError> {
        self.clients.get(region).cloned().ok_or_else(|| Failure::UnknownRegion(region.to_owned()).into())
    }
}

/// `work`, or a `Timeout` error once `deadline` has passed: for a view of several regions, where
/// one slow or unreachable region must not hold up the others for the SDK's whole timeout.
pub async fn within<T, E: From<Ec2Error>>(
    deadline: Duration,
    work: impl Future<Output = Result<T, E>>,
) -> Result<T, E> {
    tokio::time::timeout(deadline, work).await.unwrap_or_else(|_| {
        let message = format!("no answer within {} seconds", deadline.as_secs_f32());
        Err(Ec2Error::unanswered(crate::error::Ec2ErrorKind::Timeout, "Timeout", message).into())
    })
}

/// EC2 in one region.
pub struct RegionEc2 {
    client: Client,
    timing: Ec2Timing,
}

fn filter(name: &str, values: impl IntoIterator<Item = impl Into<String>>) -> Filter {
    Filter::builder().name(name).set_values(Some(values.into_iter().map(Into::into).collect())).build()
}

impl RegionEc2 {
    /// Where this request's time waiting on EC2 is counted.
    pub fn timing(&self) -> &Ec2Timing {
        &self.timing
    }

    /// Every security group of the region, all pages.
    pub async fn security_groups(&self) -> Result<Vec<SecurityGroup>, Ec2Error> {
        self.security_groups_seen(|_| ()).await
    }

    /// Every security group of the region, all pages; each is shown to `each` as soon as it is
    /// converted, while its rules are still in the CPU's caches.
    pub async fn security_groups_seen(
        &self,
        mut each: impl FnMut(&SecurityGroup),
    ) -> Result<Vec<SecurityGroup>, Ec2Error> {
        let mut pages = self.client.describe_security_groups().into_paginator().page_size(PAGE_SIZE).send();
        let mut groups = Vec::new();
        // Each page is converted as soon as it is read, while EC2's answer is still in the CPU's
        // caches: at 2,500 groups x 120 rules, converting all pages at the end took longer.
        while let Some(page) = self.timing.measure(pages.next()).await {
            groups.extend(page?.security_groups.unwrap_or_default().into_iter().map(|group| {
                let group = convert::security_group(group);
                each(&group);
                group
            }));
        }
        Ok(groups)
    }

    /// The region's VPCs.
    pub async fn vpcs(&self) -> Result<Vec<Vpc>, Ec2Error> {
        let pages = self.client.describe_vpcs().into_paginator().page_size(PAGE_SIZE).items().send();
        let vpcs: Vec<_> = self.timing.measure(pages.collect::<Result<Vec<_>, _>>()).await?;
        Ok(vpcs.iter().map(convert::vpc).collect())
    }

    /// One group with its rules' ids, and the names of the groups and prefix lists they name.
    pub async fn security_group(&self, id: &str) -> Result<(SecurityGroup, Option<Vpc>), Ec2Error> {
        let group = self.client.describe_security_groups().group_ids(id).send();
        let rules = self
            .client
            .describe_security_group_rules()
            .filters(filter("group-id", [id]))
            .into_paginator()
            .page_size(PAGE_SIZE)
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>();
        let (group, rules) = self.timing.measure(async { futures::join!(group, rules) }).await;
        let Some(found) = group?.security_groups.and_then(|groups| groups.into_iter().next()) else {
            return Err(not_found(id));
        };
        let mut group = convert::security_group(found);
        let (outbound, inbound): (Vec<_>, Vec<_>) = rules?.into_iter().partition(|r| r.is_egress().unwrap_or(false));
        group.inbound = inbound.iter().map(convert::rule).collect();
        group.outbound = outbound.iter().map(convert::rule).collect();
        let vpc = self.name_peers(&mut group).await?;
        Ok((group, vpc))
    }

    /// What `rows` of `group` may name: the groups of its VPC that they name, the groups its
    /// rules already name (of peered VPCs, say), and the region's managed prefix lists, all pages
    /// of each. Only the groups the rows name by id are read, unless one names a group by name:
    /// EC2's filter compares names exactly, the console ignores case as EC2's uniqueness does,
    /// so a name needs the VPC's whole list. (A VPC's whole list is [`RegionEc2::vpc_groups`].)
    pub async fn peers(&self, group: &SecurityGroup, rows: &[RuleRow]) -> Result<Peers, Ec2Error> {
        self.peers_in(&group.vpc_id, group.inbound.iter().chain(&group.outbound), rows).await
    }

    /// What `rows` in `vpc_id` may name: its groups they name (as [`RegionEc2::peers`] says), the
    /// groups `referenced_by` rules already name, and the prefix lists.
    pub async fn peers_in(
        &self,
        vpc_id: &str,
        referenced_by: impl Iterator<Item = &Rule>,
        rows: &[RuleRow],
    ) -> Result<Peers, Ec2Error> {
        let ids = match named_groups(rows) {
            NamedGroups::Ids(ids) => Some(ids),
            NamedGroups::ByName => None,
        };
        let groups = self.groups_in(vpc_id, ids);
        let lists = self
            .client
            .describe_managed_prefix_lists()
            .into_paginator()
            .page_size(100)
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>();
        let (groups, lists) = self.timing.measure(async { futures::join!(groups, lists) }).await;
        let mut groups = groups?;
        for rule in referenced_by {
            if let Peer::Group { id, name, owner } = &rule.peer
                && !groups.iter().any(|g| g.id == *id)
            {
                groups.push(PeerGroup { id: id.clone(), name: name.clone(), owner: owner.clone() });
            }
        }
        let prefix_lists = lists?.iter().map(convert::prefix_list).collect();
        Ok(Peers { groups, prefix_lists, my_ip: None })
    }

    /// The groups of `vpc_id`, all pages, as a rule names them.
    pub async fn vpc_groups(&self, vpc_id: &str) -> Result<Vec<PeerGroup>, Ec2Error> {
        self.timing.measure(self.groups_in(vpc_id, None)).await
    }

    /// The groups of `vpc_id`, or only those of them with `ids` (none for no ids).
    async fn groups_in(&self, vpc_id: &str, ids: Option<BTreeSet<String>>) -> Result<Vec<PeerGroup>, Ec2Error> {
        let mut request = self.client.describe_security_groups().filters(filter("vpc-id", [vpc_id.to_owned()]));
        match ids {
            Some(ids) if ids.is_empty() => return Ok(Vec::new()),
            Some(ids) => request = request.filters(filter("group-id", ids)),
            None => {}
        }
        let groups =
            request.into_paginator().page_size(PAGE_SIZE).items().send().collect::<Result<Vec<_>, _>>().await?;
        Ok(groups
            .iter()
            .map(|g| PeerGroup {
                id: g.group_id().unwrap_or_default().to_owned(),
                name: g.group_name().map(str::to_owned),
                owner: None,
            })
            .collect())
    }

    /// Fills in the names of the groups and prefix lists `group`'s rules name, and returns its VPC.
    async fn name_peers(&self, group: &mut SecurityGroup) -> Result<Option<Vpc>, Ec2Error> {
        let mut group_ids = BTreeSet::new();
        let mut list_ids = BTreeSet::new();
        for rule in group.inbound.iter().chain(&group.outbound) {
            match &rule.peer {
                Peer::Group { id, .. } => group_ids.insert(id.clone()),
                Peer::PrefixList { id, .. } => list_ids.insert(id.clone()),
                _ => false,
            };
        }
        // Filters rather than ids: a group of a peered VPC or another account is simply not named.
        let groups = async {
            if group_ids.is_empty() {
                return Ok(Vec::new());
            }
            let answer =
                self.client.describe_security_groups().filters(filter("group-id", group_ids.clone())).send().await?;
            Ok::<_, Ec2Error>(
                answer
                    .security_groups()
                    .iter()
                    .map(|g| {
                        (g.group_id().unwrap_or_default().to_owned(), g.group_name().unwrap_or_default().to_owned())
                    })
                    .collect(),
            )
        };
        let lists = async {
            if list_ids.is_empty() {
                return Ok(Vec::new());
            }
            let answer = self
                .client
                .describe_managed_prefix_lists()
                .filters(filter("prefix-list-id", list_ids.clone()))
                .send()
                .await?;
            Ok::<_, Ec2Error>(
                answer
                    .prefix_lists()
                    .iter()
                    .map(|l| {
                        (
                            l.prefix_list_id().unwrap_or_default().to_owned(),
                            l.prefix_list_name().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
            )
        };
        let vpc = self.client.describe_vpcs().vpc_ids(&group.vpc_id).send();
        let (groups, lists, vpc) = self.timing.measure(async { futures::join!(groups, lists, vpc) }).await;
        let groups: BTreeMap<String, String> = groups?.into_iter().collect();
        let lists: BTreeMap<String, String> = lists?.into_iter().collect();
        for rule in group.inbound.iter_mut().chain(group.outbound.iter_mut()) {
            match &mut rule.peer {
                Peer::Group { id, name, .. } => *name = groups.get(id).cloned(),
                Peer::PrefixList { id, name } => *name = lists.get(id).cloned(),
                _ => {}
            }
        }
        Ok(vpc?.vpcs().first().map(convert::vpc))
    }
}

/// The groups rule rows name: by id only, or at least one by name.
enum NamedGroups {
    Ids(BTreeSet<String>),
    ByName,
}

fn named_groups(rows: &[RuleRow]) -> NamedGroups {
    let mut ids = BTreeSet::new();
    for row in rows.iter().filter(|r| r.peer_type() == PeerType::Custom) {
        let text = row.peer.trim();
        let cidr = text.parse::<ipnet::IpNet>().is_ok() || text.parse::<std::net::IpAddr>().is_ok();
        if text.is_empty() || cidr || text.starts_with("pl-") {
            continue;
        }
        if !text.starts_with("sg-") {
            return NamedGroups::ByName;
        }
        ids.insert(text.to_owned());
    }
    NamedGroups::Ids(ids)
}

fn not_found(id: &str) -> Ec2Error {
    Ec2Error {
        kind: crate::error::Ec2ErrorKind::GroupNotFound,
        code: "InvalidGroup.NotFound".into(),
        message: format!("The security group '{id}' does not exist"),
        request_id: None,
    }
}
