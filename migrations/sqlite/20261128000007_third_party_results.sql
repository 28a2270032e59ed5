-- Third-party results (leaderboards, independent evaluations) read from the configured
-- evidence sources. Each is stored once: `result_key` hashes its source and content, so a
-- source fetched twice stores nothing new.
CREATE TABLE third_party_results (
    id               INTEGER PRIMARY KEY,
    source_id        TEXT NOT NULL,
    publisher        TEXT NOT NULL,
    licence          TEXT NOT NULL,
    result_key       TEXT NOT NULL UNIQUE,
    -- As published, and the canonical entity (content/entities.toml) each resolves to.
    model            TEXT NOT NULL,
    model_entity     TEXT,
    benchmark        TEXT NOT NULL,
    benchmark_entity TEXT,
    score            REAL NOT NULL,
    unit             TEXT,
    ci_lower         REAL,
    ci_upper         REAL,
    stderr           REAL,
    evaluated_on     TEXT,
    settings         TEXT NOT NULL DEFAULT '[]',
    url              TEXT,
    relationship     TEXT NOT NULL,
    first_seen       TEXT NOT NULL
);
CREATE INDEX third_party_results_entities ON third_party_results(model_entity, benchmark_entity);

-- What the last fetch of each evidence source did (shown to operators, used for conditional GET).
CREATE TABLE evidence_source_state (
    source_id     TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT NOT NULL,
    results       INTEGER NOT NULL,
    new_results   INTEGER NOT NULL,
    problems      TEXT NOT NULL DEFAULT '[]',
    error         TEXT
);

-- A suggested result an editor dismissed for a claim is not suggested again.
CREATE TABLE result_dismissals (
    claim_id     INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    result_id    INTEGER NOT NULL REFERENCES third_party_results(id) ON DELETE CASCADE,
    dismissed_by TEXT NOT NULL,
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (claim_id, result_id)
);

-- Evidence accepted from a third-party result keeps its link to it.
ALTER TABLE evidence ADD COLUMN result_id INTEGER REFERENCES third_party_results(id);
