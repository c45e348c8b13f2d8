//! CreateTags, DeleteTags and DescribeTags on groups, rules, instances and VPCs.

use std::collections::BTreeSet;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{Filter, ResourceType, Tag};

use crate::support::*;

/// One resource of each kind the tests tag.
struct Tagged {
    sg: String,
    sgr: String,
    instance: String,
    vpc: String,
}

async fn resources(client: &Client) -> Tagged {
    let vpc = create_vpc(client, "10.0.0.0/16").await;
    let default = default_vpc(client).await;
    let sg = create_group(client, &default, "tagged").await;
    let sgr = ingress_cidr(client, &sg, "tcp", 22, 22, "10.0.0.0/8").await;
    let instance = run_instance(client, &default_subnet(client).await, &[&sg]).await;
    Tagged { sg, sgr, instance: instance.instance_id().unwrap().to_owned(), vpc }
}

/// The (resource id, key, value) triples DescribeTags answers for `filters`.
async fn described_tags(client: &Client, filters: Vec<Filter>) -> BTreeSet<(String, String, String)> {
    let out = client.describe_tags().set_filters(Some(filters)).send().await.unwrap();
    out.tags()
        .iter()
        .map(|t| {
            (t.resource_id().unwrap().to_owned(), t.key().unwrap().to_owned(), t.value().unwrap_or_default().to_owned())
        })
        .collect()
}

fn triples(items: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    items.iter().map(|(r, k, v)| ((*r).to_owned(), (*k).to_owned(), (*v).to_owned())).collect()
}

/// The tags of a resource as its own Describe call answers them.
async fn own_tags(client: &Client, t: &Tagged, resource: &str) -> Vec<(String, String)> {
    if resource == t.sg {
        tag_pairs(describe_group(client, &t.sg).await.tags())
    } else if resource == t.sgr {
        tag_pairs(describe_rule(client, &t.sgr).await.tags())
    } else if resource == t.instance {
        tag_pairs(describe_instance(client, &t.instance).await.tags())
    } else {
        let out = client.describe_vpcs().vpc_ids(resource).send().await.unwrap();
        tag_pairs(out.vpcs()[0].tags())
    }
}

#[tokio::test]
async fn create_and_delete_tags_on_groups_rules_instances_and_vpcs() {
    let (_local, client) = setup().await;
    let t = resources(&client).await;
    let all = [t.sg.as_str(), t.sgr.as_str(), t.instance.as_str(), t.vpc.as_str()];

    client
        .create_tags()
        .set_resources(Some(all.iter().map(|r| (*r).to_owned()).collect()))
        .tags(tag("Env", "test"))
        .tags(tag("Owner", "me"))
        .send()
        .await
        .unwrap();
    for resource in all {
        assert_eq!(own_tags(&client, &t, resource).await, pairs(&[("Env", "test"), ("Owner", "me")]), "{resource}");
    }

    // Without a value, DeleteTags deletes the key whatever its value.
    client
        .delete_tags()
        .set_resources(Some(all.iter().map(|r| (*r).to_owned()).collect()))
        .tags(Tag::builder().key("Owner").build())
        .send()
        .await
        .unwrap();
    for resource in all {
        assert_eq!(own_tags(&client, &t, resource).await, pairs(&[("Env", "test")]), "{resource}");
    }
}

#[tokio::test]
async fn describe_tags_filters_on_resource_id_resource_type_and_key() {
    let (_local, client) = setup().await;
    let t = resources(&client).await;
    for (resource, team) in [(&t.sg, "net"), (&t.sgr, "sec"), (&t.instance, "app"), (&t.vpc, "infra")] {
        client
            .create_tags()
            .resources(resource)
            .tags(tag("Team", team))
            .tags(tag("Name", resource))
            .send()
            .await
            .unwrap();
    }

    assert_eq!(
        described_tags(&client, vec![filter("resource-id", &[&t.sg])]).await,
        triples(&[(&t.sg, "Name", &t.sg), (&t.sg, "Team", "net")])
    );
    assert_eq!(
        described_tags(&client, vec![filter("key", &["Team"])]).await,
        triples(&[
            (&t.sg, "Team", "net"),
            (&t.sgr, "Team", "sec"),
            (&t.instance, "Team", "app"),
            (&t.vpc, "Team", "infra")
        ])
    );
    for (resource_type, resource, kind) in [
        ("security-group", &t.sg, ResourceType::SecurityGroup),
        ("security-group-rule", &t.sgr, ResourceType::SecurityGroupRule),
        ("instance", &t.instance, ResourceType::Instance),
        ("vpc", &t.vpc, ResourceType::Vpc),
    ] {
        let out = client
            .describe_tags()
            .filters(filter("resource-type", &[resource_type]))
            .filters(filter("key", &["Team"]))
            .send()
            .await
            .unwrap();
        assert_eq!(out.tags().len(), 1, "{resource_type}: {out:?}");
        assert_eq!(out.tags()[0].resource_id(), Some(resource.as_str()));
        assert_eq!(out.tags()[0].resource_type(), Some(&kind));
    }
}

