//! An error explained: what happened and what to do, in the reader's language, with EC2's code,
//! message and request id, and the console's own request id, for support.

use leptos::prelude::*;

use crate::error::{AccountError, AppError, Ec2ErrorKind, Failure};
use crate::i18n::*;
use crate::model::AccountProblem;

#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let (code, message, ec2_request_id) = match &error.failure {
        Failure::Ec2(e) => (Some(e.code.clone()), Some(e.message.clone()), e.request_id.clone()),
        _ => (None, None, None),
    };
    let console_request_id = error.request_id.clone();
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
                {ec2_request_id.map(|id| view! { <dt>{t!(i18n, errors.ec2_request_id)}</dt><dd><code>{id}</code></dd> })}
                {console_request_id
                    .map(|id| view! { <dt>{t!(i18n, errors.console_request_id)}</dt><dd><code>{id}</code></dd> })}
                {message.filter(|m| !m.is_empty()).map(|m| view! { <dt>{t!(i18n, errors.ec2_message)}</dt><dd>{m}</dd> })}
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
        Failure::SignedOut => texts!(signed_out),
        Failure::Forbidden { needs } => (
            td_string!(locale, errors.forbidden.what, role = crate::pages::role_label(*needs, locale)),
            td_string!(locale, errors.forbidden.todo).to_owned(),
        ),
        Failure::CrossOrigin => texts!(cross_origin),
        Failure::AuditUnavailable(_) => texts!(audit_unavailable),
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
