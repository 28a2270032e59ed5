//! Who sent a state-changing form, as axum extractors: `SignedIn` (any live session: a user's
//! own briefings) and `Editor` (an editor's session: every editors' form). Each reads the form
//! body and runs the Origin, session and CSRF checks (`session::require_signed_in`) before the
//! handler reads any field; a refusal is the 403 page (`HtmlError`), and nothing is written.
//! A handler takes one as its last argument, in place of checking by hand.

use axum::extract::{FromRequest, Request};

use super::error::{AppError, HtmlError};
use super::session::{read_form, require_signed_in, Form};
use super::WebState;
use crate::auth::SessionUser;

/// A form sent by a signed-in user (editor or not), Origin and CSRF checked.
pub struct SignedIn {
    pub user: SessionUser,
    pub form: Form,
}

/// A form sent by a signed-in editor, Origin and CSRF checked.
pub struct Editor {
    pub user: SessionUser,
    pub form: Form,
}

impl FromRequest<WebState> for SignedIn {
    type Rejection = HtmlError;

    async fn from_request(req: Request, state: &WebState) -> Result<SignedIn, HtmlError> {
        let form = read_form(req).await?;
        let user = require_signed_in(state, &form).await?;
        Ok(SignedIn { user, form })
    }
}

impl FromRequest<WebState> for Editor {
    type Rejection = HtmlError;

    async fn from_request(req: Request, state: &WebState) -> Result<Editor, HtmlError> {
        let SignedIn { user, form } = SignedIn::from_request(req, state).await?;
        if !user.editor {
            return Err(AppError::Forbidden(
                "Your account can read but not make changes; ask for an editor account.".into(),
            )
            .into());
        }
        Ok(Editor { user, form })
    }
}
