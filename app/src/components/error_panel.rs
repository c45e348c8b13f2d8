//! An error explained: what happened and what to do, in the reader's language, with EC2's code,
//! message and request id for support.

use leptos::prelude::*;

use crate::error::{AppError, Ec2ErrorKind};
use crate::i18n::*;

#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let (code, message, request_id) = match &error {
        AppError::Ec2(e) => (Some(e.code.clone()), Some(e.message.clone()), e.request_id.clone()),
        _ => (None, None, None),
    };
    let texts = move || explain(&error, i18n.get_locale());
    view! {
        <section class="error-panel" role="alert" aria-labelledby="error-title">
            <h2 id="error-title">{t!(i18n, errors.title)}</h2>
            <h3>{t!(i18n, errors.what_happened)}</h3>
            <p>{{ let texts = texts.clone(); move || texts().0 }}</p>
            <h3>{t!(i18n, errors.what_to_do)}</h3>
            <p>{move || texts().1}</p>
            <dl class="error-facts">
                {code.map(|code| view! { <dt>{t!(i18n, errors.code)}</dt><dd><code>{code}</code></dd> })}
                {request_id.map(|id| view! { <dt>{t!(i18n, errors.request_id)}</dt><dd><code>{id}</code></dd> })}
                {message.filter(|m| !m.is_empty()).map(|m| view! { <dt>{t!(i18n, errors.ec2_message)}</dt><dd>{m}</dd> })}
            </dl>
        </section>
    }
}

/// What happened and what to do, in `locale`.
pub fn explain(error: &AppError, locale: Locale) -> (String, String) {
    use Ec2ErrorKind::*;
    let pair = |what: &str, todo: &str| (what.to_owned(), todo.to_owned());
    match error {
        AppError::UnknownRegion(region) => (
            td_string!(locale, errors.unknown_region.what, region = region),
            td_string!(locale, errors.unknown_region.todo).to_owned(),
        ),
        AppError::Transport(_) => {
            pair(td_string!(locale, errors.transport.what), td_string!(locale, errors.transport.todo))
        }
        AppError::Ec2(e) => match e.kind {
            InvalidValue => {
                pair(td_string!(locale, errors.invalid_value.what), td_string!(locale, errors.invalid_value.todo))
            }
            MissingValue => {
                pair(td_string!(locale, errors.missing_value.what), td_string!(locale, errors.missing_value.todo))
            }
            GroupDuplicate => {
                pair(td_string!(locale, errors.group_duplicate.what), td_string!(locale, errors.group_duplicate.todo))
            }
            GroupNotFound => {
                pair(td_string!(locale, errors.group_not_found.what), td_string!(locale, errors.group_not_found.todo))
            }
            GroupIdMalformed => pair(
                td_string!(locale, errors.group_id_malformed.what),
                td_string!(locale, errors.group_id_malformed.todo),
            ),
            RuleDuplicate => {
                pair(td_string!(locale, errors.rule_duplicate.what), td_string!(locale, errors.rule_duplicate.todo))
            }
            RuleNotFound => {
                pair(td_string!(locale, errors.rule_not_found.what), td_string!(locale, errors.rule_not_found.todo))
            }
            RuleLimit => pair(td_string!(locale, errors.rule_limit.what), td_string!(locale, errors.rule_limit.todo)),
            GroupInUse => {
                pair(td_string!(locale, errors.group_in_use.what), td_string!(locale, errors.group_in_use.todo))
            }
            DefaultGroup => {
                pair(td_string!(locale, errors.default_group.what), td_string!(locale, errors.default_group.todo))
            }
            VpcNotFound => {
                pair(td_string!(locale, errors.vpc_not_found.what), td_string!(locale, errors.vpc_not_found.todo))
            }
            InstanceNotFound => pair(
                td_string!(locale, errors.instance_not_found.what),
                td_string!(locale, errors.instance_not_found.todo),
            ),
            InstanceState => {
                pair(td_string!(locale, errors.instance_state.what), td_string!(locale, errors.instance_state.todo))
            }
            GroupsPerInterface => pair(
                td_string!(locale, errors.groups_per_interface.what),
                td_string!(locale, errors.groups_per_interface.todo),
            ),
            PrefixListNotFound => pair(
                td_string!(locale, errors.prefix_list_not_found.what),
                td_string!(locale, errors.prefix_list_not_found.todo),
            ),
            NotAllowed => {
                pair(td_string!(locale, errors.not_allowed.what), td_string!(locale, errors.not_allowed.todo))
            }
            RegionDisabled => {
                pair(td_string!(locale, errors.region_disabled.what), td_string!(locale, errors.region_disabled.todo))
            }
            Credentials => {
                pair(td_string!(locale, errors.credentials.what), td_string!(locale, errors.credentials.todo))
            }
            Throttled => pair(td_string!(locale, errors.throttled.what), td_string!(locale, errors.throttled.todo)),
            DryRun => pair(td_string!(locale, errors.dry_run.what), td_string!(locale, errors.dry_run.todo)),
            Unavailable => {
                pair(td_string!(locale, errors.unavailable.what), td_string!(locale, errors.unavailable.todo))
            }
            Timeout => pair(td_string!(locale, errors.timeout.what), td_string!(locale, errors.timeout.todo)),
            Unreachable => {
                pair(td_string!(locale, errors.unreachable.what), td_string!(locale, errors.unreachable.todo))
            }
            Other => pair(td_string!(locale, errors.other.what), td_string!(locale, errors.other.todo)),
        },
    }
}
