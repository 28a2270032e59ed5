-- Where a source's URL now permanently redirects (301/308 from the first hop on), so /sources
-- can tell the operator to update sources.toml. Cleared when the file's URL changes or the
-- redirect stops.
ALTER TABLE sources ADD COLUMN moved_to TEXT;
