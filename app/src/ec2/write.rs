//! EC2's write side: every call that changes something. Only the guard can make an
//! [`Ec2Writer`] (its constructor takes the guard's [`Writer`]), and every call records EC2's
//! request id for the change's audit entry.

use std::sync::{Arc, Mutex};

use aws_sdk_ec2::Client;
use aws_sdk_ec2::operation::RequestId;
use aws_sdk_ec2::types as sdk;

use super::{Ec2, Ec2Timing, convert};
use crate::error::{AppError, Ec2Error};
use crate::guard::Writer;
use crate::model::{Direction, Peer, Rule, Tag};

/// The request ids of the EC2 calls a change made, answered or failed, in order.
#[derive(Clone, Debug, Default)]
pub struct RequestIds(Arc<Mutex<Vec<String>>>);

impl RequestIds {
    fn push(&self, id: Option<&str>) {
        if let (Some(id), Ok(mut ids)) = (id, self.0.lock()) {
            ids.push(id.to_owned());
        }
    }

    pub fn taken(&self) -> Vec<String> {
        self.0.lock().map(|ids| ids.clone()).unwrap_or_default()
    }
}

/// One call to the ingress or the egress operation (`$ingress`, `$egress`), whose builders and
/// outputs share their methods: `$build` fills the builder, `$answer` reads the output.
macro_rules! per_direction {
    ($writer:ident, $direction:expr, $ingress:ident, $egress:ident, |$call:ident| $build:expr) => {
        per_direction!($writer, $direction, $ingress, $egress, |$call| $build, |_answer| ())
    };
    ($writer:ident, $direction:expr, $ingress:ident, $egress:ident, |$call:ident| $build:expr, |$out:ident| $answer:expr) => {
        match $direction {
            Direction::Inbound => {
                let $call = $writer.client.$ingress();
                let request = $build;
                $writer.call(async { Ok(request.send().await?) }).await.map(|$out| $answer)
            }
            Direction::Outbound => {
                let $call = $writer.client.$egress();
                let request = $build;
                $writer.call(async { Ok(request.send().await?) }).await.map(|$out| $answer)
            }
        }
    };
}

/// EC2's write calls in one region.
pub struct Ec2Writer {
    client: Client,
    timing: Ec2Timing,
    request_ids: RequestIds,
}

impl Ec2Writer {
    /// The write side of `region`: only for a [`Writer`], which only the guard hands out.
    pub fn new(
        _: &Writer,
        ec2: &Ec2,
        region: &str,
        timing: Ec2Timing,
        request_ids: RequestIds,
    ) -> Result<Self, AppError> {
        let client = ec2.client(region)?;
        Ok(Ec2Writer { client, timing, request_ids })
    }

    /// Runs one call, keeping its request id whether it succeeds or fails.
    async fn call<T: RequestId>(&self, call: impl Future<Output = Result<T, Ec2Error>>) -> Result<T, Ec2Error> {
        let answer = self.timing.measure(call).await;
        match &answer {
            Ok(output) => self.request_ids.push(output.request_id()),
            Err(error) => self.request_ids.push(error.request_id.as_deref()),
        }
        answer
    }

    /// Revokes rules by their ids.
    pub async fn revoke(&self, group_id: &str, direction: Direction, rules: &[Rule]) -> Result<(), Ec2Error> {
        let ids: Vec<String> = rules.iter().filter_map(|r| r.id.clone()).collect();
        per_direction!(self, direction, revoke_security_group_ingress, revoke_security_group_egress, |call| call
            .group_id(group_id)
            .set_security_group_rule_ids(Some(ids)))?;
        Ok(())
    }

