//! Who owns an article, over every order of reads (issue 28): random sequences of feed
//! snapshots from five sources on four sites, sharing addresses and GUIDs, with entries added,
//! moved to another address under the same GUID, deleted and edited, each snapshot read in a
//! random order. A model of the rules says what every article must be after every read:
//!
//! - an article is its address: it is never re-pointed, and its id stays;
//! - its title, text and vendor are the last ones its owner's entry linking that address gave;
//!   the owner is the source of the address's own site once that source has linked it, else
//!   the first source that linked it;
//! - a source carries the articles its entries link now (a moved GUID no longer carries the
//!   old address);
//! - every claim event appended while a source was read is about an article that source owns;
//! - the claim log verifies.
//!
//! Runs on SQLite, and on Postgres with `PROOFWIRE_TEST_ENGINE=postgres`. Fixed seed;
//! `PROOFWIRE_OWNERSHIP_CASES` raises the case count (default 64) and
//! `PROOFWIRE_OWNERSHIP_SEED` picks another seed.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

/// The sources: id and the site (fixture server) their feed is on. `a` and `a2` are two feeds
/// of one vendor's site; `agg` and `out` are outlets with few posts of their own.
const SOURCES: &[(&str, usize)] = &[("a", 0), ("a2", 0), ("b", 1), ("agg", 2), ("out", 3)];
/// The addresses entries link: (site, path).
const ADDRESSES: &[(usize, &str)] = &[
    (0, "posts/p0"),
    (0, "posts/p1"),
    (0, "posts/p2"),
    (1, "posts/p0"),
    (1, "posts/p1"),
    (2, "posts/own"),
    (3, "posts/own"),
];

#[derive(Debug, Clone)]
enum Op {
    Add { address: usize },
    Move { entry: usize, address: usize },
    Delete { entry: usize },
    Edit { entry: usize },
}

#[derive(Debug, Clone)]
struct Step {
    source: usize,
    ops: Vec<Op>,
    /// Other sources read in the same run, concurrently (their feeds as they were).
    with: Vec<usize>,
}

fn op() -> impl Strategy<Value = Op> {
    let address = 0..ADDRESSES.len();
    prop_oneof![
        3 => address.clone().prop_map(|address| Op::Add { address }),
        2 => (0..4usize, address).prop_map(|(entry, address)| Op::Move { entry, address }),
        1 => (0..4usize).prop_map(|entry| Op::Delete { entry }),
        2 => (0..4usize).prop_map(|entry| Op::Edit { entry }),
    ]
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let with = prop_oneof![
        3 => Just(Vec::new()),
        1 => prop::collection::vec(0..SOURCES.len(), 1..3),
    ];
    let step = (0..SOURCES.len(), prop::collection::vec(op(), 0..3), with)
        .prop_map(|(source, ops, with)| Step { source, ops, with });
    prop::collection::vec(step, 1..16)
}

/// One entry of a feed: its GUID, the address it links, and its version (title and text).
#[derive(Debug, Clone)]
struct Entry {
    guid: String,
    address: usize,
    version: u32,
}

/// What one article must be.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    owner: usize,
    title: String,
    marker: String,
    carriers: BTreeSet<usize>,
}

#[derive(Default, Clone)]
struct Model {
    feeds: Vec<Vec<Entry>>,
    /// Every GUID a source used, and the address it last named (kept after the entry is gone,
    /// as the database keeps it).
    guids: Vec<BTreeMap<String, usize>>,
    articles: BTreeMap<usize, Expected>,
    next_guid: u32,
    next_version: u32,
}

fn title(source: usize, address: usize, version: u32) -> String {
    format!("{} on {address} v{version}", SOURCES[source].0)
}

/// A sentence only this version of this entry contains, with a claim whose value changes
/// from version to version (so rewrites append corrections to the claim log).
fn marker(source: usize, address: usize, version: u32) -> String {
    format!(
        "Marker {}-{address}-{version}: Acme-7 scores {}.{version}% on MathBench.",
        SOURCES[source].0,
        60 + address
    )
}

