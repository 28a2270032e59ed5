-- Scheduled ingestion rounds, their start and end recorded apart, with each source's progress:
-- a round without `finished_at` was cut (kill -9, a drained SIGTERM, a lost lease), and the
-- next scheduler reads at start only the sources it did not finish.
CREATE TABLE ingest_rounds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    -- The replica that ran it (host:addr:pid).
    runner      TEXT NOT NULL,
    -- The cut round this one resumes, if any.
    resumes     INTEGER REFERENCES ingest_rounds(id),
    finished_at TEXT,
    -- When the round was cut: the drain's own time, or for a killed process the last sign of
    -- life found by the round that resumed it.
    cut_at      TEXT,
    -- Why, in one line ("SIGTERM: 3 sources left unread", "the process died").
    cut_reason  TEXT
);
CREATE INDEX ingest_rounds_unfinished ON ingest_rounds(finished_at, id);

-- Each source a round finished with (success, failure or backoff all count: only a source
-- never reached, or cut in the middle, is read again).
CREATE TABLE ingest_round_sources (
    round_id  INTEGER NOT NULL REFERENCES ingest_rounds(id),
    source_id TEXT NOT NULL,
    read_at   TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    PRIMARY KEY (round_id, source_id)
);
CREATE INDEX ingest_round_sources_read ON ingest_round_sources(source_id, read_at);
