//! (ssr) One snapshot of a region, shared by every user of the process: its groups (converted to
//! the model once, each with its own findings), VPCs and list rows, and, read when a page first
//! needs them, the network interfaces, launch templates and prefix lists that the findings and
//! "Who can reach" look at.
//!
//! A snapshot is served for at most `--snapshot-ttl`. Requests for a region whose snapshot is
//! being read wait for that read (single flight), so that twenty people opening the list at once
//! cost one read of EC2. Every change the console makes forgets the region's snapshot (see
//! [`crate::guard::Guard::change`]), so that its result page reads EC2 again. The editors, the
//! delete check and the instance form never use a snapshot: they read EC2 fresh.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::OnceCell;

use crate::ec2::RegionEc2;
use crate::error::{AppError, Ec2Error};
use crate::model::{
    AsOf, Carrier, Check, Finding, FindingsQuery, Found, GroupPage, GroupSummary, LaunchTemplate, ListQuery,
    OwnFindings, PeerPrefixList, PortAccess, PrefixEntries, ReachAnswer, ReachQuery, RegionUse, RuleIds, SecurityGroup,
    Severity, Vpc, access_by_port, findings,
};

/// Every region's snapshot.
pub struct Snapshots {
    ttl: Duration,
    slots: Mutex<HashMap<String, Arc<Slot>>>,
}

/// One region's snapshot, and the read of EC2 at most one request makes at a time.
#[derive(Default)]
struct Slot {
    state: Mutex<SlotState>,
    reading: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct SlotState {
    last: Option<Read>,
    /// When the console last changed the region: a read begun before misses that change.
    changed_at: Option<Instant>,
}

/// A read of the region, and what it gave: a failure too, for the requests that waited for it.
struct Read {
    began: Instant,
    ended: Instant,
    result: Result<Arc<RegionSnapshot>, Ec2Error>,
}

impl Snapshots {
    /// Snapshots served for at most `ttl`; a `ttl` of zero reads EC2 for every request.
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, slots: Mutex::default() }
    }

    /// `region`'s snapshot: the shared one if it is younger than the TTL, began after the last
    /// change the console made to the region, and is newer than `newer_than` (a page's Refresh);
    /// otherwise a new read, shared with every request that asks while it runs.
    pub async fn region(
        &self,
        ec2: &RegionEc2,
        region: &str,
        newer_than: Option<AsOf>,
    ) -> Result<Arc<RegionSnapshot>, Ec2Error> {
        let counted =
            |result: &'static str| metrics::counter!("sg_snapshot_reads_total", "result" => result).increment(1);
        if self.ttl.is_zero() {
            counted("miss");
            return RegionSnapshot::read(ec2, region).await.map(Arc::new);
        }
        let slot = self.slot(region);
        let asked = Instant::now();
        if let Some(snapshot) = slot.usable(self.ttl, newer_than) {
            counted("hit");
            return Ok(snapshot);
        }
        // Waiting for another request's read is waiting on EC2.
        let _flight = ec2.timing().measure(slot.reading.lock()).await;
        if let Some(result) = slot.waited_for(asked, newer_than) {
            counted("shared");
            return result;
        }
        if let Some(snapshot) = slot.usable(self.ttl, newer_than) {
            counted("hit");
            return Ok(snapshot);
        }
        counted("miss");
        // A snapshot no request may be served any more goes before the next is read, so that
        // the region is not held twice.
        discard(slot.state().take_stale(self.ttl));
        let began = Instant::now();
        let result = RegionSnapshot::read(ec2, region).await.map(Arc::new);
        let last = slot.state().last.replace(Read { began, ended: Instant::now(), result: result.clone() });
        discard(last);
        result
    }

    /// After the console changed `region`: its snapshot is not served again, and a read already
    /// under way serves only the requests that were waiting for it.
    pub fn forget(&self, region: &str) {
        let slot = self.slot(region);
        let mut state = slot.state();
        state.changed_at = Some(Instant::now());
        discard(state.last.take());
    }

    /// Forgets every region: after notices of changes from other replicas may have been missed.
    pub fn forget_all(&self) {
        let regions: Vec<String> = self.slots.lock().unwrap_or_else(PoisonError::into_inner).keys().cloned().collect();
        for region in regions {
            self.forget(&region);
        }
    }

    fn slot(&self, region: &str) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.entry(region.to_owned()).or_default().clone()
    }
}

