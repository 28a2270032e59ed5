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

/// The top level of an Every Eval Ever aggregate record (`EvaluationLog`, schema 0.3.0), as
/// `GET /api/eee/{id}` writes it. Documentation only: the full schema is the vendored
/// `content/schemas/eee/eval.schema.json`, which the tests validate every record against.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct EeeRecord {
    pub schema_version: String,
    pub evaluation_id: String,
    /// Unix seconds, as a string.
    pub evaluation_timestamp: String,
    /// Unix seconds, as a string.
    pub retrieved_timestamp: String,
    /// Publisher (the vendor), `source_type` documentation, `evaluator_relationship`
    /// first_party, the post's URL, the sentence and its span.
    #[schema(value_type = Object)]
    pub source_metadata: serde_json::Value,
    #[schema(value_type = Object)]
    pub eval_library: serde_json::Value,
    #[schema(value_type = Object)]
    pub model_info: serde_json::Value,
    /// One result: the benchmark, the score as the post states it, the settings it states.
    #[schema(value_type = Vec<Object>)]
    pub evaluation_results: Vec<serde_json::Value>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Proofwire JSON API",
        description = "Read-only access to announcements (search) and tracked claims. Times are RFC 3339; statuses and kinds are the keys of Proofwire's vocabularies."
    ),
    paths(
        super::search_api,
        super::claims_api::list,
        super::claims_api::one,
        super::claims_api::eee
    ),
    components(schemas(ApiError, EeeRecord))
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
