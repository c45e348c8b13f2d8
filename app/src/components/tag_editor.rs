//! Tag rows (Key, Value - optional, Remove) and "Add new tag", checked by the model as they are
//! typed: the "Manage tags" page and the group form share them.
//!
//! Like the rule editor, part of a GET form without JavaScript: "Add new tag" and "Remove" are
//! submit buttons (`op=add:tags`, `op=delete:tags:N`, applied with [`super::apply_op`]);
//! hydrated, they change the rows in place. The fields are `tags[N][key]` and `tags[N][value]`.

use leptos::prelude::*;

use super::error_panel::tag_problem_text;
use crate::i18n::*;
use crate::model::{TagProblem, TagRow, TagsCheck};

/// The form fields' list name, and the `op` values' list.
pub const TAG_LIST: &str = "tags";

/// A row's problems: its key's and its value's.
type TagProblems = (Option<TagProblem>, Option<TagProblem>);

#[derive(Clone, Copy)]
struct TagField {
    key: usize,
    row: RwSignal<TagRow>,
}

/// The rows of one tag editor, and their check.
#[derive(Clone, Copy)]
pub struct TagRows {
    rows: RwSignal<Vec<TagField>>,
    next_key: StoredValue<usize>,
    /// The model's check of the rows as they are now.
    pub check: Memo<TagsCheck>,
}

impl TagRows {
    pub fn new(rows: Vec<TagRow>) -> TagRows {
        let next_key = StoredValue::new(rows.len());
        let rows = RwSignal::new(
            rows.into_iter()
                .enumerate()
                .map(|(key, row)| TagField { key, row: RwSignal::new(row) })
                .collect::<Vec<_>>(),
        );
        let check =
            Memo::new(move |_| TagsCheck::of(&rows.with(|rows| rows.iter().map(|r| r.row.get()).collect::<Vec<_>>())));
        TagRows { rows, next_key, check }
    }

    fn add(&self) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.rows.update(|rows| rows.push(TagField { key, row: RwSignal::new(TagRow::default()) }));
    }

    fn remove(&self, key: usize) {
        self.rows.update(|rows| rows.retain(|r| r.key != key));
    }

    fn index_of(&self, key: usize) -> usize {
        self.rows.with(|rows| rows.iter().position(|r| r.key == key).unwrap_or_default())
    }
}

#[component]
pub fn TagEditor(rows: TagRows, locale: Locale) -> impl IntoView {
    let problem = move |p: TagProblem| tag_problem_text(&p, locale);
    view! {
        <div class="tag-editor">
            <p class="hint">{td_string!(locale, tags.limits)}</p>
            <For each=move || rows.rows.get() key=|r| r.key let:field>
                {
                    let TagField { key, row } = field;
                    let index = Memo::new(move |_| rows.index_of(key));
                    let problems = move || rows.check.with(|c| c.rows.get(index.get()).cloned().unwrap_or_default());
                    let id = move |field: &str| format!("tag-{key}-{field}");
                    let name = move |field: &'static str| move || format!("{TAG_LIST}[{}][{field}]", index.get());
                    // Key or Value: the field, in its label, and its problem under it, tied to it.
                    let field = move |class: &'static str,
                                      label: &'static str,
                                      field: &'static str,
                                      get: fn(&TagRow) -> String,
                                      set: fn(&mut TagRow, String),
                                      pick: fn(TagProblems) -> Option<TagProblem>| {
                        let error_id = id(&format!("{field}-error"));
                        let shown = move || pick(problems());
                        view! {
                            <div class=class>
                                <label>
                                    {label}
                                    <input
                                        type="text"
                                        name=name(field)
                                        value=row.with_untracked(get)
                                        on:input=move |ev| row.update(|r| set(r, event_target_value(&ev)))
                                        aria-invalid=move || shown().map(|_| "true")
                                        aria-describedby={
                                            let error_id = error_id.clone();
                                            move || shown().map(|_| error_id.clone())
                                        }
                                    />
                                </label>
                                {move || shown().map(|p| view! { <p class="field-error" id=error_id.clone()>{problem(p)}</p> })}
                            </div>
                        }
                    };
                    view! {
                        <fieldset class="tag-row">
                            <legend>{move || td_string!(locale, tags.tag_n, n = index.get() + 1)}</legend>
                            {field("field", td_string!(locale, tags.key), "key", |r| r.key.clone(), |r, v| r.key = v, |p| p.0)}
                            {field(
                                "field field-grow",
                                td_string!(locale, tags.value),
                                "value",
                                |r| r.value.clone(),
                                |r, v| r.value = v,
                                |p| p.1,
                            )}
                            <button
                                type="submit"
                                class="secondary"
                                name="op"
                                value=move || format!("delete:{TAG_LIST}:{}", index.get())
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    rows.remove(key);
                                }
                            >
                                {td_string!(locale, tags.remove)}
                            </button>
                        </fieldset>
                    }
                }
            </For>
            {move || rows.rows.with(Vec::is_empty).then(|| view! { <p class="empty-state">{td_string!(locale, tags.no_tags)}</p> })}
            <button
                type="submit"
                class="secondary"
                name="op"
                value=format!("add:{TAG_LIST}")
                on:click=move |ev| {
                    ev.prevent_default();
                    rows.add();
                }
            >
                {td_string!(locale, tags.add)}
            </button>
            {move || rows.check.with(|c| c.set.clone()).map(|p| view! { <p class="field-error" role="alert">{problem(p)}</p> })}
        </div>
    }
}
