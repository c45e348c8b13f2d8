//! Instances and network interfaces, as far as security groups are concerned.

use std::collections::BTreeSet;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{
    Filter, InstanceNetworkInterfaceSpecification, InstanceStateName, InstanceType, Reservation, ResourceType,
};

use crate::support::*;

async fn instance_ids_matching(client: &Client, filters: Vec<Filter>) -> BTreeSet<String> {
    let out = client.describe_instances().set_filters(Some(filters)).send().await.unwrap();
    out.reservations().iter().flat_map(|r| r.instances()).map(|i| i.instance_id().unwrap().to_owned()).collect()
}

async fn eni_ids_matching(client: &Client, filters: Vec<Filter>) -> BTreeSet<String> {
    let out = client.describe_network_interfaces().set_filters(Some(filters)).send().await.unwrap();
    out.network_interfaces().iter().map(|n| n.network_interface_id().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn run_instances_with_security_group_ids_in_a_subnet() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let app = create_group(&client, &vpc, "app").await;
    let subnet = default_subnet(&client).await;

    let launched = run_instance(&client, &subnet, &[&web, &app]).await;
    let id = launched.instance_id().unwrap().to_owned();
    assert_aws_id(&id, "i");
    assert_eq!(launched.subnet_id(), Some(subnet.as_str()));
    assert_eq!(launched.vpc_id(), Some(vpc.as_str()));
    assert_eq!(instance_group_ids(&launched), set([&web, &app]));
    let eni = primary_eni(&launched);
    assert_aws_id(&eni, "eni");

    let instance = describe_instance(&client, &id).await;
    assert_eq!(instance.state().and_then(|s| s.name()), Some(&InstanceStateName::Running));
    assert_eq!(instance.image_id(), Some(AMI));
    assert_eq!(instance.instance_type(), Some(&InstanceType::T3Micro));
    assert_eq!(instance.subnet_id(), Some(subnet.as_str()));
    assert_eq!(instance.vpc_id(), Some(vpc.as_str()));
    assert_eq!(instance_group_ids(&instance), set([&web, &app]));
    assert_eq!(primary_eni(&instance), eni);

    let enis = client.describe_network_interfaces().network_interface_ids(&eni).send().await.unwrap();
    let interface = &enis.network_interfaces()[0];
    assert_eq!(interface.attachment().and_then(|a| a.instance_id()), Some(id.as_str()));
    assert_eq!(interface.attachment().and_then(|a| a.device_index()), Some(0));
    assert_eq!(interface.subnet_id(), Some(subnet.as_str()));
    assert_eq!(interface.vpc_id(), Some(vpc.as_str()));
    assert_eq!(eni_group_ids(&client, &eni).await, set([&web, &app]));

    // Groups go either on the instance or on its network interfaces, not both.
    let both = client
        .run_instances()
        .image_id(AMI)
        .instance_type(InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .security_group_ids(&web)
        .network_interfaces(
            InstanceNetworkInterfaceSpecification::builder().device_index(0).subnet_id(&subnet).groups(&app).build(),
        )
        .send()
        .await;
    assert_code(both, "InvalidParameterCombination");

    // Addresses stay unique in the subnet after an instance before them is terminated.
    let second = run_instance(&client, &subnet, &[&web]).await;
    client.terminate_instances().instance_ids(&id).send().await.unwrap();
    let third = run_instance(&client, &subnet, &[&web]).await;
    assert_ne!(third.private_ip_address(), second.private_ip_address());
}

#[tokio::test]
async fn run_instances_in_a_new_vpc() {
    let (_local, client) = setup().await;
    let vpc = create_vpc(&client, "10.0.0.0/16").await;
    let subnet = create_subnet(&client, &vpc, "10.0.1.0/24").await;
    let sg = create_group(&client, &vpc, "inner").await;
    let launched = run_instance(&client, &subnet, &[&sg]).await;
    let instance = describe_instance(&client, launched.instance_id().unwrap()).await;
    assert_eq!(instance.vpc_id(), Some(vpc.as_str()));
    assert_eq!(instance.subnet_id(), Some(subnet.as_str()));
    assert_eq!(instance_group_ids(&instance), set([&sg]));
}

#[tokio::test]
async fn stop_start_and_terminate() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "lifecycle").await;
    let id = run_instance(&client, &default_subnet(&client).await, &[&sg]).await.instance_id().unwrap().to_owned();
    assert_eq!(instance_state(&client, &id).await, InstanceStateName::Running);

    let out = client.stop_instances().instance_ids(&id).send().await.unwrap();
    let change = &out.stopping_instances()[0];
    assert_eq!(change.instance_id(), Some(id.as_str()));
    assert_eq!(change.previous_state().and_then(|s| s.name()), Some(&InstanceStateName::Running));
    assert_eq!(instance_state(&client, &id).await, InstanceStateName::Stopped);

    let out = client.start_instances().instance_ids(&id).send().await.unwrap();
    let change = &out.starting_instances()[0];
    assert_eq!(change.instance_id(), Some(id.as_str()));
    assert_eq!(change.previous_state().and_then(|s| s.name()), Some(&InstanceStateName::Stopped));
    assert_eq!(instance_state(&client, &id).await, InstanceStateName::Running);

    let out = client.terminate_instances().instance_ids(&id).send().await.unwrap();
    let change = &out.terminating_instances()[0];
    assert_eq!(change.instance_id(), Some(id.as_str()));
    assert_eq!(change.previous_state().and_then(|s| s.name()), Some(&InstanceStateName::Running));
    assert_eq!(instance_state(&client, &id).await, InstanceStateName::Terminated);
}

