//! One module per screen.

mod activity;
mod delete_groups;
mod delete_rules;
mod global;
mod group_action;
mod group_detail;
mod group_form;
mod groups_list;
mod instance_groups;
mod instances;
pub(crate) mod labels;
mod launch_templates;
mod manage_tags;
mod not_found;
mod rule_editor;
mod sign_in;
mod users;

pub use activity::ActivityPage;
pub use delete_groups::DeleteGroupsPage;
pub use delete_rules::DeleteRulesPage;
pub use global::GlobalPage;
pub use group_action::GroupActionPage;
pub use group_detail::GroupPage;
pub use group_form::{CopyGroupPage, CreateGroupPage};
pub use groups_list::GroupsPage;
pub use instance_groups::ChangeGroupsPage;
pub use instances::InstancesPage;
pub use labels::role_label;
pub use launch_templates::{LaunchTemplatesPage, NewVersionPage};
pub use manage_tags::ManageTagsPage;
pub use not_found::NotFound;
pub use rule_editor::RuleEditorPage;
pub use sign_in::SignInPage;
pub use users::UsersPage;