impl Slot {
    fn state(&self) -> std::sync::MutexGuard<'_, SlotState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn usable(&self, ttl: Duration, newer_than: Option<AsOf>) -> Option<Arc<RegionSnapshot>> {
        let state = self.state();
        let read = state.last.as_ref()?;
        let snapshot = read.result.as_ref().ok()?;
        let fresh = state.servable(read, ttl) && newer_than.is_none_or(|t| snapshot.as_of > t);
        fresh.then(|| snapshot.clone())
    }

    /// The read that ended while a request that `asked` then waited, if it began after the last
    /// change: as fresh as the request's own read would be, so shared, a failure too (twenty
    /// requests do not each wait out a failing region in turn).
    fn waited_for(&self, asked: Instant, newer_than: Option<AsOf>) -> Option<Result<Arc<RegionSnapshot>, Ec2Error>> {
        let state = self.state();
        let read = state.last.as_ref()?;
        let newer = match &read.result {
            Ok(snapshot) => newer_than.is_none_or(|t| snapshot.as_of > t),
            Err(_) => true,
        };
        (read.ended >= asked && state.after_change(read) && newer).then(|| read.result.clone())
    }
}

impl SlotState {
    fn after_change(&self, read: &Read) -> bool {
        self.changed_at.is_none_or(|changed| read.began > changed)
    }

    /// Whether `read` may still be served: younger than the TTL, and begun after the last change.
    fn servable(&self, read: &Read, ttl: Duration) -> bool {
        read.began.elapsed() < ttl && self.after_change(read)
    }

    /// The last read, if no request may be served it any more (a Refresh asks for a newer one
    /// while others are still served this one).
    fn take_stale(&mut self, ttl: Duration) -> Option<Read> {
        let stale = self.last.as_ref().is_some_and(|read| !self.servable(read, ttl));
        if stale { self.last.take() } else { None }
    }
}

/// Lets go of a read off the request's path: freeing a region of 300,000 rules takes tens of
/// milliseconds. (It is freed only if no request still holds the snapshot.)
fn discard(read: Option<Read>) {
    if let Some(read) = read {
        tokio::task::spawn_blocking(move || drop(read));
    }
}

/// A region as EC2 described it at `as_of`.
pub struct RegionSnapshot {
    pub region: String,
    pub as_of: AsOf,
    /// With their rules (without the rules' ids, which only the detail page and the editors need).
    pub groups: Vec<SecurityGroup>,
    /// Each group's own findings, in the same order.
    own: Vec<OwnFindings>,
    pub vpcs: Vec<Vpc>,
    /// The list page's rows, in EC2's order.
    summaries: Vec<GroupSummary>,
    surroundings: OnceCell<Surroundings>,
    /// Most severe first.
    findings: OnceCell<Vec<Found>>,
}

/// What uses a region's groups, and what their rules name, for the findings and reach.
pub struct Surroundings {
    pub carriers: Vec<Carrier>,
    pub templates: Vec<LaunchTemplate>,
    pub lists: Vec<PeerPrefixList>,
    pub entries: PrefixEntries,
}

impl RegionSnapshot {
    /// The groups and VPCs, at once.
    async fn read(ec2: &RegionEc2, region: &str) -> Result<RegionSnapshot, Ec2Error> {
        let as_of = now();
        let mut own = Vec::new();
        let (groups, vpcs) =
            futures::try_join!(ec2.security_groups_seen(|group| own.push(OwnFindings::of(group))), ec2.vpcs())?;
        let summaries = SecurityGroup::summaries(&groups, region, &vpcs);
        Ok(RegionSnapshot {
            region: region.to_owned(),
            as_of,
            groups,
            own,
            vpcs,
            summaries,
            surroundings: OnceCell::new(),
            findings: OnceCell::new(),
        })
    }

