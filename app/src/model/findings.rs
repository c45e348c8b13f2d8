//! Findings: what auditors (Prowler, Cloud Custodian, Steampipe) report about a region's
//! security groups, each tied to the group and rule it is about, so that the console can link
//! straight to the fix. The checks follow shared/EC2-FACTS.md.

use std::collections::{BTreeSet, HashMap};

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::{
    Direction, Exposure, Peer, PeerPrefixList, Protocol, RULES_PER_DIRECTION, Rule, SecurityGroup,
    rule_form::quota_weight,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::High, Severity::Medium, Severity::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    pub fn parse(value: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == value)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Inbound from anywhere to 22 or 3389 (CIS AWS Foundations 5.2, 5.3).
    OpenAdminPort,
    /// Inbound from anywhere to every port, or all traffic.
    OpenAllPorts,
    /// Inbound from anywhere to another high-risk port.
    OpenHighRiskPort,
    /// A VPC's default group with rules (CIS 5.4).
    DefaultGroupRules,
    /// Within 10% of the rules quota of a direction.
    NearRuleQuota,
    /// Another rule of the same group and direction already allows all of it.
    RedundantRule,
    /// On no network interface, in no launch template version, named by no rule.
    UnusedGroup,
}

impl Check {
    pub const ALL: [Check; 7] = [
        Check::OpenAdminPort,
        Check::OpenAllPorts,
        Check::OpenHighRiskPort,
        Check::DefaultGroupRules,
        Check::NearRuleQuota,
        Check::RedundantRule,
        Check::UnusedGroup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Check::OpenAdminPort => "open-admin-port",
            Check::OpenAllPorts => "open-all-ports",
            Check::OpenHighRiskPort => "open-high-risk-port",
            Check::DefaultGroupRules => "default-group-rules",
            Check::NearRuleQuota => "near-rule-quota",
            Check::RedundantRule => "redundant-rule",
            Check::UnusedGroup => "unused-group",
        }
    }

    pub fn parse(value: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.as_str() == value)
    }

    pub fn severity(self) -> Severity {
        match self {
            Check::OpenAdminPort | Check::OpenAllPorts => Severity::High,
            Check::OpenHighRiskPort | Check::DefaultGroupRules | Check::NearRuleQuota => Severity::Medium,
            Check::RedundantRule | Check::UnusedGroup => Severity::Low,
        }
    }
}

/// What a finding says beyond its check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Detail {
    None,
    /// What the rule opens to the world.
    Exposure(Exposure),
    /// The rule that already allows all of this one.
    CoveredBy(Rule),
    /// How many rules of the direction and family count against the quota of
    /// `RULES_PER_DIRECTION`.
    Quota {
        direction: Direction,
        count: usize,
        ipv6: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub region: String,
    pub group_id: String,
    pub group_name: String,
    pub vpc_id: String,
    pub check: Check,
    /// The rule it is about, with its direction, when it is about one.
    pub rule: Option<(Direction, Rule)>,
    pub detail: Detail,
    /// The group is on a network interface.
    pub in_use: bool,
}

impl Finding {
    pub fn severity(&self) -> Severity {
        self.check.severity()
    }
}

/// What uses a region's groups, beyond their own rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionUse {
    /// Groups on at least one network interface.
    pub on_interfaces: BTreeSet<String>,
    /// Groups named by at least one launch template version.
    pub in_templates: BTreeSet<String>,
}

/// A finding as a region's snapshot keeps it: its group and rules by their places in the
/// region's groups, so that a region's findings cost no copies (150,000 of them at 2,500 groups
/// x 120 rules when each group's default outbound rule covers its other outbound rules).
/// [`Found::finding`] spells one out for a page or a download.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    group: u32,
    pub check: Check,
    about: About,
    /// The group is on a network interface.
    pub in_use: bool,
}

/// What a [`Found`] is about beyond its group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum About {
    Group,
    /// An inbound rule open to the world, by its place.
    Exposed(u32),
    /// A rule and the rule that covers it, by their places in the direction's rules.
    Covered(Direction, u32, u32),
    Quota {
        direction: Direction,
        count: u32,
        ipv6: bool,
    },
}

