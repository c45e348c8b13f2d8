//! Security groups: create, describe (ids, names, filters, pages), delete, and what EC2 refuses.

use aws_sdk_ec2::types::{ResourceType, SecurityGroup};
use ec2_local::Seed;
use tokio::task::JoinSet;

use crate::support::*;

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn new_group_has_no_inbound_rules_and_allows_all_outbound_ipv4() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let out =
        client.create_security_group().vpc_id(&vpc).group_name("web").description("Web servers").send().await.unwrap();
    let id = out.group_id().unwrap();
    assert_aws_id(id, "sg");

    let group = describe_group(&client, id).await;
    assert_eq!(group.group_name(), Some("web"));
    assert_eq!(group.description(), Some("Web servers"));
    assert_eq!(group.vpc_id(), Some(vpc.as_str()));
    assert!(group.owner_id().is_some_and(|o| !o.is_empty()), "{group:?}");
    assert!(group.ip_permissions().is_empty(), "{group:?}");
    let outbound = group.ip_permissions_egress();
    assert_eq!(outbound.len(), 1, "{outbound:?}");
    assert!(allows_cidr(outbound, "-1", None, None, "0.0.0.0/0"), "{outbound:?}");
    assert!(outbound[0].ipv6_ranges().is_empty(), "no IPv6 in a VPC without IPv6: {outbound:?}");
}

#[tokio::test]
async fn create_group_with_tag_specifications() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let out = client
        .create_security_group()
        .vpc_id(&vpc)
        .group_name("tagged")
        .description("Tagged group")
        .tag_specifications(tag_spec(ResourceType::SecurityGroup, &[("Name", "tagged"), ("Env", "prod")]))
        .send()
        .await
        .unwrap();
    let expected = pairs(&[("Name", "tagged"), ("Env", "prod")]);
    assert_eq!(tag_pairs(out.tags()), expected, "CreateSecurityGroup answers the tags");

    let group = describe_group(&client, out.group_id().unwrap()).await;
    assert_eq!(tag_pairs(group.tags()), expected);
}

#[tokio::test]
async fn group_name_and_description_accept_every_allowed_character_and_255_characters() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let allowed = "Az09 ._-:/()#,@[]+=&;{}!$*";
    for (name, description) in [(allowed.to_owned(), allowed.to_owned()), ("n".repeat(255), "d".repeat(255))] {
        let out = client
            .create_security_group()
            .vpc_id(&vpc)
            .group_name(&name)
            .description(&description)
            .send()
            .await
            .unwrap();
        let group = describe_group(&client, out.group_id().unwrap()).await;
        assert_eq!(group.group_name(), Some(name.as_str()));
        assert_eq!(group.description(), Some(description.as_str()));
    }
}

#[tokio::test]
async fn invalid_group_names_are_rejected() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    for name in [String::new(), "n".repeat(256), "café".to_owned(), "50%".to_owned(), "sg-web".to_owned()] {
        let result =
            client.create_security_group().vpc_id(&vpc).group_name(&name).description("valid description").send().await;
        assert_code(result, "InvalidParameterValue");
    }
}

#[tokio::test]
async fn invalid_descriptions_are_rejected() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    for description in [String::new(), "d".repeat(256), "résumé".to_owned(), "50%".to_owned()] {
        let result =
            client.create_security_group().vpc_id(&vpc).group_name("valid-name").description(&description).send().await;
        assert_code(result, "InvalidParameterValue");
    }
}

#[tokio::test]
async fn missing_description_is_a_missing_parameter() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let result = client.create_security_group().vpc_id(&vpc).group_name("no-description").send().await;
    assert_code(result, "MissingParameter");
}

#[tokio::test]
async fn names_are_unique_per_vpc_ignoring_case() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    create_group(&client, &vpc, "web").await;

    for name in ["web", "Web", "WEB", "default"] {
        let result = client.create_security_group().vpc_id(&vpc).group_name(name).description("again").send().await;
        assert_code(result, "InvalidGroup.Duplicate");
    }

    // The same name in another VPC is another group.
    let other_vpc = create_vpc(&client, "10.0.0.0/16").await;
    let other = create_group(&client, &other_vpc, "web").await;
    assert_eq!(describe_group(&client, &other).await.vpc_id(), Some(other_vpc.as_str()));
}