    /// Sets the descriptions of rules, by id, touching nothing else.
    pub async fn update_descriptions(
        &self,
        group_id: &str,
        direction: Direction,
        rules: &[Rule],
    ) -> Result<(), Ec2Error> {
        let descriptions: Vec<_> = rules
            .iter()
            .map(|r| {
                sdk::SecurityGroupRuleDescription::builder()
                    .set_security_group_rule_id(r.id.clone())
                    .description(r.description.clone().unwrap_or_default())
                    .build()
            })
            .collect();
        per_direction!(
            self,
            direction,
            update_security_group_rule_descriptions_ingress,
            update_security_group_rule_descriptions_egress,
            |call| call.group_id(group_id).set_security_group_rule_descriptions(Some(descriptions))
        )?;
        Ok(())
    }

    /// Changes rules in place (ModifySecurityGroupRules): each keeps its id and tags.
    pub async fn modify(&self, group_id: &str, rules: &[Rule]) -> Result<(), Ec2Error> {
        let updates: Vec<_> = rules
            .iter()
            .map(|rule| {
                let mut request = sdk::SecurityGroupRuleRequest::builder()
                    .ip_protocol(rule.protocol.wire())
                    .from_port(rule.from_port)
                    .to_port(rule.to_port)
                    .description(rule.description.clone().unwrap_or_default());
                request = match &rule.peer {
                    Peer::Ipv4(cidr) => request.cidr_ipv4(cidr),
                    Peer::Ipv6(cidr) => request.cidr_ipv6(cidr),
                    Peer::Group { id, .. } => request.referenced_group_id(id),
                    Peer::PrefixList { id, .. } => request.prefix_list_id(id),
                };
                sdk::SecurityGroupRuleUpdate::builder()
                    .set_security_group_rule_id(rule.id.clone())
                    .security_group_rule(request.build())
                    .build()
            })
            .collect();
        let call = self.client.modify_security_group_rules().group_id(group_id).set_security_group_rules(Some(updates));
        self.call(async { Ok(call.send().await?) }).await?;
        Ok(())
    }

    /// Adds rules; answers them with their new ids.
    pub async fn authorize(&self, group_id: &str, direction: Direction, rules: &[Rule]) -> Result<Vec<Rule>, Ec2Error> {
        let permissions: Vec<_> = rules.iter().map(permission).collect();
        per_direction!(
            self,
            direction,
            authorize_security_group_ingress,
            authorize_security_group_egress,
            |call| call.group_id(group_id).set_ip_permissions(Some(permissions)),
            |added| added.security_group_rules().iter().map(convert::rule).collect()
        )
    }

    /// Creates a group in `vpc_id` with `tags` (in the same call); answers its id.
    pub async fn create_group(
        &self,
        name: &str,
        description: &str,
        vpc_id: &str,
        tags: &[Tag],
    ) -> Result<String, Ec2Error> {
        let mut call = self.client.create_security_group().group_name(name).description(description).vpc_id(vpc_id);
        if !tags.is_empty() {
            let tags = tags.iter().map(|t| sdk::Tag::builder().key(&t.key).value(&t.value).build()).collect();
            let spec = sdk::TagSpecification::builder()
                .resource_type(sdk::ResourceType::SecurityGroup)
                .set_tags(Some(tags))
                .build();
            call = call.tag_specifications(spec);
        }
        let created = self.call(async { Ok(call.send().await?) }).await?;
        Ok(created.group_id().unwrap_or_default().to_owned())
    }

    /// Deletes a group.
    pub async fn delete_group(&self, id: &str) -> Result<(), Ec2Error> {
        let call = self.client.delete_security_group().group_id(id);
        self.call(async { Ok(call.send().await?) }).await?;
        Ok(())
    }

    /// Revokes rules by what they are (protocol, ports, peer) rather than by id: for rules whose
    /// ids the console never read, such as a new group's default outbound rules.
    pub async fn revoke_matching(&self, group_id: &str, direction: Direction, rules: &[Rule]) -> Result<(), Ec2Error> {
        let permissions: Vec<_> = rules.iter().map(permission).collect();
        per_direction!(self, direction, revoke_security_group_ingress, revoke_security_group_egress, |call| call
            .group_id(group_id)
            .set_ip_permissions(Some(permissions)))?;
        Ok(())
    }

