//! Connects to the configured EC2: the embedded sandbox, Amazon EC2, or another endpoint.

use app::ec2::Ec2;
use app::model::Backend;
use aws_config::BehaviorVersion;
use aws_sdk_ec2::config::Credentials;

use crate::config::{Config, Ec2Backend};

/// EC2 for the console, and the embedded sandbox when there is one (it stops with the server).
pub async fn connect(config: &Config) -> Result<(Ec2, Option<ec2_local::RunningServer>), String> {
    let loader =
        aws_config::defaults(BehaviorVersion::latest()).region(aws_config::Region::new(config.default_region.clone()));
    let (sdk, backend, sandbox) = match &config.ec2 {
        Ec2Backend::Aws => (loader.load().await, Backend::Aws, None),
        Ec2Backend::Endpoint(url) => (loader.endpoint_url(url).load().await, Backend::Endpoint, None),
        Ec2Backend::Embedded => {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| format!("cannot open a port for the embedded EC2 sandbox: {e}"))?;
            let sandbox = ec2_local::start(
                listener,
                ec2_local::Config {
                    state_path: config.data_dir.join("ec2-local.db"),
                    seed: ec2_local::Seed::Demo,
                    faults: ec2_local::Faults::default(),
                },
            )
            .await
            .map_err(|e| format!("the embedded EC2 sandbox did not start: {e}"))?;
            // The sandbox checks no signatures; any credentials do.
            let sdk = loader
                .endpoint_url(sandbox.endpoint_url())
                .credentials_provider(Credentials::new("sg-console", "sandbox", None, None, "embedded"))
                .load()
                .await;
            (sdk, Backend::Sandbox, Some(sandbox))
        }
    };
    let ec2 = Ec2::connect(&sdk, &config.default_region, config.regions.clone(), backend)
        .await
        .map_err(|e| format!("cannot start on EC2 ({}): {}", e.code, e.message))?;
    Ok((ec2, sandbox))
}