#[tokio::test]
async fn a_deleted_groups_name_can_be_used_again() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let first = create_group(&client, &vpc, "reused").await;
    client.delete_security_group().group_id(&first).send().await.unwrap();
    let second = create_group(&client, &vpc, "reused").await;
    assert_ne!(first, second, "a new group gets a new id");
}

#[tokio::test]
async fn create_group_in_unknown_vpc() {
    let (_local, client) = setup().await;
    let result = client.create_security_group().vpc_id(UNKNOWN_VPC).group_name("x").description("x").send().await;
    assert_code(result, "InvalidVpcID.NotFound");
}

// ---------------------------------------------------------------------------------------------
// Describe by ids and names
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn describe_by_group_ids() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let a = create_group(&client, &vpc, "a").await;
    let b = create_group(&client, &vpc, "b").await;
    create_group(&client, &vpc, "c").await;

    let out = client.describe_security_groups().group_ids(&a).group_ids(&b).send().await.unwrap();
    let ids = set(out.security_groups().iter().filter_map(|g| g.group_id()));
    assert_eq!(ids, set([&a, &b]));

    // Without ids or filters: every group of the region, here the default group and a, b, c.
    let all = client.describe_security_groups().send().await.unwrap();
    assert_eq!(all.security_groups().len(), 4, "default, a, b, c: {all:?}");
}

#[tokio::test]
async fn describe_by_group_names_finds_groups_of_the_default_vpc() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let db = create_group(&client, &vpc, "db").await;

    let out = client.describe_security_groups().group_names("web").group_names("db").send().await.unwrap();
    assert_eq!(set(out.security_groups().iter().filter_map(|g| g.group_id())), set([&web, &db]));

    // GroupNames only looks into the default VPC.
    let other_vpc = create_vpc(&client, "10.0.0.0/16").await;
    create_group(&client, &other_vpc, "elsewhere").await;
    assert_code(client.describe_security_groups().group_names("elsewhere").send().await, "InvalidGroup.NotFound");
}

#[tokio::test]
async fn unknown_and_malformed_group_ids() {
    let (_local, client) = setup().await;
    assert_code(client.describe_security_groups().group_ids(UNKNOWN_SG).send().await, "InvalidGroup.NotFound");
    assert_code(client.delete_security_group().group_id(UNKNOWN_SG).send().await, "InvalidGroup.NotFound");
    assert_code(
        client
            .authorize_security_group_ingress()
            .group_id(UNKNOWN_SG)
            .ip_permissions(cidr_perm("tcp", 22, 22, &["10.0.0.0/8"]))
            .send()
            .await,
        "InvalidGroup.NotFound",
    );
    for malformed in ["sg-xyz", "foo"] {
        assert_code(client.describe_security_groups().group_ids(malformed).send().await, "InvalidGroupId.Malformed");
        assert_code(client.delete_security_group().group_id(malformed).send().await, "InvalidGroupId.Malformed");
    }
}

#[tokio::test]
async fn unknown_group_name() {
    let (_local, client) = setup().await;
    assert_code(client.describe_security_groups().group_names("nope").send().await, "InvalidGroup.NotFound");
}

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

/// Groups in two VPCs with different names, descriptions, tags and rules, for the filters.
struct Fixture {
    vpc_a: String,
    vpc_b: String,
    default_a: String,
    default_b: String,
    /// `web-fe` in the default VPC: tags Env=prod, Team=web; in: tcp 443 from 0.0.0.0/0, tcp 80
    /// from ::/0; out: tcp 5432 to `db`.
    web: String,
    /// `db-main` in the default VPC: tag Env=dev; in: tcp 5432 from `web`; out: tcp 443 to
    /// 2001:db8::/32, tcp 8443 to the prefix list.
    db: String,
    /// `web-fe` in VPC B: in: tcp 22 from the prefix list; out: tcp 443 to 10.1.0.0/16.
    web_b: String,
    prefix_list: String,
}

