//! The tantivy index: schema, the one writer, reloaded readers, and query execution.
//!
//! The index is derived data. The database is the source of truth; the index remembers in its
//! commit payload which schema built it and how far into the database it has read, so it can be
//! caught up or rebuilt at any time.

use std::collections::HashMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use app::ids::SourceId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{
    DateOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    doc, DocAddress, Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyDocument,
    Term,
};

use super::analyzer::{self, ANALYZER, SPELL_ANALYZER};
use super::collect;
use super::facets::{self, VendorCounts};
use super::owned_dir::OwnedDirectory;
use super::phrase::{self, CheckedPhrase};
use super::query::{Atom, Clause, ParsedQuery, Scope};
use super::respell;
use super::windows;
use super::SearchError;

/// Bump when fields or analysis change: an index built by another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 6;

/// Writer heap for all threads together. Small heaps flush many small segments that must then be
/// merged: at 64 MB a 100k-post rebuild took three times as long. Memory is taken as needed.
const WRITER_HEAP: usize = 512 * 1024 * 1024;

/// One article as the index sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexDoc {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub text: String,
    pub vendor: String,
    pub source_id: SourceId,
    pub language: String,
    pub published: DateTime<Utc>,
    pub statuses: Vec<String>,
}

/// What the index last committed: which schema built it and the database watermark it has
/// read up to (the latest `updated_at` / summary time it indexed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    pub schema: u32,
    pub watermark: String,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    summary: Field,
    body: Field,
    /// Buckets of adjacent term pairs (title, summary and text): where a phrase can be.
    pairs: Field,
    /// Each text field's runs indexed whole ([`super::windows`]), with their frequency.
    title_windows: Field,
    summary_windows: Field,
    body_windows: Field,

    spell: Field,
    vendor: Field,
    vendor_name: Field,
    source: Field,
    lang: Field,
    published: Field,
    status: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            o.set_stored()
        } else {
            o
        }
    };
    let spell_opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(SPELL_ANALYZER)
            .set_index_option(IndexRecordOption::Basic),
    );
    let windows_opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(windows::WINDOWS_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqs)
            // Scores use the text field's own length, never this one's.
            .set_fieldnorms(false),
    );
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | FAST | STORED),
        title: b.add_text_field("title", text(true)),
        summary: b.add_text_field("summary", text(true)),
        // The article text stays in the database; snippets are cut from the stored copy there.
        body: b.add_text_field("body", text(false)),
        pairs: b.add_text_field(
            "pairs",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(phrase::PAIRS_ANALYZER)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        ),
        title_windows: b.add_text_field("title_windows", windows_opts.clone()),
        summary_windows: b.add_text_field("summary_windows", windows_opts.clone()),
        body_windows: b.add_text_field("body_windows", windows_opts),
        spell: b.add_text_field("spell", spell_opts),
        vendor: b.add_text_field("vendor", STRING | STORED),
        // Counted for the facets only: a column, never searched.
        vendor_name: b.add_text_field(facets::VENDOR_NAME, TextOptions::default().set_fast(None)),
        source: b.add_text_field("source", STRING | STORED),
        lang: b.add_text_field("lang", STRING | STORED),
        published: b.add_date_field(
            "published",
            DateOptions::default().set_indexed().set_fast().set_stored(),
        ),
        status: b.add_text_field("status", STRING | STORED),
    };
    (b.build(), fields)
}

/// `Hugging Face` → `huggingface`: what `vendor:` and the vendor filter accept.
pub fn slug(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `Partly reproduced` / `partly-reproduced` → `partly_reproduced`.
pub fn status_key(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect()
}

pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    /// The writer, from the first change after a commit until the next commit.
    writer: Mutex<Option<IndexWriter>>,
    writer_threads: usize,
    fields: Fields,
}

/// Why an index on disk cannot be used as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    Missing,
    Corrupt(String),
    OtherSchema(u32),
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unusable::Missing => write!(f, "no index on disk"),
            Unusable::Corrupt(e) => write!(f, "the index cannot be read ({e})"),
            Unusable::OtherSchema(v) => write!(
                f,
                "the index was built with schema version {v}, this version uses {SCHEMA_VERSION}"
            ),
        }
    }
}

fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer::analyzer());
    index
        .tokenizers()
        .register(SPELL_ANALYZER, analyzer::spell_analyzer());
    index
        .tokenizers()
        .register(phrase::PAIRS_ANALYZER, phrase::pairs_analyzer());
    index
        .tokenizers()
        .register(windows::WINDOWS_ANALYZER, windows::windows_analyzer());
}

