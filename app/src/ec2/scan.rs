//! A whole region read for the checks that look at everything at once (findings, reach): one
//! paginated Describe per kind of data (groups, network interfaces, prefix lists; the groups with
//! their rules, as the list page reads them), plus one call per prefix list for its entries (and,
//! in `launch_templates`, one per template for its versions), all at once. Rule ids come only
//! for the groups that need them (`rules_of`): reading every rule of a region with its id is
//! another 300,000 rules of XML at EC2's largest size.

use std::net::IpAddr;

use ipnet::IpNet;

use super::{PAGE_SIZE, RegionEc2, convert, filter};
use crate::error::Ec2Error;
use crate::model::{Carrier, Direction, PeerPrefixList, PrefixEntries, Rule};

impl RegionEc2 {
    /// The rules of `group_ids`, with their ids, by group and direction: DescribeSecurityGroupRules
    /// filtered by group (200 ids a call, EC2's most for one filter), all at once.
    pub async fn rules_of(&self, group_ids: &[String]) -> Result<Vec<(String, Direction, Rule)>, Ec2Error> {
        let calls = group_ids.chunks(200).map(|ids| async move {
            let pages = self
                .client
                .describe_security_group_rules()
                .filters(filter("group-id", ids.iter().cloned()))
                .into_paginator()
                .page_size(PAGE_SIZE)
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>();
            // Only the read is waiting on EC2. Each call's answer is converted as soon as it is
            // read, so that EC2's form of every rule is never held at once (a download of every
            // finding reads 300,000).
            let rules = self.timing.measure(pages).await?;
            Ok::<_, Ec2Error>(
                rules
                    .iter()
                    .map(|r| {
                        let direction =
                            if r.is_egress().unwrap_or(false) { Direction::Outbound } else { Direction::Inbound };
                        (r.group_id().unwrap_or_default().to_owned(), direction, convert::rule(r))
                    })
                    .collect::<Vec<_>>(),
            )
        });
        let answers = futures::future::try_join_all(calls).await?;
        Ok(answers.concat())
    }

    /// Every network interface: its addresses, groups and instance.
    pub async fn carriers(&self) -> Result<Vec<Carrier>, Ec2Error> {
        let pages = self.client.describe_network_interfaces().into_paginator().page_size(PAGE_SIZE).items().send();
        let interfaces = self.timing.measure(pages.collect::<Result<Vec<_>, _>>()).await?;
        Ok(interfaces
            .iter()
            .map(|i| {
                let v4 = i.private_ip_addresses().iter().filter_map(|a| a.private_ip_address());
                let v6 = i.ipv6_addresses().iter().filter_map(|a| a.ipv6_address());
                Carrier {
                    interface_id: i.network_interface_id().unwrap_or_default().to_owned(),
                    instance_id: i.attachment().and_then(|a| a.instance_id()).map(str::to_owned),
                    addresses: i
                        .private_ip_address()
                        .into_iter()
                        .chain(v4)
                        .chain(v6)
                        .filter_map(|a| a.parse::<IpAddr>().ok())
                        .fold(Vec::new(), |mut all, a| {
                            if !all.contains(&a) {
                                all.push(a);
                            }
                            all
                        }),
                    groups: i.groups().iter().filter_map(|g| g.group_id()).map(str::to_owned).collect(),
                }
            })
            .collect())
    }

    /// The region's managed prefix lists and their entries (one call per list, all at once).
    pub async fn prefix_lists_with_entries(&self) -> Result<(Vec<PeerPrefixList>, PrefixEntries), Ec2Error> {
        let pages = self.client.describe_managed_prefix_lists().into_paginator().page_size(100).items().send();
        let lists = self.timing.measure(pages.collect::<Result<Vec<_>, _>>()).await?;
        let entries_of = |id: String| {
            self.client
                .get_managed_prefix_list_entries()
                .prefix_list_id(id)
                .into_paginator()
                .page_size(100)
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
        };
        let all = futures::future::join_all(
            lists.iter().map(|l| entries_of(l.prefix_list_id().unwrap_or_default().to_owned())),
        );
        let answers = self.timing.measure(all).await;
        let mut entries = PrefixEntries::new();
        for (list, answer) in lists.iter().zip(answers) {
            let nets = answer?.iter().filter_map(|e| e.cidr()?.parse::<IpNet>().ok()).collect();
            entries.insert(list.prefix_list_id().unwrap_or_default().to_owned(), nets);
        }
        let lists = lists.iter().map(convert::prefix_list).collect();
        Ok((lists, entries))
    }
}
