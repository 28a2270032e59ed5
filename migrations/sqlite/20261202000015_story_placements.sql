-- Editors' decisions about where a story goes in its day's digest, over its signals: pinned to
-- the top stories, kept out of them, or hidden from the day (no row: placed by its signals).
CREATE TABLE story_placements (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    placement  TEXT NOT NULL CHECK (placement IN ('pin', 'demote', 'hide')),
    editor     TEXT NOT NULL,
    at         TEXT NOT NULL
);

-- Every placement an editor set (auto included), who and when; never updated or removed.
CREATE TABLE story_placement_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,
    placement  TEXT NOT NULL,
    editor     TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE TRIGGER story_placement_log_no_update BEFORE UPDATE ON story_placement_log
BEGIN
    SELECT RAISE(ABORT, 'story_placement_log is append-only');
END;
CREATE TRIGGER story_placement_log_no_delete BEFORE DELETE ON story_placement_log
BEGIN
    SELECT RAISE(ABORT, 'story_placement_log is append-only');
END;
