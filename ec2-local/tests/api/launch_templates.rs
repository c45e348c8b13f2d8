//! Launch templates, their versions, and instances launched from them.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{
    InstanceType, LaunchTemplateInstanceNetworkInterfaceSpecificationRequest, LaunchTemplateSpecification,
    RequestLaunchTemplateData,
};

use crate::support::*;

fn data_with_groups(groups: &[&str]) -> RequestLaunchTemplateData {
    RequestLaunchTemplateData::builder()
        .image_id(AMI)
        .instance_type(InstanceType::T3Micro)
        .set_security_group_ids(Some(groups.iter().map(|g| (*g).to_owned()).collect()))
        .build()
}

/// Creates a template whose version 1 has `v1_groups` and version 2 `v2_groups`.
async fn two_version_template(client: &Client, name: &str, v1_groups: &[&str], v2_groups: &[&str]) -> String {
    let out = client
        .create_launch_template()
        .launch_template_name(name)
        .version_description("v1")
        .launch_template_data(data_with_groups(v1_groups))
        .send()
        .await
        .unwrap();
    let id = out.launch_template().unwrap().launch_template_id().unwrap().to_owned();
    client
        .create_launch_template_version()
        .launch_template_id(&id)
        .version_description("v2")
        .launch_template_data(data_with_groups(v2_groups))
        .send()
        .await
        .unwrap();
    id
}

async fn run_from_template(client: &Client, template: &str, version: &str, subnet: Option<&str>) -> String {
    let out = client
        .run_instances()
        .launch_template(LaunchTemplateSpecification::builder().launch_template_id(template).version(version).build())
        .min_count(1)
        .max_count(1)
        .set_subnet_id(subnet.map(str::to_owned))
        .send()
        .await
        .unwrap();
    out.instances()[0].instance_id().unwrap().to_owned()
}

#[tokio::test]
async fn create_a_template_and_a_second_version() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let app = create_group(&client, &vpc, "app").await;

    let out = client
        .create_launch_template()
        .launch_template_name("web-servers")
        .version_description("v1")
        .launch_template_data(data_with_groups(&[&web]))
        .send()
        .await
        .unwrap();
    let template = out.launch_template().unwrap();
    let id = template.launch_template_id().unwrap().to_owned();
    assert_aws_id(&id, "lt");
    assert_eq!(template.launch_template_name(), Some("web-servers"));
    assert_eq!(template.default_version_number(), Some(1));
    assert_eq!(template.latest_version_number(), Some(1));

    let out = client
        .create_launch_template_version()
        .launch_template_id(&id)
        .version_description("v2")
        .launch_template_data(data_with_groups(&[&app]))
        .send()
        .await
        .unwrap();
    let version = out.launch_template_version().unwrap();
    assert_eq!(version.version_number(), Some(2));
    assert_eq!(version.launch_template_id(), Some(id.as_str()));
    assert_eq!(version.default_version(), Some(false));

    let by_id = client.describe_launch_templates().launch_template_ids(&id).send().await.unwrap();
    assert_eq!(by_id.launch_templates().len(), 1);
    assert_eq!(by_id.launch_templates()[0].latest_version_number(), Some(2));
    assert_eq!(by_id.launch_templates()[0].default_version_number(), Some(1));
    let by_name = client.describe_launch_templates().launch_template_names("web-servers").send().await.unwrap();
    assert_eq!(by_name.launch_templates()[0].launch_template_id(), Some(id.as_str()));

    let groups_of = |v: &aws_sdk_ec2::types::LaunchTemplateVersion| {
        v.launch_template_data().map(|d| d.security_group_ids().to_vec()).unwrap_or_default()
    };
    let both = client
        .describe_launch_template_versions()
        .launch_template_id(&id)
        .versions("1")
        .versions("2")
        .send()
        .await
        .unwrap();
    let mut versions: Vec<_> = both
        .launch_template_versions()
        .iter()
        .map(|v| (v.version_number().unwrap(), v.version_description().unwrap_or_default().to_owned(), groups_of(v)))
        .collect();
    versions.sort();
    assert_eq!(versions, [(1, "v1".to_owned(), vec![web.clone()]), (2, "v2".to_owned(), vec![app.clone()])]);

    let latest =
        client.describe_launch_template_versions().launch_template_id(&id).versions("$Latest").send().await.unwrap();
    assert_eq!(latest.launch_template_versions().len(), 1);
    assert_eq!(latest.launch_template_versions()[0].version_number(), Some(2));
    assert_eq!(groups_of(&latest.launch_template_versions()[0]), std::slice::from_ref(&app));

    let default =
        client.describe_launch_template_versions().launch_template_id(&id).versions("$Default").send().await.unwrap();
    assert_eq!(default.launch_template_versions()[0].version_number(), Some(1));
    assert_eq!(default.launch_template_versions()[0].default_version(), Some(true));

    let all = client.describe_launch_template_versions().launch_template_id(&id).send().await.unwrap();
    assert_eq!(all.launch_template_versions().len(), 2);

    let not_default = client
        .describe_launch_template_versions()
        .launch_template_id(&id)
        .filters(filter("is-default-version", &["false"]))
        .send()
        .await
        .unwrap();
    let numbers: Vec<_> = not_default.launch_template_versions().iter().map(|v| v.version_number()).collect();
    assert_eq!(numbers, [Some(2)]);
    for unknown in ["colour", "tag:Name"] {
        let result = client
            .describe_launch_template_versions()
            .launch_template_id(&id)
            .filters(filter(unknown, &["x"]))
            .send()
            .await;
        assert_code(result, "InvalidParameterValue");
    }
    assert_code(
        client.describe_launch_template_versions().launch_template_id("lt-nothex").send().await,
        "InvalidLaunchTemplateId.Malformed",
    );
}

