"""The store's tables, their column order, and the migrations between schema versions.

Version 2 added: articles.host, articles.cluster_id, articles.tone, events.tone, the aggregated
events (`event_groups`, one row per real-world event, and `event_reports`, its reports), the
views `event_evidence` and `clusters`, and `settings`.
Version 3 added: the syndication sketches the writer clusters with (`article_sketches`, `lsh_buckets`;
see `dyads.dedup_store`), the article's resolved places (`places`), each event's action location
(`events.geo_*`), and `original_id`/`duplicate_of` in the `clusters` view and `article_clusters`.
An older file is migrated when it is opened writable.
"""
from __future__ import annotations

SCHEMA_VERSION = 3

# Column lists, in table order; `article_frames` builds rows in exactly this order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("key", "id", "url", "origin", "input_kind", "title", "published", "keywords", "text",
                 "ingested_at", "host", "cluster_id", "tone"),
    "actors": ("article_key", "seq", "actor_id", "name", "code", "country", "sector", "type", "role",
               "source"),
    "mentions": ("article_key", "actor_id", "seq", "text", "start_char", "end_char", "kind"),
    "quotes": ("article_key", "seq", "quote_id", "text", "start_char", "end_char", "kind", "cue",
               "speaker_id", "speaker_name", "speaker_code", "speaker_text", "speaker_start",
               "speaker_end"),
    "events": ("article_key", "seq", "event_id", "published",
               "source_text", "source_code", "source_actor_id", "source_name", "source_start",
               "source_end",
               "target_text", "target_code", "target_actor_id", "target_name", "target_start",
               "target_end",
               "cameo", "cameo_root", "plover", "goldstein", "quad_class",
               "trigger", "trigger_start", "trigger_end",
               "sentence", "sentence_start", "sentence_end",
               "pattern_id", "negated", "mode", "confidence", "quote_id", "tone",
               "geo_name", "geo_id", "geo_country", "geo_admin1", "geo_admin1_name", "geo_lat", "geo_lon",
               "geo_feature", "geo_precision", "geo_tie"),
    "places": ("article_key", "seq", "text", "start_char", "end_char", "name", "geonameid", "country",
               "admin1", "admin1_name", "lat", "lon", "feature", "precision", "population", "via"),
    "article_sketches": ("article_key", "text_hash", "shingles", "minhash", "canonical_url"),
}

GROUP_COLUMNS: dict[str, tuple[str, ...]] = {
    "event_groups": ("group_id", "source_code", "target_code", "cameo", "cameo_base", "cameo_root",
                     "plover", "quad_class", "goldstein", "source_name", "target_name", "first_date",
                     "last_date", "num_mentions", "num_articles", "num_sources", "avg_tone", "is_root",
                     "root_article_key", "root_seq", "source_url", "date_added"),
    "event_reports": ("group_id", "article_key", "seq"),
}

# Tables holding data (not bookkeeping), in the order exports write them.
DATA_TABLES = ("articles", "actors", "mentions", "quotes", "events", "places", "event_groups",
               "event_reports", "failures")

