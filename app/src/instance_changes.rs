//! (ssr) Changes to the security groups instances launch or run with: an instance's network
//! interface, and a launch template's new version. Each through the guard, checked against what
//! EC2 holds now (never a cached copy).

use crate::error::{AppError, Failure};
use crate::guard::Guard;
use crate::model::{Action, GroupRef, Instance, LaunchTemplate, check_group_set};

/// An instance read fresh, with the groups of its VPC.
pub async fn read_instance(region: &str, instance_id: &str) -> Result<(Instance, Vec<GroupRef>), AppError> {
    let read = async {
        let ec2 = crate::api::region_ec2(region)?;
        let instance = ec2.instance(instance_id).await?;
        let available = ec2.group_refs(Some(&instance.vpc_id)).await?;
        Ok::<_, AppError>((instance, available))
    };
    read.await.map_err(|error| crate::api::failed(error, region, "reading an instance"))
}

/// Replaces the groups of the instance's network interface `interface_id` (its primary one when
/// empty): ModifyInstanceAttribute for an instance with one interface, as the AWS console does,
/// ModifyNetworkInterfaceAttribute for one of several. Answers the instance as it was.
pub async fn change_instance_groups(
    guard: Guard,
    region: &str,
    instance_id: &str,
    interface_id: &str,
    groups: &[String],
) -> Result<Instance, AppError> {
    guard.check(Action::InstanceGroups).await?;
    let (instance, available) = read_instance(region, instance_id).await?;
    if !instance.changeable() {
        return Err(crate::api::refused(Failure::InstanceNotChangeable(instance.state)));
    }
    let Some(interface) = instance.interface(interface_id) else {
        return Err(crate::api::refused(Failure::FormProblems(1)));
    };
    if let Some(problem) = check_group_set(groups, &available) {
        return Err(crate::api::refused(Failure::GroupSet(problem)));
    }
    let before: Vec<&str> = interface.groups.iter().map(|g| g.id.as_str()).collect();
    let record = serde_json::json!({ "interface": interface.id, "before": before, "after": groups });
    let targets = vec![instance.id.clone(), interface.id.clone()];
    let several = instance.interfaces.len() > 1;
    guard
        .change(Action::InstanceGroups, Some(region.to_owned()), targets, record, async |w| {
            let ec2 = w.ec2(region)?;
            if several {
                Ok(ec2.set_interface_groups(&interface.id, groups).await?)
            } else {
                Ok(ec2.set_instance_groups(&instance.id, groups).await?)
            }
        })
        .await?;
    Ok(instance)
}

/// The region's launch templates, read fresh, with every group of the region (a template is
/// bound to no VPC until it launches).
pub async fn read_templates(region: &str) -> Result<(Vec<LaunchTemplate>, Vec<GroupRef>), AppError> {
    let read = async {
        let ec2 = crate::api::region_ec2(region)?;
        let (templates, available) = futures::try_join!(ec2.launch_templates(), ec2.group_refs(None))?;
        Ok::<_, AppError>((templates, available))
    };
    read.await.map_err(|error| crate::api::failed(error, region, "reading launch templates"))
}

/// A new version of `template_id` from version `source` with `groups` and every other setting
/// of the source; with `make_default`, made the template's default. Answers the template's
/// label and the new version's number.
pub async fn create_template_version(
    guard: Guard,
    region: &str,
    template_id: &str,
    source: i64,
    groups: &[String],
    description: &str,
    make_default: bool,
) -> Result<(String, i64), AppError> {
    guard.check(Action::TemplateVersion).await?;
    let (templates, available) = read_templates(region).await?;
    let template = templates.into_iter().find(|t| t.id == template_id);
    // A template or version gone meanwhile: EC2 says so in its own words below.
    if template.as_ref().and_then(|t| t.version(source)).is_some_and(|v| v.groups_on_interfaces) {
        return Err(crate::api::refused(Failure::GroupsOnInterfaces));
    }
    if let Some(problem) = check_group_set(groups, &available) {
        return Err(crate::api::refused(Failure::GroupSet(problem)));
    }
    let record = serde_json::json!({
        "source": source, "groups": groups, "description": description, "make_default": make_default,
    });
    let version = guard
        .change(Action::TemplateVersion, Some(region.to_owned()), vec![template_id.to_owned()], record, async |w| {
            let ec2 = w.ec2(region)?;
            let version = ec2.create_template_version(template_id, source, groups, description).await?;
            if make_default && let Err(error) = ec2.set_default_version(template_id, version).await {
                return Err(crate::api::refused(Failure::NotMadeDefault { version, error }));
            }
            Ok(version)
        })
        .await?;
    Ok((template.map(|t| t.label()).unwrap_or_else(|| template_id.to_owned()), version))
}
