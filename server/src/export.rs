//! Markdown export of a daily digest, in the front-matter format of the Korean daily AI-news
//! posts we follow: `title`, `date`, `update`, `category`.

use std::path::{Path, PathBuf};

use app::i18n::{digest_title, Lang};
use app::models::Digest;
use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0:?} is not a date (expected YYYY-MM-DD)")]
    BadDate(String),
    #[error("there are no announcements on {0}")]
    Empty(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] crate::db::DbError),
}

/// A YAML double-quoted scalar; JSON string escaping is valid YAML.
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Escapes text from feeds so it cannot become Markdown links or raw HTML in the output.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '[' | ']' | '*' | '_' | '`' | '\\' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// "**label**: [text](url), [text](url)" and a blank line.
fn link_line<'a>(label: &str, links: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let links: Vec<String> = links
        .map(|(text, url)| format!("[{}]({})", md_text(text), md_url(url)))
        .collect();
    format!("**{}**: {}\n\n", md_text(label), links.join(", "))
}

/// An editor's note as a Markdown block quote, labelled with its kind and its author, so a
/// reader of the post tells the editor's view from the checked summaries.
fn editor_note(note: &app::models::Note, kind: app::vocab::NoteKind, lang: Lang) -> String {
    let label = match lang {
        Lang::Ko => format!("{} — 편집자 {}", kind.label(lang), note.editor),
        Lang::En => format!("{} — the editor {}", kind.label(lang), note.editor),
    };
    let mut out = format!("> **{}**\n", md_text(&label));
    for para in note
        .text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        out.push_str(&format!(">\n> {}\n", md_text(para)));
    }
    out.trim_end().to_string()
}

/// A URL inside `(...)`: parentheses and spaces percent-encoded.
fn md_url(s: &str) -> String {
    s.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}

