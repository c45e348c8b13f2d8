//! Integration tests of ec2-local through an unmodified aws-sdk-ec2 client.
//!
//! Every test starts its own server on a temporary state file (see `support`), so the tests
//! are independent of each other and may run in parallel.

// Tests may panic: a failed unwrap or expect is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod demo;
mod durability;
mod groups;
mod instances;
mod launch_templates;
mod parsers;
mod prefix_lists;
mod process;
mod protocol;
mod quotas;
mod rules;
mod tags;
mod vpcs;
