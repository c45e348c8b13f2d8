//! What uses a group, read with the fewest calls, in parallel: the network interfaces it is on
//! (and their instances, in one more call), the groups whose rules name it (found by
//! DescribeSecurityGroups' `ip-permission.group-id` filters, then their rules in one
//! DescribeSecurityGroupRules), and the launch templates' versions that name it.

use std::collections::{BTreeMap, BTreeSet};

use super::{PAGE_SIZE, RegionEc2, convert, filter};
use crate::error::Ec2Error;
use crate::model::{Direction, GroupUsage, InstanceUse, InterfaceUse, Peer, ReferencingRule, TemplateUse};

impl RegionEc2 {
    pub async fn usage(&self, group_id: &str) -> Result<GroupUsage, Ec2Error> {
        let mut usages = self.usages(&[group_id.to_owned()]).await?;
        Ok(usages.pop().unwrap_or_default())
    }

    /// The usage of each of `group_ids`, in order; the launch templates read once for all.
    pub async fn usages(&self, group_ids: &[String]) -> Result<Vec<GroupUsage>, Ec2Error> {
        let each = futures::future::try_join_all(
            group_ids.iter().map(|id| async move { futures::try_join!(self.interfaces_of(id), self.rules_naming(id)) }),
        );
        let (templates, each) = futures::try_join!(self.launch_templates(), each)?;
        Ok(group_ids
            .iter()
            .zip(each)
            .map(|(id, (interfaces, rules))| GroupUsage {
                interfaces,
                rules,
                templates: templates
                    .iter()
                    .filter_map(|t| {
                        let versions = t.versions_naming(id);
                        (!versions.is_empty()).then(|| TemplateUse { id: t.id.clone(), name: t.name.clone(), versions })
                    })
                    .collect(),
            })
            .collect())
    }

    async fn interfaces_of(&self, group_id: &str) -> Result<Vec<InterfaceUse>, Ec2Error> {
        let pages = self
            .client
            .describe_network_interfaces()
            .filters(filter("group-id", [group_id]))
            .into_paginator()
            .page_size(PAGE_SIZE)
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>();
        let interfaces = self.timing.measure(pages).await?;
        let instance_ids: BTreeSet<String> =
            interfaces.iter().filter_map(|i| i.attachment()?.instance_id().map(str::to_owned)).collect();
        let mut instances = BTreeMap::new();
        if !instance_ids.is_empty() {
            let pages = self
                .client
                .describe_instances()
                .set_instance_ids(Some(instance_ids.into_iter().collect()))
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>();
            for reservation in self.timing.measure(pages).await? {
                for instance in reservation.instances() {
                    let id = instance.instance_id().unwrap_or_default().to_owned();
                    let state =
                        instance.state().and_then(|s| s.name()).map(|n| n.as_str().to_owned()).unwrap_or_default();
                    instances.insert(id.clone(), InstanceUse { id, name: convert::name_tag(instance.tags()), state });
                }
            }
        }
        Ok(interfaces
            .iter()
            .map(|i| InterfaceUse {
                id: i.network_interface_id().unwrap_or_default().to_owned(),
                description: i.description().unwrap_or_default().to_owned(),
                instance: i.attachment().and_then(|a| a.instance_id()).and_then(|id| instances.get(id).cloned()),
            })
            .collect())
    }

    async fn rules_naming(&self, group_id: &str) -> Result<Vec<ReferencingRule>, Ec2Error> {
        // Filters of one call must all match: inbound and outbound references take a call each.
        let naming = |name: &'static str| {
            self.client
                .describe_security_groups()
                .filters(filter(name, [group_id]))
                .into_paginator()
                .page_size(PAGE_SIZE)
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
        };
        let (inbound, outbound) = self
            .timing
            .measure(async {
                futures::join!(naming("ip-permission.group-id"), naming("egress.ip-permission.group-id"))
            })
            .await;
        let names: BTreeMap<String, String> = inbound?
            .iter()
            .chain(&outbound?)
            .map(|g| (g.group_id().unwrap_or_default().to_owned(), g.group_name().unwrap_or_default().to_owned()))
            .collect();
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let pages = self
            .client
            .describe_security_group_rules()
            .filters(filter("group-id", names.keys().cloned()))
            .into_paginator()
            .page_size(PAGE_SIZE)
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>();
        let rules = self.timing.measure(pages).await?;
        Ok(rules
            .iter()
            .filter_map(|sdk_rule| {
                let rule = convert::rule(sdk_rule);
                if !matches!(&rule.peer, Peer::Group { id, .. } if id == group_id) {
                    return None;
                }
                let owner = sdk_rule.group_id().unwrap_or_default().to_owned();
                Some(ReferencingRule {
                    group_name: names.get(&owner).cloned().unwrap_or_default(),
                    group_id: owner,
                    direction: if sdk_rule.is_egress().unwrap_or(false) {
                        Direction::Outbound
                    } else {
                        Direction::Inbound
                    },
                    rule,
                })
            })
            .collect())
    }
}
