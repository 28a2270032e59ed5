-- Editors' changes to sources, over sources.toml: a feed they added, or the name, vendor, URL,
-- language or enabled flag of a file source they changed (NULL keeps the file's value).
CREATE TABLE source_settings (
    id         TEXT PRIMARY KEY,
    name       TEXT,
    vendor     TEXT,
    url        TEXT,
    language   TEXT,
    enabled    INTEGER,
    added      INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Every change to a source an editor made, who and when; never updated or removed.
CREATE TABLE source_changes (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id TEXT NOT NULL,
    editor    TEXT NOT NULL,
    at        TEXT NOT NULL,
    change    TEXT NOT NULL
);
CREATE TRIGGER source_changes_no_update BEFORE UPDATE ON source_changes
BEGIN
    SELECT RAISE(ABORT, 'source_changes is append-only');
END;
CREATE TRIGGER source_changes_no_delete BEFORE DELETE ON source_changes
BEGIN
    SELECT RAISE(ABORT, 'source_changes is append-only');
END;
