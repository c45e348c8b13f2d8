//! "Edit inbound rules" / "Edit outbound rules": the group's rules (read fresh from EC2) in the
//! rule editor, "Preview changes", then "Save rules".
//!
//! The form is a GET form to this page: without JavaScript, "Add rule", "Delete" and "Preview
//! changes" come back here with the rows in the URL (and `opened`, the rules the editor was
//! opened with, which the server checks the group against before saving); "Save rules" posts the
//! same fields to the server function, which answers with the group's page, or with this page
//! again, the rows and the error in its URL. Hydrated, "Add rule", "Delete" and "Preview changes"
//! work in place, and "Save rules" posts the same way once the rows pass the model's checks.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::api::rules::{RuleEditor as EditorData, SaveRules, get_rule_editor};
use crate::components::{
    EditorPeers, ErrorPanel, GroupBreadcrumb, LivePreview, PageTitle, PeerSuggestions, PreviewText, RuleEditor,
    RulePreview, RuleRows, apply_op, form_errors,
};
use crate::i18n::*;
use crate::islands::{IslandStart, island_locale, island_start, refused_post, submission};
use crate::model::{Direction, Rule, RuleRow};

/// What the editor's GET form sends back.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct Draft {
    /// The rules the editor was opened with (JSON); present in every form the editor sent.
    opened: Option<String>,
    rules: Vec<RuleRow>,
    op: String,
}

impl Draft {
    /// The draft in a page's query string, if the page came from the editor's own form.
    fn from_query(search: &str) -> Option<Draft> {
        let query = search.trim_start_matches('?');
        serde_qs::Config::new(5, false).deserialize_str::<Draft>(query).ok().filter(|d| d.opened.is_some())
    }
}

#[component]
pub fn RuleEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.with(|p| (p.get("region").unwrap_or_default(), p.get("id").unwrap_or_default()));
    let direction = move || params.with(|p| Direction::parse(&p.get("direction").unwrap_or_default()));
    // A draft the editor's own GET form sent: what its rows name is read for them.
    let draft = Draft::from_query(&use_location().search.get_untracked());
    let rows = draft.as_ref().map(|d| d.rules.clone());
    let editor = crate::api::loaded::load(key, move |(region, id)| get_rule_editor(region, id, rows.clone()));
    let title = move |direction: Option<Direction>| match direction {
        Some(Direction::Outbound) => t_string!(i18n, editor.title_outbound),
        _ => t_string!(i18n, editor.title_inbound),
    };
    view! {
        <Suspense fallback=move || view! { <p role="status">{tu_string!(i18n, app.loading)}</p> }>
            {move || {
                let draft = draft.clone();
                Suspend::new(async move {
                    match (editor.await, direction()) {
                        (Ok(editor), Some(direction)) => {
                            EitherOf3::A(view! {
                                <PageTitle text=move || title(Some(direction)) />
                                <EditorPage editor direction draft />
                            })
                        }
                        (Err(error), direction) => EitherOf3::B(view! {
                            <PageTitle text=move || title(direction) />
                            <h1>{move || title(direction)}</h1>
                            <ErrorPanel error />
                        }),
                        (Ok(_), None) => EitherOf3::C(view! { <super::NotFound /> }),
                    }
                })
            }}
        </Suspense>
    }
}

/// The page around the editor: what the editor starts from is read here (the `draft` the
/// editor's own GET form sent, or the group's rules), and given to the island.
#[component]
fn EditorPage(editor: EditorData, direction: Direction, draft: Option<Draft>) -> impl IntoView {
    let i18n = use_i18n();
    let EditorData { region, group, peers, .. } = editor;
    let (opened, rows, preview) = match draft {
        Some(mut draft) => {
            let opened: Vec<Rule> =
                serde_json::from_str(draft.opened.as_deref().unwrap_or_default()).unwrap_or_default();
            apply_op(&mut draft.rules, "rules", &draft.op);
            (opened, draft.rules, draft.op == "preview")
        }
        None => {
            let rules = group.rules(direction);
            (rules.to_vec(), rules.iter().map(RuleRow::from_rule).collect(), false)
        }
    };
    // A finding's "Fix" link names the rule it is about.
    let marked = use_query_map().with_untracked(|q| q.get("mark")).filter(|m| !m.is_empty());
    let title = move || match direction {
        Direction::Inbound => t_string!(i18n, editor.title_inbound),
        Direction::Outbound => t_string!(i18n, editor.title_outbound),
    };
    let group_label = format!("{} ({})", group.name, group.id);
    // The groups the rows name, and those the group's rules named (a peered VPC's, which the
    // VPC's own list, loaded later, lacks).
    let peers = peers.named_by(rows.iter().map(|r| r.peer.as_str()).chain(opened.iter().map(|r| r.peer.key())));
    let refused = refused_post();
    let failed = refused.is_some();
    let preview_text =
        preview.then(|| PreviewText::of_rows(direction, &opened, &rows, &peers, i18n.get_locale_untracked())).flatten();
    let opened = serde_json::to_string(&opened).unwrap_or_default();
    view! {
        <GroupBreadcrumb region=region.clone() group_id=group.id.clone() here=title />
        <h1>{title}</h1>
        <p>{move || t_string!(i18n, editor.intro, group = group_label.clone())}</p>
        {form_errors(refused)}
        <PeerSuggestions peers=peers.clone() region=region.clone() vpc_id=group.vpc_id.clone() />
        <IslandStart id=START start=Start {
            region,
            group_id: group.id,
            direction,
            peers: EditorPeers(peers),
            opened,
            rows,
            preview,
            preview_text,
            marked,
            failed,
        }>
            <EditRules />
        </IslandStart>
    }
}