#[tokio::test]
async fn describe_instances_filters() {
    let (_local, client) = setup().await;
    let default = default_vpc(&client).await;
    let subnet = default_subnet(&client).await;
    let web = create_group(&client, &default, "web").await;
    let db = create_group(&client, &default, "db").await;
    let other_vpc = create_vpc(&client, "10.0.0.0/16").await;
    let other_subnet = create_subnet(&client, &other_vpc, "10.0.1.0/24").await;
    let inner = create_group(&client, &other_vpc, "inner").await;

    let tagged = client
        .run_instances()
        .image_id(AMI)
        .instance_type(InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .subnet_id(&subnet)
        .security_group_ids(&web)
        .tag_specifications(tag_spec(ResourceType::Instance, &[("Role", "web")]))
        .tag_specifications(tag_spec(ResourceType::NetworkInterface, &[("Role", "web-eni")]))
        .send()
        .await
        .unwrap();
    let i_web = tagged.instances()[0].instance_id().unwrap().to_owned();
    assert_eq!(tag_pairs(describe_instance(&client, &i_web).await.tags()), pairs(&[("Role", "web")]));
    let eni = primary_eni(&tagged.instances()[0]);
    let enis = client.describe_network_interfaces().network_interface_ids(&eni).send().await.unwrap();
    assert_eq!(tag_pairs(enis.network_interfaces()[0].tag_set()), pairs(&[("Role", "web-eni")]));
    let i_db = run_instance(&client, &subnet, &[&db]).await.instance_id().unwrap().to_owned();
    let i_inner = run_instance(&client, &other_subnet, &[&inner]).await.instance_id().unwrap().to_owned();
    client.stop_instances().instance_ids(&i_db).send().await.unwrap();

    let matching = |name: &str, values: &[&str]| instance_ids_matching(&client, vec![filter(name, values)]);
    assert_eq!(matching("instance-state-name", &["running"]).await, set([&i_web, &i_inner]));
    assert_eq!(matching("instance-state-name", &["stopped"]).await, set([&i_db]));
    assert_eq!(matching("vpc-id", &[&other_vpc]).await, set([&i_inner]));
    assert_eq!(matching("vpc-id", &[&default]).await, set([&i_web, &i_db]));
    assert_eq!(matching("instance.group-id", &[&web]).await, set([&i_web]));
    assert_eq!(matching("instance.group-id", &[&web, &inner]).await, set([&i_web, &i_inner]));
    assert_eq!(matching("tag:Role", &["web"]).await, set([&i_web]));

    let both = instance_ids_matching(
        &client,
        vec![filter("vpc-id", &[&default]), filter("instance-state-name", &["running"])],
    )
    .await;
    assert_eq!(both, set([&i_web]));
}

#[tokio::test]
async fn describe_instances_in_pages() {
    let (_local, client) = setup().await;
    let vpc = create_vpc(&client, "10.0.0.0/16").await;
    let subnet = create_subnet(&client, &vpc, "10.0.1.0/24").await;
    let sg = create_group(&client, &vpc, "fleet").await;
    let mut expected = BTreeSet::new();
    for _ in 0..6 {
        expected.insert(run_instance(&client, &subnet, &[&sg]).await.instance_id().unwrap().to_owned());
    }

    let first = client.describe_instances().filters(filter("vpc-id", &[&vpc])).max_results(5).send().await.unwrap();
    let on_first: usize = first.reservations().iter().map(|r| r.instances().len()).sum();
    assert!(on_first <= 5, "{first:?}");
    assert!(first.next_token().is_some(), "six instances do not fit in a page of five");

    let reservations: Vec<Reservation> = client
        .describe_instances()
        .filters(filter("vpc-id", &[&vpc]))
        .into_paginator()
        .page_size(5)
        .items()
        .send()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> =
        reservations.iter().flat_map(|r| r.instances()).map(|i| i.instance_id().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 6, "every instance once: {ids:?}");
    assert_eq!(set(&ids), expected);

    // Ids or pages, not both.
    let one = ids[0].clone();
    assert_code(
        client.describe_instances().instance_ids(&one).max_results(5).send().await,
        "InvalidParameterCombination",
    );
    let eni = describe_instance(&client, &one).await.network_interfaces()[0].network_interface_id().unwrap().to_owned();
    assert_code(
        client.describe_network_interfaces().network_interface_ids(eni).max_results(5).send().await,
        "InvalidParameterCombination",
    );
}

#[tokio::test]
async fn modify_instance_attribute_replaces_the_groups() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let app = create_group(&client, &vpc, "app").await;
    let db = create_group(&client, &vpc, "db").await;
    let instance = run_instance(&client, &default_subnet(&client).await, &[&web, &app]).await;
    let id = instance.instance_id().unwrap();
    let eni = primary_eni(&instance);

    client.modify_instance_attribute().instance_id(id).groups(&app).groups(&db).send().await.unwrap();
    assert_eq!(instance_group_ids(&describe_instance(&client, id).await), set([&app, &db]));
    assert_eq!(eni_group_ids(&client, &eni).await, set([&app, &db]));

    client.modify_instance_attribute().instance_id(id).groups(&web).send().await.unwrap();
    assert_eq!(instance_group_ids(&describe_instance(&client, id).await), set([&web]));
    assert_eq!(eni_group_ids(&client, &eni).await, set([&web]));
}

