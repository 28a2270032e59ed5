//! Names to confirm: subjects the extractor took for claims that no entity list holds
//! ("Falcon-H1R 7B", "가우스2"). The lists come from public registries and always lag the
//! news, so a claim about a model they do not know has no entity and meets no third-party
//! result. Editors see these names on /claims and answer each once: a model of its own (it
//! becomes an entity, found in later sentences like a shipped one), another name of a known
//! entity (an alias), or not a model (it leaves the list). Every claim that wrote the name is
//! linked at once.

use std::collections::HashMap;

use sha2::Digest as _;

use app::ids::ClaimId;
use app::vocab::NameVerdict;

use super::entities::{fold, lexicon, model_entity, Alias, EntityKind};
use super::record::{add_entity_alias, load_editor_names, resolve_entities};
use super::ClaimError;
use crate::db::claims::AliasRow;
use crate::db::name_reviews::NameReviewRow;
use crate::db::{DbError, Store};

/// How many distinct spellings are read from the claims for the list.
const READ: i64 = 2000;
/// The longest name an editor may give a model (as for aliases).
const MAX_NAME: usize = 80;
/// The longest subject as claims write it that an answer may name (the extractor bounds its
/// subjects; a longer one is still answered "not a model").
pub const MAX_SUBJECT: usize = 300;

/// A name waiting for an editor's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// As most claims write it.
    pub name: String,
    /// Other ways claims write it (same folded key).
    pub spellings: Vec<String>,
    /// Current trackable claims that name it.
    pub claims: u32,
    /// The newest of them.
    pub latest: ClaimId,
    /// A vendor whose post wrote it: the default maker of a confirmed model.
    pub vendor: String,
}

/// The names waiting for an answer, most named first; at most `limit`.
pub async fn names_to_confirm(db: &Store, limit: usize) -> Result<Vec<UnknownName>, DbError> {
    let answered: Vec<String> = db
        .name_reviews()
        .await?
        .into_iter()
        .filter(|r| r.kind == "model")
        .map(|r| r.folded)
        .collect();
    let mut out: Vec<UnknownName> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for row in db.unresolved_subjects(READ).await? {
        let key = fold(&row.subject);
        if key.is_empty() || answered.contains(&key) {
            continue;
        }
        // The lexicon may know it since the claim was stored (an entity list update); the
        // next resolution links it, so it is not waiting for anyone.
        if model_entity(&row.subject).is_some() {
            continue;
        }
        let claims = u32::try_from(row.claims).unwrap_or(u32::MAX);
        match by_key.get(&key) {
            Some(&i) => {
                let n = &mut out[i];
                n.claims = n.claims.saturating_add(claims);
                n.latest = n.latest.max(row.latest_claim());
                n.spellings.push(row.subject);
            }
            None => {
                by_key.insert(key, out.len());
                out.push(UnknownName {
                    latest: row.latest_claim(),
                    name: row.subject,
                    spellings: Vec::new(),
                    claims,
                    vendor: row.vendor,
                });
            }
        }
    }
    out.sort_by(|a, b| b.claims.cmp(&a.claims).then(b.latest.cmp(&a.latest)));
    out.truncate(limit);
    Ok(out)
}

/// One editor's answer, as the form gives it.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A model of its own, shown as `display` (the name as claims write it, or the editor's
    /// better casing of it), made by `vendor`.
    Model {
        display: String,
        vendor: Option<String>,
    },
    /// Another name of this known entity (its id, or any name the lexicon resolves).
    SameAs(String),
    NotAModel,
}

/// What an answer did: the entity the name now resolves to (none for "not a model"), and how
/// many claims and results gained an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub entity: Option<String>,
    pub linked: usize,
}

/// Records an editor's answer about `name`, which must be waiting on the list (so a stale
/// form or a typed name changes nothing). Nothing is written when the answer is refused.
pub async fn answer(
    db: &Store,
    name: &str,
    answer: &Answer,
    actor: &str,
    at: &str,
) -> Result<Answered, ClaimError> {
    let name = checked_name(name, "The name", MAX_SUBJECT)?;
    let waiting = names_to_confirm(db, usize::MAX).await?;
    let Some(entry) = waiting
        .iter()
        .find(|n| fold(&n.name) == fold(name))
        .cloned()
    else {
        return Err(ClaimError::Invalid(format!(
            "{name:?} is not on the list of names to confirm (answered already, or no claim names it so)."
        )));
    };
    match answer {
        Answer::SameAs(target) => {
            let target = target.trim();
            let current = lexicon();
            let entity = current
                .get(EntityKind::Model, target)
                .map(|e| e.id.clone())
                .or_else(|| model_entity(target))
                .ok_or_else(|| {
                    ClaimError::Invalid(format!("{target:?} is no model the lists know."))
                })?;
            let alias = Alias {
                kind: EntityKind::Model,
                entity: entity.clone(),
                alias: entry.name.clone(),
            };
            let linked = add_entity_alias(db, &alias, actor, at).await?;
            Ok(Answered {
                entity: Some(entity),
                linked,
            })
        }
        Answer::NotAModel => {
            record(db, &entry, None, NameVerdict::NotAModel, actor, at).await?;
            Ok(Answered {
                entity: None,
                linked: 0,
            })
        }
        Answer::Model { display, vendor } => {
            let display = checked_name(display, "The model's name", MAX_NAME)?;
            if let Some(other) = model_entity(display) {
                return Err(ClaimError::Invalid(format!(
                    "{display:?} already names {other}: answer \"another name of\" {other} instead."
                )));
            }
            let vendor = match vendor.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                Some(v) => Some(checked_name(v, "The maker", MAX_NAME)?.to_string()),
                None => None,
            };
            let model = NewModel {
                display,
                vendor: vendor.as_deref(),
            };
            let id = record(db, &entry, Some(model), NameVerdict::Model, actor, at).await?;
            Ok(Answered {
                entity: Some(id),
                linked: resolve_entities(db).await?,
            })
        }
    }
}

