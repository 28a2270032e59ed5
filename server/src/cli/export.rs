//! The exporting commands: `export-digest` (Markdown), `claims export` (ClaimReview) and
//! `export-eee` (Every Eval Ever records).

use std::path::PathBuf;

use chrono::Utc;

use crate::config::Config;
use crate::dates::parse_date;
use crate::digest::build_digest;
use crate::export::{self, ExportError};
use crate::run::open_store;

use super::Error;

pub async fn export_digest(
    config: &Config,
    date: &str,
    out: Option<PathBuf>,
) -> Result<PathBuf, Error> {
    let day = parse_date(date).ok_or_else(|| ExportError::BadDate(date.to_string()))?;
    let tz = config.tz()?;
    let store = open_store(config).await?;
    let digest = build_digest(&store, tz, Some(day), config.lang()?.code())
        .await?
        .filter(|d| !d.items.is_empty())
        .ok_or_else(|| ExportError::Empty(date.to_string()))?;
    let head = crate::claims::log::head(&store)
        .await
        .map_err(Error::Store)?;
    let markdown = export::render(
        &digest,
        config.lang()?,
        day,
        Utc::now().with_timezone(&tz),
        &head,
    );
    let dir = out.unwrap_or_else(|| config.export_dir.clone());
    let path = export::write(&dir, day, &markdown)?;
    println!("wrote {}", path.display());
    Ok(path)
}

/// `proofwire claims export --format claimreview`: ClaimReview JSON-LD of every reviewed claim.
pub async fn claims_export(config: &Config, out: Option<PathBuf>) -> Result<usize, Error> {
    let store = open_store(config).await?;
    let tz = config.tz()?;
    let pool = &store;
    let rows = pool
        .claims(&crate::claims::record::ClaimFilter {
            limit: i64::MAX,
            ..Default::default()
        })
        .await
        .map_err(Error::Store)?;
    let mut reviews = Vec::new();
    for r in rows.iter().filter(|r| r.status.is_review()) {
        let events = crate::claims::log::events_of(pool, r.id)
            .await
            .map_err(Error::Store)?;
        let reviewer = crate::claims::views::reviewer(&events);
        let card = crate::claims::views::card(r, tz);
        reviews.extend(crate::claims::jsonld::claim_review(
            &card,
            &reviewer,
            &config.public_url,
        ));
    }
    let text = serde_json::to_string_pretty(&reviews).unwrap_or_else(|_| "[]".into());
    match out {
        Some(path) => {
            std::fs::write(&path, format!("{text}\n")).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
            eprintln!(
                "wrote {} ClaimReview(s) to {}",
                reviews.len(),
                path.display()
            );
        }
        None => println!("{text}"),
    }
    Ok(reviews.len())
}

/// `proofwire export-eee DIR`: every benchmark claim as an Every Eval Ever record, one file
/// each, in the datastore's layout; claims that cannot be one (no number, benchmark or model)
/// are counted and named. Returns how many files were written.
pub async fn export_eee(config: &Config, dir: &std::path::Path) -> Result<usize, Error> {
    let store = open_store(config).await?;
    let rows = store
        .claims(&crate::claims::record::ClaimFilter {
            limit: i64::MAX,
            ..Default::default()
        })
        .await
        .map_err(Error::Store)?;
    let (mut written, mut skipped) = (0usize, Vec::new());
    for claim in rows
        .iter()
        .filter(|c| c.kind == app::vocab::ClaimKind::Benchmark)
    {
        let exported = match crate::results::give_back::record(claim, &config.public_url) {
            Ok(e) => e,
            Err(why) => {
                skipped.push(format!("claim {}: {why}", claim.id));
                continue;
            }
        };
        let path = dir.join(&exported.path);
        let write = |path: &std::path::Path| -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let text =
                serde_json::to_string_pretty(&exported.record).map_err(std::io::Error::other)?;
            std::fs::write(path, format!("{text}\n"))
        };
        write(&path).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        written += 1;
    }
    for s in &skipped {
        eprintln!("skipped {s}");
    }
    println!(
        "wrote {written} Every Eval Ever record(s) to {}; {} benchmark claim(s) skipped",
        dir.display(),
        skipped.len()
    );
    Ok(written)
}
