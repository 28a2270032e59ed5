//! `PageFailure`: the one view of a page whose data could not be had (a server function's
//! `PageError`), with the HTTP status it sets. A page says what a missing or an unreadable
//! address means for it; anything else is a 500 with "Could not load the data." (the server
//! logged why).

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::page_error::PageError;
use crate::routes::set_status;

#[component]
pub fn PageFailure(
    error: PageError,
    /// A 404 with this line when the page's thing does not exist (or its address cannot be
    /// read, unless `invalid` says otherwise).
    #[prop(optional)]
    missing: Option<&'static str>,
    /// A 400 with this line when the address cannot be read.
    #[prop(optional)]
    invalid: Option<&'static str>,
) -> impl IntoView {
    let lang = expect_context::<Lang>();
    let (status, line) = match (&error, invalid, missing) {
        (PageError::Invalid(_), Some(line), _) => (400, line),
        (PageError::Invalid(_) | PageError::NotFound, _, Some(line)) => (404, line),
        _ => (500, lang.t("error_loading")),
    };
    set_status(status);
    view! { <section class="empty"><p>{line}</p></section> }
}
