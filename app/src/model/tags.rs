//! Tags as a person edits them: rows checked with EC2's rules, and what saving them changes.

use serde::{Deserialize, Serialize};

use super::Tag;

/// The most tags a resource may have.
pub const MAX_TAGS: usize = 50;
pub const MAX_KEY_CHARS: usize = 127;
pub const MAX_VALUE_CHARS: usize = 256;

/// One tag row as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TagRow {
    pub key: String,
    pub value: String,
}

impl TagRow {
    pub fn of(tag: &Tag) -> TagRow {
        TagRow { key: tag.key.clone(), value: tag.value.clone() }
    }

    /// The row's fields as a form names them: `{list}[{index}][key]` and `...[value]`.
    pub fn fields(&self, list: &str, index: usize) -> [(String, String); 2] {
        [(format!("{list}[{index}][key]"), self.key.clone()), (format!("{list}[{index}][value]"), self.value.clone())]
    }

    /// A row left with neither key nor value is no tag: it is skipped, not refused.
    fn is_blank(&self) -> bool {
        self.key.is_empty() && self.value.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TagProblem {
    KeyMissing,
    KeyTooLong,
    /// Keys starting `aws:` are AWS's own.
    KeyReserved,
    ValueTooLong,
    /// The same key as row N (1-based).
    KeyDuplicate(usize),
    /// More than [`MAX_TAGS`] tags.
    TooMany(usize),
}

/// Tag rows checked: each row's key and value, and the set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagsCheck {
    /// Per row: (key, value).
    pub rows: Vec<(Option<TagProblem>, Option<TagProblem>)>,
    pub set: Option<TagProblem>,
    /// The tags, when every row is fine.
    pub tags: Option<Vec<Tag>>,
}

impl TagsCheck {
    pub fn of(rows: &[TagRow]) -> TagsCheck {
        let mut problems = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            if row.is_blank() {
                problems.push((None, None));
                continue;
            }
            let key = if row.key.is_empty() {
                Some(TagProblem::KeyMissing)
            } else if row.key.chars().count() > MAX_KEY_CHARS {
                Some(TagProblem::KeyTooLong)
            } else if row.key.to_ascii_lowercase().starts_with("aws:") {
                Some(TagProblem::KeyReserved)
            } else {
                rows[..i].iter().position(|r| r.key == row.key).map(|first| TagProblem::KeyDuplicate(first + 1))
            };
            let value = (row.value.chars().count() > MAX_VALUE_CHARS).then_some(TagProblem::ValueTooLong);
            problems.push((key, value));
        }
        let count = rows.iter().filter(|r| !r.is_blank()).count();
        let set = (count > MAX_TAGS).then_some(TagProblem::TooMany(count));
        let fine = set.is_none() && problems.iter().all(|(k, v)| k.is_none() && v.is_none());
        let tags = fine.then(|| {
            rows.iter().filter(|r| !r.is_blank()).map(|r| Tag { key: r.key.clone(), value: r.value.clone() }).collect()
        });
        TagsCheck { rows: problems, set, tags }
    }
}

/// What saving tags changes: CreateTags for `set`, DeleteTags for `removed`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagChanges {
    /// Tags added, or with a new value.
    pub set: Vec<Tag>,
    pub removed: Vec<Tag>,
}

impl TagChanges {
    pub fn between(before: &[Tag], after: &[Tag]) -> TagChanges {
        TagChanges {
            set: after.iter().filter(|t| !before.contains(t)).cloned().collect(),
            removed: before.iter().filter(|old| !after.iter().any(|t| t.key == old.key)).cloned().collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.removed.is_empty()
    }
}

/// The tags every one of `tag_sets` has, with the same value: what a form for several
/// resources at once shows and changes.
pub fn common_tags(tag_sets: &[Vec<Tag>]) -> Vec<Tag> {
    let Some((first, rest)) = tag_sets.split_first() else {
        return Vec::new();
    };
    first.iter().filter(|t| rest.iter().all(|set| set.contains(t))).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, value: &str) -> TagRow {
        TagRow { key: key.into(), value: value.into() }
    }

    fn tag(key: &str, value: &str) -> Tag {
        Tag { key: key.into(), value: value.into() }
    }

    #[test]
    fn the_tag_rules_of_ec2() {
        let rows = [
            row("Name", "web"),
            row("", "orphan value"),
            row(&"k".repeat(128), ""),
            row("aws:cloudformation", "x"),
            row("Name", "again"),
            row("big", &"v".repeat(257)),
            row("", ""),
        ];
        let check = TagsCheck::of(&rows);
        let keys: Vec<_> = check.rows.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(
            keys,
            [
                None,
                Some(TagProblem::KeyMissing),
                Some(TagProblem::KeyTooLong),
                Some(TagProblem::KeyReserved),
                Some(TagProblem::KeyDuplicate(1)),
                None,
                None
            ]
        );
        assert_eq!(check.rows[5].1, Some(TagProblem::ValueTooLong));
        assert_eq!(check.tags, None);
        let fine = TagsCheck::of(&[row("Name", "web"), row("", ""), row("env", "")]);
        assert_eq!(fine.tags, Some(vec![tag("Name", "web"), tag("env", "")]), "a blank row is skipped");
        let many: Vec<TagRow> = (0..51).map(|n| row(&format!("k{n}"), "")).collect();
        assert_eq!(TagsCheck::of(&many).set, Some(TagProblem::TooMany(51)));
    }

    #[test]
    fn changes_and_common_tags() {
        let before = [tag("Name", "web"), tag("env", "prod"), tag("team", "ops")];
        let after = [tag("Name", "web"), tag("env", "staging"), tag("cost", "42")];
        let changes = TagChanges::between(&before, &after);
        assert_eq!(changes.set, [tag("env", "staging"), tag("cost", "42")]);
        assert_eq!(changes.removed, [tag("team", "ops")]);
        assert!(TagChanges::between(&before, &before).is_empty());
        let common = common_tags(&[before.to_vec(), vec![tag("env", "prod"), tag("team", "dev")]]);
        assert_eq!(common, [tag("env", "prod")]);
    }
}
