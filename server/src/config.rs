//! The server's configuration: flags, or the environment variables named beside each.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// SG Console: a web console for Amazon EC2 security groups.
///
/// With no settings it runs on an embedded EC2-compatible sandbox (ec2-local) with demo data,
/// so it can be tried without an AWS account. `--ec2 aws` uses Amazon EC2.
#[derive(Debug, Parser)]
#[command(name = "sg-console", version)]
pub struct Config {
    /// Address to listen on. cargo-leptos sets LEPTOS_SITE_ADDR, which is used when this is unset.
    #[arg(long, env = "SG_LISTEN")]
    pub listen: Option<SocketAddr>,

    /// Directory for sessions and, with the embedded backend, its EC2 state. Created if missing.
    #[arg(long, env = "SG_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// The EC2 backend: `embedded` (a local sandbox with demo data, inside this process), `aws`
    /// (Amazon EC2 with aws-config's standard credential chain: environment, profile, SSO,
    /// instance role), or the URL of an EC2-compatible endpoint.
    #[arg(long, env = "SG_EC2", default_value = "embedded", value_parser = parse_backend)]
    pub ec2: Ec2Backend,

    /// The region shown first.
    #[arg(long, env = "SG_DEFAULT_REGION", default_value = "us-east-1")]
    pub default_region: String,

    /// The regions to show, comma-separated. Default: every region EC2's DescribeRegions lists.
    #[arg(long, env = "SG_REGIONS", value_delimiter = ',')]
    pub regions: Option<Vec<String>>,

    /// Mark the session cookie `Secure` (sent over HTTPS only): set it when the console is served
    /// through TLS, for example behind a reverse proxy.
    #[arg(long, env = "SG_SECURE_COOKIES")]
    pub secure_cookies: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ec2Backend {
    Embedded,
    Aws,
    Endpoint(String),
}

fn parse_backend(value: &str) -> Result<Ec2Backend, String> {
    match value {
        "embedded" => Ok(Ec2Backend::Embedded),
        "aws" => Ok(Ec2Backend::Aws),
        url if url.starts_with("http://") || url.starts_with("https://") => Ok(Ec2Backend::Endpoint(url.to_owned())),
        other => Err(format!("'{other}' is not a backend: use embedded, aws, or an endpoint URL (http://...)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends() {
        assert_eq!(parse_backend("aws"), Ok(Ec2Backend::Aws));
        assert_eq!(parse_backend("http://127.0.0.1:4566"), Ok(Ec2Backend::Endpoint("http://127.0.0.1:4566".into())));
        assert!(parse_backend("moto").is_err());
    }
}
