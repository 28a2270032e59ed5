//! `proofwire repair-ownership`: finds articles whose address, owner, vendor or text came from a
//! source that does not link them now (what ingestion did before issue 28: a feed that moved
//! its GUID to another address re-pointed and rewrote the article its GUID had named, and the
//! feed read first kept a vendor's post), and puts them back.
//!
//! What can be put back depends on what was kept: the canonical address never moved, so the
//! address is always restored; the owner and vendor come from the sources that carry the
//! article; the title and text from the newest kept version its rightful source wrote. Versions
//! stored before migration 018 kept only a hash, so such an article's text cannot be restored
//! from the database: its rightful source is made to write it again at its next reading.

use std::fmt;
use std::sync::Arc;

use app::ids::{ArticleId, SourceId};
use chrono::{DateTime, Utc};
use url::Url;

use crate::canonical::canonical_str;
use crate::claims::record::EXTRACTION_BUDGET;
use crate::db::ownership::{Carrier, Held, KeptVersion, Repair};
use crate::ownership::{role, speaks_for, Role};
use crate::store::{ArticleRecord, DbError, Reading, Store};
use crate::summarize::Summarizer;

/// How an article's title and text are put back.
#[derive(Debug, Clone)]
pub enum TextFix {
    /// The text was written by a source that speaks for the article: it stays.
    Keep,
    /// From a kept version its rightful source wrote.
    FromVersion(Box<KeptVersion>),
    /// No kept version: the rightful source writes it again at its next reading.
    Reread { source_id: SourceId },
    /// No kept version and no source links the address now: nothing to restore it from.
    Lost,
}

/// What is wrong with one article and how it is put back.
#[derive(Debug, Clone)]
pub struct Finding {
    pub article_id: ArticleId,
    pub canonical_url: String,
    pub url: String,
    pub owner: SourceId,
    pub vendor: String,
    pub text: TextFix,
    /// The owner whose entry moved to another address: it no longer carries the article.
    pub dropped_carrier: Option<SourceId>,
    /// Every field change, with its reason, as it is logged.
    pub repairs: Vec<Repair>,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    pub articles: usize,
    pub findings: Vec<Finding>,
    pub applied: bool,
}

/// The source that should speak for an article, judged from the sources that carry it now.
/// The owner's own link does not count when the article's address was moved away from its
/// canonical one: that entry links the other address now.
fn rightful<'a>(a: &Held, carriers: &'a [Carrier], moved: bool) -> Option<&'a Carrier> {
    let links_now = |c: &&Carrier| !(moved && c.source_id == a.owner);
    let home = |c: &&Carrier| {
        c.location
            .as_deref()
            .is_some_and(|l| speaks_for(l, &a.canonical_url))
    };
    let now: Vec<&Carrier> = carriers.iter().filter(links_now).collect();
    // The owner keeps the article unless the address's own site's source takes it over, as
    // ingestion decides (`ownership::role`); carriers are ordered by when they first carried it.
    let owner = now.iter().find(|c| c.source_id == a.owner).copied();
    let owner_home = owner.is_some_and(|o| home(&o));
    if let Some(h) = now.iter().find(|c| home(c)) {
        let r = role(&h.source_id, true, &a.owner, owner_home);
        if r == Role::TakeOver || owner.is_none() {
            return Some(h);
        }
    }
    owner.or_else(|| now.first().copied())
}

