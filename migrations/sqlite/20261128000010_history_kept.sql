-- Evidence is written once, beside its log event; a claim with logged events is never removed.
-- An article whose claims are in the log therefore cannot be deleted either: the cascade to
-- its claims aborts. The log check (`verify-log`) catches anyone who drops these triggers.
CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only; add new evidence instead');
END;
CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is append-only');
END;
CREATE TRIGGER claims_logged_no_delete BEFORE DELETE ON claims
WHEN EXISTS (SELECT 1 FROM claim_events WHERE claim_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'this claim has a logged history and cannot be deleted');
END;
