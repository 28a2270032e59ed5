-- Translations of titles and summary sentences into the digest language, each checked against
-- its own source sentence; `text` is NULL when the check failed (the page shows the original).
-- Keyed by what was translated, into what, by which model and prompt: an unchanged day
-- translates nothing, a new model or prompt translates again.
CREATE TABLE translations (
    source_hash    TEXT NOT NULL,
    target         TEXT NOT NULL,
    model          TEXT NOT NULL,
    prompt_version BIGINT NOT NULL,
    text           TEXT,
    problems       TEXT NOT NULL,
    raw            TEXT NOT NULL,
    ms             DOUBLE PRECISION NOT NULL,
    at             TEXT NOT NULL,
    PRIMARY KEY (source_hash, target, model, prompt_version)
);
-- Every page request compares the content version, which includes the newest translation:
-- with this index that is a lookup, not a scan of every sentence ever translated.
CREATE INDEX translations_at ON translations (at);
