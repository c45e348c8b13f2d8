//! "Launch templates" (`/launch-templates?region=R`): each template's versions with the groups
//! they launch with; and "Create new version" (`/launch-templates/REGION/ID/new-version?source=N`):
//! the source version's groups changed, every other setting kept, optionally made the default.
//! The form works as the instance's does: a GET form to its own page, Create posts.

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::api::launch_templates::{CreateTemplateVersion, LaunchTemplates, get_launch_templates};
use crate::components::{
    ConsoleResource, EmptyState, ErrorPanel, FormHead, GroupSet, GroupSetDraft, GroupSetEditor, GroupSetPreview,
    PageTitle, TableBox, hydration_flag, region_options, signed_in_role,
};
use crate::i18n::*;
use crate::islands::{IslandStart, island_locale, island_start, refused_post, submission};
use crate::model::{GroupRef, LaunchTemplate, PickProblem, Role, TemplateVersion};

#[component]
pub fn LaunchTemplatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = crate::api::loaded::load(move || query.with(|q| q.get("region")), get_launch_templates);
    let info = use_context::<ConsoleResource>();
    view! {
        <PageTitle text=move || t_string!(i18n, launch_templates.title) />
        <Suspense fallback=move || view! { <p>{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                let regions = match info {
                    Some(info) => info.await.map(|info| info.regions).unwrap_or_default(),
                    None => Vec::new(),
                };
                let can_edit = signed_in_role(info).await.is_some_and(|r| r.allows(Role::Editor));
                match data.await {
                    Ok(data) => Either::Left(view! { <Templates data regions can_edit /> }),
                    Err(error) => Either::Right(view! {
                        <h1>{tu_string!(i18n, launch_templates.title)}</h1>
                        <ErrorPanel error />
                    }),
                }
            })}
        </Suspense>
    }
}

/// A group's label among `available`, or its id.
fn group_label(available: &[GroupRef], id: &str) -> String {
    available.iter().find(|g| g.id == id).map(GroupRef::label).unwrap_or_else(|| id.to_owned())
}

