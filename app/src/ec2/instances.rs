//! Instances with their network interfaces' groups, the groups a person may choose for them,
//! and launch templates with their versions' groups.

use aws_sdk_ec2::types as sdk;

use super::{PAGE_SIZE, RegionEc2, convert, filter};
use crate::error::Ec2Error;
use crate::model::{GroupRef, Instance, Interface, LaunchTemplate, TemplateVersion};

impl RegionEc2 {
    /// The region's instances, optionally only those carrying `group` or in `state`, by id.
    pub async fn instances(&self, group: Option<&str>, state: Option<&str>) -> Result<Vec<Instance>, Ec2Error> {
        let mut request = self.client.describe_instances();
        if let Some(group) = group {
            request = request.filters(filter("instance.group-id", [group]));
        }
        if let Some(state) = state {
            request = request.filters(filter("instance-state-name", [state]));
        }
        let pages = request.into_paginator().page_size(PAGE_SIZE).items().send().collect::<Result<Vec<_>, _>>();
        let reservations = self.timing.measure(pages).await?;
        let mut instances: Vec<Instance> = reservations.iter().flat_map(|r| r.instances()).map(instance).collect();
        instances.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(instances)
    }

    pub async fn instance(&self, id: &str) -> Result<Instance, Ec2Error> {
        let answer = self.timing.measure(self.client.describe_instances().instance_ids(id).send()).await?;
        answer.reservations().iter().flat_map(|r| r.instances()).map(instance).next().ok_or_else(|| Ec2Error {
            kind: crate::error::Ec2ErrorKind::InstanceNotFound,
            code: "InvalidInstanceID.NotFound".into(),
            message: format!("The instance ID '{id}' does not exist"),
            request_id: None,
        })
    }

    /// The groups that may be chosen: those of `vpc_id`, or of the whole region.
    pub async fn group_refs(&self, vpc_id: Option<&str>) -> Result<Vec<GroupRef>, Ec2Error> {
        let mut request = self.client.describe_security_groups();
        if let Some(vpc_id) = vpc_id {
            request = request.filters(filter("vpc-id", [vpc_id]));
        }
        let pages = request.into_paginator().page_size(PAGE_SIZE).items().send().collect::<Result<Vec<_>, _>>();
        let groups = self.timing.measure(pages).await?;
        let mut refs: Vec<GroupRef> = groups
            .iter()
            .map(|g| GroupRef {
                id: g.group_id().unwrap_or_default().to_owned(),
                name: g.group_name().unwrap_or_default().to_owned(),
                vpc_id: g.vpc_id().unwrap_or_default().to_owned(),
            })
            .collect();
        refs.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        Ok(refs)
    }

    /// Every launch template with all its versions. Versions have no filter by group, so it
    /// takes one call per template, all at once.
    pub async fn launch_templates(&self) -> Result<Vec<LaunchTemplate>, Ec2Error> {
        let pages = self
            .client
            .describe_launch_templates()
            .into_paginator()
            .page_size(200)
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>();
        let templates = self.timing.measure(pages).await?;
        let versions_of = |id: String| {
            self.client
                .describe_launch_template_versions()
                .launch_template_id(id)
                .into_paginator()
                .page_size(200)
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
        };
        let all = futures::future::join_all(
            templates.iter().map(|t| versions_of(t.launch_template_id().unwrap_or_default().to_owned())),
        );
        let versions = self.timing.measure(all).await;
        let mut out = Vec::new();
        for (template, versions) in templates.iter().zip(versions) {
            let mut versions: Vec<TemplateVersion> = versions?.iter().map(template_version).collect();
            versions.sort_by_key(|v| v.number);
            out.push(LaunchTemplate {
                id: template.launch_template_id().unwrap_or_default().to_owned(),
                name: template.launch_template_name().unwrap_or_default().to_owned(),
                default_version: template.default_version_number().unwrap_or(1),
                latest_version: template.latest_version_number().unwrap_or(1),
                versions,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}

fn instance(i: &sdk::Instance) -> Instance {
    let vpc_id = i.vpc_id().unwrap_or_default().to_owned();
    let mut interfaces: Vec<Interface> = i
        .network_interfaces()
        .iter()
        .map(|n| Interface {
            id: n.network_interface_id().unwrap_or_default().to_owned(),
            device_index: n.attachment().and_then(|a| a.device_index()).unwrap_or_default(),
            description: n.description().unwrap_or_default().to_owned(),
            groups: n
                .groups()
                .iter()
                .map(|g| GroupRef {
                    id: g.group_id().unwrap_or_default().to_owned(),
                    name: g.group_name().unwrap_or_default().to_owned(),
                    vpc_id: vpc_id.clone(),
                })
                .collect(),
        })
        .collect();
    interfaces.sort_by_key(|n| n.device_index);
    Instance {
        id: i.instance_id().unwrap_or_default().to_owned(),
        name: convert::name_tag(i.tags()),
        state: i.state().and_then(|s| s.name()).map(|n| n.as_str().to_owned()).unwrap_or_default(),
        vpc_id,
        interfaces,
    }
}

fn template_version(v: &sdk::LaunchTemplateVersion) -> TemplateVersion {
    let data = v.launch_template_data();
    let on_instance: Vec<String> = data.map(|d| d.security_group_ids().to_vec()).unwrap_or_default();
    let on_interfaces: Vec<String> = data
        .map(|d| d.network_interfaces().iter().flat_map(|n| n.groups().iter().cloned()).collect())
        .unwrap_or_default();
    let groups_on_interfaces = data.is_some_and(|d| !d.network_interfaces().is_empty());
    TemplateVersion {
        number: v.version_number().unwrap_or_default(),
        description: v.version_description().map(str::to_owned),
        groups: if groups_on_interfaces { on_interfaces } else { on_instance },
        groups_on_interfaces,
    }
}
