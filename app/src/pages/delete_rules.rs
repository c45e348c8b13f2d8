//! Deleting the rules chosen on a rules tab (`?rule=sgr-...`): the page lists them and what
//! deleting them means, and "Delete" revokes them in one call.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::labels;
use crate::api::groups::{GroupDetail, get_group};
use crate::api::rules::DeleteRules;
use crate::components::{ErrorPanel, GroupBreadcrumb, PageTitle, form_errors, warning_text};
use crate::error::Failure;
use crate::i18n::*;
use crate::islands::refused_post;
use crate::model::{Direction, RuleChanges, warnings};

#[component]
pub fn DeleteRulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || params.with(|p| (p.get("region").unwrap_or_default(), p.get("id").unwrap_or_default()));
    let direction = move || params.with(|p| Direction::parse(&p.get("direction").unwrap_or_default()));
    let chosen = move || query.with(|q| q.get_all("rule").unwrap_or_default());
    let detail = crate::api::loaded::load(key, |(region, id)| get_group(region, id));
    view! {
        <Suspense fallback=move || view! { <p role="status">{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                match (detail.await, direction()) {
                    (Ok(detail), Some(direction)) => EitherOf3::A(view! { <DeleteRules detail direction chosen=chosen() /> }),
                    (Err(error), direction) => {
                        let title = move || match direction {
                            Some(Direction::Outbound) => t_string!(i18n, delete_rules.title_outbound),
                            _ => t_string!(i18n, delete_rules.title_inbound),
                        };
                        EitherOf3::B(view! {
                            <PageTitle text=title />
                            <h1>{title}</h1>
                            <ErrorPanel error />
                        })
                    }
                    (Ok(_), None) => EitherOf3::C(view! { <super::NotFound /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DeleteRules(detail: GroupDetail, direction: Direction, chosen: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let GroupDetail { region, group, .. } = detail;
    let (rules, gone) = group.chosen_rules(Some(direction), &chosen);
    let removed = RuleChanges { removed: rules.clone(), ..Default::default() };
    let warnings = warnings(direction, &removed, group.rules(direction).len() - rules.len());
    let title = move || match direction {
        Direction::Inbound => t_string!(i18n, delete_rules.title_inbound),
        Direction::Outbound => t_string!(i18n, delete_rules.title_outbound),
    };
    let group_label = format!("{} ({})", group.name, group.id);
    let group_page = format!("/security-groups/{region}/{}", group.id);
    let cancel = format!("{group_page}?tab={}", direction.as_str());
    let (form_region, form_id) = (region.clone(), group.id.clone());
    let body = if !gone.is_empty() {
        let error = crate::error::AppError::from(Failure::RulesGone(gone));
        EitherOf3::A(view! { <ErrorPanel error /><p><a href=cancel>{tu_string!(i18n, editor.cancel)}</a></p> })
    } else if rules.is_empty() {
        EitherOf3::B(
            view! { <p>{tu_string!(i18n, delete_rules.none_chosen)}</p><p><a href=cancel>{tu_string!(i18n, editor.cancel)}</a></p> },
        )
    } else {
        let hidden = rules
            .iter()
            .enumerate()
            .map(|(i, r)| view! { <input type="hidden" name=format!("rules[{i}]") value=r.id.clone() /> })
            .collect_view();
        let items = rules
            .into_iter()
            .map(|rule| view! { <li>{move || labels::rule_summary(&rule, i18n.get_locale())}</li> })
            .collect_view();
        EitherOf3::C(view! {
            <p>{move || t_string!(i18n, delete_rules.intro, group = group_label.clone())}</p>
            <h2 id="delete-list">{tu_string!(i18n, delete_rules.list)}</h2>
            <ul aria-labelledby="delete-list">{items}</ul>
            {(!warnings.is_empty()).then(|| view! {
                <h2 id="delete-warnings">{tu_string!(i18n, editor.warnings)}</h2>
                <ul class="warnings" aria-labelledby="delete-warnings">
                    {warnings.into_iter().map(|w| view! { <li><span role="alert">{move || warning_text(&w, i18n.get_locale())}</span></li> }).collect_view()}
                </ul>
            })}
            <form method="post" action=DeleteRules::PATH class="form-actions">
                <input type="hidden" name="region" value=form_region />
                <input type="hidden" name="id" value=form_id />
                <input type="hidden" name="direction" value=direction.as_str() />
                {hidden}
                <a href=cancel>{tu_string!(i18n, editor.cancel)}</a>
                <button type="submit" class="danger-primary">{tu_string!(i18n, delete_rules.confirm)}</button>
            </form>
        })
    };
    view! {
        <PageTitle text=title />
        <GroupBreadcrumb region group_id=group.id.clone() here=title />
        <h1>{title}</h1>
        {form_errors(refused_post())}
        {body}
    }
}