/// Where the page gives it to the island.
const START: &str = "rule-editor-start";

/// What the editor's form starts from.
#[derive(Clone, Serialize, Deserialize)]
struct Start {
    region: String,
    group_id: String,
    direction: Direction,
    peers: EditorPeers,
    /// The rules the editor was opened with, as JSON: the form sends them back as they came, and
    /// only a preview reads them.
    opened: String,
    rows: Vec<RuleRow>,
    /// Show the preview (the draft asked for it).
    preview: bool,
    /// The preview's words, when it is shown and the rows are rules.
    preview_text: Option<PreviewText>,
    /// The id of the rule a finding sent the person here for.
    marked: Option<String>,
    /// The server refused the rows the page came back with: show every row's problems.
    failed: bool,
}

/// The editor's form, its checks as the rows are typed, "Preview changes" and "Save rules".
#[island(lazy)]
fn EditRules() -> impl IntoView {
    let Start { region, group_id, direction, peers, opened, rows, preview, preview_text, marked, failed } =
        island_start(START);
    let locale = island_locale();
    let sending = submission();
    let rows = RuleRows::new(rows, peers.0, preview || failed);
    rows.marked.set(marked);
    let show_preview = RwSignal::new(preview);
    let live_preview = LivePreview::new(show_preview, direction, rows, opened.clone(), preview_text, locale);

    let group_page = format!("/security-groups/{region}/{group_id}");
    let page = format!("{group_page}/{}/edit", direction.as_str());
    let cancel = format!("{group_page}?tab={}", direction.as_str());
    let preview_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        rows.show_problems.set(true);
        show_preview.set(true);
    };
    // Rows with problems are not sent: their problems and the preview show instead.
    let save_click = move |ev: leptos::ev::MouseEvent| {
        rows.show_problems.set(true);
        if rows.check.with(|c| c.rules.is_none()) {
            ev.prevent_default();
            show_preview.set(true);
        } else {
            sending.send(&ev);
        }
    };
    let form = view! {
        <form method="get" action=page class="editor-form" novalidate>
            // The form's default button, for Enter in a field: preview, never a row's "Delete".
            <button type="submit" name="op" value="preview" hidden tabindex="-1" on:click=preview_click></button>
            <input type="hidden" name="opened" value=opened />
            <input type="hidden" name="region" value=region.clone() />
            <input type="hidden" name="id" value=group_id.clone() />
            <input type="hidden" name="direction" value=direction.as_str() />
            <RuleEditor direction list="rules" rows locale />
            <div class="form-actions">
                <a href=cancel>{td_string!(locale, editor.cancel)}</a>
                <button type="submit" class="secondary" name="op" value="preview" on:click=preview_click>
                    {td_string!(locale, editor.preview)}
                </button>
                <button type="submit" formmethod="post" formaction=SaveRules::PATH on:click=save_click>
                    {sending.label(td_string!(locale, editor.save), td_string!(locale, editor.saving))}
                </button>
            </div>
        </form>
    };
    view! {
        {form}
        {move || show_preview.get().then(|| view! { <RulePreview preview=live_preview locale /> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_reads_back_from_the_form_in_order() {
        // The rows as a browser sends them: brackets percent-encoded, more than ten rows.
        let rows: Vec<RuleRow> = (0..12)
            .map(|n| RuleRow { ports: n.to_string(), peer: format!("10.0.0.{n}/32"), ..RuleRow::default() })
            .collect();
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("opened", "[]").append_pair("op", "preview");
        for (i, row) in rows.iter().enumerate() {
            for (name, value) in row.fields("rules", i) {
                query.append_pair(&name, &value);
            }
        }
        let draft = Draft::from_query(&format!("?{}", query.finish())).expect("a draft");
        assert_eq!(draft.rules, rows);
        assert_eq!(draft.op, "preview");
        assert!(Draft::from_query("?tab=inbound").is_none(), "a page not from the form has no draft");
    }
}
