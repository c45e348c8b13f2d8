//! "Manage tags" of a group, or of rules chosen on a rules tab (`?rule=sgr-...`): tag rows
//! (Key, Value - optional, Remove), "Add new tag", a preview of what saving changes, then
//! "Save changes". Like the rule editor, a GET form to this page without JavaScript ("Add new
//! tag" and "Remove" come back with the rows in the URL); hydrated, rows are added, removed and
//! checked in place. "Save changes" posts the same fields to the server function either way.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::api::groups::{GroupDetail, get_group};
use crate::api::tags::SaveTags;
use crate::components::{ErrorPanel, GroupBreadcrumb, PageTitle, TAG_LIST, TagEditor, TagRows, apply_op, form_errors};
use crate::error::Failure;
use crate::i18n::*;
use crate::islands::{IslandStart, island_locale, island_start, refused_post, submission};
use crate::model::{Tag, TagChanges, TagRow, common_tags};

/// What the tag form sends back.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Draft {
    /// The tags the form was opened with (JSON).
    opened: Option<String>,
    tags: Vec<TagRow>,
    op: String,
}

#[component]
pub fn ManageTagsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let key = move || params.with(|p| (p.get("region").unwrap_or_default(), p.get("id").unwrap_or_default()));
    let chosen = move || query.with(|q| q.get_all("rule").unwrap_or_default());
    let detail = crate::api::loaded::load(key, |(region, id)| get_group(region, id));
    view! {
        <Suspense fallback=move || view! { <p role="status">{tu_string!(i18n, app.loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => Either::Left(view! { <ManageTags detail chosen=chosen() /> }),
                    Err(error) => Either::Right(view! {
                        <PageTitle text=move || t_string!(i18n, tags.title) />
                        <h1>{tu_string!(i18n, tags.title)}</h1>
                        <ErrorPanel error />
                    }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ManageTags(detail: GroupDetail, chosen: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let GroupDetail { region, group, .. } = detail;
    let (rules, gone) = group.chosen_rules(None, &chosen);
    let current: Vec<Tag> = if chosen.is_empty() {
        group.tags.clone()
    } else {
        common_tags(&rules.iter().map(|r| r.tags.clone()).collect::<Vec<_>>())
    };
    let search = use_location().search.get_untracked();
    let draft = serde_qs::Config::new(5, false)
        .deserialize_str::<Draft>(search.trim_start_matches('?'))
        .ok()
        .filter(|d| d.opened.is_some());
    let (opened, rows) = match draft {
        Some(mut draft) => {
            let opened: Vec<Tag> =
                serde_json::from_str(draft.opened.as_deref().unwrap_or_default()).unwrap_or_default();
            apply_op(&mut draft.tags, TAG_LIST, &draft.op);
            (opened, draft.tags)
        }
        None => (current.clone(), current.iter().map(TagRow::of).collect()),
    };
    let group_label = format!("{} ({})", group.name, group.id);
    let target = if chosen.is_empty() {
        t_string!(i18n, tags.for_group, group = group_label.clone())
    } else {
        t_string!(i18n, tags.for_rules, count = chosen.len(), group = group_label.clone(), ids = chosen.join(", "))
    };
    view! {
        <PageTitle text=move || t_string!(i18n, tags.title) />
        <GroupBreadcrumb region=region.clone() group_id=group.id.clone() here=move || t_string!(i18n, tags.title) />
        <h1>{tu_string!(i18n, tags.title)}</h1>
        <p>{target}</p>
        {(!chosen.is_empty()).then(|| view! { <p class="hint">{tu_string!(i18n, tags.shared_only)}</p> })}
        {form_errors((!gone.is_empty()).then(|| Failure::RulesGone(gone).into()).into_iter().chain(refused_post()))}
        <IslandStart id=START start=Start { region, group_id: group.id, chosen, opened, rows }>
            <ManageTagsForm />
        </IslandStart>
    }
}

/// Where the page gives it to the island.
const START: &str = "manage-tags-start";

/// What the tags form starts from.
#[derive(Clone, Serialize, Deserialize)]
struct Start {
    region: String,
    group_id: String,
    /// The rules whose tags are managed; none for the group's.
    chosen: Vec<String>,
    /// The tags the form was opened with.
    opened: Vec<Tag>,
    rows: Vec<TagRow>,
}

/// The tag rows, checked as they are typed, the preview of what saving changes, and "Save
/// changes".
#[island(lazy)]
fn ManageTagsForm() -> impl IntoView {
    let Start { region, group_id, chosen, opened, rows } = island_start(START);
    let locale = island_locale();
    let sending = submission();
    let opened_json = serde_json::to_string(&opened).unwrap_or_default();
    let opened = StoredValue::new(opened);
    let rows = TagRows::new(rows);
    let check = rows.check;
    let changes = Memo::new(move |_| {
        check.with(|c| c.tags.as_ref().map(|tags| opened.with_value(|opened| TagChanges::between(opened, tags))))
    });

    let group_page = format!("/security-groups/{region}/{group_id}");
    let cancel = if chosen.is_empty() { format!("{group_page}?tab=tags") } else { group_page.clone() };
    let page = format!("{group_page}/tags");
    let hidden_rules = chosen
        .iter()
        .enumerate()
        .map(|(i, id)| view! { <input type="hidden" name=format!("rules[{i}]") value=id.clone() /> })
        .collect_view();
    // Tags with problems are not sent: the rows show them, the preview says to fix them.
    let save_click = move |ev: leptos::ev::MouseEvent| {
        if check.with(|c| c.tags.is_none()) {
            ev.prevent_default();
        } else {
            sending.send(&ev);
        }
    };
    let form = view! {
        <form method="get" action=page class="editor-form" novalidate>
            // The default button for Enter in a field: back to this page, never a row's "Remove".
            <button type="submit" name="op" value="keep" hidden tabindex="-1" on:click=|ev| ev.prevent_default()></button>
            <input type="hidden" name="opened" value=opened_json />
            <input type="hidden" name="region" value=region.clone() />
            <input type="hidden" name="id" value=group_id.clone() />
            {chosen.iter().map(|id| view! { <input type="hidden" name="rule" value=id.clone() /> }).collect_view()}
            {hidden_rules}
            <TagEditor rows locale />
            <div class="form-actions">
                <a href=cancel>{td_string!(locale, editor.cancel)}</a>
                <button
                    type="submit"
                    formmethod="post"
                    formaction=SaveTags::PATH
                    on:click=save_click
                >
                    {sending.label(td_string!(locale, tags.save), td_string!(locale, tags.saving))}
                </button>
            </div>
        </form>
    };
    view! {
        {form}
        <section class="preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{td_string!(locale, editor.preview)}</h2>
            {move || match changes.get() {
                None => EitherOf3::A(view! { <p class="field-error">{td_string!(locale, errors.form_problems.todo)}</p> }),
                Some(changes) if changes.is_empty() => EitherOf3::B(view! { <p>{td_string!(locale, tags.no_changes)}</p> }),
                Some(changes) => {
                    let item = |t: Tag| view! { <li><span class="tag-key">{t.key}</span>" = "{t.value}</li> };
                    EitherOf3::C(view! {
                        <h3 id="preview-set">{td_string!(locale, tags.set)}</h3>
                        {if changes.set.is_empty() { Either::Left(view! { <p>{td_string!(locale, editor.none)}</p> }) } else {
                            Either::Right(view! { <ul aria-labelledby="preview-set">{changes.set.into_iter().map(item).collect_view()}</ul> })
                        }}
                        <h3 id="preview-removed">{td_string!(locale, tags.removed)}</h3>
                        {if changes.removed.is_empty() { Either::Left(view! { <p>{td_string!(locale, editor.none)}</p> }) } else {
                            Either::Right(view! { <ul aria-labelledby="preview-removed">{changes.removed.into_iter().map(item).collect_view()}</ul> })
                        }}
                    })
                }
            }}
        </section>
    }
}
