//! "Delete security groups" (`/security-groups/REGION/delete?group=ID&group=...`): each chosen
//! group read fresh, with what blocks its delete in words. For groups blocked only by rules that
//! name them, "Remove referencing rules and delete" (`&fix=true`) previews exactly the rules it
//! revokes. The delete is a form post with the confirmation word typed; the server checks the
//! word too, so the check holds without JavaScript. Hydrated, "Delete" stays disabled until the
//! word matches.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::api::groups::{DeleteGroups, get_delete_checks};
use crate::components::{ErrorPanel, FormHead, InterfaceItem, PageTitle, RuleItem, TemplateItem, hydration_flag};
use crate::i18n::*;
use crate::islands::{IslandStart, island_locale, island_start, refused_post, submission};
use crate::model::{Blocker, DeleteCheck, confirmed};

#[component]
pub fn DeleteGroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let region = params.with(|p| p.get("region").unwrap_or_default());
        (region, query.with(|q| q.get_all("group").unwrap_or_default()))
    };
    let fix = move || query.with(|q| q.get("fix").as_deref() == Some("true"));
    let checks = crate::api::loaded::load(key, |(region, groups)| get_delete_checks(region, groups));
    view! {
        <PageTitle text=move || t_string!(i18n, delete_groups.title) />
        <Suspense fallback=move || view! { <p role="status">{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                let region = key().0;
                match checks.await {
                    Ok(checks) => Either::Left(view! { <DeleteGroups region checks fix=fix() /> }),
                    Err(error) => Either::Right(view! {
                        <h1>{tu_string!(i18n, delete_groups.title)}</h1>
                        <ErrorPanel error />
                    }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DeleteGroups(region: String, checks: Vec<DeleteCheck>, fix: bool) -> impl IntoView {
    let i18n = use_i18n();
    let this_page = format!("/security-groups/{region}/delete");
    let chosen: Vec<String> =
        checks.iter().filter(|c| c.deletable() || (fix && c.fixable())).map(|c| c.id.clone()).collect();
    // The guided fix is a GET of this page with `fix=true`, so that its preview needs no script.
    let offer_fix = !fix && checks.iter().any(DeleteCheck::fixable);
    let all_groups =
        checks.iter().map(|c| view! { <input type="hidden" name="group" value=c.id.clone() /> }).collect_view();
    let revoked = checks
        .iter()
        .filter(|c| fix && c.fixable())
        .flat_map(|c| c.referencing_rules().to_vec())
        .map(|rule| view! { <RuleItem region=region.clone() rule /> })
        .collect_view();
    let groups = checks.into_iter().map(|check| view! { <GroupChecked region=region.clone() check /> }).collect_view();
    let list_page = format!("/security-groups?region={region}");
    view! {
        <FormHead
            back=list_page
            back_label=t_string!(i18n, groups.title)
            here=t_string!(i18n, delete_groups.title)
            title=t_string!(i18n, delete_groups.title)
            error=refused_post()
        />
        <ul class="delete-checks">{groups}</ul>
        {offer_fix.then(|| view! {
            <form method="get" action=this_page class="form-actions">
                {all_groups}
                <input type="hidden" name="fix" value="true" />
                <button type="submit">{tu_string!(i18n, delete_groups.fix)}</button>
            </form>
        })}
        {fix.then(|| view! {
            <section class="preview" aria-labelledby="revoke-title">
                <h2 id="revoke-title">{tu_string!(i18n, delete_groups.fix)}</h2>
                <p id="revoke-intro">{tu_string!(i18n, delete_groups.fix_intro)}</p>
                <ul aria-labelledby="revoke-intro">{revoked}</ul>
            </section>
        })}
        <IslandStart id=START start=Start { region, chosen, fix }>
            <DeleteGroupsForm />
        </IslandStart>
    }
}

/// Where the page gives it to the island.
const START: &str = "delete-groups-start";

/// What the delete form starts from.
#[derive(Clone, Serialize, Deserialize)]
struct Start {
    region: String,
    /// The groups the delete would delete.
    chosen: Vec<String>,
    /// Remove the rules that name them first.
    fix: bool,
}

/// The delete form: "Delete" stays disabled until the word is typed.
#[island(lazy)]
fn DeleteGroupsForm() -> impl IntoView {
    let Start { region, chosen, fix } = island_start(START);
    let locale = island_locale();
    let sending = submission();
    let typed = RwSignal::new(String::new());
    // Without JavaScript the button is always enabled and the server checks the word.
    let hydrated = hydration_flag();
    let confirm_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        // What was typed before the page hydrated is in the field, not yet in `typed`.
        if let Some(input) = confirm_input.get() {
            typed.set(input.value());
        }
    });

    let list_page = format!("/security-groups?region={region}");
    if chosen.is_empty() {
        return Either::Left(view! {
            <p>{td_string!(locale, delete_groups.none_deletable)}</p>
            <p><a href=list_page>{td_string!(locale, groups.back)}</a></p>
        });
    }
    let hidden = chosen
        .iter()
        .enumerate()
        .map(|(i, id)| view! { <input type="hidden" name=format!("groups[{i}]") value=id.clone() /> })
        .collect_view();
    Either::Right(view! {
        <form method="post" action=DeleteGroups::PATH class="stacked-form">
            <input type="hidden" name="region" value=region.clone() />
            {hidden}
            {fix.then(|| view! { <input type="hidden" name="fix" value="true" /> })}
            <label for="confirm-delete">{td_string!(locale, delete_groups.confirm)}</label>
            <input
                id="confirm-delete"
                node_ref=confirm_input
                name="confirm"
                type="text"
                autocomplete="off"
                on:input=move |ev| typed.set(event_target_value(&ev))
            />
            <div class="form-actions">
                <a href=list_page>{td_string!(locale, editor.cancel)}</a>
                <button
                    type="submit"
                    class="danger-primary"
                    on:click=move |ev| sending.send(&ev)
                    disabled=move || hydrated.get() && !typed.with(|t| confirmed(t))
                >
                    {sending.label(td_string!(locale, delete_groups.delete), td_string!(locale, delete_groups.deleting))}
                </button>
            </div>
        </form>
    })
}

/// One group and what blocks its delete, in words.
#[component]
fn GroupChecked(region: String, check: DeleteCheck) -> impl IntoView {
    let i18n = use_i18n();
    let DeleteCheck { id, name, blockers, templates } = check;
    let href = format!("/security-groups/{region}/{id}");
    let blockers = if blockers.is_empty() {
        Either::Left(view! { <p>{tu_string!(i18n, delete_groups.can_delete)}</p> })
    } else {
        Either::Right(blockers
            .into_iter()
            .map(|blocker| match blocker {
                Blocker::DefaultGroup => EitherOf3::A(view! { <p class="blocker">{tu_string!(i18n, delete_groups.default_group)}</p> }),
                Blocker::Interfaces(interfaces) => EitherOf3::B(view! {
                    <p class="blocker">{tu_string!(i18n, delete_groups.on_interfaces)}</p>
                    <ul>{interfaces.into_iter().map(|interface| view! { <InterfaceItem interface /> }).collect_view()}</ul>
                }),
                Blocker::Rules(rules) => EitherOf3::C(view! {
                    <p class="blocker">{tu_string!(i18n, delete_groups.referenced)}</p>
                    <ul>{rules.into_iter().map(|rule| view! { <RuleItem region=region.clone() rule /> }).collect_view()}</ul>
                }),
            })
            .collect_view())
    };
    let templates = (!templates.is_empty()).then(|| {
        view! {
            <p>{tu_string!(i18n, delete_groups.templates)}</p>
            <ul>{templates.into_iter().map(|template| view! { <TemplateItem template /> }).collect_view()}</ul>
        }
    });
    view! {
        <li>
            <h2><a href=href>{format!("{name} ({id})")}</a></h2>
            {blockers}
            {templates}
        </li>
    }
}
