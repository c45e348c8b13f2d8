//! Security Groups: one region's groups, filterable by VPC and text, sortable, paged. Every
//! control is a link or a GET form, so it all works without JavaScript and lives in the URL.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::groups::{RegionListing, list_groups};
use crate::components::{
    ConsoleResource, EmptyState, ErrorPanel, GroupRow, PageTitle, Pager, SnapshotTime, TableBox, TextFilter,
    error_panel_text, refresh_param, region_options, signed_in_role,
};
use crate::error::{AppError, Ec2Error, Ec2ErrorKind, Failure};
use crate::i18n::*;
use crate::model::{DeleteOutcome, GroupSummary, ListQuery, Role, SortKey};

#[component]
pub fn GroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let listing = crate::api::loaded::load(
        move || {
            let q = query.get();
            (q.get("region"), ListQuery::from_params(|k| q.get(k)), refresh_param(|k| q.get(k)))
        },
        |(region, query, refresh)| list_groups(region, query, refresh),
    );
    let info = use_context::<ConsoleResource>();
    // Each group's outcome of the delete that led here.
    let outcomes = move || -> Vec<(DeleteOutcome, usize)> {
        query
            .with(|q| q.get_all("outcome").unwrap_or_default().iter().filter_map(|v| DeleteOutcome::parse(v)).collect())
    };
    view! {
        <PageTitle text=move || t_string!(i18n, groups.title) />
        <div class="notifications" aria-live="polite">
            {move || {
                outcomes()
                    .into_iter()
                    .map(|(outcome, revoked)| view! { <OutcomeNotice outcome revoked /> })
                    .collect_view()
            }}
        </div>
        <Suspense fallback=move || view! { <p role="status">{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                let regions = match info {
                    Some(info) => info.await.map(|info| info.regions).unwrap_or_default(),
                    None => Vec::new(),
                };
                let role = signed_in_role(info).await;
                match listing.await {
                    Ok(listing) => {
                        let query = query.with_untracked(|q| ListQuery::from_params(|k| q.get(k)));
                        Either::Left(view! { <Listing listing query regions role /> })
                    }
                    Err(error) => Either::Right(view! {
                        <h1>{tu_string!(i18n, groups.title)}</h1>
                        <ErrorPanel error />
                    }),
                }
            })}
        </Suspense>
        // The count, for screen readers.
        <p class="visually-hidden" role="status">
            <Suspense>
                {move || Suspend::new(async move {
                    listing.await.ok().map(|l| {
                        t_string!(i18n, groups.matching, matching = l.page.matching, total = l.page.total)
                    })
                })}
            </Suspense>
        </p>
    }
}

/// One group's outcome of a delete: a status when deleted, an alert with EC2's reason when not.
#[component]
fn OutcomeNotice(outcome: DeleteOutcome, revoked: usize) -> impl IntoView {
    let i18n = use_i18n();
    let group = format!("{} ({})", outcome.name, outcome.id);
    match outcome.failed {
        None => {
            let text = move || match revoked {
                0 => t_string!(i18n, delete_groups.deleted, group = group.clone()),
                count => t_string!(i18n, delete_groups.deleted_after_revoking, group = group.clone(), count = count),
            };
            Either::Left(view! { <p class="notice" role="status">{text}</p> })
        }
        Some(code) => {
            let error = AppError::from(Failure::Ec2(Ec2Error::unanswered(
                Ec2ErrorKind::from_code(&code),
                &code,
                String::new(),
            )));
            let text = move || {
                let what = error_panel_text(&error, i18n.get_locale()).0;
                let failed =
                    t_string!(i18n, delete_groups.failed, group = group.clone(), code = code.clone(), what = what);
                match revoked {
                    0 => failed,
                    count => {
                        format!("{failed} {}", t_string!(i18n, delete_groups.failed_after_revoking, count = count))
                    }
                }
            };
            Either::Right(view! { <p class="notice error" role="alert">{text}</p> })
        }
    }
}

