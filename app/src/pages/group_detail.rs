//! One security group: its details, inbound rules, outbound rules and tags. The tabs are links
//! (`?tab=`), so each is its own URL and works without JavaScript.

use leptos::either::{Either, EitherOf3, EitherOf4};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::labels;
use crate::api::groups::{GroupDetail, get_group};
use crate::components::{ConsoleResource, ErrorPanel, PageTitle, TableBox, TagList, UsedBy, signed_in_role};
use crate::i18n::*;
use crate::model::{Direction, Notice, Peer, Role, Rule};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Inbound,
    Outbound,
    Tags,
}

impl Tab {
    fn parse(value: Option<String>) -> Self {
        match value.as_deref() {
            Some("outbound") => Tab::Outbound,
            Some("tags") => Tab::Tags,
            _ => Tab::Inbound,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Tab::Inbound => "inbound",
            Tab::Outbound => "outbound",
            Tab::Tags => "tags",
        }
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let detail = crate::api::loaded::load(
        move || params.with(|p| (p.get("region").unwrap_or_default(), p.get("id").unwrap_or_default())),
        |(region, id)| get_group(region, id),
    );
    let tab = move || Tab::parse(query.with(|q| q.get("tab")));
    let info = use_context::<ConsoleResource>();
    view! {
        <Suspense fallback=move || view! { <p role="status">{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                let role = signed_in_role(info).await;
                match detail.await {
                    Ok(detail) => Either::Left(view! { <Detail detail tab role /> }),
                    Err(error) => Either::Right(view! {
                        <PageTitle text=move || t_string!(i18n, detail.title) />
                        <h1>{tu_string!(i18n, detail.title)}</h1>
                        <ErrorPanel error />
                    }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Detail(
    detail: GroupDetail,
    tab: impl Fn() -> Tab + Send + Sync + Copy + 'static,
    role: Option<Role>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Editors see the actions that change the group, admins also its delete; viewers none.
    let can_edit = role.is_some_and(|r| r.allows(Role::Editor));
    let can_delete = role.is_some_and(|r| r.allows(Role::Admin));
    let query = use_query_map();
    let notice = query.with_untracked(|q| Notice::from_query(|name| q.get(name)));
    let GroupDetail { region, group, vpc } = detail;
    let group_label = format!("{} ({})", group.name, group.id);
    let base = format!("/security-groups/{region}/{}", group.id);
    let back = format!("/security-groups?region={region}");
    let vpc_label = vpc.map(|v| v.label()).unwrap_or_else(|| group.vpc_id.clone());
    let title = format!("{} ({})", group.name, group.id);
    let tab_link = {
        let base = base.clone();
        move |which: Tab, label: Box<dyn Fn() -> String + Send + Sync>| {
            let href = format!("{base}?tab={}", which.as_str());
            view! {
                <li>
                    <a href=href aria-current=move || (tab() == which).then_some("page")>{label}</a>
                </li>
            }
        }
    };
    let (inbound, outbound, tags) = (group.inbound.clone(), group.outbound.clone(), group.tags.clone());
    let counts = (inbound.len(), outbound.len(), tags.len());
    let owner = group.owner_id.clone();
    let used_by = view! { <UsedBy region=region.clone() id=group.id.clone() /> };
    view! {
        <PageTitle text=title.clone() />
        <nav aria-label=move || t_string!(i18n, detail.breadcrumb) class="breadcrumb">
            <a href=back>{tu_string!(i18n, groups.title)}</a>" / "<span aria-current="page">{group.id.clone()}</span>
        </nav>
        <h1>{title}</h1>
        <div class="notifications" aria-live="polite">
            {notice.map(|notice| {
                let group = group_label.clone();
                view! { <p class="notice" role="status">{move || notice_text(notice, &group, i18n.get_locale())}</p> }
            })}
        </div>
        {can_edit.then(|| view! { <Actions region=region.clone() id=group.id.clone() can_delete /> })}
        <section class="details" aria-labelledby="details-title">
            <h2 id="details-title">{tu_string!(i18n, detail.details)}</h2>
            <dl class="details-grid">
                <div><dt>{tu_string!(i18n, detail.name)}</dt><dd>{group.name.clone()}</dd></div>
                <div><dt>{tu_string!(i18n, detail.id)}</dt><dd><code>{group.id.clone()}</code></dd></div>
                <div><dt>{tu_string!(i18n, detail.description)}</dt><dd>{group.description.clone()}</dd></div>
                <div><dt>{tu_string!(i18n, detail.vpc)}</dt><dd>{vpc_label}</dd></div>
                <div><dt>{tu_string!(i18n, detail.owner)}</dt><dd>{group.owner_id.clone()}</dd></div>
                <div><dt>{tu_string!(i18n, detail.region)}</dt><dd>{region.clone()}</dd></div>
                <div><dt>{tu_string!(i18n, detail.inbound_count)}</dt><dd>{counts.0}</dd></div>
                <div><dt>{tu_string!(i18n, detail.outbound_count)}</dt><dd>{counts.1}</dd></div>
            </dl>
        </section>
        <nav class="tabs" aria-label=move || t_string!(i18n, detail.tabs_label)>
            <ul>
                {tab_link(Tab::Inbound, Box::new(move || format!("{} ({})", t_string!(i18n, detail.inbound_rules), counts.0)))}
                {tab_link(Tab::Outbound, Box::new(move || format!("{} ({})", t_string!(i18n, detail.outbound_rules), counts.1)))}
                {tab_link(Tab::Tags, Box::new(move || format!("{} ({})", t_string!(i18n, detail.tags), counts.2)))}
            </ul>
        </nav>
        {move || match tab() {
            Tab::Inbound => EitherOf3::A(view! { <RulesTable rules=inbound.clone() direction=Direction::Inbound region=region.clone() owner=owner.clone() base=base.clone() can_edit /> }),
            Tab::Outbound => EitherOf3::B(view! { <RulesTable rules=outbound.clone() direction=Direction::Outbound region=region.clone() owner=owner.clone() base=base.clone() can_edit /> }),
            Tab::Tags => EitherOf3::C(view! { <TagsTable tags=tags.clone() base=base.clone() can_edit /> }),
        }}
        {used_by}
    }
}

/// The group's Actions: a disclosure menu of links, so it works without JavaScript.
#[component]
fn Actions(region: String, id: String, can_delete: bool) -> impl IntoView {
    let i18n = use_i18n();
    let base = format!("/security-groups/{region}/{id}");
    let delete = format!("/security-groups/{region}/delete?group={id}");
    view! {
        <details class="actions-menu">
            <summary>{tu_string!(i18n, detail.actions)}</summary>
            <ul>
                <li><a href=format!("{base}/inbound/edit")>{tu_string!(i18n, detail.edit_inbound)}</a></li>
                <li><a href=format!("{base}/outbound/edit")>{tu_string!(i18n, detail.edit_outbound)}</a></li>
                <li><a href=format!("{base}/tags")>{tu_string!(i18n, detail.manage_tags)}</a></li>
                <li><a href=format!("{base}/copy")>{tu_string!(i18n, group_form.copy_action)}</a></li>
                {can_delete.then(|| view! { <li><a href=delete>{tu_string!(i18n, delete_groups.action_one)}</a></li> })}
            </ul>
        </details>
    }
}

/// What the change just made did, in `locale`.
fn notice_text(notice: Notice, group: &str, locale: Locale) -> String {
    let direction_label = |direction: Direction| match direction {
        Direction::Inbound => td_string!(locale, detail.inbound_rules),
        Direction::Outbound => td_string!(locale, detail.outbound_rules),
    };
    match notice {
        Notice::RulesSaved { direction, added, changed, removed } => td_string!(
            locale,
            detail.notice_rules_saved,
            direction = direction_label(direction),
            group = group,
            added = added,
            changed = changed,
            removed = removed
        ),
        Notice::RulesDeleted { direction, count } => {
            td_string!(
                locale,
                detail.notice_rules_deleted,
                count = count,
                direction = direction_label(direction),
                group = group
            )
        }
        Notice::TagsSaved { rules: 0 } => td_string!(locale, detail.notice_tags_group, group = group),
        Notice::TagsSaved { rules } => td_string!(locale, detail.notice_tags_rules, count = rules, group = group),
        Notice::GroupCreated => td_string!(locale, detail.notice_group_created, group = group),
    }
}

#[component]
fn RulesTable(
    rules: Vec<Rule>,
    direction: Direction,
    region: String,
    owner: String,
    base: String,
    can_edit: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = move || match direction {
        Direction::Inbound => t_string!(i18n, detail.inbound_rules),
        Direction::Outbound => t_string!(i18n, detail.outbound_rules),
    };
    let edit = can_edit.then(|| {
        let label = move || match direction {
            Direction::Inbound => t_string!(i18n, detail.edit_inbound),
            Direction::Outbound => t_string!(i18n, detail.edit_outbound),
        };
        view! { <a class="button" href=format!("{base}/{}/edit", direction.as_str())>{label}</a> }
    });
    if rules.is_empty() {
        return Either::Left(view! {
            <section class="tab-panel">
                <h2>{heading}</h2>
                {edit}
                <p class="empty-state">
                    {move || match direction {
                        Direction::Inbound => t_string!(i18n, detail.no_inbound),
                        Direction::Outbound => t_string!(i18n, detail.no_outbound),
                    }}
                </p>
            </section>
        });
    }
    // Rules are chosen with checkboxes in a GET form whose buttons open the tag and delete
    // pages for the chosen rules (`?rule=sgr-...`), with or without JavaScript.
    let chosen_actions = can_edit.then(|| {
        view! {
            <div class="toolbar" role="group" aria-label=move || t_string!(i18n, detail.with_selected)>
                <button type="submit" class="secondary" formaction=format!("{base}/tags")>{tu_string!(i18n, detail.manage_tags)}</button>
                <button type="submit" class="secondary danger" formaction=format!("{base}/{}/delete", direction.as_str())>
                    {tu_string!(i18n, detail.delete_rules)}
                </button>
            </div>
        }
    });
    let head = view! {
                <thead>
                    <tr>
                        {can_edit.then(|| view! { <th scope="col"><span class="visually-hidden">{tu_string!(i18n, detail.select)}</span></th> })}
                        <th scope="col">{tu_string!(i18n, detail.rule_id)}</th>
                        <th scope="col">{tu_string!(i18n, detail.type_column)}</th>
                        <th scope="col">{tu_string!(i18n, detail.protocol)}</th>
                        <th scope="col">{tu_string!(i18n, detail.port_range)}</th>
                        <th scope="col">
                            {move || match direction {
                                Direction::Inbound => t_string!(i18n, detail.source),
                                Direction::Outbound => t_string!(i18n, detail.destination),
                            }}
                        </th>
                        <th scope="col">{tu_string!(i18n, detail.rule_description)}</th>
                        <th scope="col">{tu_string!(i18n, detail.rule_tags)}</th>
                    </tr>
                </thead>
    };
    Either::Right(view! {
        <section class="tab-panel">
            <h2>{heading}</h2>
            {edit}
            <form method="get" action=base.clone() class="rules-form">
            {chosen_actions}
            <TableBox label=heading>
                <table class="rules-table">
                    <caption class="visually-hidden">{heading}</caption>
                    {head}
                    <tbody>
                        {rules
                            .into_iter()
                            .map(|rule| view! { <RuleRow rule region=region.clone() group_owner=owner.clone() can_edit /> })
                            .collect_view()}
                    </tbody>
                </table>
            </TableBox>
            </form>
        </section>
    })
}

#[component]
fn RuleRow(rule: Rule, region: String, group_owner: String, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    // A referenced group or prefix list: its id, and its name where EC2 gave one.
    let id_and_name = |id: &str, name: &Option<String>| match name {
        Some(name) => format!("{id} / {name}"),
        None => id.to_owned(),
    };
    let peer = match &rule.peer {
        Peer::Ipv4(cidr) | Peer::Ipv6(cidr) => EitherOf4::A(view! { <code>{cidr.clone()}</code> }),
        Peer::Group { id, name, owner: Some(owner) } if *owner != group_owner => {
            // Another account's group (through VPC peering): not a page of this console.
            EitherOf4::B(view! { <span>{format!("{owner}/{}", id_and_name(id, name))}</span> })
        }
        Peer::Group { id, name, .. } => {
            EitherOf4::C(view! { <a href=format!("/security-groups/{region}/{id}")>{id_and_name(id, name)}</a> })
        }
        Peer::PrefixList { id, name } => EitherOf4::D(view! { <span>{id_and_name(id, name)}</span> }),
    };
    let (type_rule, protocol, ports_rule) = (rule.clone(), rule.protocol, rule.clone());
    let select = rule.id.clone().filter(|_| can_edit).map(|id| {
        let label = id.clone();
        view! {
            <td>
                <input
                    type="checkbox"
                    name="rule"
                    value=id
                    aria-label=move || t_string!(i18n, detail.select_rule, id = label.clone())
                />
            </td>
        }
    });
    view! {
        <tr>
            {select}
            <td><code>{rule.id.clone().unwrap_or_else(|| "-".into())}</code></td>
            <td>{move || labels::rule_type(&type_rule, i18n.get_locale())}</td>
            <td>{move || labels::protocol(protocol, i18n.get_locale())}</td>
            <td>{move || labels::ports(&ports_rule, i18n.get_locale())}</td>
            <td>{peer}</td>
            <td>{rule.description.clone().unwrap_or_else(|| "-".into())}</td>
            <td>{if rule.tags.is_empty() { Either::Left("-") } else { Either::Right(view! { <TagList tags=rule.tags.clone() /> }) }}</td>
        </tr>
    }
}

#[component]
fn TagsTable(tags: Vec<crate::model::Tag>, base: String, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="tab-panel">
            <h2>{tu_string!(i18n, detail.tags)}</h2>
            {can_edit.then(|| view! { <a class="button" href=format!("{base}/tags")>{tu_string!(i18n, detail.manage_tags)}</a> })}
            {if tags.is_empty() {
                Either::Left(view! { <p class="empty-state">{tu_string!(i18n, detail.no_tags)}</p> })
            } else {
                Either::Right(view! {
                    <TableBox label=move || t_string!(i18n, detail.tags)>
                        <table>
                            <caption class="visually-hidden">{tu_string!(i18n, detail.tags)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{tu_string!(i18n, detail.key)}</th>
                                    <th scope="col">{tu_string!(i18n, detail.value)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {tags
                                    .into_iter()
                                    .map(|t| view! { <tr><th scope="row">{t.key}</th><td>{t.value}</td></tr> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </TableBox>
                })
            }}
        </section>
    }
}
