//! Global view: every enabled region at once, read concurrently, with per-region counts and one
//! combined, filterable table. A region that fails says why in its row; the others still show.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use crate::api::groups::{GlobalListing, RegionStatus, global_overview};
use crate::components::{
    EmptyState, ErrorPanel, GroupRow, PageTitle, Pager, SnapshotTime, TableBox, TextFilter, error_panel_text,
    refresh_param,
};
use crate::i18n::*;
use crate::model::ListQuery;

#[component]
pub fn GlobalPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let overview = crate::api::loaded::load(
        move || {
            query.with(|q| {
                (ListQuery { vpc: None, ..ListQuery::from_params(|k| q.get(k)) }, refresh_param(|k| q.get(k)))
            })
        },
        |(query, refresh)| global_overview(query, refresh),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, global.title) />
        <h1>{tu_string!(i18n, global.title)}</h1>
        <p>{tu_string!(i18n, global.intro)}</p>
        <Suspense fallback=move || view! { <p role="status">{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => {
                        let query = query.with_untracked(|q| ListQuery { vpc: None, ..ListQuery::from_params(|k| q.get(k)) });
                        Either::Left(view! { <Overview overview query /> })
                    }
                    Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                }
            })}
        </Suspense>
        // The count, for screen readers.
        <p class="visually-hidden" role="status">
            <Suspense>
                {move || Suspend::new(async move {
                    overview.await.ok().map(|o| {
                        t_string!(i18n, groups.matching, matching = o.page.matching, total = o.page.total)
                    })
                })}
            </Suspense>
        </p>
    }
}

fn global_href(query: &ListQuery) -> String {
    match query.to_query_string(None) {
        query if query.is_empty() => "/global".into(),
        query => format!("/global?{query}"),
    }
}

#[component]
fn Overview(overview: GlobalListing, query: ListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let GlobalListing { regions, page, as_of } = overview;
    let page_href = {
        let query = query.clone();
        move |n: usize| global_href(&ListQuery { page: n, ..query.clone() })
    };
    let (matching, total) = (page.matching, page.total);
    view! {
        {as_of.map(|as_of| view! { <SnapshotTime as_of /> })}
        <section aria-labelledby="regions-title">
            <h2 id="regions-title">{tu_string!(i18n, global.regions_title)}</h2>
            <TableBox label=move || t_string!(i18n, global.regions_title)>
                <table class="regions-table">
                    <caption class="visually-hidden">{tu_string!(i18n, global.regions_title)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tu_string!(i18n, global.col_region)}</th>
                            <th scope="col">{tu_string!(i18n, global.col_groups)}</th>
                            <th scope="col">{tu_string!(i18n, global.col_vpcs)}</th>
                            <th scope="col">{tu_string!(i18n, global.col_status)}</th>
                        </tr>
                    </thead>
                    <tbody>{regions.into_iter().map(|status| view! { <RegionRow status /> }).collect_view()}</tbody>
                </table>
            </TableBox>
        </section>
        <section aria-labelledby="all-title">
            <h2 id="all-title">{tu_string!(i18n, global.all_groups)}</h2>
            <Form method="GET" action="/global" attr:class="filters">
                <TextFilter id="global-filter" value=query.text.clone() />
                <button type="submit">{tu_string!(i18n, groups.apply)}</button>
                <a class="clear" href="/global">{tu_string!(i18n, groups.clear)}</a>
            </Form>
            <p class="result-count">{tu_string!(i18n, groups.matching, matching = matching, total = total)}</p>
            {if total == 0 {
                EitherOf3::A(view! {
                    <EmptyState
                        title=move || t_string!(i18n, global.none_title)
                        body=move || t_string!(i18n, global.none_body)
                        subsection=true
                    />
                })
            } else if matching == 0 {
                EitherOf3::B(view! {
                    <EmptyState
                        title=move || t_string!(i18n, groups.no_matches_title)
                        body=move || t_string!(i18n, groups.no_matches_body)
                        subsection=true
                    >
                        <a href="/global">{tu_string!(i18n, groups.clear)}</a>
                    </EmptyState>
                })
            } else {
                EitherOf3::C(view! {
                    <TableBox label=move || t_string!(i18n, global.all_groups)>
                        <table class="groups-table">
                            <caption class="visually-hidden">{tu_string!(i18n, global.all_groups)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{tu_string!(i18n, global.col_region)}</th>
                                    <th scope="col">{tu_string!(i18n, groups.col_name)}</th>
                                    <th scope="col">{tu_string!(i18n, groups.col_id)}</th>
                                    <th scope="col">{tu_string!(i18n, groups.col_vpc)}</th>
                                    <th scope="col">{tu_string!(i18n, groups.col_description)}</th>
                                    <th scope="col">{tu_string!(i18n, detail.inbound_count)}</th>
                                    <th scope="col">{tu_string!(i18n, detail.outbound_count)}</th>
                                    <th scope="col">{tu_string!(i18n, groups.col_tags)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {page.rows.into_iter().map(|g| view! { <GroupRow group=g with_region=true /> }).collect_view()}
                            </tbody>
                        </table>
                    </TableBox>
                    <Pager page=page.page pages=page.pages href=page_href />
                })
            }}
        </section>
    }
}

#[component]
fn RegionRow(status: RegionStatus) -> impl IntoView {
    let i18n = use_i18n();
    let RegionStatus { region, outcome } = status;
    let link = format!("/security-groups?region={region}");
    match outcome {
        Ok(counts) => Either::Left(view! {
            <tr>
                <th scope="row"><a href=link>{region}</a></th>
                <td class="number">{counts.groups}</td>
                <td class="number">{counts.vpcs}</td>
                <td>{tu_string!(i18n, global.ok)}</td>
            </tr>
        }),
        Err(error) => {
            let code = match &error.failure {
                crate::error::Failure::Ec2(e) => format!(" ({})", e.code),
                _ => String::new(),
            };
            Either::Right(view! {
                <tr class="region-failed">
                    <th scope="row">{region}</th>
                    <td class="number">"-"</td>
                    <td class="number">"-"</td>
                    <td>
                        <strong>{tu_string!(i18n, global.failed)}</strong>": "
                        {move || error_panel_text(&error, i18n.get_locale()).0}
                        {code.clone()}
                    </td>
                </tr>
            })
        }
    }
}
