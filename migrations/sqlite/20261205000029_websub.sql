-- WebSub (W3C Recommendation), both directions.
--
-- In: a source whose feed names a hub is subscribed to it. One row per source: the hub and
-- topic its feed names now, the unguessable id of its callback path (`/websub/callback/{id}`),
-- the secret the hub signs pushes with, and how the subscription stands. `pending` is set
-- before each subscribe request is sent (a hub may verify before it answers) and only a
-- verification of intent that finds it set is answered. `next_attempt_at` is when to send
-- the next request: a retry after a failure, or the renewal at 80 % of the lease. A push
-- with a good signature sets `push_pending`; the replica that runs the schedule reads that
-- source at once and clears it. Polling goes on regardless.
CREATE TABLE websub_subscriptions (
    source_id        TEXT PRIMARY KEY REFERENCES sources(id),
    topic            TEXT NOT NULL,
    hub              TEXT NOT NULL,
    callback_id      TEXT NOT NULL UNIQUE,
    secret           TEXT NOT NULL,
    state            TEXT NOT NULL,
    pending          INTEGER NOT NULL DEFAULT 0,
    discovered_at    TEXT NOT NULL,
    requested_at     TEXT,
    verified_at      TEXT,
    lease_seconds    INTEGER,
    lease_expires_at TEXT,
    next_attempt_at  TEXT,
    failures         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    push_pending     INTEGER NOT NULL DEFAULT 0,
    pushes           INTEGER NOT NULL DEFAULT 0,
    last_push_at     TEXT
);

-- Out: the content version each of our feeds (a topic) was last announced to the configured
-- hub at, so a change is announced once, and a failing hub is tried again after a delay.
CREATE TABLE websub_publications (
    hub             TEXT NOT NULL,
    topic           TEXT NOT NULL,
    version         TEXT,
    published_at    TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT,
    PRIMARY KEY (hub, topic)
);
