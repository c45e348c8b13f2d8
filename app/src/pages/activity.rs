//! Activity: the audit log, newest first, filtered by user, group, action and outcome (a GET
//! form: the filters are in the URL), paged; each entry expands to its change, before and after.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::activity::list_activity;
use crate::components::{EmptyState, ErrorPanel, PageTitle, Pager, TableBox};
use crate::i18n::*;
use crate::model::{Action, ActivityPage as Page, ActivityQuery, AuditEntry, Outcome};
use crate::pages::role_label;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let current = move || query.with(|q| ActivityQuery::from_params(|k| q.get(k)));
    let page = crate::api::loaded::load(current, list_activity);
    view! {
        <PageTitle text=move || t_string!(i18n, activity.title) />
        <h1>{tu_string!(i18n, activity.title)}</h1>
        <Filters query=current() />
        <Suspense fallback=move || view! { <p role="status">{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => Either::Left(view! { <Entries page query=current() /> }),
                    Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Filters(query: ActivityQuery) -> impl IntoView {
    let i18n = use_i18n();
    let download = {
        let q = ActivityQuery { page: 1, ..query.clone() }.to_query_string();
        if q.is_empty() { "/activity/download".to_owned() } else { format!("/activity/download?{q}") }
    };
    let option = move |value: &'static str, label: Box<dyn Fn() -> String + Send + Sync>, selected: bool| {
        view! { <option value=value selected=selected>{label}</option> }
    };
    let actions = Action::ALL
        .into_iter()
        .map(|action| {
            let selected = query.action == action.as_str();
            option(action.as_str(), Box::new(move || action_label(action.as_str(), i18n.get_locale())), selected)
        })
        .collect_view();
    let outcomes = [
        (
            "success",
            Box::new(move || t_string!(i18n, activity.success).to_owned()) as Box<dyn Fn() -> String + Send + Sync>,
        ),
        ("failure", Box::new(move || t_string!(i18n, activity.failure).to_owned())),
        ("unknown", Box::new(move || t_string!(i18n, activity.unknown).to_owned())),
    ]
    .into_iter()
    .map(|(value, label)| option(value, label, query.outcome == value))
    .collect_view();
    view! {
        <Form method="GET" action="/activity" attr:class="filter-form" attr:aria-label=move || t_string!(i18n, activity.filters)>
            <div class="field">
                <label for="activity-user">{tu_string!(i18n, activity.user)}</label>
                <input id="activity-user" name="user" type="text" value=query.user.clone() />
            </div>
            <div class="field">
                <label for="activity-group">{tu_string!(i18n, activity.group)}</label>
                <input id="activity-group" name="group" type="text" placeholder="sg-" value=query.group.clone() />
            </div>
            <div class="field">
                <label for="activity-action">{tu_string!(i18n, activity.action)}</label>
                <select id="activity-action" name="action">
                    <option value="">{tu_string!(i18n, activity.any)}</option>
                    {actions}
                </select>
            </div>
            <div class="field">
                <label for="activity-outcome">{tu_string!(i18n, activity.outcome)}</label>
                <select id="activity-outcome" name="outcome">
                    <option value="">{tu_string!(i18n, activity.any)}</option>
                    {outcomes}
                </select>
            </div>
            <button type="submit">{tu_string!(i18n, activity.apply)}</button>
            <a href=download rel="external" download="">{tu_string!(i18n, activity.download)}</a>
        </Form>
    }
}

#[component]
fn Entries(page: Page, query: ActivityQuery) -> impl IntoView {
    let i18n = use_i18n();
    let filtered = ActivityQuery { page: 1, ..query.clone() } != ActivityQuery { page: 1, ..Default::default() };
    if page.matching == 0 {
        return if filtered {
            EitherOf3::A(view! {
                <EmptyState
                    title=move || t_string!(i18n, activity.no_matches_title)
                    body=move || t_string!(i18n, activity.no_matches_body)
                >
                    <a href="/activity">{tu_string!(i18n, activity.clear)}</a>
                </EmptyState>
            })
        } else {
            EitherOf3::B(view! {
                <EmptyState title=move || t_string!(i18n, activity.none_title) body=move || t_string!(i18n, activity.none_body) />
            })
        };
    }
    let href = move |n: usize| {
        let q = ActivityQuery { page: n, ..query.clone() }.to_query_string();
        if q.is_empty() { "/activity".to_owned() } else { format!("/activity?{q}") }
    };
    let matching = page.matching;
    let rows = page.entries.into_iter().map(|entry| view! { <EntryRow entry /> }).collect_view();
    EitherOf3::C(view! {
        <p role="status">{move || t_string!(i18n, activity.matching, matching = matching)}</p>
        <TableBox label=move || t_string!(i18n, activity.title)>
            <table class="data-table activity-table">
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, activity.col_time)}</th>
                        <th scope="col">{tu_string!(i18n, activity.col_user)}</th>
                        <th scope="col">{tu_string!(i18n, activity.col_action)}</th>
                        <th scope="col">{tu_string!(i18n, activity.col_target)}</th>
                        <th scope="col">{tu_string!(i18n, activity.col_outcome)}</th>
                        <th scope="col">{tu_string!(i18n, activity.details)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableBox>
        <Pager page=page.page pages=page.pages href />
    })
}

#[component]
fn EntryRow(entry: AuditEntry) -> impl IntoView {
    let i18n = use_i18n();
    let AuditEntry { id, at, user, role, address, action, region, targets, change, ec2_request_ids, outcome } = entry;
    let user_cell = match role {
        Some(role) => Either::Left(
            view! { {user}" "<span class="muted">"("{move || role_label(role, i18n.get_locale())}")"</span> },
        ),
        None => Either::Right(view! { {user} }),
    };
    let target_links = targets
        .into_iter()
        .map(|target| match (&region, target.starts_with("sg-")) {
            (Some(region), true) => {
                let href = format!("/security-groups/{region}/{target}");
                Either::Left(view! { <a href=href>{target}</a>" " })
            }
            _ => Either::Right(view! { <span>{target}</span>" " }),
        })
        .collect_view();
    let (outcome_label, error) = match &outcome {
        Outcome::Success => ("success", None),
        Outcome::Failure { code, message } => ("failure", Some(format!("{code}: {message}"))),
        Outcome::Unknown => ("unknown", None),
    };
    let outcome_text = move || match outcome_label {
        "success" => t_string!(i18n, activity.success).to_owned(),
        "failure" => t_string!(i18n, activity.failure).to_owned(),
        _ => t_string!(i18n, activity.unknown).to_owned(),
    };
    let change = (!change.is_null()).then(|| serde_json::to_string_pretty(&change).unwrap_or_default());
    let action_text = {
        let action = action.clone();
        move || action_label(&action, i18n.get_locale())
    };
    view! {
        <tr>
            <td><time datetime=at.clone()>{at.clone()}</time></td>
            <td>{user_cell}</td>
            <td>{action_text}</td>
            <td>{target_links}</td>
            <td class=format!("outcome outcome-{outcome_label}")>{outcome_text}</td>
            <td>
                <details>
                    <summary>{tu_string!(i18n, activity.details)}<span class="visually-hidden">{format!(" #{id}")}</span></summary>
                    <dl class="entry-facts">
                        <dt>{tu_string!(i18n, activity.address)}</dt><dd>{address}</dd>
                        {region.map(|r| view! { <dt>{tu_string!(i18n, activity.region)}</dt><dd>{r}</dd> })}
                        {error.map(|e| view! { <dt>{tu_string!(i18n, activity.error)}</dt><dd>{e}</dd> })}
                        {(!ec2_request_ids.is_empty()).then(|| view! {
                            <dt>{tu_string!(i18n, activity.ec2_request_ids)}</dt><dd>{ec2_request_ids.join(", ")}</dd>
                        })}
                        {change.map(|c| view! { <dt>{tu_string!(i18n, activity.change)}</dt><dd><pre>{c}</pre></dd> })}
                    </dl>
                </details>
            </td>
        </tr>
    }
    // Erased, so that a table of entries stays within the compiler's type depth.
    .into_any()
}

/// An action's name in `locale`; an action this console version does not know, as stored.
fn action_label(action: &str, locale: Locale) -> String {
    let label = match Action::parse(action) {
        Some(Action::SignIn) => td_string!(locale, activity.actions.sign_in),
        Some(Action::SignInFailed) => td_string!(locale, activity.actions.sign_in_failed),
        Some(Action::SignOut) => td_string!(locale, activity.actions.sign_out),
        Some(Action::UserAdd) => td_string!(locale, activity.actions.user_add),
        Some(Action::UserSetRole) => td_string!(locale, activity.actions.user_set_role),
        Some(Action::UserDisable) => td_string!(locale, activity.actions.user_disable),
        Some(Action::UserDelete) => td_string!(locale, activity.actions.user_delete),
        Some(Action::UserPassword) => td_string!(locale, activity.actions.user_password),
        Some(Action::RulesEdit) => td_string!(locale, activity.actions.rules_edit),
        Some(Action::RulesDelete) => td_string!(locale, activity.actions.rules_delete),
        Some(Action::TagsEdit) => td_string!(locale, activity.actions.tags_edit),
        Some(Action::GroupCreate) => td_string!(locale, activity.actions.group_create),
        Some(Action::GroupDelete) => td_string!(locale, activity.actions.group_delete),
        Some(Action::InstanceGroups) => td_string!(locale, activity.actions.instance_groups),
        Some(Action::TemplateVersion) => td_string!(locale, activity.actions.template_version),
        None => return action.to_owned(),
    };
    label.to_owned()
}
