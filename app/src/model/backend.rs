use serde::{Deserialize, Serialize};

/// Where the console's EC2 answers come from; the UI says so when it is not Amazon EC2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Backend {
    /// ec2-local inside the console's process, with demo data: a sandbox, not AWS.
    Sandbox,
    /// Amazon EC2.
    Aws,
    /// Another EC2-compatible endpoint.
    Endpoint,
}
