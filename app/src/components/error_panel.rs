//! An error explained: what happened and what to do, in the reader's language, with EC2's code,
//! message and request id, and the console's own request id, for support.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::error::{AccountError, AppError, Ec2ErrorKind, Failure, PartlyApplied};
use crate::i18n::*;
use crate::model::{
    AccountProblem, Call, Direction, GroupProblem, GroupSetProblem, PickProblem, Problem, QuotaExceeded, Rule,
    RuleChanges, Step, TagChanges, TagProblem,
};
use crate::pages::labels;

#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let (code, message, ec2_request_id) = match &error.failure {
        Failure::Ec2(e) => (Some(e.code.clone()), Some(e.message.clone()), e.request_id.clone()),
        Failure::NotCreated(not) => {
            let e = &not.error;
            (Some(e.code.clone()), Some(e.message.clone()), e.request_id.clone())
        }
        Failure::NotMadeDefault { error: e, .. } => {
            (Some(e.code.clone()), Some(e.message.clone()), e.request_id.clone())
        }
        _ => (None, None, None),
    };
    let console_request_id = error.request_id.clone();
    let details = match &error.failure {
        Failure::RulesChanged(changes) => Some(EitherOf3::A(view! { <RulesMeanwhile changes=changes.clone() /> })),
        Failure::TagsChanged(changes) => Some(EitherOf3::B(view! { <TagsMeanwhile changes=changes.clone() /> })),
        Failure::PartlyApplied(partly) => Some(EitherOf3::C(view! { <PartlyMade partly=(**partly).clone() /> })),
        _ => None,
    };
    let texts = move || explain(&error, i18n.get_locale());
    view! {
        <section class="error-panel" role="alert" aria-labelledby="error-title">
            <h2 id="error-title">{tu_string!(i18n, errors.title)}</h2>
            <h3>{tu_string!(i18n, errors.what_happened)}</h3>
            <p>{{ let texts = texts.clone(); move || texts().0 }}</p>
            <h3>{tu_string!(i18n, errors.what_to_do)}</h3>
            <p>{move || texts().1}</p>
            {details}
            <dl class="error-facts">
                {code.map(|code| view! { <dt>{tu_string!(i18n, errors.code)}</dt><dd><code>{code}</code></dd> })}
                {ec2_request_id.map(|id| view! { <dt>{tu_string!(i18n, errors.ec2_request_id)}</dt><dd><code>{id}</code></dd> })}
                {console_request_id
                    .map(|id| view! { <dt>{tu_string!(i18n, errors.console_request_id)}</dt><dd><code>{id}</code></dd> })}
                {message.filter(|m| !m.is_empty()).map(|m| view! { <dt>{tu_string!(i18n, errors.ec2_message)}</dt><dd>{m}</dd> })}
            </dl>
        </section>
    }
}

