-- Every attempt of the local model to structure a claim's fields, accepted or rejected, so a
-- claim is read once per model and prompt, and editors can see why an answer was refused.
CREATE TABLE claim_refinements (
    claim_id  INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    -- The sentence the model read: a corrected claim is read again.
    sentence  TEXT NOT NULL,
    method    TEXT NOT NULL,
    accepted  INTEGER NOT NULL,
    -- Why the answer was refused (a value or name not in the sentence, bad JSON), if it was.
    rejected  TEXT,
    raw       TEXT NOT NULL,
    ms        REAL NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (claim_id, sentence, method)
);
