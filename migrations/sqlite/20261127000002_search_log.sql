-- Every change the search index must follow, in order. The index remembers the last `seq` it
-- has applied (in its commit payload) and catches up from there; applied rows are pruned.
-- Triggers, not application code, fill it, so no write path can forget the index.

CREATE TABLE search_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL
);

CREATE TRIGGER search_log_article_insert AFTER INSERT ON articles
BEGIN
    INSERT INTO search_log (article_id) VALUES (new.id);
END;

CREATE TRIGGER search_log_article_update
AFTER UPDATE OF title, content_text, vendor, source_id, language, published_at ON articles
BEGIN
    INSERT INTO search_log (article_id) VALUES (new.id);
END;

CREATE TRIGGER search_log_article_delete AFTER DELETE ON articles
BEGIN
    INSERT INTO search_log (article_id) VALUES (old.id);
END;

CREATE TRIGGER search_log_summary_insert AFTER INSERT ON summaries
BEGIN
    INSERT INTO search_log (article_id) VALUES (new.article_id);
END;

CREATE TRIGGER search_log_summary_update AFTER UPDATE ON summaries
BEGIN
    INSERT INTO search_log (article_id) VALUES (new.article_id);
END;
