//! Instances: one region's instances with their security groups, filtered by group and state
//! (in the URL, a GET form), paged. Editors change a running or stopped instance's groups; for
//! other states the action is shown disabled with the reason.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::instances::{InstancesPage as Listing, list_instances};
use crate::components::{
    ConsoleResource, EmptyState, ErrorPanel, PageTitle, Pager, TableBox, region_options, signed_in_role,
};
use crate::i18n::*;
use crate::model::{INSTANCE_STATES, Instance, InstanceQuery, Role};

#[component]
pub fn InstancesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let listing = crate::api::loaded::load(
        move || query.with(|q| (q.get("region"), InstanceQuery::from_params(|k| q.get(k)))),
        |(region, query)| list_instances(region, query),
    );
    let info = use_context::<ConsoleResource>();
    view! {
        <PageTitle text=move || t_string!(i18n, instances.title) />
        <Suspense fallback=move || view! { <p>{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                let regions = match info {
                    Some(info) => info.await.map(|info| info.regions).unwrap_or_default(),
                    None => Vec::new(),
                };
                let can_edit = signed_in_role(info).await.is_some_and(|r| r.allows(Role::Editor));
                let (query, changed) = query.with_untracked(|q| {
                    let changed = q.get("changed").map(|id| (id, q.get("to").unwrap_or_default()));
                    (InstanceQuery::from_params(|k| q.get(k)), changed)
                });
                match listing.await {
                    Ok(listing) => Either::Left(view! { <Instances listing query regions can_edit changed /> }),
                    Err(error) => Either::Right(view! {
                        <h1>{tu_string!(i18n, instances.title)}</h1>
                        <ErrorPanel error />
                    }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Instances(
    listing: Listing,
    query: InstanceQuery,
    regions: Vec<String>,
    can_edit: bool,
    changed: Option<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Listing { region, rows, matching, page, pages } = listing;
    // The change just made, named with the groups the instance has now (their names when it is
    // on this page, else the ids the change set).
    let notice = changed.map(|(id, to)| match rows.iter().find(|i| i.id == id) {
        Some(instance) => {
            let groups = instance.groups().iter().map(|g| g.label()).collect::<Vec<_>>().join(", ");
            (instance.label(), groups)
        }
        None => (id, to.replace(',', ", ")),
    });
    let page_href = {
        let (region, query) = (region.clone(), query.clone());
        move |n: usize| InstanceQuery { page: n, ..query.clone() }.href(&region)
    };
    let clear_href = InstanceQuery::default().href(&region);
    let region_options = region_options(&regions, &region);
    let state_options = INSTANCE_STATES
        .iter()
        .map(|s| view! { <option value=*s selected=query.state.as_deref() == Some(*s)>{*s}</option> })
        .collect_view();
    let body = if rows.is_empty() {
        Either::Left(view! {
            <EmptyState
                title=move || t_string!(i18n, instances.none_title)
                body=move || t_string!(i18n, instances.none_body)
            />
        })
    } else {
        Either::Right(view! {
            <TableBox label=move || t_string!(i18n, instances.title)>
                <table>
                    <caption class="visually-hidden">{tu_string!(i18n, instances.title)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tu_string!(i18n, instances.col_id)}</th>
                            <th scope="col">{tu_string!(i18n, instances.col_name)}</th>
                            <th scope="col">{tu_string!(i18n, instances.col_state)}</th>
                            <th scope="col">{tu_string!(i18n, instances.col_vpc)}</th>
                            <th scope="col">{tu_string!(i18n, instances.col_groups)}</th>
                            {can_edit.then(|| view! { <th scope="col">{tu_string!(i18n, instances.col_actions)}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|instance| view! { <InstanceRow instance region=region.clone() can_edit /> })
                            .collect_view()}
                    </tbody>
                </table>
            </TableBox>
            <Pager page pages href=page_href />
        })
    };
    view! {
        <h1>{tu_string!(i18n, instances.title)}" "<span class="count">{format!("({matching})")}</span></h1>
        <div class="notifications" aria-live="polite">
            {notice.map(|(instance, groups)| view! {
                <p class="notice" role="status">
                    {move || t_string!(i18n, instances.changed, instance = instance.clone(), groups = groups.clone())}
                </p>
            })}
        </div>
        <form method="get" action="/instances" class="filters">
            <div class="field">
                <label for="region-select">{tu_string!(i18n, region.label)}</label>
                <select id="region-select" name="region">{region_options}</select>
            </div>
            <div class="field">
                <label for="group-filter">{tu_string!(i18n, instances.filter_group)}</label>
                <input id="group-filter" name="group" type="text" autocomplete="off" value=query.group.clone().unwrap_or_default() />
            </div>
            <div class="field">
                <label for="state-filter">{tu_string!(i18n, instances.filter_state)}</label>
                <select id="state-filter" name="state">
                    <option value="" selected=query.state.is_none()>{tu_string!(i18n, instances.all_states)}</option>
                    {state_options}
                </select>
            </div>
            <button type="submit">{tu_string!(i18n, instances.apply)}</button>
            <a class="clear" href=clear_href>{tu_string!(i18n, instances.clear)}</a>
        </form>
        <p class="result-count">{tu_string!(i18n, instances.matching, count = matching)}</p>
        {body}
    }
}

#[component]
fn InstanceRow(instance: Instance, region: String, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let groups = instance
        .groups()
        .into_iter()
        .map(|g| {
            let href = format!("/security-groups/{region}/{}", g.id);
            view! { <li><a href=href>{g.label()}</a></li> }
        })
        .collect_view();
    let action = can_edit.then(|| {
        let change = move || t_string!(i18n, instances.change);
        let cell = if instance.changeable() {
            let href = format!("/instances/{region}/{}/security-groups", instance.id);
            let label = instance.label();
            Either::Left(view! {
                <a href=href aria-label=move || t_string!(i18n, instances.change_of, instance = label.clone())>{change}</a>
            })
        } else {
            let reason_id = format!("why-{}", instance.id);
            let state = instance.state.clone();
            Either::Right(view! {
                <button type="button" disabled aria-describedby=reason_id.clone()>{change}</button>
                <p class="hint" id=reason_id>{move || t_string!(i18n, instances.not_changeable, state = state.clone())}</p>
            })
        };
        view! { <td>{cell}</td> }
    });
    view! {
        <tr>
            <th scope="row"><code>{instance.id.clone()}</code></th>
            <td>{instance.name.clone().unwrap_or_default()}</td>
            <td>{instance.state.clone()}</td>
            <td>{instance.vpc_id.clone()}</td>
            <td><ul class="plain-list">{groups}</ul></td>
            {action}
        </tr>
    }
}
