//! Launch templates: the security groups (and first network interface) an instance launches with.

use crate::error::{Ec2Error, Result};
use crate::filters;
use crate::ids;
use crate::model::{
    LaunchTemplate, LaunchTemplateData, LaunchTemplateVersion, OWNER_ID, Tags, TemplateNetworkInterface, now,
};
use crate::query::Params;
use crate::region::{Region, check_tags};
use crate::xml::Xml;

/// Creates a template with version 1 and returns its id.
pub fn new_template(
    region: &mut Region,
    name: &str,
    description: Option<String>,
    data: LaunchTemplateData,
    tags: Tags,
) -> Result<String> {
    let length = name.chars().count();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "().-/_".contains(c);
    if !(3..=128).contains(&length) || !name.chars().all(allowed) {
        return Err(Ec2Error::new(
            "InvalidLaunchTemplateName.MalformedException",
            format!("Invalid launch template name '{name}': use 3 to 128 characters from a-z, A-Z, 0-9 and ().-/_"),
        ));
    }
    if region.launch_templates.values().any(|t| t.name == name) {
        return Err(Ec2Error::new(
            "InvalidLaunchTemplateName.AlreadyExistsException",
            format!("Launch template name already in use: '{name}'"),
        ));
    }
    check_tags(&Tags::new(), &tags)?;
    let id = ids::new_id("lt");
    let time = now();
    let version = LaunchTemplateVersion { number: 1, description, create_time: time.clone(), data };
    region.launch_templates.insert(
        id.clone(),
        LaunchTemplate {
            id: id.clone(),
            name: name.to_owned(),
            create_time: time,
            default_version: 1,
            versions: vec![version],
            tags,
        },
    );
    Ok(id)
}

fn template_data(params: &Params, base: LaunchTemplateData) -> Result<LaunchTemplateData> {
    let Some(data) = params.nested("LaunchTemplateData") else {
        return Err(Ec2Error::missing("LaunchTemplateData"));
    };
    let mut out = base;
    if let Some(image) = data.get("ImageId") {
        out.image_id = Some(image.to_owned());
    }
    if let Some(kind) = data.get("InstanceType") {
        out.instance_type = Some(kind.to_owned());
    }
    let ids = data.strings("SecurityGroupId");
    if !ids.is_empty() {
        out.security_group_ids = ids;
    }
    let names = data.strings("SecurityGroup");
    if !names.is_empty() {
        out.security_group_names = names;
    }
    let interfaces = data.structs("NetworkInterface");
    if !interfaces.is_empty() {
        out.network_interfaces = interfaces
            .into_iter()
            .map(|n| {
                Ok(TemplateNetworkInterface {
                    device_index: n.int("DeviceIndex")?.unwrap_or(0).clamp(0, u32::MAX.into()) as u32,
                    subnet_id: n.get("SubnetId").map(str::to_owned),
                    groups: n.strings("SecurityGroupId"),
                    description: n.get("Description").map(str::to_owned),
                })
            })
            .collect::<Result<_>>()?;
    }
    if !out.network_interfaces.is_empty()
        && (!out.security_group_ids.is_empty() || !out.security_group_names.is_empty())
    {
        return Err(Ec2Error::combination(super::instances::INTERFACES_AND_INSTANCE_GROUPS));
    }
    Ok(out)
}

pub fn create(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let name = params.required("LaunchTemplateName")?;
    let data = template_data(params, LaunchTemplateData::default())?;
    let tags = params.tag_specifications(&["launch-template"], "launch-template")?.into_iter().collect();
    let id = new_template(region, name, params.get("VersionDescription").map(str::to_owned), data, tags)?;
    let template = find(region, Some(&id), None)?;
    x.node("launchTemplate", |x| write_template(x, template));
    Ok(())
}

