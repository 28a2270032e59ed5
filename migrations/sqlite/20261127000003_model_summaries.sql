-- One row per model run over one version of an article: the cache key of model summaries
-- (article, content hash, model SHA-256, prompt version) and what the grounding check decided.
CREATE TABLE summary_runs (
    article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    content_hash     TEXT NOT NULL,
    model_sha256     TEXT NOT NULL,
    prompt_version   INTEGER NOT NULL,
    -- The method name shown with the summary, e.g. llama:1d9614638d18:p1.
    method           TEXT NOT NULL,
    language         TEXT NOT NULL,
    kept             INTEGER NOT NULL,
    -- JSON list of {text, reason: {kind, detail}}: shown to editors, never to readers as fact.
    dropped          TEXT NOT NULL,
    -- 1 when too little survived and the extractive summary stayed.
    fallback         INTEGER NOT NULL,
    raw_output       TEXT NOT NULL,
    prompt_tokens    INTEGER NOT NULL,
    generated_tokens INTEGER NOT NULL,
    prompt_ms        REAL NOT NULL,
    generation_ms    REAL NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (article_id, content_hash, model_sha256, prompt_version)
);

-- The model-written lead paragraph of a day's digest, valid while the day's summaries hash
-- to `input_hash`.
CREATE TABLE digest_leads (
    date        TEXT NOT NULL,
    language    TEXT NOT NULL,
    input_hash  TEXT NOT NULL,
    method      TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (date, language)
);
