//! The `ec2-local` binary: it prints its address, keeps every acknowledged change through
//! kill -9, refuses a corrupt state file, and exits cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::support::*;

/// Starts the binary on `state` and returns it with the URL it printed.
fn spawn(state: &Path) -> (Child, String) {
    spawn_with(state, &[])
}

fn spawn_with(state: &Path, flags: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ec2-local"))
        .args(["--listen", "127.0.0.1:0", "--seed", "empty", "--state"])
        .arg(state)
        .args(flags)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("a line on stdout");
    let url = line.trim().rsplit(' ').next().expect("an address").to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "printed {line:?}");
    (child, url)
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").args([name, &child.id().to_string()]).status().expect("kill runs");
    assert!(status.success());
}

#[tokio::test]
async fn kill_9_loses_nothing_that_was_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.db");
    let (mut child, url) = spawn(&state);
    let client = client_for(&url, US_EAST_1);
    let vpc = default_vpc(&client).await;
    let group = create_group(&client, &vpc, "survivor").await;
    let rule = ingress_cidr(&client, &group, "tcp", 443, 443, "203.0.113.0/24").await;
    signal(&child, "-KILL");
    child.wait().unwrap();

    let (mut child, url) = spawn(&state);
    let client = client_for(&url, US_EAST_1);
    let found = describe_group(&client, &group).await;
    assert_eq!(found.group_name(), Some("survivor"));
    assert_eq!(describe_rule(&client, &rule).await.cidr_ipv4(), Some("203.0.113.0/24"));
    signal(&child, "-KILL");
    child.wait().unwrap();
}

#[tokio::test]
async fn sigterm_stops_the_binary_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, _) = spawn(&dir.path().join("state.db"));
    signal(&child, "-TERM");
    assert!(child.wait().unwrap().success(), "exit status 0 after SIGTERM");
}

#[test]
fn a_corrupt_state_file_stops_the_start_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.db");
    std::fs::write(&state, b"definitely not sqlite").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ec2-local"))
        .args(["--listen", "127.0.0.1:0", "--state"])
        .arg(&state)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("not a SQLite database"), "{message}");
    assert_eq!(std::fs::read(&state).unwrap(), b"definitely not sqlite", "the file is left as it was");
}

#[tokio::test]
async fn regions_chooses_the_regions_of_a_new_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let regions = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1"];
    let (mut child, url) = spawn_with(&dir.path().join("state.db"), &["--regions", &regions.join(",")]);
    let answer = client_for(&url, "eu-west-1").describe_regions().send().await.expect("DescribeRegions");
    let mut named: Vec<&str> = answer.regions().iter().filter_map(|r| r.region_name()).collect();
    named.sort();
    let mut expected = regions.to_vec();
    expected.sort();
    assert_eq!(named, expected);
    // Each is seeded: a default VPC with its default group.
    for region in regions {
        let groups = client_for(&url, region).describe_security_groups().send().await.expect("the groups");
        assert!(groups.security_groups().iter().any(|g| g.group_name() == Some("default")), "{region}");
    }
    // A region left out answers as a region the account has not enabled.
    let refused = client_for(&url, "ap-northeast-1").describe_security_groups().send().await;
    assert_code(refused, "OptInRequired");
    signal(&child, "-TERM");
    child.wait().expect("it exits");

    let refused = Command::new(env!("CARGO_BIN_EXE_ec2-local"))
        .args(["--listen", "127.0.0.1:0", "--state"])
        .arg(dir.path().join("other.db"))
        .args(["--regions", "us-east-1,Mars"])
        .output()
        .expect("the binary runs");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("'Mars' is not a region name"));
}