impl Found {
    /// Its group, among the `groups` it was found in.
    pub fn group<'a>(&self, groups: &'a [SecurityGroup]) -> &'a SecurityGroup {
        &groups[self.group as usize]
    }

    /// Whether it is about one of its group's rules (which has an id only in EC2).
    pub fn is_about_rule(&self) -> bool {
        matches!(self.about, About::Exposed(_) | About::Covered(..))
    }

    /// The finding in full, its group among the `groups` of `region` it was found in.
    pub fn finding(&self, region: &str, groups: &[SecurityGroup]) -> Finding {
        let group = self.group(groups);
        let rule = |direction: Direction, at: u32| group.rules(direction)[at as usize].clone();
        let (rule, detail) = match self.about {
            About::Group => (None, Detail::None),
            About::Exposed(at) => {
                let rule = rule(Direction::Inbound, at);
                let detail = Exposure::of(&rule).map_or(Detail::None, Detail::Exposure);
                (Some((Direction::Inbound, rule)), detail)
            }
            About::Covered(direction, at, by) => {
                (Some((direction, rule(direction, at))), Detail::CoveredBy(rule(direction, by)))
            }
            About::Quota { direction, count, ipv6 } => (None, Detail::Quota { direction, count: count as usize, ipv6 }),
        };
        Finding {
            region: region.to_owned(),
            group_id: group.id.clone(),
            group_name: group.name.clone(),
            vpc_id: group.vpc_id.clone(),
            check: self.check,
            rule,
            detail,
            in_use: self.in_use,
        }
    }
}

/// What a group's own rules show, whatever else the region holds: its rules open to the world,
/// its redundant rules, a default group's rules, and its counts against the quota. A snapshot
/// works it out as it converts each group, while the group's rules are still in the CPU's
/// caches: at 2,500 groups x 120 rules, walking every rule again when the findings are first
/// asked for cost more than the checks themselves. [`findings`] adds what depends on the region.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnFindings {
    found: Vec<(Check, About)>,
    /// Inbound, then outbound: the IPv4 and IPv6 rules counted against the quota, prefix lists
    /// aside (their weight is their size, read with the region's prefix lists).
    counted: [(usize, usize); 2],
    /// The rules that name a group or a prefix list, by direction and place.
    naming: Vec<(Direction, u32)>,
}

impl OwnFindings {
    pub fn of(group: &SecurityGroup) -> OwnFindings {
        let mut own = OwnFindings::default();
        for (at, rule) in group.inbound.iter().enumerate() {
            let check = match Exposure::of(rule) {
                Some(Exposure::AdminPorts(_)) => Check::OpenAdminPort,
                Some(Exposure::AllPorts | Exposure::AllTraffic) => Check::OpenAllPorts,
                Some(Exposure::HighRiskPorts(_)) => Check::OpenHighRiskPort,
                None => continue,
            };
            own.found.push((check, About::Exposed(compact(at))));
        }
        if group.name == "default" && !(group.inbound.is_empty() && group.outbound.is_empty()) {
            own.found.push((Check::DefaultGroupRules, About::Group));
        }
        for (side, direction) in Direction::ALL.into_iter().enumerate() {
            let rules = group.rules(direction);
            for (at, rule) in rules.iter().enumerate() {
                if let Peer::Group { .. } | Peer::PrefixList { .. } = rule.peer {
                    own.naming.push((direction, compact(at)));
                }
                if !matches!(rule.peer, Peer::PrefixList { .. }) {
                    let (v4, v6) = quota_weight(&rule.peer, &[]);
                    own.counted[side] = (own.counted[side].0 + v4, own.counted[side].1 + v6);
                }
            }
            for (at, by) in redundant(rules) {
                own.found.push((Check::RedundantRule, About::Covered(direction, compact(at), compact(by))));
            }
        }
        own
    }

    /// The peers of `group`'s rules that name a group or a prefix list, by direction.
    fn naming<'a>(&'a self, group: &'a SecurityGroup) -> impl Iterator<Item = (Direction, &'a Peer)> {
        self.naming.iter().map(|&(direction, at)| (direction, &group.rules(direction)[at as usize].peer))
    }
}

