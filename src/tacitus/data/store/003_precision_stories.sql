-- Schema version 3: dates at their own precision, typed counts, resolved participants and
-- independent stories (issue 18). `date` becomes the event's date as text at its precision
-- ("2016-12-23", "2016-W50", "2016-12", "2016"); `date_start`/`date_end` are the real days
-- it covers and `date_precision` says which (day, week, month, year). The migration
-- (store/schema.py) re-derives them for stored rows from `reports.date_text`, fills the
-- typed counts from `counts.what`, the participants' entities from `actors` and `entities`,
-- and each article's MinHash signature and story.
ALTER TABLE reports ALTER COLUMN date TYPE VARCHAR;
ALTER TABLE reports ADD COLUMN date_start DATE;
ALTER TABLE reports ADD COLUMN date_end DATE;
ALTER TABLE reports ADD COLUMN date_precision VARCHAR;
ALTER TABLE reports ADD COLUMN actor_entity VARCHAR;
ALTER TABLE reports ADD COLUMN recipient_entity VARCHAR;
ALTER TABLE reports ADD COLUMN fatalities BIGINT;
ALTER TABLE reports ADD COLUMN injured BIGINT;
ALTER TABLE reports ADD COLUMN arrested BIGINT;
ALTER TABLE reports ADD COLUMN displaced BIGINT;
ALTER TABLE reports ADD COLUMN evacuated BIGINT;
ALTER TABLE events ALTER COLUMN date TYPE VARCHAR;
ALTER TABLE events ADD COLUMN date_start DATE;
ALTER TABLE events ADD COLUMN date_end DATE;
ALTER TABLE events ADD COLUMN date_precision VARCHAR;
ALTER TABLE events ADD COLUMN actor_entity VARCHAR;
ALTER TABLE events ADD COLUMN recipient_entity VARCHAR;
ALTER TABLE events ADD COLUMN fatalities BIGINT;
ALTER TABLE events ADD COLUMN injured BIGINT;
ALTER TABLE events ADD COLUMN arrested BIGINT;
ALTER TABLE events ADD COLUMN displaced BIGINT;
ALTER TABLE events ADD COLUMN evacuated BIGINT;
ALTER TABLE events ADD COLUMN num_stories INTEGER;
-- the CAMEO code of the event's verb, when CAMEO reads it as the same PLOVER type
ALTER TABLE reports ADD COLUMN cameo VARCHAR;
ALTER TABLE events ADD COLUMN cameo VARCHAR;
ALTER TABLE counts ADD COLUMN kind VARCHAR;
-- story_id: the article_id of the first stored article of its story (syndicated copies
-- share it); minhash: the article's MinHash signature (store/neardup.py).
ALTER TABLE articles ADD COLUMN story_id VARCHAR;
ALTER TABLE articles ADD COLUMN minhash UBIGINT[];
