//! The audit log, for every signed-in person.

mod list;

pub use list::*;
