//! The claim log's commands: `verify-log` and `checkpoint`.

use std::path::PathBuf;

use chrono::Utc;

use crate::config::Config;
use crate::run::open_store;

use super::Error;

/// A published head to check the chain against.
pub enum Anchor {
    Head { head: String, events: Option<i64> },
    File(PathBuf),
}

/// `proofwire verify-log`: walks the claim event chain; an error names the first bad event.
/// With an anchor, the chain must also still hold the head published earlier.
pub async fn verify_log(config: &Config, anchor: Option<Anchor>) -> Result<(), Error> {
    use crate::claims::log::{self, Checkpoint};
    let anchor = match anchor {
        None => None,
        Some(Anchor::Head { head, events }) => Some(Checkpoint {
            events,
            head: head.trim().to_ascii_lowercase(),
            at: None,
        }),
        Some(Anchor::File(path)) => {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::Checkpoint {
                path: path.clone(),
                message: e.to_string(),
            })?;
            Some(serde_json::from_str(&text).map_err(|e| Error::Checkpoint {
                path,
                message: e.to_string(),
            })?)
        }
    };
    let store = open_store(config).await?;
    let db = Error::Store;
    let v = log::verify(&store)
        .await
        .map_err(db)?
        .map_err(Error::LogBroken)?;
    if let Some(cp) = &anchor {
        log::holds(&store, cp)
            .await
            .map_err(db)?
            .map_err(Error::LogBroken)?;
    }
    println!("claim log intact: {} events, head {}", v.events, v.head);
    if let Some(cp) = anchor {
        println!(
            "published head {} is in the chain{}",
            cp.head,
            cp.events
                .map(|n| format!(" at event {n}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

/// `proofwire checkpoint`: the claim log's head and length as JSON, to keep outside the
/// database (`verify-log --checkpoint FILE` checks against it later).
pub async fn checkpoint(config: &Config, out: Option<PathBuf>) -> Result<(), Error> {
    let store = open_store(config).await?;
    let mut cp = crate::claims::log::head(&store)
        .await
        .map_err(Error::Store)?;
    cp.at = Some(crate::dates::ts(Utc::now()));
    let json = serde_json::to_string_pretty(&cp).unwrap_or_default();
    match out {
        Some(path) => {
            std::fs::write(&path, format!("{json}\n")).map_err(|e| Error::Checkpoint {
                path: path.clone(),
                message: e.to_string(),
            })?;
            println!("wrote {}", path.display());
        }
        None => println!("{json}"),
    }
    Ok(())
}
