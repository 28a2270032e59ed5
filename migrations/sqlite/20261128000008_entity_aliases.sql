-- Names editors added to the canonical models and benchmarks of content/entities.toml (the
-- file is the seed; these are merged into it when the app starts and whenever one is added).
CREATE TABLE entity_aliases (
    kind      TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    alias     TEXT NOT NULL,
    added_by  TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (kind, alias)
);
