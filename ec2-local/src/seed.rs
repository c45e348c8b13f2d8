//! The data a new state file starts with: what AWS gives a new account (`empty`), or a small
//! company's security groups (`demo`).

use ipnet::{Ipv4Net, Ipv6Net};

use crate::Seed;
use crate::actions::zones;
use crate::actions::{instances, launch_templates, prefix_lists, vpcs};
use crate::error::Result;
use crate::model::{LaunchTemplateData, OWNER_ID, Peer, Protocol, RuleSpec, Tags};
use crate::region::Region;

pub const DEMO_REGIONS: [&str; 2] = ["us-east-1", "ap-northeast-1"];

/// Each of `regions` as `seed` says.
pub fn build(seed: Seed, regions: &[String]) -> Result<Vec<Region>> {
    regions
        .iter()
        .map(|name| {
            let mut region = account_region(name)?;
            if seed == Seed::Demo {
                add_demo(&mut region)?;
            }
            Ok(region)
        })
        .collect()
}

/// A region of a new account: a default VPC with a default subnet per zone and its default group.
fn account_region(name: &str) -> Result<Region> {
    let mut region = Region::new(name);
    let vpc = vpcs::new_vpc(&mut region, net4("172.31.0.0/16"), false, true, Tags::new())?;
    for (i, (zone, _)) in zones(name).iter().enumerate() {
        let cidr = net4(&format!("172.31.{}.0/20", i * 16));
        vpcs::new_subnet(&mut region, &vpc, cidr, zone, true, Tags::new())?;
    }
    Ok(region)
}

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn net4(text: &str) -> Ipv4Net {
    text.parse().unwrap_or_default()
}

fn net6(text: &str) -> Ipv6Net {
    text.parse().unwrap_or_default()
}

fn tcp(port: i32, peer: Peer, description: &str) -> RuleSpec {
    RuleSpec {
        protocol: Protocol::Tcp,
        from_port: port,
        to_port: port,
        peer,
        description: (!description.is_empty()).then(|| description.to_owned()),
    }
}

fn group(id: &str) -> Peer {
    Peer::Group { group_id: id.to_owned(), user_id: OWNER_ID.to_owned() }
}

