//! Filtering, sorting and paging the security groups table. The query lives in the URL, so it is
//! parsed leniently: anything unknown falls back to the default instead of failing the page.

use serde::{Deserialize, Serialize};

use super::{GroupSummary, Vpc};

/// Rows per page of the groups table.
pub const PAGE_SIZE: usize = 50;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    #[default]
    Name,
    Id,
    Vpc,
    Description,
    Inbound,
    Outbound,
}

impl SortKey {
    pub const ALL: [SortKey; 6] =
        [SortKey::Name, SortKey::Id, SortKey::Vpc, SortKey::Description, SortKey::Inbound, SortKey::Outbound];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Id => "id",
            SortKey::Vpc => "vpc",
            SortKey::Description => "description",
            SortKey::Inbound => "inbound",
            SortKey::Outbound => "outbound",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// What the groups table shows: which VPC, which text, which order, which page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub vpc: Option<String>,
    pub text: String,
    pub sort: SortKey,
    pub descending: bool,
    /// 1-based.
    pub page: usize,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self { vpc: None, text: String::new(), sort: SortKey::default(), descending: false, page: 1 }
    }
}

/// The longest free-text filter kept.
const MAX_TEXT: usize = 200;

impl ListQuery {
    /// Reads the URL's `vpc`, `q`, `sort`, `dir` and `page`; invalid values fall back to defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let vpc = get("vpc").filter(|v| is_vpc_id(v));
        let text: String = get("q").unwrap_or_default().trim().chars().take(MAX_TEXT).collect();
        Self {
            vpc,
            text,
            sort: get("sort").as_deref().and_then(SortKey::parse).unwrap_or_default(),
            descending: get("dir").as_deref() == Some("desc"),
            page: get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    /// The same checks as [`ListQuery::from_params`], for a query that arrived another way (a
    /// server function's arguments can be anything).
    pub fn normalized(self) -> Self {
        Self {
            vpc: self.vpc.filter(|v| is_vpc_id(v)),
            text: self.text.trim().chars().take(MAX_TEXT).collect(),
            page: self.page.max(1),
            ..self
        }
    }

    /// The URL query string of this listing (in `region`, for a page of one region), leaving
    /// defaults out.
    pub fn to_query_string(&self, region: Option<&str>) -> String {
        let mut pairs: Vec<(&str, String)> = region.map(|r| ("region", r.to_owned())).into_iter().collect();
        if let Some(vpc) = &self.vpc {
            pairs.push(("vpc", vpc.clone()));
        }
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        if self.sort != SortKey::Name {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.descending {
            pairs.push(("dir", "desc".to_owned()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs.iter().map(|(k, v)| format!("{k}={}", encode_query_value(v))).collect::<Vec<_>>().join("&")
    }

    /// Filters, sorts and pages `groups`.
    pub fn apply(&self, groups: &[GroupSummary], vpcs: Vec<Vpc>) -> GroupPage {
        let total = groups.len();
        let mut rows: Vec<&GroupSummary> = groups
            .iter()
            .filter(|g| self.vpc.as_ref().is_none_or(|v| &g.vpc_id == v))
            .filter(|g| g.matches_text(&self.text))
            .collect();
        rows.sort_by(|a, b| {
            let order = match self.sort {
                SortKey::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                SortKey::Id => a.id.cmp(&b.id),
                SortKey::Vpc => a.vpc_id.cmp(&b.vpc_id),
                SortKey::Description => a.description.to_lowercase().cmp(&b.description.to_lowercase()),
                SortKey::Inbound => a.inbound_rules.cmp(&b.inbound_rules),
                SortKey::Outbound => a.outbound_rules.cmp(&b.outbound_rules),
            }
            .then_with(|| a.id.cmp(&b.id));
            if self.descending { order.reverse() } else { order }
        });
        let matching = rows.len();
        let pages = matching.div_ceil(PAGE_SIZE).max(1);
        let page = self.page.clamp(1, pages);
        let rows = rows.into_iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).cloned().collect();
        GroupPage { rows, total, matching, page, pages, vpcs }
    }
}

fn is_vpc_id(value: &str) -> bool {
    value
        .strip_prefix("vpc-")
        .is_some_and(|hex| (8..=17).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Percent-encodes a query value.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// One page of the security groups table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPage {
    pub rows: Vec<GroupSummary>,
    /// Groups in the region before filtering.
    pub total: usize,
    /// Groups that pass the filters.
    pub matching: usize,
    /// 1-based, clamped to `pages`.
    pub page: usize,
    pub pages: usize,
    /// The region's VPCs, for the VPC filter and names.
    pub vpcs: Vec<Vpc>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Tag;

    fn group(id: &str, name: &str, vpc: &str, inbound: usize) -> GroupSummary {
        GroupSummary {
            region: "us-east-1".into(),
            id: id.into(),
            name: name.into(),
            description: format!("{name} servers"),
            vpc_id: vpc.into(),
            vpc_name: None,
            inbound_rules: inbound,
            outbound_rules: 1,
            tags: vec![Tag { key: "team".into(), value: format!("{name}-squad") }],
        }
    }

    fn query(params: &[(&str, &str)]) -> ListQuery {
        ListQuery::from_params(|k| params.iter().find(|(key, _)| *key == k).map(|(_, v)| (*v).to_owned()))
    }

    #[test]
    fn text_matches_name_id_description_and_tag_values_ignoring_case() {
        let g = group("sg-0123", "Web", "vpc-1", 2);
        assert!(g.matches_text("web"));
        assert!(g.matches_text("SG-0123"));
        assert!(g.matches_text("servers"));
        assert!(g.matches_text("web-squad"));
        assert!(g.matches_text("web servers"));
        assert!(!g.matches_text("db"));
        assert!(!g.matches_text("team"), "tag keys are not searched");
    }

    #[test]
    fn filters_sorts_and_pages() {
        let groups: Vec<GroupSummary> = (0..120)
            .map(|i| {
                group(
                    &format!("sg-{i:03}"),
                    &format!("g{i:03}"),
                    if i % 2 == 0 { "vpc-0000000a" } else { "vpc-0000000b" },
                    i,
                )
            })
            .collect();
        let page = query(&[("vpc", "vpc-0000000a"), ("sort", "inbound"), ("dir", "desc"), ("page", "2")])
            .apply(&groups, vec![]);
        assert_eq!(page.total, 120);
        assert_eq!(page.matching, 60);
        assert_eq!(page.pages, 2);
        assert_eq!(page.rows.len(), 10);
        assert_eq!(page.rows[0].inbound_rules, 18, "second page, descending");

        let clamped = query(&[("page", "99")]).apply(&groups, vec![]);
        assert_eq!(clamped.page, 3);
    }

    #[test]
    fn invalid_url_values_fall_back_to_defaults() {
        let q = query(&[("vpc", "<script>"), ("sort", "nope"), ("page", "0"), ("dir", "sideways")]);
        assert_eq!(q, ListQuery::default());
    }

    /// Reads a query string the way a browser's URL would be read.
    fn parse(text: &str) -> ListQuery {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes()).into_owned().collect();
        ListQuery::from_params(|k| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()))
    }

    #[test]
    fn query_string_round_trips() {
        let q = query(&[("vpc", "vpc-0abc1234"), ("q", "web & db"), ("sort", "id"), ("dir", "desc"), ("page", "3")]);
        let text = q.to_query_string(Some("ap-northeast-1"));
        assert_eq!(text, "region=ap-northeast-1&vpc=vpc-0abc1234&q=web+%26+db&sort=id&dir=desc&page=3");
        assert_eq!(parse(&text), q);
    }

    #[test]
    fn a_query_from_elsewhere_is_held_to_the_url_rules() {
        let q = ListQuery { vpc: Some("vpc-<x>".into()), text: "x".repeat(500), page: 0, ..ListQuery::default() };
        let q = q.normalized();
        assert_eq!((q.vpc, q.text.len(), q.page), (None, 200, 1));
    }

    proptest::proptest! {
        #[test]
        fn any_query_survives_the_url(
            vpc in proptest::option::of("[0-9a-f]{17}"),
            text in "[ -~あ-ん]{0,40}",
            sort in 0usize..6,
            descending: bool,
            page in 1usize..500,
        ) {
            let q = ListQuery {
                vpc: vpc.map(|hex| format!("vpc-{hex}")),
                text: text.trim().to_owned(),
                sort: SortKey::ALL[sort],
                descending,
                page,
            };
            proptest::prop_assert_eq!(parse(&q.to_query_string(Some("us-east-1"))), q);
        }

        #[test]
        fn pages_show_every_matching_group_once(count in 0usize..180, page in 0usize..10) {
            let groups: Vec<GroupSummary> = (0..count).map(|i| group(&format!("sg-{i:04}"), "g", "vpc-a", i)).collect();
            let first = ListQuery { page, ..ListQuery::default() }.apply(&groups, vec![]);
            proptest::prop_assert!((1..=first.pages).contains(&first.page));
            let mut seen: Vec<String> = Vec::new();
            for n in 1..=first.pages {
                let shown = ListQuery { page: n, ..ListQuery::default() }.apply(&groups, vec![]);
                proptest::prop_assert!(shown.rows.len() <= PAGE_SIZE);
                seen.extend(shown.rows.into_iter().map(|g| g.id));
            }
            seen.sort();
            seen.dedup();
            proptest::prop_assert_eq!(seen.len(), count);
        }
    }
}
