//! Items as reader apps read them. An article's content is its checked summary (every
//! sentence grounded in the article, as the digest shows it) with links to its Proofwire page
//! and to the original post; a day's item lists its top stories the same way. Everything from
//! a feed is escaped: an app renders this HTML.

use std::collections::HashMap;

use app::i18n::digest_title;
use serde_json::{json, Value};

use super::super::error::AppError;
use super::super::WebState;
use super::days::TopDay;
use crate::db::reader::{ItemRow, ReaderUser};
use crate::feeds::html;
use crate::greader::ids::Item;
use crate::greader::query::Cursor;
use crate::greader::streams::{State, Stream};

pub const TOP_STORIES_TITLE: &str = "Proofwire: top stories";

/// The JSON items for `wanted`, in that order; ids that name nothing are left out.
pub async fn render(
    state: &WebState,
    user: &ReaderUser,
    wanted: &[Item],
) -> Result<Vec<Value>, AppError> {
    let article_ids: Vec<i64> = wanted
        .iter()
        .filter_map(|i| match i {
            Item::Article(id) => Some(*id),
            Item::Day(_) => None,
        })
        .collect();
    let rows: HashMap<i64, ItemRow> = state
        .store()
        .reader_items(&article_ids)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let numbers: Vec<i64> = wanted.iter().map(|i| i.number()).collect();
    let marks: HashMap<i64, (bool, bool)> = state
        .store()
        .reader_states(user.id, &numbers)
        .await?
        .into_iter()
        .map(|m| (m.item_id, (m.read, m.starred)))
        .collect();
    let mut out = Vec::with_capacity(wanted.len());
    for item in wanted {
        let (read, starred) = marks.get(&item.number()).copied().unwrap_or_default();
        let marks = categories(read, starred);
        match item {
            Item::Article(id) => {
                let Some(row) = rows.get(id) else { continue };
                let (_, summary) = state.store().summary(app::ids::ArticleId::new(*id)).await?;
                let sentences: Vec<&str> = summary.iter().map(|s| s.text.as_str()).collect();
                out.push(article(state, row, &sentences, marks));
            }
            Item::Day(date) => {
                if let Some(day) = state.greader_days.day(state, *date).await? {
                    out.push(top_day(state, *item, &day, marks));
                }
            }
        }
    }
    Ok(out)
}

fn categories(read: bool, starred: bool) -> Vec<String> {
    let mut c = vec![Stream::State(State::ReadingList).id()];
    if read {
        c.push(Stream::State(State::Read).id());
    }
    if starred {
        c.push(Stream::State(State::Starred).id());
    }
    c
}

fn times(published: i64, updated: i64) -> Value {
    json!({
        "published": published,
        "updated": updated,
        "crawlTimeMsec": (published * 1000).to_string(),
        "timestampUsec": (published * 1_000_000).to_string(),
    })
}

fn article(state: &WebState, row: &ItemRow, summary: &[&str], marks: Vec<String>) -> Value {
    let base = state.settings.public_url.as_str();
    let page = format!("{base}/article/{}", row.id);
    let slug = crate::search::index::slug(&row.vendor);
    let mut content = if summary.is_empty() {
        "<p><em>No checked summary yet.</em></p>".to_string()
    } else {
        format!("<p>{}</p>", html(&summary.join(" ")))
    };
    content.push_str(&format!(
        "<p><a href=\"{}\">Checked summary, claims and sources on Proofwire</a> · \
         <a href=\"{}\">Original post ({})</a></p>",
        html(&page),
        html(&row.url),
        html(&row.vendor),
    ));
    let mut item = json!({
        "id": Item::Article(row.id).long_form(),
        "title": row.title,
        "author": row.vendor,
        "categories": marks,
        "origin": {
            "streamId": Stream::Vendor(slug.clone()).id(),
            "title": row.vendor,
            "htmlUrl": format!("{base}/search?vendor={slug}&sort=date"),
        },
        "alternate": [{"href": page, "type": "text/html"}],
        "canonical": [{"href": row.url}],
        "summary": {"direction": direction(&row.language), "content": content},
        "content": {"direction": direction(&row.language), "content": content},
        "language": row.language,
    });
    merge(
        &mut item,
        times(row.published_at.timestamp(), row.updated_at.timestamp()),
    );
    item
}

fn top_day(state: &WebState, item: Item, day: &TopDay, marks: Vec<String>) -> Value {
    let base = state.settings.public_url.as_str();
    let lang = state.settings.default_lang;
    let page = format!("{base}/digest/{}", day.digest.date);
    let mut content = format!("<p>{}</p>", html(&day.digest.lead_text(lang)));
    for story in &day.digest.items {
        let translated = story
            .translation
            .as_ref()
            .filter(|t| t.language == lang.code());
        let title = translated
            .and_then(|t| t.title.clone())
            .unwrap_or_else(|| story.title.clone());
        let sentences: Vec<String> = story
            .summary
            .iter()
            .enumerate()
            .map(|(k, s)| {
                translated
                    .and_then(|t| t.sentences.get(k).cloned().flatten())
                    .unwrap_or_else(|| s.text.clone())
            })
            .collect();
        content.push_str(&format!(
            "<h3><a href=\"{}\">{}</a></h3><p><small>{}</small></p><p>{}</p>\
             <p><a href=\"{}\">{}</a></p>",
            html(&format!("{base}/article/{}", story.article_id)),
            html(&title),
            html(&story.vendor),
            html(&sentences.join(" ")),
            html(&story.url),
            html(lang.pick("원문", "Original post")),
        ));
    }
    let mut value = json!({
        "id": item.long_form(),
        "title": format!("{} — {}", digest_title(day.date, lang), lang.pick("주요 소식", "top stories")),
        "author": "Proofwire",
        "categories": marks,
        "origin": {
            "streamId": Stream::TopStories.id(),
            "title": TOP_STORIES_TITLE,
            "htmlUrl": format!("{base}/"),
        },
        "alternate": [{"href": page, "type": "text/html"}],
        "canonical": [{"href": page}],
        "summary": {"direction": "ltr", "content": content},
        "content": {"direction": "ltr", "content": content},
    });
    merge(&mut value, times(day.at.timestamp(), day.at.timestamp()));
    value
}

/// Every language Proofwire reads is written left to right.
fn direction(_language: &str) -> &'static str {
    "ltr"
}

fn merge(into: &mut Value, from: Value) {
    if let (Some(a), Value::Object(b)) = (into.as_object_mut(), from) {
        a.extend(b);
    }
}

/// A stream's answer around its items.
pub fn stream_body(stream: &Stream, items: Vec<Value>, continuation: Option<Cursor>) -> Value {
    // No `self`: Google Reader wrote it as a list, NewsFlash's client reads an object, and no
    // client needs it.
    let title = match stream {
        Stream::TopStories => TOP_STORIES_TITLE.to_string(),
        Stream::Vendor(slug) => format!("Proofwire: {slug}"),
        Stream::State(State::Starred) => "Starred".to_string(),
        _ => "Reading list".to_string(),
    };
    let mut body = json!({
        "direction": "ltr",
        "id": stream.id(),
        "title": title,
        "updated": chrono::Utc::now().timestamp(),
        "items": items,
    });
    if let Some(c) = continuation {
        body["continuation"] = json!(c.token());
    }
    body
}