fn add_demo(region: &mut Region) -> Result<()> {
    let default_vpc = region.default_vpc()?.id.clone();
    let prod = vpcs::new_vpc(region, net4("10.0.0.0/16"), true, false, tags(&[("Name", "prod")]))?;
    let zones = zones(&region.name);
    let mut prod_subnets = Vec::new();
    for (i, (zone, _)) in zones.iter().take(2).enumerate() {
        let name = format!("prod-private-{}", zone.chars().last().unwrap_or('a'));
        let subnet = vpcs::new_subnet(
            region,
            &prod,
            net4(&format!("10.0.{}.0/24", i + 1)),
            zone,
            false,
            tags(&[("Name", &name)]),
        )?;
        prod_subnets.push(subnet);
    }
    let office = prefix_lists::new_prefix_list(
        region,
        "office",
        "IPv4",
        10,
        vec![
            ("203.0.113.0/24".into(), Some("Tokyo office".into())),
            ("198.51.100.0/24".into(), Some("Osaka office".into())),
        ],
        tags(&[("Name", "office")]),
    )?;

    let team = |name: &str, team: &str| tags(&[("Name", name), ("env", "prod"), ("team", team)]);
    let web =
        region.create_group("web", "Public web servers behind the load balancer", &prod, team("web", "platform"))?;
    let app = region.create_group("app", "Application servers", &prod, team("app", "backend"))?;
    let db = region.create_group("db", "PostgreSQL primary and replicas", &prod, team("db", "data"))?;
    let bastion = region.create_group("bastion", "SSH jump host for operators", &prod, team("bastion", "platform"))?;
    let monitoring = region.create_group(
        "monitoring",
        "Prometheus node exporters scraped from the monitoring host",
        &prod,
        team("monitoring", "sre"),
    )?;
    let legacy = region.create_group(
        "legacy",
        "Old admin box - SSH open to the world",
        &default_vpc,
        tags(&[("Name", "legacy"), ("owner", "unknown")]),
    )?;
    region.create_group("unused", "Left over from a load test", &prod, tags(&[("Name", "unused")]))?;

    let https_tags = tags(&[("purpose", "public-site")]);
    let anywhere4 = Peer::Ipv4(Ipv4Net::default());
    let anywhere6 = Peer::Ipv6(Ipv6Net::default());
    region.add_rules(
        &web,
        false,
        vec![
            tcp(443, anywhere4.clone(), "HTTPS from the internet"),
            tcp(443, anywhere6.clone(), "HTTPS from the internet (IPv6)"),
        ],
        https_tags,
    )?;
    region.add_rules(
        &web,
        false,
        vec![tcp(80, anywhere4.clone(), "HTTP redirect to HTTPS"), tcp(80, anywhere6, "")],
        Tags::new(),
    )?;
    region.add_rules(
        &app,
        false,
        vec![tcp(8080, group(&web), "From the web tier"), tcp(22, group(&bastion), "SSH from bastion")],
        Tags::new(),
    )?;
    region.add_rules(
        &db,
        false,
        vec![
            tcp(5432, group(&app), "From the app servers"),
            tcp(5432, Peer::PrefixList(office.clone()), "Analysts in the offices"),
        ],
        Tags::new(),
    )?;
    region.add_rules(
        &bastion,
        false,
        vec![
            tcp(22, Peer::PrefixList(office), "SSH from the offices"),
            tcp(22, Peer::Ipv6(net6("2001:db8:1234::/48")), "SSH from the VPN (IPv6)"),
        ],
        tags(&[("reviewed", "2026-10")]),
    )?;
    let echo = RuleSpec {
        protocol: Protocol::Icmp,
        from_port: 8,
        to_port: -1,
        peer: Peer::Ipv4(net4("10.0.0.0/16")),
        description: Some("Ping from inside the VPC".into()),
    };
    region.add_rules(
        &monitoring,
        false,
        vec![tcp(9100, group(&monitoring), "Node exporter, scraped by peers"), echo],
        Tags::new(),
    )?;
    region.add_rules(
        &legacy,
        false,
        vec![tcp(22, anywhere4.clone(), "temporary - remove after migration"), tcp(3389, anywhere4, "")],
        Tags::new(),
    )?;

    let image = "ami-0abcdef1234567890".to_owned();
    let legacy_subnet =
        region.subnets.values().find(|s| s.vpc_id == default_vpc).map(|s| s.id.clone()).unwrap_or_default();
    let (a, b) = (prod_subnets[0].clone(), prod_subnets[1].clone());
    let machines = [
        ("web-1", "t3.small", vec![web.clone(), monitoring.clone()], a.clone(), true),
        ("web-2", "t3.small", vec![web.clone(), monitoring.clone()], b.clone(), true),
        ("app-1", "m6i.large", vec![app.clone(), monitoring.clone()], a.clone(), true),
        ("app-2", "m6i.large", vec![app.clone()], b, false),
        ("db-1", "r6i.xlarge", vec![db.clone(), monitoring.clone()], a.clone(), true),
        ("bastion-1", "t3.micro", vec![bastion.clone()], a, true),
        ("legacy-admin", "t2.medium", vec![legacy.clone()], legacy_subnet, false),
    ];
    for (name, kind, groups, subnet, running) in machines {
        let launch = instances::Launch {
            image_id: image.clone(),
            instance_type: kind.to_owned(),
            subnet_id: subnet,
            group_ids: groups,
            tags: tags(&[("Name", name)]),
            interface_tags: Tags::new(),
        };
        let reservation = crate::ids::new_id("r");
        let id = instances::launch(region, &launch, &reservation)?;
        if !running && let Some(instance) = region.instances.get_mut(&id) {
            instance.state = crate::model::InstanceState::Stopped;
        }
    }
    let data = LaunchTemplateData {
        image_id: Some(image),
        instance_type: Some("t3.small".into()),
        security_group_ids: vec![web, monitoring],
        ..LaunchTemplateData::default()
    };
    launch_templates::new_template(
        region,
        "web-server",
        Some("Web tier, Amazon Linux 2023".into()),
        data,
        tags(&[("team", "platform")]),
    )?;
    Ok(())
}
