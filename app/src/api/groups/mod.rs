//! Reading security groups: one region's table, one group, every region at once.

mod get;
mod global;
mod list;

pub use get::*;
pub use global::*;
pub use list::*;