    pub fn summaries(&self) -> &[GroupSummary] {
        &self.summaries
    }

    /// One page of the list.
    pub fn listing(&self, query: &ListQuery) -> GroupPage {
        query.apply(&self.summaries, self.vpcs.clone())
    }

    /// The network interfaces, launch templates and prefix lists (with their entries), read at
    /// once the first time a page needs them.
    pub async fn surroundings(&self, ec2: &RegionEc2) -> Result<&Surroundings, Ec2Error> {
        self.surroundings
            .get_or_try_init(|| async {
                let (carriers, templates, (lists, entries)) =
                    futures::try_join!(ec2.carriers(), ec2.launch_templates(), ec2.prefix_lists_with_entries())?;
                Ok(Surroundings { carriers, templates, lists, entries })
            })
            .await
    }

    /// Every finding of the region, most severe first, worked out once per snapshot.
    pub async fn findings(&self, ec2: &RegionEc2) -> Result<&[Found], Ec2Error> {
        let around = self.surroundings(ec2).await?;
        let all = self
            .findings
            .get_or_init(|| async { findings(&self.groups, &self.own, &around.uses(), &around.lists) })
            .await;
        Ok(all)
    }

    pub async fn reach(&self, ec2: &RegionEc2, query: &ReachQuery) -> Result<ReachAnswer, Ec2Error> {
        let around = self.surroundings(ec2).await?;
        Ok(ReachAnswer::of(&self.groups, query, &around.carriers, &around.entries))
    }

    /// What may reach `instance_id`, by port: the inbound rules of the groups of all its
    /// interfaces. `None` when the region has no such instance.
    pub async fn instance_access(
        &self,
        ec2: &RegionEc2,
        instance_id: &str,
    ) -> Result<Option<(Vec<String>, Vec<PortAccess>)>, Ec2Error> {
        let around = self.surroundings(ec2).await?;
        let mut ids: Vec<String> = Vec::new();
        for carrier in around.carriers.iter().filter(|c| c.instance_id.as_deref() == Some(instance_id)) {
            ids.extend(carrier.groups.iter().filter(|g| !ids.contains(g)).cloned().collect::<Vec<_>>());
        }
        if ids.is_empty() {
            return Ok(None);
        }
        let groups: Vec<SecurityGroup> = self.groups.iter().filter(|g| ids.contains(&g.id)).cloned().collect();
        Ok(Some((ids, access_by_port(&groups))))
    }
}

impl Surroundings {
    fn uses(&self) -> RegionUse {
        RegionUse {
            on_interfaces: self.carriers.iter().flat_map(|c| c.groups.iter().cloned()).collect(),
            in_templates: self
                .templates
                .iter()
                .flat_map(|t| &t.versions)
                .flat_map(|v| v.groups.iter().cloned())
                .collect(),
        }
    }
}

