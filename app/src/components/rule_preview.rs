//! "Preview changes": what saving a rule editor adds, changes and removes, and the warnings of
//! shared/EC2-FACTS.md's risk checks, computed by the model from the rows as they are.
//!
//! The preview is made in words ([`PreviewText`]) by code the browser loads when a preview is
//! first shown (`#[lazy]`), not with the island: most visits to an editor never ask for one.

use leptos::either::Either;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use super::RuleRows;
use crate::i18n::*;
use crate::model::{ChangeHow, Direction, Exposure, Peers, Rule, RuleChanges, RuleRow, RulesCheck, Warning, warnings};
use crate::pages::labels;

/// A preview in words: the rules added, changed (and whether EC2 replaces the rule: revokes it
/// and authorizes it again) and removed, and the warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewText {
    added: Vec<String>,
    changed: Vec<(String, bool)>,
    removed: Vec<String>,
    warnings: Vec<String>,
}

impl PreviewText {
    /// Saving `rules` where the editor opened with `opened`, in `locale`.
    pub fn of(direction: Direction, opened: &[Rule], rules: &[Rule], locale: Locale) -> PreviewText {
        let changes = RuleChanges::between(opened, rules);
        let summary = |rule: &Rule| labels::rule_summary(rule, locale);
        PreviewText {
            added: changes.added.iter().map(summary).collect(),
            changed: changes
                .changed
                .iter()
                .map(|c| (format!("{} → {}", summary(&c.before), summary(&c.after)), c.how() == ChangeHow::Replace))
                .collect(),
            removed: changes.removed.iter().map(summary).collect(),
            warnings: warnings(direction, &changes, rules.len()).iter().map(|w| warning_text(w, locale)).collect(),
        }
    }

    /// The preview a page is made with: of `rows`, when they are all rules.
    pub fn of_rows(
        direction: Direction,
        opened: &[Rule],
        rows: &[RuleRow],
        peers: &Peers,
        locale: Locale,
    ) -> Option<PreviewText> {
        RulesCheck::of(rows, peers).rules.map(|rules| PreviewText::of(direction, opened, &rules, locale))
    }
}

/// [`PreviewText::of`] in the browser. `opened` is the JSON the editor's form keeps them in (a
/// new group's form has none).
#[lazy]
fn preview_text(direction: Direction, opened: String, rules: Vec<Rule>, locale: Locale) -> PreviewText {
    let opened: Vec<Rule> = serde_json::from_str(&opened).unwrap_or_default();
    PreviewText::of(direction, &opened, &rules, locale)
}

/// One editor's preview, while its page shows one: made again as the rows change.
#[derive(Clone, Copy)]
pub struct LivePreview {
    rows: RuleRows,
    text: RwSignal<Option<PreviewText>>,
}

impl LivePreview {
    /// `initial` is the preview the page was made with (the server's), which the island starts
    /// from.
    pub fn new(
        shown: RwSignal<bool>,
        direction: Direction,
        rows: RuleRows,
        opened: String,
        initial: Option<PreviewText>,
        locale: Locale,
    ) -> LivePreview {
        let text = RwSignal::new(initial);
        let opened = StoredValue::new(opened);
        // Only the latest rows' preview is shown, whichever is made first.
        let latest = StoredValue::new(0_u32);
        // Effects run only in the browser.
        Effect::new(move |_| {
            let Some(rules) = rows.check.with(|c| c.rules.clone()).filter(|_| shown.get()) else {
                return;
            };
            let run = latest.get_value().wrapping_add(1);
            latest.set_value(run);
            let opened = opened.get_value();
            spawn_local(async move {
                let made = preview_text(direction, opened, rules, locale).await;
                if latest.get_value() == run && text.with_untracked(|t| t.as_ref() != Some(&made)) {
                    text.set(Some(made));
                }
            });
        });
        LivePreview { rows, text }
    }
}

