//! schema.org ClaimReview JSON-LD for claims with a review (a verdict an editor reached).

use app::models::ClaimCard;
use serde_json::{json, Value};

/// The ClaimReview of a claim, or `None` when its status is not a verdict or it is a business
/// fact (a stored status on one, from before facts were kept apart, is no review).
/// `reviewed_at` is when the status was set; `reviewer` who set it.
pub fn claim_review(c: &ClaimCard, reviewer: &str, public_url: &str) -> Option<Value> {
    if !c.status.is_review() || c.kind.is_business_fact() {
        return None;
    }
    let reviewed_at = c.status_at.clone()?;
    let mut rating = json!({
        "@type": "Rating",
        "alternateName": c.status.label(app::i18n::Lang::En),
    });
    if let Some(v) = c.status.rating() {
        rating["ratingValue"] = json!(v);
        rating["bestRating"] = json!(5);
        rating["worstRating"] = json!(1);
    }
    Some(json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": format!("{}/claim/{}", public_url.trim_end_matches('/'), c.id),
        "claimReviewed": c.sentence,
        "datePublished": reviewed_at,
        "author": { "@type": "Organization", "name": "Proofwire", "member": { "@type": "Person", "name": reviewer } },
        "itemReviewed": {
            "@type": "Claim",
            "author": { "@type": "Organization", "name": c.vendor },
            "datePublished": c.published_at,
            "appearance": {
                "@type": "CreativeWork",
                "url": c.article_url,
                "headline": c.article_title,
            },
        },
        "reviewRating": rating,
    }))
}

/// JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&` are escaped so
/// text from a feed can never close the script element.
pub fn script_text(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
