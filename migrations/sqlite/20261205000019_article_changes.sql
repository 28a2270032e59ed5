-- The newest change logged for each article, kept after `search_log` is pruned: a day's digest
-- page is cached until a change to one of that day's articles (its text, summary or claims),
-- which needs the newest position per article, not only over the whole log. `search_log` alone
-- cannot say it: a caught-up replica prunes every row it has read, and a day whose rows are
-- gone would look unchanged after a change that was logged and pruned between two requests.
CREATE TABLE article_changes (
    article_id INTEGER PRIMARY KEY,
    seq        INTEGER NOT NULL
);

INSERT INTO article_changes (article_id, seq)
    SELECT article_id, MAX(seq) FROM search_log GROUP BY article_id;

CREATE TRIGGER article_changes_note AFTER INSERT ON search_log
BEGIN
    INSERT INTO article_changes (article_id, seq) VALUES (new.article_id, new.seq)
        ON CONFLICT (article_id) DO UPDATE SET seq = excluded.seq;
END;
