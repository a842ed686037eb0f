-- Schema version 2: PLOVER quad category and conflict/cooperation score on canonical events
-- (values from the PLOVER manual, src/tacitus/data/plover_scores.tsv); filled by the migration.
ALTER TABLE events ADD COLUMN quad_code INTEGER;
ALTER TABLE events ADD COLUMN score DOUBLE;