async fn fixture(client: &aws_sdk_ec2::Client) -> Fixture {
    let vpc_a = default_vpc(client).await;
    let vpc_b = create_vpc(client, "10.0.0.0/16").await;
    let default_a = default_group(client, &vpc_a).await;
    let default_b = default_group(client, &vpc_b).await;
    let prefix_list = create_prefix_list(client, "corp", 5, &["192.168.0.0/24"]).await;

    let create = |vpc: &str, name: &str, description: &str, tags: &[(&str, &str)]| {
        let mut request = client.create_security_group().vpc_id(vpc).group_name(name).description(description);
        if !tags.is_empty() {
            request = request.tag_specifications(tag_spec(ResourceType::SecurityGroup, tags));
        }
        async move { request.send().await.unwrap().group_id().unwrap().to_owned() }
    };
    let web = create(&vpc_a, "web-fe", "Web frontend", &[("Env", "prod"), ("Team", "web")]).await;
    let db = create(&vpc_a, "db-main", "Database", &[("Env", "dev")]).await;
    let web_b = create(&vpc_b, "web-fe", "Web frontend B", &[]).await;

    ingress(client, &web, cidr_perm("tcp", 443, 443, &["0.0.0.0/0"])).await;
    ingress(client, &web, ipv6_perm("tcp", 80, 80, &["::/0"])).await;
    ingress(client, &db, group_perm("tcp", 5432, 5432, &web)).await;
    ingress(client, &web_b, prefix_list_perm("tcp", 22, 22, &prefix_list)).await;

    egress(client, &web, group_perm("tcp", 5432, 5432, &db)).await;
    egress(client, &db, ipv6_perm("tcp", 443, 443, &["2001:db8::/32"])).await;
    egress(client, &db, prefix_list_perm("tcp", 8443, 8443, &prefix_list)).await;
    egress(client, &web_b, cidr_perm("tcp", 443, 443, &["10.1.0.0/16"])).await;

    Fixture { vpc_a, vpc_b, default_a, default_b, web, db, web_b, prefix_list }
}

/// Asserts that the single filter `name`=`values` matches exactly `expected`.
async fn assert_filter(client: &aws_sdk_ec2::Client, name: &str, values: &[&str], expected: &[&String]) {
    let matched = group_ids_matching(client, vec![filter(name, values)]).await;
    assert_eq!(matched, set(expected), "filter {name}={values:?}");
}

#[tokio::test]
async fn filters_on_vpc_id_group_id_name_description_and_tags() {
    let (_local, client) = setup().await;
    let f = fixture(&client).await;

    assert_filter(&client, "vpc-id", &[&f.vpc_b], &[&f.default_b, &f.web_b]).await;
    assert_filter(&client, "vpc-id", &[&f.vpc_a], &[&f.default_a, &f.web, &f.db]).await;
    assert_filter(&client, "group-id", &[&f.web], &[&f.web]).await;
    assert_filter(&client, "group-id", &[&f.web, &f.db], &[&f.web, &f.db]).await;
    assert_filter(&client, "group-name", &["web-fe"], &[&f.web, &f.web_b]).await;
    assert_filter(&client, "group-name", &["default"], &[&f.default_a, &f.default_b]).await;
    assert_filter(&client, "description", &["Database"], &[&f.db]).await;
    assert_filter(&client, "tag:Env", &["prod"], &[&f.web]).await;
    assert_filter(&client, "tag:Env", &["prod", "dev"], &[&f.web, &f.db]).await;
    assert_filter(&client, "tag:Team", &["dev"], &[]).await;
    assert_filter(&client, "tag-key", &["Team"], &[&f.web]).await;
    assert_filter(&client, "tag-key", &["Env"], &[&f.web, &f.db]).await;
    assert_filter(&client, "tag-value", &["dev"], &[&f.db]).await;

    // Several filters: all must match.
    let matched =
        group_ids_matching(&client, vec![filter("vpc-id", &[&f.vpc_a]), filter("group-name", &["web-fe"])]).await;
    assert_eq!(matched, set([&f.web]));
}

