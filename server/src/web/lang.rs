//! `/lang/{ko|en}?next=/path`: remembers the UI language in a cookie and goes back. A plain
//! link, so it works without JavaScript.

use app::i18n::Lang;
use axum::extract::{Path, Query};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn switch(Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let Some(lang) = Lang::parse(&code).filter(|l| l.code() == code) else {
        return super::error::AppError::BadRequest(
            "unknown language: use /lang/ko or /lang/en".into(),
        )
        .page();
    };
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, cookie),
            (
                header::LOCATION,
                super::redirect::same_site_path(q.next.as_deref(), "/").to_string(),
            ),
        ],
    )
        .into_response()
}
