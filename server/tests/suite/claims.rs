//! The claim tracker end to end: extraction through real ingestion of fixture feeds served on
//! loopback (English and Korean, re-ingest, an edited post), the hash-chained log and
//! `proofwire verify-log`, and the CLI's user and export commands.

use crate::common;

use common::*;
use proofwire::claims::log::{self, Broken};

const EN: &[&str] = &[
    "Acme released Nova-2, its new reasoning model, to developers this week.",
    "Nova-2 scores 71.3% on SWE-bench Verified, compared with 64.0% for Nova-1.",
    "The team thanked its many partners for their feedback on early versions.",
    "Nova-2 is available today to all Pro users at $20 per month.",
];

const KO: &[&str] = &[
    "노바-2는 KMMLU에서 68.2%를 기록했다.",
    "회사는 추론 속도가 이전 모델 대비 2배 빨라졌다고 밝혔다.",
    "자세한 내용은 블로그에서 확인할 수 있다.",
];

#[derive(Debug)]
struct ClaimRow {
    id: i64,
    kind: String,
    subject: Option<String>,
    metric: Option<String>,
    value: Option<String>,
    unit: Option<String>,
    comparison: Option<String>,
    sentence: String,
    start: i64,
    end: i64,
    current: bool,
    text: String,
}

async fn claims(h: &Harness) -> Vec<ClaimRow> {
    h.store
        .raw(
            "SELECT c.*, a.content_text FROM claims c JOIN articles a ON a.id = c.article_id
         ORDER BY c.id",
        )
        .fetch_all()
        .await
        .expect("claims")
        .iter()
        .map(|r| ClaimRow {
            id: r.get("id"),
            kind: r.get("kind"),
            subject: r.get("subject"),
            metric: r.get("metric"),
            value: r.get("value"),
            unit: r.get("unit"),
            comparison: r.get("comparison"),
            sentence: r.get("sentence"),
            start: r.get("span_start"),
            end: r.get("span_end"),
            current: r.get("current"),
            text: r.get("content_text"),
        })
        .collect()
}

fn find<'a>(all: &'a [ClaimRow], piece: &str) -> &'a ClaimRow {
    all.iter()
        .find(|c| c.sentence.contains(piece))
        .unwrap_or_else(|| panic!("no claim with {piece:?} in {all:#?}"))
}

fn sources(base: &str) -> String {
    format!(
        "{}[[source]]\nid = \"ko\"\nname = \"ko\"\nvendor = \"Acme Korea\"\nurl = \"{base}/ko.xml\"\nlanguage = \"ko\"\n\n",
        source("acme", &format!("{base}/rss.xml"))
    )
}