fn home(source: usize, address: usize) -> bool {
    SOURCES[source].1 == ADDRESSES[address].0
}

impl Model {
    fn new() -> Model {
        Model {
            feeds: vec![Vec::new(); SOURCES.len()],
            guids: vec![BTreeMap::new(); SOURCES.len()],
            ..Model::default()
        }
    }

    /// Changes a source's feed by `ops`; operations that make no sense on it are skipped.
    fn edit(&mut self, source: usize, ops: &[Op]) {
        for op in ops {
            let feed = &self.feeds[source];
            let linked = |a: usize| feed.iter().any(|e| e.address == a);
            match *op {
                Op::Add { address } if !linked(address) => {
                    self.next_guid += 1;
                    self.next_version += 1;
                    // GUIDs are shared across feeds on purpose: a GUID names an entry only
                    // within its own feed.
                    let guid = format!("g{}", self.next_guid % 5);
                    if feed.iter().any(|e| e.guid == guid) {
                        continue;
                    }
                    self.feeds[source].push(Entry {
                        guid,
                        address,
                        version: self.next_version,
                    });
                }
                Op::Move { entry, address } if !feed.is_empty() && !linked(address) => {
                    self.next_version += 1;
                    let i = entry % feed.len();
                    self.feeds[source][i].address = address;
                    self.feeds[source][i].version = self.next_version;
                }
                Op::Delete { entry } if !feed.is_empty() => {
                    let i = entry % feed.len();
                    self.feeds[source].remove(i);
                }
                Op::Edit { entry } if !feed.is_empty() => {
                    self.next_version += 1;
                    let i = entry % feed.len();
                    self.feeds[source][i].version = self.next_version;
                }
                _ => {}
            }
        }
    }

    /// What reading `source`'s feed does, entry by entry, by the rules.
    fn read(&mut self, source: usize) {
        for e in self.feeds[source].clone() {
            let before = self.guids[source].insert(e.guid.clone(), e.address);
            if let Some(old) = before.filter(|&old| old != e.address) {
                let still_named = self.guids[source].values().any(|&a| a == old);
                if !still_named {
                    if let Some(a) = self.articles.get_mut(&old) {
                        a.carriers.remove(&source);
                    }
                }
            }
            let written = Expected {
                owner: source,
                title: title(source, e.address, e.version),
                marker: marker(source, e.address, e.version),
                carriers: BTreeSet::new(),
            };
            let article = self.articles.entry(e.address).or_insert(written.clone());
            let owner = article.owner;
            let writes = owner == source || (home(source, e.address) && !home(owner, e.address));
            if writes {
                article.owner = source;
                article.title = written.title;
                article.marker = written.marker;
            }
            article.carriers.insert(source);
        }
    }
}

fn feed_of(model: &Model, source: usize, sites: &[SocketAddr]) -> String {
    let items: Vec<(String, String, String, String)> = model.feeds[source]
        .iter()
        .map(|e| {
            let (site, path) = ADDRESSES[e.address];
            (
                title(source, e.address, e.version),
                format!("http://{}/{path}", sites[site]),
                e.guid.clone(),
                format!("<p>{}</p>", marker(source, e.address, e.version)),
            )
        })
        .collect();
    rss_owned(&items)
}

fn source_toml(index: usize, sites: &[SocketAddr]) -> String {
    let (id, site) = SOURCES[index];
    source(id, &format!("http://{}/{id}.xml", sites[site]))
}

/// Every order of `items`.
fn orders(items: &[usize]) -> Vec<Vec<usize>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut all = Vec::new();
    for (i, &first) in items.iter().enumerate() {
        let mut rest = items.to_vec();
        rest.remove(i);
        for mut tail in orders(&rest) {
            tail.insert(0, first);
            all.push(tail);
        }
    }
    all
}

fn fail(msg: String) -> TestCaseError {
    TestCaseError::fail(msg)
}

struct Row {
    carriers: BTreeSet<String>,
    id: i64,
    canonical_url: String,
    url: String,
    source_id: String,
    vendor: String,
    title: String,
    text: String,
}

