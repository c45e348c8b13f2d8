//! (ssr) Changes to groups (created, deleted), their rules and tags, each through the guard:
//! the group is read fresh from EC2, the edit is checked against what EC2 holds now (never a
//! cached copy), and the fewest calls make it.

use std::collections::BTreeMap;

use crate::ec2::Ec2Writer;
use crate::error::{AppError, Ec2Error, Failure, NotCreated, PartlyApplied};
use crate::guard::{Caller, Guard};
use crate::model::{
    Action, Call, DeleteCheck, DeleteOutcome, Direction, GroupForm, GroupFormCheck, Peers, ReferencingRule, Rule,
    RuleChanges, RuleRow, RulesCheck, SecurityGroup, Step, Tag, TagChanges, TagRow, TagsCheck, Vpc, common_tags,
    default_outbound, naming_new_group,
};

/// A group read fresh, with its VPC and what `rows` may name (the caller's address for "My IP"
/// included; see [`RegionEc2::peers`](crate::ec2::RegionEc2::peers)). Without `rows`, the rows
/// of the group's own rules.
pub async fn read_for_edit(
    caller: &Caller,
    region: &str,
    group_id: &str,
    rows: Option<&[RuleRow]>,
) -> Result<(SecurityGroup, Option<Vpc>, Peers), AppError> {
    let read = async {
        let ec2 = crate::api::region_ec2(region)?;
        let (group, vpc) = ec2.security_group(group_id).await?;
        let own: Vec<RuleRow>;
        let rows = match rows {
            Some(rows) => rows,
            None => {
                own = group.inbound.iter().chain(&group.outbound).map(RuleRow::from_rule).collect();
                &own
            }
        };
        let mut peers = ec2.peers(&group, rows).await?;
        peers.my_ip = caller.address.parse().ok();
        Ok::<_, AppError>((group, vpc, peers))
    };
    read.await.map_err(|error| crate::api::failed(error, region, "reading a group to change"))
}

/// A group read fresh from EC2, with its rules' ids and tags.
async fn read_group(region: &str, group_id: &str) -> Result<SecurityGroup, AppError> {
    let read = async { Ok::<_, AppError>(crate::api::region_ec2(region)?.security_group(group_id).await?.0) };
    read.await.map_err(|error| crate::api::failed(error, region, "reading a group to change"))
}

/// Saves the rule editor's `rows` as `direction`'s rules of the group, which the editor opened
/// as `opened`. Refused when the rules changed since; reported exactly when a call fails after
/// others were made.
pub async fn save_rules(
    guard: Guard,
    region: &str,
    group_id: &str,
    direction: Direction,
    opened: &[Rule],
    rows: &[RuleRow],
) -> Result<RuleChanges, AppError> {
    guard.check(Action::RulesEdit).await?;
    let (group, _, peers) = read_for_edit(guard.caller(), region, group_id, Some(rows)).await?;
    let check = RulesCheck::of(rows, &peers);
    let Some(edited) = check.rules else {
        let problems = check.rows_with_problems() + usize::from(check.quota.is_some());
        return Err(crate::api::refused(Failure::FormProblems(problems)));
    };
    let current = group.rules(direction);
    let meanwhile = RuleChanges::between(opened, current);
    if !meanwhile.is_empty() {
        return Err(crate::api::refused(Failure::RulesChanged(meanwhile)));
    }
    let changes = RuleChanges::between(current, &edited);
    if changes.is_empty() {
        return Err(crate::api::refused(Failure::NothingToSave));
    }
    let record = serde_json::json!({ "direction": direction, "changes": changes });
    guard
        .change(Action::RulesEdit, Some(region.to_owned()), vec![group_id.to_owned()], record, async |w| {
            let ec2 = w.ec2(region)?;
            make(&ec2, region, group_id, direction, changes.plan().steps()).await
        })
        .await?;
    Ok(changes)
}

/// Makes `steps` in order. When one fails after others were made, the error says exactly which
/// were made and which not, with the rules as they are now.
async fn make(
    ec2: &Ec2Writer,
    region: &str,
    group_id: &str,
    direction: Direction,
    steps: Vec<Step>,
) -> Result<(), AppError> {
    let mut steps = steps.into_iter();
    let mut done = Vec::new();
    while let Some(step) = steps.next() {
        let made = match step.call {
            Call::Revoke => ec2.revoke(group_id, direction, &step.rules).await,
            Call::UpdateDescriptions => ec2.update_descriptions(group_id, direction, &step.rules).await,
            Call::Modify => ec2.modify(group_id, &step.rules).await,
            Call::Authorize => ec2.authorize(group_id, direction, &step.rules).await.map(|_| ()),
        };
        let Err(error) = made else {
            done.push(step);
            continue;
        };
        if done.is_empty() {
            return Err(error.into());
        }
        let rules_now = match crate::api::region_ec2(region)?.security_group(group_id).await {
            Ok((group, _)) => Some(group.rules(direction).to_vec()),
            Err(read) => {
                tracing::error!(region, group_id, %read, "the rules could not be read after a failed save");
                None
            }
        };
        let partly = PartlyApplied { done, failed: step, not_done: steps.collect(), error, rules_now };
        return Err(Failure::PartlyApplied(Box::new(partly)).into());
    }
    Ok(())
}