/// `log`: the claim log's head at export time, printed at the end so every published post
/// carries a copy of it outside the database (`verify-log --expect-head HASH --events N`).
pub fn render(
    digest: &Digest,
    lang: Lang,
    date: NaiveDate,
    updated: DateTime<Tz>,
    log: &crate::claims::log::Checkpoint,
) -> String {
    let title = digest_title(date, lang);
    let mut md = String::new();
    md.push_str("---\n");
    md.push_str(&format!("title: {}\n", yaml_str(&title)));
    md.push_str(&format!(
        "date: {}\n",
        yaml_str(&date.format("%Y-%m-%d").to_string())
    ));
    // `update` is a date in the posts this follows, like `date`: the day of the last change.
    md.push_str(&format!(
        "update: {}\n",
        yaml_str(&updated.format("%Y-%m-%d").to_string())
    ));
    md.push_str("category: \"AI\"\n");
    md.push_str("---\n\n");
    // The editor's lead when there is one, marked as the editor's; else the generated lead.
    match &digest.notes.lead {
        Some(note) => md.push_str(&editor_note(note, app::vocab::NoteKind::Lead, lang)),
        None => md.push_str(&md_text(&digest.lead_text(lang))),
    }
    md.push_str("\n\n");
    let claim_translations = digest.claim_translations_in(lang);
    let quoted = |c: &app::models::ClaimCard| -> Option<&str> {
        claim_translations
            .get(c.sentence.as_str())
            .copied()
            .flatten()
    };
    for item in &digest.items {
        // In the digest language where a checked translation exists, sentence by sentence.
        let title = shown_title(item, lang);
        md.push_str(&format!("### {}\n\n", md_text(&title)));
        md.push_str(&format!("**{}**", md_text(&item.vendor)));
        if let Some(host) = &item.hosted_by {
            let on = match lang {
                Lang::Ko => format!(" ({host} 블로그에 게재)"),
                Lang::En => format!(" (on {host}'s blog)"),
            };
            md.push_str(&md_text(&on));
        }
        md.push_str(&format!(
            " · [{}]({})\n\n",
            match lang {
                Lang::Ko => "원문",
                Lang::En => "Original",
            },
            md_url(&item.url)
        ));
        // An outlet's report in the digest language stands for the body, attributed.
        let summary = match shown_summary(item, lang) {
            ShownSummary::Report(r) => format!(
                "{} ([{}]({}))",
                md_text(&r.summary_text()),
                md_text(&r.vendor),
                md_url(&r.url)
            ),
            ShownSummary::Sentences(sentences) => sentences
                .iter()
                .map(|s| md_text(s))
                .collect::<Vec<_>>()
                .join(" "),
        };
        if !summary.is_empty() {
            md.push_str(&summary);
            md.push_str("\n\n");
        }
        if !item.also.is_empty() {
            let links = item
                .also
                .iter()
                .map(|c| (c.vendor.as_str(), c.url.as_str()));
            md.push_str(&link_line(lang.t("also_covered"), links));
        }
        if let Some(note) = &item.commentary {
            md.push_str(&editor_note(note, app::vocab::NoteKind::Commentary, lang));
            md.push_str("\n\n");
        }
        let (claims, facts): (Vec<_>, Vec<_>) =
            item.claims.iter().partition(|c| !c.kind.is_business_fact());
        for (heading, list) in [("claims_heading", claims), ("facts_heading", facts)] {
            if list.is_empty() {
                continue;
            }
            md.push_str(&format!("**{}**\n\n", lang.t(heading)));
            for c in list {
                md.push_str(&claim_line(c, lang, quoted(c)));
            }
            md.push('\n');
        }
    }
    // A vendor's minor posts, one line each series, after the announcements.
    for series in &digest.series {
        let links = series
            .posts
            .iter()
            .map(|p| (p.title.as_str(), p.url.as_str()));
        md.push_str(&link_line(&app::models::series_line(series, lang), links));
    }
    let watch: Vec<&app::models::ClaimCard> = digest
        .items
        .iter()
        .flat_map(|i| &i.claims)
        .filter(|c| c.status == app::vocab::Status::Unverified && c.kind.is_trackable())
        .collect();
    // The editor's closing section when there is one, else the claims to watch.
    if let Some(note) = &digest.notes.closing {
        let kind = app::vocab::NoteKind::Closing;
        md.push_str(&format!("### {}\n\n", kind.label(lang)));
        md.push_str(&editor_note(note, kind, lang));
        md.push_str("\n\n");
    } else if !watch.is_empty() {
        md.push_str(&format!("### {}\n\n", lang.t("claims_to_watch")));
        for c in watch {
            md.push_str(&claim_line(c, lang, quoted(c)));
        }
        md.push('\n');
    }
    md.push_str(&format!("### {}\n\n", lang.t("references")));
    let posts = digest
        .items
        .iter()
        .flat_map(|i| {
            std::iter::once((&i.title, &i.vendor, &i.url))
                .chain(i.also.iter().map(|c| (&c.title, &c.vendor, &c.url)))
        })
        .chain(
            digest
                .series
                .iter()
                .flat_map(|s| s.posts.iter().map(move |p| (&p.title, &s.vendor, &p.url))),
        );
    for (title, vendor, url) in posts {
        md.push_str(&format!(
            "- [{} ({})]({})\n",
            md_text(title),
            md_text(vendor),
            md_url(url)
        ));
    }
    let events = log.events.unwrap_or(0);
    md.push_str(&match lang {
        Lang::Ko => format!(
            "\n<sub>클레임 기록: 이벤트 {events}개, 헤드 `{}` (`proofwire verify-log --expect-head {} --events {events}`로 확인)</sub>\n",
            log.head, log.head
        ),
        Lang::En => format!(
            "\n<sub>Claim log: {events} events, head `{}` (check with `proofwire verify-log --expect-head {} --events {events}`)</sub>\n",
            log.head, log.head
        ),
    });
    md
}

/// `- **Status** “verbatim sentence” (vendor)`; a business fact under its kind, never a
/// status; a claim on a retired, contaminated or saturated benchmark says so with its source,
/// and one others measured gives the newest independent result with its link. With a checked
/// translation of the sentence the line quotes it, and the verbatim sentence after it.
fn claim_line(c: &app::models::ClaimCard, lang: Lang, translated: Option<&str>) -> String {
    let label = claim_label(c, lang);
    let standing = c
        .benchmark_note
        .as_ref()
        .map(|n| {
            format!(
                " — {}: {}{}{} ([{}]({}))",
                md_text(&n.benchmark),
                n.state.label(lang),
                lang.pick(" · 기준일 ", " since "),
                md_text(&n.since),
                lang.pick("출처", "source"),
                md_url(&n.source)
            )
        })
        .unwrap_or_default();
    let measured = c
        .measured_by_others
        .as_ref()
        .map(|m| {
            let line = md_text(&m.line(c.value.as_deref(), lang));
            match &m.url {
                Some(u) => format!(" — [{line}]({})", md_url(u)),
                None => format!(" — {line}"),
            }
        })
        .unwrap_or_default();
    let quote = match translated {
        Some(t) => format!(
            "“{}” ({}: “{}”)",
            md_text(t),
            lang.pick("원문", "original"),
            md_text(&c.sentence)
        ),
        None => format!("“{}”", md_text(&c.sentence)),
    };
    format!(
        "- **{}** {quote} ({}){standing}{measured}\n",
        label,
        md_text(&c.vendor)
    )
}

