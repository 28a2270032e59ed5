//! What each tool returns: the app's view models (the same ones the pages render) as JSON for
//! an agent, every third-party string wrapped (`untrusted::wrap`). Editors' notes are labelled
//! as editors' and are not wrapped; model-written leads are, since they are written from
//! third-party text.

use app::models::{Article, ClaimCard, ClaimDetail, Digest, DigestItem, SearchResults};
use serde_json::{json, Value};

use super::untrusted::{wrap, wrap_opt};

pub fn search(found: &SearchResults, base: &str) -> Value {
    let hits: Vec<Value> = found
        .hits
        .iter()
        .map(|h| {
            let title: String = h.title.iter().map(|f| f.text.as_str()).collect();
            let snippet: String = h.snippet.iter().map(|f| f.text.as_str()).collect();
            json!({
                "article_id": h.article_id,
                "vendor": wrap(h.vendor.clone()),
                "title": wrap(title),
                "snippet": wrap(snippet),
                "published_at": h.published_at,
                "language": h.language,
                "original_url": h.url,
                "proofwire_url": format!("{base}/article/{}", h.article_id),
                "claim_statuses": h.statuses,
            })
        })
        .collect();
    json!({
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "hits": hits,
        "notes": found.notes.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>(),
    })
}

fn claim_card(c: &ClaimCard, base: &str) -> Value {
    json!({
        "id": c.id,
        "kind": c.kind.key(),
        "status": c.status.key(),
        "current": c.current,
        "vendor": wrap(c.vendor.clone()),
        "sentence": wrap(c.sentence.clone()),
        "subject": wrap_opt(c.subject.clone()),
        "metric": wrap_opt(c.metric.clone()),
        "value": wrap_opt(c.value.clone()),
        "unit": c.unit,
        "qualifier": wrap_opt(c.qualifier.clone()),
        "subject_entity": c.subject_entity,
        "metric_entity": c.metric_entity,
        "article_id": c.article_id,
        "article_title": wrap(c.article_title.clone()),
        "published_at": c.published_at,
        "proofwire_url": format!("{base}/claim/{}", c.id),
    })
}

fn digest_item(i: &DigestItem, base: &str) -> Value {
    json!({
        "article_id": i.article_id,
        "top_story": i.rank.top,
        "vendor": wrap(i.vendor.clone()),
        "title": wrap(i.title.clone()),
        "published_at": i.published_at,
        "language": i.language,
        "checked_summary": i.summary.iter().map(|s| wrap(s.text.clone())).collect::<Vec<_>>(),
        "original_url": i.url,
        "proofwire_url": format!("{base}/article/{}", i.article_id),
        "also_covered_by": i.also.iter().map(|c| json!({
            "article_id": c.article_id,
            "vendor": wrap(c.vendor.clone()),
            "title": wrap(c.title.clone()),
            "original_url": c.url,
            "why": c.why,
        })).collect::<Vec<_>>(),
        "claims": i.claims.iter().map(|c| claim_card(c, base)).collect::<Vec<_>>(),
        "editor_headline": i.headline.as_ref().map(|n| json!({"editor": n.editor, "text": n.text})),
        "editor_commentary": i.commentary.as_ref().map(|n| json!({"editor": n.editor, "text": n.text})),
    })
}

pub fn digest(d: &Digest, base: &str) -> Value {
    json!({
        "date": d.date,
        "proofwire_url": format!("{base}/digest/{}", d.date),
        // Written by the model from the day's posts: third-party text at one remove.
        "lead": d.lead.as_ref().map(|l| wrap(l.text.clone())),
        "editor_lead": d.notes.lead.as_ref().map(|n| json!({"editor": n.editor, "text": n.text})),
        "items": d.items.iter().map(|i| digest_item(i, base)).collect::<Vec<_>>(),
        "minor_posts": d.series.iter().map(|s| serde_json::to_value(s).map(|v| wrap(v.to_string())).ok()).collect::<Vec<_>>(),
        "previous_day": d.prev,
        "next_day": d.next,
    })
}

/// An article with its checked summary; each sentence with its character span in the text.
/// `max_chars` cuts the text (at a character boundary) for agents with small contexts.
pub fn article(a: &Article, base: &str, max_chars: usize) -> Value {
    let total = a.text.chars().count();
    let text: String = a.text.chars().take(max_chars).collect();
    json!({
        "id": a.id,
        "vendor": wrap(a.vendor.clone()),
        "title": wrap(a.title.clone()),
        "published_at": a.published_at,
        "language": a.language,
        "original_url": a.url,
        "proofwire_url": format!("{base}/article/{}", a.id),
        "summary_method": a.summary_method,
        "checked_summary": a.summary.iter().map(|s| json!({
            "sentence": wrap(s.text.clone()),
            "span": s.span(),
        })).collect::<Vec<_>>(),
        "text": wrap(text),
        "text_chars": total,
        "text_truncated": total > max_chars,
    })
}

pub fn claim_detail(d: &ClaimDetail, base: &str) -> Value {
    let mut v = claim_card(&d.claim, base);
    v["span"] = json!(d.span());
    v["evidence"] = d
        .evidence
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "kind": e.kind.key(),
                "relation": e.relation.key(),
                "verdict": e.verdict.key(),
                "url": e.url,
                "title": wrap(e.title.clone()),
                "organisation": wrap(e.organisation.clone()),
                "measured_value": wrap_opt(e.measured_value.clone()),
                "interval": wrap_opt(e.interval.clone()),
                "settings": wrap_opt(e.settings.clone()),
                "note": e.note,
                "delta": e.delta,
                "added_by": e.added_by,
                "added_at": e.added_at,
            })
        })
        .collect();
    v["history"] = d
        .history
        .iter()
        .map(|h| {
            json!({
                "kind": h.kind,
                "at": h.at,
                "actor": h.actor,
                "from": h.from.map(|s| s.key()),
                "to": h.to.map(|s| s.key()),
                "hash": h.hash,
            })
        })
        .collect();
    v["suggested_status"] = json!(d
        .suggested_status
        .as_ref()
        .map(|(s, why)| json!({"status": s.key(), "why": why})));
    v
}