#[tokio::test]
async fn claims_are_extracted_at_ingestion_and_an_edit_becomes_a_correction() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let en_link = format!("{base}/posts/nova");
    let ko_link = format!("{base}/posts/nova-ko");
    fx.put(
        "rss.xml",
        Doc::xml(&rss(&[("Nova-2", &en_link, "nova", "<p>v1</p>")])),
    );
    fx.put(
        "ko.xml",
        Doc::xml(&rss(&[("노바-2 공개", &ko_link, "nova-ko", "<p>v1</p>")])),
    );
    fx.put("posts/nova", Doc::html(&article_page("Nova-2", EN, None)));
    fx.put(
        "posts/nova-ko",
        Doc::html(&article_page("노바-2 공개", KO, None)),
    );
    let h = Harness::new(fetch_config(addr)).await;
    h.run(&sources(&base)).await;

    let all = claims(&h).await;
    // Four results plus the release itself: availability of an AI product is a trackable claim.
    assert_eq!(all.len(), 5, "{all:#?}");
    let release = find(&all, "released Nova-2");
    assert_eq!(release.kind, "availability");
    assert_eq!(release.subject.as_deref(), Some("Nova-2"));
    assert_eq!(release.value, None);
    let swe = find(&all, "SWE-bench");
    assert_eq!(swe.kind, "benchmark");
    assert_eq!(swe.subject.as_deref(), Some("Nova-2"));
    assert_eq!(swe.metric.as_deref(), Some("SWE-bench Verified"));
    assert_eq!(swe.value.as_deref(), Some("71.3%"));
    assert_eq!(swe.unit.as_deref(), Some("%"));
    assert_eq!(
        swe.comparison.as_deref(),
        Some("compared with 64.0% for Nova-1")
    );
    let price = find(&all, "$20");
    assert_eq!(price.kind, "pricing");
    assert_eq!(price.value.as_deref(), Some("$20"));
    assert_eq!(price.unit.as_deref(), Some("USD"));
    let kmmlu = find(&all, "KMMLU");
    assert_eq!(kmmlu.kind, "benchmark");
    assert_eq!(kmmlu.metric.as_deref(), Some("KMMLU"));
    assert_eq!(kmmlu.value.as_deref(), Some("68.2%"));
    let speed = find(&all, "2배");
    assert_eq!(speed.value.as_deref(), Some("2배"));
    assert_eq!(speed.unit.as_deref(), Some("x"));
    assert_eq!(speed.comparison.as_deref(), Some("모델 대비"));
    assert_eq!(speed.kind, "speed");
    assert_eq!(
        speed.subject.as_deref(),
        Some("노바-2"),
        "the subject named in the sentence before"
    );
    // "compared with 64.0% for Nova-1" is the baseline's score, not a second claim.
    assert!(all.iter().all(|c| c.value.as_deref() != Some("64.0%")));
    // Every claim is its sentence, verbatim, at its span.
    for c in &all {
        let at: String = c
            .text
            .chars()
            .skip(c.start as usize)
            .take((c.end - c.start) as usize)
            .collect();
        assert_eq!(at, c.sentence);
    }
    // Sentences without a claim make none.
    for piece in ["thanked", "자세한"] {
        assert!(
            all.iter().all(|c| !c.sentence.contains(piece)),
            "a claim was invented from {piece:?}"
        );
    }
    let events = h.count("SELECT COUNT(*) FROM claim_events").await;
    assert_eq!(events, 5, "one `recorded` event per claim");

    // The same feeds again: no duplicate claims, no new events.
    h.run(&sources(&base)).await;
    assert_eq!(h.count("SELECT COUNT(*) FROM claims").await, 5);
    assert_eq!(h.count("SELECT COUNT(*) FROM claim_events").await, events);

    // The vendor silently edits the post: a new score, and the price sentence is gone.
    let edited = [
        EN[0],
        "Nova-2 scores 69.8% on SWE-bench Verified, compared with 64.0% for Nova-1.",
        EN[2],
    ];
    fx.put(
        "rss.xml",
        Doc::xml(&rss(&[("Nova-2", &en_link, "nova", "<p>v2</p>")])),
    );
    fx.put(
        "posts/nova",
        Doc::html(&article_page("Nova-2", &edited, None)),
    );
    h.run(&sources(&base)).await;

    let after = claims(&h).await;
    assert_eq!(
        after.len(),
        5,
        "the edit corrected claims, it did not add any: {after:#?}"
    );
    let swe2 = after.iter().find(|c| c.id == swe.id).expect("same claim");
    assert_eq!(swe2.value.as_deref(), Some("69.8%"));
    assert!(swe2.current);
    let price2 = after
        .iter()
        .find(|c| c.id == price.id)
        .expect("price claim kept");
    assert!(
        !price2.current,
        "a claim the post no longer makes is marked, not deleted"
    );
    let corrections = h
        .store
        .raw("SELECT claim_id, payload FROM claim_events WHERE kind = 'correction' ORDER BY id")
        .fetch_all()
        .await
        .expect("events");
    assert_eq!(corrections.len(), 2);
    let value_change: serde_json::Value =
        serde_json::from_str(&corrections[0].get::<String, _>("payload")).expect("json");
    assert_eq!(corrections[0].get::<i64, _>("claim_id"), swe.id);
    assert_eq!(value_change["change"], "value");
    assert_eq!(value_change["from_value"], "71.3%");
    assert_eq!(value_change["to_value"], "69.8%");
    assert_ne!(value_change["from_hash"], value_change["to_hash"]);
    assert_eq!(corrections[1].get::<i64, _>("claim_id"), price.id);
    let versions = h
        .count("SELECT COUNT(*) FROM article_versions v JOIN articles a ON a.id = v.article_id WHERE a.url LIKE '%/posts/nova'")
        .await;
    assert_eq!(versions, 2, "both versions' hashes are kept");
    let verified = log::verify(&h.store)
        .await
        .expect("db")
        .expect("chain intact");
    assert_eq!(verified.events, events as usize + 2);
}