/// What a claim is shown under: a business fact under its kind (it never has a status), any
/// other claim under its status.
pub fn claim_label(c: &app::models::ClaimCard, lang: Lang) -> &'static str {
    if c.kind.is_business_fact() {
        c.kind.label(lang)
    } else {
        c.status.label(lang)
    }
}

/// A section's headline as the page and this export show it in `lang`: the editor's headline,
/// else the checked translation of the title, else the title. (The briefing uses it too.)
pub fn shown_title(item: &app::models::DigestItem, lang: Lang) -> String {
    item.headline
        .as_ref()
        .map(|n| n.text.clone())
        .or_else(|| item.translation_for(lang).and_then(|t| t.title.clone()))
        .unwrap_or_else(|| item.title.clone())
}

/// A section's body in `lang`.
pub enum ShownSummary<'a> {
    /// An outlet's report in `lang` stands for the body, attributed to it.
    Report(&'a app::models::Report),
    /// The post's summary, each sentence in its checked translation where there is one.
    Sentences(Vec<String>),
}

pub fn shown_summary(item: &app::models::DigestItem, lang: Lang) -> ShownSummary<'_> {
    if let Some(r) = item.report_for(lang) {
        return ShownSummary::Report(r);
    }
    let tr = item.translation_for(lang);
    ShownSummary::Sentences(
        item.summary
            .iter()
            .enumerate()
            .map(|(i, s)| {
                tr.and_then(|t| t.sentences.get(i).cloned().flatten())
                    .unwrap_or_else(|| s.text.clone())
            })
            .collect(),
    )
}