#[component]
fn Templates(data: LaunchTemplates, regions: Vec<String>, can_edit: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let LaunchTemplates { region, templates, available } = data;
    // The version just created.
    let created = query.with_untracked(|q| {
        let template = q.get("created")?;
        let label = templates.iter().find(|t| t.id == template).map(LaunchTemplate::label).unwrap_or(template);
        Some((label, q.get("version").unwrap_or_default(), q.get("default").as_deref() == Some("true")))
    });
    let region_options = region_options(&regions, &region);
    let count = templates.len();
    let body = if templates.is_empty() {
        Either::Left(view! {
            <EmptyState
                title=move || t_string!(i18n, launch_templates.none_title)
                body=move || t_string!(i18n, launch_templates.none_body)
            />
        })
    } else {
        let rows = templates
            .iter()
            .flat_map(|template| {
                template.versions.iter().map(|version| {
                    view! {
                        <VersionRow
                            template=template.clone()
                            version=version.clone()
                            available=available.clone()
                            region=region.clone()
                            can_edit
                        />
                    }
                })
            })
            .collect_view();
        Either::Right(view! {
            <TableBox label=move || t_string!(i18n, launch_templates.title)>
                <table>
                    <caption class="visually-hidden">{tu_string!(i18n, launch_templates.title)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tu_string!(i18n, launch_templates.col_name)}</th>
                            <th scope="col">{tu_string!(i18n, launch_templates.col_id)}</th>
                            <th scope="col">{tu_string!(i18n, launch_templates.col_version)}</th>
                            <th scope="col">{tu_string!(i18n, launch_templates.col_description)}</th>
                            <th scope="col">{tu_string!(i18n, launch_templates.col_groups)}</th>
                            {can_edit.then(|| view! { <th scope="col">{tu_string!(i18n, instances.col_actions)}</th> })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </TableBox>
        })
    };
    view! {
        <h1>{tu_string!(i18n, launch_templates.title)}" "<span class="count">{format!("({count})")}</span></h1>
        <div class="notifications" aria-live="polite">
            {created.map(|(template, version, made_default)| view! {
                <p class="notice" role="status">
                    {move || if made_default {
                        t_string!(i18n, launch_templates.created_default, version = version.clone(), template = template.clone())
                    } else {
                        t_string!(i18n, launch_templates.created, version = version.clone(), template = template.clone())
                    }}
                </p>
            })}
        </div>
        <form method="get" action="/launch-templates" class="region-form">
            <label for="region-select">{tu_string!(i18n, region.label)}</label>
            <select id="region-select" name="region">{region_options}</select>
            <button type="submit">{tu_string!(i18n, region.apply)}</button>
        </form>
        {body}
    }
}

/// One version of a template, with its groups linked and "Create new version" from it.
#[component]
fn VersionRow(
    template: LaunchTemplate,
    version: TemplateVersion,
    available: Vec<GroupRef>,
    region: String,
    can_edit: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let number = version.number;
    let is_default = number == template.default_version;
    let groups = version
        .groups
        .iter()
        .map(|id| {
            let href = format!("/security-groups/{region}/{id}");
            view! { <li><a href=href>{group_label(&available, id)}</a></li> }
        })
        .collect_view();
    let action = can_edit.then(|| {
        let label = template.label();
        let create = move || t_string!(i18n, launch_templates.create_version);
        let cell = if version.groups_on_interfaces {
            let reason_id = format!("why-{}-{number}", template.id);
            Either::Left(view! {
                <button type="button" disabled aria-describedby=reason_id.clone()>{create}</button>
                <p class="hint" id=reason_id>{tu_string!(i18n, launch_templates.groups_on_interfaces)}</p>
            })
        } else {
            let href = format!("/launch-templates/{region}/{}/new-version?source={number}", template.id);
            Either::Right(view! {
                <a
                    href=href
                    aria-label=move || t_string!(i18n, launch_templates.create_version_of, template = label.clone(), version = number)
                >
                    {create}
                </a>
            })
        };
        view! { <td>{cell}</td> }
    });
    view! {
        <tr>
            <th scope="row">{template.name.clone()}</th>
            <td><code>{template.id.clone()}</code></td>
            <td>
                {number}
                {is_default.then(|| view! { " (" {tu_string!(i18n, launch_templates.default_mark)} ")" })}
            </td>
            <td>{version.description.clone().unwrap_or_default()}</td>
            <td><ul class="plain-list">{groups}</ul></td>
            {action}
        </tr>
    }
}

#[component]
pub fn NewVersionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = crate::api::loaded::load(move || params.with(|p| p.get("region")), get_launch_templates);
    view! {
        <PageTitle text=move || t_string!(i18n, launch_templates.create_version) />
        <Suspense fallback=move || view! { <p>{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
                let source = query.with_untracked(|q| q.get("source").and_then(|s| s.parse::<i64>().ok()));
                match data.await {
                    Ok(data) => {
                        let found = data.templates.iter().find(|t| t.id == id).cloned();
                        match found.and_then(|t| Some((t.version(source.unwrap_or(t.default_version))?.clone(), t))) {
                            Some((version, _)) if version.groups_on_interfaces => EitherOf4::A(view! {
                                <h1>{tu_string!(i18n, launch_templates.create_version)}</h1>
                                <p role="alert">{tu_string!(i18n, launch_templates.groups_on_interfaces)}</p>
                            }),
                            Some((version, template)) => EitherOf4::B(view! { <NewVersion data template version /> }),
                            None => EitherOf4::C(view! { <super::NotFound /> }),
                        }
                    }
                    Err(error) => EitherOf4::D(view! {
                        <h1>{tu_string!(i18n, launch_templates.create_version)}</h1>
                        <ErrorPanel error />
                    }),
                }
            })}
        </Suspense>
    }
}

