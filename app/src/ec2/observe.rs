//! What every EC2 call did, seen from inside the SDK (so retries count as the calls they are):
//! the `sg_ec2_calls_total` metric by region, action and outcome, and when each region last
//! answered, for `/readyz`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::FinalizerInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// When each region last answered a call successfully.
#[derive(Debug, Default)]
pub struct Answers(Mutex<HashMap<String, Instant>>);

impl Answers {
    pub fn answered_within(&self, region: &str, window: Duration) -> bool {
        let last = self.0.lock().ok().and_then(|answers| answers.get(region).copied());
        last.is_some_and(|at| at.elapsed() <= window)
    }

    fn answered(&self, region: &str) {
        if let Ok(mut answers) = self.0.lock() {
            answers.insert(region.to_owned(), Instant::now());
        }
    }
}

/// The interceptor on one region's client.
#[derive(Debug)]
pub struct Observer {
    pub region: String,
    pub answers: Arc<Answers>,
}

impl Intercept for Observer {
    fn name(&self) -> &'static str {
        "SgConsoleObserver"
    }

    /// After each attempt, retries included: every one of them spends EC2's rate limit.
    fn read_after_attempt(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let action = cfg.load::<Metadata>().map(|m| m.name().to_owned()).unwrap_or_else(|| "unknown".into());
        let outcome = match context.response() {
            None => "no_answer",
            Some(response) if response.status().is_success() => {
                self.answers.answered(&self.region);
                "success"
            }
            Some(response) => match response.body().bytes().and_then(error_code).as_deref() {
                Some("RequestLimitExceeded" | "Throttling") => "throttled",
                _ if response.status().is_server_error() => "server_error",
                _ => "client_error",
            },
        };
        metrics::counter!("sg_ec2_calls_total", "region" => self.region.clone(), "action" => action, "outcome" => outcome)
            .increment(1);
        Ok(())
    }
}

/// The code of an EC2 error answer: `<Response><Errors><Error><Code>…</Code>`.
fn error_code(body: &[u8]) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut in_code = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(tag) => in_code = tag.name().as_ref() == b"Code",
            Event::Text(text) if in_code => return text.decode().ok().map(|code| code.trim().to_owned()),
            Event::End(_) => in_code = false,
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::error_code;

    #[test]
    fn the_code_of_an_error_answer() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r-1</RequestID></Response>"#;
        assert_eq!(error_code(body).as_deref(), Some("RequestLimitExceeded"));
        assert_eq!(error_code(b"not xml at all"), None);
        assert_eq!(error_code(b""), None);
    }
}
