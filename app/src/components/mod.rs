//! Pieces shared by the pages.

mod empty_state;
mod error_panel;
mod group_row;
mod layout;
mod pager;
mod tags;
mod text_filter;

pub use empty_state::EmptyState;
pub use error_panel::{ErrorPanel, explain as error_panel_text};
pub use group_row::GroupRow;
pub use layout::{ConsoleResource, Layout};
pub use pager::Pager;
pub use tags::TagList;
pub use text_filter::TextFilter;
