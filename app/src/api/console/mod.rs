//! What the console runs on: its regions and its EC2 backend.

mod info;

pub use info::*;