/// What is wrong with one article, if anything. `kept` are its versions with text, oldest first.
pub fn judge(a: &Held, carriers: &[Carrier], kept: &[KeptVersion]) -> Option<Finding> {
    let at_address = |url: &str| canonical_str(url).as_deref() == Some(a.canonical_url.as_str());
    let moved = !at_address(&a.url);
    let rightful = rightful(a, carriers, moved);
    let wrong_owner = rightful.is_some_and(|r| r.source_id != a.owner);
    let text_suspect = moved || wrong_owner;
    let owner = rightful.map_or(a.owner.clone(), |r| r.source_id.clone());
    let version = kept
        .iter()
        .rev()
        .find(|v| v.source_id == owner && at_address(&v.url))
        .or_else(|| match rightful {
            // Nobody links it now: the last version written from its own address.
            None => kept.iter().rev().find(|v| at_address(&v.url)),
            Some(_) => None,
        });
    let text = match (text_suspect, version, rightful) {
        (false, _, _) => TextFix::Keep,
        (true, Some(v), _) if v.content_hash == a.content_hash => TextFix::Keep,
        (true, Some(v), _) => TextFix::FromVersion(Box::new(v.clone())),
        (true, None, Some(r)) => TextFix::Reread {
            source_id: r.source_id.clone(),
        },
        (true, None, None) => TextFix::Lost,
    };
    let url = match (&text, version) {
        (TextFix::FromVersion(v), _) => v.url.clone(),
        _ if !moved => a.url.clone(),
        (_, Some(v)) => v.url.clone(),
        _ => a.canonical_url.clone(),
    };
    let vendor = match (version, rightful) {
        (Some(v), _) if text_suspect => v.vendor.clone(),
        (_, Some(r)) if wrong_owner => vendor_of(&a.canonical_url, r),
        _ => a.vendor.clone(),
    };
    let mut repairs = Vec::new();
    let mut change = |field: &'static str, before: &str, after: &str, reason: String| {
        if before != after {
            repairs.push(Repair {
                article_id: a.id,
                field,
                before: before.to_string(),
                after: after.to_string(),
                reason,
            });
        }
    };
    change(
        "url",
        &a.url,
        &url,
        format!(
            "{} is not this article's address ({}): {} moved its entry there",
            a.url, a.canonical_url, a.owner
        ),
    );
    change(
        "source_id",
        a.owner.as_str(),
        owner.as_str(),
        match rightful {
            Some(r) if home(r, &a.canonical_url) => format!(
                "{} is the source of {}'s own site and links it",
                r.source_id, a.canonical_url
            ),
            _ => format!("{} no longer links {}", a.owner, a.canonical_url),
        },
    );
    change(
        "vendor",
        &a.vendor,
        &vendor,
        format!("the vendor of {owner}, which speaks for the article"),
    );
    let dropped_carrier =
        (moved && carriers.iter().any(|c| c.source_id == a.owner)).then(|| a.owner.clone());
    if let Some(c) = &dropped_carrier {
        change(
            "carried_by",
            c.as_str(),
            "",
            format!(
                "{c}'s entry links {} now, not this article; its next reading stores that \
                 address as an article of its own",
                a.url
            ),
        );
    }
    match &text {
        TextFix::FromVersion(v) => {
            change(
                "title",
                &a.title,
                &v.title,
                format!(
                    "the last version {} wrote from {} (seen {})",
                    v.source_id,
                    v.url,
                    crate::dates::ts(v.last_seen)
                ),
            );
            change(
                "content_hash",
                &a.content_hash,
                &v.content_hash,
                format!("the text of that version (written by {})", v.source_id),
            );
        }
        TextFix::Reread { source_id } => change(
            "text",
            &format!("{} by {}", short(&a.content_hash), a.owner),
            &format!("{source_id}'s next reading"),
            format!(
                "the title and text were written by {} from another address and no version of \
                 them was kept (stored before versions kept their text): {source_id} writes \
                 them again from its own entry",
                a.owner
            ),
        ),
        TextFix::Keep | TextFix::Lost => {}
    }
    let lost = matches!(text, TextFix::Lost);
    if repairs.is_empty() && !lost {
        return None;
    }
    Some(Finding {
        article_id: a.id,
        canonical_url: a.canonical_url.clone(),
        url,
        owner,
        vendor,
        text,
        dropped_carrier,
        repairs,
    })
}

fn home(c: &Carrier, address: &str) -> bool {
    c.location
        .as_deref()
        .is_some_and(|l| speaks_for(l, address))
}