/// What the form starts from, read from the URL on the server (the form's own GET, or the
/// version as it is), given to the island.
#[component]
fn NewVersion(data: LaunchTemplates, template: LaunchTemplate, version: TemplateVersion) -> impl IntoView {
    let LaunchTemplates { region, available, .. } = data;
    let (chosen, pick_problem, pick, description, make_default) =
        match GroupSetDraft::from_query(&use_location().search.get_untracked()) {
            Some(mut draft) => {
                let problem = draft.apply_op(&available);
                (draft.groups, problem, draft.pick, draft.description, draft.make_default)
            }
            None => (version.groups.clone(), None, String::new(), String::new(), false),
        };
    let i18n = use_i18n();
    view! {
        <FormHead
            back=format!("/launch-templates?region={region}")
            back_label=t_string!(i18n, launch_templates.title)
            here=template.name.clone()
            title=t_string!(i18n, launch_templates.create_version)
            intro=t_string!(i18n, launch_templates.intro, template = template.label(), version = version.number)
            error=refused_post()
        />
        <IslandStart id=START start=Start {
            region,
            available,
            template,
            version,
            chosen,
            pick,
            pick_problem,
            description,
            make_default,
        }>
            <NewVersionForm />
        </IslandStart>
    }
}

/// Where the page gives it to the island.
const START: &str = "new-version-start";

/// What the new version's form starts from.
#[derive(Clone, Serialize, Deserialize)]
struct Start {
    region: String,
    /// The groups that may be chosen.
    available: Vec<GroupRef>,
    template: LaunchTemplate,
    /// The version the new one starts from.
    version: TemplateVersion,
    chosen: Vec<String>,
    /// What was typed in "Select security groups", and why it was not added.
    pick: String,
    pick_problem: Option<PickProblem>,
    description: String,
    make_default: bool,
}

/// The form: the version's groups as chosen, the groups to add (checked as they are typed), a
/// description, "Set as default", the preview, and "Create template version".
#[island(lazy)]
fn NewVersionForm() -> impl IntoView {
    let Start { region, available, template, version, chosen, pick, pick_problem, description, make_default } =
        island_start(START);
    let locale = island_locale();
    let sending = submission();
    let before = version.groups.clone();
    let set = GroupSet::new(before, chosen, available);
    set.pick.set(pick);
    set.pick_problem.set(pick_problem);
    let description = RwSignal::new(description);
    let make_default = RwSignal::new(make_default);
    let hydrated = hydration_flag();

    let list_page = format!("/launch-templates?region={region}");
    let number = version.number;
    let page = format!("/launch-templates/{region}/{}/new-version?source={number}", template.id);
    let limits = td_string!(locale, launch_templates.limits);
    view! {
        <form method="get" action=page class="editor-form" novalidate>
            // The form's default button, for Enter in a field: add the group typed, if any.
            <button type="submit" name="op" value="add" hidden tabindex="-1"></button>
            <input type="hidden" name="form" value="1" />
            <input type="hidden" name="region" value=region.clone() />
            <input type="hidden" name="template" value=template.id.clone() />
            <input type="hidden" name="source" value=number />
            <GroupSetEditor set limits locale />
            <div class="field">
                <label for="version-description">{td_string!(locale, launch_templates.description)}</label>
                <input
                    id="version-description"
                    name="description"
                    type="text"
                    autocomplete="off"
                    maxlength="255"
                    value=description.get_untracked()
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                />
            </div>
            <div class="field checkbox-field">
                <input
                    id="make-default"
                    name="make_default"
                    type="checkbox"
                    value="true"
                    checked=make_default.get_untracked()
                    prop:checked=move || make_default.get()
                    on:change=move |ev| make_default.set(event_target_checked(&ev))
                />
                <label for="make-default">{td_string!(locale, launch_templates.make_default)}</label>
            </div>
            <GroupSetPreview set locale />
            <div class="form-actions">
                <a href=list_page>{td_string!(locale, editor.cancel)}</a>
                <button
                    type="submit"
                    formmethod="post"
                    formaction=CreateTemplateVersion::PATH
                    on:click=move |ev| sending.send(&ev)
                    disabled=move || hydrated.get() && !set.ready()
                >
                    {sending.label(td_string!(locale, launch_templates.create), td_string!(locale, launch_templates.creating))}
                </button>
            </div>
        </form>
    }
}
