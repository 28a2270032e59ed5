-- A GUID names an entry within one feed only: two feeds may use the same GUID for different
-- posts, and a feed must not reach another feed's article through a GUID it copied.
CREATE TABLE article_guids_by_source (
    source_id  TEXT NOT NULL REFERENCES sources(id),
    guid       TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (source_id, guid)
);
-- Which feed a GUID came from was not kept; the article's owner is the best guess, and other
-- feeds re-link their GUIDs through the article's URL the next time they carry it.
INSERT INTO article_guids_by_source (source_id, guid, article_id)
SELECT a.source_id, g.guid, g.article_id FROM article_guids g JOIN articles a ON a.id = g.article_id;
DROP TABLE article_guids;
ALTER TABLE article_guids_by_source RENAME TO article_guids;
