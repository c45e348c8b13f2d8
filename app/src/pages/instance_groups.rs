//! "Change security groups" of an instance (`/instances/REGION/ID/security-groups`): its network
//! interface (chosen, when it has several), the groups associated with it, the VPC's groups to
//! add, a preview, and Save. A GET form to its own page without JavaScript; Save posts to the
//! server function, which answers with the Instances page, or with this page again, the groups
//! and the error in its URL.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_location, use_params_map};
use serde::{Deserialize, Serialize};

use crate::api::instances::{ChangeInstanceGroups, InstanceGroups, get_instance_groups};
use crate::components::{
    ErrorPanel, FormHead, GroupSet, GroupSetDraft, GroupSetEditor, GroupSetPreview, PageTitle, hydration_flag,
};
use crate::i18n::*;
use crate::islands::{IslandStart, island_locale, island_start, refused_post, submission};
use crate::model::{Interface, PickProblem};

#[component]
pub fn ChangeGroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = crate::api::loaded::load(
        move || params.with(|p| (p.get("region").unwrap_or_default(), p.get("id").unwrap_or_default())),
        |(region, id)| get_instance_groups(region, id),
    );
    view! {
        <PageTitle text=move || t_string!(i18n, instance_groups.title) />
        <Suspense fallback=move || view! { <p>{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => Either::Left(view! { <ChangeGroups data /> }),
                    Err(error) => Either::Right(view! {
                        <h1>{tu_string!(i18n, instance_groups.title)}</h1>
                        <ErrorPanel error />
                    }),
                }
            })}
        </Suspense>
    }
}

fn interface_groups(interface: Option<&Interface>) -> Vec<String> {
    interface.map(|i| i.groups.iter().map(|g| g.id.clone()).collect()).unwrap_or_default()
}

/// What the form starts from, read from the URL on the server (the form's own GET, or the
/// instance's primary interface as it is), given to the island.
#[component]
fn ChangeGroups(data: InstanceGroups) -> impl IntoView {
    let draft = GroupSetDraft::from_query(&use_location().search.get_untracked());
    // The interface shown: the one the form chose, else the primary one.
    let interface_id = draft.as_ref().map(|d| d.interface.clone()).unwrap_or_default();
    let interface = data.instance.interface(&interface_id).or(data.instance.interfaces.first());
    let interface_id = interface.map(|i| i.id.clone()).unwrap_or_default();
    let before = interface_groups(interface);
    let (chosen, pick_problem, pick) = match draft {
        // "Show its security groups" of another interface starts from that interface's groups.
        Some(draft) if draft.op == "interface" || draft.shown != draft.interface => (before, None, String::new()),
        Some(mut draft) => {
            let problem = draft.apply_op(&data.available);
            (draft.groups, problem, draft.pick)
        }
        None => (before, None, String::new()),
    };
    let i18n = use_i18n();
    let instance = &data.instance;
    view! {
        <FormHead
            back=format!("/instances?region={}", data.region)
            back_label=t_string!(i18n, instances.title)
            here=instance.id.clone()
            title=t_string!(i18n, instance_groups.title)
            intro=t_string!(i18n, instance_groups.intro, instance = instance.label(), vpc = instance.vpc_id.clone())
            error=refused_post()
        />
        <IslandStart id=START start=Start { data, interface_id, chosen, pick, pick_problem }>
            <ChangeGroupsForm />
        </IslandStart>
    }
}

/// Where the page gives it to the island.
const START: &str = "change-groups-start";

/// What the instance's form starts from.
#[derive(Clone, Serialize, Deserialize)]
struct Start {
    data: InstanceGroups,
    /// The interface shown.
    interface_id: String,
    /// Its groups as the form has them.
    chosen: Vec<String>,
    /// What was typed in "Select security groups", and why it was not added.
    pick: String,
    pick_problem: Option<PickProblem>,
}

/// The form: the interface, its groups as chosen, the groups to add (checked as they are
/// typed), the preview, and Save.
#[island(lazy)]
fn ChangeGroupsForm() -> impl IntoView {
    let Start { data, interface_id, chosen, pick, pick_problem } = island_start(START);
    let locale = island_locale();
    let sending = submission();
    let InstanceGroups { region, instance, available } = data;
    let interface = instance.interface(&interface_id).cloned();
    let before = interface_groups(interface.as_ref());
    let set = GroupSet::new(before, chosen, available);
    set.pick.set(pick);
    set.pick_problem.set(pick_problem);
    let hydrated = hydration_flag();

    let instances_page = format!("/instances?region={region}");
    let page = format!("/instances/{region}/{}/security-groups", instance.id);
    let chosen_interface = RwSignal::new(interface_id.clone());
    // Several interfaces: choose one. Hydrated, choosing shows its groups at once.
    let interfaces = (instance.interfaces.len() > 1).then(|| {
        let all = instance.interfaces.clone();
        let choose = {
            let all = all.clone();
            move |ev: leptos::ev::Event| {
                let id = event_target_value(&ev);
                let groups = interface_groups(all.iter().find(|i| i.id == id));
                chosen_interface.set(id);
                set.before.set_value(groups.clone());
                set.chosen.set(groups);
            }
        };
        let options = all
            .iter()
            .map(|i| {
                let (id, index) = (i.id.clone(), i.device_index);
                let selected = i.id == interface_id;
                view! {
                    <option value=i.id.clone() selected=selected>
                        {td_string!(locale, instance_groups.interface_label, id = id, index = index)}
                    </option>
                }
            })
            .collect_view();
        view! {
            <div class="field">
                <label for="interface-select">{td_string!(locale, instance_groups.interface)}</label>
                <select id="interface-select" name="interface" on:change=choose>{options}</select>
            </div>
            <button type="submit" class="secondary" name="op" value="interface" hidden=move || hydrated.get()>
                {td_string!(locale, instance_groups.show_interface)}
            </button>
        }
    });
    let single_interface = (instance.interfaces.len() <= 1)
        .then(|| view! { <input type="hidden" name="interface" value=interface_id.clone() /> });
    let shown = view! { <input type="hidden" name="shown" prop:value=move || chosen_interface.get() value=interface_id.clone() /> };

    let limits = td_string!(locale, instance_groups.limits);
    view! {
        <form method="get" action=page class="editor-form" novalidate>
            // The form's default button, for Enter in "Select security groups": add the group.
            <button type="submit" name="op" value="add" hidden tabindex="-1"></button>
            <input type="hidden" name="form" value="1" />
            <input type="hidden" name="region" value=region.clone() />
            <input type="hidden" name="instance" value=instance.id.clone() />
            {interfaces}
            {single_interface}
            {shown}
            <GroupSetEditor set limits locale />
            <GroupSetPreview set locale />
            <div class="form-actions">
                <a href=instances_page>{td_string!(locale, editor.cancel)}</a>
                <button
                    type="submit"
                    formmethod="post"
                    formaction=ChangeInstanceGroups::PATH
                    on:click=move |ev| sending.send(&ev)
                    disabled=move || hydrated.get() && !set.ready()
                >
                    {sending.label(td_string!(locale, instance_groups.save), td_string!(locale, instance_groups.saving))}
                </button>
            </div>
        </form>
    }
}
