-- Reader apps (the Google Reader API, `web/greader.rs`). A token a reader app signs in with is
-- stored only as its SHA-256, as sessions are: a copied database holds no usable token. It is
-- good for the reader API only, never as a web session.
CREATE TABLE reader_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX reader_tokens_user ON reader_tokens(user_id);

-- What each user has read and starred. `item_id` is an article id, or a day's top-stories
-- item (`greader::ids`, at or above 2^40), so it references no table.
CREATE TABLE reader_item_state (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    item_id    INTEGER NOT NULL,
    read       INTEGER NOT NULL DEFAULT 0,
    starred    INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, item_id)
);