pub fn write(out_dir: &Path, date: NaiveDate, markdown: &str) -> Result<PathBuf, ExportError> {
    let path = out_dir.join(format!("{}.md", date.format("%Y-%m-%d")));
    let werr = |source| ExportError::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(out_dir).map_err(werr)?;
    // Write beside and rename, so a reader never sees half a file.
    let tmp = out_dir.join(format!(".{}.md.tmp", date.format("%Y-%m-%d")));
    std::fs::write(&tmp, markdown).map_err(werr)?;
    std::fs::rename(&tmp, &path).map_err(werr)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::models::{DigestItem, SummarySentence};
    use chrono::TimeZone;

    fn test_head() -> crate::claims::log::Checkpoint {
        crate::claims::log::Checkpoint {
            events: Some(7),
            head: "ab".repeat(32),
            at: None,
        }
    }

    fn digest() -> Digest {
        Digest {
            date: "2026-02-21".into(),
            lead: None,
            items: vec![
                DigestItem {
                    article_id: app::ids::ArticleId::new(1),
                    vendor: "OpenAI".into(),
                    title: "First Proof [submissions] <script>".into(),
                    url: "https://openai.com/index/first-proof-submissions/".into(),
                    published_at: "2026-02-21T09:00:00+09:00".into(),
                    date_estimated: false,
                    language: "en".into(),
                    summary: vec![SummarySentence {
                        text: "We share our attempts.".into(),
                        start: 0,
                        end: 23,
                    }],
                    claims: vec![],
                    also: vec![],
                    rank: Default::default(),
                    translation: None,
                    hosted_by: None,
                    headline: None,
                    commentary: None,
                    report: None,
                },
                DigestItem {
                    article_id: app::ids::ArticleId::new(2),
                    vendor: "Hugging Face".into(),
                    title: "GGML and llama.cpp join HF".into(),
                    url: "https://huggingface.co/blog/ggml-joins-hf".into(),
                    published_at: "2026-02-21T10:00:00+09:00".into(),
                    date_estimated: false,
                    language: "en".into(),
                    summary: vec![],
                    claims: vec![],
                    also: vec![],
                    rank: Default::default(),
                    translation: None,
                    hosted_by: None,
                    headline: None,
                    commentary: None,
                    report: None,
                },
            ],
            prev: None,
            next: None,
            series: vec![app::models::Series {
                vendor: "OpenAI".into(),
                kind: app::vocab::StoryKind::Guide,
                posts: [
                    "ChatGPT for sales teams",
                    "Using projects in ChatGPT",
                    "Prompting fundamentals",
                ]
                .iter()
                .enumerate()
                .map(|(i, t)| app::models::SeriesPost {
                    article_id: app::ids::ArticleId::new(10 + i as i64),
                    title: t.to_string(),
                    url: format!("https://openai.com/academy/{i}/"),
                })
                .collect(),
            }],
            hidden: vec![],
            notes: Default::default(),
            translation_progress: None,
            claim_translations: Vec::new(),
        }
    }

    /// The digest's day and an update that evening in Seoul.
    fn seoul_evening() -> (NaiveDate, DateTime<Tz>) {
        let seoul: Tz = "Asia/Seoul".parse().expect("tz");
        let date = NaiveDate::from_ymd_opt(2026, 2, 21).expect("date");
        let updated = seoul
            .with_ymd_and_hms(2026, 2, 21, 23, 5, 0)
            .single()
            .expect("time");
        (date, updated)
    }

    #[derive(serde::Deserialize)]
    struct Front {
        title: String,
        date: String,
        update: String,
        category: String,
    }

    fn front(md: &str) -> Front {
        let body = md.strip_prefix("---\n").expect("starts with front matter");
        let end = body.find("\n---\n").expect("front matter closes");
        serde_norway::from_str(&body[..end]).expect("front matter is YAML")
    }

    #[test]
    fn korean_export_round_trips_front_matter() {
        let (date, updated) = seoul_evening();
        let md = render(&digest(), Lang::Ko, date, updated, &test_head());
        assert!(
            md.trim_end().ends_with(&format!(
                "`proofwire verify-log --expect-head {} --events 7`로 확인)</sub>",
                "ab".repeat(32)
            )),
            "the claim log head closes the post"
        );
        let f = front(&md);
        assert_eq!(f.title, "2026년 2월 21일 오늘의 AI 뉴스");
        assert_eq!(f.date, "2026-02-21");
        assert_eq!(
            f.update, "2026-02-21",
            "a date, as in the posts this follows"
        );
        assert_eq!(f.category, "AI");
        assert_eq!(
            md.matches("\n### ").count(),
            3,
            "two sections and the references"
        );
        assert!(md.contains("### 참고 자료 (References)\n"));
        assert!(md.contains("- [GGML and llama.cpp join HF (Hugging Face)](https://huggingface.co/blog/ggml-joins-hf)"));
        assert!(
            md.contains("**OpenAI 활용 가이드 3건**: [ChatGPT for sales teams](https://openai.com/academy/0/), "),
            "the folded guides are one line: {md}"
        );
        assert!(md.contains("- [Prompting fundamentals (OpenAI)](https://openai.com/academy/2/)"));
        assert!(
            md.contains("First Proof \\[submissions\\] &lt;script&gt;"),
            "{md}"
        );
        assert!(!md.contains("<script>"));
    }

    #[test]
    fn english_export_uses_english_headings() {
        let utc: Tz = "UTC".parse().expect("tz");
        let date = NaiveDate::from_ymd_opt(2026, 2, 21).expect("date");
        let updated = utc
            .with_ymd_and_hms(2026, 2, 22, 0, 0, 0)
            .single()
            .expect("time");
        let md = render(&digest(), Lang::En, date, updated, &test_head());
        assert_eq!(front(&md).title, "AI news — February 21, 2026");
        assert!(md.contains("### References\n"));
        assert!(md.contains("**3 guides from OpenAI**: "), "{md}");
        assert!(!md.contains("참고 자료"));
    }

    #[test]
    fn the_export_in_the_digest_language_uses_checked_translations_sentence_by_sentence() {
        let mut d = digest();
        d.items[0].summary.push(SummarySentence {
            text: "The second sentence.".into(),
            start: 24,
            end: 44,
        });
        d.items[0].translation = Some(app::models::Translation {
            language: "ko".into(),
            title: Some("우리의 First Proof 제출물".into()),
            sentences: vec![Some("우리의 시도를 공유합니다.".into()), None],
            ..Default::default()
        });
        let (date, updated) = seoul_evening();
        let ko = render(&d, Lang::Ko, date, updated, &test_head());
        assert!(ko.contains("### 우리의 First Proof 제출물\n"), "{ko}");
        assert!(
            ko.contains("우리의 시도를 공유합니다. The second sentence."),
            "a refused translation keeps the original: {ko}"
        );
        let en = render(&d, Lang::En, date, updated, &test_head());
        assert!(
            en.contains("### First Proof \\[submissions\\] &lt;script&gt;\n")
                && en.contains("We share our attempts."),
            "{en}"
        );
    }
}
