//! CreateTags, DeleteTags and DescribeTags, for every resource ec2-local keeps.

use crate::error::{Ec2Error, Result};
use crate::filters;
use crate::model::Tags;
use crate::query::Params;
use crate::region::{Region, check_tags};
use crate::xml::Xml;

pub fn create(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let resources = resource_ids(params)?;
    let tags: Tags = params.tags("Tag")?.into_iter().collect();
    if tags.is_empty() {
        return Err(Ec2Error::missing("Tag"));
    }
    for id in &resources {
        let existing = region.tags_mut(id)?;
        check_tags(existing, &tags)?;
        existing.extend(tags.clone());
    }
    x.field("return", true);
    Ok(())
}

/// A tag named with a value is deleted only when its value matches; one named without a value
/// is deleted whatever its value; no tags named deletes them all.
pub fn delete(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let resources = resource_ids(params)?;
    let named = params.structs("Tag");
    for id in &resources {
        let tags = region.tags_mut(id)?;
        if named.is_empty() {
            tags.clear();
        }
        for tag in &named {
            let key = tag.required("Key")?;
            let matches = match tag.get("Value") {
                Some(value) => tags.get(key).is_some_and(|v| v == value),
                None => true,
            };
            if matches {
                tags.remove(key);
            }
        }
    }
    x.field("return", true);
    Ok(())
}

fn resource_ids(params: &Params) -> Result<Vec<String>> {
    let ids = params.strings("ResourceId");
    if ids.is_empty() {
        return Err(Ec2Error::missing("ResourceId"));
    }
    Ok(ids)
}

struct TagRow<'a> {
    /// `resource-id|key`: the order of the answer and its page token.
    order: String,
    resource_id: &'a str,
    resource_type: &'static str,
    key: &'a str,
    value: &'a str,
}

const FILTERS: &[&str] = &["key", "value", "resource-id", "resource-type", "tag-key", "tag-value"];

pub fn describe(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, FILTERS)?;
    let mut tagged: Vec<(&str, &'static str, &Tags)> = Vec::new();
    tagged.extend(region.vpcs.values().map(|r| (r.id.as_str(), "vpc", &r.tags)));
    tagged.extend(region.subnets.values().map(|r| (r.id.as_str(), "subnet", &r.tags)));
    for group in region.groups.values() {
        tagged.push((&group.id, "security-group", &group.tags));
        tagged.extend(group.all_rules().map(|(_, r)| (r.id.as_str(), "security-group-rule", &r.tags)));
    }
    tagged.extend(region.prefix_lists.values().map(|r| (r.id.as_str(), "prefix-list", &r.tags)));
    tagged.extend(region.instances.values().map(|r| (r.id.as_str(), "instance", &r.tags)));
    tagged.extend(region.interfaces.values().map(|r| (r.id.as_str(), "network-interface", &r.tags)));
    tagged.extend(region.launch_templates.values().map(|r| (r.id.as_str(), "launch-template", &r.tags)));
    let mut rows: Vec<TagRow> = tagged
        .into_iter()
        .flat_map(|(resource_id, resource_type, tags)| {
            tags.iter().map(move |(key, value)| TagRow {
                order: format!("{resource_id}|{key}"),
                resource_id,
                resource_type,
                key,
                value,
            })
        })
        .filter(|row| {
            let own: Tags = [(row.key.to_owned(), row.value.to_owned())].into();
            filters::matches(&filters, &own, |name| match name {
                "key" => vec![row.key.to_owned()],
                "value" => vec![row.value.to_owned()],
                "resource-id" => vec![row.resource_id.to_owned()],
                _ => vec![row.resource_type.to_owned()],
            })
        })
        .collect();
    rows.sort_by(|a, b| a.order.cmp(&b.order));
    let (page, next) = filters::page(rows, |r| &r.order, params, (5, 1000))?;
    x.list("tagSet", page, |x, row| {
        x.field("resourceId", row.resource_id);
        x.field("resourceType", row.resource_type);
        x.field("key", row.key);
        x.field("value", row.value);
    });
    x.opt("nextToken", next);
    Ok(())
}