/// Deletes the rules with `rule_ids` from `direction` of the group, in one call.
pub async fn delete_rules(
    guard: Guard,
    region: &str,
    group_id: &str,
    direction: Direction,
    rule_ids: &[String],
) -> Result<Vec<Rule>, AppError> {
    guard.check(Action::RulesDelete).await?;
    let group = read_group(region, group_id).await?;
    let (chosen, gone) = group.chosen_rules(Some(direction), rule_ids);
    refuse_gone(gone)?;
    if chosen.is_empty() {
        return Err(crate::api::refused(Failure::NothingToSave));
    }
    let record = serde_json::json!({ "direction": direction, "removed": chosen });
    guard
        .change(Action::RulesDelete, Some(region.to_owned()), vec![group_id.to_owned()], record, async |w| {
            Ok(w.ec2(region)?.revoke(group_id, direction, &chosen).await?)
        })
        .await?;
    Ok(chosen)
}

/// Refuses a change to chosen rules of which some are gone (removed meanwhile).
fn refuse_gone(gone: Vec<String>) -> Result<(), AppError> {
    if gone.is_empty() { Ok(()) } else { Err(crate::api::refused(Failure::RulesGone(gone))) }
}

/// Saves tag `rows` on the group, or on its rules `rule_ids` (the tags they all share, which
/// the form opened as `opened`). Removed tags go first; if adding the others then fails, the
/// removed ones are put back, so that the change is made whole or not at all.
pub async fn save_tags(
    guard: Guard,
    region: &str,
    group_id: &str,
    rule_ids: &[String],
    opened: &[Tag],
    rows: &[TagRow],
) -> Result<TagChanges, AppError> {
    guard.check(Action::TagsEdit).await?;
    let group = read_group(region, group_id).await?;
    let (resources, current) = tag_target(&group, rule_ids)?;
    let check = TagsCheck::of(rows);
    let Some(tags) = check.tags else {
        let problems = check.rows.iter().filter(|(k, v)| k.is_some() || v.is_some()).count();
        return Err(crate::api::refused(Failure::FormProblems(problems + usize::from(check.set.is_some()))));
    };
    let meanwhile = TagChanges::between(opened, &current);
    if !meanwhile.is_empty() {
        return Err(crate::api::refused(Failure::TagsChanged(meanwhile)));
    }
    let changes = TagChanges::between(&current, &tags);
    if changes.is_empty() {
        return Err(crate::api::refused(Failure::NothingToSave));
    }
    let record = serde_json::json!({ "before": current, "after": tags });
    // The group first, so that the Activity page's group filter finds its rules' tags too.
    let mut targets = vec![group_id.to_owned()];
    targets.extend(rule_ids.iter().cloned());
    guard
        .change(Action::TagsEdit, Some(region.to_owned()), targets, record, async |w| {
            let ec2 = w.ec2(region)?;
            if !changes.removed.is_empty() {
                ec2.delete_tags(&resources, &changes.removed).await?;
            }
            if changes.set.is_empty() {
                return Ok(());
            }
            let Err(mut error) = ec2.create_tags(&resources, &changes.set).await else {
                return Ok(());
            };
            if !changes.removed.is_empty()
                && let Err(undo) = ec2.create_tags(&resources, &changes.removed).await
            {
                let keys: Vec<&str> = changes.removed.iter().map(|t| t.key.as_str()).collect();
                error.message = format!(
                    "{}; the tags removed before it ({}) could not be put back: {}",
                    error.message,
                    keys.join(", "),
                    undo.message
                );
            }
            Err(error.into())
        })
        .await?;
    Ok(changes)
}

/// What a tag form changes: the group, or the chosen rules (all of the group's, else refused),
/// with the tags they all have.
fn tag_target(group: &SecurityGroup, rule_ids: &[String]) -> Result<(Vec<String>, Vec<Tag>), AppError> {
    if rule_ids.is_empty() {
        return Ok((vec![group.id.clone()], group.tags.clone()));
    }
    let (rules, gone) = group.chosen_rules(None, rule_ids);
    refuse_gone(gone)?;
    let sets: Vec<Vec<Tag>> = rules.iter().map(|r| r.tags.clone()).collect();
    Ok((rule_ids.to_vec(), common_tags(&sets)))
}

