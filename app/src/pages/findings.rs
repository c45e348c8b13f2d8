//! Findings (`/findings?region=R|all&severity=&check=&vpc=`): what auditors would report about
//! a region's (or every region's) security groups, each linked to its group, and each about a
//! rule linked to the rule editor with that rule marked. Filters are a GET form; downloads are
//! plain links.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::labels;
use crate::api::findings::{ALL_REGIONS, FindingsReport, get_findings};
use crate::components::{
    ConsoleResource, EmptyState, ErrorPanel, PageTitle, Pager, SnapshotTime, TableBox, error_panel_text, refresh_param,
};
use crate::i18n::*;
use crate::model::{Check, Detail, Direction, Exposure, Finding, FindingsQuery, RULES_PER_DIRECTION, Severity};

#[component]
pub fn FindingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let report = crate::api::loaded::load(
        move || {
            query.with(|q| (q.get("region"), FindingsQuery::from_params(|k| q.get(k)), refresh_param(|k| q.get(k))))
        },
        |(region, query, refresh)| get_findings(region, query, refresh),
    );
    let info = use_context::<ConsoleResource>();
    view! {
        <PageTitle text=move || t_string!(i18n, findings.title) />
        <Suspense fallback=move || view! { <p>{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                let regions = match info {
                    Some(info) => info.await.map(|info| info.regions).unwrap_or_default(),
                    None => Vec::new(),
                };
                let query = query.with_untracked(|q| FindingsQuery::from_params(|k| q.get(k)));
                match report.await {
                    Ok(report) => Either::Left(view! { <Findings report query regions /> }),
                    Err(error) => Either::Right(view! {
                        <h1>{tu_string!(i18n, findings.title)}</h1>
                        <ErrorPanel error />
                    }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Findings(report: FindingsReport, query: FindingsQuery, regions: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let FindingsReport { region, failed, findings: found, matching: count, page, pages, vpcs, as_of } = report;
    let all = region == ALL_REGIONS;
    let page_href = {
        let (region, query) = (region.clone(), query.clone());
        move |n: usize| format!("/findings?{}", FindingsQuery { page: n, ..query.clone() }.query(&region))
    };
    let region_options = std::iter::once(ALL_REGIONS.to_owned())
        .chain(regions)
        .map(|r| {
            let selected = r == region;
            let label = r.clone();
            view! {
                <option value=r selected=selected>
                    {move || if label == ALL_REGIONS { t_string!(i18n, findings.all_regions).to_owned() } else { label.clone() }}
                </option>
            }
        })
        .collect_view();
    let severity_options = Severity::ALL
        .into_iter()
        .map(|s| view! { <option value=s.as_str() selected=query.severity == Some(s)>{move || severity_text(s, i18n.get_locale())}</option> })
        .collect_view();
    let check_options = Check::ALL
        .into_iter()
        .map(|c| view! { <option value=c.as_str() selected=query.check == Some(c)>{move || check_text(c, i18n.get_locale())}</option> })
        .collect_view();
    let vpc_options = vpcs
        .into_iter()
        .map(|v| {
            let selected = query.vpc.as_deref() == Some(v.as_str());
            view! { <option value=v.clone() selected=selected>{v.clone()}</option> }
        })
        .collect_view();
    // Downloads hold every finding that matches, not one page.
    let download = |format: &str| {
        format!("/findings/download?format={format}&{}", FindingsQuery { page: 1, ..query.clone() }.query(&region))
    };
    let failures = failed
        .into_iter()
        .map(|(region, error)| {
            let code = error.failure.code();
            view! {
                <p class="notice error" role="alert">
                    {move || {
                        let what = error_panel_text(&error, i18n.get_locale()).0;
                        t_string!(i18n, findings.region_failed, region = region.clone(), code = code.clone(), what = what)
                    }}
                </p>
            }
        })
        .collect_view();
    let body = if found.is_empty() {
        Either::Left(view! {
            <EmptyState
                title=move || t_string!(i18n, findings.none_title)
                body=move || t_string!(i18n, findings.none_body)
            />
        })
    } else {
        Either::Right(view! {
            <TableBox label=move || t_string!(i18n, findings.title)>
                <table class="findings-table">
                    <caption class="visually-hidden">{tu_string!(i18n, findings.title)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tu_string!(i18n, findings.col_severity)}</th>
                            <th scope="col">{tu_string!(i18n, findings.col_group)}</th>
                            {all.then(|| view! { <th scope="col">{tu_string!(i18n, region.label)}</th> })}
                            <th scope="col">{tu_string!(i18n, findings.col_rule)}</th>
                            <th scope="col">{tu_string!(i18n, findings.col_finding)}</th>
                            <th scope="col">{tu_string!(i18n, findings.col_why)}</th>
                            <th scope="col">{tu_string!(i18n, findings.col_in_use)}</th>
                            <th scope="col">{tu_string!(i18n, findings.col_fix)}</th>
                        </tr>
                    </thead>
                    <tbody>{found.into_iter().map(|finding| view! { <FindingRow finding all /> }).collect_view()}</tbody>
                </table>
            </TableBox>
            <Pager page pages href=page_href />
        })
    };
    view! {
        <h1>{tu_string!(i18n, findings.title)}" "<span class="count">{format!("({count})")}</span></h1>
        <div class="notifications">{failures}</div>
        <form method="get" action="/findings" class="filters">
            <div class="field">
                <label for="region-select">{tu_string!(i18n, region.label)}</label>
                <select id="region-select" name="region">{region_options}</select>
            </div>
            <div class="field">
                <label for="severity-filter">{tu_string!(i18n, findings.filter_severity)}</label>
                <select id="severity-filter" name="severity">
                    <option value="" selected=query.severity.is_none()>{tu_string!(i18n, findings.all_severities)}</option>
                    {severity_options}
                </select>
            </div>
            <div class="field">
                <label for="check-filter">{tu_string!(i18n, findings.filter_check)}</label>
                <select id="check-filter" name="check">
                    <option value="" selected=query.check.is_none()>{tu_string!(i18n, findings.all_checks)}</option>
                    {check_options}
                </select>
            </div>
            <div class="field">
                <label for="vpc-filter">{tu_string!(i18n, findings.filter_vpc)}</label>
                <select id="vpc-filter" name="vpc">
                    <option value="" selected=query.vpc.is_none()>{tu_string!(i18n, findings.all_vpcs)}</option>
                    {vpc_options}
                </select>
            </div>
            <button type="submit">{tu_string!(i18n, findings.apply)}</button>
            <a class="clear" href=format!("/findings?region={region}")>{tu_string!(i18n, findings.clear)}</a>
        </form>
        <p class="downloads">
            <a href=download("csv") download rel="external">{tu_string!(i18n, findings.download_csv)}</a>
            <a href=download("json") download rel="external">{tu_string!(i18n, findings.download_json)}</a>
        </p>
        <p class="result-count">{tu_string!(i18n, findings.count, count = count)}</p>
        {as_of.map(|as_of| view! { <SnapshotTime as_of /> })}
        {body}
    }
}

#[component]
fn FindingRow(finding: Finding, all: bool) -> impl IntoView {
    let i18n = use_i18n();
    let severity = finding.severity();
    let group_page = format!("/security-groups/{}/{}", finding.region, finding.group_id);
    let group_label = format!("{} ({})", finding.group_name, finding.group_id);
    let rule_id = finding.rule.as_ref().and_then(|(_, r)| r.id.clone()).unwrap_or_default();
    let fix = finding.rule.as_ref().map(|(direction, rule)| {
        let href = format!("{group_page}/{}/edit?mark={}", direction.as_str(), rule.id.clone().unwrap_or_default());
        let (rule, group) = (rule_id.clone(), group_label.clone());
        view! {
            <a href=href aria-label=move || t_string!(i18n, findings.fix_label, rule = rule.clone(), group = group.clone())>
                {tu_string!(i18n, findings.fix)}
            </a>
        }
    });
    let rule_cell = finding.rule.clone().map(|(_, rule)| move || labels::rule_summary(&rule, i18n.get_locale()));
    let in_use = finding.in_use;
    let check = finding.check;
    let (region, what) = (finding.region.clone(), finding.clone());
    view! {
        <tr>
            <td class=format!("severity-{}", severity.as_str())>{move || severity_text(severity, i18n.get_locale())}</td>
            <th scope="row"><a href=group_page>{group_label}</a></th>
            {all.then(|| view! { <td>{region}</td> })}
            <td>{rule_cell}</td>
            <td>{move || what_text(&what, i18n.get_locale())}</td>
            <td>{move || why_text(check, i18n.get_locale())}</td>
            <td>{move || if in_use { t_string!(i18n, findings.in_use_yes) } else { t_string!(i18n, findings.in_use_no) }}</td>
            <td>{fix}</td>
        </tr>
    }
}

pub fn severity_text(severity: Severity, locale: Locale) -> &'static str {
    match severity {
        Severity::High => td_string!(locale, findings.severity_high),
        Severity::Medium => td_string!(locale, findings.severity_medium),
        Severity::Low => td_string!(locale, findings.severity_low),
    }
}

pub fn check_text(check: Check, locale: Locale) -> &'static str {
    match check {
        Check::OpenAdminPort => td_string!(locale, findings.check_open_admin_port),
        Check::OpenAllPorts => td_string!(locale, findings.check_open_all_ports),
        Check::OpenHighRiskPort => td_string!(locale, findings.check_open_high_risk_port),
        Check::DefaultGroupRules => td_string!(locale, findings.check_default_group_rules),
        Check::NearRuleQuota => td_string!(locale, findings.check_near_rule_quota),
        Check::RedundantRule => td_string!(locale, findings.check_redundant_rule),
        Check::UnusedGroup => td_string!(locale, findings.check_unused_group),
    }
}

fn why_text(check: Check, locale: Locale) -> &'static str {
    match check {
        Check::OpenAdminPort => td_string!(locale, findings.why_open_admin_port),
        Check::OpenAllPorts => td_string!(locale, findings.why_open_all_ports),
        Check::OpenHighRiskPort => td_string!(locale, findings.why_open_high_risk_port),
        Check::DefaultGroupRules => td_string!(locale, findings.why_default_group_rules),
        Check::NearRuleQuota => td_string!(locale, findings.why_near_rule_quota),
        Check::RedundantRule => td_string!(locale, findings.why_redundant_rule),
        Check::UnusedGroup => td_string!(locale, findings.why_unused_group),
    }
}

/// What the finding says about its group or rule, in `locale`.
pub fn what_text(finding: &Finding, locale: Locale) -> String {
    let peer = finding.rule.as_ref().map(|(_, r)| labels::peer_text(&r.peer)).unwrap_or_default();
    let ports = |ports: &[i32]| ports.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    match (&finding.check, &finding.detail) {
        (Check::OpenAdminPort, Detail::Exposure(Exposure::AdminPorts(p)))
        | (Check::OpenHighRiskPort, Detail::Exposure(Exposure::HighRiskPorts(p))) => {
            if finding.check == Check::OpenAdminPort {
                td_string!(locale, findings.what_open_admin_port, peer = peer, ports = ports(p))
            } else {
                td_string!(locale, findings.what_open_high_risk_port, peer = peer, ports = ports(p))
            }
        }
        (Check::OpenAllPorts, _) => td_string!(locale, findings.what_open_all_ports, peer = peer),
        (Check::NearRuleQuota, Detail::Quota { direction, count, ipv6 }) => {
            let direction = match direction {
                Direction::Outbound => td_string!(locale, detail.outbound_rules),
                Direction::Inbound => td_string!(locale, detail.inbound_rules),
            };
            td_string!(
                locale,
                findings.what_near_rule_quota,
                count = *count,
                quota = RULES_PER_DIRECTION,
                family = if *ipv6 { "IPv6" } else { "IPv4" },
                direction = direction
            )
        }
        (Check::RedundantRule, Detail::CoveredBy(covering)) => {
            td_string!(locale, findings.what_redundant_rule, covering = labels::rule_summary(covering, locale))
        }
        (Check::DefaultGroupRules, _) => td_string!(locale, findings.what_default_group_rules).to_owned(),
        (Check::UnusedGroup, _) => td_string!(locale, findings.what_unused_group).to_owned(),
        (check, _) => check_text(*check, locale).to_owned(),
    }
}