/// A string field of an event's JSON payload ("" when absent).
fn payload_field(payload: &str, field: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(payload).expect("payload is JSON");
    v[field].as_str().unwrap_or_default().to_string()
}

fn write_config(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("proofwire.toml");
    std::fs::write(
        &path,
        format!(
            "data_dir = {:?}\nsources_file = {:?}\nclaims_seed = {:?}\n\n[summarizer]\nenabled = false\n",
            dir.display().to_string(),
            dir.join("demo-sources.toml").display().to_string(),
            repo_root().join("content/demo/claims.toml").display().to_string(),
        ),
    )
    .expect("write config");
    path
}

fn proofwire(config: &std::path::Path, args: &[&str], stdin: &str) -> (bool, String, String) {
    cli(config, args, stdin, &[])
}

/// A new extractor version re-reads stored articles whose text did not change: claims in the
/// same sentence keep their ids and history, changed fields are a `reextracted` event (never a
/// vendor `correction`), and a claim the new rules no longer find is retired with one.
#[tokio::test]
async fn a_new_extractor_rereads_unchanged_text_keeping_ids_and_logging_changes() {
    let (addr, fx) = start_fixture_server().await;
    let base = format!("http://{addr}");
    let en_link = format!("{base}/posts/nova");
    fx.put(
        "rss.xml",
        Doc::xml(&rss(&[("Nova-2", &en_link, "nova", "<p>v1</p>")])),
    );
    fx.put("posts/nova", Doc::html(&article_page("Nova-2", EN, None)));
    fx.put("ko.xml", Doc::xml(&rss(&[])));
    let h = Harness::new(fetch_config(addr)).await;
    h.run(&sources(&base)).await;
    let pool = &h.store;
    let before = claims(&h).await;
    let swe = find(&before, "SWE-bench");

    // The database as an older extractor left it: a coarser reading of the SWE-bench claim,
    // and a claim from a sentence the current rules do not take for one.
    pool.raw("UPDATE claims SET kind = 'other', subject = NULL WHERE id = $1")
        .bind(swe.id)
        .execute()
        .await
        .expect("older fields");
    let thanked = "The team thanked its many partners for their feedback on early versions.";
    // Its span in the stored text, as the older extractor would have recorded it.
    let start = swe
        .text
        .find(thanked)
        .map(|b| swe.text[..b].chars().count())
        .expect("the sentence is in the article");
    let old_id: i64 = pool
        .raw(
            "INSERT INTO claims (article_id, vendor, kind, sentence, span_start, span_end,
           content_hash, fields_method, created_at, updated_at)
         SELECT article_id, vendor, 'other', $1, $2, $3, content_hash, 'rules-v1', created_at,
           created_at FROM claims WHERE id = $4
         RETURNING id",
        )
        .bind(thanked)
        .bind(start as i64)
        .bind((start + thanked.chars().count()) as i64)
        .bind(swe.id)
        .scalar()
        .await
        .expect("older claim");
    pool.raw("UPDATE claim_extractions SET extractor_version = 1")
        .execute()
        .await
        .expect("older version");
    // The model had read the claim's older fields.
    pool.raw(
        "INSERT INTO claim_refinements (claim_id, sentence, method, accepted, rejected, raw, ms, at)
         SELECT id, sentence, 'llama:test:choose1.m3', TRUE, NULL, '{}', 1.0, created_at
         FROM claims WHERE id = $1",
    )
    .bind(swe.id)
    .execute()
    .await
    .expect("a model reading");
    let claims_before = h.count("SELECT COUNT(*) FROM claims").await;

    let outcome = proofwire::claims::catch_up(&h.store)
        .await
        .expect("catch up");
    assert_eq!(outcome.reextracted, 1, "{outcome:?}");
    assert_eq!(outcome.dropped, 1, "{outcome:?}");
    assert_eq!(outcome.added, 0, "{outcome:?}");
    assert_eq!(
        outcome.corrected + outcome.removed,
        0,
        "our rules are not the vendor's edits"
    );
    assert_eq!(
        h.count("SELECT COUNT(*) FROM claims").await,
        claims_before,
        "no new ids"
    );

    assert_eq!(
        h.count("SELECT COUNT(*) FROM claim_refinements").await,
        0,
        "what the model read were the old fields: it reads the claim again"
    );
    let after = claims(&h).await;
    let swe2 = after.iter().find(|c| c.id == swe.id).expect("same id");
    assert_eq!(swe2.kind, "benchmark");
    assert_eq!(swe2.subject.as_deref(), Some("Nova-2"));
    assert!(swe2.current);
    let gone = after
        .iter()
        .find(|c| c.id == old_id)
        .expect("kept, not deleted");
    assert!(!gone.current);

    let events = pool
        .raw("SELECT claim_id, payload FROM claim_events WHERE kind = 'reextracted' ORDER BY id")
        .fetch_all()
        .await
        .expect("events");
    assert_eq!(events.len(), 2);
    let fields: serde_json::Value =
        serde_json::from_str(&events[0].get::<String, _>("payload")).expect("json");
    assert_eq!(events[0].get::<i64, _>("claim_id"), swe.id);
    assert_eq!(fields["change"], "fields");
    assert_eq!(fields["from"]["kind"], "other");
    assert_eq!(fields["to"]["kind"], "benchmark");
    assert_eq!(fields["to"]["subject"], "Nova-2");
    assert_eq!(
        fields["extractor_version"],
        proofwire::claims::extract::EXTRACTOR_VERSION
    );
    let dropped: serde_json::Value =
        serde_json::from_str(&events[1].get::<String, _>("payload")).expect("json");
    assert_eq!(events[1].get::<i64, _>("claim_id"), old_id);
    assert_eq!(dropped["change"], "dropped");
    assert_eq!(dropped["from_sentence"], thanked);
    assert_eq!(
        h.count("SELECT COUNT(*) FROM claim_events WHERE kind = 'correction'")
            .await,
        0
    );
    assert!(
        log::verify(pool).await.expect("verify").is_ok(),
        "the chain is intact"
    );

    // Read once by this extractor, the article is not read again.
    let again = proofwire::claims::catch_up(&h.store)
        .await
        .expect("catch up");
    assert_eq!(again, Default::default());
}