impl SearchIndex {
    /// Opens the index in `dir`. If it is missing, unreadable or from another schema, a fresh
    /// empty one replaces it and the reason is returned: the caller must then rebuild it.
    pub fn open(
        dir: &Path,
        writer_threads: usize,
    ) -> Result<(SearchIndex, Option<Unusable>), SearchError> {
        let problem = match Self::try_open(dir, writer_threads) {
            Ok(ix) => match ix.payload() {
                Ok(p) if p.schema == SCHEMA_VERSION => return Ok((ix, None)),
                Ok(p) => Unusable::OtherSchema(p.schema),
                Err(e) => Unusable::Corrupt(e.to_string()),
            },
            Err(SearchError::Locked) => return Err(SearchError::Locked),
            Err(_) if !dir.join("meta.json").exists() => Unusable::Missing,
            Err(e) => Unusable::Corrupt(e.to_string()),
        };
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|e| SearchError::Io(dir.display().to_string(), e))?;
        }
        let ix = Self::create(dir, writer_threads)?;
        Ok((ix, Some(problem)))
    }

    fn try_open(dir: &Path, writer_threads: usize) -> Result<SearchIndex, SearchError> {
        // Owned before its files are read: no other process writes them meanwhile.
        let index = Index::open(OwnedDirectory::take(dir)?)?;
        Self::from_index(dir, index, writer_threads)
    }

    fn create(dir: &Path, writer_threads: usize) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir).map_err(|e| SearchError::Io(dir.display().to_string(), e))?;
        let (schema, _) = schema();
        let index = Index::create(OwnedDirectory::take(dir)?, schema, IndexSettings::default())?;
        let ix = Self::from_index(dir, index, writer_threads)?;
        ix.commit(Payload {
            schema: SCHEMA_VERSION,
            watermark: String::new(),
        })?;
        Ok(ix)
    }

    fn from_index(
        dir: &Path,
        index: Index,
        writer_threads: usize,
    ) -> Result<SearchIndex, SearchError> {
        let (expected, fields) = schema();
        if index.schema() != expected {
            return Err(SearchError::Schema);
        }
        let mut index = index;
        register(&index);
        let threads = writer_threads.max(1);
        // A query's segments are searched on as many threads as the writer has: on two cores
        // a common word's ~90k matches take half the wall time.
        if threads > 1 {
            index.set_multithread_executor(threads)?;
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            writer: Mutex::new(None),
            writer_threads: threads,
            fields,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn payload(&self) -> Result<Payload, SearchError> {
        let metas = self.index.load_metas()?;
        match metas.payload {
            None => Ok(Payload::default()),
            Some(p) => serde_json::from_str(&p).map_err(|e| SearchError::Payload(e.to_string())),
        }
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs `f` on the writer, made if there is none: changes go to it until `commit`.
    fn with_writer<R>(
        &self,
        f: impl FnOnce(&mut IndexWriter) -> Result<R, SearchError>,
    ) -> Result<R, SearchError> {
        // A panic while holding the lock leaves uncommitted work that the next commit
        // settles; the writer itself stays usable.
        let mut slot = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        self.on_writer(&mut slot, f)
    }

    /// Runs `f` on the writer in `slot`, made if there is none, and lets it go when `f` fails:
    /// tantivy stops at the first worker that failed and does not start the others again, so
    /// what was sent to that writer would wait in its queue unseen. Callers write again from
    /// the committed mark.
    fn on_writer<R>(
        &self,
        slot: &mut Option<IndexWriter>,
        f: impl FnOnce(&mut IndexWriter) -> Result<R, SearchError>,
    ) -> Result<R, SearchError> {
        let done = self.ready(slot).and_then(f);
        if done.is_err() {
            *slot = None;
        }
        done
    }

    /// The writer in `slot`, made if there is none.
    fn ready<'a>(
        &self,
        slot: &'a mut Option<IndexWriter>,
    ) -> Result<&'a mut IndexWriter, SearchError> {
        Ok(match slot.take() {
            Some(w) => slot.insert(w),
            None => slot.insert(self.new_writer()?),
        })
    }

    fn new_writer(&self) -> Result<IndexWriter, SearchError> {
        let threads = self.writer_threads;
        self.index
            .writer_with_num_threads(threads, WRITER_HEAP.max(threads * 16 * 1024 * 1024))
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => SearchError::Locked,
                e => SearchError::Tantivy(e),
            })
    }

    fn to_document(&self, d: &IndexDoc) -> TantivyDocument {
        let f = self.fields;
        let mut doc = doc!(
            f.id => d.id as u64,
            f.title => d.title.as_str(),
            f.summary => d.summary.as_str(),
            f.body => d.text.as_str(),
            // Each field's pairs on their own: no pair spans two fields.
            f.pairs => d.title.as_str(),
            f.pairs => d.summary.as_str(),
            f.pairs => d.text.as_str(),
            f.title_windows => d.title.as_str(),
            f.summary_windows => d.summary.as_str(),
            f.body_windows => d.text.as_str(),
            // Suggestions come from titles and summaries: cleaner words, and one pass fewer
            // over the article text.
            f.spell => d.title.as_str(),
            f.spell => d.summary.as_str(),
            f.vendor => slug(&d.vendor),
            f.vendor_name => d.vendor.as_str(),
            f.source => d.source_id.as_str(),
            f.lang => d.language.to_lowercase(),
            f.published => tantivy::DateTime::from_timestamp_secs(d.published.timestamp()),
        );
        for s in &d.statuses {
            doc.add_text(f.status, status_key(s));
        }
        doc
    }

    /// Adds or replaces documents and removes others, then commits and reloads readers, all
    /// under the writer's lock: a failure elsewhere that lets the writer go cannot drop these
    /// changes between their adding and their commit.
    pub fn write(
        &self,
        upserts: &[IndexDoc],
        deletes: &[i64],
        payload: Payload,
    ) -> Result<(), SearchError> {
        let mut slot = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        self.on_writer(&mut slot, |writer| {
            for id in deletes.iter().chain(upserts.iter().map(|d| &d.id)) {
                writer.delete_term(Term::from_field_u64(self.fields.id, *id as u64));
            }
            for d in upserts {
                writer.add_document(self.to_document(d))?;
            }
            Ok(())
        })?;
        self.commit_held(slot, &payload)
    }

    /// Empties the index; documents added with `add` become visible at the next commit.
    pub fn clear(&self) -> Result<(), SearchError> {
        self.with_writer(|w| Ok(w.delete_all_documents()?))?;
        Ok(())
    }

    pub fn add(&self, docs: &[IndexDoc]) -> Result<(), SearchError> {
        self.with_writer(|writer| {
            for d in docs {
                writer.add_document(self.to_document(d))?;
            }
            Ok(())
        })
    }

    pub fn commit(&self, payload: Payload) -> Result<(), SearchError> {
        let slot = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        self.commit_held(slot, &payload)
    }

    fn commit_held(
        &self,
        mut slot: MutexGuard<'_, Option<IndexWriter>>,
        payload: &Payload,
    ) -> Result<(), SearchError> {
        let json =
            serde_json::to_string(payload).map_err(|e| SearchError::Payload(e.to_string()))?;
        self.on_writer(&mut slot, |writer| {
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&json);
            prepared.commit()?;
            Ok(())
        })?;
        // Owned writer: a writer holds its next batch's queue from the moment it commits, a
        // channel of 10,000 slots (2.6 MB, every page written), plus seven threads; between
        // ingestion rounds nothing uses them. It is let go once its merges are done (dropped
        // without waiting, merges under way would be abandoned, and with a new writer at
        // every commit they would never finish), and made again by the next change.
        let merged = slot.take().map(IndexWriter::wait_merging_threads);
        drop(slot);
        self.reader.reload()?;
        // The commit stands either way; a merge that failed is tried again after a later one.
        if let Some(Err(e)) = merged {
            tracing::warn!(error = %e, "search index: merging segments after a commit failed");
        }
        Ok(())
    }

    /// Every article id in the index.
    pub fn ids(&self) -> Result<Vec<i64>, SearchError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::with_capacity(searcher.num_docs() as usize);
        for seg in searcher.segment_readers() {
            let col = seg.fast_fields().u64("id")?;
            let alive = seg.alive_bitset();
            for doc in 0..seg.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                if let Some(v) = col.first(doc) {
                    out.push(v as i64);
                }
            }
        }
        Ok(out)
    }

    fn text_query(&self, field: Field, text: &str) -> Option<Box<dyn Query>> {
        let tokens = analyzer::analyzed(text);
        match tokens.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(
                Term::from_field_text(field, &tokens[0].1),
                IndexRecordOption::WithFreqs,
            ))),
            _ => {
                let base = tokens[0].0;
                let terms = tokens
                    .into_iter()
                    .map(|(p, t)| (p - base, Term::from_field_text(field, &t)))
                    .collect();
                Some(Box::new(PhraseQuery::new_with_offset(terms)))
            }
        }
    }

    fn raw_term(field: Field, value: String) -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, &value),
            IndexRecordOption::Basic,
        ))
    }

    /// The text fields an atom searches, with their weights; None for a filter atom.
    fn weighted_fields(&self, scope: Scope) -> Option<Vec<(Field, f32)>> {
        let f = self.fields;
        match scope {
            Scope::Text => Some(vec![(f.title, 3.0), (f.summary, 2.0), (f.body, 1.0)]),
            Scope::Title => Some(vec![(f.title, 1.0)]),
            Scope::Summary => Some(vec![(f.summary, 1.0)]),
            Scope::Body => Some(vec![(f.body, 1.0)]),
            Scope::Vendor | Scope::Lang | Scope::Status | Scope::Source => None,
        }
    }

    /// A filter atom (vendor, language, status, source) as its exact term; None for text.
    fn filter_query(&self, atom: &Atom) -> Option<Box<dyn Query>> {
        let f = self.fields;
        match atom.scope {
            Scope::Vendor => Some(Self::raw_term(f.vendor, slug(&atom.text))),
            Scope::Lang => Some(Self::raw_term(f.lang, atom.text.to_lowercase())),
            Scope::Status => Some(Self::raw_term(f.status, status_key(&atom.text))),
            Scope::Source => Some(Self::raw_term(f.source, atom.text.clone())),
            Scope::Text | Scope::Title | Scope::Summary | Scope::Body => None,
        }
    }

    /// The text as a term or phrase query in each field, weighted, to be joined as a union.
    fn field_parts(&self, weighted: &[(Field, f32)], text: &str) -> Vec<(Occur, Box<dyn Query>)> {
        weighted
            .iter()
            .filter_map(|&(field, boost)| {
                let q = self.text_query(field, text)?;
                let q: Box<dyn Query> = if boost == 1.0 {
                    q
                } else {
                    Box::new(BoostQuery::new(q, boost))
                };
                Some((Occur::Should, q))
            })
            .collect()
    }

    /// A one-word atom as its weighted term per field, to be joined into one union with the
    /// other words of its clause: a flat union of terms is what block-max pruning works on.
    fn atom_terms(&self, atom: &Atom) -> Option<Vec<(Occur, Box<dyn Query>)>> {
        let weighted = self.weighted_fields(atom.scope)?;
        (analyzer::analyzed(&atom.text).len() == 1).then(|| self.field_parts(&weighted, &atom.text))
    }

    /// The query for one atom, or None when it has nothing searchable.
    fn atom_query(&self, atom: &Atom) -> Option<Box<dyn Query>> {
        let Some(weighted) = self.weighted_fields(atom.scope) else {
            return self.filter_query(atom);
        };
        let tokens = analyzer::analyzed(&atom.text);
        if tokens.len() > 1 {
            let f = self.fields;
            let windows_of = |field: Field| {
                [
                    (f.title, f.title_windows),
                    (f.summary, f.summary_windows),
                    (f.body, f.body_windows),
                ]
                .into_iter()
                .find_map(|(text, windows)| (text == field).then_some(windows))
            };
            if let Some(q) = CheckedPhrase::new(f.pairs, windows_of, &tokens, weighted.clone()) {
                return Some(Box::new(q));
            }
        }
        let mut parts = self.field_parts(&weighted, &atom.text);
        match parts.len() {
            0 => None,
            1 => parts.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(parts))),
        }
    }

    /// The same atoms as plain term and phrase queries per field: never executed, only read by
    /// the snippet generators, which mark terms of their own field.
    fn highlight_query(&self, req: &Request<'_>) -> Box<dyn Query> {
        let f = self.fields;
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for atom in req.query.positive_atoms() {
            let fields: &[Field] = match atom.scope {
                Scope::Text => &[f.title, f.summary, f.body],
                Scope::Title => &[f.title],
                Scope::Summary => &[f.summary],
                Scope::Body => &[f.body],
                _ => &[],
            };
            for &field in fields {
                if let Some(q) = self.text_query(field, &atom.text) {
                    parts.push((Occur::Should, q));
                }
            }
        }
        Box::new(BooleanQuery::new(parts))
    }

    /// Builds the tantivy query; atoms with nothing searchable are returned for a note.
    fn build(&self, req: &Request<'_>, with_vendor_filter: bool) -> Built {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut empty = Vec::new();
        let mut has_positive_text = false;
        // Whether every clause so far is a union of plain terms.
        let mut terms_only = true;
        for clause in &req.query.clauses {
            match clause {
                Clause::Any(atoms) => {
                    let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    for a in atoms {
                        if let Some(parts) = self.atom_terms(a) {
                            has_positive_text = true;
                            any.extend(parts);
                            continue;
                        }
                        match self.atom_query(a) {
                            Some(q) => {
                                if matches!(
                                    a.scope,
                                    Scope::Text | Scope::Title | Scope::Summary | Scope::Body
                                ) {
                                    has_positive_text = true;
                                }
                                terms_only = false;
                                any.push((Occur::Should, q));
                            }
                            None => empty.push(a.text.clone()),
                        }
                    }
                    match any.len() {
                        0 => {}
                        1 => clauses.extend(any.pop().map(|(_, q)| (Occur::Must, q))),
                        _ => clauses.push((Occur::Must, Box::new(BooleanQuery::new(any)))),
                    }
                }
                Clause::Not(a) => match self.atom_query(a) {
                    Some(q) => clauses.push((Occur::MustNot, q)),
                    None => empty.push(a.text.clone()),
                },
            }
        }
        if let (true, Some(v)) = (with_vendor_filter, req.vendor) {
            clauses.push((Occur::Must, Self::raw_term(f.vendor, slug(v))));
        }
        if let Some(l) = req.lang {
            clauses.push((Occur::Must, Self::raw_term(f.lang, l.to_lowercase())));
        }
        if let Some(st) = req.status {
            clauses.push((Occur::Must, Self::raw_term(f.status, status_key(st))));
        }
        if req.from.is_some() || req.until.is_some() {
            let bound = |t: Option<DateTime<Utc>>, inclusive: bool| match t {
                None => Bound::Unbounded,
                Some(t) => {
                    let term = Term::from_field_date_for_search(
                        f.published,
                        tantivy::DateTime::from_timestamp_secs(t.timestamp()),
                    );
                    if inclusive {
                        Bound::Included(term)
                    } else {
                        Bound::Excluded(term)
                    }
                }
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    bound(req.from, true),
                    bound(req.until, false),
                )),
            ));
        }
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        // A lone clause is the query itself: wrapped, a union of terms would lose tantivy's
        // block-max pruning and a lone term its count from the document frequency.
        let (query, prunable): (Box<dyn Query>, bool) = match clauses.pop() {
            Some((Occur::Must, only)) if clauses.is_empty() => (only, terms_only),
            Some(last) => {
                clauses.push(last);
                (Box::new(BooleanQuery::new(clauses)), false)
            }
            None => (Box::new(BooleanQuery::new(clauses)), false),
        };
        Built {
            query,
            has_text: has_positive_text,
            prunable: prunable && has_positive_text,
            unsearchable: empty,
        }
    }

    pub fn search(&self, req: &Request<'_>) -> Result<Found, SearchError> {
        let searcher = self.reader.searcher();
        let Built {
            query,
            has_text,
            prunable,
            unsearchable,
        } = self.build(req, true);
        let by_date = req.sort_by_date || !has_text;
        let (limit, offset) = (req.limit.max(1), req.offset);
        // Without a vendor filter the facets count the same matches as the page, in the same
        // pass. With one, the facets ignore it and need their own pass.
        let facets_in_pass = req.facets && req.vendor.is_none();
        let newest = collect::Newest { limit, offset };
        let best = collect::TopScored { limit, offset };
        let (total, addrs, counts): (usize, Vec<(f32, DocAddress)>, Option<facets::Facets>) =
            if by_date {
                // Dates only: relevance plays no part in this order.
                let ((n, docs), counts) = if facets_in_pass {
                    let (found, (_, counts)) = searcher.search(&query, &(newest, VendorCounts))?;
                    (found, Some(counts))
                } else {
                    (searcher.search(&query, &newest)?, None)
                };
                (n, docs.into_iter().map(|(_, a)| (0.0, a)).collect(), counts)
            } else if prunable {
                // Counted without scores (a lone term from its document frequency), ranked
                // with pruning.
                let (n, counts) = if facets_in_pass {
                    let (n, counts) = searcher.search(&query, &VendorCounts)?;
                    (n, Some(counts))
                } else {
                    (searcher.search(&query, &collect::Counted)?, None)
                };
                (n, searcher.search(&query, &best)?, counts)
            } else if facets_in_pass {
                // Every match is scored anyway (phrases, intersections, filters): one pass.
                let (docs, (n, counts)) = searcher.search(&query, &(best, VendorCounts))?;
                (n, docs, Some(counts))
            } else {
                let (n, docs) = searcher.search(&query, &(Count, best))?;
                (n, docs, None)
            };
        let mut hits = Vec::with_capacity(addrs.len());
        let mut id_cols = HashMap::new();
        for (score, addr) in addrs {
            let col = match id_cols.entry(addr.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => v.insert(
                    searcher
                        .segment_reader(addr.segment_ord)
                        .fast_fields()
                        .u64("id")?,
                ),
            };
            if let Some(id) = col.first(addr.doc_id) {
                hits.push((app::ids::ArticleId::new(id as i64), score));
            }
        }
        let facets = match counts {
            Some(c) => c,
            None if req.facets => {
                let facet_query = self.build(req, false).query;
                searcher.search(&*facet_query, &VendorCounts)?.1
            }
            None => Vec::new(),
        };
        let highlighter = if req.snippets {
            let hq = self.highlight_query(req);
            Some(Highlighter {
                title: SnippetGenerator::create(&searcher, &*hq, self.fields.title)?,
                summary: SnippetGenerator::create(&searcher, &*hq, self.fields.summary)?,
                body: SnippetGenerator::create(&searcher, &*hq, self.fields.body)?,
                executor: self.index.search_executor().clone(),
            })
        } else {
            None
        };
        Ok(Found {
            total: total as u64,
            hits,
            facets,
            highlighter,
            unsearchable,
        })
    }

    /// For each word with no match anywhere, the closest indexed word (edit distance 1, or 2
    /// for longer words) that occurs most often; None when every word is known or nothing close.
    /// Anonymous searches reach this, so its work is bounded: at most [`respell::MAX_WORDS`]
    /// words, each looked up with a Levenshtein automaton intersected with the term dictionary
    /// (work grows with the matches, not with the dictionary).
    pub fn respell(&self, words: &[String]) -> Result<Vec<(String, Option<String>)>, SearchError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        let mut tried = 0;
        for w in words {
            let lw = w.to_lowercase();
            let known = searcher.doc_freq(&Term::from_field_text(self.fields.spell, &lw))? > 0;
            if known || tried >= respell::MAX_WORDS || !respell::worth_trying(&lw) {
                out.push((w.clone(), None));
                continue;
            }
            tried += 1;
            let mut best: Option<(u8, u32, String)> = None;
            for seg in searcher.segment_readers() {
                let inv = seg.inverted_index(self.fields.spell)?;
                respell::closest(inv.terms(), &lw, &mut best)
                    .map_err(|e| SearchError::Io("term dictionary".into(), e))?;
            }
            out.push((w.clone(), best.map(|b| b.2)));
        }
        Ok(out)
    }
}

