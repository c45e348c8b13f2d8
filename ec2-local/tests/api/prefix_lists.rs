//! Managed prefix lists and rules that reference them.

use aws_sdk_ec2::types::{AddPrefixListEntry, PrefixListState, ResourceType};

use crate::support::*;

#[tokio::test]
async fn create_describe_and_get_entries() {
    let (_local, client) = setup().await;
    let out = client
        .create_managed_prefix_list()
        .prefix_list_name("office")
        .address_family("IPv4")
        .max_entries(10)
        .entries(AddPrefixListEntry::builder().cidr("203.0.113.0/24").description("hq").build())
        .entries(AddPrefixListEntry::builder().cidr("198.51.100.0/24").description("branch").build())
        .tag_specifications(tag_spec(ResourceType::PrefixList, &[("Team", "net")]))
        .send()
        .await
        .unwrap();
    let created = out.prefix_list().unwrap();
    let id = created.prefix_list_id().unwrap().to_owned();
    assert_aws_id(&id, "pl");
    assert_eq!(created.prefix_list_name(), Some("office"));
    assert_eq!(created.max_entries(), Some(10));
    assert_eq!(created.address_family(), Some("IPv4"));

    let described = client.describe_managed_prefix_lists().prefix_list_ids(&id).send().await.unwrap();
    assert_eq!(described.prefix_lists().len(), 1);
    let list = &described.prefix_lists()[0];
    assert_eq!(list.prefix_list_name(), Some("office"));
    assert_eq!(list.state(), Some(&PrefixListState::CreateComplete));
    assert_eq!(list.max_entries(), Some(10));
    assert_eq!(list.version(), Some(1));
    assert_eq!(list.address_family(), Some("IPv4"));
    assert_eq!(tag_pairs(list.tags()), pairs(&[("Team", "net")]));
    assert!(list.owner_id().is_some());

    // Listed without ids too.
    let all = client.describe_managed_prefix_lists().send().await.unwrap();
    assert!(all.prefix_lists().iter().any(|p| p.prefix_list_id() == Some(id.as_str())));

    let entries = client.get_managed_prefix_list_entries().prefix_list_id(&id).send().await.unwrap();
    let mut got: Vec<_> = entries
        .entries()
        .iter()
        .map(|e| (e.cidr().unwrap().to_owned(), e.description().unwrap_or_default().to_owned()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [("198.51.100.0/24".to_owned(), "branch".to_owned()), ("203.0.113.0/24".to_owned(), "hq".to_owned())]
    );

    // One entry per page still reaches every entry, whatever order they were added in.
    let mut paged = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .get_managed_prefix_list_entries()
            .prefix_list_id(&id)
            .max_results(1)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        assert_eq!(page.entries().len(), 1);
        paged.extend(page.entries().iter().map(|e| e.cidr().unwrap().to_owned()));
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    paged.sort();
    assert_eq!(paged, ["198.51.100.0/24", "203.0.113.0/24"]);
}

#[tokio::test]
async fn rules_reference_prefix_lists() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "office-ssh").await;
    let pl = create_prefix_list(&client, "office", 5, &["203.0.113.0/24"]).await;

    let rules = ingress(&client, &sg, prefix_list_perm("tcp", 22, 22, &pl)).await;
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].prefix_list_id(), Some(pl.as_str()));
    assert!(rules[0].cidr_ipv4().is_none());

    let group = describe_group(&client, &sg).await;
    let perm = &group.ip_permissions()[0];
    assert_eq!(perm.prefix_list_ids().len(), 1);
    assert_eq!(perm.prefix_list_ids()[0].prefix_list_id(), Some(pl.as_str()));
    assert!(perm.ip_ranges().is_empty());
}

#[tokio::test]
async fn unknown_prefix_lists_are_not_found() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "unknown-pl").await;
    let result = client
        .authorize_security_group_ingress()
        .group_id(&sg)
        .ip_permissions(prefix_list_perm("tcp", 22, 22, UNKNOWN_PL))
        .send()
        .await;
    assert_code(result, "InvalidPrefixListID.NotFound");
    let result = client
        .authorize_security_group_egress()
        .group_id(&sg)
        .ip_permissions(prefix_list_perm("tcp", 22, 22, UNKNOWN_PL))
        .send()
        .await;
    assert_code(result, "InvalidPrefixListID.NotFound");
    assert_code(
        client.get_managed_prefix_list_entries().prefix_list_id(UNKNOWN_PL).send().await,
        "InvalidPrefixListID.NotFound",
    );
}
