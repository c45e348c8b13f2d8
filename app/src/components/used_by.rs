//! "Used by" on a group's page: the network interfaces (with their instances), launch template
//! versions and rules that use the group, read after the page's own data, in its own Suspense.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::ErrorPanel;
use crate::api::groups::get_group_usage;
use crate::i18n::*;
use crate::model::{Direction, GroupUsage, InstanceQuery, InterfaceUse, ReferencingRule, TemplateUse};
use crate::pages::labels;

#[component]
pub fn UsedBy(region: String, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let key = (region.clone(), id.clone());
    let (region, id) = (StoredValue::new(region), StoredValue::new(id));
    let usage = crate::api::loaded::load(move || key.clone(), |(region, id)| get_group_usage(region, id));
    view! {
        <section class="used-by" aria-labelledby="used-by-title">
            <h2 id="used-by-title">{tu_string!(i18n, used_by.title)}</h2>
            // No role="status" here: a page's status is the notice of the change just made.
            <Suspense fallback=move || view! { <p>{tu_string!(i18n, app.loading)}</p> }>
                {move || Suspend::new(async move {
                    match usage.await {
                        Ok(usage) if usage.is_empty() => EitherOf3::A(view! { <p>{tu_string!(i18n, used_by.nothing)}</p> }),
                        Ok(usage) => EitherOf3::B(view! { <Usage usage region=region.get_value() id=id.get_value() /> }),
                        Err(error) => EitherOf3::C(view! { <ErrorPanel error /> }),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Usage(usage: GroupUsage, region: String, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let list = |heading: &'static str, items: Vec<AnyView>| {
        if items.is_empty() {
            view! { <p>{tu_string!(i18n, used_by.none)}</p> }.into_any()
        } else {
            view! { <ul aria-labelledby=heading>{items}</ul> }.into_any()
        }
    };
    let on_instances = usage.interfaces.iter().any(|i| i.instance.is_some()).then(|| {
        let href = InstanceQuery { group: Some(id), ..InstanceQuery::default() }.href(&region);
        view! { <p><a href=href>{tu_string!(i18n, instances.on_instances)}</a></p> }
    });
    let templates_page = format!("/launch-templates?region={region}");
    let interfaces =
        usage.interfaces.into_iter().map(|interface| view! { <InterfaceItem interface /> }.into_any()).collect();
    let templates =
        usage.templates.into_iter().map(|template| view! { <TemplateItem template /> }.into_any()).collect();
    let rules =
        usage.rules.into_iter().map(|rule| view! { <RuleItem region=region.clone() rule /> }.into_any()).collect();
    view! {
        <h3 id="used-by-interfaces">{tu_string!(i18n, used_by.interfaces)}</h3>
        {list("used-by-interfaces", interfaces)}
        {on_instances}
        <h3 id="used-by-templates"><a href=templates_page>{tu_string!(i18n, used_by.templates)}</a></h3>
        {list("used-by-templates", templates)}
        <h3 id="used-by-rules">{tu_string!(i18n, used_by.rules)}</h3>
        {list("used-by-rules", rules)}
    }
}

/// A network interface that carries the group, with its instance.
#[component]
pub fn InterfaceItem(interface: InterfaceUse) -> impl IntoView {
    let i18n = use_i18n();
    let InterfaceUse { id, instance, .. } = interface;
    let text = move || match &instance {
        Some(instance) => {
            let label = match &instance.name {
                Some(name) => format!("{} ({name})", instance.id),
                None => instance.id.clone(),
            };
            t_string!(
                i18n,
                used_by.interface_of,
                interface = id.clone(),
                instance = label,
                state = instance.state.clone()
            )
        }
        None => t_string!(i18n, used_by.interface_detached, interface = id.clone()),
    };
    view! { <li>{text}</li> }
}

/// A launch template and its versions that name the group.
#[component]
pub fn TemplateItem(template: TemplateUse) -> impl IntoView {
    let i18n = use_i18n();
    let label = format!("{} ({})", template.name, template.id);
    let versions = template.versions.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    view! { <li>{move || t_string!(i18n, used_by.template_versions, template = label.clone(), versions = versions.clone())}</li> }
}

/// A rule that references the group, linked to its own group's page.
#[component]
pub fn RuleItem(region: String, rule: ReferencingRule) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/security-groups/{region}/{}?tab={}", rule.group_id, rule.direction.as_str());
    let group = format!("{} ({})", rule.group_name, rule.group_id);
    let text = move || {
        let direction = match rule.direction {
            Direction::Inbound => t_string!(i18n, detail.inbound_rules),
            Direction::Outbound => t_string!(i18n, detail.outbound_rules),
        };
        let summary = labels::rule_summary(&rule.rule, i18n.get_locale());
        t_string!(i18n, used_by.rule_of, direction = direction, group = group.clone(), rule = summary)
    };
    view! { <li><a href=href>{text}</a></li> }
}
