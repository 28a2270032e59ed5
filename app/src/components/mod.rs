//! Pieces shared by several pages.

pub mod badge;
pub mod header;
pub mod navigation;
pub mod page_meta;
pub mod shortcuts;