#[tokio::test]
async fn the_demo_lifecycle_is_logged_and_tampering_is_named_by_verify_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _ = demo_config(dir.path()); // writes demo-sources.toml
    let config = write_config(dir.path());
    let (ok, out, err) = proofwire(&config, &["ingest"], "");
    assert!(ok, "ingest failed: {out}\n{err}");

    let store = common::open_store(&dir.path().join("proofwire.db")).await;
    let pool = &store;
    // The First Proof lifecycle from content/demo/claims.toml.
    let row = pool
        .raw("SELECT c.id, c.status FROM claims c WHERE c.sentence LIKE '%problem 2%'")
        .fetch_one()
        .await
        .expect("problem 2 claim");
    let p2: i64 = row.get(0);
    assert_eq!(row.get::<String, _>(1), "corrected");
    let statuses: Vec<String> = pool
        .raw("SELECT payload FROM claim_events WHERE claim_id = $1 AND kind = 'status' ORDER BY id")
        .bind(p2)
        .scalars::<String>()
        .await
        .expect("status events")
        .iter()
        .map(|p| payload_field(p, "to"))
        .collect();
    assert_eq!(statuses, ["disputed", "corrected"]);
    let five: String = pool
        .raw("SELECT status FROM claims WHERE sentence LIKE '%at least five of the ten%'")
        .scalar()
        .await
        .expect("five-of-ten claim");
    assert_eq!(five, "pending");
    // A second run applies nothing twice.
    let before: i64 = pool
        .raw("SELECT COUNT(*) FROM claim_events")
        .scalar()
        .await
        .expect("count");
    let (ok, _, _) = proofwire(&config, &["ingest"], "");
    assert!(ok);
    let after: i64 = pool
        .raw("SELECT COUNT(*) FROM claim_events")
        .scalar()
        .await
        .expect("count");
    assert_eq!(before, after);

    let (ok, out, _) = proofwire(&config, &["verify-log"], "");
    assert!(ok, "intact log must verify");
    assert!(out.contains(&format!("{after} events")), "{out}");

    // ClaimReview export: only the corrected claim has a review (pending is not a verdict).
    let (ok, out, err) = proofwire(
        &config,
        &["claims", "export", "--format", "claimreview"],
        "",
    );
    assert!(ok, "{err}");
    let reviews: serde_json::Value = serde_json::from_str(&out).expect("export is JSON");
    let reviews = reviews.as_array().expect("array");
    assert_eq!(reviews.len(), 1, "{out}");
    assert_eq!(reviews[0]["@type"], "ClaimReview");
    assert_eq!(
        reviews[0]["reviewRating"]["alternateName"],
        "Corrected by the vendor"
    );
    let (ok, _, err) = proofwire(&config, &["claims", "export", "--format", "csv"], "");
    assert!(!ok && err.contains("claimreview"), "{err}");

    // The log refuses edits through SQL…
    let refused = pool
        .raw("UPDATE claim_events SET actor = 'mallory' WHERE id = 3")
        .execute()
        .await;
    assert!(
        refused.is_err(),
        "the append-only trigger must refuse updates"
    );
    // …and someone who drops the trigger is caught by the chain.
    drop_trigger(pool, "claim_events_no_update", "claim_events").await;
    pool.raw("UPDATE claim_events SET payload = replace(payload, 'disputed', 'reproduced') WHERE id = (SELECT MIN(id) FROM claim_events WHERE kind = 'status')")
        .execute()
        .await
        .expect("tamper");
    let tampered: i64 = pool
        .raw("SELECT MIN(id) FROM claim_events WHERE kind = 'status'")
        .scalar()
        .await
        .expect("id");
    assert_eq!(
        log::verify(pool).await.expect("db"),
        Err(Broken::Content { id: tampered })
    );
    let (ok, _, err) = proofwire(&config, &["verify-log"], "");
    assert!(!ok, "verify-log must exit non-zero");
    assert!(err.contains(&format!("event {tampered}:")), "{err}");
}

