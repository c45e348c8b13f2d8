//! One module per screen.

mod activity;
mod global;
mod group_detail;
mod groups_list;
mod labels;
mod not_found;
mod sign_in;
mod users;

pub use activity::ActivityPage;
pub use global::GlobalPage;
pub use group_detail::GroupPage;
pub use groups_list::GroupsPage;
pub use labels::role_label;
pub use not_found::NotFound;
pub use sign_in::SignInPage;
pub use users::UsersPage;