/// What happened and what to do, in `locale`.
pub fn explain(error: &AppError, locale: Locale) -> (String, String) {
    use Ec2ErrorKind::*;
    macro_rules! texts {
        ($key:ident) => {
            (td_string!(locale, errors.$key.what).to_owned(), td_string!(locale, errors.$key.todo).to_owned())
        };
    }
    match &error.failure {
        Failure::UnknownRegion(region) => (
            td_string!(locale, errors.unknown_region.what, region = region),
            td_string!(locale, errors.unknown_region.todo).to_owned(),
        ),
        Failure::Transport(_) => texts!(transport),
        Failure::BadRequest(_) => texts!(bad_request),
        Failure::SignedOut => texts!(signed_out),
        Failure::Forbidden { needs } => (
            td_string!(locale, errors.forbidden.what, role = crate::pages::role_label(*needs, locale)),
            td_string!(locale, errors.forbidden.todo).to_owned(),
        ),
        Failure::CrossOrigin => texts!(cross_origin),
        Failure::FormProblems(count) => (
            td_string!(locale, errors.form_problems.what, count = count),
            td_string!(locale, errors.form_problems.todo).to_owned(),
        ),
        Failure::NothingToSave => texts!(nothing_to_save),
        Failure::NotConfirmed => texts!(not_confirmed),
        Failure::RulesChanged(_) => texts!(rules_changed),
        Failure::RulesGone(ids) => (
            td_string!(locale, errors.rules_gone.what, ids = ids.join(", ")),
            td_string!(locale, errors.rules_gone.todo).to_owned(),
        ),
        Failure::TagsChanged(_) => texts!(tags_changed),
        Failure::PartlyApplied(_) => texts!(partly_applied),
        Failure::NotCreated(not) if not.deleted => (
            td_string!(locale, errors.not_created.what, code = not.error.code.clone()),
            td_string!(locale, errors.not_created.todo).to_owned(),
        ),
        Failure::NotCreated(not) => (
            td_string!(locale, errors.not_created_left.what, id = not.group_id.clone(), code = not.error.code.clone()),
            td_string!(locale, errors.not_created_left.todo, id = not.group_id.clone()),
        ),
        Failure::AuditUnavailable(_) => texts!(audit_unavailable),
        Failure::GroupSet(problem) => (
            td_string!(locale, errors.group_set.what, problem = group_set_problem_text(problem, locale)),
            td_string!(locale, errors.group_set.todo).to_owned(),
        ),
        Failure::InstanceNotChangeable(state) => (
            td_string!(locale, errors.instance_not_changeable.what, state = state.clone()),
            td_string!(locale, errors.instance_not_changeable.todo).to_owned(),
        ),
        Failure::GroupsOnInterfaces => texts!(groups_on_interfaces),
        Failure::NotMadeDefault { version, .. } => (
            td_string!(locale, errors.not_made_default.what, version = *version),
            td_string!(locale, errors.not_made_default.todo, version = *version),
        ),
        Failure::Account(error) => match error {
            AccountError::UnknownUser(name) => (
                td_string!(locale, errors.unknown_user.what, name = name),
                td_string!(locale, errors.unknown_user.todo).to_owned(),
            ),
            AccountError::NameTaken(name) => (
                td_string!(locale, errors.name_taken.what, name = name),
                td_string!(locale, errors.name_taken.todo).to_owned(),
            ),
            AccountError::Invalid(AccountProblem::BadName) => texts!(bad_name),
            AccountError::Invalid(AccountProblem::PasswordEmpty) => texts!(password_empty),
            AccountError::Invalid(AccountProblem::PasswordShort) => texts!(password_short),
            AccountError::LastAdmin => texts!(last_admin),
            AccountError::Database(_) => texts!(database),
        },
        Failure::Ec2(e) => match e.kind {
            InvalidValue => texts!(invalid_value),
            MissingValue => texts!(missing_value),
            GroupDuplicate => texts!(group_duplicate),
            GroupNotFound => texts!(group_not_found),
            GroupIdMalformed => texts!(group_id_malformed),
            RuleDuplicate => texts!(rule_duplicate),
            RuleNotFound => texts!(rule_not_found),
            RuleLimit => texts!(rule_limit),
            GroupInUse => texts!(group_in_use),
            DefaultGroup => texts!(default_group),
            VpcNotFound => texts!(vpc_not_found),
            InstanceNotFound => texts!(instance_not_found),
            InstanceState => texts!(instance_state),
            GroupsPerInterface => texts!(groups_per_interface),
            PrefixListNotFound => texts!(prefix_list_not_found),
            NotAllowed => texts!(not_allowed),
            RegionDisabled => texts!(region_disabled),
            Credentials => texts!(credentials),
            Throttled => texts!(throttled),
            DryRun => texts!(dry_run),
            Unavailable => texts!(unavailable),
            Timeout => texts!(timeout),
            Unreachable => texts!(unreachable),
            Other => texts!(other),
        },
    }
}

/// Rules as a list named by `title`, or nothing when there are none.
fn rule_list(title: String, rules: Vec<Rule>) -> impl IntoView {
    let i18n = use_i18n();
    (!rules.is_empty()).then(|| {
        view! {
            <h4>{title}</h4>
            <ul>
                {rules
                    .into_iter()
                    .map(|rule| view! { <li>{move || labels::rule_summary(&rule, i18n.get_locale())}</li> })
                    .collect_view()}
            </ul>
        }
    })
}