#[tokio::test]
async fn filters_on_inbound_permissions() {
    let (_local, client) = setup().await;
    let f = fixture(&client).await;

    assert_filter(&client, "ip-permission.cidr", &["0.0.0.0/0"], &[&f.web]).await;
    assert_filter(&client, "ip-permission.cidr", &["10.1.0.0/16"], &[]).await; // only outbound
    assert_filter(&client, "ip-permission.ipv6-cidr", &["::/0"], &[&f.web]).await;
    assert_filter(&client, "ip-permission.prefix-list-id", &[&f.prefix_list], &[&f.web_b]).await;
    assert_filter(&client, "ip-permission.group-id", &[&f.web], &[&f.db]).await;
    assert_filter(&client, "ip-permission.group-id", &[&f.default_a], &[&f.default_a]).await;
    assert_filter(&client, "ip-permission.from-port", &["5432"], &[&f.db]).await;
    assert_filter(&client, "ip-permission.from-port", &["80"], &[&f.web]).await;
    assert_filter(&client, "ip-permission.to-port", &["443"], &[&f.web]).await;
    assert_filter(&client, "ip-permission.to-port", &["22", "5432"], &[&f.web_b, &f.db]).await;
    assert_filter(&client, "ip-permission.protocol", &["tcp"], &[&f.web, &f.db, &f.web_b]).await;
    assert_filter(&client, "ip-permission.protocol", &["-1"], &[&f.default_a, &f.default_b]).await;
}

#[tokio::test]
async fn filters_on_outbound_permissions() {
    let (_local, client) = setup().await;
    let f = fixture(&client).await;
    let everyone = [&f.default_a, &f.default_b, &f.web, &f.db, &f.web_b];

    assert_filter(&client, "egress.ip-permission.cidr", &["10.1.0.0/16"], &[&f.web_b]).await;
    assert_filter(&client, "egress.ip-permission.cidr", &["0.0.0.0/0"], &everyone).await;
    assert_filter(&client, "egress.ip-permission.ipv6-cidr", &["2001:db8::/32"], &[&f.db]).await;
    assert_filter(&client, "egress.ip-permission.ipv6-cidr", &["::/0"], &[]).await; // only inbound
    assert_filter(&client, "egress.ip-permission.prefix-list-id", &[&f.prefix_list], &[&f.db]).await;
    assert_filter(&client, "egress.ip-permission.group-id", &[&f.db], &[&f.web]).await;
    assert_filter(&client, "egress.ip-permission.from-port", &["5432"], &[&f.web]).await;
    assert_filter(&client, "egress.ip-permission.to-port", &["443"], &[&f.db, &f.web_b]).await;
    assert_filter(&client, "egress.ip-permission.to-port", &["8443"], &[&f.db]).await;
    assert_filter(&client, "egress.ip-permission.protocol", &["tcp"], &[&f.web, &f.db, &f.web_b]).await;
    assert_filter(&client, "egress.ip-permission.protocol", &["-1"], &everyone).await;
}

#[tokio::test]
async fn filter_values_accept_wildcards() {
    let (_local, client) = setup().await;
    let f = fixture(&client).await;

    assert_filter(&client, "group-name", &["web*"], &[&f.web, &f.web_b]).await;
    assert_filter(&client, "group-name", &["*-main"], &[&f.db]).await;
    assert_filter(&client, "group-name", &["*"], &[&f.default_a, &f.default_b, &f.web, &f.db, &f.web_b]).await;
    assert_filter(&client, "description", &["Web frontend*"], &[&f.web, &f.web_b]).await;
    assert_filter(&client, "description", &["*B"], &[&f.web_b]).await;
    assert_filter(&client, "tag:Env", &["p*"], &[&f.web]).await;
    assert_filter(&client, "tag:Env", &["*"], &[&f.web, &f.db]).await;
    // Values with and without wildcards in one filter: any of them may match.
    assert_filter(&client, "group-name", &["db-main", "web?fe"], &[&f.web, &f.db, &f.web_b]).await;
    assert_filter(&client, "group-name", &["db", "web"], &[]).await;
}