#[tokio::test]
async fn a_new_version_from_a_source_keeps_its_settings_and_can_be_made_the_default() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let app = create_group(&client, &vpc, "app").await;
    let id = two_version_template(&client, "keeps-settings", &[&web], &[&web]).await;

    // Only the groups are given: the image and instance type come from version 1.
    let out = client
        .create_launch_template_version()
        .launch_template_id(&id)
        .source_version("1")
        .launch_template_data(RequestLaunchTemplateData::builder().security_group_ids(&app).build())
        .send()
        .await
        .unwrap();
    assert_eq!(out.launch_template_version().unwrap().version_number(), Some(3));
    let modified = client.modify_launch_template().launch_template_id(&id).default_version("3").send().await.unwrap();
    assert_eq!(modified.launch_template().unwrap().default_version_number(), Some(3));

    let default =
        client.describe_launch_template_versions().launch_template_id(&id).versions("$Default").send().await.unwrap();
    let version = &default.launch_template_versions()[0];
    assert_eq!(version.version_number(), Some(3));
    let data = version.launch_template_data().unwrap();
    assert_eq!(data.security_group_ids(), std::slice::from_ref(&app));
    assert_eq!(data.image_id(), Some(AMI));
    assert_eq!(data.instance_type(), Some(&InstanceType::T3Micro));

    assert_code(
        client.modify_launch_template().launch_template_id(&id).default_version("9").send().await,
        "InvalidLaunchTemplateVersion.NotFound",
    );
    assert_code(
        client.modify_launch_template().launch_template_id("lt-0123456789abcdef0").default_version("1").send().await,
        "InvalidLaunchTemplateId.NotFound",
    );
}

#[tokio::test]
async fn run_instances_from_a_template_with_security_group_ids() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let app = create_group(&client, &vpc, "app").await;
    let subnet = default_subnet(&client).await;
    let template = two_version_template(&client, "tiers", &[&web], &[&app]).await;

    for (version, expected) in [("1", &web), ("$Latest", &app), ("$Default", &web)] {
        let id = run_from_template(&client, &template, version, Some(&subnet)).await;
        let instance = describe_instance(&client, &id).await;
        assert_eq!(instance_group_ids(&instance), set([expected]), "version {version}");
        assert_eq!(instance.image_id(), Some(AMI));
        assert_eq!(instance.subnet_id(), Some(subnet.as_str()));
    }
}

#[tokio::test]
async fn run_instances_from_a_template_with_network_interface_groups() {
    let (_local, client) = setup().await;
    let vpc = default_vpc(&client).await;
    let web = create_group(&client, &vpc, "web").await;
    let app = create_group(&client, &vpc, "app").await;
    let subnet = default_subnet(&client).await;

    let data = RequestLaunchTemplateData::builder()
        .image_id(AMI)
        .instance_type(InstanceType::T3Micro)
        .network_interfaces(
            LaunchTemplateInstanceNetworkInterfaceSpecificationRequest::builder()
                .device_index(0)
                .subnet_id(&subnet)
                .groups(&web)
                .groups(&app)
                .build(),
        )
        .build();
    let out =
        client.create_launch_template().launch_template_name("nic").launch_template_data(data).send().await.unwrap();
    let template = out.launch_template().unwrap().launch_template_id().unwrap().to_owned();

    let versions = client.describe_launch_template_versions().launch_template_id(&template).send().await.unwrap();
    let nics = versions.launch_template_versions()[0].launch_template_data().unwrap().network_interfaces();
    assert_eq!(nics.len(), 1);
    assert_eq!(set(nics[0].groups()), set([&web, &app]));

    let id = run_from_template(&client, &template, "$Latest", None).await;
    let instance = describe_instance(&client, &id).await;
    assert_eq!(instance_group_ids(&instance), set([&web, &app]));
    assert_eq!(instance.subnet_id(), Some(subnet.as_str()));
    assert_eq!(eni_group_ids(&client, &primary_eni(&instance)).await, set([&web, &app]));
}