/// What another person (or tab) changed since the editor was opened.
#[component]
fn RulesMeanwhile(changes: RuleChanges) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let changed: Vec<Rule> = changes.changed.iter().map(|c| c.after.clone()).collect();
    view! {
        <div class="error-details">
            {rule_list(td_string!(locale, errors.meanwhile_added).to_owned(), changes.added)}
            {rule_list(td_string!(locale, errors.meanwhile_changed).to_owned(), changed)}
            {rule_list(td_string!(locale, errors.meanwhile_removed).to_owned(), changes.removed)}
        </div>
    }
}

#[component]
fn TagsMeanwhile(changes: TagChanges) -> impl IntoView {
    let i18n = use_i18n();
    let tags =
        changes.set.iter().chain(&changes.removed).map(|t| format!("{} = {}", t.key, t.value)).collect::<Vec<_>>();
    view! {
        <div class="error-details">
            <h4>{tu_string!(i18n, errors.meanwhile_tags)}</h4>
            <ul>{tags.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
        </div>
    }
}

/// A save that stopped part way: each call made, the one that failed, those not made, and the
/// rules as they are now.
#[component]
fn PartlyMade(partly: PartlyApplied) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let steps = |title: String, steps: Vec<Step>| {
        (!steps.is_empty()).then(|| {
            view! {
                <h4>{title}</h4>
                <ul>
                    {steps
                        .into_iter()
                        .map(|step| {
                            let call = call_label(step.call, locale);
                            let rules = step.rules.iter().map(|r| labels::rule_summary(r, locale)).collect::<Vec<_>>();
                            view! { <li>{call}<ul>{rules.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul></li> }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };
    let PartlyApplied { done, failed, not_done, rules_now, .. } = partly;
    view! {
        <div class="error-details">
            {steps(td_string!(locale, errors.partly_done).to_owned(), done)}
            {steps(td_string!(locale, errors.partly_failed).to_owned(), vec![failed])}
            {steps(td_string!(locale, errors.partly_not_done).to_owned(), not_done)}
            {match rules_now {
                Some(rules) if rules.is_empty() => EitherOf3::A(view! { <h4>{tu_string!(i18n, errors.rules_now)}</h4><p>{tu_string!(i18n, errors.rules_now_none)}</p> }),
                Some(rules) => EitherOf3::B(rule_list(td_string!(locale, errors.rules_now).to_owned(), rules)),
                None => EitherOf3::C(view! { <p>{tu_string!(i18n, errors.rules_now_unknown)}</p> }),
            }}
        </div>
    }
}

fn call_label(call: Call, locale: Locale) -> &'static str {
    match call {
        Call::Revoke => td_string!(locale, errors.call_revoke),
        Call::UpdateDescriptions => td_string!(locale, errors.call_descriptions),
        Call::Modify => td_string!(locale, errors.call_modify),
        Call::Authorize => td_string!(locale, errors.call_authorize),
    }
}

/// What to fix in a rule editor's field, in `locale`.
pub fn rule_problem_text(problem: &Problem, direction: Direction, locale: Locale) -> String {
    let peer = match direction {
        Direction::Inbound => td_string!(locale, editor.source),
        Direction::Outbound => td_string!(locale, editor.destination),
    };
    match problem {
        Problem::KindUnknown => td_string!(locale, problems.kind_unknown).to_owned(),
        Problem::ProtocolInvalid => td_string!(locale, problems.protocol_invalid).to_owned(),
        Problem::ProtocolHasKind => td_string!(locale, problems.protocol_has_kind).to_owned(),
        Problem::PortsMissing => td_string!(locale, problems.ports_missing).to_owned(),
        Problem::PortsInvalid => td_string!(locale, problems.ports_invalid).to_owned(),
        Problem::PortOutOfRange => td_string!(locale, problems.port_out_of_range).to_owned(),
        Problem::PortsReversed => td_string!(locale, problems.ports_reversed).to_owned(),
        Problem::IcmpTypeInvalid => td_string!(locale, problems.icmp_type_invalid).to_owned(),
        Problem::IcmpCodeInvalid => td_string!(locale, problems.icmp_code_invalid).to_owned(),
        Problem::PeerMissing => td_string!(locale, problems.peer_missing, field = peer),
        Problem::CidrInvalid => td_string!(locale, problems.cidr_invalid).to_owned(),
        Problem::PeerUnknown => td_string!(locale, problems.peer_unknown).to_owned(),
        Problem::PeerAmbiguous => td_string!(locale, problems.peer_ambiguous).to_owned(),
        Problem::GroupUnknown => td_string!(locale, problems.group_unknown).to_owned(),
        Problem::PrefixListUnknown => td_string!(locale, problems.prefix_list_unknown).to_owned(),
        Problem::MyIpUnknown => td_string!(locale, problems.my_ip_unknown).to_owned(),
        Problem::DescriptionTooLong => td_string!(locale, problems.description_too_long).to_owned(),
        Problem::DescriptionChar(c) => td_string!(locale, problems.description_char, character = c),
        Problem::DescriptionAmpersand => td_string!(locale, problems.description_ampersand).to_owned(),
        Problem::Duplicate(n) => td_string!(locale, problems.duplicate, n = n),
    }
}

/// What is wrong with a new account's name or password, under its field.
pub fn account_problem_text(problem: AccountProblem, locale: Locale) -> &'static str {
    match problem {
        AccountProblem::BadName => td_string!(locale, errors.bad_name.what),
        AccountProblem::PasswordEmpty => td_string!(locale, errors.password_empty.what),
        AccountProblem::PasswordShort => td_string!(locale, errors.password_short.what),
    }
}

/// What to fix when a direction has more rules than EC2's quota, in `locale`.
pub fn quota_text(quota: QuotaExceeded, locale: Locale) -> String {
    let family = if quota.ipv6 { "IPv6" } else { "IPv4" };
    td_string!(locale, problems.quota, family = family, count = quota.count, limit = crate::model::RULES_PER_DIRECTION)
}

/// What to fix in a tag row, in `locale`.
pub fn tag_problem_text(problem: &TagProblem, locale: Locale) -> String {
    match problem {
        TagProblem::KeyMissing => td_string!(locale, problems.tag_key_missing).to_owned(),
        TagProblem::KeyTooLong => td_string!(locale, problems.tag_key_too_long).to_owned(),
        TagProblem::KeyReserved => td_string!(locale, problems.tag_key_reserved).to_owned(),
        TagProblem::ValueTooLong => td_string!(locale, problems.tag_value_too_long).to_owned(),
        TagProblem::KeyDuplicate(n) => td_string!(locale, problems.tag_key_duplicate, n = n),
        TagProblem::TooMany(count) => td_string!(locale, problems.tag_too_many, count = count),
    }
}

/// A problem of the group form's own fields in words, in `locale`.
pub fn group_problem_text(problem: GroupProblem, locale: Locale) -> String {
    match problem {
        GroupProblem::NameMissing => td_string!(locale, problems.group_name_missing).to_owned(),
        GroupProblem::NameTooLong => td_string!(locale, problems.group_name_too_long).to_owned(),
        GroupProblem::NameChar(c) => td_string!(locale, problems.group_name_char, character = c),
        GroupProblem::NameSgPrefix => td_string!(locale, problems.group_name_sg_prefix).to_owned(),
        GroupProblem::DescriptionMissing => td_string!(locale, problems.group_description_missing).to_owned(),
        GroupProblem::DescriptionTooLong => td_string!(locale, problems.description_too_long).to_owned(),
        GroupProblem::DescriptionChar(c) => td_string!(locale, problems.description_char, character = c),
        GroupProblem::VpcMissing => td_string!(locale, problems.vpc_missing).to_owned(),
    }
}

pub fn group_set_problem_text(problem: &GroupSetProblem, locale: Locale) -> String {
    match problem {
        GroupSetProblem::Empty => td_string!(locale, problems.group_set_empty).to_owned(),
        GroupSetProblem::TooMany(count) => td_string!(locale, problems.group_set_too_many, count = *count),
        GroupSetProblem::NotAvailable(group) => {
            td_string!(locale, problems.group_set_not_available, group = group.clone())
        }
        GroupSetProblem::SeveralVpcs => td_string!(locale, problems.group_set_several_vpcs).to_owned(),
    }
}

pub fn pick_problem_text(problem: &PickProblem, locale: Locale) -> String {
    match problem {
        PickProblem::NotFound(typed) => td_string!(locale, problems.pick_not_found, typed = typed.clone()),
        PickProblem::AlreadyChosen(group) => td_string!(locale, problems.pick_already, group = group.clone()),
    }
}
