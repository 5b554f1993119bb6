"""The embedded DuckDB store: one file, one writer, articles keyed by a hash of their clean text.

Tables (see `SCHEMA`): articles, actors, mentions, quotes, events, schema_version. Every child row
carries `article_key`; `seq` keeps the article's own order of its actors, mentions, quotes and
events. Character offsets index `articles.text`, end exclusive, as in `dyads.models`.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from .errors import DyadsError, InputError
from .models import Actor, Article, Event, Failure, Mention, Quote, Side

if TYPE_CHECKING:
    from typing_extensions import Self

SCHEMA_VERSION = 1

# Column lists, in table order; `article_frames` builds rows in exactly this order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("key", "id", "url", "origin", "input_kind", "title", "published", "keywords", "text",
                 "ingested_at"),
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
               "pattern_id", "negated", "mode", "confidence", "quote_id"),
}

SCHEMA = """
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

CHILD_TABLES = ("actors", "mentions", "quotes", "events")


class StoreError(DyadsError):
    """The store cannot be opened, is read-only, has another schema version, or a query failed."""


def article_key(text: str) -> str:
    """The store key of a clean text: sha256 hex of the text NFKC-normalised, lowercased, spaces collapsed."""
    norm = " ".join(unicodedata.normalize("NFKC", text).lower().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def parse_date(value: str | None) -> date | None:
    """The date of an ISO date or datetime string (`2013-08-10`, `2013-08-10T12:00Z`); None if not one."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def article_frames(articles: Iterable[Article], *, ingested_at: datetime | None = None
                   ) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """One DataFrame per table for `articles`, and counts of what was left out.

    Articles with an empty text (counted as `no_text`) and second copies of the same key within
    `articles` (counted as `skipped`) are left out. The frames can be written to Parquet by a
    worker and loaded later with `Store.write_frames`.
    """
    now = (ingested_at or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(tzinfo=None)
    rows: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
    seen: set[str] = set()
    left_out = {"skipped": 0, "no_text": 0}
    for a in articles:
        if not a.text.strip():
            left_out["no_text"] += 1
            continue
        key = article_key(a.text)
        if key in seen:
            left_out["skipped"] += 1
            continue
        seen.add(key)
        published = parse_date(a.published)
        rows["articles"].append((key, a.id, a.url, a.origin, a.input_kind, a.title, published,
                                 list(a.keywords), a.text, now))
        by_id = {actor.id: actor for actor in a.actors}
        for i, actor in enumerate(a.actors):
            rows["actors"].append((key, i, actor.id, actor.name, actor.code, actor.code[:3],
                                   actor.code[3:6], actor.type, actor.role, actor.source))
            for j, m in enumerate(actor.mentions):
                rows["mentions"].append((key, actor.id, j, m.text, m.start, m.end, m.kind))
        for i, q in enumerate(a.quotes):
            sp = by_id.get(q.speaker_id) if q.speaker_id is not None else None
            rows["quotes"].append((key, i, q.id, q.text, q.start, q.end, q.kind, q.cue, q.speaker_id,
                                   sp.name if sp else None, sp.code if sp else None, q.speaker_text,
                                   q.speaker_start, q.speaker_end))
        for i, e in enumerate(a.events):
            rows["events"].append((key, i, e.id, published,
                                   *_side_row(e.source, by_id), *_side_row(e.target, by_id),
                                   e.cameo, e.cameo[:2], e.plover, float(e.goldstein), e.quad_class,
                                   e.trigger, e.trigger_start, e.trigger_end,
                                   e.sentence, e.sentence_start, e.sentence_end,
                                   e.pattern_id, bool(e.negated), e.mode, float(e.confidence),
                                   e.quote_id))
    frames = {t: pd.DataFrame(rows[t], columns=list(COLUMNS[t])) for t in COLUMNS}
    return frames, left_out


def save_frames(frames: Mapping[str, pd.DataFrame], folder: str | Path) -> None:
    """Write `article_frames` output as one Parquet file per table into `folder` (a worker's shard)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table in COLUMNS:
        duckdb.from_df(frames[table]).write_parquet(str(folder / f"{table}.parquet"))


def load_frames(folder: str | Path) -> dict[str, pd.DataFrame]:
    """Read back what `save_frames` wrote, ready for `Store.write_frames`.

    Raises InputError when a table's file is missing.
    """
    folder = Path(folder)
    missing = [t for t in COLUMNS if not (folder / f"{t}.parquet").is_file()]
    if missing:
        raise InputError(f"{folder} lacks {', '.join(t + '.parquet' for t in missing)}")
    return {t: duckdb.read_parquet(str(folder / f"{t}.parquet")).df() for t in COLUMNS}


def _side_row(side: Side, by_id: Mapping[str, Actor]) -> tuple:
    actor = by_id.get(side.actor_id) if side.actor_id is not None else None
    return (side.text, side.code, side.actor_id, actor.name if actor else None, side.start, side.end)


class Store:
    """A DuckDB database of articles, actors, mentions, quotes and events. Use `Store.open`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self._conn: duckdb.DuckDBPyConnection | None = con
        self.path = path
        self.read_only = read_only

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        if self._conn is None:
            raise StoreError(f"{self.path} is closed")
        return self._conn

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        """Open (and on first open create) the database at `path`; ":memory:" for a throwaway one.

        Raises StoreError when the file is missing (read-only), locked by another writer, not a
        dyads store, or written by another schema version.
        """
        spath = str(path)
        memory = spath == ":memory:"
        if not memory:
            p = Path(spath)
            if read_only and not p.exists():
                raise StoreError(f"no database at {spath}")
            if not read_only:
                p.parent.mkdir(parents=True, exist_ok=True)
        if memory and read_only:
            raise StoreError("an in-memory database cannot be opened read-only")
        try:
            con = duckdb.connect(spath, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {spath}: {exc}") from exc
        store = cls(con, spath, read_only)
        try:
            store._check_schema()
        except BaseException:
            con.close()
            raise
        return store

    def _check_schema(self) -> None:
        tables = {r[0] for r in self._con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        if "schema_version" not in tables:
            if tables:
                raise StoreError(f"{self.path} is not a dyads store (tables: {', '.join(sorted(tables))})")
            if self.read_only:
                raise StoreError(f"{self.path} has no dyads schema; open it writable once to create it")
            self._con.execute("BEGIN TRANSACTION")
            self._con.execute(SCHEMA)
            self._con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            self._con.execute("COMMIT")
            return
        row = self._con.execute("SELECT max(version) FROM schema_version").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {row and row[0]}, this dyads reads "
                             f"version {SCHEMA_VERSION}")

    # -- writing ---------------------------------------------------------------------------------

    def write(self, articles: Iterable[Article]) -> dict[str, int]:
        """Add `articles` in one transaction; those whose key is already stored are skipped.

        Returns counts: articles (added), skipped (already stored or repeated in the batch),
        no_text (empty text, not stored), actors, mentions, quotes, events (rows added).
        """
        self._check_writable()
        frames, left_out = article_frames(articles)
        counts = self.write_frames(frames)
        counts["skipped"] += left_out["skipped"]
        counts["no_text"] = left_out["no_text"]
        return counts

    def write_frames(self, frames: Mapping[str, pd.DataFrame]) -> dict[str, int]:
        """Add the rows of `article_frames` output (e.g. read back from Parquet) in one transaction.

        Articles whose key is already stored are skipped with all their child rows. Raises
        StoreError when a frame lacks a column or `frames["articles"]` repeats a key.
        """
        self._check_writable()
        arts = frames["articles"]
        if arts["key"].duplicated().any():
            raise StoreError("frames['articles'] repeats an article key; write each copy once")
        for table, cols in COLUMNS.items():
            missing = set(cols) - set(frames[table].columns) if table in frames else set(cols)
            if missing:
                raise StoreError(f"frame {table!r} lacks columns: {', '.join(sorted(missing))}")
        con = self._con
        counts = {"articles": 0, "skipped": 0}
        con.execute("BEGIN TRANSACTION")
        try:
            keys = arts["key"].tolist()
            present = self._present_keys(keys)
            new = [k for k in keys if k not in present]
            counts["skipped"] = len(keys) - len(new)
            new_set = set(new)
            for table, cols in COLUMNS.items():
                df = frames[table]
                key_col = "key" if table == "articles" else "article_key"
                df = df[df[key_col].isin(new_set)]  # also drops child rows without an article
                counts[table] = len(df)
                if len(df):
                    self._insert(table, df[list(cols)])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"write failed, nothing of this batch was written: {exc}") from exc
        except BaseException:  # KeyboardInterrupt too: leave no half-written batch
            con.execute("ROLLBACK")
            raise
        return counts

    def record_failures(self, failures: Iterable[Failure]) -> int:
        """Keep `failures` in the failures table (one row per origin and id, the latest reason)."""
        self._check_writable()
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        rows = [(f.origin, f.id, f.reason, f.detail, now) for f in failures]
        if rows:
            self._con.executemany("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?)", rows)
        return len(rows)

    def _insert(self, table: str, df: pd.DataFrame) -> None:
        cols = ", ".join(COLUMNS[table])
        name = f"_dyads_{table}_frame"
        self._con.register(name, df)
        try:
            self._con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {name}")
        finally:
            self._con.unregister(name)

    def _present_keys(self, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        rows = self._con.execute("SELECT a.key FROM articles a JOIN (SELECT unnest(?) AS key) k "
                                 "ON a.key = k.key", [list(keys)]).fetchall()
        return {r[0] for r in rows}

    def has_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of `keys` (see `article_key`) that are stored: lets a runner skip known articles early."""
        return self._present_keys(list(keys))

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only")

    # -- reading ---------------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run `sql` with `params` bound to its `?` (or `$name`) placeholders; the result as a DataFrame.

        Raises StoreError on any DuckDB error (bad SQL, a write on a read-only store...).
        """
        try:
            return self._con.execute(sql, params).df()
        except duckdb.Error as exc:
            raise StoreError(str(exc)) from exc

    def read(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """The stored articles (all, or those whose id or key is in `ids`) rebuilt as `Article` records.

        `doc`, `html`, `raw_text` and `extras` are not stored and come back empty; `published` comes
        back as an ISO date or "".
        """
        sel = None if ids is None else list(ids)
        where, params = ("", []) if sel is None else (
            "WHERE list_contains(?, id) OR list_contains(?, key)", [sel, sel])
        arts = self._rows(f"SELECT * FROM articles {where} ORDER BY ingested_at, id", params)
        for art in arts:
            yield self._rebuild(art)

    def _rows(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        cur = self._con.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def _rebuild(self, art: dict[str, Any]) -> Article:
        key = art["key"]
        mentions: dict[str, list[Mention]] = {}
        for m in self._rows("SELECT * FROM mentions WHERE article_key = ? ORDER BY actor_id, seq", [key]):
            mentions.setdefault(m["actor_id"], []).append(
                Mention(m["text"], m["start_char"], m["end_char"], m["kind"]))
        actors = [Actor(id=r["actor_id"], name=r["name"], code=r["code"], type=r["type"], role=r["role"],
                        source=r["source"], mentions=mentions.get(r["actor_id"], []))
                  for r in self._rows("SELECT * FROM actors WHERE article_key = ? ORDER BY seq", [key])]
        quotes = [Quote(id=r["quote_id"], text=r["text"], start=r["start_char"], end=r["end_char"],
                        kind=r["kind"], cue=r["cue"], speaker_id=r["speaker_id"],
                        speaker_text=r["speaker_text"], speaker_start=r["speaker_start"],
                        speaker_end=r["speaker_end"])
                  for r in self._rows("SELECT * FROM quotes WHERE article_key = ? ORDER BY seq", [key])]
        events = []
        for r in self._rows("SELECT * FROM events WHERE article_key = ? ORDER BY seq", [key]):
            sides = [Side(r[f"{s}_text"], r[f"{s}_code"], r[f"{s}_actor_id"], r[f"{s}_start"],
                          r[f"{s}_end"]) for s in ("source", "target")]
            events.append(Event(
                id=r["event_id"], source=sides[0], target=sides[1], cameo=r["cameo"], plover=r["plover"],
                goldstein=r["goldstein"], quad_class=r["quad_class"], trigger=r["trigger"],
                trigger_start=r["trigger_start"], trigger_end=r["trigger_end"], sentence=r["sentence"],
                sentence_start=r["sentence_start"], sentence_end=r["sentence_end"],
                pattern_id=r["pattern_id"], negated=r["negated"], mode=r["mode"],
                confidence=r["confidence"], quote_id=r["quote_id"]))
        published = art["published"].isoformat() if art["published"] else ""
        return Article(id=art["id"], url=art["url"], origin=art["origin"], input_kind=art["input_kind"],
                       title=art["title"],
                       published=published, text=art["text"], keywords=list(art["keywords"] or []),
                       actors=actors, quotes=quotes, events=events)

    def counts(self) -> dict[str, int]:
        """Row counts of every table."""
        return {t: self._con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", *CHILD_TABLES)}

    # -- lifetime --------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection; safe to call twice."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r}, read_only={self.read_only})"
