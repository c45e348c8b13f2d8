//! What a change's result page says it did: carried in the page's URL (so that it works
//! without JavaScript and survives the redirect after a plain form post).

use super::Direction;

/// A change just made, named on the group's page in a `role="status"` notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    RulesSaved {
        direction: Direction,
        added: usize,
        changed: usize,
        removed: usize,
    },
    RulesDeleted {
        direction: Direction,
        count: usize,
    },
    /// Tags saved on the group (`rules` 0) or on that many of its rules.
    TagsSaved {
        rules: usize,
    },
    /// The group was just created.
    GroupCreated,
}

impl Notice {
    /// The group's page showing this notice, on the tab the change concerns.
    pub fn page(&self, region: &str, group_id: &str) -> String {
        let base = format!("/security-groups/{region}/{group_id}");
        match *self {
            Notice::RulesSaved { direction, added, changed, removed } => format!(
                "{base}?tab={}&notice=rules-saved&added={added}&changed={changed}&removed={removed}",
                direction.as_str()
            ),
            Notice::RulesDeleted { direction, count } => {
                format!("{base}?tab={}&notice=rules-deleted&count={count}", direction.as_str())
            }
            Notice::TagsSaved { rules: 0 } => format!("{base}?tab=tags&notice=tags-saved&rules=0"),
            Notice::TagsSaved { rules } => format!("{base}?notice=tags-saved&rules={rules}"),
            Notice::GroupCreated => format!("{base}?notice=group-created"),
        }
    }

    /// The notice in a page's query, read by `get`.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Option<Notice> {
        let number = |name: &str| get(name).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
        let direction = Direction::parse(&get("tab").unwrap_or_default()).unwrap_or(Direction::Inbound);
        Some(match get("notice")?.as_str() {
            "rules-saved" => Notice::RulesSaved {
                direction,
                added: number("added"),
                changed: number("changed"),
                removed: number("removed"),
            },
            "rules-deleted" => Notice::RulesDeleted { direction, count: number("count") },
            "tags-saved" => Notice::TagsSaved { rules: number("rules") },
            "group-created" => Notice::GroupCreated,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_reads_back_from_its_page() {
        for notice in [
            Notice::RulesSaved { direction: Direction::Outbound, added: 1, changed: 2, removed: 3 },
            Notice::RulesDeleted { direction: Direction::Inbound, count: 2 },
            Notice::TagsSaved { rules: 0 },
            Notice::TagsSaved { rules: 3 },
            Notice::GroupCreated,
        ] {
            let page = notice.page("us-east-1", "sg-1");
            let query = page.split_once('?').map(|(_, q)| q).unwrap_or_default().to_owned();
            let get = |name: &str| {
                query.split('&').find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_owned))
            };
            assert_eq!(Notice::from_query(get), Some(notice), "{page}");
        }
    }
}
