//! aws-sdk-ec2's errors mapped to the app's [`Ec2Error`].

use aws_sdk_ec2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_ec2::operation::RequestId;

use crate::error::{Ec2Error, Ec2ErrorKind};

impl<E, R> From<SdkError<E, R>> for Ec2Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    fn from(error: SdkError<E, R>) -> Self {
        let plain =
            |kind: Ec2ErrorKind, code: &str| Ec2Error::unanswered(kind, code, DisplayErrorContext(&error).to_string());
        match &error {
            SdkError::ServiceError(service) => {
                let meta = service.err().meta();
                let code = meta.code().unwrap_or("Unknown");
                Ec2Error {
                    kind: Ec2ErrorKind::from_code(code),
                    code: code.to_owned(),
                    message: meta.message().unwrap_or_default().to_owned(),
                    request_id: meta.request_id().map(str::to_owned),
                }
            }
            SdkError::TimeoutError(_) => plain(Ec2ErrorKind::Timeout, "Timeout"),
            SdkError::DispatchFailure(failure) if failure.is_timeout() => plain(Ec2ErrorKind::Timeout, "Timeout"),
            SdkError::DispatchFailure(_) => plain(Ec2ErrorKind::Unreachable, "Unreachable"),
            _ => plain(Ec2ErrorKind::Other, "BadResponse"),
        }
    }
}