/// A model an editor confirms: its name as shown, and its maker.
struct NewModel<'a> {
    display: &'a str,
    vendor: Option<&'a str>,
}

/// Writes the answer in one transaction (a new model gets an id no entity has, and the claims'
/// own spelling as its alias when the editor wrote the name otherwise), then reloads the
/// lexicon.
async fn record(
    db: &Store,
    entry: &UnknownName,
    model: Option<NewModel<'_>>,
    verdict: NameVerdict,
    actor: &str,
    at: &str,
) -> Result<String, ClaimError> {
    let display = model.as_ref().map(|m| m.display);
    let vendor = model.as_ref().and_then(|m| m.vendor);
    let mut tx = db.begin_write().await?;
    let mut entity_id = None;
    if verdict == NameVerdict::Model {
        let base = entity_slug(display.unwrap_or(&entry.name));
        let current = lexicon();
        let mut n = 1;
        let id = loop {
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            let taken = current.get(EntityKind::Model, &id).is_some()
                || tx.name_review_entity_taken("model", &id).await?;
            if !taken {
                break id;
            }
            n += 1;
        };
        entity_id = Some(id);
    }
    let row = NameReviewRow {
        kind: "model".into(),
        folded: fold(&entry.name),
        name: display.unwrap_or(&entry.name).to_string(),
        verdict: verdict.key().into(),
        entity_id: entity_id.clone(),
        vendor: vendor.map(str::to_string),
        reviewed_by: actor.into(),
        reviewed_at: at.into(),
    };
    if !tx.insert_name_review(&row).await? {
        return Err(ClaimError::Invalid(format!(
            "{:?} was answered already.",
            entry.name
        )));
    }
    // The claims' spelling is no name of any entity (it is on the list), so it can be this
    // one's; one the new name already covers ("Foo-7B-Instruct" under "Foo 7B") does no harm.
    let spelled_otherwise = display.is_some_and(|d| fold(d) != fold(&entry.name));
    if let (true, Some(id)) = (spelled_otherwise, &entity_id) {
        if entry.name.chars().count() <= MAX_NAME {
            tx.insert_alias(
                &AliasRow {
                    kind: "model".into(),
                    entity_id: id.clone(),
                    alias: entry.name.clone(),
                },
                actor,
                at,
            )
            .await?;
        }
    }
    tx.commit().await?;
    load_editor_names(db).await?;
    Ok(entity_id.unwrap_or_default())
}

fn checked_name<'a>(text: &'a str, what: &str, max: usize) -> Result<&'a str, ClaimError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > max || text.chars().any(char::is_control) {
        return Err(ClaimError::Invalid(format!(
            "{what} must be 1 to {max} characters, without control characters."
        )));
    }
    Ok(text)
}

/// An id for a confirmed model, in the shipped entities' style: lowercase letters and digits
/// joined by hyphens ("Falcon-H1R 7B" → falcon-h1r-7b). A name in Hangul takes its Latin
/// spelling when the lexicon knows one; else its folded key's hash keeps it unique.
pub fn entity_slug(name: &str) -> String {
    let latin = lexicon().latin(name);
    for candidate in [Some(name), latin.as_deref()].into_iter().flatten() {
        let slug = ascii_slug(candidate);
        if !slug.is_empty() && candidate.is_ascii() {
            return slug;
        }
    }
    // The first 8 hex digits of its key's SHA-256.
    let digest = sha2::Sha256::digest(fold(name).as_bytes());
    let hash = hex::encode(digest.get(..4).unwrap_or_default());
    let lead = ascii_slug(name);
    if lead.is_empty() {
        format!("model-{hash}")
    } else {
        format!("{lead}-{hash}")
    }
}

fn ascii_slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii_words_joined_by_hyphens() {
        assert_eq!(entity_slug("Falcon-H1R 7B"), "falcon-h1r-7b");
        assert_eq!(entity_slug("  Smaug-72B!! "), "smaug-72b");
        // Hangul the lexicon can spell in Latin takes that spelling.
        assert_eq!(entity_slug("바르코 8B 인스트럭트"), "varco-8b-instruct");
        // Hangul without a Latin spelling: unique by its key, never empty.
        let a = entity_slug("가나다 8B 라마바");
        let b = entity_slug("가나다 9B 라마바");
        assert!(a.starts_with("8b-"), "{a}");
        assert_ne!(a, b);
        assert!(entity_slug("가나다").starts_with("model-"));
    }

    proptest::proptest! {
        #[test]
        fn any_name_gets_an_id_of_id_characters(name in "\\PC{0,40}") {
            let id = entity_slug(&name);
            proptest::prop_assert!(!id.is_empty());
            proptest::prop_assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", id);
            proptest::prop_assert!(!id.starts_with('-') && !id.ends_with('-'), "{}", id);
        }
    }
}
