//! Pieces shared by the pages.

mod as_of;
mod empty_state;
mod error_panel;
mod form_head;
mod group_breadcrumb;
mod group_row;
mod group_set;
mod layout;
mod page_title;
mod pager;
mod region_options;
mod rule_editor;
mod rule_preview;
mod table_box;
mod tag_editor;
mod tags;
mod text_filter;
mod used_by;

pub use as_of::{SnapshotTime, refresh_param};
pub use empty_state::EmptyState;
pub use error_panel::{
    ErrorPanel, account_problem_text, explain as error_panel_text, group_problem_text, group_set_problem_text,
    pick_problem_text,
};
pub use form_head::{FormHead, form_errors};
pub use group_breadcrumb::GroupBreadcrumb;
pub use group_row::GroupRow;
pub use group_set::{GroupSet, GroupSetDraft, GroupSetEditor, GroupSetPreview};
pub use layout::{ConsoleResource, Layout, signed_in_role};
pub use page_title::PageTitle;
pub use pager::Pager;
pub use region_options::{hydration_flag, region_options};
pub use rule_editor::{EditorPeers, PeerSuggestions, RuleEditor, RuleRows, apply_op};
pub use rule_preview::{LivePreview, PreviewText, RulePreview, warning_text};
pub use table_box::TableBox;
pub use tag_editor::{TAG_LIST, TagEditor, TagRows};
pub use tags::TagList;
pub use text_filter::TextFilter;
pub use used_by::{InterfaceItem, RuleItem, TemplateItem, UsedBy};