#[component]
pub fn RulePreview(
    preview: LivePreview,
    locale: Locale,
    /// Starts the ids of the section's headings: a page with two previews tells them apart.
    #[prop(default = "preview")]
    id: &'static str,
    /// The heading, when not "Preview changes".
    #[prop(optional)]
    title: Option<&'static str>,
) -> impl IntoView {
    let title = title.unwrap_or_else(|| td_string!(locale, editor.preview));
    let LivePreview { rows, text } = preview;
    let problems =
        move || rows.check.with(|c| c.rules.is_none().then(|| c.rows_with_problems() + usize::from(c.quota.is_some())));
    view! {
        <section class="preview" aria-labelledby=format!("{id}-title")>
            <h2 id=format!("{id}-title")>{title}</h2>
            {move || match problems() {
                Some(count) => Either::Left(view! { <p class="field-error" role="alert">{td_string!(locale, editor.fix_first, count = count)}</p> }),
                None => Either::Right(text.get().map(|text| changes(text, id, locale))),
            }}
        </section>
    }
}

fn changes(text: PreviewText, id: &'static str, locale: Locale) -> impl IntoView {
    let PreviewText { added, changed, removed, warnings } = text;
    let empty = added.is_empty() && changed.is_empty() && removed.is_empty();
    let heading = |part: &str| format!("{id}-{part}");
    // A rule's summary, and whether EC2 replaces it.
    let item = move |(text, replaced): (String, bool)| {
        let replaced =
            replaced.then(|| view! { <br /><span class="muted">{td_string!(locale, editor.replaced)}</span> });
        view! { <li>{text}{replaced}</li> }
    };
    let list = move |heading: String, items: Vec<(String, bool)>| {
        if items.is_empty() {
            Either::Left(view! { <p>{td_string!(locale, editor.none)}</p> })
        } else {
            Either::Right(view! { <ul aria-labelledby=heading>{items.into_iter().map(item).collect_view()}</ul> })
        }
    };
    let unreplaced = |texts: Vec<String>| texts.into_iter().map(|t| (t, false)).collect();
    view! {
        {empty.then(|| view! { <p>{td_string!(locale, editor.no_changes)}</p> })}
        <h3 id=heading("added")>{td_string!(locale, editor.rules_added)}</h3>
        {list(heading("added"), unreplaced(added))}
        <h3 id=heading("changed")>{td_string!(locale, editor.rules_changed)}</h3>
        {list(heading("changed"), changed)}
        <h3 id=heading("removed")>{td_string!(locale, editor.rules_removed)}</h3>
        {list(heading("removed"), unreplaced(removed))}
        {(!warnings.is_empty()).then(|| view! {
            <h3 id=heading("warnings")>{td_string!(locale, editor.warnings)}</h3>
            <ul class="warnings" aria-labelledby=heading("warnings")>
                {warnings.into_iter().map(|w| view! { <li><span role="alert">{w}</span></li> }).collect_view()}
            </ul>
        })}
    }
}

/// A warning in words, in `locale`.
pub fn warning_text(warning: &Warning, locale: Locale) -> String {
    let ports = |ports: &[i32]| ports.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    match warning {
        Warning::OpenToWorld { rule, exposure } => {
            let rule = labels::rule_summary(rule, locale);
            match exposure {
                Exposure::AllTraffic => td_string!(locale, editor.warn_all_traffic, rule = rule),
                Exposure::AllPorts => td_string!(locale, editor.warn_all_ports, rule = rule),
                Exposure::AdminPorts(p) => td_string!(locale, editor.warn_admin, rule = rule, ports = ports(p)),
                Exposure::HighRiskPorts(p) => td_string!(locale, editor.warn_high_risk, rule = rule, ports = ports(p)),
            }
        }
        Warning::RemovesEveryRule(Direction::Inbound) => td_string!(locale, editor.warn_removes_inbound).to_owned(),
        Warning::RemovesEveryRule(Direction::Outbound) => td_string!(locale, editor.warn_removes_outbound).to_owned(),
    }
}