fn vendor_of(address: &str, c: &Carrier) -> String {
    let source_vendor = c.vendor.clone().unwrap_or_else(|| c.source_id.to_string());
    Url::parse(address)
        .ok()
        .and_then(|u| crate::ingest::attribution::author_org(&u, &source_vendor))
        .unwrap_or(source_vendor)
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Judges every article; with `apply`, writes each finding's changes and their log rows in
/// one transaction per article. A restored text is read again (summary, claims) as ingestion
/// would, so its claims are reconciled through the claim log like any new version.
pub async fn run(
    db: &Store,
    summarizer: Arc<dyn Summarizer>,
    apply: bool,
    now: DateTime<Utc>,
) -> Result<Report, DbError> {
    let held = db.held_articles().await?;
    let carriers = db.carriers().await?;
    let mut report = Report {
        articles: held.len(),
        applied: apply,
        ..Report::default()
    };
    for a in &held {
        let mine: Vec<Carrier> = carriers
            .iter()
            .filter(|c| c.article_id == a.id)
            .cloned()
            .collect();
        let kept = db.kept_versions(a.id).await?;
        let Some(finding) = judge(a, &mine, &kept) else {
            continue;
        };
        if apply && !finding.repairs.is_empty() {
            write(db, summarizer.clone(), a, &finding, now).await?;
        }
        report.findings.push(finding);
    }
    Ok(report)
}

async fn write(
    db: &Store,
    summarizer: Arc<dyn Summarizer>,
    a: &Held,
    f: &Finding,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let restored = match &f.text {
        TextFix::FromVersion(v) => {
            let Some(stored) = db.article(a.id).await? else {
                return Ok(());
            };
            let (title, text, language) = (
                v.title.clone(),
                v.content_text.clone(),
                stored.language.clone(),
            );
            // Stored text was read once already; the budget is the same backstop ingestion has.
            let read = crate::contained::run(EXTRACTION_BUDGET, move || {
                Reading::of(summarizer.as_ref(), &title, &text, &language)
            })
            .await;
            let reading = match read {
                Ok(read) => read,
                Err(e) => {
                    tracing::warn!(article = a.id.get(), error = %e, "kept version not read; text left");
                    let owned: Vec<Repair> = f
                        .repairs
                        .iter()
                        .filter(|r| {
                            matches!(r.field, "url" | "source_id" | "vendor" | "carried_by")
                        })
                        .cloned()
                        .collect();
                    return db
                        .repair_article(
                            a.id,
                            (&f.url, &f.owner, &f.vendor),
                            None,
                            (None, f.dropped_carrier.as_ref()),
                            &owned,
                            now,
                        )
                        .await;
                }
            };
            let text_origin = if v.text_origin == "page" {
                "page"
            } else {
                "feed"
            };
            let rec = ArticleRecord {
                canonical_url: a.canonical_url.clone(),
                url: v.url.clone(),
                source_id: f.owner.clone(),
                vendor: f.vendor.clone(),
                title: v.title.clone(),
                language: stored.language,
                published_at: stored.published_at,
                date_estimated: stored.date_estimated,
                content_html: v.content_html.clone(),
                content_text: v.content_text.clone(),
                content_hash: v.content_hash.clone(),
                text_origin,
            };
            Some((rec, reading))
        }
        _ => None,
    };
    let reread = match &f.text {
        TextFix::Reread { source_id } => Some(source_id),
        _ => None,
    };
    db.repair_article(
        a.id,
        (&f.url, &f.owner, &f.vendor),
        restored,
        (reread, f.dropped_carrier.as_ref()),
        &f.repairs,
        now,
    )
    .await
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for x in &self.findings {
            writeln!(f, "article {} {}", x.article_id, x.canonical_url)?;
            for r in &x.repairs {
                writeln!(
                    f,
                    "  {}: {:?} -> {:?}\n      because {}",
                    r.field, r.before, r.after, r.reason
                )?;
            }
            if matches!(x.text, TextFix::Lost) {
                writeln!(
                    f,
                    "  text: written from another address, no version of it kept and no source \
                     links {} now: left as it is",
                    x.canonical_url
                )?;
            }
        }
        let changes: usize = self.findings.iter().map(|x| x.repairs.len()).sum();
        write!(
            f,
            "{} of {} articles to repair, {} changes",
            self.findings.len(),
            self.articles,
            changes
        )?;
        if self.applied {
            write!(f, "; written, each change logged in ownership_repairs")
        } else {
            write!(
                f,
                " (dry run: nothing written; --apply writes them and logs each change)"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(url: &str, owner: &str) -> Held {
        Held {
            id: ArticleId::new(1),
            canonical_url: "https://acme.ai/news/acme-7".into(),
            url: url.into(),
            owner: owner.into(),
            vendor: format!("Vendor {owner}"),
            title: "HIJACKED title".into(),
            content_hash: "h-hijacked".into(),
        }
    }

    fn carrier(id: &str, location: &str, first_seen: &str) -> Carrier {
        Carrier {
            article_id: ArticleId::new(1),
            source_id: id.into(),
            location: Some(location.into()),
            vendor: Some(format!("Vendor {id}")),
            first_seen: first_seen.into(),
        }
    }

    fn both() -> Vec<Carrier> {
        vec![
            carrier("agg", "https://news.example/feed", "2026-01-01T00:00:00Z"),
            carrier("vendor", "https://acme.ai/rss.xml", "2026-01-02T00:00:00Z"),
        ]
    }

    #[test]
    fn a_hijacked_article_goes_back_to_its_address_and_its_vendor() {
        let a = held("https://news.example/elsewhere", "agg");
        let f = judge(&a, &both(), &[]).expect("a finding");
        assert_eq!(f.url, "https://acme.ai/news/acme-7");
        assert_eq!(f.owner, "vendor");
        assert_eq!(f.vendor, "Vendor vendor");
        assert!(matches!(&f.text, TextFix::Reread { source_id } if source_id == "vendor"));
        let fields: Vec<&str> = f.repairs.iter().map(|r| r.field).collect();
        assert_eq!(fields, ["url", "source_id", "vendor", "carried_by", "text"]);
        assert_eq!(f.dropped_carrier, Some(SourceId::from("agg")));
    }

    #[test]
    fn a_kept_version_of_the_rightful_source_is_restored() {
        let a = held("https://news.example/elsewhere", "agg");
        let v = KeptVersion {
            content_hash: "h-vendor".into(),
            source_id: "vendor".into(),
            url: "https://acme.ai/news/acme-7/".into(),
            vendor: "Acme".into(),
            title: "Acme-7 released".into(),
            content_html: "<p>x</p>".into(),
            content_text: "x".into(),
            text_origin: "page".into(),
            last_seen: chrono::DateTime::from_timestamp(0, 0).expect("time"),
        };
        let f = judge(&a, &both(), std::slice::from_ref(&v)).expect("a finding");
        assert!(matches!(f.text, TextFix::FromVersion(_)));
        assert_eq!(f.url, "https://acme.ai/news/acme-7/");
        assert_eq!(f.vendor, "Acme");
    }

    #[test]
    fn an_outlet_read_first_hands_the_post_to_the_vendor() {
        let a = held("https://acme.ai/news/acme-7", "agg");
        let f = judge(&a, &both(), &[]).expect("a finding");
        assert_eq!(f.owner, "vendor");
        assert_eq!(f.url, "https://acme.ai/news/acme-7");
    }

    #[test]
    fn a_sound_article_is_left_alone() {
        let a = held("https://acme.ai/news/acme-7?utm_source=x", "vendor");
        assert!(judge(&a, &both(), &[]).is_none());
        let outlet_only = vec![carrier(
            "agg",
            "https://news.example/feed",
            "2026-01-01T00:00:00Z",
        )];
        assert!(judge(
            &held("https://acme.ai/news/acme-7", "agg"),
            &outlet_only,
            &[]
        )
        .is_none());
    }
}
