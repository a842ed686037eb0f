-- tacitus store, schema version 1: articles and their annotations, reports and canonical events.
-- Offsets are Python str indices, half-open, into articles.text (the cleaned text).
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE articles (
    article_id     VARCHAR PRIMARY KEY,  -- first 16 hex digits of text_hash
    input_id       VARCHAR,              -- the record's "id"
    url            VARCHAR,
    source         VARCHAR,
    title          VARCHAR,
    published      VARCHAR,              -- as in the record (ISO date or date-time)
    published_date DATE,
    language       VARCHAR,
    text           VARCHAR,
    text_hash      VARCHAR NOT NULL,     -- sha256 of the normalised cleaned text
    input_hash     VARCHAR,              -- sha256 of the normalised input text, when known
    n_events       INTEGER,
    n_quotes       INTEGER,
    extra          JSON,                 -- record keys the schema has no column for
    ingested_at    TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE entities (
    article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR,
    type VARCHAR, label VARCHAR, actor VARCHAR, place INTEGER
);

CREATE TABLE actors (
    article_id VARCHAR, actor_id VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR,
    kb_id VARCHAR, mentions JSON
);

CREATE TABLE places (
    article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR, name VARCHAR,
    geonames_id BIGINT, lat DOUBLE, lon DOUBLE, country VARCHAR, feature VARCHAR, kind VARCHAR,
    role VARCHAR
);

CREATE TABLE times (
    article_id VARCHAR, idx INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR,
    value VARCHAR
);

CREATE TABLE quotes (
    article_id VARCHAR, idx INTEGER,
    content_start INTEGER, content_end INTEGER, content VARCHAR,
    source_start INTEGER, source_end INTEGER, source_text VARCHAR,
    cue_start INTEGER, cue_end INTEGER, cue VARCHAR, direct BOOLEAN,
    speaker VARCHAR, speaker_name VARCHAR, speaker_country VARCHAR, speaker_sector VARCHAR,
    speaker_kb_id VARCHAR
);

-- One row per event coded in one article; event_id links it to its canonical event.
CREATE TABLE reports (
    report_id VARCHAR PRIMARY KEY,  -- article_id ':' index of the event in the record
    article_id VARCHAR, idx INTEGER, event_id VARCHAR,
    type VARCHAR, mode VARCHAR, status VARCHAR,
    actor_name VARCHAR, actor_country VARCHAR, actor_sector VARCHAR, actor_kb_id VARCHAR,
    recipient_name VARCHAR, recipient_country VARCHAR, recipient_sector VARCHAR,
    recipient_kb_id VARCHAR,
    location_name VARCHAR, geonames_id BIGINT, lat DOUBLE, lon DOUBLE, country VARCHAR,
    location_is_country BOOLEAN,
    date_text VARCHAR, date DATE, date_is_fallback BOOLEAN,
    evidence_start INTEGER, evidence_end INTEGER, evidence VARCHAR,
    confidence DOUBLE, outlet VARCHAR  -- outlet: source, else URL host, else article_id
);

-- One row per happening: the canonical event that one or more reports describe.
CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,  -- the report_id of its first report
    type VARCHAR, mode VARCHAR, status VARCHAR,
    actor_name VARCHAR, actor_country VARCHAR, actor_sector VARCHAR, actor_kb_id VARCHAR,
    recipient_name VARCHAR, recipient_country VARCHAR, recipient_sector VARCHAR,
    recipient_kb_id VARCHAR,
    location_name VARCHAR, geonames_id BIGINT, lat DOUBLE, lon DOUBLE, country VARCHAR,
    location_is_country BOOLEAN,
    date DATE, date_is_fallback BOOLEAN,
    confidence DOUBLE, num_reports INTEGER, num_articles INTEGER, num_sources INTEGER
);

-- Counts an event reports ("34,000 people evacuated"), one row each.
CREATE TABLE counts (report_id VARCHAR, article_id VARCHAR, value DOUBLE, what VARCHAR);

CREATE TABLE errors (
    error_key  VARCHAR PRIMARY KEY,  -- sha256 of (article or input key, kind, message)
    article_id VARCHAR,              -- set for non-fatal errors of a stored article
    input_id   VARCHAR, url VARCHAR, input_hash VARCHAR,
    kind       VARCHAR, message VARCHAR, ingested_at TIMESTAMP DEFAULT current_timestamp
);

-- No secondary indexes: DuckDB's ART indexes serve point look-ups only; date, type and
-- bounding-box filters are served by column scans with min/max zone maps (see docs/store.md).