#[component]
fn Listing(listing: RegionListing, query: ListQuery, regions: Vec<String>, role: Option<Role>) -> impl IntoView {
    let i18n = use_i18n();
    let can_edit = role.is_some_and(|r| r.allows(Role::Editor));
    let can_delete = role.is_some_and(|r| r.allows(Role::Admin));
    let RegionListing { region, page, as_of } = listing;
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
        EitherOf3::A(view! {
            <EmptyState
                title=move || t_string!(i18n, groups.none_title)
                body=move || t_string!(i18n, groups.none_body)
            />
        })
    } else if matching == 0 {
        let clear_href = clear_href.clone();
        EitherOf3::B(view! {
            <EmptyState
                title=move || t_string!(i18n, groups.no_matches_title)
                body=move || t_string!(i18n, groups.no_matches_body)
            >
                <a href=clear_href>{tu_string!(i18n, groups.clear)}</a>
            </EmptyState>
        })
    } else {
        let sort_href = {
            let (href, query) = (href.clone(), query.clone());
            move |key: SortKey| {
                let descending = query.sort == key && !query.descending;
                href(&ListQuery { sort: key, descending, page: 1, ..query.clone() })
            }
        };
        EitherOf3::C(view! {
            <GroupsTable rows=page.rows query=query.clone() sort_href region=region.clone() can_edit can_delete />
            <Pager page=page.page pages=page.pages href=page_href />
        })
    };
    let region_options = region_options(&regions, &region);
    let create = can_edit.then(|| {
        view! { <a class="button" href=format!("/security-groups/{region}/new")>{tu_string!(i18n, group_form.create_action)}</a> }
    });
    view! {
        <div class="page-head">
            <h1>{tu_string!(i18n, groups.title)}" "<span class="count">{format!("({total})")}</span></h1>
            {create}
        </div>
        <Form method="GET" action="/security-groups" attr:class="region-form">
            <label for="region-select">{tu_string!(i18n, region.label)}</label>
            <select id="region-select" name="region">{region_options}</select>
            <button type="submit">{tu_string!(i18n, region.apply)}</button>
        </Form>
        <Form method="GET" action="/security-groups" attr:class="filters">
            <input type="hidden" name="region" value=region.clone() />
            // A new filter keeps the chosen order (and starts again at page 1).
            {(query.sort != SortKey::default())
                .then(|| view! { <input type="hidden" name="sort" value=query.sort.as_str() /> })}
            {query.descending.then(|| view! { <input type="hidden" name="dir" value="desc" /> })}
            <div class="field">
                <label for="vpc-filter">{tu_string!(i18n, groups.vpc_label)}</label>
                <select id="vpc-filter" name="vpc">
                    <option value="" selected=query.vpc.is_none()>{tu_string!(i18n, groups.all_vpcs)}</option>
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
            <button type="submit">{tu_string!(i18n, groups.apply)}</button>
            <a class="clear" href=clear_href>{tu_string!(i18n, groups.clear)}</a>
        </Form>
        <p class="result-count">{tu_string!(i18n, groups.matching, matching = matching, total = total)}</p>
        <SnapshotTime as_of />
        {body}
    }
}

#[component]
fn GroupsTable(
    rows: Vec<GroupSummary>,
    query: ListQuery,
    sort_href: impl Fn(SortKey) -> String + Send + Sync + 'static,
    region: String,
    can_edit: bool,
    can_delete: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (sort, descending) = (query.sort, query.descending);
    let header = move |key: SortKey| {
        let active = sort == key;
        let aria_sort = match (active, descending) {
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
    // `/security-groups/go`, which opens the action's page for the chosen group (admins may
    // choose several to delete).
    let actions = can_edit.then(|| {
        view! {
            <input type="hidden" name="region" value=region />
            <details class="actions-menu">
                <summary>{tu_string!(i18n, detail.actions)}</summary>
                <ul>
                    <li><button type="submit" class="secondary" name="to" value="inbound/edit">{tu_string!(i18n, detail.edit_inbound)}</button></li>
                    <li><button type="submit" class="secondary" name="to" value="outbound/edit">{tu_string!(i18n, detail.edit_outbound)}</button></li>
                    <li><button type="submit" class="secondary" name="to" value="tags">{tu_string!(i18n, detail.manage_tags)}</button></li>
                    <li><button type="submit" class="secondary" name="to" value="copy">{tu_string!(i18n, group_form.copy_action)}</button></li>
                    {can_delete.then(|| view! {
                        <li><button type="submit" class="secondary" name="to" value="delete">{tu_string!(i18n, delete_groups.action)}</button></li>
                    })}
                </ul>
            </details>
        }
    });
    let table = view! {
        <TableBox label=move || t_string!(i18n, groups.title)>
            <table class="groups-table">
                <caption class="visually-hidden">{tu_string!(i18n, groups.title)}</caption>
                <thead>
                    <tr>
                        {can_edit.then(|| view! { <th scope="col"><span class="visually-hidden">{tu_string!(i18n, detail.select)}</span></th> })}
                        {header(SortKey::Name)}
                        {header(SortKey::Id)}
                        {header(SortKey::Vpc)}
                        {header(SortKey::Description)}
                        {header(SortKey::Inbound)}
                        {header(SortKey::Outbound)}
                        <th scope="col">{tu_string!(i18n, groups.col_tags)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|g| view! { <GroupRow group=g selectable=can_edit /> }).collect_view()}
                </tbody>
            </table>
        </TableBox>
    };
    view! {
        <form method="get" action="/security-groups/go" class="rules-form">
            {actions}
            {table}
        </form>
    }
}