#[tokio::test]
async fn create_tags_overwrites_the_value_of_an_existing_key() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "overwrite").await;
    client.create_tags().resources(&sg).tags(tag("Env", "dev")).send().await.unwrap();
    client.create_tags().resources(&sg).tags(tag("Env", "prod")).send().await.unwrap();
    assert_eq!(tag_pairs(describe_group(&client, &sg).await.tags()), pairs(&[("Env", "prod")]));
}

#[tokio::test]
async fn delete_tags_with_a_value_deletes_only_a_matching_tag() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "delete-value").await;
    client.create_tags().resources(&sg).tags(tag("Env", "prod")).tags(tag("Team", "web")).send().await.unwrap();

    client.delete_tags().resources(&sg).tags(tag("Env", "dev")).send().await.unwrap();
    assert_eq!(tag_pairs(describe_group(&client, &sg).await.tags()), pairs(&[("Env", "prod"), ("Team", "web")]));

    client.delete_tags().resources(&sg).tags(tag("Env", "prod")).send().await.unwrap();
    assert_eq!(tag_pairs(describe_group(&client, &sg).await.tags()), pairs(&[("Team", "web")]));

    // Without tags, DeleteTags deletes every tag of the resource.
    client.delete_tags().resources(&sg).send().await.unwrap();
    assert!(describe_group(&client, &sg).await.tags().is_empty());
}

#[tokio::test]
async fn invalid_tags_are_rejected() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "bad-tags").await;
    for bad in [tag(&"k".repeat(128), "v"), tag("k", &"v".repeat(257)), tag("aws:owner", "me")] {
        assert_code(client.create_tags().resources(&sg).tags(bad).send().await, "InvalidParameterValue");
    }
    assert!(describe_group(&client, &sg).await.tags().is_empty());

    // Several resources are tagged together or not at all: the second one is unknown here.
    let result = client.create_tags().resources(&sg).resources("sg-0123456789abcdef0").tags(tag("k", "v")).send().await;
    assert_code(result, "InvalidGroup.NotFound");
    assert!(describe_group(&client, &sg).await.tags().is_empty(), "the first resource was not tagged");

    let longest = tag(&"k".repeat(127), &"v".repeat(256));
    client.create_tags().resources(&sg).tags(longest).send().await.unwrap();
    assert_eq!(describe_group(&client, &sg).await.tags().len(), 1);
}

#[tokio::test]
async fn fifty_tags_per_resource_at_most() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "many-tags").await;
    let fifty: Vec<_> = (0..50).map(|i| tag(&format!("key{i:02}"), "v")).collect();
    client.create_tags().resources(&sg).set_tags(Some(fifty)).send().await.unwrap();
    assert_eq!(describe_group(&client, &sg).await.tags().len(), 50);

    assert_code(client.create_tags().resources(&sg).tags(tag("key50", "v")).send().await, "TagLimitExceeded");
    // Overwriting one of the fifty is no new tag.
    client.create_tags().resources(&sg).tags(tag("key00", "w")).send().await.unwrap();
    assert_eq!(describe_group(&client, &sg).await.tags().len(), 50);

    // The limit holds for rules too.
    let rule = ingress_cidr(&client, &sg, "tcp", 22, 22, "10.0.0.0/8").await;
    let fifty_one: Vec<_> = (0..51).map(|i| tag(&format!("key{i:02}"), "v")).collect();
    assert_code(client.create_tags().resources(&rule).set_tags(Some(fifty_one)).send().await, "TagLimitExceeded");
}
