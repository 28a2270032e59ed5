-- The claim tracker: claims extracted from articles, evidence, editors, and an append-only,
-- hash-chained event log of every status change, evidence addition and correction.

-- Every version of an article's text the ingester stored (vendors edit posts silently).
CREATE TABLE article_versions (
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    PRIMARY KEY (article_id, content_hash)
);

-- Which version of an article claims were last extracted from, and by which extractor.
CREATE TABLE claim_extractions (
    article_id        INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    content_hash      TEXT NOT NULL,
    extractor_version INTEGER NOT NULL,
    extracted_at      TEXT NOT NULL
);

CREATE TABLE claims (
    id            INTEGER PRIMARY KEY,
    -- The article the claim first appeared in.
    article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    vendor        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    subject       TEXT,
    metric        TEXT,
    -- The value as written in the sentence ("74.9%", "$7.5 million", "five"), and as a number.
    value         TEXT,
    value_num     REAL,
    unit          TEXT,
    comparison    TEXT,
    -- The verbatim sentence and its character span in the article text of content_hash.
    sentence      TEXT NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    content_hash  TEXT NOT NULL,
    -- 'rules-vN' or the model method that structured the fields.
    fields_method TEXT NOT NULL,
    -- 0 once a later version of the article no longer makes the claim.
    current       INTEGER NOT NULL DEFAULT 1,
    status        TEXT NOT NULL DEFAULT 'unverified',
    status_at     TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX claims_article ON claims(article_id);
CREATE INDEX claims_status ON claims(status);

CREATE TABLE evidence (
    id             INTEGER PRIMARY KEY,
    claim_id       INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    url            TEXT NOT NULL,
    title          TEXT NOT NULL,
    organisation   TEXT NOT NULL,
    kind           TEXT NOT NULL,
    relation       TEXT NOT NULL,
    verdict        TEXT NOT NULL,
    measured_value TEXT,
    measured_num   REAL,
    interval       TEXT,
    settings       TEXT,
    note           TEXT,
    -- The article this evidence was accepted from (suggested evidence), if any.
    article_id     INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    added_by       TEXT NOT NULL,
    added_at       TEXT NOT NULL
);
CREATE INDEX evidence_claim ON evidence(claim_id);

-- Suggested evidence an editor dismissed; it is not suggested again.
CREATE TABLE suggestion_dismissals (
    claim_id     INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    dismissed_by TEXT NOT NULL,
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (claim_id, article_id)
);

-- The append-only log. `hash` is the SHA-256 of the event's canonical JSON, which includes
-- `prev_hash`, so editing or deleting any event breaks every hash after it.
CREATE TABLE claim_events (
    id        INTEGER PRIMARY KEY,
    claim_id  INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL UNIQUE,
    hash      TEXT NOT NULL UNIQUE
);
CREATE INDEX claim_events_claim ON claim_events(claim_id, id);

-- The log refuses edits through SQL; the hash chain catches anyone who drops these triggers.
CREATE TRIGGER claim_events_no_update BEFORE UPDATE ON claim_events
BEGIN
    SELECT RAISE(ABORT, 'claim_events is append-only');
END;
CREATE TRIGGER claim_events_no_delete BEFORE DELETE ON claim_events
BEGIN
    SELECT RAISE(ABORT, 'claim_events is append-only');
END;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    -- NULL for accounts that cannot log in (the demo seed's editor).
    password_hash TEXT,
    editor        INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie value: a copied database holds no usable session.
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Editorial seed entries (content/demo/claims.toml) already applied.
CREATE TABLE seed_applied (
    seed_id    TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);

-- Claim status changes must reach the search index's status field.
CREATE TRIGGER search_log_claim_insert AFTER INSERT ON claims
BEGIN
    INSERT INTO search_log (article_id) VALUES (NEW.article_id);
END;
CREATE TRIGGER search_log_claim_update AFTER UPDATE OF status, current ON claims
BEGIN
    INSERT INTO search_log (article_id) VALUES (NEW.article_id);
END;