/// A request as a tantivy query.
struct Built {
    query: Box<dyn Query>,
    /// Whether any word or phrase is searched for (else the order is by date).
    has_text: bool,
    /// A lone term or a union of terms: tantivy can skip what cannot reach the page, so
    /// ranking and counting are cheaper apart.
    prunable: bool,
    /// Query parts that had nothing to search for.
    unsearchable: Vec<String>,
}

pub struct Request<'a> {
    pub query: &'a ParsedQuery,
    pub vendor: Option<&'a str>,
    pub lang: Option<&'a str>,
    /// A claim status key (`reproduced`): articles with a current claim in that status.
    pub status: Option<&'a str>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound.
    pub until: Option<DateTime<Utc>>,
    pub sort_by_date: bool,
    pub offset: usize,
    pub limit: usize,
    pub facets: bool,
    pub snippets: bool,
}

pub struct Highlighter {
    title: SnippetGenerator,
    summary: SnippetGenerator,
    body: SnippetGenerator,
    /// The search threads: a page's hits are marked on them side by side.
    executor: tantivy::Executor,
}

/// One hit's texts, to be marked.
pub struct HitText<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub text: &'a str,
}

/// One hit as the page shows it: its title and a passage, each with its matches marked; None
/// where nothing in it matched.
pub struct Marked {
    pub title: Option<Vec<app::models::Fragment>>,
    /// From the summary, else from the article text.
    pub passage: Option<Vec<app::models::Fragment>>,
}

