//! The security groups chosen for a network interface or a launch template version:
//! "Associated security groups" (each with "Remove"), "Select security groups" (a text input
//! whose suggestions are the groups that may be chosen, by id with their names), "Add security
//! group", and a preview of what is added and removed.
//!
//! Without JavaScript the buttons submit the page's GET form (`op=add`, `op=remove:ID`), which
//! comes back with the set in its URL (`groups[N]`); hydrated, they work in place. Either way
//! the set is checked by the model's `check_group_set`, which the server runs again.

use leptos::either::Either;
use leptos::prelude::*;
use serde::Deserialize;

use super::{group_set_problem_text, pick_problem_text};
use crate::i18n::*;
use crate::model::{GroupRef, GroupSetProblem, PickProblem, add_group, check_group_set, group_set_changes};

/// What a group-set form sends back to its page. `form` marks a page that came from the form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GroupSetDraft {
    pub form: Option<String>,
    pub groups: Vec<String>,
    pub pick: String,
    pub op: String,
    pub interface: String,
    /// The interface whose groups the form showed: when `interface` differs, the person chose
    /// another one, and the form starts again from that one's groups.
    pub shown: String,
    pub description: String,
    pub make_default: bool,
}

impl GroupSetDraft {
    /// The draft in a page's query string, if the page came from the form.
    pub fn from_query(search: &str) -> Option<GroupSetDraft> {
        let query = search.trim_start_matches('?');
        serde_qs::Config::new(5, false).deserialize_str::<GroupSetDraft>(query).ok().filter(|d| d.form.is_some())
    }

    /// Applies its `op` to its groups: `add` adds the group `pick` names, `remove:ID` removes
    /// one. Answers why nothing was added, if so (nothing typed is no problem: Enter in another
    /// field submits `add` too).
    pub fn apply_op(&mut self, available: &[GroupRef]) -> Option<PickProblem> {
        if self.op == "add" && !self.pick.trim().is_empty() {
            let added = add_group(&mut self.groups, available, &self.pick);
            if added.is_ok() {
                self.pick.clear();
            }
            return added.err();
        }
        if let Some(id) = self.op.strip_prefix("remove:") {
            self.groups.retain(|g| g != id);
        }
        None
    }
}

/// The state of a group-set form.
#[derive(Clone, Copy)]
pub struct GroupSet {
    /// The groups the form opened with: the preview is measured from them.
    pub before: StoredValue<Vec<String>>,
    pub chosen: RwSignal<Vec<String>>,
    pub available: StoredValue<Vec<GroupRef>>,
    pub pick: RwSignal<String>,
    pub pick_problem: RwSignal<Option<PickProblem>>,
    pub problem: Memo<Option<GroupSetProblem>>,
}

impl GroupSet {
    pub fn new(before: Vec<String>, chosen: Vec<String>, available: Vec<GroupRef>) -> GroupSet {
        let chosen = RwSignal::new(chosen);
        let available = StoredValue::new(available);
        GroupSet {
            before: StoredValue::new(before),
            chosen,
            available,
            pick: RwSignal::new(String::new()),
            pick_problem: RwSignal::new(None),
            problem: Memo::new(move |_| chosen.with(|c| available.with_value(|a| check_group_set(c, a)))),
        }
    }

    /// Whether there is something valid to save.
    pub fn ready(&self) -> bool {
        self.problem.with(Option::is_none) && self.chosen.with(|c| self.before.with_value(|b| c != b))
    }

    fn label(&self, id: &str) -> String {
        self.available
            .with_value(|a| a.iter().find(|g| g.id == id).map(GroupRef::label))
            .unwrap_or_else(|| id.to_owned())
    }
}

