//! CreateManagedPrefixList, DescribeManagedPrefixLists and GetManagedPrefixListEntries.

use crate::error::{Ec2Error, Result};
use crate::filters;
use crate::ids;
use crate::model::{OWNER_ID, PrefixList, PrefixListEntry, Tags};
use crate::parse;
use crate::query::Params;
use crate::region::{Region, check_tags};
use crate::xml::Xml;

/// The most entries a customer-managed prefix list may have.
const MAX_ENTRIES: i64 = 1000;

pub fn new_prefix_list(
    region: &mut Region,
    name: &str,
    address_family: &str,
    max_entries: i64,
    entries: Vec<(String, Option<String>)>,
    tags: Tags,
) -> Result<String> {
    if name.is_empty() || name.chars().count() > 255 || name.starts_with("com.amazonaws") {
        return Err(Ec2Error::invalid_value(format!(
            "Invalid prefix list name '{name}': it must be 1 to 255 characters and must not start with 'com.amazonaws'."
        )));
    }
    if !(1..=MAX_ENTRIES).contains(&max_entries) {
        return Err(Ec2Error::invalid_value(format!(
            "Invalid value {max_entries} for MaxEntries: it must be from 1 to {MAX_ENTRIES}."
        )));
    }
    if entries.len() as i64 > max_entries {
        return Err(Ec2Error::invalid_value(format!(
            "The prefix list has {} entries, more than its MaxEntries ({max_entries}).",
            entries.len()
        )));
    }
    let canonical_cidr = match address_family {
        "IPv4" => |cidr: &str| parse::ipv4_cidr(cidr).map(|c| c.to_string()),
        "IPv6" => |cidr: &str| parse::ipv6_cidr(cidr).map(|c| c.to_string()),
        other => {
            return Err(Ec2Error::invalid_value(format!(
                "Invalid value '{other}' for AddressFamily: use IPv4 or IPv6."
            )));
        }
    };
    let mut canonical: Vec<PrefixListEntry> = Vec::new();
    for (cidr, description) in entries {
        let cidr = canonical_cidr(&cidr)?;
        // The API reference limits an entry's description to 255 characters, nothing more.
        if let Some(length) = description.as_ref().map(|d| d.chars().count()).filter(|n| *n > 255) {
            return Err(Ec2Error::invalid_value(format!(
                "Invalid entry description for {cidr}: it can be at most 255 characters long (it is {length})."
            )));
        }
        if canonical.iter().any(|e| e.cidr == cidr) {
            return Err(Ec2Error::invalid_value(format!("The CIDR {cidr} is listed twice.")));
        }
        canonical.push(PrefixListEntry { cidr, description });
    }
    check_tags(&Tags::new(), &tags)?;
    let id = ids::new_id("pl");
    let list = PrefixList {
        id: id.clone(),
        name: name.to_owned(),
        address_family: address_family.to_owned(),
        max_entries: max_entries as u32,
        entries: canonical,
        version: 1,
        tags,
    };
    region.prefix_lists.insert(id.clone(), list);
    Ok(id)
}

pub fn create(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let name = params.required("PrefixListName")?;
    let family = params.required("AddressFamily")?;
    let max_entries = params.int("MaxEntries")?.ok_or_else(|| Ec2Error::missing("MaxEntries"))?;
    let entries = params
        .structs("Entry")
        .into_iter()
        .map(|e| Ok((e.required("Cidr")?.to_owned(), e.get("Description").map(str::to_owned))))
        .collect::<Result<Vec<_>>>()?;
    let tags = params.tag_specifications(&["prefix-list"], "prefix-list")?.into_iter().collect();
    let id = new_prefix_list(region, name, family, max_entries, entries, tags)?;
    let list = region.prefix_list(&id)?;
    x.node("prefixList", |x| write_list(x, region, list));
    Ok(())
}

const FILTERS: &[&str] = &["owner-id", "prefix-list-id", "prefix-list-name", "tag-key", "tag-value"];

pub fn describe(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, FILTERS)?;
    let ids = params.strings("PrefixListId");
    for id in &ids {
        region.prefix_list(id)?;
    }
    let lists: Vec<&PrefixList> = region
        .prefix_lists
        .values()
        .filter(|l| ids.is_empty() || ids.contains(&l.id))
        .filter(|l| {
            filters::matches(&filters, &l.tags, |name| match name {
                "prefix-list-id" => vec![l.id.clone()],
                "prefix-list-name" => vec![l.name.clone()],
                _ => vec![OWNER_ID.to_owned()],
            })
        })
        .collect();
    let (page, next) = filters::page(lists, |l| &l.id, params, (1, 100))?;
    x.list("prefixListSet", page, |x, list| write_list(x, region, list));
    x.opt("nextToken", next);
    Ok(())
}

pub fn entries(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let list = region.prefix_list(params.required("PrefixListId")?)?;
    let (page, next) = filters::page(list.entries.iter().collect(), |e| &e.cidr, params, (1, 100))?;
    x.list("entrySet", page, |x, entry| {
        x.field("cidr", &entry.cidr);
        x.opt("description", entry.description.as_ref());
    });
    x.opt("nextToken", next);
    Ok(())
}

fn write_list(x: &mut Xml, region: &Region, list: &PrefixList) {
    x.field("prefixListId", &list.id);
    x.field("addressFamily", &list.address_family);
    x.field("state", "create-complete");
    x.field("prefixListArn", format!("arn:aws:ec2:{}:{OWNER_ID}:prefix-list/{}", region.name, list.id));
    x.field("prefixListName", &list.name);
    x.field("maxEntries", list.max_entries);
    x.field("version", list.version);
    x.tags(&list.tags);
    x.field("ownerId", OWNER_ID);
}
