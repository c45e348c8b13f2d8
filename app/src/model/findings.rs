//! Findings: what auditors (Prowler, Cloud Custodian, Steampipe) report about a region's
//! security groups, each tied to the group and rule it is about, so that the console can link
//! straight to the fix. The checks follow shared/EC2-FACTS.md.

use std::collections::BTreeSet;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::{Direction, Exposure, Peer, PeerPrefixList, Protocol, RULES_PER_DIRECTION, Rule, SecurityGroup};

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

/// Every finding of a region's `groups` (with their rules' ids), most severe first, then by
/// group name.
pub fn findings(region: &str, groups: &[SecurityGroup], uses: &RegionUse, lists: &[PeerPrefixList]) -> Vec<Finding> {
    // Named by another group's rule: a group whose only references are its own rules protects
    // nothing beyond itself.
    let referenced: BTreeSet<&str> = groups
        .iter()
        .flat_map(|g| g.inbound.iter().chain(&g.outbound).map(move |r| (g, r)))
        .filter_map(|(g, r)| match &r.peer {
            Peer::Group { id, .. } if *id != g.id => Some(id.as_str()),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for group in groups {
        let in_use = uses.on_interfaces.contains(&group.id);
        let finding = |check: Check, rule: Option<(Direction, Rule)>, detail: Detail| Finding {
            region: region.to_owned(),
            group_id: group.id.clone(),
            group_name: group.name.clone(),
            vpc_id: group.vpc_id.clone(),
            check,
            rule,
            detail,
            in_use,
        };
        for rule in &group.inbound {
            let check = match Exposure::of(rule) {
                Some(e @ Exposure::AdminPorts(_)) => Some((Check::OpenAdminPort, e)),
                Some(e @ (Exposure::AllPorts | Exposure::AllTraffic)) => Some((Check::OpenAllPorts, e)),
                Some(e @ Exposure::HighRiskPorts(_)) => Some((Check::OpenHighRiskPort, e)),
                None => None,
            };
            if let Some((check, exposure)) = check {
                out.push(finding(check, Some((Direction::Inbound, rule.clone())), Detail::Exposure(exposure)));
            }
        }
        if group.name == "default" && !(group.inbound.is_empty() && group.outbound.is_empty()) {
            out.push(finding(Check::DefaultGroupRules, None, Detail::None));
        }
        for direction in [Direction::Inbound, Direction::Outbound] {
            let rules = group.rules(direction);
            let (v4, v6) = quota_counts(rules, lists);
            for (count, ipv6) in [(v4, false), (v6, true)] {
                // Within 10% of the quota: 54 of 60.
                if count * 10 >= RULES_PER_DIRECTION * 9 {
                    out.push(finding(Check::NearRuleQuota, None, Detail::Quota { direction, count, ipv6 }));
                }
            }
            for (rule, covering) in redundant(rules) {
                let detail = Detail::CoveredBy(covering.clone());
                out.push(finding(Check::RedundantRule, Some((direction, rule.clone())), detail));
            }
        }
        let used = in_use || uses.in_templates.contains(&group.id) || referenced.contains(group.id.as_str());
        // A default group cannot be deleted, so it is never reported as unused.
        if !used && group.name != "default" {
            out.push(finding(Check::UnusedGroup, None, Detail::None));
        }
    }
    out.sort_by(|a, b| (a.severity(), &a.group_name, &a.group_id).cmp(&(b.severity(), &b.group_name, &b.group_id)));
    out
}

/// Gives the rules of `findings` their ids from `rules` (each group's, by direction), which a
/// region's groups read whole carry none of: only the groups with a finding about a rule need
/// their rules read with ids.
pub fn fill_rule_ids(findings: &mut [Finding], rules: &[(String, Direction, Rule)]) {
    let mut by_group: std::collections::BTreeMap<&str, Vec<(Direction, &Rule)>> = Default::default();
    for (group, direction, rule) in rules {
        by_group.entry(group.as_str()).or_default().push((*direction, rule));
    }
    let id_of = |group: &str, direction: Direction, rule: &Rule| {
        by_group.get(group)?.iter().find(|(d, r)| *d == direction && r.same_rule(rule)).and_then(|(_, r)| r.id.clone())
    };
    for finding in findings {
        let group = finding.group_id.clone();
        if let Some((direction, rule)) = &mut finding.rule {
            let direction = *direction;
            if rule.id.is_none() {
                rule.id = id_of(&group, direction, rule);
            }
            if let Detail::CoveredBy(covering) = &mut finding.detail
                && covering.id.is_none()
            {
                covering.id = id_of(&group, direction, covering);
            }
        }
    }
}

/// How many IPv4 and IPv6 rules `rules` count as against the quota: a group reference counts in
/// both, a prefix list as its maximum entries.
pub fn quota_counts(rules: &[Rule], lists: &[PeerPrefixList]) -> (usize, usize) {
    rules.iter().fold((0, 0), |(v4, v6), rule| match &rule.peer {
        Peer::Ipv4(_) => (v4 + 1, v6),
        Peer::Ipv6(_) => (v4, v6 + 1),
        Peer::Group { .. } => (v4 + 1, v6 + 1),
        Peer::PrefixList { id, .. } => match lists.iter().find(|l| l.id == *id) {
            Some(list) if list.ipv6 => (v4, v6 + list.max_entries as usize),
            Some(list) => (v4 + list.max_entries as usize, v6),
            None => (v4 + 1, v6),
        },
    })
}

/// A rule's reach, parsed once: its protocol and ports, and its peer.
struct Reach<'a> {
    rule: &'a Rule,
    net: Option<IpNet>,
}

impl Reach<'_> {
    /// Whether this rule allows all that `other` allows.
    fn covers(&self, other: &Reach) -> bool {
        let peer = match (&self.net, &other.net) {
            (Some(mine), Some(theirs)) => mine.contains(theirs),
            (None, None) => self.rule.peer.same_kind(&other.rule.peer) && self.rule.peer.key() == other.rule.peer.key(),
            _ => false,
        };
        peer && covers_traffic(self.rule, other.rule)
    }
}

