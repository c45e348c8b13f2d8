//! Security groups: one region's table, one group, every region at once; creating one.

mod create;
mod delete;
mod form;
mod get;
mod global;
mod list;
mod usage;

pub use create::*;
pub use delete::*;
pub use form::*;
pub use get::*;
pub use global::*;
pub use list::*;
pub use usage::*;
