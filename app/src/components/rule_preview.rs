//! "Preview changes": what saving a rule editor adds, changes and removes, and the warnings of
//! shared/EC2-FACTS.md's risk checks, computed by the model from the rows as they are.

use leptos::either::Either;
use leptos::prelude::*;

use super::RuleRows;
use crate::i18n::*;
use crate::model::{ChangeHow, Direction, Exposure, Rule, RuleChanges, Warning, warnings};
use crate::pages::labels;

#[component]
pub fn RulePreview(
    direction: Direction,
    rows: RuleRows,
    opened: StoredValue<Vec<Rule>>,
    /// Starts the ids of the section's headings: a page with two previews tells them apart.
    #[prop(default = "preview")]
    id: &'static str,
    /// The heading, when not "Preview changes".
    #[prop(optional)]
    title: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = title.unwrap_or_else(|| tu_string!(i18n, editor.preview));
    let preview = Memo::new(move |_| {
        rows.check.with(|check| {
            let rules = check.rules.as_ref()?;
            let changes = opened.with_value(|opened| RuleChanges::between(opened, rules));
            let warnings = warnings(direction, &changes, rules.len());
            Some((changes, warnings))
        })
    });
    let problems = move || rows.check.with(|c| c.rows_with_problems() + usize::from(c.quota.is_some()));
    view! {
        <section class="preview" aria-labelledby=format!("{id}-title")>
            <h2 id=format!("{id}-title")>{title}</h2>
            {move || match preview.get() {
                None => Either::Left(view! { <p class="field-error" role="alert">{move || tu_string!(i18n, editor.fix_first, count = problems())}</p> }),
                Some((changes, warnings)) => Either::Right(view! { <Changes changes warnings id /> }),
            }}
        </section>
    }
}

#[component]
fn Changes(changes: RuleChanges, warnings: Vec<Warning>, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let empty = changes.is_empty();
    let heading = |part: &str| format!("{id}-{part}");
    let summary = move |rule: Rule| labels::rule_summary(&rule, locale);
    // A rule's summary, and whether EC2 replaces it (revokes and authorizes it again).
    let item = move |text: String, replaced: bool| {
        let replaced = replaced.then(|| view! { <br /><span class="muted">{tu_string!(i18n, editor.replaced)}</span> });
        view! { <li>{text}{replaced}</li> }
    };
    let list = move |heading: String, items: Vec<_>| {
        if items.is_empty() {
            Either::Left(view! { <p>{tu_string!(i18n, editor.none)}</p> })
        } else {
            Either::Right(view! { <ul aria-labelledby=heading>{items}</ul> })
        }
    };
    let added = changes.added.into_iter().map(|r| item(summary(r), false)).collect();
    let changed = changes
        .changed
        .into_iter()
        .map(|c| {
            let replaced = c.how() == ChangeHow::Replace;
            item(format!("{} → {}", summary(c.before), summary(c.after)), replaced)
        })
        .collect();
    let removed = changes.removed.into_iter().map(|r| item(summary(r), false)).collect();
    view! {
        {empty.then(|| view! { <p>{tu_string!(i18n, editor.no_changes)}</p> })}
        <h3 id=heading("added")>{tu_string!(i18n, editor.rules_added)}</h3>
        {list(heading("added"), added)}
        <h3 id=heading("changed")>{tu_string!(i18n, editor.rules_changed)}</h3>
        {list(heading("changed"), changed)}
        <h3 id=heading("removed")>{tu_string!(i18n, editor.rules_removed)}</h3>
        {list(heading("removed"), removed)}
        {(!warnings.is_empty()).then(|| view! {
            <h3 id=heading("warnings")>{tu_string!(i18n, editor.warnings)}</h3>
            <ul class="warnings" aria-labelledby=heading("warnings")>
                {warnings
                    .into_iter()
                    .map(|w| view! { <li><span role="alert">{warning_text(&w, locale)}</span></li> })
                    .collect_view()}
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