/// Every finding of a region's `groups`, most severe first, then by group name and id; `own` is
/// each group's [`OwnFindings`], in the same order.
pub fn findings(
    groups: &[SecurityGroup],
    own: &[OwnFindings],
    uses: &RegionUse,
    lists: &[PeerPrefixList],
) -> Vec<Found> {
    // Named by another group's rule: a group whose only references are its own rules protects
    // nothing beyond itself.
    let referenced: BTreeSet<&str> = groups
        .iter()
        .zip(own)
        .flat_map(|(group, own)| own.naming(group).map(move |(_, peer)| (group, peer)))
        .filter_map(|(group, peer)| match peer {
            Peer::Group { id, .. } if *id != group.id => Some(id.as_str()),
            _ => None,
        })
        .collect();
    // Walking the groups by name into one list per severity gives the order without sorting
    // the findings themselves.
    let mut by_name: Vec<usize> = (0..groups.len()).collect();
    by_name.sort_by(|&a, &b| (&groups[a].name, &groups[a].id).cmp(&(&groups[b].name, &groups[b].id)));
    let mut by_severity: [Vec<Found>; Severity::ALL.len()] = Default::default();
    for index in by_name {
        let (group, own) = (&groups[index], &own[index]);
        let in_use = uses.on_interfaces.contains(&group.id);
        let mut found = |check: Check, about: About| {
            by_severity[check.severity() as usize].push(Found { group: compact(index), check, about, in_use });
        };
        for &(check, about) in &own.found {
            found(check, about);
        }
        for (side, direction) in Direction::ALL.into_iter().enumerate() {
            let lists_weight = own
                .naming(group)
                .filter(|&(d, peer)| d == direction && matches!(peer, Peer::PrefixList { .. }))
                .map(|(_, peer)| quota_weight(peer, lists));
            let (v4, v6) = lists_weight.fold(own.counted[side], |(v4, v6), (a, b)| (v4 + a, v6 + b));
            for (count, ipv6) in [(v4, false), (v6, true)] {
                // Within 10% of the quota: 54 of 60.
                if count * 10 >= RULES_PER_DIRECTION * 9 {
                    found(Check::NearRuleQuota, About::Quota { direction, count: compact(count), ipv6 });
                }
            }
        }
        let used = in_use || uses.in_templates.contains(&group.id) || referenced.contains(group.id.as_str());
        // A default group cannot be deleted, so it is never reported as unused.
        if !used && group.name != "default" {
            found(Check::UnusedGroup, About::Group);
        }
    }
    by_severity.concat()
}

/// A place in a list of groups or rules, or a count of rules, as a [`Found`] keeps it: no
/// region that EC2 can describe comes near `u32::MAX`.
fn compact(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// The rules of some groups as EC2 reads them with their ids (DescribeSecurityGroupRules), by
/// region and group: a region's groups read whole carry no rule ids, so only the groups with a
/// finding about a rule have their rules read again, and their findings take the ids from here.
#[derive(Debug, Default)]
pub struct RuleIds {
    by_region: HashMap<String, HashMap<String, Vec<(Direction, Rule)>>>,
}

impl RuleIds {
    /// Adds `rules` (group id, direction, rule) read in `region`.
    pub fn add(&mut self, region: &str, rules: Vec<(String, Direction, Rule)>) {
        let groups = self.by_region.entry(region.to_owned()).or_default();
        for (group, direction, rule) in rules {
            groups.entry(group).or_default().push((direction, rule));
        }
    }

    /// Gives `finding`'s rule, and the rule that covers it, their ids.
    pub fn fill(&self, finding: &mut Finding) {
        let Some(rules) = self.by_region.get(&finding.region).and_then(|groups| groups.get(&finding.group_id)) else {
            return;
        };
        let id_of = |direction: Direction, rule: &Rule| {
            rules.iter().find(|(d, r)| *d == direction && r.same_rule(rule)).and_then(|(_, r)| r.id.clone())
        };
        if let Some((direction, rule)) = &mut finding.rule {
            let direction = *direction;
            if rule.id.is_none() {
                rule.id = id_of(direction, rule);
            }
            if let Detail::CoveredBy(covering) = &mut finding.detail
                && covering.id.is_none()
            {
                covering.id = id_of(direction, covering);
            }
        }
    }
}

/// A rule's protocol and ports.
#[derive(Clone, Copy)]
struct Traffic {
    protocol: Protocol,
    from: i32,
    to: i32,
}

impl Traffic {
    fn of(rule: &Rule) -> Traffic {
        Traffic { protocol: rule.protocol, from: rule.from_port, to: rule.to_port }
    }

    /// For a single TCP or UDP port, the protocol (UDP or not) and the port: only a rule with the
    /// same can be covered by it.
    fn single_port(self) -> Option<(bool, i32)> {
        match self.protocol {
            Protocol::Tcp | Protocol::Udp if self.from == self.to => Some((self.protocol == Protocol::Udp, self.from)),
            _ => None,
        }
    }

    /// Whether this allows every protocol and port `narrow` does.
    fn covers(self, narrow: Traffic) -> bool {
        match (self.protocol, narrow.protocol) {
            (Protocol::All, _) => true,
            (a, b) if a != b => false,
            (Protocol::Tcp | Protocol::Udp, _) => self.from <= narrow.from && narrow.to <= self.to,
            // ICMP: the type, then the code; -1 is every one.
            (Protocol::Icmp | Protocol::Icmpv6, _) => {
                (self.from == -1 || self.from == narrow.from) && (self.to == -1 || self.to == narrow.to)
            }
            _ => true,
        }
    }
}

/// A rule's peer, with its network parsed when first needed: most pairs of rules differ in
/// their traffic already, and a network open to the world contains all of its family.
struct PeerNet<'a> {
    peer: &'a Peer,
    net: std::cell::OnceCell<Option<IpNet>>,
}

