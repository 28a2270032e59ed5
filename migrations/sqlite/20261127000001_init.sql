-- Proofwire's first schema. Times are RFC 3339 UTC text; they sort as strings.

CREATE TABLE sources (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    vendor          TEXT NOT NULL,
    location        TEXT NOT NULL,
    language        TEXT NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    -- Conditional-GET validators of the last complete fetch.
    etag            TEXT,
    last_modified   TEXT,
    last_fetch_at   TEXT,
    last_success_at TEXT,
    last_outcome    TEXT,
    last_error      TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT
);

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    canonical_url   TEXT NOT NULL UNIQUE,
    url             TEXT NOT NULL,
    source_id       TEXT NOT NULL REFERENCES sources(id),
    vendor          TEXT NOT NULL,
    title           TEXT NOT NULL,
    language        TEXT NOT NULL,
    published_at    TEXT NOT NULL,
    -- 1 when the feed had no usable date and published_at is the first-seen time.
    date_estimated  INTEGER NOT NULL DEFAULT 0,
    fetched_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    content_html    TEXT NOT NULL,
    content_text    TEXT NOT NULL,
    -- Hash of title and text as stored; a refetch that yields the same leaves updated_at alone.
    content_hash    TEXT NOT NULL,
    -- Where the text came from: 'page' (the article page) or 'feed'.
    text_origin     TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published_at);

-- Every GUID an article was seen under, in any feed.
CREATE TABLE article_guids (
    guid       TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);

-- Which feeds carried an article (one post in two feeds is one article, two rows here).
CREATE TABLE article_sources (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source_id  TEXT NOT NULL REFERENCES sources(id),
    first_seen TEXT NOT NULL,
    -- Hash of the entry as this feed last carried it: unchanged means no work at all.
    feed_hash  TEXT,
    PRIMARY KEY (article_id, source_id)
);

CREATE TABLE summaries (
    article_id   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    method       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE summary_sentences (
    article_id INTEGER NOT NULL REFERENCES summaries(article_id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    -- Character span (Unicode scalar values, end exclusive) in articles.content_text.
    src_start  INTEGER NOT NULL,
    src_end    INTEGER NOT NULL,
    PRIMARY KEY (article_id, position)
);
