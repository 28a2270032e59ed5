//! One module per page.

pub mod archive;
pub mod article;
pub mod claim;
pub mod claims;
pub mod digest;
pub mod entity;
pub mod failure;
pub mod login;
pub mod names;
pub mod search;
pub mod sources;

/// Sets the HTTP status of a server-rendered page (no effect after hydration, where the page
/// is already loaded and a status would mean nothing).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    {
        if let (Some(opts), Ok(status)) = (
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
            http::StatusCode::from_u16(code),
        ) {
            opts.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
