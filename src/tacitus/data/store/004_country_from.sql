-- Schema version 4: where a participant's country comes from (issue 17). `country_from` is
-- the record's key of that name: NULL when the country is the actor's own evidence (a name,
-- title, demonym or actor-base entry), else `place`, `dateline` or `article` (inferred from
-- the place of the event, the dateline, the article's main country; README "Where a country
-- comes from"). The store keeps no record's actors and events as JSON, so rows stored before
-- this version cannot be backfilled: a country they hold gets `unrecorded` (it may have been
-- inferred), so that NULL keeps one meaning, stated, and filters on stated countries leave
-- them out; re-ingest the records into a new store to have their sources.
ALTER TABLE reports ADD COLUMN actor_country_from VARCHAR;
ALTER TABLE reports ADD COLUMN recipient_country_from VARCHAR;
ALTER TABLE events ADD COLUMN actor_country_from VARCHAR;
ALTER TABLE events ADD COLUMN recipient_country_from VARCHAR;
ALTER TABLE actors ADD COLUMN country_from VARCHAR;
UPDATE reports SET actor_country_from = 'unrecorded' WHERE actor_country IS NOT NULL;
UPDATE reports SET recipient_country_from = 'unrecorded' WHERE recipient_country IS NOT NULL;
UPDATE events SET actor_country_from = 'unrecorded' WHERE actor_country IS NOT NULL;
UPDATE events SET recipient_country_from = 'unrecorded' WHERE recipient_country IS NOT NULL;
UPDATE actors SET country_from = 'unrecorded' WHERE country IS NOT NULL;