impl PeerNet<'_> {
    fn net(&self) -> Option<IpNet> {
        *self.net.get_or_init(|| match self.peer {
            Peer::Ipv4(cidr) | Peer::Ipv6(cidr) => cidr.parse::<IpNet>().ok().map(|n| n.trunc()),
            _ => None,
        })
    }

    /// Whether this peer includes all of `other`.
    fn contains(&self, other: &PeerNet) -> bool {
        match (self.peer, other.peer) {
            (mine @ Peer::Ipv4(_), Peer::Ipv4(_)) | (mine @ Peer::Ipv6(_), Peer::Ipv6(_)) => {
                mine.is_anywhere() || matches!((self.net(), other.net()), (Some(m), Some(t)) if m.contains(&t))
            }
            (Peer::Ipv4(_) | Peer::Ipv6(_), _) | (_, Peer::Ipv4(_) | Peer::Ipv6(_)) => false,
            (mine, theirs) => mine.same_kind(theirs) && mine.key() == theirs.key(),
        }
    }
}

/// The places of the rules of one direction that another of them covers, each with the place
/// of the first that does. Of two rules that cover each other (which EC2's duplicate check
/// allows only when they differ in form, e.g. a description), only the later is reported.
fn redundant(rules: &[Rule]) -> Vec<(usize, usize)> {
    // The traffic is compared first, and the peers only when it is covered.
    let peers: Vec<PeerNet> = rules.iter().map(|rule| PeerNet { peer: &rule.peer, net: Default::default() }).collect();
    let covers = |wide: usize, narrow: usize| {
        Traffic::of(&rules[wide]).covers(Traffic::of(&rules[narrow])) && peers[wide].contains(&peers[narrow])
    };
    let first_covering = |narrow: usize, candidates: &mut dyn Iterator<Item = usize>| {
        candidates
            .filter(|&wide| wide != narrow && covers(wide, narrow) && !(wide > narrow && covers(narrow, wide)))
            .min()
    };
    // A rule for one TCP or UDP port can be covered only by a rule for that same port or by one
    // of the rest (ranges, every protocol, ICMP, other protocols); one of the rest only by the
    // rest. Walking the single-port rules sorted by port, one run of a port at a time, 60 rules
    // for 60 ports cost 60 comparisons, not 3,540.
    let mut single: Vec<((bool, i32), usize)> = Vec::new();
    let mut rest: Vec<usize> = Vec::new();
    for (at, rule) in rules.iter().enumerate() {
        match Traffic::of(rule).single_port() {
            Some(port) => single.push((port, at)),
            None => rest.push(at),
        }
    }
    single.sort_unstable();
    let mut covered_by: Vec<Option<usize>> = vec![None; rules.len()];
    for run in single.chunk_by(|a, b| a.0 == b.0) {
        for &(_, narrow) in run {
            covered_by[narrow] = first_covering(narrow, &mut run.iter().map(|&(_, at)| at).chain(rest.iter().copied()));
        }
    }
    for &narrow in &rest {
        covered_by[narrow] = first_covering(narrow, &mut rest.iter().copied());
    }
    covered_by.into_iter().enumerate().filter_map(|(narrow, wide)| Some((narrow, wide?))).collect()
}

/// Rows per page of the findings table.
pub const FINDINGS_PAGE_SIZE: usize = 100;

/// Which findings a page shows: by severity, check and VPC, and which page (in the URL).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingsQuery {
    pub severity: Option<Severity>,
    pub check: Option<Check>,
    pub vpc: Option<String>,
    /// 1-based.
    pub page: usize,
}

