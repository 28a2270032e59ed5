-- Daily briefings (issue 27): a signed-in user's subscriptions (an email address or a webhook,
-- a language, a local time of day, top stories or all), and one delivery row per subscription
-- and day. The primary key on (subscription_id, day) is what makes a briefing go out at most
-- once a day: a sender claims the row by inserting it before it sends, on any replica.
CREATE TABLE briefing_subscriptions (
    id                INTEGER PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- `email` or `webhook` (app::vocab::BriefingChannel).
    channel           TEXT NOT NULL,
    -- The email address or the webhook URL.
    target            TEXT NOT NULL,
    -- `generic`, `slack` or `discord` for a webhook's body; `generic` for email.
    shape             TEXT NOT NULL,
    language          TEXT NOT NULL,
    -- `HH:MM`, in the instance's time zone; compares as text.
    send_at           TEXT NOT NULL,
    -- `top` or `all`.
    scope             TEXT NOT NULL,
    -- 64 random hex digits in every message's unsubscribe link; unguessable, good only for
    -- ending this subscription.
    unsubscribe_token TEXT NOT NULL UNIQUE,
    created_at        TEXT NOT NULL,
    unsubscribed_at   TEXT
);
CREATE INDEX briefing_subscriptions_user ON briefing_subscriptions(user_id);

CREATE TABLE briefing_deliveries (
    subscription_id INTEGER NOT NULL REFERENCES briefing_subscriptions(id) ON DELETE CASCADE,
    -- The local day the briefing is for (YYYY-MM-DD).
    day             TEXT NOT NULL,
    -- The digest day it carried (the day itself, or the latest earlier day with posts).
    digest_day      TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- `sending` (claimed, in flight), `retrying`, `sent`, `failed` (given up).
    status          TEXT NOT NULL,
    error           TEXT,
    -- Who holds a `sending` row, and until when; a row still `sending` after that is given up,
    -- never sent again (the sender may have sent it before it died).
    claimed_by      TEXT,
    claimed_until   TEXT,
    next_attempt_at TEXT,
    sent_at         TEXT,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (subscription_id, day)
);
CREATE INDEX briefing_deliveries_retry ON briefing_deliveries(status, next_attempt_at);