/// Creates the group of `form` in `region`, all or nothing: CreateSecurityGroup with the tags in
/// the same call, then one AuthorizeIngress if there are inbound rules, one RevokeEgress only if
/// a default outbound rule was removed, one AuthorizeEgress only if outbound rules were added.
/// If a call after the first fails, the group is deleted again and the error says what failed.
/// Whether the name is taken is EC2's answer (`InvalidGroup.Duplicate`): no read before.
pub async fn create_group(guard: Guard, region: &str, form: &GroupForm) -> Result<String, AppError> {
    guard.check(Action::GroupCreate).await?;
    let vpc_id = form.vpc_id.trim();
    let rows: Vec<RuleRow> = form.inbound.iter().chain(&form.outbound).cloned().collect();
    let read = async {
        let ec2 = crate::api::region_ec2(region)?;
        let vpc = ec2.vpcs().await?.into_iter().find(|v| v.id == vpc_id);
        let mut peers = ec2.peers_in(vpc_id, std::iter::empty(), &rows).await?;
        peers.my_ip = guard.caller().address.parse().ok();
        Ok::<_, AppError>((vpc, peers))
    };
    let (vpc, peers) =
        read.await.map_err(|error| crate::api::failed(error, region, "reading a VPC for a new group"))?;
    let check = GroupFormCheck::of(form, &peers);
    let problems = check.problems() + usize::from(vpc.is_none() && check.vpc.is_none());
    let (Some(vpc), Some(inbound), Some(outbound), Some(tags), 0) =
        (vpc, check.inbound.rules, check.outbound.rules, check.tags.tags, problems)
    else {
        return Err(crate::api::refused(Failure::FormProblems(problems.max(1))));
    };
    let defaults = default_outbound(vpc.ipv6);
    let removed_defaults: Vec<Rule> =
        defaults.iter().filter(|d| !outbound.iter().any(|r| r.same_rule(d))).cloned().collect();
    let added_outbound: Vec<Rule> =
        outbound.iter().filter(|r| !defaults.iter().any(|d| d.same_rule(r))).cloned().collect();
    let (name, description) = (form.name.trim(), form.description.trim());
    let record = serde_json::json!({
        "after": { "name": name, "description": description, "vpc": vpc.id, "inbound": inbound, "outbound": outbound, "tags": tags },
    });
    guard
        .change(Action::GroupCreate, Some(region.to_owned()), vec![name.to_owned()], record, async |w| {
            let ec2 = w.ec2(region)?;
            let id = ec2.create_group(name, description, &vpc.id, &tags).await?;
            let finish = async {
                if !inbound.is_empty() {
                    ec2.authorize(&id, Direction::Inbound, &naming_new_group(&inbound, &id)).await?;
                }
                if !removed_defaults.is_empty() {
                    ec2.revoke_matching(&id, Direction::Outbound, &removed_defaults).await?;
                }
                if !added_outbound.is_empty() {
                    ec2.authorize(&id, Direction::Outbound, &naming_new_group(&added_outbound, &id)).await?;
                }
                Ok::<_, Ec2Error>(())
            };
            match finish.await {
                Ok(()) => Ok(id),
                Err(error) => {
                    let deleted = match ec2.delete_group(&id).await {
                        Ok(()) => true,
                        Err(undo) => {
                            tracing::error!(region, group_id = id, %undo, "an unfinished new group could not be deleted");
                            false
                        }
                    };
                    Err(Failure::NotCreated(Box::new(NotCreated { error, group_id: id, deleted })).into())
                }
            }
        })
        .await
}

/// The checks before deleting `group_ids`: each group with what blocks it.
pub async fn delete_checks(region: &str, group_ids: &[String]) -> Result<Vec<DeleteCheck>, AppError> {
    let read = async {
        let ec2 = crate::api::region_ec2(region)?;
        let groups = futures::future::try_join_all(group_ids.iter().map(|id| ec2.security_group(id)));
        let (groups, usages) = futures::try_join!(groups, ec2.usages(group_ids))?;
        Ok::<_, AppError>(groups.iter().zip(usages).map(|((group, _), usage)| DeleteCheck::of(group, usage)).collect())
    };
    read.await.map_err(|error| crate::api::failed(error, region, "checking groups to delete"))
}

/// Deletes one group (admins), each its own audit entry. With `fix`, a group blocked only by
/// rules that name it has those rules revoked first (one call per group and direction); if the
/// delete then fails, the outcome says what was revoked.
pub async fn delete_group(guard: Guard, region: &str, check: &DeleteCheck, fix: bool) -> DeleteOutcome {
    let revoke: Vec<ReferencingRule> =
        if fix && check.fixable() { check.referencing_rules().to_vec() } else { Vec::new() };
    let mut by_group: BTreeMap<(String, Direction), Vec<Rule>> = BTreeMap::new();
    for r in &revoke {
        by_group.entry((r.group_id.clone(), r.direction)).or_default().push(r.rule.clone());
    }
    let record = serde_json::json!({ "name": check.name, "revoke": revoke });
    let mut revoked = Vec::new();
    let made = guard
        .change(Action::GroupDelete, Some(region.to_owned()), vec![check.id.clone()], record, async |w| {
            let ec2 = w.ec2(region)?;
            for ((group_id, direction), rules) in &by_group {
                ec2.revoke(group_id, *direction, rules).await?;
                revoked.extend(rules.iter().filter_map(|r| r.id.clone()));
            }
            Ok(ec2.delete_group(&check.id).await?)
        })
        .await;
    DeleteOutcome {
        id: check.id.clone(),
        name: check.name.clone(),
        revoked,
        failed: made.err().map(|error| error.failure.code()),
    }
}