async fn rows(h: &Harness) -> Vec<Row> {
    let carried = h
        .store
        .raw("SELECT article_id, source_id FROM article_sources")
        .fetch_all()
        .await
        .expect("carriers");
    let carried: Vec<(i64, String)> = carried
        .iter()
        .map(|r| (r.get::<i64, _>(0), r.get::<String, _>(1)))
        .collect();
    let rows = h
        .store
        .raw(
            "SELECT id, canonical_url, url, source_id, vendor, title, content_text \
             FROM articles ORDER BY id",
        )
        .fetch_all()
        .await
        .expect("articles");
    rows.iter()
        .map(|r| Row {
            carriers: carried
                .iter()
                .filter(|(a, _)| *a == r.get::<i64, _>(0))
                .map(|(_, s)| s.clone())
                .collect(),
            id: r.get::<i64, _>(0),
            canonical_url: r.get::<String, _>(1),
            url: r.get::<String, _>(2),
            source_id: r.get::<String, _>(3),
            vendor: r.get::<String, _>(4),
            title: r.get::<String, _>(5),
            text: r.get::<String, _>(6),
        })
        .collect()
}

/// Whether an article as stored is what `e` says it must be.
fn stored_as(r: &Row, e: &Expected) -> bool {
    let owner = SOURCES[e.owner].0;
    let carriers: BTreeSet<String> = e
        .carriers
        .iter()
        .map(|&s| SOURCES[s].0.to_string())
        .collect();
    r.source_id == owner
        && r.title == e.title
        && r.text.contains(&e.marker)
        && r.carriers == carriers
}

