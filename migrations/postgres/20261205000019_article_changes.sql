-- The newest change logged for each article, kept after `search_log` is pruned (see the SQLite
-- migration): written by the one function every writer of the log goes through.
CREATE TABLE article_changes (
    article_id BIGINT PRIMARY KEY,
    seq        BIGINT NOT NULL
);

INSERT INTO article_changes (article_id, seq)
    SELECT article_id, MAX(seq) FROM search_log GROUP BY article_id;

CREATE OR REPLACE FUNCTION search_log_note(article BIGINT) RETURNS VOID AS $$
DECLARE
    logged BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(5788361102530101250);
    INSERT INTO search_log (article_id) VALUES (article) RETURNING seq INTO logged;
    INSERT INTO article_changes (article_id, seq) VALUES (article, logged)
        ON CONFLICT (article_id) DO UPDATE SET seq = excluded.seq;
END;
$$ LANGUAGE plpgsql;
