//! `GET /api/openapi.json`: the OpenAPI 3.1 document of the JSON API, generated from the
//! handlers' annotations and the response types' schemas (derived in `app::models`), so it
//! cannot drift from what the handlers serve.

use axum::Json;
use serde::Serialize;
use utoipa::OpenApi;

/// Every JSON error answer: what went wrong, never how.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiError {
    pub error: String,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Proofwire JSON API",
        description = "Read-only access to announcements (search) and tracked claims. Times are RFC 3339; statuses and kinds are the keys of Proofwire's vocabularies."
    ),
    paths(super::search_api, super::claims_api::list, super::claims_api::one),
    components(schemas(ApiError))
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
