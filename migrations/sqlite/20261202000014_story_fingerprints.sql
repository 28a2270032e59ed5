-- Each article's story fingerprint (shingle signature, names, numbers, title words as JSON),
-- derived from its current text: recomputed when the text (content_hash) or the fingerprint
-- version changes. Digest pages group a day's articles into stories from these.
CREATE TABLE article_fingerprints (
    article_id   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    version      INTEGER NOT NULL,
    data         TEXT NOT NULL,
    computed_at  TEXT NOT NULL
);