#[tokio::test]
async fn modify_network_interface_attribute_replaces_the_groups() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let app = create_group(&client, &vpc, "app").await;
    let db = create_group(&client, &vpc, "db").await;
    let instance = run_instance(&client, &default_subnet(&client).await, &[&web]).await;
    let eni = primary_eni(&instance);

    client
        .modify_network_interface_attribute()
        .network_interface_id(&eni)
        .groups(&app)
        .groups(&db)
        .send()
        .await
        .unwrap();
    assert_eq!(eni_group_ids(&client, &eni).await, set([&app, &db]));
    // The primary interface's groups are the instance's groups.
    assert_eq!(
        instance_group_ids(&describe_instance(&client, instance.instance_id().unwrap()).await),
        set([&app, &db])
    );
}

#[tokio::test]
async fn describe_network_interfaces_filters() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let subnet = default_subnet(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let db = create_group(&client, &vpc, "db").await;
    let other_vpc = create_vpc(&client, "10.0.0.0/16").await;
    let inner = create_group(&client, &other_vpc, "inner").await;
    let i_web = run_instance(&client, &subnet, &[&web]).await;
    let i_db = run_instance(&client, &subnet, &[&db, &web]).await;
    let i_inner = run_instance(&client, &create_subnet(&client, &other_vpc, "10.0.1.0/24").await, &[&inner]).await;
    let (eni_web, eni_db, eni_inner) = (primary_eni(&i_web), primary_eni(&i_db), primary_eni(&i_inner));

    assert_eq!(eni_ids_matching(&client, vec![filter("group-id", &[&web])]).await, set([&eni_web, &eni_db]));
    assert_eq!(eni_ids_matching(&client, vec![filter("group-id", &[&db])]).await, set([&eni_db]));
    assert_eq!(
        eni_ids_matching(&client, vec![filter("attachment.instance-id", &[i_db.instance_id().unwrap()])]).await,
        set([&eni_db])
    );
    assert_eq!(eni_ids_matching(&client, vec![filter("vpc-id", &[&vpc])]).await, set([&eni_web, &eni_db]));
    assert_eq!(eni_ids_matching(&client, vec![filter("vpc-id", &[&other_vpc])]).await, set([&eni_inner]));
}