pub fn create_version(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let template = find(region, params.get("LaunchTemplateId"), params.get("LaunchTemplateName"))?;
    let base = match params.get("SourceVersion") {
        Some(source) => version(template, source)?.data.clone(),
        None => LaunchTemplateData::default(),
    };
    let data = template_data(params, base)?;
    let id = template.id.clone();
    let number = template.latest_version() + 1;
    let new = LaunchTemplateVersion {
        number,
        description: params.get("VersionDescription").map(str::to_owned),
        create_time: now(),
        data,
    };
    if let Some(template) = region.launch_templates.get_mut(&id) {
        template.versions.push(new);
    }
    let template = find(region, Some(&id), None)?;
    let created = version(template, &number.to_string())?;
    x.node("launchTemplateVersion", |x| write_version(x, template, created));
    Ok(())
}

/// Makes another version the template's default (`SetDefaultVersion`), the one RunInstances uses
/// when none is named.
pub fn modify(region: &mut Region, params: &Params, x: &mut Xml) -> Result<()> {
    let template = find(region, params.get("LaunchTemplateId"), params.get("LaunchTemplateName"))?;
    let id = template.id.clone();
    if let Some(wanted) = params.get("SetDefaultVersion") {
        let number = version(template, wanted)?.number;
        if let Some(template) = region.launch_templates.get_mut(&id) {
            template.default_version = number;
        }
    }
    let template = find(region, Some(&id), None)?;
    x.node("launchTemplate", |x| write_template(x, template));
    Ok(())
}

/// A template by id or by name.
fn find<'a>(region: &'a Region, id: Option<&str>, name: Option<&str>) -> Result<&'a LaunchTemplate> {
    match (id, name) {
        (Some(id), _) => region.launch_template(id),
        (None, Some(name)) => region.launch_templates.values().find(|t| t.name == name).ok_or_else(|| {
            Ec2Error::new(
                "InvalidLaunchTemplateName.NotFoundException",
                format!("The specified launch template, with template name {name}, does not exist."),
            )
        }),
        (None, None) => Err(Ec2Error::missing("LaunchTemplateId")),
    }
}

/// A version by number, `$Latest` or `$Default`.
fn version<'a>(template: &'a LaunchTemplate, which: &str) -> Result<&'a LaunchTemplateVersion> {
    let number = match which {
        "$Latest" => Some(template.latest_version()),
        "$Default" => Some(template.default_version),
        n => n.parse::<u64>().ok(),
    };
    number.and_then(|n| template.versions.iter().find(|v| v.number == n)).ok_or_else(|| {
        Ec2Error::new(
            "InvalidLaunchTemplateVersion.NotFound",
            format!("Could not find launch template version {which} of {}.", template.id),
        )
    })
}

/// The data of the template version a RunInstances `LaunchTemplate` names (default: `$Default`).
pub fn resolve(region: &Region, spec: &Params) -> Result<LaunchTemplateData> {
    let template = find(region, spec.get("LaunchTemplateId"), spec.get("LaunchTemplateName"))?;
    Ok(version(template, spec.get("Version").unwrap_or("$Default"))?.data.clone())
}

pub fn describe(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let filters = filters::parse(params, &["launch-template-name", "create-time", "tag-key", "tag-value"])?;
    let ids = params.strings("LaunchTemplateId");
    let names = params.strings("LaunchTemplateName");
    for id in &ids {
        find(region, Some(id), None)?;
    }
    for name in &names {
        find(region, None, Some(name))?;
    }
    let templates: Vec<&LaunchTemplate> = region
        .launch_templates
        .values()
        .filter(|t| (ids.is_empty() && names.is_empty()) || ids.contains(&t.id) || names.contains(&t.name))
        .filter(|t| {
            filters::matches(&filters, &t.tags, |name| match name {
                "launch-template-name" => vec![t.name.clone()],
                _ => vec![t.create_time.clone()],
            })
        })
        .collect();
    let (page, next) = filters::page(templates, |t| &t.id, params, (1, 200))?;
    x.list("launchTemplates", page, write_template);
    x.opt("nextToken", next);
    Ok(())
}

