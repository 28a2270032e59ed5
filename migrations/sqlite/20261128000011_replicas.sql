-- What several replicas share through the database.

-- Failed-login counting, for every replica at once (see auth::LoginLimiter).
CREATE TABLE login_attempts (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts(key, at);

-- How far each replica's search index has read the change log; the log is pruned only below
-- the slowest live replica, and `search_log_pruned` says how far it was pruned, so a replica
-- that fell behind that point knows to rebuild.
CREATE TABLE search_positions (
    replica  TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    seen_at  TEXT NOT NULL
);
CREATE TABLE search_log_pruned (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    upto INTEGER NOT NULL
);
INSERT INTO search_log_pruned (id, upto) VALUES (1, 0);

-- Model work (summaries, lead paragraphs, claim structuring) as jobs any replica may claim.
-- `key` names the work (the same work is queued once); a running job whose lease ran out is
-- claimed again.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    key          TEXT NOT NULL UNIQUE,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'queued',
    attempts     INTEGER NOT NULL DEFAULT 0,
    locked_by    TEXT,
    locked_until TEXT,
    error        TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX jobs_ready ON jobs(state, id);

-- When the scheduled round last started, so a replica that takes the schedule over keeps its
-- rhythm instead of starting a round the moment it leads.
CREATE TABLE schedule (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    last_round_at  TEXT
);
INSERT INTO schedule (id, last_round_at) VALUES (1, NULL);