#[tokio::test]
async fn modify_instance_attribute_failures() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let other_vpc = create_vpc(&client, "10.0.0.0/16").await;
    let elsewhere = create_group(&client, &other_vpc, "elsewhere").await;
    let id = run_instance(&client, &default_subnet(&client).await, &[&web]).await.instance_id().unwrap().to_owned();

    assert_code(
        client.modify_instance_attribute().instance_id(&id).groups(&elsewhere).send().await,
        "InvalidGroup.NotFound",
    );
    assert_eq!(instance_group_ids(&describe_instance(&client, &id).await), set([&web]));

    assert_code(
        client.modify_instance_attribute().instance_id(UNKNOWN_INSTANCE).groups(&web).send().await,
        "InvalidInstanceID.NotFound",
    );

    assert_code(client.modify_instance_attribute().instance_id(&id).send().await, "InvalidParameterCombination");

    // A stopped instance's groups can be changed; a terminated one's cannot.
    let app = create_group(&client, &vpc, "app").await;
    client.stop_instances().instance_ids(&id).send().await.unwrap();
    client.modify_instance_attribute().instance_id(&id).groups(&app).send().await.unwrap();
    assert_eq!(instance_group_ids(&describe_instance(&client, &id).await), set([&app]));

    client.terminate_instances().instance_ids(&id).send().await.unwrap();
    assert_code(
        client.modify_instance_attribute().instance_id(&id).groups(&web).send().await,
        "IncorrectInstanceState",
    );
}

#[tokio::test]
async fn unknown_instances_are_not_found() {
    let (_local, client) = setup().await;
    assert_code(client.describe_instances().instance_ids(UNKNOWN_INSTANCE).send().await, "InvalidInstanceID.NotFound");
    assert_code(client.stop_instances().instance_ids(UNKNOWN_INSTANCE).send().await, "InvalidInstanceID.NotFound");
    assert_code(client.start_instances().instance_ids(UNKNOWN_INSTANCE).send().await, "InvalidInstanceID.NotFound");
    assert_code(client.terminate_instances().instance_ids(UNKNOWN_INSTANCE).send().await, "InvalidInstanceID.NotFound");
}

#[tokio::test]
async fn a_second_interface_is_created_attached_and_keeps_its_own_groups() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let admin = create_group(&client, &vpc, "admin").await;
    let subnet = default_subnet(&client).await;
    let instance = run_instance(&client, &subnet, &[&web]).await.instance_id().unwrap().to_owned();

    let created = client
        .create_network_interface()
        .subnet_id(&subnet)
        .groups(&admin)
        .description("management")
        .send()
        .await
        .unwrap();
    let eni = created.network_interface().unwrap().network_interface_id().unwrap().to_owned();
    assert_aws_id(&eni, "eni");
    assert!(created.network_interface().unwrap().attachment().is_none());
    let attach = |index: i32| {
        client.attach_network_interface().network_interface_id(&eni).instance_id(&instance).device_index(index).send()
    };
    assert_code(attach(0).await, "InvalidParameterValue");
    let attached = attach(1).await.unwrap();
    assert!(attached.attachment_id().is_some_and(|id| id.starts_with("eni-attach-")));
    assert_code(attach(2).await, "InvalidNetworkInterface.InUse");

    // Each interface keeps its own groups; the instance's are its primary interface's.
    let described = describe_instance(&client, &instance).await;
    assert_eq!(described.network_interfaces().len(), 2);
    assert_eq!(instance_group_ids(&described), set([&web]));
    assert_eq!(eni_group_ids(&client, &eni).await, set([&admin]));
    client
        .modify_network_interface_attribute()
        .network_interface_id(&eni)
        .groups(&web)
        .groups(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(eni_group_ids(&client, &eni).await, set([&web, &admin]));
    assert_eq!(instance_group_ids(&describe_instance(&client, &instance).await), set([&web]));

    let default = client.create_network_interface().subnet_id(&subnet).send().await.unwrap();
    let default_eni = default.network_interface().unwrap().network_interface_id().unwrap().to_owned();
    let default_group = default_group(&client, &vpc).await;
    assert_eq!(eni_group_ids(&client, &default_eni).await, set([&default_group]));
}
