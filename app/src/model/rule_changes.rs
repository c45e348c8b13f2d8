//! What an edit of a direction's rules changes, and the fewest EC2 calls that make it.

use serde::{Deserialize, Serialize};

use super::Rule;

/// A rule edited: as it was and as it will be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleChange {
    pub before: Rule,
    pub after: Rule,
}

/// How EC2 makes a [`RuleChange`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeHow {
    /// Only the description: UpdateSecurityGroupRuleDescriptions (or, with other changes, the
    /// same ModifySecurityGroupRules call).
    Description,
    /// ModifySecurityGroupRules: the rule keeps its id and tags.
    InPlace,
    /// Another kind of peer, which ModifySecurityGroupRules cannot express: the rule is revoked
    /// and a new one authorized (a new id, without the old rule's tags).
    Replace,
}

impl RuleChange {
    pub fn how(&self) -> ChangeHow {
        if self.before.same_rule(&self.after) {
            ChangeHow::Description
        } else if self.before.peer.same_kind(&self.after.peer) {
            ChangeHow::InPlace
        } else {
            ChangeHow::Replace
        }
    }
}

/// The difference between a direction's rules before and after an edit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleChanges {
    pub added: Vec<Rule>,
    pub changed: Vec<RuleChange>,
    pub removed: Vec<Rule>,
}

impl RuleChanges {
    /// Matches rules by id: a rule of `after` with the id of one of `before` edits it, one
    /// without an id (or with an id `before` does not have) is new, and a rule of `before` whose
    /// id is gone is removed.
    pub fn between(before: &[Rule], after: &[Rule]) -> RuleChanges {
        let mut changes = RuleChanges::default();
        let earlier =
            |id: &Option<String>| id.as_ref().and_then(|id| before.iter().find(|b| b.id.as_ref() == Some(id)));
        for rule in after {
            match earlier(&rule.id) {
                Some(old) if old.same_as_stored(rule) => {}
                Some(old) => changes
                    .changed
                    .push(RuleChange { before: old.clone(), after: Rule { tags: old.tags.clone(), ..rule.clone() } }),
                None => changes.added.push(Rule { id: None, ..rule.clone() }),
            }
        }
        changes.removed = before
            .iter()
            .filter(|old| !after.iter().any(|rule| rule.id.is_some() && rule.id == old.id))
            .cloned()
            .collect();
        changes
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// The calls, each kind at most once.
    pub fn plan(&self) -> SavePlan {
        let mut plan = SavePlan::default();
        plan.revoke.extend(self.removed.iter().cloned());
        plan.authorize.extend(self.added.iter().cloned());
        let mut descriptions = Vec::new();
        for change in &self.changed {
            match change.how() {
                ChangeHow::Description => descriptions.push(change.after.clone()),
                ChangeHow::InPlace => plan.modify.push(change.after.clone()),
                ChangeHow::Replace => {
                    plan.revoke.push(change.before.clone());
                    plan.authorize.push(Rule { id: None, tags: Vec::new(), ..change.after.clone() });
                }
            }
        }
        // With a Modify call anyway, it carries the new descriptions too: one call fewer.
        if plan.modify.is_empty() {
            plan.descriptions = descriptions;
        } else {
            plan.modify.extend(descriptions);
        }
        plan
    }
}

/// The EC2 calls that save a [`RuleChanges`], in the order they are made: revoking first frees
/// quota and lets an edited rule take a removed one's place; authorizing last lets a new rule
/// take the old form of one modified in place.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavePlan {
    /// RevokeSecurityGroupIngress/Egress by rule ids.
    pub revoke: Vec<Rule>,
    /// UpdateSecurityGroupRuleDescriptionsIngress/Egress by rule ids.
    pub descriptions: Vec<Rule>,
    /// ModifySecurityGroupRules: each rule with its id.
    pub modify: Vec<Rule>,
    /// AuthorizeSecurityGroupIngress/Egress.
    pub authorize: Vec<Rule>,
}

/// One EC2 call of a save.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Call {
    Revoke,
    UpdateDescriptions,
    Modify,
    Authorize,
}

/// One call of a save with the rules it carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub call: Call,
    pub rules: Vec<Rule>,
}

impl SavePlan {
    /// The calls to make, in order, leaving out those with nothing to do.
    pub fn steps(self) -> Vec<Step> {
        [
            (Call::Revoke, self.revoke),
            (Call::UpdateDescriptions, self.descriptions),
            (Call::Modify, self.modify),
            (Call::Authorize, self.authorize),
        ]
        .into_iter()
        .filter(|(_, rules)| !rules.is_empty())
        .map(|(call, rules)| Step { call, rules })
        .collect()
    }
}