#[tokio::test]
async fn deleting_an_event_breaks_the_next_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _ = demo_config(dir.path());
    let config = write_config(dir.path());
    assert!(proofwire(&config, &["ingest"], "").0);
    let store = common::open_store(&dir.path().join("proofwire.db")).await;
    let pool = &store;
    drop_trigger(pool, "claim_events_no_delete", "claim_events").await;
    pool.raw("DELETE FROM claim_events WHERE id = 2")
        .execute()
        .await
        .expect("delete");
    assert_eq!(
        log::verify(pool).await.expect("db"),
        Err(Broken::Gap { id: 3, expected: 2 })
    );
}

#[tokio::test]
async fn user_add_hashes_with_argon2id_and_refuses_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _ = demo_config(dir.path());
    let config = write_config(dir.path());
    let (ok, out, err) = proofwire(
        &config,
        &["user", "add", "ann", "--editor"],
        "a long password\n",
    );
    assert!(ok, "{out}{err}");
    assert!(out.contains("added editor ann"));
    let (ok, _, err) = proofwire(
        &config,
        &["user", "add", "ann", "--editor"],
        "a long password\n",
    );
    assert!(!ok && err.contains("already exists"), "{err}");
    let (ok, _, err) = proofwire(&config, &["user", "add", "bob", "--editor"], "short\n");
    assert!(!ok && err.contains("at least 10"), "{err}");
    let (ok, _, err) = proofwire(
        &config,
        &["user", "add", "bad name", "--editor"],
        "a long password\n",
    );
    assert!(!ok && err.contains("user names"), "{err}");
    let store = common::open_store(&dir.path().join("proofwire.db")).await;
    let (hash, editor): (String, bool) = store
        .raw("SELECT password_hash, editor FROM users WHERE name = 'ann'")
        .fetch_one_as()
        .await
        .expect("user");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("a long password"));
    assert!(editor);
}

