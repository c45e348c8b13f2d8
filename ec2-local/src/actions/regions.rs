//! DescribeRegions and DescribeAvailabilityZones.

use crate::error::{Ec2Error, Result};
use crate::filters;
use crate::model::Tags;
use crate::query::Params;
use crate::region::Region;
use crate::xml::Xml;

/// A region's availability zones (name, zone id), as AWS names them where known.
pub fn zones(region: &str) -> Vec<(String, String)> {
    let known: &[(&str, &str)] = match region {
        "us-east-1" => &[("a", "use1-az1"), ("b", "use1-az2"), ("c", "use1-az4")],
        "ap-northeast-1" => &[("a", "apne1-az4"), ("c", "apne1-az1"), ("d", "apne1-az2")],
        _ => &[("a", "az1"), ("b", "az2"), ("c", "az3")],
    };
    known.iter().map(|(letter, id)| (format!("{region}{letter}"), (*id).to_owned())).collect()
}

pub fn describe_regions(regions: &[String], params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, &["region-name", "endpoint", "opt-in-status"])?;
    let wanted = params.strings("RegionName");
    if let Some(unknown) = wanted.iter().find(|r| !regions.contains(r)) {
        return Err(Ec2Error::invalid_value(format!(
            "Invalid region: {unknown}. Enabled regions: {}.",
            regions.join(", ")
        )));
    }
    let selected = regions.iter().filter(|r| wanted.is_empty() || wanted.contains(r)).filter(|r| {
        filters::matches(&filters, &Tags::new(), |name| match name {
            "region-name" => vec![(*r).clone()],
            "endpoint" => vec![endpoint(r)],
            _ => vec!["opt-in-not-required".to_owned()],
        })
    });
    x.list("regionInfo", selected, |x, r| {
        x.field("regionName", r);
        x.field("regionEndpoint", endpoint(r));
        x.field("optInStatus", "opt-in-not-required");
    });
    Ok(())
}

fn endpoint(region: &str) -> String {
    format!("ec2.{region}.amazonaws.com")
}

pub fn availability_zones(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, &["zone-name", "zone-id", "state", "region-name", "zone-type"])?;
    let names = params.strings("ZoneName");
    let ids = params.strings("ZoneId");
    let all = zones(&region.name);
    if let Some(unknown) = names.iter().find(|n| !all.iter().any(|(name, _)| name == *n)) {
        return Err(Ec2Error::invalid_value(format!("Invalid availability zone: [{unknown}]")));
    }
    let selected = all.iter().filter(|(name, id)| {
        (names.is_empty() || names.contains(name))
            && (ids.is_empty() || ids.contains(id))
            && filters::matches(&filters, &Tags::new(), |f| match f {
                "zone-name" => vec![name.clone()],
                "zone-id" => vec![id.clone()],
                "state" => vec!["available".to_owned()],
                "zone-type" => vec!["availability-zone".to_owned()],
                _ => vec![region.name.clone()],
            })
    });
    x.list("availabilityZoneInfo", selected, |x, (name, id)| {
        x.field("zoneName", name);
        x.field("zoneState", "available");
        x.field("regionName", &region.name);
        x.field("zoneId", id);
        x.field("groupName", &region.name);
        x.field("networkBorderGroup", &region.name);
        x.field("zoneType", "availability-zone");
        x.field("optInStatus", "opt-in-not-required");
        x.list("messageSet", std::iter::empty::<()>(), |_, ()| {});
    });
    Ok(())
}