#[tokio::test]
async fn unknown_filter_name_is_rejected() {
    let (_local, client) = setup().await;
    let result = client.describe_security_groups().filters(filter("no-such-filter", &["x"])).send().await;
    assert_code(result, "InvalidParameterValue");
}

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn max_results_and_next_token_page_through_all_groups() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let mut expected = set([default_group(&client, &vpc).await]);
    for i in 0..12 {
        expected.insert(create_group(&client, &vpc, &format!("page-{i:02}")).await);
    }

    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = client.describe_security_groups().max_results(5).set_next_token(token.clone()).send().await.unwrap();
        sizes.push(out.security_groups().len());
        seen.extend(out.security_groups().iter().map(|g| g.group_id().unwrap().to_owned()));
        match out.next_token() {
            Some(next) => token = Some(next.to_owned()),
            None => break,
        }
        assert!(sizes.len() < 10, "too many pages: {sizes:?}");
    }
    assert_eq!(sizes, [5, 5, 3]);
    assert_eq!(seen.len(), 13, "no group twice: {seen:?}");
    assert_eq!(set(&seen), expected);
}

#[tokio::test]
async fn max_results_outside_5_to_1000_is_rejected() {
    let (_local, client) = setup().await;
    for max in [4, 1001] {
        assert_code(client.describe_security_groups().max_results(max).send().await, "InvalidParameterValue");
    }
    for max in [5, 1000] {
        client.describe_security_groups().max_results(max).send().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn paginator_pages_through_more_than_1000_groups() {
    let (_local, client) = setup().await;
    let vpc = create_vpc(&client, "10.0.0.0/16").await;
    let mut expected = set([default_group(&client, &vpc).await]);
    for batch in 0..11 {
        let mut tasks = JoinSet::new();
        for i in 0..100 {
            let (client, vpc) = (client.clone(), vpc.clone());
            tasks.spawn(async move { create_group(&client, &vpc, &format!("bulk-{batch:02}-{i:03}")).await });
        }
        while let Some(id) = tasks.join_next().await {
            expected.insert(id.unwrap());
        }
    }
    assert_eq!(expected.len(), 1101);

    let groups: Vec<SecurityGroup> = client
        .describe_security_groups()
        .filters(filter("vpc-id", &[&vpc]))
        .into_paginator()
        .page_size(1000)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = groups.iter().map(|g| g.group_id().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 1101, "every group once");
    assert_eq!(set(&ids), expected);

    let pages = client
        .describe_security_groups()
        .filters(filter("vpc-id", &[&vpc]))
        .into_paginator()
        .page_size(1000)
        .send()
        .try_collect()
        .await
        .unwrap();
    assert!(pages.len() >= 2, "more than one page");
    assert!(pages.iter().all(|p| p.security_groups().len() <= 1000));
    assert!(pages.last().unwrap().next_token().is_none());
}

// ---------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn delete_group_by_id() {
    let (_local, client) = setup().await;
    let vpc = create_vpc(&client, "10.0.0.0/16").await;
    let id = create_group(&client, &vpc, "doomed").await;
    let out = client.delete_security_group().group_id(&id).send().await.unwrap();
    assert_eq!(out.r#return(), Some(true));
    assert_code(client.describe_security_groups().group_ids(&id).send().await, "InvalidGroup.NotFound");
    assert_code(client.delete_security_group().group_id(&id).send().await, "InvalidGroup.NotFound");
}

#[tokio::test]
async fn delete_group_by_name_in_the_default_vpc() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let id = create_group(&client, &vpc, "by-name").await;
    client.delete_security_group().group_name("by-name").send().await.unwrap();
    assert_code(client.describe_security_groups().group_ids(&id).send().await, "InvalidGroup.NotFound");
}

#[tokio::test]
async fn the_default_group_cannot_be_deleted() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let default = default_group(&client, &vpc).await;
    assert_code(client.delete_security_group().group_id(&default).send().await, "CannotDelete");
    describe_group(&client, &default).await;

    let new_vpc = create_vpc(&client, "10.0.0.0/16").await;
    let new_default = default_group(&client, &new_vpc).await;
    assert_code(client.delete_security_group().group_id(&new_default).send().await, "CannotDelete");
}

