-- Editors' answers about names the extractor took as claim subjects that no entity list holds
-- (the "names to confirm" list on /claims). `folded` is the name's comparison key
-- (claims::entities::fold), so one answer covers every way the name is cased or hyphenated.
-- A `model` answer makes the name a model of its own, `entity_id`, merged into the shipped
-- entities like the aliases of entity_aliases; `not_a_model` keeps it off the list.
CREATE TABLE name_reviews (
    kind        TEXT NOT NULL,
    folded      TEXT NOT NULL,
    name        TEXT NOT NULL,
    -- app::vocab::NameVerdict.
    verdict     TEXT NOT NULL,
    entity_id   TEXT,
    vendor      TEXT,
    reviewed_by TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    PRIMARY KEY (kind, folded)
);
CREATE UNIQUE INDEX name_reviews_entity ON name_reviews (kind, entity_id);
