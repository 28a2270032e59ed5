-- The editor's voice in a day's digest: the day's lead and closing section, and per story a
-- headline in the digest language and a commentary. Kept apart from everything checked: the
-- pages show them labelled as the editor's, with who wrote them.
CREATE TABLE digest_notes (
    day        TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('lead', 'closing', 'headline', 'commentary')),
    -- 0 for the day's lead and closing; the story's article for a headline or commentary.
    article_id INTEGER NOT NULL,
    text       TEXT NOT NULL,
    editor     TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (day, kind, article_id)
);

-- Every version of every note (an empty text removed it), who and when; never changed.
CREATE TABLE digest_note_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    day        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    text       TEXT NOT NULL,
    editor     TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE TRIGGER digest_note_log_no_update BEFORE UPDATE ON digest_note_log
BEGIN
    SELECT RAISE(ABORT, 'digest_note_log is append-only');
END;
CREATE TRIGGER digest_note_log_no_delete BEFORE DELETE ON digest_note_log
BEGIN
    SELECT RAISE(ABORT, 'digest_note_log is append-only');
END;