/// The editor. `limits` says how many groups of which VPC may be chosen.
#[component]
pub fn GroupSetEditor(set: GroupSet, limits: &'static str, locale: Locale) -> impl IntoView {
    let pick_input = NodeRef::<leptos::html::Input>::new();
    let add = move || {
        let typed = set.pick.get_untracked();
        let mut chosen = set.chosen.get_untracked();
        match set.available.with_value(|a| add_group(&mut chosen, a, &typed)) {
            Ok(()) => {
                set.chosen.set(chosen);
                set.pick.set(String::new());
                set.pick_problem.set(None);
            }
            Err(problem) => set.pick_problem.set(Some(problem)),
        }
    };
    let associated = move || {
        let chosen = set.chosen.get();
        if chosen.is_empty() {
            return Either::Left(view! { <p>{td_string!(locale, instance_groups.none_associated)}</p> });
        }
        let items = chosen
            .into_iter()
            .enumerate()
            .map(|(i, id)| {
                let label = set.label(&id);
                let remove_label = {
                    let label = label.clone();
                    td_string!(locale, instance_groups.remove_group, group = label)
                };
                let remove_id = id.clone();
                view! {
                    <li>
                        <span>{label}</span>
                        <input type="hidden" name=format!("groups[{i}]") value=id.clone() />
                        <button
                            type="submit"
                            class="secondary"
                            name="op"
                            value=format!("remove:{id}")
                            aria-label=remove_label
                            on:click=move |ev| {
                                ev.prevent_default();
                                set.chosen.update(|c| c.retain(|g| *g != remove_id));
                                // The button is gone: keep the keyboard in the editor.
                                if let Some(input) = pick_input.get_untracked() {
                                    let _ = input.focus();
                                }
                            }
                        >
                            {td_string!(locale, instance_groups.remove)}
                        </button>
                    </li>
                }
            })
            .collect_view();
        Either::Right(view! { <ul class="group-set" aria-labelledby="associated-title">{items}</ul> })
    };
    // Suggestions: the groups not chosen yet, by id with their names.
    let options = move || {
        let chosen = set.chosen.get();
        set.available.with_value(|a| {
            a.iter()
                .filter(|g| !chosen.contains(&g.id))
                .map(|g| view! { <option value=g.id.clone()>{g.name.clone()}</option> })
                .collect_view()
        })
    };
    let set_error = move || set.problem.get().map(|p| group_set_problem_text(&p, locale));
    let pick_error = move || set.pick_problem.get().map(|p| pick_problem_text(&p, locale));
    view! {
        <section class="form-section" aria-labelledby="associated-title">
            <h2 id="associated-title">{td_string!(locale, instance_groups.associated)}</h2>
            <p class="hint" id="group-limits">{limits}</p>
            {associated}
            {move || set_error().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            <div class="field">
                <label for="group-pick">{td_string!(locale, instance_groups.select)}</label>
                <input
                    id="group-pick"
                    node_ref=pick_input
                    name="pick"
                    type="text"
                    list="group-choices"
                    autocomplete="off"
                    value=set.pick.get_untracked()
                    prop:value=move || set.pick.get()
                    on:input=move |ev| {
                        set.pick.set(event_target_value(&ev));
                        set.pick_problem.set(None);
                    }
                    // Enter adds the group, as the form's default button does without JavaScript.
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            add();
                        }
                    }
                    aria-invalid=move || pick_error().map(|_| "true")
                    aria-describedby=move || {
                        if pick_error().is_some() {
                            "group-pick-error group-pick-hint group-limits"
                        } else {
                            "group-pick-hint group-limits"
                        }
                    }
                />
                <datalist id="group-choices">{options}</datalist>
                <p class="hint" id="group-pick-hint">{td_string!(locale, instance_groups.select_hint)}</p>
                {move || pick_error().map(|text| view! { <p class="field-error" id="group-pick-error">{text}</p> })}
            </div>
            <button
                type="submit"
                class="secondary"
                name="op"
                value="add"
                on:click=move |ev| {
                    ev.prevent_default();
                    add();
                }
            >
                {td_string!(locale, instance_groups.add)}
            </button>
        </section>
    }
}

/// "Preview changes": the groups added and removed since the form opened.
#[component]
pub fn GroupSetPreview(set: GroupSet, locale: Locale) -> impl IntoView {
    let changes = move || set.chosen.with(|c| set.before.with_value(|b| group_set_changes(b, c)));
    let list = move |id: &'static str, title: String, groups: Vec<String>| {
        (!groups.is_empty()).then(|| {
            let items = groups.iter().map(|g| view! { <li>{set.label(g)}</li> }).collect_view();
            view! {
                <h3 id=id>{title}</h3>
                <ul aria-labelledby=id>{items}</ul>
            }
        })
    };
    view! {
        <section class="preview" aria-labelledby="group-preview-title">
            <h2 id="group-preview-title">{td_string!(locale, instance_groups.preview_title)}</h2>
            {move || {
                let (added, removed) = changes();
                if added.is_empty() && removed.is_empty() {
                    return Either::Left(view! { <p>{td_string!(locale, instance_groups.unchanged)}</p> });
                }
                Either::Right(view! {
                    {list("groups-added", td_string!(locale, instance_groups.added).to_owned(), added)}
                    {list("groups-removed", td_string!(locale, instance_groups.removed).to_owned(), removed)}
                })
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_reads_back_with_its_op_applied() {
        let available = [
            GroupRef { id: "sg-1".into(), name: "web".into(), vpc_id: "vpc-1".into() },
            GroupRef { id: "sg-2".into(), name: "db".into(), vpc_id: "vpc-1".into() },
        ];
        let mut draft = GroupSetDraft::from_query("?form=1&groups[0]=sg-1&pick=db&op=add").expect("a draft");
        assert_eq!(draft.apply_op(&available), None);
        assert_eq!(
            (draft.groups.as_slice(), draft.pick.as_str()),
            (["sg-1".to_owned(), "sg-2".to_owned()].as_slice(), "")
        );
        let mut draft =
            GroupSetDraft::from_query("?form=1&groups[0]=sg-1&groups[1]=sg-2&op=remove:sg-1").expect("a draft");
        draft.apply_op(&available);
        assert_eq!(draft.groups, ["sg-2"]);
        let mut draft = GroupSetDraft::from_query("?form=1&pick=cache&op=add").expect("a draft");
        assert_eq!(draft.apply_op(&available), Some(PickProblem::NotFound("cache".into())));
        assert_eq!(draft.pick, "cache", "what was typed stays to be fixed");
        assert!(GroupSetDraft::from_query("?interface=eni-1").is_none());
    }
}