/// The filters of DescribeLaunchTemplateVersions on the data ec2-local keeps.
const VERSION_FILTERS: &[&str] = &["create-time", "image-id", "instance-type", "is-default-version"];

pub fn describe_versions(region: &Region, params: &Params, x: &mut Xml) -> Result<()> {
    let template = find(region, params.get("LaunchTemplateId"), params.get("LaunchTemplateName"))?;
    let wanted = params.strings("LaunchTemplateVersion");
    let mut versions: Vec<&LaunchTemplateVersion> = if wanted.is_empty() {
        template.versions.iter().collect()
    } else {
        wanted.iter().map(|w| version(template, w)).collect::<Result<_>>()?
    };
    let filters = filters::parse(params, VERSION_FILTERS)?;
    if let Some(tag_filter) = filters.iter().find(|f| f.name.starts_with("tag:")) {
        // Versions have no tags of their own.
        return Err(Ec2Error::invalid_value(format!(
            "The filter '{}' is invalid. Supported filters: {}.",
            tag_filter.name,
            VERSION_FILTERS.join(", ")
        )));
    }
    let min = params.int("MinVersion")?;
    let max = params.int("MaxVersion")?;
    versions.retain(|v| min.is_none_or(|m| v.number as i64 >= m) && max.is_none_or(|m| v.number as i64 <= m));
    versions.retain(|v| {
        filters::matches(&filters, &Tags::new(), |name| match name {
            "create-time" => vec![v.create_time.clone()],
            "image-id" => v.data.image_id.iter().cloned().collect(),
            "instance-type" => v.data.instance_type.iter().cloned().collect(),
            _ => vec![(v.number == template.default_version).to_string()],
        })
    });
    versions.sort_by_key(|v| v.number);
    versions.dedup_by_key(|v| v.number);
    // Zero-padded so that the page token orders as the numbers do.
    let keyed: Vec<(String, &LaunchTemplateVersion)> =
        versions.into_iter().map(|v| (format!("{:020}", v.number), v)).collect();
    let (page, next) = filters::page(keyed, |(k, _)| k, params, (1, 200))?;
    x.list("launchTemplateVersionSet", page, |x, (_, v)| write_version(x, template, v));
    x.opt("nextToken", next);
    Ok(())
}

fn write_template(x: &mut Xml, template: &LaunchTemplate) {
    x.field("launchTemplateId", &template.id);
    x.field("launchTemplateName", &template.name);
    x.field("createTime", &template.create_time);
    x.field("createdBy", format!("arn:aws:iam::{OWNER_ID}:root"));
    x.field("defaultVersionNumber", template.default_version);
    x.field("latestVersionNumber", template.latest_version());
    x.tags(&template.tags);
}

fn write_version(x: &mut Xml, template: &LaunchTemplate, version: &LaunchTemplateVersion) {
    x.field("launchTemplateId", &template.id);
    x.field("launchTemplateName", &template.name);
    x.field("versionNumber", version.number);
    x.opt("versionDescription", version.description.as_ref());
    x.field("createTime", &version.create_time);
    x.field("createdBy", format!("arn:aws:iam::{OWNER_ID}:root"));
    x.field("defaultVersion", version.number == template.default_version);
    let data = &version.data;
    x.node("launchTemplateData", |x| {
        x.opt("imageId", data.image_id.as_ref());
        x.opt("instanceType", data.instance_type.as_ref());
        x.values("securityGroupIdSet", "item", &data.security_group_ids);
        x.values("securityGroupSet", "item", &data.security_group_names);
        x.list("networkInterfaceSet", &data.network_interfaces, |x, nic| {
            x.field("deviceIndex", nic.device_index);
            x.opt("subnetId", nic.subnet_id.as_ref());
            x.opt("description", nic.description.as_ref());
            x.values("groupSet", "groupId", &nic.groups);
        });
    });
}