    /// Adds tags to `resources`, or gives existing keys the new values.
    pub async fn create_tags(&self, resources: &[String], tags: &[Tag]) -> Result<(), Ec2Error> {
        let tags = tags.iter().map(|t| sdk::Tag::builder().key(&t.key).value(&t.value).build()).collect();
        let call = self.client.create_tags().set_resources(Some(resources.to_vec())).set_tags(Some(tags));
        self.call(async { Ok(call.send().await?) }).await?;
        Ok(())
    }

    /// Replaces the groups of an instance's primary network interface (ModifyInstanceAttribute).
    pub async fn set_instance_groups(&self, instance_id: &str, groups: &[String]) -> Result<(), Ec2Error> {
        let call = self.client.modify_instance_attribute().instance_id(instance_id).set_groups(Some(groups.to_vec()));
        self.call(async { Ok(call.send().await?) }).await?;
        Ok(())
    }

    /// Replaces the groups of one network interface (ModifyNetworkInterfaceAttribute).
    pub async fn set_interface_groups(&self, interface_id: &str, groups: &[String]) -> Result<(), Ec2Error> {
        let call = self
            .client
            .modify_network_interface_attribute()
            .network_interface_id(interface_id)
            .set_groups(Some(groups.to_vec()));
        self.call(async { Ok(call.send().await?) }).await?;
        Ok(())
    }

    /// A new version of a template from `source`, with every setting of it but the groups;
    /// answers its number.
    pub async fn create_template_version(
        &self,
        template_id: &str,
        source: i64,
        groups: &[String],
        description: &str,
    ) -> Result<i64, Ec2Error> {
        let data = sdk::RequestLaunchTemplateData::builder().set_security_group_ids(Some(groups.to_vec())).build();
        let call = self
            .client
            .create_launch_template_version()
            .launch_template_id(template_id)
            .source_version(source.to_string())
            .version_description(description)
            .launch_template_data(data);
        let created = self.call(async { Ok(call.send().await?) }).await?;
        Ok(created.launch_template_version().and_then(|v| v.version_number()).unwrap_or_default())
    }

    /// Makes `version` the template's default (ModifyLaunchTemplate).
    pub async fn set_default_version(&self, template_id: &str, version: i64) -> Result<(), Ec2Error> {
        let call =
            self.client.modify_launch_template().launch_template_id(template_id).default_version(version.to_string());
        self.call(async { Ok(call.send().await?) }).await?;
        Ok(())
    }

    /// Removes the tags with these keys from `resources`, whatever their values.
    pub async fn delete_tags(&self, resources: &[String], tags: &[Tag]) -> Result<(), Ec2Error> {
        let keys = tags.iter().map(|t| sdk::Tag::builder().key(&t.key).build()).collect();
        let call = self.client.delete_tags().set_resources(Some(resources.to_vec())).set_tags(Some(keys));
        self.call(async { Ok(call.send().await?) }).await?;
        Ok(())
    }
}

/// One rule as an `IpPermission` with its one peer.
fn permission(rule: &Rule) -> sdk::IpPermission {
    let description = rule.description.clone();
    let permission =
        sdk::IpPermission::builder().ip_protocol(rule.protocol.wire()).from_port(rule.from_port).to_port(rule.to_port);
    match &rule.peer {
        Peer::Ipv4(cidr) => {
            permission.ip_ranges(sdk::IpRange::builder().cidr_ip(cidr).set_description(description).build())
        }
        Peer::Ipv6(cidr) => {
            permission.ipv6_ranges(sdk::Ipv6Range::builder().cidr_ipv6(cidr).set_description(description).build())
        }
        Peer::Group { id, owner, .. } => permission.user_id_group_pairs(
            sdk::UserIdGroupPair::builder()
                .group_id(id)
                .set_user_id(owner.clone())
                .set_description(description)
                .build(),
        ),
        Peer::PrefixList { id, .. } => permission
            .prefix_list_ids(sdk::PrefixListId::builder().prefix_list_id(id).set_description(description).build()),
    }
    .build()
}
