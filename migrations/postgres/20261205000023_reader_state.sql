-- Reader apps (the Google Reader API): tokens stored as SHA-256, and per-user read and starred
-- state (see the SQLite migration).
CREATE TABLE reader_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX reader_tokens_user ON reader_tokens(user_id);

CREATE TABLE reader_item_state (
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    item_id    BIGINT NOT NULL,
    read       BOOLEAN NOT NULL DEFAULT FALSE,
    starred    BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, item_id)
);