impl std::fmt::Display for Step {
    /// For the audit log: `Revoke sgr-1, sgr-2` or `Authorize 2 rules`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.rules.iter().filter_map(|r| r.id.as_deref()).collect();
        if ids.len() == self.rules.len() {
            write!(f, "{:?} {}", self.call, ids.join(", "))
        } else {
            write!(f, "{:?} {} rules", self.call, self.rules.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Peer, Protocol, Tag};

    fn rule(id: Option<&str>, port: i32, peer: Peer) -> Rule {
        Rule {
            id: id.map(str::to_owned),
            protocol: Protocol::Tcp,
            from_port: port,
            to_port: port,
            peer,
            description: None,
            tags: Vec::new(),
        }
    }

    fn v4(cidr: &str) -> Peer {
        Peer::Ipv4(cidr.into())
    }

    #[test]
    fn every_kind_of_change() {
        let tagged = vec![Tag { key: "owner".into(), value: "ops".into() }];
        let before = vec![
            Rule { tags: tagged.clone(), ..rule(Some("sgr-1"), 22, v4("10.0.0.0/8")) },
            rule(Some("sgr-2"), 80, v4("0.0.0.0/0")),
            rule(Some("sgr-3"), 443, v4("0.0.0.0/0")),
            rule(Some("sgr-4"), 5432, v4("10.0.0.0/8")),
            rule(Some("sgr-5"), 8080, v4("10.0.0.0/8")),
        ];
        let group = Peer::Group { id: "sg-1".into(), name: None, owner: None };
        let after = vec![
            rule(Some("sgr-1"), 2222, v4("10.0.0.0/8")), // port: in place
            Rule { description: Some("web".into()), ..rule(Some("sgr-2"), 80, v4("0.0.0.0/0")) }, // description
            rule(Some("sgr-3"), 443, v4("0.0.0.0/0")),   // unchanged
            rule(Some("sgr-4"), 5432, group.clone()),    // peer kind: replace
            rule(None, 3306, v4("10.0.0.0/8")),          // added
        ];
        let changes = RuleChanges::between(&before, &after);
        assert_eq!(changes.added, [rule(None, 3306, v4("10.0.0.0/8"))]);
        assert_eq!(changes.removed, [rule(Some("sgr-5"), 8080, v4("10.0.0.0/8"))]);
        let hows: Vec<_> = changes.changed.iter().map(|c| (c.before.id.clone().unwrap_or_default(), c.how())).collect();
        assert_eq!(
            hows,
            [
                ("sgr-1".into(), ChangeHow::InPlace),
                ("sgr-2".into(), ChangeHow::Description),
                ("sgr-4".into(), ChangeHow::Replace)
            ]
        );
        assert_eq!(changes.changed[0].after.tags, tagged, "a rule changed in place keeps its tags");

        let plan = changes.plan();
        let ids = |rules: &[Rule]| rules.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&plan.revoke), [Some("sgr-5".into()), Some("sgr-4".into())]);
        assert_eq!(ids(&plan.modify), [Some("sgr-1".into()), Some("sgr-2".into())], "the description rides along");
        assert!(plan.descriptions.is_empty());
        assert_eq!(plan.authorize, [rule(None, 3306, v4("10.0.0.0/8")), rule(None, 5432, group)]);
    }

    #[test]
    fn descriptions_alone_use_their_own_call() {
        let before = vec![rule(Some("sgr-1"), 22, v4("10.0.0.0/8"))];
        let after = vec![Rule { description: Some("bastion".into()), ..before[0].clone() }];
        let plan = RuleChanges::between(&before, &after).plan();
        assert_eq!(plan.descriptions, after);
        assert!(plan.modify.is_empty() && plan.revoke.is_empty() && plan.authorize.is_empty());
    }

    #[test]
    fn nothing_changed_and_everything_removed() {
        let before = vec![rule(Some("sgr-1"), 22, v4("10.0.0.0/8"))];
        assert!(RuleChanges::between(&before, &before).is_empty());
        // Names are the console's, not EC2's: a group named now and not before is the same rule.
        let removed = RuleChanges::between(&before, &[]);
        assert_eq!(removed.removed, before);
        // A row claiming an id the group does not have is a new rule.
        let forged = RuleChanges::between(&before, &[rule(Some("sgr-9"), 22, v4("10.0.0.0/8")), before[0].clone()]);
        assert_eq!(forged.added, [rule(None, 22, v4("10.0.0.0/8"))]);
    }
}
