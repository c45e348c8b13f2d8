//! EC2's error answers: a code, a message and the HTTP status EC2 sends with it.

use axum::http::StatusCode;

/// An error as EC2 reports it: `<Response><Errors><Error><Code>..` with an HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ec2Error {
    pub code: &'static str,
    pub message: String,
}

pub type Result<T, E = Ec2Error> = std::result::Result<T, E>;

impl Ec2Error {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    pub fn invalid_value(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterValue", message)
    }

    pub fn missing(parameter: &str) -> Self {
        Self::new("MissingParameter", format!("The request must contain the parameter {parameter}"))
    }

    pub fn combination(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterCombination", message)
    }

    /// The status EC2 sends with this code.
    pub fn status(&self) -> StatusCode {
        match self.code {
            "RequestLimitExceeded" | "Unavailable" => StatusCode::SERVICE_UNAVAILABLE,
            "InternalError" => StatusCode::INTERNAL_SERVER_ERROR,
            "DryRunOperation" => StatusCode::PRECONDITION_FAILED,
            "AuthFailure" => StatusCode::UNAUTHORIZED,
            "UnauthorizedOperation" | "OptInRequired" => StatusCode::FORBIDDEN,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

impl std::fmt::Display for Ec2Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}