_V1_TABLES = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE articles (
    key VARCHAR PRIMARY KEY,          -- sha256 of the normalised clean text (see article_key)
    id VARCHAR NOT NULL, url VARCHAR, origin VARCHAR, input_kind VARCHAR, title VARCHAR,
    published DATE,                   -- NULL when unknown or not an ISO date
    keywords VARCHAR[], text VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL    -- UTC
);
CREATE TABLE actors (
    article_key VARCHAR NOT NULL, seq INTEGER NOT NULL, actor_id VARCHAR NOT NULL,
    name VARCHAR, code VARCHAR,
    country VARCHAR,                  -- code[:3]
    sector VARCHAR,                   -- code[3:6]
    type VARCHAR, role VARCHAR, source VARCHAR
);
CREATE TABLE mentions (
    article_key VARCHAR NOT NULL, actor_id VARCHAR NOT NULL, seq INTEGER NOT NULL,
    text VARCHAR, start_char INTEGER, end_char INTEGER, kind VARCHAR
);
CREATE TABLE quotes (
    article_key VARCHAR NOT NULL, seq INTEGER NOT NULL, quote_id VARCHAR NOT NULL,
    text VARCHAR, start_char INTEGER, end_char INTEGER, kind VARCHAR, cue VARCHAR,
    speaker_id VARCHAR,               -- NULL when the text does not say who
    speaker_name VARCHAR, speaker_code VARCHAR,  -- from the speaker's actor; NULL without one
    speaker_text VARCHAR, speaker_start INTEGER, speaker_end INTEGER
);
CREATE TABLE events (
    article_key VARCHAR NOT NULL, seq INTEGER NOT NULL, event_id VARCHAR NOT NULL,
    published DATE,                   -- copied from articles.published for fast timelines
    source_text VARCHAR, source_code VARCHAR, source_actor_id VARCHAR,
    source_name VARCHAR,              -- the source actor's canonical name; NULL without an actor
    source_start INTEGER, source_end INTEGER,
    target_text VARCHAR, target_code VARCHAR, target_actor_id VARCHAR, target_name VARCHAR,
    target_start INTEGER, target_end INTEGER,
    cameo VARCHAR, cameo_root VARCHAR,  -- cameo_root = first two digits
    plover VARCHAR, goldstein DOUBLE, quad_class INTEGER,
    trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
    sentence VARCHAR, sentence_start INTEGER, sentence_end INTEGER,
    pattern_id VARCHAR, negated BOOLEAN NOT NULL, mode VARCHAR, confidence DOUBLE, quote_id VARCHAR
);
CREATE TABLE failures (               -- documents that could not be processed, and why
    origin VARCHAR NOT NULL, id VARCHAR NOT NULL, reason VARCHAR NOT NULL, detail VARCHAR,
    seen_at TIMESTAMP NOT NULL,       -- UTC, the last time it was met
    PRIMARY KEY (origin, id)
);
"""

# Version 2, as changes to version 1: a fresh store runs _V1_TABLES then this, so a migrated file
# and a new one have the same columns in the same order.
_V2_CHANGES = """
ALTER TABLE articles ADD COLUMN host VARCHAR;        -- URL host, lower case, without www.; '' without URL
ALTER TABLE articles ADD COLUMN cluster_id VARCHAR;  -- syndication cluster (Article.extras["cluster_id"])
ALTER TABLE articles ADD COLUMN tone DOUBLE;         -- document tone, -100..+100 (dyads.tone)
ALTER TABLE events ADD COLUMN tone DOUBLE;           -- tone of the event's sentence
CREATE TABLE settings (name VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE event_groups (           -- one real-world event: its reports share source, target, CAMEO
    group_id BIGINT NOT NULL,         -- stable: a hash of the key and the first report
    source_code VARCHAR NOT NULL, target_code VARCHAR NOT NULL,  -- '' when the reports have none
    cameo VARCHAR NOT NULL, cameo_base VARCHAR, cameo_root VARCHAR,
    plover VARCHAR, quad_class INTEGER, goldstein DOUBLE,
    source_name VARCHAR, target_name VARCHAR,  -- as the first report names them
    first_date DATE, last_date DATE,  -- publication dates of the first and last report; NULL undated
    num_mentions INTEGER NOT NULL,    -- reports (event sentences), repeats within an article included
    num_articles INTEGER NOT NULL,    -- distinct articles
    num_sources INTEGER NOT NULL,     -- distinct source sites; a syndication cluster counts once
    avg_tone DOUBLE,                  -- mean tone of the reports' sentences
    is_root BOOLEAN NOT NULL,         -- some report is in an article's lead paragraph
    root_article_key VARCHAR NOT NULL, root_seq INTEGER NOT NULL,  -- the first report
    source_url VARCHAR,               -- the first report's article URL
    date_added TIMESTAMP              -- UTC, when the first of its reports was stored
);
CREATE TABLE event_reports (group_id BIGINT NOT NULL, article_key VARCHAR NOT NULL, seq INTEGER NOT NULL);
CREATE VIEW event_evidence AS         -- each aggregated event's reports with their evidence
    SELECT r.group_id, a.id AS article_id, a.url, a.title, e.published, e.event_id,
           e.sentence, e.sentence_start, e.sentence_end, e.trigger, e.trigger_start, e.trigger_end,
           e.source_text, e.target_text, e.tone, r.article_key, r.seq
    FROM event_reports r
    JOIN events e ON e.article_key = r.article_key AND e.seq = r.seq
    JOIN articles a ON a.key = r.article_key;
CREATE VIEW clusters AS               -- syndication clusters: copies of one story on several sites
    SELECT cluster_id, count(*) AS articles, count(DISTINCT host) AS hosts, min(published) AS first_date,
           max(published) AS last_date, list(id ORDER BY published NULLS LAST, id) AS article_ids
    FROM articles WHERE cluster_id IS NOT NULL GROUP BY cluster_id;
"""

# Version 3, as changes to version 2.
_V3_CHANGES = """
ALTER TABLE events ADD COLUMN geo_name VARCHAR;       -- the event's action location (dyads.geo)
ALTER TABLE events ADD COLUMN geo_id BIGINT;          -- its GeoNames id
ALTER TABLE events ADD COLUMN geo_country VARCHAR;    -- ISO alpha-3
ALTER TABLE events ADD COLUMN geo_admin1 VARCHAR;     -- first-level division (GeoNames admin1 code)
ALTER TABLE events ADD COLUMN geo_admin1_name VARCHAR;
ALTER TABLE events ADD COLUMN geo_lat DOUBLE;
ALTER TABLE events ADD COLUMN geo_lon DOUBLE;
ALTER TABLE events ADD COLUMN geo_feature VARCHAR;    -- GeoNames feature class.code, e.g. P.PPLC
ALTER TABLE events ADD COLUMN geo_precision VARCHAR;  -- city | admin1 | country
ALTER TABLE events ADD COLUMN geo_tie VARCHAR;        -- sentence | paragraph: where the place was found
CREATE TABLE places (                 -- place mentions of an article resolved to GeoNames entries
    article_key VARCHAR NOT NULL, seq INTEGER NOT NULL,
    text VARCHAR, start_char INTEGER, end_char INTEGER,
    name VARCHAR, geonameid BIGINT, country VARCHAR, admin1 VARCHAR, admin1_name VARCHAR,
    lat DOUBLE, lon DOUBLE,
    feature VARCHAR, precision VARCHAR, population BIGINT,
    via VARCHAR                       -- gazetteer | qualifier | article: what decided it
);
CREATE TABLE article_sketches (       -- what the writer finds syndicated copies with
    article_key VARCHAR PRIMARY KEY,
    seq BIGINT NOT NULL,              -- order of writing: the first member names its cluster
    text_hash VARCHAR NOT NULL,       -- sha1 of the normalised words (exact copies)
    shingles INTEGER NOT NULL,        -- number of distinct word 5-grams
    minhash UBIGINT[],                -- MinHash of the shingles; NULL for short texts
    canonical_url VARCHAR
);
CREATE TABLE lsh_buckets (band SMALLINT NOT NULL, bucket UBIGINT NOT NULL, article_key VARCHAR NOT NULL);
CREATE OR REPLACE VIEW clusters AS    -- syndication clusters; the original is the earliest dated copy
    SELECT a.cluster_id, count(*) AS articles, count(DISTINCT a.host) AS hosts,
           min(a.published) AS first_date, max(a.published) AS last_date,
           first(a.id ORDER BY a.published NULLS LAST, s.seq) AS original_id,
           first(a.key ORDER BY a.published NULLS LAST, s.seq) AS original_key,
           list(a.id ORDER BY a.published NULLS LAST, s.seq) AS article_ids
    FROM articles a LEFT JOIN article_sketches s ON s.article_key = a.key
    WHERE a.cluster_id IS NOT NULL GROUP BY a.cluster_id;
CREATE VIEW article_clusters AS       -- each article with its cluster's original ('' for the original)
    SELECT a.key AS article_key, a.id, a.cluster_id, c.original_id, c.original_key,
           CASE WHEN a.key = c.original_key THEN '' ELSE c.original_id END AS duplicate_of
    FROM articles a LEFT JOIN clusters c ON c.cluster_id = a.cluster_id;
"""

CREATE_SCHEMA = _V1_TABLES + _V2_CHANGES + _V3_CHANGES

# version -> DDL taking a store from that version to the next. Data work (tone, hosts, groups)
# is done by Store._migrate after the DDL.
MIGRATIONS: dict[int, str] = {1: _V2_CHANGES, 2: _V3_CHANGES}
