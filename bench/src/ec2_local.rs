//! Measures ec2-local at EC2's largest size for one region: 2,500 security groups with 60 inbound
//! and 60 outbound rules each. Run through `bench/ec2-local.sh`, which builds in release and
//! starts the server as its own process so that its memory can be read from /proc.
//!
//! `ec2-local-bench seed URL` only seeds (for `bench/console.sh`); `ec2-local-bench URL PID`
//! seeds and measures.
//!
//! Requests are raw Query-protocol POSTs: ec2-local takes the region from the credential scope
//! and does not check signatures, so the client's own cost (signing, XML parsing) stays out of
//! the figures.

use std::time::{Duration, Instant};

use futures::StreamExt;

const GROUPS: usize = 2500;
const RULES: usize = 60;
const AUTH: &str =
    "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261130/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0";

struct Ec2 {
    http: reqwest::Client,
    url: String,
}

impl Ec2 {
    async fn call(&self, body: String) -> Result<String, String> {
        let response = self
            .http
            .post(&self.url)
            .header("authorization", AUTH)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let text = response.text().await.map_err(|e| e.to_string())?;
        if status.is_success() { Ok(text) } else { Err(format!("{status}: {text}")) }
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

fn rules_body(action: &str, group_id: &str, skip_default: bool, seed: usize) -> String {
    let mut body = format!("Action={action}&Version=2016-11-15&GroupId={group_id}");
    let count = if skip_default { RULES - 1 } else { RULES };
    for i in 0..count {
        let n = i + 1;
        let port = 1000 + i;
        body.push_str(&format!(
            "&IpPermissions.{n}.IpProtocol=tcp&IpPermissions.{n}.FromPort={port}&IpPermissions.{n}.ToPort={port}\
             &IpPermissions.{n}.IpRanges.1.CidrIp=10.{}.{}.0%2F24&IpPermissions.{n}.IpRanges.1.Description=rule+{n}",
            seed % 250,
            i
        ));
    }
    body
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn rss_kib(pid: &str, field: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(field)).map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_owned())
        })
        .unwrap_or_else(|| "?".into())
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let usage = "usage: ec2-local-bench URL PID | ec2-local-bench seed URL";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (url, pid) = match args.as_slice() {
        [seed, url] if seed == "seed" => (url.clone(), None),
        [url, pid] => (url.clone(), Some(pid.clone())),
        _ => return Err(usage.into()),
    };
    let ec2 = Ec2 { http: reqwest::Client::new(), url };
    let seeding = seed(&ec2).await?;
    let Some(pid) = pid else {
        println!("seeded {GROUPS} groups in {:.1} s", seeding.as_secs_f64());
        return Ok(());
    };

    measure(&ec2, &pid, seeding).await
}

/// Fills us-east-1 up to 2,500 groups of 60 + 60 rules; answers how long it took.
async fn seed(ec2: &Ec2) -> Result<Duration, String> {
    let describe_vpcs = ec2.call("Action=DescribeVpcs&Version=2016-11-15".into()).await?;
    let vpc = between(&describe_vpcs, "<vpcId>", "</vpcId>").ok_or("no VPC")?.to_owned();
    let existing =
        ec2.call("Action=DescribeSecurityGroups&Version=2016-11-15".into()).await?.matches("<groupName>").count();

    let started = Instant::now();
    let created: Vec<Result<(), String>> = futures::stream::iter(existing..GROUPS)
        .map(|i| {
            let vpc = &vpc;
            async move {
                let answer = ec2
                    .call(format!(
                        "Action=CreateSecurityGroup&Version=2016-11-15&GroupName=bench-{i}&GroupDescription=bench&VpcId={vpc}"
                    ))
                    .await?;
                let id = between(&answer, "<groupId>", "</groupId>").ok_or("no group id")?.to_owned();
                ec2.call(rules_body("AuthorizeSecurityGroupIngress", &id, false, i)).await?;
                ec2.call(rules_body("AuthorizeSecurityGroupEgress", &id, true, i)).await?;
                Ok(())
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    created.into_iter().collect::<Result<Vec<()>, String>>()?;
    Ok(started.elapsed())
}

async fn measure(ec2: &Ec2, pid: &str, seeding: Duration) -> Result<(), String> {
    let mut full = Vec::new();
    let mut size = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let answer = ec2.call("Action=DescribeSecurityGroups&Version=2016-11-15".into()).await?;
        full.push(t.elapsed());
        size = answer.len();
        assert_eq!(answer.matches("<groupName>").count(), GROUPS, "every group answered");
    }
    full.sort();

    let mut paged = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let mut token: Option<String> = None;
        loop {
            let mut body = "Action=DescribeSecurityGroups&Version=2016-11-15&MaxResults=1000".to_owned();
            if let Some(token) = &token {
                body.push_str(&format!("&NextToken={token}"));
            }
            let answer = ec2.call(body).await?;
            token = between(&answer, "<nextToken>", "</nextToken>").map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
        paged.push(t.elapsed());
    }
    paged.sort();

    let one = ec2
        .call(
            "Action=DescribeSecurityGroups&Version=2016-11-15&Filter.1.Name=group-name&Filter.1.Value.1=bench-1234"
                .into(),
        )
        .await?;
    let id = between(&one, "<groupId>", "</groupId>").ok_or("bench-1234 missing")?.to_owned();
    let mut single = Vec::new();
    for _ in 0..1000 {
        let t = Instant::now();
        ec2.call(format!("Action=DescribeSecurityGroups&Version=2016-11-15&GroupId.1={id}")).await?;
        single.push(t.elapsed());
    }
    single.sort();

    println!("groups: {GROUPS}, rules per group: {RULES} inbound + {RULES} outbound");
    println!("seeding to {GROUPS} groups (3 calls a group, 8 at a time): {:.1} s", seeding.as_secs_f64());
    println!(
        "DescribeSecurityGroups, all groups in one answer ({:.1} MB): median {:.0} ms, max {:.0} ms",
        size as f64 / 1e6,
        percentile(&full, 0.5).as_secs_f64() * 1e3,
        percentile(&full, 1.0).as_secs_f64() * 1e3
    );
    println!(
        "DescribeSecurityGroups, MaxResults=1000 (3 pages): median {:.0} ms",
        percentile(&paged, 0.5).as_secs_f64() * 1e3
    );
    println!(
        "DescribeSecurityGroups, one group by id: p50 {:.2} ms, p99 {:.2} ms (1,000 calls)",
        percentile(&single, 0.5).as_secs_f64() * 1e3,
        percentile(&single, 0.99).as_secs_f64() * 1e3
    );
    println!("server memory: VmRSS {} KiB, VmHWM (peak) {} KiB", rss_kib(pid, "VmRSS:"), rss_kib(pid, "VmHWM:"));
    Ok(())
}