/// Whether `wide` allows every protocol and port `narrow` does.
pub fn covers_traffic(wide: &Rule, narrow: &Rule) -> bool {
    match (wide.protocol, narrow.protocol) {
        (Protocol::All, _) => true,
        (a, b) if a != b => false,
        (Protocol::Tcp | Protocol::Udp, _) => wide.from_port <= narrow.from_port && narrow.to_port <= wide.to_port,
        // ICMP: the type, then the code; -1 is every one.
        (Protocol::Icmp | Protocol::Icmpv6, _) => {
            (wide.from_port == -1 || wide.from_port == narrow.from_port)
                && (wide.to_port == -1 || wide.to_port == narrow.to_port)
        }
        _ => true,
    }
}

/// The rules of one direction that another of them covers, each with the first that does. Of
/// two rules that cover each other (which EC2's duplicate check allows only when they differ in
/// form, e.g. a description), only the later is reported.
fn redundant(rules: &[Rule]) -> Vec<(&Rule, &Rule)> {
    let reaches: Vec<Reach> = rules
        .iter()
        .map(|rule| {
            let net = match &rule.peer {
                Peer::Ipv4(c) | Peer::Ipv6(c) => c.parse::<IpNet>().ok().map(|n| n.trunc()),
                _ => None,
            };
            Reach { rule, net }
        })
        .collect();
    let mut out = Vec::new();
    for (i, narrow) in reaches.iter().enumerate() {
        let covering = reaches
            .iter()
            .enumerate()
            .find(|(j, wide)| *j != i && wide.covers(narrow) && !(narrow.covers(wide) && *j > i));
        if let Some((_, wide)) = covering {
            out.push((narrow.rule, wide.rule));
        }
    }
    out
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

    pub fn matches(&self, finding: &Finding) -> bool {
        self.severity.is_none_or(|s| finding.severity() == s)
            && self.check.is_none_or(|c| finding.check == c)
            && self.vpc.as_ref().is_none_or(|v| finding.vpc_id == *v)
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

    fn checks(found: &[Finding], group_id: &str) -> Vec<Check> {
        found.iter().filter(|f| f.group_id == group_id).map(|f| f.check).collect()
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
        let found = findings("us-east-1", &[open, default, redundant, near, lonely], &uses, &[]);

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
        assert_eq!(found[0].severity(), Severity::High, "most severe first");
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
        let found = findings("r", &[named, naming, templated, selfish], &uses, &[]);
        let unused: Vec<&str> =
            found.iter().filter(|f| f.check == Check::UnusedGroup).map(|f| f.group_id.as_str()).collect();
        assert_eq!(unused, ["sg-b", "sg-d"], "b is named by nothing, d only by itself");
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
}
