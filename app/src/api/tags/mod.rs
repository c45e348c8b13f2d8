//! Managing the tags of a group or of its rules.

mod save;

pub use save::*;
