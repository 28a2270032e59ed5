-- Issue 28: an article is its address, and its text, title and vendor come only from a source
-- that links that address. Each version now keeps what it was (who wrote it, the address it
-- was read from, title, vendor and text), so `proofwire repair-ownership` can put back the
-- last version its own source gave. Versions stored before this migration keep only their
-- hash (these columns stay NULL).
ALTER TABLE article_versions ADD COLUMN source_id TEXT;
ALTER TABLE article_versions ADD COLUMN url TEXT;
ALTER TABLE article_versions ADD COLUMN vendor TEXT;
ALTER TABLE article_versions ADD COLUMN title TEXT;
ALTER TABLE article_versions ADD COLUMN content_html TEXT;
ALTER TABLE article_versions ADD COLUMN content_text TEXT;
ALTER TABLE article_versions ADD COLUMN text_origin TEXT;

-- Every change `repair-ownership --apply` made, with the value before and after and why;
-- never updated or removed.
CREATE TABLE ownership_repairs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,
    field      TEXT NOT NULL,
    before     TEXT,
    after      TEXT,
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE TRIGGER ownership_repairs_no_update BEFORE UPDATE ON ownership_repairs
BEGIN
    SELECT RAISE(ABORT, 'ownership_repairs is append-only');
END;
CREATE TRIGGER ownership_repairs_no_delete BEFORE DELETE ON ownership_repairs
BEGIN
    SELECT RAISE(ABORT, 'ownership_repairs is append-only');
END;