/// Runs one sequence of reads and checks every rule after every read. Sources read together
/// run concurrently, so their entries interleave in any order; an article's outcome depends
/// only on the order of the entries linking its address, so it must be the outcome of one of
/// the orders of those sources, address by address.
async fn check(
    steps: &[Step],
    sites: &[SocketAddr],
    fixtures: &[Fixtures],
) -> Result<(), TestCaseError> {
    let mut fetch = fetch_config(sites[0]);
    fetch.allow_hosts = sites.iter().map(ToString::to_string).collect();
    // The entries' own text is what is compared: no page is fetched.
    fetch.fetch_pages = false;
    let h = Harness::new(fetch).await;
    let address_of = |a: usize| {
        let (site, path) = ADDRESSES[a];
        format!("http://{}/{path}", sites[site])
    };
    let mut model = Model::new();
    let mut ids: BTreeMap<String, i64> = BTreeMap::new();
    for (n, step) in steps.iter().enumerate() {
        let (id, site) = SOURCES[step.source];
        model.edit(step.source, &step.ops);
        fixtures[site].put(
            &format!("{id}.xml"),
            Doc::xml(&feed_of(&model, step.source, sites)),
        );
        let mut group = vec![step.source];
        for &w in &step.with {
            if !group.contains(&w) {
                group.push(w);
            }
        }
        for &g in &group[1..] {
            let (other, site) = SOURCES[g];
            fixtures[site].put(
                &format!("{other}.xml"),
                Doc::xml(&feed_of(&model, g, sites)),
            );
        }
        let events_before = h
            .count("SELECT COALESCE(MAX(id), 0) FROM claim_events")
            .await;
        let toml: String = group.iter().map(|&g| source_toml(g, sites)).collect();
        h.run(&toml).await;
        let names: Vec<&str> = group.iter().map(|&g| SOURCES[g].0).collect();
        let at = format!("after step {n} (reading {names:?})");
        let candidates: Vec<Model> = orders(&group)
            .into_iter()
            .map(|order| {
                let mut m = model.clone();
                for g in order {
                    m.read(g);
                }
                m
            })
            .collect();
        let stored = rows(&h).await;
        model = candidates[0].clone();
        for (a, e) in model.articles.iter_mut() {
            let Some(r) = stored.iter().find(|r| r.canonical_url == address_of(*a)) else {
                continue;
            };
            if let Some(c) = candidates
                .iter()
                .filter_map(|c| c.articles.get(a))
                .find(|c| stored_as(r, c))
            {
                *e = c.clone();
            }
        }

        let expected: BTreeMap<String, &Expected> = model
            .articles
            .iter()
            .map(|(a, e)| (address_of(*a), e))
            .collect();
        let found: BTreeSet<&str> = stored.iter().map(|r| r.canonical_url.as_str()).collect();
        let wanted: BTreeSet<&str> = expected.keys().map(String::as_str).collect();
        if found != wanted {
            return Err(fail(format!(
                "{at}: articles {found:?}, expected {wanted:?}"
            )));
        }
        for r in &stored {
            let e = expected[&r.canonical_url];
            if *ids.entry(r.canonical_url.clone()).or_insert(r.id) != r.id {
                return Err(fail(format!("{at}: {} changed its id", r.canonical_url)));
            }
            if r.url != r.canonical_url {
                return Err(fail(format!(
                    "{at}: the article at {} was re-pointed to {}",
                    r.canonical_url, r.url
                )));
            }
            let owner = SOURCES[e.owner].0;
            let vendor = format!("Vendor {owner}");
            if (r.source_id.as_str(), r.vendor.as_str()) != (owner, vendor.as_str()) {
                return Err(fail(format!(
                    "{at}: {} is {}'s ({}), expected {owner}'s",
                    r.canonical_url, r.source_id, r.vendor
                )));
            }
            if r.title != e.title || !r.text.contains(&e.marker) {
                return Err(fail(format!(
                    "{at}: {} has {:?} / {:?}, expected {:?} / {:?}",
                    r.canonical_url, r.title, r.text, e.title, e.marker
                )));
            }
            let carriers = &r.carriers;
            let wanted: BTreeSet<String> = e
                .carriers
                .iter()
                .map(|&s| SOURCES[s].0.to_string())
                .collect();
            if *carriers != wanted {
                return Err(fail(format!(
                    "{at}: {} carried by {carriers:?}, expected {wanted:?}",
                    r.canonical_url
                )));
            }
        }
        // The source that speaks for an address owns its article once it carries it.
        for (a, e) in &model.articles {
            for &s in &e.carriers {
                let home_owner = home(e.owner, *a);
                if home(s, *a) && !home_owner {
                    return Err(fail(format!(
                        "{at}: the model lets {} keep {} over its home source {}",
                        SOURCES[e.owner].0,
                        address_of(*a),
                        SOURCES[s].0
                    )));
                }
            }
        }
        let read: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        let foreign = h
            .strings(&format!(
                "SELECT a.canonical_url FROM claim_events e JOIN claims c ON c.id = e.claim_id \
                 JOIN articles a ON a.id = c.article_id \
                 WHERE e.id > {events_before} AND a.source_id NOT IN ({})",
                read.join(", ")
            ))
            .await;
        if !foreign.is_empty() {
            return Err(fail(format!(
                "{at}: claim events on articles no source read owns: {foreign:?}"
            )));
        }
        match proofwire::claims::log::verify(&h.store).await {
            Ok(Ok(_)) => {}
            other => return Err(fail(format!("{at}: verify-log: {other:?}"))),
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROOFWIRE_OWNERSHIP_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64)
}

fn seed() -> u64 {
    std::env::var("PROOFWIRE_OWNERSHIP_SEED")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(0x0028_0a11)
}

#[test]
fn ownership_holds_over_every_order_of_reads() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let servers: Vec<(SocketAddr, Fixtures)> = rt.block_on(async {
        futures_util::future::join_all((0..4).map(|_| start_fixture_server())).await
    });
    let sites: Vec<SocketAddr> = servers.iter().map(|(a, _)| *a).collect();
    let fixtures: Vec<Fixtures> = servers.into_iter().map(|(_, f)| f).collect();
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed()),
        max_shrink_iters: 200,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let started = std::time::Instant::now();
    let reads = std::cell::Cell::new(0usize);
    let result = runner.run(&steps(), |steps| {
        reads.set(reads.get() + steps.len());
        rt.block_on(check(&steps, &sites, &fixtures))
    });
    eprintln!(
        "ownership: {} cases, {} steps (shrinking included) in {:.1} s",
        cases(),
        reads.get(),
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