impl Default for FindingsQuery {
    fn default() -> Self {
        FindingsQuery { severity: None, check: None, vpc: None, page: 1 }
    }
}

impl FindingsQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        FindingsQuery {
            severity: get("severity").as_deref().and_then(Severity::parse),
            check: get("check").as_deref().and_then(Check::parse),
            vpc: get("vpc").filter(|v| v.starts_with("vpc-") && v.len() <= 32),
            page: get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    /// Whether a finding of `check` about a group in `vpc_id` is shown.
    pub fn matches(&self, check: Check, vpc_id: &str) -> bool {
        self.severity.is_none_or(|s| check.severity() == s)
            && self.check.is_none_or(|c| check == c)
            && self.vpc.as_deref().is_none_or(|v| vpc_id == v)
    }

    /// The query string (without `?`) for `region`; the page only when past the first.
    pub fn query(&self, region: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("region", region);
        if let Some(severity) = self.severity {
            query.append_pair("severity", severity.as_str());
        }
        if let Some(check) = self.check {
            query.append_pair("check", check.as_str());
        }
        if let Some(vpc) = &self.vpc {
            query.append_pair("vpc", vpc);
        }
        if self.page > 1 {
            query.append_pair("page", &self.page.to_string());
        }
        query.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Whether `wide` allows every protocol and port `narrow` does.
    fn covers_traffic(wide: &Rule, narrow: &Rule) -> bool {
        Traffic::of(wide).covers(Traffic::of(narrow))
    }

    fn rule(id: &str, protocol: Protocol, from: i32, to: i32, peer: Peer) -> Rule {
        Rule { id: Some(id.into()), protocol, from_port: from, to_port: to, peer, description: None, tags: Vec::new() }
    }

    fn v4(cidr: &str) -> Peer {
        Peer::Ipv4(cidr.into())
    }

    fn group(id: &str, name: &str, inbound: Vec<Rule>, outbound: Vec<Rule>) -> SecurityGroup {
        SecurityGroup {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            vpc_id: "vpc-1".into(),
            owner_id: String::new(),
            inbound,
            outbound,
            tags: Vec::new(),
        }
    }

    /// Every finding of `groups`, spelled out.
    fn spelled(groups: &[SecurityGroup], uses: &RegionUse) -> Vec<Finding> {
        let own: Vec<OwnFindings> = groups.iter().map(OwnFindings::of).collect();
        findings(groups, &own, uses, &[]).iter().map(|f| f.finding("us-east-1", groups)).collect()
    }

    fn checks(found: &[Finding], group_id: &str) -> Vec<Check> {
        found.iter().filter(|f| f.group_id == group_id).map(|f| f.check).collect()
    }

    #[test]
    fn a_findings_rule_takes_its_id_from_its_own_regions_rules() {
        let ssh = rule("sgr-0", Protocol::Tcp, 22, 22, v4("0.0.0.0/0"));
        // As a region's groups are read whole: rules without ids.
        let groups = [group("sg-1", "same", vec![Rule { id: None, ..ssh.clone() }], Vec::new())];
        let own: Vec<OwnFindings> = groups.iter().map(OwnFindings::of).collect();
        let found = findings(&groups, &own, &RegionUse::default(), &[]);
        let open = found.iter().find(|f| f.check == Check::OpenAdminPort).expect("SSH open to the world");
        let unused = found.iter().find(|f| f.check == Check::UnusedGroup).expect("not used");
        assert!(open.is_about_rule() && !unused.is_about_rule());

        // The same group id in two regions, each rule with its region's id.
        let mut ids = RuleIds::default();
        for (region, id) in [("us-east-1", "sgr-east"), ("eu-west-1", "sgr-west")] {
            ids.add(region, vec![("sg-1".into(), Direction::Inbound, Rule { id: Some(id.into()), ..ssh.clone() })]);
        }
        for (region, id) in [("us-east-1", Some("sgr-east")), ("eu-west-1", Some("sgr-west")), ("ap-south-1", None)] {
            let mut finding = open.finding(region, &groups);
            ids.fill(&mut finding);
            let rule = finding.rule.map(|(_, rule)| rule).expect("about a rule");
            assert_eq!(rule.id.as_deref(), id, "in {region}");
        }
    }

    #[test]
    fn each_check_finds_its_case() {
        let open = group(
            "sg-open",
            "open",
            vec![
                rule("sgr-1", Protocol::Tcp, 22, 22, v4("0.0.0.0/0")),
                rule("sgr-2", Protocol::Tcp, 5432, 5432, Peer::Ipv6("::/0".into())),
                rule("sgr-3", Protocol::All, -1, -1, v4("0.0.0.0/0")),
            ],
            Vec::new(),
        );
        let default =
            group("sg-def", "default", Vec::new(), vec![rule("sgr-4", Protocol::All, -1, -1, v4("0.0.0.0/0"))]);
        let redundant = group(
            "sg-red",
            "redundant",
            vec![
                rule("sgr-5", Protocol::Tcp, 0, 1024, v4("10.0.0.0/8")),
                rule("sgr-6", Protocol::Tcp, 443, 443, v4("10.1.0.0/16")),
                rule("sgr-7", Protocol::Udp, 443, 443, v4("10.1.0.0/16")),
            ],
            Vec::new(),
        );
        let full: Vec<Rule> =
            (0..54).map(|n| rule(&format!("sgr-f{n}"), Protocol::Tcp, 1000 + n, 1000 + n, v4("10.0.0.0/8"))).collect();
        let near = group("sg-full", "full", full, Vec::new());
        let lonely = group("sg-lonely", "lonely", Vec::new(), Vec::new());
        let uses = RegionUse { on_interfaces: BTreeSet::from(["sg-open".to_owned()]), ..RegionUse::default() };
        let found = spelled(&[open, default, redundant, near, lonely], &uses);

        // The "open" group's all-traffic rule from 0.0.0.0/0 also covers its SSH rule (not the
        // IPv6 one).
        assert_eq!(
            checks(&found, "sg-open"),
            [Check::OpenAdminPort, Check::OpenAllPorts, Check::OpenHighRiskPort, Check::RedundantRule]
        );
        assert!(found.iter().filter(|f| f.group_id == "sg-open").all(|f| f.in_use));
        assert_eq!(checks(&found, "sg-def"), [Check::DefaultGroupRules], "never unused: it cannot be deleted");
        let red: Vec<_> = found.iter().filter(|f| f.check == Check::RedundantRule && f.group_id == "sg-red").collect();
        assert_eq!(red.len(), 1);
        assert_eq!(red[0].rule.as_ref().and_then(|(_, r)| r.id.as_deref()), Some("sgr-6"));
        assert!(matches!(&red[0].detail, Detail::CoveredBy(r) if r.id.as_deref() == Some("sgr-5")));
        assert!(checks(&found, "sg-full").contains(&Check::NearRuleQuota));
        assert_eq!(checks(&found, "sg-lonely"), [Check::UnusedGroup]);
        let order: Vec<_> = found.iter().map(|f| (f.severity(), &f.group_name, &f.group_id)).collect();
        assert!(order.is_sorted(), "most severe first, then by group name and id: {order:?}");
    }

    #[test]
    fn a_group_named_by_a_rule_or_a_template_is_in_use() {
        let named = group("sg-a", "a", Vec::new(), Vec::new());
        let naming = group(
            "sg-b",
            "b",
            vec![rule("sgr-1", Protocol::Tcp, 80, 80, Peer::Group { id: "sg-a".into(), name: None, owner: None })],
            Vec::new(),
        );
        let templated = group("sg-c", "c", Vec::new(), Vec::new());
        let own = Peer::Group { id: "sg-d".into(), name: None, owner: None };
        let selfish = group("sg-d", "d", vec![rule("sgr-2", Protocol::All, -1, -1, own)], Vec::new());
        let uses = RegionUse { in_templates: BTreeSet::from(["sg-c".to_owned()]), ..RegionUse::default() };
        let found = spelled(&[named, naming, templated, selfish], &uses);
        let unused: Vec<&str> =
            found.iter().filter(|f| f.check == Check::UnusedGroup).map(|f| f.group_id.as_str()).collect();
        assert_eq!(unused, ["sg-b", "sg-d"], "b is named by nothing, d only by itself");
    }

    #[test]
    fn a_prefix_list_counts_its_size_against_the_quota() {
        let mut inbound: Vec<Rule> =
            (0..4).map(|n| rule(&format!("sgr-{n}"), Protocol::Tcp, 1000 + n, 1000 + n, v4("10.0.0.0/8"))).collect();
        inbound.push(rule("sgr-l", Protocol::Tcp, 443, 443, Peer::PrefixList { id: "pl-1".into(), name: None }));
        let groups = [group("sg-l", "listed", inbound, Vec::new())];
        let own: Vec<OwnFindings> = groups.iter().map(OwnFindings::of).collect();
        let quota = |lists: &[PeerPrefixList]| -> Vec<Detail> {
            let found = findings(&groups, &own, &RegionUse::default(), lists);
            found.iter().filter(|f| f.check == Check::NearRuleQuota).map(|f| f.finding("r", &groups).detail).collect()
        };
        let list = |max_entries, ipv6| [PeerPrefixList { id: "pl-1".into(), name: "l".into(), max_entries, ipv6 }];
        let inbound = |count, ipv6| Detail::Quota { direction: Direction::Inbound, count, ipv6 };
        assert_eq!(quota(&list(50, false)), [inbound(54, false)]);
        assert_eq!(quota(&list(60, true)), [inbound(60, true)], "an IPv6 list counts against the IPv6 quota only");
        assert_eq!(quota(&[]), [], "a list not read counts as one entry");
    }

    #[test]
    fn traffic_coverage_follows_protocol_ports_and_icmp_codes() {
        let tcp = |from, to| rule("r", Protocol::Tcp, from, to, v4("10.0.0.0/8"));
        let icmp = |t, c| rule("r", Protocol::Icmp, t, c, v4("10.0.0.0/8"));
        assert!(covers_traffic(&tcp(0, 100), &tcp(10, 20)));
        assert!(!covers_traffic(&tcp(10, 20), &tcp(0, 100)));
        assert!(covers_traffic(&rule("r", Protocol::All, -1, -1, v4("10.0.0.0/8")), &icmp(8, 0)));
        assert!(!covers_traffic(&tcp(0, 65535), &rule("r", Protocol::Udp, 53, 53, v4("10.0.0.0/8"))));
        assert!(covers_traffic(&icmp(-1, -1), &icmp(8, 0)) && covers_traffic(&icmp(8, -1), &icmp(8, 0)));
        assert!(!covers_traffic(&icmp(8, 0), &icmp(0, 0)));
    }

    #[test]
    fn the_query_reads_back_from_its_url() {
        let query = FindingsQuery {
            severity: Some(Severity::High),
            check: Some(Check::OpenAdminPort),
            vpc: Some("vpc-1".into()),
            page: 3,
        };
        let text = query.query("us-east-1");
        let params: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes()).into_owned().collect();
        let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        assert_eq!(FindingsQuery::from_params(get), query);
    }

