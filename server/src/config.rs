//! The server's configuration: flags, or the environment variables named beside each.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use app::model::Role;
use clap::{Parser, Subcommand};
use ipnet::IpNet;

/// SG Console: a web console for Amazon EC2 security groups.
///
/// With no settings it runs on an embedded EC2-compatible sandbox (ec2-local) with demo data,
/// so it can be tried without an AWS account. `--ec2 aws` uses Amazon EC2.
#[derive(Debug, Parser)]
#[command(name = "sg-console", version)]
pub struct Config {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address to listen on. cargo-leptos sets LEPTOS_SITE_ADDR, which is used when this is unset.
    #[arg(long, env = "SG_LISTEN")]
    pub listen: Option<SocketAddr>,

    /// Directory for the console's database (accounts, sessions, audit log) and, with the
    /// embedded backend, its EC2 state. Created if missing.
    #[arg(long, env = "SG_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// The database for accounts, sessions, sign-in limits and the audit log: a PostgreSQL URL
    /// (`postgres://user:password@host/database`), which several replicas of the console may
    /// share. Default: SQLite, `console.db` in the data directory.
    #[arg(long, env = "SG_DATABASE_URL", global = true, value_parser = parse_database_url)]
    pub database_url: Option<String>,

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

    /// The console's address as browsers see it (`https://sg.example.com`). A change must come
    /// from a page of this origin. Default: whatever `Host` the request names (loopback use).
    #[arg(long, env = "SG_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,

    /// A session ends after this long without a request (`8h`, `30m`).
    #[arg(long, env = "SG_IDLE_TIMEOUT", default_value = "8h", value_parser = humantime::parse_duration)]
    pub idle_timeout: Duration,

    /// A session ends this long after signing in, however active (`7d`).
    #[arg(long, env = "SG_ABSOLUTE_TIMEOUT", default_value = "7days", value_parser = humantime::parse_duration)]
    pub absolute_timeout: Duration,

    /// Failed sign-ins allowed per account within the window before it must wait.
    #[arg(long, env = "SG_SIGN_IN_LIMIT_PER_ACCOUNT", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub sign_in_limit_per_account: u32,

    /// Failed sign-ins allowed per client address within the window before it must wait (high
    /// enough for a team behind one NAT address).
    #[arg(long, env = "SG_SIGN_IN_LIMIT_PER_ADDRESS", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub sign_in_limit_per_address: u32,

    /// The window the sign-in limits count over.
    #[arg(long, env = "SG_SIGN_IN_WINDOW", default_value = "15m", value_parser = humantime::parse_duration)]
    pub sign_in_window: Duration,

    /// Behind an authenticating proxy: the header that names the signed-in user
    /// (`X-Forwarded-User`). Believed only from `--trusted-proxy` addresses.
    #[arg(long, env = "SG_TRUSTED_HEADER", requires = "trusted_proxy")]
    pub trusted_header: Option<String>,

    /// The addresses (CIDRs, comma-separated) of the proxies whose `--trusted-header` and
    /// `X-Forwarded-For` are believed.
    #[arg(long, env = "SG_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<IpNet>,

    /// The role of a user named by `--trusted-header` who has no account.
    #[arg(long, env = "SG_HEADER_ROLE", default_value = "viewer")]
    pub header_role: Role,

    /// How long a region read from EC2 serves every person's list, global view, findings and
    /// reach queries (`10s`, `1m`); `0` reads EC2 for every view. A change made through the
    /// console, and a page's Refresh, read again at once.
    #[arg(long, env = "SG_SNAPSHOT_TTL", default_value = "10s", value_parser = humantime::parse_duration)]
    pub snapshot_ttl: Duration,

    /// Serve Prometheus metrics at `/metrics` on this address (`127.0.0.1:9090`), apart from
    /// the console's own, so that only the monitoring network reaches it. Off when unset.
    #[arg(long, env = "SG_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// How log lines are written: `text` for people, `json` (one object per line, the request
    /// id in each request's lines) for log collectors.
    #[arg(long, env = "SG_LOG_FORMAT", default_value = "text")]
    pub log_format: LogFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage the console's accounts (on the same --data-dir as the server).
    #[command(subcommand)]
    User(UserCommand),
    /// Compress the site's assets (its WASM, JS and styles) once, with zopfli, for a release
    /// build: served instead of compressing each answer, they are about 5% smaller.
    Precompress,
}

#[derive(Clone, Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account. The password is read from standard input when it is not a terminal,
    /// otherwise asked for twice.
    Add {
        name: String,
        #[arg(long)]
        role: Role,
    },
    /// List the accounts.
    List,
    /// Give an account another role.
    SetRole { name: String, role: Role },
    /// Disable an account: it can no longer sign in, and its sessions end at their next request.
    Disable { name: String },
    /// Set an account's password (read as for `add`).
    Password { name: String },
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

fn parse_database_url(value: &str) -> Result<String, String> {
    if value.starts_with("postgres://") || value.starts_with("postgresql://") {
        Ok(value.to_owned())
    } else {
        Err("use a PostgreSQL URL (postgres://user:password@host/database), or leave it unset for SQLite".into())
    }
}

/// An origin: `http(s)://host[:port]`, with nothing after it but an optional `/`.
fn parse_public_url(value: &str) -> Result<String, String> {
    let origin = value.trim_end_matches('/');
    let valid = origin.split_once("://").is_some_and(|(scheme, host)| {
        matches!(scheme, "http" | "https") && !host.is_empty() && !host.contains(['/', '?', '#'])
    });
    if valid {
        Ok(origin.to_owned())
    } else {
        Err(format!("'{value}' is not a site's address: use https://host or https://host:port, with no path"))
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

    #[test]
    fn public_urls() {
        assert_eq!(parse_public_url("https://sg.example.com/"), Ok("https://sg.example.com".into()));
        assert_eq!(parse_public_url("http://10.0.0.5:3000"), Ok("http://10.0.0.5:3000".into()));
        assert!(parse_public_url("https://sg.example.com/console").is_err());
        assert!(parse_public_url("sg.example.com").is_err());
    }

    #[test]
    fn defaults() {
        let config = Config::try_parse_from(["sg-console"]).expect("defaults parse");
        assert_eq!(config.idle_timeout, Duration::from_secs(8 * 3600));
        assert_eq!(config.absolute_timeout, Duration::from_secs(7 * 24 * 3600));
        assert_eq!(config.header_role, Role::Viewer);
        let user = Config::try_parse_from(["sg-console", "user", "add", "alice", "--role", "editor"]).expect("parses");
        assert!(matches!(user.command, Some(Command::User(UserCommand::Add { role: Role::Editor, .. }))));
    }
}