#[tokio::test]
async fn a_group_referenced_by_another_groups_rule_cannot_be_deleted() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let app = create_group(&client, &vpc, "app").await;
    let db = create_group(&client, &vpc, "db").await;
    let rules = ingress(&client, &db, group_perm("tcp", 5432, 5432, &app)).await;
    assert_eq!(rules[0].referenced_group_info().and_then(|g| g.group_id()), Some(app.as_str()));
    assert!(allows_group(describe_group(&client, &db).await.ip_permissions(), "tcp", &app));

    assert_code(client.delete_security_group().group_id(&app).send().await, "DependencyViolation");
    describe_group(&client, &app).await;

    client
        .revoke_security_group_ingress()
        .group_id(&db)
        .ip_permissions(group_perm("tcp", 5432, 5432, &app))
        .send()
        .await
        .unwrap();
    client.delete_security_group().group_id(&app).send().await.unwrap();
}

#[tokio::test]
async fn a_group_referenced_by_an_outbound_rule_cannot_be_deleted() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let app = create_group(&client, &vpc, "app").await;
    let db = create_group(&client, &vpc, "db").await;
    let rule = egress(&client, &app, group_perm("tcp", 5432, 5432, &db)).await;

    assert_code(client.delete_security_group().group_id(&db).send().await, "DependencyViolation");
    client
        .revoke_security_group_egress()
        .group_id(&app)
        .security_group_rule_ids(rule[0].security_group_rule_id().unwrap())
        .send()
        .await
        .unwrap();
    client.delete_security_group().group_id(&db).send().await.unwrap();
}

#[tokio::test]
async fn a_group_referenced_by_its_own_rule_cannot_be_deleted() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let cluster = create_group(&client, &vpc, "cluster").await;
    ingress(&client, &cluster, group_perm("-1", -1, -1, &cluster)).await;

    assert_code(client.delete_security_group().group_id(&cluster).send().await, "DependencyViolation");

    client
        .revoke_security_group_ingress()
        .group_id(&cluster)
        .ip_permissions(group_perm("-1", -1, -1, &cluster))
        .send()
        .await
        .unwrap();
    client.delete_security_group().group_id(&cluster).send().await.unwrap();
}

#[tokio::test]
async fn a_group_on_an_instance_cannot_be_deleted() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let other = create_group(&client, &vpc, "other").await;
    let instance = run_instance(&client, &default_subnet(&client).await, &[&web]).await;
    let instance_id = instance.instance_id().unwrap();

    assert_code(client.delete_security_group().group_id(&web).send().await, "DependencyViolation");

    // Once the instance is in another group, the group goes.
    client.modify_instance_attribute().instance_id(instance_id).groups(&other).send().await.unwrap();
    client.delete_security_group().group_id(&web).send().await.unwrap();
}

#[tokio::test]
async fn references_and_stale_groups_are_empty() {
    let has_empty_element =
        |xml: &str, name: &str| xml.contains(&format!("<{name}/>")) || xml.contains(&format!("<{name}></{name}>"));
    let local = Local::start(Seed::Empty).await;
    let client = local.client(US_EAST_1);
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;

    // The SDK reads a missing or misnamed list as empty, so the wire is checked: each answer is
    // an empty list under EC2's element name.
    let references =
        local.query(US_EAST_1, &[("Action", "DescribeSecurityGroupReferences"), ("GroupId.1", &web)]).await;
    assert_eq!(references.status(), 200);
    let xml = references.text().await.unwrap();
    assert!(xml.contains("<DescribeSecurityGroupReferencesResponse"), "{xml}");
    assert!(has_empty_element(&xml, "securityGroupReferenceSet"), "{xml}");

    let stale = local.query(US_EAST_1, &[("Action", "DescribeStaleSecurityGroups"), ("VpcId", &vpc)]).await;
    assert_eq!(stale.status(), 200);
    let xml = stale.text().await.unwrap();
    assert!(xml.contains("<DescribeStaleSecurityGroupsResponse"), "{xml}");
    assert!(has_empty_element(&xml, "staleSecurityGroupSet"), "{xml}");
    assert!(!xml.contains("nextToken"), "{xml}");
}
