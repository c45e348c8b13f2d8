//! The rule editor and deleting rules.

mod delete;
mod editor;
mod save;

pub use delete::*;
pub use editor::*;
pub use save::*;
