//! The state file: what survives a restart, what a broken file does, and `/_local/reset`.

use ec2_local::{Seed, StartError};

use crate::support::*;

#[tokio::test]
async fn ids_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");

    let server = start_on(&path, Seed::Empty).await.unwrap();
    let client = client_for(&server.endpoint_url(), US_EAST_1);
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "durable").await;
    let rule = ingress_cidr(&client, &sg, "tcp", 22, 22, "10.0.0.0/8").await;
    client.create_tags().resources(&sg).tags(tag("Name", "durable")).send().await.unwrap();
    let tokyo_vpc = default_vpc(&client_for(&server.endpoint_url(), TOKYO)).await;
    server.shutdown().await;

    // A different seed does not matter: the file exists.
    let server = start_on(&path, Seed::Demo).await.unwrap();
    let client = client_for(&server.endpoint_url(), US_EAST_1);
    assert_eq!(default_vpc(&client).await, vpc);
    assert_eq!(client.describe_vpcs().send().await.unwrap().vpcs().len(), 1, "still the Empty seed");
    let group = describe_group(&client, &sg).await;
    assert_eq!(group.group_name(), Some("durable"));
    assert_eq!(group.vpc_id(), Some(vpc.as_str()));
    assert_eq!(tag_pairs(group.tags()), pairs(&[("Name", "durable")]));
    let described = describe_rule(&client, &rule).await;
    assert_eq!(described.group_id(), Some(sg.as_str()));
    assert_eq!(described.cidr_ipv4(), Some("10.0.0.0/8"));
    assert_eq!(default_vpc(&client_for(&server.endpoint_url(), TOKYO)).await, tokyo_vpc);

    // And the names are still taken.
    let result = client.create_security_group().vpc_id(&vpc).group_name("durable").description("again").send().await;
    assert_code(result, "InvalidGroup.Duplicate");
    server.shutdown().await;
}

#[tokio::test]
async fn a_garbage_state_file_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();

    let result = start_on(&path, Seed::Empty).await;
    assert!(matches!(result, Err(StartError::State { .. })), "start must refuse the file: {:?}", result.err());
    assert_eq!(std::fs::read(&path).unwrap(), garbage, "the file is left as it was");
}

#[tokio::test]
async fn another_programs_sqlite_database_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query("CREATE TABLE notes (text TEXT)").execute(&pool).await.unwrap();
    sqlx::query("INSERT INTO notes VALUES ('keep me')").execute(&pool).await.unwrap();
    pool.close().await;
    let before = std::fs::read(&path).unwrap();

    let result = start_on(&path, Seed::Empty).await;
    let Err(StartError::State { reason, .. }) = result else {
        panic!("start must refuse another program's database: {:?}", result.err());
    };
    assert!(reason.contains("another program"), "{reason}");
    assert!(std::fs::read(&path).unwrap() == before, "the file is left as it was");
}

#[tokio::test]
async fn a_state_path_with_url_characters_is_used_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state?mode=memory#100%.db");
    let server = start_on(&path, Seed::Empty).await.unwrap();
    server.shutdown().await;
    assert!(path.is_file(), "the state is in the file named, not elsewhere");
}

#[tokio::test]
async fn reset_restores_a_seed() {
    let local = Local::start(Seed::Empty).await;
    let client = local.client(US_EAST_1);
    let vpc = default_vpc(&client).await;
    let sg = create_group(&client, &vpc, "temporary").await;

    local.reset("empty").await;
    assert_code(client.describe_security_groups().group_ids(&sg).send().await, "InvalidGroup.NotFound");
    assert_eq!(client.describe_vpcs().send().await.unwrap().vpcs().len(), 1);
    let groups = client.describe_security_groups().send().await.unwrap();
    assert_eq!(groups.security_groups().len(), 1, "only the default group: {groups:?}");

    local.reset("demo").await;
    let demo = group_ids_matching(&client, vec![filter("group-name", &["legacy"])]).await;
    assert!(!demo.is_empty(), "the demo seed has a legacy group");

    local.reset("empty").await;
    assert!(group_ids_matching(&client, vec![filter("group-name", &["legacy"])]).await.is_empty());
}