fn now() -> AsOf {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    AsOf(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
}

/// The findings of several regions, each from its snapshot, and the regions that could not be
/// read (or took longer than [`crate::ec2::REGION_DEADLINE`]), each with its error.
pub struct RegionsFindings {
    read: Vec<Arc<RegionSnapshot>>,
    pub failed: Vec<(String, AppError)>,
}

impl RegionsFindings {
    /// Reads `regions` at once through `ec2`, from their snapshots.
    pub async fn read(
        snapshots: &Snapshots,
        regions: &[String],
        ec2: impl Fn(&str) -> Result<RegionEc2, AppError>,
        newer_than: Option<AsOf>,
    ) -> RegionsFindings {
        let reads = regions.iter().map(|region| {
            let ec2 = ec2(region);
            crate::ec2::within(crate::ec2::REGION_DEADLINE, async move {
                let ec2 = ec2?;
                let snapshot = snapshots.region(&ec2, region, newer_than).await?;
                snapshot.findings(&ec2).await?;
                Ok::<_, AppError>(snapshot)
            })
        });
        let mut read = Vec::new();
        let mut failed = Vec::new();
        for (region, result) in regions.iter().zip(futures::future::join_all(reads).await) {
            match result {
                Ok(snapshot) => read.push(snapshot),
                Err(error) => failed.push((region.clone(), error)),
            }
        }
        RegionsFindings { read, failed }
    }

    /// The findings `query` shows (on any of its pages), most severe first: each severity's of
    /// every region in turn. Walked, not collected: a page needs only their count and 100 of the
    /// region's 147,000 (at 2,500 groups x 120 rules).
    pub fn matching<'a>(&'a self, query: &'a FindingsQuery) -> impl Iterator<Item = Listed<'a>> + Clone {
        Severity::ALL
            .into_iter()
            .flat_map(move |severity| {
                self.read.iter().flat_map(move |snapshot| {
                    let all = snapshot.findings.get().map_or(&[][..], Vec::as_slice);
                    // Each region's are most severe first.
                    let from = all.partition_point(|f| f.check.severity() < severity);
                    let to = all.partition_point(|f| f.check.severity() <= severity);
                    all[from..to].iter().map(move |found| Listed { snapshot, found })
                })
            })
            .filter(move |f| query.matches(f.check(), f.vpc_id()))
    }

    /// The rules, with their ids, of the groups that `query`'s findings about rules are in (for
    /// [`RuleIds::fill`] as each finding is spelled out), fresh from EC2.
    pub async fn rule_ids(
        &self,
        query: &FindingsQuery,
        ec2: impl Fn(&str) -> Result<RegionEc2, AppError>,
    ) -> Result<RuleIds, AppError> {
        let about_rules = self.matching(query).filter(|f| f.found.is_about_rule());
        rule_ids(about_rules.map(|f| (f.snapshot.region.as_str(), f.found.group(&f.snapshot.groups).id.as_str())), ec2)
            .await
    }

    /// The oldest of the snapshots read.
    pub fn as_of(&self) -> Option<AsOf> {
        self.read.iter().map(|s| s.as_of).min()
    }
}

/// A finding of a region read, as its snapshot keeps it.
#[derive(Clone, Copy)]
pub struct Listed<'a> {
    snapshot: &'a RegionSnapshot,
    found: &'a Found,
}

impl<'a> Listed<'a> {
    pub fn check(&self) -> Check {
        self.found.check
    }

    pub fn vpc_id(&self) -> &'a str {
        &self.found.group(&self.snapshot.groups).vpc_id
    }

    /// The finding spelled out, for a page or a download.
    pub fn finding(&self) -> Finding {
        self.found.finding(&self.snapshot.region, &self.snapshot.groups)
    }
}

/// Gives the rules of `findings` their ids, reading the rules of the groups they are about
/// (DescribeSecurityGroupRules filtered by group), fresh from EC2. Only for the findings shown
/// or downloaded: at 2,500 groups x 120 rules, reading every group's rules with their ids takes
/// longer than a page may.
pub async fn with_rule_ids(
    findings: &mut [Finding],
    ec2: impl Fn(&str) -> Result<RegionEc2, AppError>,
) -> Result<(), AppError> {
    let about_rules = findings.iter().filter(|f| f.rule.is_some());
    let ids = rule_ids(about_rules.map(|f| (f.region.as_str(), f.group_id.as_str())), ec2).await?;
    for finding in findings {
        ids.fill(finding);
    }
    Ok(())
}

/// The rules, with their ids, of `groups` (each a region and a group id), fresh from EC2.
async fn rule_ids<'a>(
    groups: impl Iterator<Item = (&'a str, &'a str)>,
    ec2: impl Fn(&str) -> Result<RegionEc2, AppError>,
) -> Result<RuleIds, AppError> {
    let mut by_region: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (region, group) in groups {
        by_region.entry(region).or_default().insert(group);
    }
    let mut ids = RuleIds::default();
    for (region, groups) in by_region {
        let groups: Vec<String> = groups.into_iter().map(str::to_owned).collect();
        ids.add(region, ec2(region)?.rules_of(&groups).await?);
    }
    Ok(ids)
}
