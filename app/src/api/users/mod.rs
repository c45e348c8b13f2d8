//! The Users page: accounts listed and changed by admins. Every change goes through the guard.

mod add;
mod change;
mod list;

pub use add::*;
pub use change::*;
pub use list::*;