    fn any_rule() -> impl Strategy<Value = Rule> {
        let protocol = prop_oneof![
            Just(Protocol::Tcp),
            Just(Protocol::Udp),
            Just(Protocol::Icmp),
            Just(Protocol::All),
            Just(Protocol::Number(47))
        ];
        let peer = prop_oneof![
            Just(v4("0.0.0.0/0")),
            Just(v4("10.0.0.0/8")),
            Just(v4("10.1.0.0/16")),
            Just(v4("10.1.2.0/24")),
            Just(Peer::Ipv6("::/0".into())),
            Just(Peer::Group { id: "sg-a".into(), name: None, owner: None }),
        ];
        (protocol, -1i32..4, 0i32..4, peer).prop_map(|(protocol, from, span, peer)| {
            let to = if from == -1 { -1 } else { from + span };
            rule("sgr-x", protocol, from, to, peer)
        })
    }

    /// The definition `redundant` keeps to: every pair compared, the first covering rule reported.
    fn redundant_by_every_pair(rules: &[Rule]) -> Vec<(usize, usize)> {
        let peers: Vec<PeerNet> =
            rules.iter().map(|rule| PeerNet { peer: &rule.peer, net: Default::default() }).collect();
        let covers = |w: usize, n: usize| covers_traffic(&rules[w], &rules[n]) && peers[w].contains(&peers[n]);
        (0..rules.len())
            .filter_map(|n| {
                (0..rules.len()).find(|&w| w != n && covers(w, n) && !(w > n && covers(n, w))).map(|w| (n, w))
            })
            .collect()
    }

    proptest! {
        #[test]
        fn redundant_rules_are_those_every_pair_finds(rules in proptest::collection::vec(any_rule(), 0..24)) {
            prop_assert_eq!(redundant(&rules), redundant_by_every_pair(&rules));
        }
    }
}
