//! Pieces shared by the pages.

mod error_panel;
mod layout;
mod pager;
mod tags;

pub use error_panel::{ErrorPanel, explain as error_panel_text};
pub use layout::{ConsoleResource, Layout};
pub use pager::Pager;
pub use tags::TagList;
