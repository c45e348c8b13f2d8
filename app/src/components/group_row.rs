//! One security group as a row of a groups table, linked to its page.

use leptos::prelude::*;

use super::TagList;
use crate::i18n::*;
use crate::model::GroupSummary;

/// Name (the row's header), id, VPC, description, rule counts and tags; first the region, in a
/// table of several regions, or a checkbox (`group`) to choose it for an action.
#[component]
pub fn GroupRow(
    group: GroupSummary,
    #[prop(optional)] with_region: bool,
    #[prop(optional)] selectable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/security-groups/{}/{}", group.region, group.id);
    let select = selectable.then(|| {
        let (id, name) = (group.id.clone(), group.name.clone());
        view! {
            <td>
                <input type="checkbox" name="group" value=id aria-label=move || t_string!(i18n, groups.select_group, name = name.clone()) />
            </td>
        }
    });
    view! {
        <tr>
            {select}
            {with_region.then(|| view! { <td class="nowrap">{group.region.clone()}</td> })}
            <th scope="row"><a href=href>{group.name}</a></th>
            <td><code>{group.id}</code></td>
            // Ids break only between id and name, not at their hyphen.
            <td><span class="nowrap">{group.vpc_id}</span>{group.vpc_name.map(|name| format!(" ({name})"))}</td>
            <td>{group.description}</td>
            <td class="number">{group.inbound_rules}</td>
            <td class="number">{group.outbound_rules}</td>
            <td><TagList tags=group.tags /></td>
        </tr>
    }
}
