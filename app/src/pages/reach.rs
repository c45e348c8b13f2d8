//! "Who can reach" (`/reach?region=&source=&protocol=&port=&vpc=`, or `&instance=i-...`): the
//! rules that let a source in on a port, with the interfaces and instances they protect; or what
//! may reach an instance, by port. GET forms: the question is in the URL, so an answer can be
//! shared as a link.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::labels;
use crate::api::findings::{ReachReport, RegionReach, get_reach};
use crate::components::{
    ConsoleResource, ErrorPanel, PageTitle, SnapshotTime, TableBox, refresh_param, region_options,
};
use crate::i18n::*;
use crate::model::{AsOf, PortAccess, Protocol, ReachAnswer, ReachHit, ReachProblem, Rule};

/// The form's fields as the URL has them.
#[derive(Clone, Default, PartialEq)]
struct Asked {
    region: Option<String>,
    source: String,
    protocol: String,
    port: String,
    vpc: String,
    instance: String,
    refresh: Option<AsOf>,
}

#[component]
pub fn ReachPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let asked = move || {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            Asked {
                region: q.get("region"),
                source: get("source"),
                protocol: q.get("protocol").unwrap_or_else(|| "tcp".into()),
                port: get("port"),
                vpc: get("vpc"),
                instance: get("instance"),
                refresh: refresh_param(|k| q.get(k)),
            }
        })
    };
    let report = crate::api::loaded::load(asked, |a: Asked| {
        get_reach(a.region, a.source, a.protocol, a.port, a.vpc, a.instance, a.refresh)
    });
    let info = use_context::<ConsoleResource>();
    view! {
        <PageTitle text=move || t_string!(i18n, reach.title) />
        <h1>{tu_string!(i18n, reach.title)}</h1>
        <p>{tu_string!(i18n, reach.intro)}</p>
        <Suspense fallback=move || view! { <p>{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                let regions = match info {
                    Some(info) => info.await.map(|info| info.regions).unwrap_or_default(),
                    None => Vec::new(),
                };
                let asked = untrack(asked);
                match report.await {
                    Ok(page) => Either::Left(view! { <Reach page asked regions /> }),
                    Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Reach(page: RegionReach, asked: Asked, regions: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let RegionReach { region, report, as_of } = page;
    let problem = match &report {
        ReachReport::Invalid(problem) => Some(*problem),
        _ => None,
    };
    let error_of = move |which: ReachProblem| (problem == Some(which)).then_some("true");
    let (instance_regions, region_options) = (region_options(&regions, &region), region_options(&regions, &region));
    let problem_text = move |which: ReachProblem| {
        (problem == Some(which)).then(|| {
            let text = move || match which {
                ReachProblem::Source => t_string!(i18n, reach.problem_source),
                ReachProblem::Protocol => t_string!(i18n, reach.problem_protocol),
                ReachProblem::Port => t_string!(i18n, reach.problem_port),
            };
            view! { <p class="field-error" id=format!("reach-{}-error", field_of(which))>{text}</p> }
        })
    };
    let described = move |which: ReachProblem, hint: &'static str| {
        if problem == Some(which) { format!("reach-{}-error {hint}", field_of(which)) } else { hint.to_owned() }
    };
    let answer = match report {
        ReachReport::Nothing | ReachReport::Invalid(_) => None,
        ReachReport::Answer { answer, .. } => {
            let source = asked.source.trim().to_owned();
            Some(EitherOf3::A(view! { <Answer answer source region=region.clone() /> }))
        }
        ReachReport::Instance { id, groups, ports } => {
            Some(EitherOf3::B(view! { <InstanceAccess id groups ports region=region.clone() /> }))
        }
        ReachReport::NoInstance(id) => Some(EitherOf3::C(
            view! { <p role="alert">{move || t_string!(i18n, reach.no_instance, instance = id.clone())}</p> },
        )),
    };
    view! {
        <form method="get" action="/reach" class="filters reach-form" novalidate>
            <div class="field">
                <label for="reach-region">{tu_string!(i18n, region.label)}</label>
                <select id="reach-region" name="region">{region_options}</select>
            </div>
            <div class="field">
                <label for="reach-source">{tu_string!(i18n, reach.source)}</label>
                <input
                    id="reach-source"
                    name="source"
                    type="text"
                    autocomplete="off"
                    value=asked.source.clone()
                    aria-invalid=error_of(ReachProblem::Source)
                    aria-describedby=described(ReachProblem::Source, "reach-source-hint")
                />
                <p class="hint" id="reach-source-hint">{tu_string!(i18n, reach.source_hint)}</p>
                {problem_text(ReachProblem::Source)}
            </div>
            <div class="field">
                <label for="reach-protocol">{tu_string!(i18n, reach.protocol)}</label>
                <input
                    id="reach-protocol"
                    name="protocol"
                    type="text"
                    autocomplete="off"
                    value=asked.protocol.clone()
                    aria-invalid=error_of(ReachProblem::Protocol)
                    aria-describedby=described(ReachProblem::Protocol, "reach-protocol-hint")
                />
                <p class="hint" id="reach-protocol-hint">{tu_string!(i18n, reach.protocol_hint)}</p>
                {problem_text(ReachProblem::Protocol)}
            </div>
            <div class="field">
                <label for="reach-port">{tu_string!(i18n, reach.port)}</label>
                <input
                    id="reach-port"
                    name="port"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    value=asked.port.clone()
                    aria-invalid=error_of(ReachProblem::Port)
                    aria-describedby=described(ReachProblem::Port, "reach-port-hint")
                />
                <p class="hint" id="reach-port-hint">{tu_string!(i18n, reach.port_hint)}</p>
                {problem_text(ReachProblem::Port)}
            </div>
            <div class="field">
                <label for="reach-vpc">{tu_string!(i18n, reach.vpc)}</label>
                <input id="reach-vpc" name="vpc" type="text" autocomplete="off" value=asked.vpc.clone() />
            </div>
            <button type="submit">{tu_string!(i18n, reach.submit)}</button>
        </form>
        <form method="get" action="/reach" class="filters">
            <h2 class="form-title">{tu_string!(i18n, reach.instance_form)}</h2>
            <div class="field">
                <label for="reach-instance-region">{tu_string!(i18n, region.label)}</label>
                <select id="reach-instance-region" name="region">{instance_regions}</select>
            </div>
            <div class="field">
                <label for="reach-instance">{tu_string!(i18n, reach.instance)}</label>
                <input id="reach-instance" name="instance" type="text" autocomplete="off" value=asked.instance.clone() />
            </div>
            <button type="submit">{tu_string!(i18n, reach.instance_submit)}</button>
        </form>
        {as_of.map(|as_of| view! { <SnapshotTime as_of /> })}
        {answer}
    }
}

fn field_of(problem: ReachProblem) -> &'static str {
    match problem {
        ReachProblem::Source => "source",
        ReachProblem::Protocol => "protocol",
        ReachProblem::Port => "port",
    }
}

/// One rule that lets the source in, with its group linked.
#[component]
fn HitRow(hit: ReachHit, region: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/security-groups/{region}/{}", hit.group_id);
    let label = format!("{} ({})", hit.group_name, hit.group_id);
    let rule = hit.rule;
    view! {
        <tr>
            <th scope="row"><a href=href>{label}</a></th>
            <td>{move || labels::rule_summary(&rule, i18n.get_locale())}</td>
        </tr>
    }
}

fn hits_table(
    hits: Vec<ReachHit>,
    region: String,
    caption: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let caption = Signal::derive(caption);
    view! {
        <TableBox label=move || caption.get()>
            <table>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tu_string!(i18n, reach.col_group)}</th>
                        <th scope="col">{tu_string!(i18n, reach.col_rule)}</th>
                    </tr>
                </thead>
                <tbody>{hits.into_iter().map(|hit| view! { <HitRow hit region=region.clone() /> }).collect_view()}</tbody>
            </table>
        </TableBox>
    }
}

#[component]
fn Answer(answer: ReachAnswer, source: String, region: String) -> impl IntoView {
    let i18n = use_i18n();
    let ReachAnswer { member_of, hits, carriers } = answer;
    let count = hits.len();
    let member = (!member_of.is_empty()).then(|| {
        let groups = member_of.join(", ");
        view! { <p>{move || t_string!(i18n, reach.member_of, groups = groups.clone())}</p> }
    });
    let summary = {
        let source = source.clone();
        move || match count {
            0 => t_string!(i18n, reach.answer_none, source = source.clone()),
            n => t_string!(i18n, reach.answer_count, count = n, source = source.clone()),
        }
    };
    let table =
        (count > 0).then(|| hits_table(hits, region.clone(), move || t_string!(i18n, reach.answer_title).to_owned()));
    let carriers = (!carriers.is_empty()).then(|| {
        let items = carriers
            .into_iter()
            .map(|c| {
                let href = c.instance_id.as_ref().map(|i| format!("/reach?region={region}&instance={i}"));
                let text = {
                    let c = c.clone();
                    move || match &c.instance_id {
                        Some(instance) => t_string!(
                            i18n,
                            reach.carrier_on,
                            interface = c.interface_id.clone(),
                            instance = instance.clone()
                        ),
                        None => t_string!(i18n, reach.carrier_alone, interface = c.interface_id.clone()),
                    }
                };
                match href {
                    Some(href) => Either::Left(view! { <li><a href=href>{text}</a></li> }),
                    None => Either::Right(view! { <li>{text}</li> }),
                }
            })
            .collect_view();
        view! {
            <h3 id="reach-carriers">{tu_string!(i18n, reach.carriers_title)}</h3>
            <ul aria-labelledby="reach-carriers">{items}</ul>
        }
    });
    view! {
        <section class="reach-answer" aria-labelledby="reach-answer-title">
            <h2 id="reach-answer-title">{tu_string!(i18n, reach.answer_title)}</h2>
            <p role="status">{summary}</p>
            {member}
            {table}
            {carriers}
        </section>
    }
}

#[component]
fn InstanceAccess(id: String, groups: Vec<String>, ports: Vec<PortAccess>, region: String) -> impl IntoView {
    let i18n = use_i18n();
    let title = {
        let id = id.clone();
        move || t_string!(i18n, reach.instance_title, instance = id.clone())
    };
    let groups = groups.join(", ");
    let body = if ports.is_empty() {
        Either::Left(view! { <p>{tu_string!(i18n, reach.instance_none)}</p> })
    } else {
        Either::Right(
            ports
                .into_iter()
                // Each has a rule: `access_by_port` makes one per rule it finds.
                .filter_map(|access| {
                    let (first, protocol) = (access.rules.first()?.rule.clone(), access.protocol);
                    let caption = move || port_label(&first, protocol, i18n.get_locale());
                    Some(hits_table(access.rules, region.clone(), caption))
                })
                .collect_view(),
        )
    };
    view! {
        <section class="reach-answer" aria-labelledby="reach-instance-title">
            <h2 id="reach-instance-title">{title}</h2>
            <p>{move || t_string!(i18n, reach.instance_groups, groups = groups.clone())}</p>
            {body}
        </section>
    }
}

/// "TCP 22", "UDP 1000-2000", "All traffic": the protocol and ports a table of rules shares.
fn port_label(rule: &Rule, protocol: Protocol, locale: Locale) -> String {
    match protocol.label() {
        None => td_string!(locale, reach.ports_all).to_owned(),
        Some(name) => format!("{name} {}", labels::ports(rule, locale)),
    }
}