/// Copies the database of `from` into a new data dir (with its own config) for a destructive
/// scenario.
async fn copy_site(
    pool: &proofwire::db::Store,
    from: &std::path::Path,
    name: &str,
) -> (std::path::PathBuf, proofwire::db::Store) {
    let dir = from.join(name);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::copy(
        from.join("demo-sources.toml"),
        dir.join("demo-sources.toml"),
    )
    .expect("sources");
    let config = write_config(&dir);
    // The same database the copy's config leads to (a file, or a database on the test server).
    let store = common::open_store(&dir.join("proofwire.db")).await;
    pool.copy_into(&store, |_, _, _| {})
        .await
        .expect("copy database");
    (config, store)
}

#[tokio::test]
async fn published_heads_expose_truncation_and_rehashing_and_evidence_and_claims_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _ = demo_config(dir.path());
    let config = write_config(dir.path());
    let (ok, out, err) = proofwire(&config, &["ingest"], "");
    assert!(ok, "ingest failed: {out}\n{err}");
    let cp_path = dir.path().join("checkpoint.json");
    let (ok, _, err) = proofwire(
        &config,
        &["checkpoint", "--out", &cp_path.display().to_string()],
        "",
    );
    assert!(ok, "{err}");
    let cp: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cp_path).expect("checkpoint"))
            .expect("json");
    let (events, head) = (
        cp["events"].as_i64().expect("events"),
        cp["head"].as_str().expect("head").to_string(),
    );
    assert!(events > 0);

    // Every published digest carries the head.
    let out_dir = dir.path().join("out");
    let (ok, _, err) = proofwire(
        &config,
        &[
            "export-digest",
            "2026-02-21",
            "--out",
            &out_dir.display().to_string(),
        ],
        "",
    );
    assert!(ok, "{err}");
    let md = std::fs::read_to_string(out_dir.join("2026-02-21.md")).expect("export");
    assert!(
        md.contains(&head) && md.contains(&format!("--events {events}")),
        "{md}"
    );

    let (ok, out, err) = proofwire(
        &config,
        &["verify-log", "--checkpoint", &cp_path.display().to_string()],
        "",
    );
    assert!(ok && out.contains("published head"), "{out}{err}");
    let ev = events.to_string();
    let (ok, _, _) = proofwire(
        &config,
        &["verify-log", "--expect-head", &head, "--events", &ev],
        "",
    );
    assert!(ok);
    let (ok, _, err) = proofwire(
        &config,
        &["verify-log", "--expect-head", &"f".repeat(64)],
        "",
    );
    assert!(!ok && err.contains("truncated or rewritten"), "{err}");

    let store = common::open_store(&dir.path().join("proofwire.db")).await;
    let pool = &store;

    // An article whose claims are in the log cannot be deleted, and its evidence cannot change.
    let deleted = pool.raw(
        "DELETE FROM articles WHERE id = (SELECT c.article_id FROM claims c JOIN claim_events e ON e.claim_id = c.id LIMIT 1)",
    )
    .execute()
    .await;
    assert!(
        deleted.is_err(),
        "deleting a logged claim's article must fail"
    );
    let edited = pool
        .raw("UPDATE evidence SET verdict = 'supports'")
        .execute()
        .await;
    assert!(edited.is_err(), "evidence is append-only");

    // Someone with the file drops the triggers: the log check still names what changed.
    let (config_e, pool_e) = copy_site(pool, dir.path(), "edited").await;
    drop_trigger(&pool_e, "evidence_no_update", "evidence").await;
    let ev_id: i64 = pool_e
        .raw("SELECT MIN(id) FROM evidence")
        .scalar()
        .await
        .expect("evidence");
    pool_e
        .raw("UPDATE evidence SET measured_value = '99%' WHERE id = $1")
        .bind(ev_id)
        .execute()
        .await
        .expect("edit");
    let (ok, _, err) = proofwire(&config_e, &["verify-log"], "");
    assert!(
        !ok && err.contains(&format!("evidence {ev_id}: differs")),
        "{err}"
    );

    let (config_d, pool_d) = copy_site(pool, dir.path(), "deleted").await;
    for (t, table) in [
        ("claims_logged_no_delete", "claims"),
        ("evidence_no_delete", "evidence"),
    ] {
        drop_trigger(&pool_d, t, table).await;
    }
    let victim: i64 = pool_d
        .raw("SELECT MAX(claim_id) FROM claim_events")
        .scalar()
        .await
        .expect("claim");
    if pool_d.engine() == proofwire::db::Engine::Sqlite {
        // The cascade to the claim's evidence needs SQLite's foreign keys (Postgres always has them).
        pool_d
            .raw("PRAGMA foreign_keys = ON")
            .execute()
            .await
            .expect("fk");
    }
    pool_d
        .raw("DELETE FROM claims WHERE id = $1")
        .bind(victim)
        .execute()
        .await
        .expect("delete claim");
    let (ok, _, err) = proofwire(&config_d, &["verify-log"], "");
    assert!(
        !ok && (err.contains("no longer exists") || err.contains("no longer stored")),
        "{err}"
    );

    // The tail cut off: the chain alone still checks out, the published head does not.
    let (config_t, pool_t) = copy_site(pool, dir.path(), "truncated").await;
    drop_trigger(&pool_t, "claim_events_no_delete", "claim_events").await;
    // A careful attacker also winds the claim's status back to what the remaining log says.
    let (claim, kind, payload): (i64, String, String) = pool_t
        .raw("SELECT claim_id, kind, payload FROM claim_events WHERE id = $1")
        .bind(events)
        .fetch_one_as()
        .await
        .expect("last event");
    let from = Some(payload_field(&payload, "from")).filter(|f| !f.is_empty());
    pool_t
        .raw("DELETE FROM claim_events WHERE id = $1")
        .bind(events)
        .execute()
        .await
        .expect("truncate");
    if kind == "status" {
        pool_t
            .raw("UPDATE claims SET status = $2 WHERE id = $1")
            .bind(claim)
            .bind(from.unwrap_or_else(|| "unverified".into()))
            .execute()
            .await
            .expect("wind back");
    }
    let (ok, _, err) = proofwire(&config_t, &["verify-log"], "");
    assert!(ok, "the shortened chain is consistent on its own: {err}");
    let (ok, _, err) = proofwire(
        &config_t,
        &["verify-log", "--checkpoint", &cp_path.display().to_string()],
        "",
    );
    assert!(!ok && err.contains("truncated or rewritten"), "{err}");

    // Rewritten and rehashed from the first event on: internally consistent, but not the
    // chain that was published.
    let (config_r, pool_r) = copy_site(pool, dir.path(), "rehashed").await;
    drop_trigger(&pool_r, "claim_events_no_update", "claim_events").await;
    let all = pool_r
        .raw("SELECT id, claim_id, kind, at, actor, payload FROM claim_events ORDER BY id")
        .fetch_all()
        .await
        .expect("events");
    let mut prev = log::GENESIS.to_string();
    // prev_hash and hash are UNIQUE: move them out of the way first.
    pool_r
        .raw("UPDATE claim_events SET prev_hash = 'x' || id, hash = 'y' || id")
        .execute()
        .await
        .expect("clear");
    for r in &all {
        let id: i64 = r.get(0);
        let actor: String = if id == 1 { "mallory".into() } else { r.get(4) };
        let hash = log::hash_of(
            id,
            r.get(1),
            &r.get::<String, _>(2),
            &r.get::<String, _>(3),
            &actor,
            &r.get::<String, _>(5),
            &prev,
        );
        pool_r
            .raw("UPDATE claim_events SET actor = $2, prev_hash = $3, hash = $4 WHERE id = $1")
            .bind(id)
            .bind(&actor)
            .bind(&prev)
            .bind(&hash)
            .execute()
            .await
            .expect("rehash");
        prev = hash;
    }
    let (ok, _, err) = proofwire(&config_r, &["verify-log"], "");
    assert!(ok, "a rehashed chain is consistent on its own: {err}");
    let (ok, _, err) = proofwire(
        &config_r,
        &["verify-log", "--expect-head", &head, "--events", &ev],
        "",
    );
    assert!(!ok && err.contains("truncated or rewritten"), "{err}");
}
