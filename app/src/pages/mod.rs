//! One module per screen.

mod global;
mod group_detail;
mod groups_list;
mod labels;
mod not_found;

pub use global::GlobalPage;
pub use group_detail::GroupPage;
pub use groups_list::GroupsPage;
pub use not_found::NotFound;
