-- Claim fields the second extractor reads: the qualifier bounding a value ("up to"), the
-- evaluation or run settings stated with it (JSON array of strings as written), whether the
-- subject was resolved from an earlier sentence, and the canonical entities (content/entities.toml)
-- of the subject and metric, which third-party results are matched on.
ALTER TABLE claims ADD COLUMN qualifier TEXT;
ALTER TABLE claims ADD COLUMN settings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE claims ADD COLUMN subject_from_context INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN subject_entity TEXT;
ALTER TABLE claims ADD COLUMN metric_entity TEXT;
CREATE INDEX claims_entities ON claims(subject_entity, metric_entity);