impl Highlighter {
    /// Marks a page of hits: each title whole, and a passage of at most `passage_chars` from
    /// the summary or else the text. Analyzing the texts is most of a page's work beyond the
    /// query, so the hits are spread over the search threads.
    pub fn mark_page(&mut self, hits: &[HitText<'_>], passage_chars: usize) -> Vec<Marked> {
        let longest = hits.iter().map(|h| h.title.len()).max().unwrap_or(0);
        self.title.set_max_num_chars(longest + 1);
        self.summary.set_max_num_chars(passage_chars);
        self.body.set_max_num_chars(passage_chars);
        let this = &*self;
        let mark = |h: &HitText<'_>| Marked {
            title: marked(&this.title, h.title),
            passage: marked(&this.summary, h.summary).or_else(|| marked(&this.body, h.text)),
        };
        match self
            .executor
            .map(|h| Ok::<_, tantivy::TantivyError>(mark(h)), hits.iter())
        {
            Ok(all) => all,
            // The pool failed (a thread gone): the same work on this thread.
            Err(_) => hits.iter().map(mark).collect(),
        }
    }
}

/// The best passage of `text` by `generator`, with its matches marked; None when nothing in it
/// matched.
fn marked(generator: &SnippetGenerator, text: &str) -> Option<Vec<app::models::Fragment>> {
    let snippet = generator.snippet(text);
    if snippet.highlighted().is_empty() {
        return None;
    }
    Some(fragments(snippet.fragment(), snippet.highlighted()))
}

