//! One security group as a row of a groups table, linked to its page.

use leptos::prelude::*;

use super::TagList;
use crate::model::GroupSummary;

/// Name (the row's header), id, VPC, description, rule counts and tags; first the region, in a
/// table of several regions.
#[component]
pub fn GroupRow(group: GroupSummary, #[prop(optional)] with_region: bool) -> impl IntoView {
    let href = format!("/security-groups/{}/{}", group.region, group.id);
    view! {
        <tr>
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
