//! Security Groups: one region's groups, filterable by VPC and text, sortable, paged. Every
//! control is a link or a GET form, so it all works without JavaScript and lives in the URL.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::groups::{RegionListing, list_groups};
use crate::components::{ConsoleResource, EmptyState, ErrorPanel, GroupRow, Pager, TextFilter};
use crate::i18n::*;
use crate::model::{GroupSummary, ListQuery, Role, SortKey};

#[component]
pub fn GroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let listing = Resource::new(
        move || {
            let q = query.get();
            (q.get("region"), ListQuery::from_params(|k| q.get(k)))
        },
        |(region, query)| list_groups(region, query),
    );
    let info = use_context::<ConsoleResource>();
    view! {
        <Title text=move || t_string!(i18n, groups.title) />
        // A Transition keeps the page (and keyboard focus) in place while the next one loads.
        <Transition fallback=move || view! { <p role="status">{t!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                let (regions, can_edit) = match info {
                    Some(info) => match info.await {
                        Ok(info) => (info.regions, info.user.is_some_and(|u| u.role.allows(Role::Editor))),
                        Err(_) => (Vec::new(), false),
                    },
                    None => (Vec::new(), false),
                };
                match listing.await {
                    Ok(listing) => {
                        let query = query.with_untracked(|q| ListQuery::from_params(|k| q.get(k)));
                        view! { <Listing listing query regions can_edit /> }.into_any()
                    }
                    Err(error) => view! {
                        <h1>{t!(i18n, groups.title)}</h1>
                        <ErrorPanel error />
                    }
                    .into_any(),
                }
            })}
        </Transition>
        // Outside the Transition, so that it stays the same element across navigations and screen
        // readers announce the new count.
        <p class="visually-hidden" role="status">
            <Transition>
                {move || Suspend::new(async move {
                    listing.await.ok().map(|l| {
                        t_string!(i18n, groups.matching, matching = l.page.matching, total = l.page.total)
                    })
                })}
            </Transition>
        </p>
    }
}

