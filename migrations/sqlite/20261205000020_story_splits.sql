-- Editors' "Not the same story": a post grouped into a digest section it does not belong to
-- is taken out of it. One row per decision, who and when; never updated or removed. Every
-- later grouping keeps the two posts apart (`stories::cluster::group_apart`).
CREATE TABLE story_splits (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id       INTEGER NOT NULL,
    story_article_id INTEGER NOT NULL,
    editor           TEXT NOT NULL,
    at               TEXT NOT NULL
);
CREATE INDEX story_splits_article ON story_splits(article_id);
CREATE INDEX story_splits_story ON story_splits(story_article_id);
CREATE TRIGGER story_splits_no_update BEFORE UPDATE ON story_splits
BEGIN
    SELECT RAISE(ABORT, 'story_splits is append-only');
END;
CREATE TRIGGER story_splits_no_delete BEFORE DELETE ON story_splits
BEGIN
    SELECT RAISE(ABORT, 'story_splits is append-only');
END;