/// Splits `text` into plain and marked pieces; overlapping ranges (CJK bigrams) are merged.
pub fn fragments(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<app::models::Fragment> {
    let mut ranges: Vec<std::ops::Range<usize>> = ranges
        .iter()
        .filter(|r| {
            r.start < r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
        })
        .cloned()
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    for r in merged {
        if r.start > at {
            out.push(app::models::Fragment {
                text: text[at..r.start].to_string(),
                mark: false,
            });
        }
        out.push(app::models::Fragment {
            text: text[r.clone()].to_string(),
            mark: true,
        });
        at = r.end;
    }
    if at < text.len() {
        out.push(app::models::Fragment {
            text: text[at..].to_string(),
            mark: false,
        });
    }
    out
}

pub struct Found {
    pub total: u64,
    /// Article ids with their scores (0 when sorted by date), in result order.
    pub hits: Vec<(app::ids::ArticleId, f32)>,
    /// (vendor name, count), most first.
    pub facets: Vec<(String, u64)>,
    pub highlighter: Option<Highlighter>,
    /// Query parts that had nothing to search for.
    pub unsearchable: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_status_keys() {
        assert_eq!(slug("Hugging Face"), "huggingface");
        assert_eq!(slug("LG AI Research"), "lgairesearch");
        assert_eq!(status_key("Partly reproduced"), "partly_reproduced");
        assert_eq!(status_key("not-reproduced"), "not_reproduced");
    }

    /// Another process cannot take an index that one owns, between its writes as much as
    /// during one (the writer is let go after each commit, the owner lock is not); once the
    /// owner is gone it can, and finds what the owner committed.
    #[test]
    fn an_owned_index_stays_locked_between_writes_and_opens_once_let_go() {
        let dir = tempfile::tempdir().expect("tempdir");
        let payload = |w: &str| Payload {
            schema: SCHEMA_VERSION,
            watermark: w.into(),
        };
        let (ix, _) = SearchIndex::open(dir.path(), 1).expect("open");
        let locked = || matches!(SearchIndex::open(dir.path(), 1), Err(SearchError::Locked));
        assert!(locked(), "a second open while the first holds the index");
        ix.write(&[text_doc(1, "Alpha", "", "")], &[], payload("a"))
            .expect("write");
        let writer_left = ix.writer.lock().map(|w| w.is_none()).unwrap_or(false);
        assert!(writer_left, "the writer is let go after its commit");
        assert!(locked(), "a second open between writes");
        ix.write(&[text_doc(2, "Beta", "", "")], &[1], payload("b"))
            .expect("a write after a commit makes a writer again");
        assert_eq!(ix.ids().expect("ids"), vec![2]);
        drop(ix);
        let (again, problem) = SearchIndex::open(dir.path(), 1).expect("open once let go");
        assert_eq!(problem, None);
        assert_eq!(again.ids().expect("ids"), vec![2]);
        assert_eq!(again.payload().expect("payload").watermark, "b");
    }

    /// A child process holds a copy of every open descriptor from its fork to its exec, so a
    /// file lock let go just before a fork is still held for a moment; a writer made at every
    /// commit must not be refused for it (the CI failure of 2026-12-07: a fresh index `Locked`).
    #[test]
    fn writes_go_through_while_the_process_starts_children() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (ix, _) = SearchIndex::open(dir.path(), 1).expect("open");
        let outcomes: Vec<_> = super::super::owned_dir::while_children_start(|| {
            (0..100)
                .map(|i| {
                    let doc = text_doc(i, "Alpha", "", "");
                    let payload = Payload {
                        schema: SCHEMA_VERSION,
                        watermark: i.to_string(),
                    };
                    ix.write(&[doc], &[], payload)
                })
                .collect()
        });
        let refused: Vec<_> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
        assert!(
            refused.is_empty(),
            "{} writes refused: {:?}",
            refused.len(),
            refused.first()
        );
        assert_eq!(ix.num_docs(), 100);
    }

    /// A post with only its text fields chosen.
    fn text_doc(id: i64, title: &str, summary: &str, text: &str) -> IndexDoc {
        IndexDoc {
            id,
            title: title.into(),
            summary: summary.into(),
            text: text.into(),
            vendor: "V".into(),
            source_id: "v".into(),
            language: "en".into(),
            published: DateTime::from_timestamp(1_700_000_000 + id, 0).expect("time"),
            statuses: Vec::new(),
        }
    }

    /// A request for `query` alone: no filter, relevance order, the first 100, no facets or
    /// snippets.
    fn plain(query: &ParsedQuery) -> Request<'_> {
        Request {
            query,
            vendor: None,
            lang: None,
            status: None,
            from: None,
            until: None,
            sort_by_date: false,
            offset: 0,
            limit: 100,
            facets: false,
            snippets: false,
        }
    }

    /// The ids of every post `q` finds (up to 100), sorted.
    /// Every match of `query` with its score's bits, by segment and document.
    fn scored(ix: &SearchIndex, query: &dyn Query) -> Vec<(usize, u32, u32)> {
        let searcher = ix.reader.searcher();
        let weight = query
            .weight(tantivy::query::EnableScoring::enabled_from_searcher(
                &searcher,
            ))
            .expect("weight");
        let mut out = Vec::new();
        for (i, seg) in searcher.segment_readers().iter().enumerate() {
            weight
                .for_each(seg, &mut |doc, score| out.push((i, doc, score.to_bits())))
                .expect("for_each");
        }
        out
    }

    fn matching_ids(ix: &SearchIndex, q: &str) -> Vec<i64> {
        let parsed = super::super::query::parse(q);
        let found = ix.search(&plain(&parsed)).expect("search");
        let mut ids: Vec<i64> = found.hits.iter().map(|(id, _)| id.get()).collect();
        ids.sort_unstable();
        ids
    }

    /// Phrases are found wherever they stand, in the title, the summary or the article text.
    /// Words apart or out of order are no phrase.
    #[test]
    fn a_phrase_is_found_in_the_title_the_summary_or_the_text_only_as_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (ix, _) = SearchIndex::open(dir.path(), 1).expect("index");
        ix.write(
            &[
                text_doc(1, "Open weights release", "A note.", "Nothing here."),
                text_doc(2, "A note", "We ship open weights today.", "Nothing here."),
                text_doc(
                    3,
                    "A note",
                    "A summary.",
                    "Deep in the text: open weights for all.",
                ),
                text_doc(
                    4,
                    "A note",
                    "A summary.",
                    "Weights that are open, and open doors.",
                ),
                text_doc(
                    5,
                    "정렬 발표",
                    "요약.",
                    "LG AI연구원이 정렬 연구를 지원한다.",
                ),
                text_doc(6, "발표", "요약.", "연구 정렬을 바꾼다."),
            ],
            &[],
            Payload {
                schema: SCHEMA_VERSION,
                watermark: "1".into(),
            },
        )
        .expect("write");
        let ids = |q: &str| matching_ids(&ix, q);
        assert_eq!(ids("\"open weights\""), [1, 2, 3]);
        assert_eq!(ids("\"정렬 연구\""), [5]);
        assert_eq!(ids("\"deep in the text\""), [3]);
    }

    /// Two pairs that share a bucket: a document with the other pair (and the phrase's words
    /// apart) is a candidate, and its positions rule it out.
    #[test]
    fn a_pair_sharing_a_bucket_is_no_phrase() {
        let term = |w: &str| analyzer::analyzed(w).remove(0).1;
        let words: Vec<String> = (0..400).map(|i| format!("zork{i}q")).collect();
        let mut seen: HashMap<u64, (usize, usize)> = HashMap::new();
        let mut clash = None;
        'search: for i in 0..words.len() {
            for j in 0..words.len() {
                if i == j {
                    continue;
                }
                let b = super::phrase::bucket(&term(&words[i]), &term(&words[j]));
                match seen.get(&b) {
                    Some(&(k, l)) if (k, l) != (i, j) => {
                        clash = Some(((k, l), (i, j)));
                        break 'search;
                    }
                    _ => {
                        seen.insert(b, (i, j));
                    }
                }
            }
        }
        let ((a, b), (c, d)) = clash.expect("two pairs in one bucket among 160,000");
        let (a, b, c, d) = (&words[a], &words[b], &words[c], &words[d]);
        let dir = tempfile::tempdir().expect("tempdir");
        let (ix, _) = SearchIndex::open(dir.path(), 1).expect("index");
        ix.write(
            &[
                text_doc(1, "x", "y", &format!("{a} {b}")),
                text_doc(2, "x", "y", &format!("{c} {d}. {b} and {a}")),
            ],
            &[],
            Payload {
                schema: SCHEMA_VERSION,
                watermark: "1".into(),
            },
        )
        .expect("write");
        assert_eq!(matching_ids(&ix, &format!("\"{a} {b}\"")), [1]);
        assert_eq!(matching_ids(&ix, &format!("\"{c} {d}\"")), [2]);
    }

    const WORDS: &[&str] = &[
        "open",
        "source",
        "weights",
        "model",
        "models",
        "language",
        "the",
        "state",
        "art",
        "of",
        "정렬",
        "연구",
        "모델을",
        "성능",
        // Bigram runs of three and four, read whole from the window fields.
        "파운데이션",
        "벤치마크를",
        "오픈소스",
        "fine-tuning",
        "GPT-4o",
        "3.5",
        "a",
        // Too long to index: the phrase's terms around it stand two positions apart.
        "pneumonoultramicroscopicsilicovolcanoconiosis",
    ];

    fn texts() -> impl proptest::strategy::Strategy<Value = Vec<Vec<usize>>> {
        proptest::collection::vec(proptest::collection::vec(0..WORDS.len(), 2..40), 1..8)
    }

    /// What the page's hits were before counting and ranking took separate passes: every match
    /// scored (or dated) and sorted by (key, article id), highest first.
    fn exhaustive(ix: &SearchIndex, req: &Request<'_>) -> (usize, Vec<i64>) {
        let searcher = ix.reader.searcher();
        let built = ix.build(req, true);
        let (query, by_date) = (built.query, req.sort_by_date || !built.has_text);
        let mut all: Vec<((i64, u64, u64), u64)> = Vec::new();
        let weight = query
            .weight(tantivy::query::EnableScoring::enabled_from_searcher(
                &searcher,
            ))
            .expect("weight");
        for seg in searcher.segment_readers() {
            let ids = seg.fast_fields().u64("id").expect("ids");
            let published = seg.fast_fields().date("published").expect("dates");
            weight
                .for_each(seg, &mut |doc, score| {
                    if seg.alive_bitset().is_some_and(|a| a.is_deleted(doc)) {
                        return;
                    }
                    let id = ids.first(doc).unwrap_or(0);
                    let key = if by_date {
                        let d = published
                            .first(doc)
                            .map_or(i64::MIN, |d| d.into_timestamp_nanos());
                        (d, 0, id)
                    } else {
                        (0, u64::from(score.to_bits()), id)
                    };
                    all.push((key, id));
                })
                .expect("for_each");
        }
        all.sort_by_key(|a| std::cmp::Reverse(a.0));
        let total = all.len();
        let page = all
            .into_iter()
            .skip(req.offset)
            .take(req.limit.max(1))
            .map(|(_, id)| id as i64)
            .collect();
        (total, page)
    }

    /// A page's hits are marked side by side on the search threads and come back in the page's
    /// order, each with its own title and passage.
    #[test]
    fn a_page_is_marked_in_its_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (ix, _) = SearchIndex::open(dir.path(), 2).expect("index");
        let docs: Vec<IndexDoc> = (1..=12)
            .map(|i| {
                text_doc(
                    i,
                    &format!("Release {i} of kestrel"),
                    if i % 2 == 0 {
                        "A kestrel summary."
                    } else {
                        "Nothing."
                    },
                    &format!("Text number {i}: the kestrel flies."),
                )
            })
            .collect();
        ix.write(
            &docs,
            &[],
            Payload {
                schema: SCHEMA_VERSION,
                watermark: "1".into(),
            },
        )
        .expect("write");
        let parsed = super::super::query::parse("kestrel");
        let mut found = ix
            .search(&Request {
                limit: 12,
                snippets: true,
                ..plain(&parsed)
            })
            .expect("search");
        let order: Vec<i64> = (1..=12).rev().collect();
        let texts: Vec<(String, String, String)> = order
            .iter()
            .map(|&i| {
                let d = &docs[(i - 1) as usize];
                (d.title.clone(), d.summary.clone(), d.text.clone())
            })
            .collect();
        let hits: Vec<HitText<'_>> = texts
            .iter()
            .map(|(title, summary, text)| HitText {
                title,
                summary,
                text,
            })
            .collect();
        let marked = found
            .highlighter
            .as_mut()
            .expect("snippets")
            .mark_page(&hits, 240);
        let plain =
            |f: &[app::models::Fragment]| f.iter().map(|f| f.text.as_str()).collect::<String>();
        assert_eq!(marked.len(), order.len());
        for (i, m) in order.iter().zip(&marked) {
            let title = m.title.as_deref().expect("the title holds the word");
            assert_eq!(plain(title), format!("Release {i} of kestrel"));
            assert!(title
                .iter()
                .any(|f| f.mark && f.text.eq_ignore_ascii_case("kestrel")));
            let passage = plain(m.passage.as_deref().expect("a passage"));
            // The passage runs from the first to the last word of its fragment.
            let want = if i % 2 == 0 {
                "A kestrel summary".to_string()
            } else {
                format!("Text number {i}: the kestrel flies")
            };
            assert_eq!(passage, want);
        }
    }

    const VOCAB: &[&str] = &[
        "model", "models", "data", "open", "weights", "safety", "agent",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// A phrase is found exactly where its analyzed terms stand one after another, in the
        /// field it was asked in or in any field (whatever narrows where positions are checked,
        /// term pairs included, must keep this).
        #[test]
        fn a_phrase_is_found_exactly_where_its_terms_stand_in_a_row(
            texts in texts(),
            fields in proptest::collection::vec(0usize..3, 8),
            pick in (0usize..8, 0usize..40, 2usize..5),
            separators in proptest::collection::vec(proptest::sample::select(vec![" ", ", ", ". ", "  "]), 40),
        ) {
            let text_of = |words: &[usize]| -> String {
                let mut out = String::new();
                for (i, w) in words.iter().enumerate() {
                    if i > 0 {
                        out.push_str(separators[i % separators.len()]);
                    }
                    out.push_str(WORDS[*w]);
                }
                out
            };
            let bodies: Vec<String> = texts.iter().map(|t| text_of(t)).collect();
            let (doc, start, len) = pick;
            let words = &texts[doc % texts.len()];
            let start = start % words.len();
            let end = (start + len).min(words.len());
            let phrase: Vec<&str> = words[start..end].iter().map(|w| WORDS[*w]).collect();
            let phrase = phrase.join(" ");
            // Each term with its place relative to the first: a dropped word leaves a gap.
            let wanted: Vec<(usize, String)> = analyzer::analyzed(&phrase);
            proptest::prop_assume!(wanted.len() >= 2);
            let wanted: Vec<(usize, String)> =
                wanted.iter().map(|(p, t)| (p - wanted[0].0, t.clone())).collect();

            let dir = tempfile::tempdir().expect("tempdir");
            let (ix, _) = SearchIndex::open(dir.path(), 1).expect("index");
            // Each text goes into the title, the summary or the article text.
            let docs: Vec<IndexDoc> = bodies
                .iter()
                .enumerate()
                .map(|(i, b)| match fields[i] {
                    0 => text_doc(i as i64 + 1, b, "y", "z"),
                    1 => text_doc(i as i64 + 1, "x", b, "z"),
                    _ => text_doc(i as i64 + 1, "x", "y", b),
                })
                .collect();
            ix.write(&docs, &[], Payload { schema: SCHEMA_VERSION, watermark: "1".into() })
                .expect("write");
            // The oracle: the documents with the phrase's terms at the phrase's positions
            // from some starting position.
            let holds = |b: &str| {
                let at: HashMap<usize, String> = analyzer::analyzed(b).into_iter().collect();
                at.keys().any(|start| {
                    wanted
                        .iter()
                        .all(|(offset, t)| at.get(&(start + offset)) == Some(t))
                })
            };
            let expected = |only_body: bool| -> Vec<i64> {
                bodies
                    .iter()
                    .enumerate()
                    .filter(|(i, b)| (!only_body || fields[*i] == 2) && holds(b))
                    .map(|(i, _)| i as i64 + 1)
                    .collect()
            };
            let anywhere = matching_ids(&ix, &format!("\"{phrase}\""));
            proptest::prop_assert_eq!(anywhere, expected(false), "phrase {:?}", phrase);
            let in_body = matching_ids(&ix, &format!("body:\"{phrase}\""));
            proptest::prop_assert_eq!(in_body, expected(true), "body:phrase {:?}", phrase);
            // Read whole from a window field or checked by position, a phrase scores the same
            // in every document, to the bit.
            let f = ix.fields;
            let weighted = vec![(f.title, 3.0), (f.summary, 2.0), (f.body, 1.0)];
            let tokens = analyzer::analyzed(&phrase);
            let of = |field: Field| {
                [(f.title, f.title_windows), (f.summary, f.summary_windows), (f.body, f.body_windows)]
                    .into_iter()
                    .find_map(|(t, w)| (t == field).then_some(w))
            };
            let windowed = CheckedPhrase::new(f.pairs, of, &tokens, weighted.clone());
            let checked = CheckedPhrase::new(f.pairs, |_| None, &tokens, weighted);
            if let (Some(windowed), Some(checked)) = (windowed, checked) {
                proptest::prop_assert_eq!(scored(&ix, &windowed), scored(&ix, &checked), "scores of {:?}", phrase);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// The page and the count equal those of scoring every match and sorting, whatever the
        /// segments (several commits, replaced and deleted posts), with many equal scores and
        /// dates, by relevance and by date, with filters and an offset.
        #[test]
        fn the_page_is_the_best_of_every_match_by_key_then_id(
            batches in proptest::collection::vec(
                proptest::collection::vec(
                    // Short texts of few words: many posts score the same.
                    (1i64..80, proptest::collection::vec(0..3usize, 1..3), 0usize..3, 0i64..4, proptest::bool::ANY),
                    1..40,
                ),
                1..4,
            ),
            deletes in proptest::collection::vec(1i64..80, 0..8),
            q in proptest::sample::select(vec!["model", "data", "open", "model OR data", "data OR open", "model data", "model -data", "title:open", "\"model data\""]),
            vendor in proptest::option::of(proptest::sample::select(vec!["A", "B"])),
            lang in proptest::option::of(proptest::sample::select(vec!["en", "ko"])),
            sort_by_date in proptest::bool::ANY,
            (offset, limit) in (0usize..6, 1usize..8),
        ) {
            let dir = tempfile::tempdir().expect("tempdir");
            // Two threads: segments are searched in parallel and their best lists merged.
            let (ix, _) = SearchIndex::open(dir.path(), 2).expect("index");
            for (i, batch) in batches.iter().enumerate() {
                let docs: Vec<IndexDoc> = batch
                    .iter()
                    .map(|(id, words, field, day, ko)| {
                        let text: Vec<&str> = words.iter().map(|w| VOCAB[*w]).collect();
                        let text = text.join(" ");
                        let mut d = match field {
                            0 => text_doc(*id, &text, "y", "z"),
                            1 => text_doc(*id, "x", &text, "z"),
                            _ => text_doc(*id, "x", "y", &text),
                        };
                        // Few distinct dates, so dates tie and the id decides.
                        d.published = DateTime::from_timestamp(1_700_000_000 + day * 86_400, 0).expect("time");
                        d.vendor = if id % 2 == 0 { "A".into() } else { "B".into() };
                        d.language = if *ko { "ko".into() } else { "en".into() };
                        d
                    })
                    .collect();
                let gone: &[i64] = if i + 1 == batches.len() { &deletes } else { &[] };
                ix.write(&docs, gone, Payload { schema: SCHEMA_VERSION, watermark: i.to_string() })
                    .expect("write");
            }
            let parsed = super::super::query::parse(q);
            let req = Request {
                vendor,
                lang,
                sort_by_date,
                offset,
                limit,
                ..plain(&parsed)
            };
            let found = ix.search(&req).expect("search");
            let got: Vec<i64> = found.hits.iter().map(|(id, _)| id.get()).collect();
            let (total, page) = exhaustive(&ix, &req);
            proptest::prop_assert_eq!(found.total as usize, total, "count of {:?}", q);
            proptest::prop_assert_eq!(&got, &page, "page of {:?}", q);
            // With facets on, the count comes from the facet pass: the same number, and the
            // same page.
            let with_facets = ix.search(&Request { facets: true, ..req }).expect("search");
            proptest::prop_assert_eq!(with_facets.total as usize, total);
            let got: Vec<i64> = with_facets.hits.iter().map(|(id, _)| id.get()).collect();
            proptest::prop_assert_eq!(got, page, "page with facets of {:?}", q);
            // Each vendor's count ignores the vendor filter: it is that vendor's matches.
            let mut facets: Vec<(String, u64)> = ["A", "B"]
                .into_iter()
                .map(|v| {
                    let only = Request { vendor: Some(v), offset: 0, ..req };
                    (v.to_string(), exhaustive(&ix, &only).0 as u64)
                })
                .filter(|(_, n)| *n > 0)
                .collect();
            facets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            proptest::prop_assert_eq!(&with_facets.facets, &facets, "facets of {:?}", q);
        }
    }

    #[test]
    fn fragments_merge_overlapping_marks() {
        let text = "정렬 연구 지원";
        // 정렬 (0..6) and 렬 연 (3..10) overlap.
        let f = fragments(text, &[0..6, 3..10]);
        assert_eq!(f[0].text, "정렬 연");
        assert!(f[0].mark);
        assert_eq!(f[1].text, "구 지원");
        assert!(!f[1].mark);
    }
}