#[component]
fn Listing(listing: RegionListing, query: ListQuery, regions: Vec<String>, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let RegionListing { region, page } = listing;
    let href = {
        let region = region.clone();
        move |q: &ListQuery| format!("/security-groups?{}", q.to_query_string(Some(&region)))
    };
    let page_href = {
        let (href, query) = (href.clone(), query.clone());
        move |n: usize| href(&ListQuery { page: n, ..query.clone() })
    };
    let clear_href = href(&ListQuery::default());
    let (total, matching) = (page.total, page.matching);
    let body = if total == 0 {
        view! {
            <EmptyState
                title=move || t_string!(i18n, groups.none_title)
                body=move || t_string!(i18n, groups.none_body)
            />
        }
        .into_any()
    } else if matching == 0 {
        let clear_href = clear_href.clone();
        view! {
            <EmptyState
                title=move || t_string!(i18n, groups.no_matches_title)
                body=move || t_string!(i18n, groups.no_matches_body)
            >
                <a href=clear_href>{t!(i18n, groups.clear)}</a>
            </EmptyState>
        }
        .into_any()
    } else {
        let sort_href = {
            let (href, query) = (href.clone(), query.clone());
            move |key: SortKey| {
                let descending = query.sort == key && !query.descending;
                href(&ListQuery { sort: key, descending, page: 1, ..query.clone() })
            }
        };
        view! {
            <GroupsTable rows=page.rows query=query.clone() sort_href region=region.clone() can_edit />
            <Pager page=page.page pages=page.pages href=page_href />
        }
        .into_any()
    };
    let region_options = regions
        .into_iter()
        .map(|r| {
            let selected = r == region;
            let label = r.clone();
            view! { <option value=r selected=selected>{label}</option> }
        })
        .collect_view();
    let create = can_edit.then(|| {
        view! { <a class="button" href=format!("/security-groups/{region}/new")>{t!(i18n, group_form.create_action)}</a> }
    });
    view! {
        <div class="page-head">
            <h1>{t!(i18n, groups.title)}" "<span class="count">{format!("({total})")}</span></h1>
            {create}
        </div>
        <Form method="GET" action="/security-groups" attr:class="region-form">
            <label for="region-select">{t!(i18n, region.label)}</label>
            <select id="region-select" name="region">{region_options}</select>
            <button type="submit">{t!(i18n, region.apply)}</button>
        </Form>
        <Form method="GET" action="/security-groups" attr:class="filters">
            <input type="hidden" name="region" value=region.clone() />
            // A new filter keeps the chosen order (and starts again at page 1).
            {(query.sort != SortKey::default())
                .then(|| view! { <input type="hidden" name="sort" value=query.sort.as_str() /> })}
            {query.descending.then(|| view! { <input type="hidden" name="dir" value="desc" /> })}
            <div class="field">
                <label for="vpc-filter">{t!(i18n, groups.vpc_label)}</label>
                <select id="vpc-filter" name="vpc">
                    <option value="" selected=query.vpc.is_none()>{t!(i18n, groups.all_vpcs)}</option>
                    {page
                        .vpcs
                        .iter()
                        .map(|v| {
                            let selected = query.vpc.as_deref() == Some(v.id.as_str());
                            view! { <option value=v.id.clone() selected=selected>{v.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <TextFilter id="text-filter" value=query.text.clone() />
            <button type="submit">{t!(i18n, groups.apply)}</button>
            <a class="clear" href=clear_href>{t!(i18n, groups.clear)}</a>
        </Form>
        <p class="result-count">{t!(i18n, groups.matching, matching = matching, total = total)}</p>
        {body}
    }
}

#[component]
fn GroupsTable(
    rows: Vec<GroupSummary>,
    query: ListQuery,
    sort_href: impl Fn(SortKey) -> String + 'static,
    region: String,
    can_edit: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let header = |key: SortKey| {
        let active = query.sort == key;
        let aria_sort = match (active, query.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        let label = move || match key {
            SortKey::Name => t_string!(i18n, groups.col_name),
            SortKey::Id => t_string!(i18n, groups.col_id),
            SortKey::Vpc => t_string!(i18n, groups.col_vpc),
            SortKey::Description => t_string!(i18n, groups.col_description),
            SortKey::Inbound => t_string!(i18n, detail.inbound_count),
            SortKey::Outbound => t_string!(i18n, detail.outbound_count),
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <a href=sort_href(key)>{label}</a>
            </th>
        }
    };
    // Editors choose groups with checkboxes and an action from the Actions menu: a GET form to
    // `/security-groups/go`, which opens the action's page for the chosen group.
    let actions = can_edit.then(|| {
        view! {
            <input type="hidden" name="region" value=region />
            <details class="actions-menu">
                <summary>{t!(i18n, detail.actions)}</summary>
                <ul>
                    <li><button type="submit" class="secondary" name="to" value="inbound/edit">{t!(i18n, detail.edit_inbound)}</button></li>
                    <li><button type="submit" class="secondary" name="to" value="outbound/edit">{t!(i18n, detail.edit_outbound)}</button></li>
                    <li><button type="submit" class="secondary" name="to" value="tags">{t!(i18n, detail.manage_tags)}</button></li>
                    <li><button type="submit" class="secondary" name="to" value="copy">{t!(i18n, group_form.copy_action)}</button></li>
                </ul>
            </details>
        }
    });
    let table = view! {
        <table class="groups-table">
            <caption class="visually-hidden">{t!(i18n, groups.title)}</caption>
            <thead>
                <tr>
                    {can_edit.then(|| view! { <th scope="col"><span class="visually-hidden">{t!(i18n, detail.select)}</span></th> })}
                    {header(SortKey::Name)}
                    {header(SortKey::Id)}
                    {header(SortKey::Vpc)}
                    {header(SortKey::Description)}
                    {header(SortKey::Inbound)}
                    {header(SortKey::Outbound)}
                    <th scope="col">{t!(i18n, groups.col_tags)}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|g| view! { <GroupRow group=g selectable=can_edit /> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any();
    view! {
        <form method="get" action="/security-groups/go" class="rules-form">
            {actions}
            {table}
        </form>
    }
}
