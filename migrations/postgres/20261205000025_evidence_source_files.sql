-- Evidence sources read as a tree of files (the Every Eval Ever datastore on the Hugging Face
-- Hub): the listing's object id (git blob oid) and ETag of each file as last read, so the next
-- read fetches only the files whose oid changed. A file that could not be used keeps its
-- problem here and is reported until it changes.
CREATE TABLE evidence_source_files (
    source_id TEXT NOT NULL,
    path      TEXT NOT NULL,
    oid       TEXT NOT NULL,
    etag      TEXT,
    read_at   TEXT NOT NULL,
    results   BIGINT NOT NULL,
    problem   TEXT,
    PRIMARY KEY (source_id, path)
);

-- Which file of its source a result came from (NULL for single-file sources), so a file that
-- changes a result shows the change; the old result stays.
ALTER TABLE third_party_results ADD COLUMN origin TEXT;
CREATE INDEX third_party_results_origin ON third_party_results(source_id, origin);

-- The last read that ended without an error (an offline machine keeps showing when the source
-- was last good), the changes the last read found, and files left for the next read.
ALTER TABLE evidence_source_state ADD COLUMN last_good_at TEXT;
ALTER TABLE evidence_source_state ADD COLUMN changes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE evidence_source_state ADD COLUMN files_left BIGINT NOT NULL DEFAULT 0;
