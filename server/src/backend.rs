//! Connects to the configured EC2: the embedded sandbox, Amazon EC2, or another endpoint.

use app::ec2::{Ec2, Endpoint};

use crate::config::{Config, Ec2Backend};

/// EC2 for the console, and the embedded sandbox when there is one (it stops with the server).
pub async fn connect(config: &Config) -> Result<(Ec2, Option<ec2_local::RunningServer>), String> {
    let sandbox = match &config.ec2 {
        Ec2Backend::Embedded => {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(|e| format!("cannot open a port for the embedded EC2 sandbox: {e}"))?;
            let state_path = config.data_dir.join("ec2-local.db");
            let settings = ec2_local::Config {
                state_path,
                seed: ec2_local::Seed::Demo,
                regions: ec2_local::demo_regions(),
                faults: Default::default(),
            };
            let sandbox = ec2_local::start(listener, settings)
                .await
                .map_err(|e| format!("the embedded EC2 sandbox did not start: {e}"))?;
            Some(sandbox)
        }
        _ => None,
    };
    let sandbox_url = sandbox.as_ref().map(|s| s.endpoint_url());
    let endpoint = match (&config.ec2, &sandbox_url) {
        (Ec2Backend::Aws, _) => Endpoint::Aws,
        (Ec2Backend::Endpoint(url), _) => Endpoint::Url(url),
        (Ec2Backend::Embedded, Some(url)) => Endpoint::Sandbox(url),
        (Ec2Backend::Embedded, None) => return Err("the embedded EC2 sandbox did not start".into()),
    };
    let ec2 = Ec2::connect(endpoint, &config.default_region, config.regions.clone())
        .await
        .map_err(|e| format!("cannot start on EC2 ({}): {}", e.code, e.message))?;
    Ok((ec2, sandbox))
}
