"""The embedded DuckDB store: one file, one writer, articles keyed by a hash of their clean text.

Tables (see `dyads.schema`): articles, actors, mentions, quotes, events, failures, the aggregated
events (event_groups, event_reports; see `dyads.aggregate`), settings and schema_version. Every child
row carries `article_key`; `seq` keeps the article's own order of its actors, mentions, quotes and
events. Character offsets index `articles.text`, end exclusive, as in `dyads.models`.
Each write is one transaction that also brings the aggregated events of the keys it touches up to
date, so a crash at any point leaves either the whole batch or none of it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from .aggregate import DEFAULT_WINDOW_DAYS, group_reports, lede_end, url_host
from .errors import DyadsError
from .frames import article_frames, article_key, key_of, load_frames, parse_date, save_frames
from .locking import Gate, connect_waiting
from .models import Actor, Article, Event, Failure, Mention, Quote, Side
from .schema import COLUMNS, CREATE_SCHEMA, DATA_TABLES, GROUP_COLUMNS, MIGRATIONS, SCHEMA_VERSION
from .syndication import assign_clusters
from .tone import document_tone, sentence_tone

if TYPE_CHECKING:
    from typing_extensions import Self

SCHEMA = CREATE_SCHEMA  # the DDL of a fresh store
CHILD_TABLES = ("actors", "mentions", "quotes", "events")
GROUP_TABLES = ("event_groups", "event_reports")
KEY_COLUMNS = ("source_code", "target_code", "cameo")  # what reports of one event share
# Frames a writer may lack (shards written before schema 3): taken as empty. Missing sketches are
# computed by the writer from the articles' text.
OPTIONAL_FRAMES = ("places", "article_sketches")
__all__ = ["COLUMNS", "DATA_TABLES", "SCHEMA", "SCHEMA_VERSION", "Store", "StoreError", "article_frames",
           "article_key", "key_of", "load_frames", "parse_date", "save_frames"]


class StoreError(DyadsError):
    """The store cannot be opened, is read-only, has another schema version, or a query failed."""


class Store:
    """A DuckDB database of articles, actors, mentions, quotes and events. Use `Store.open`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool, *,
                 gate: Gate | None = None) -> None:
        self._conn: duckdb.DuckDBPyConnection | None = con
        self.path = path
        self.read_only = read_only
        self._gate = gate  # a writer's gate (see dyads.locking), dropped by close()

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        if self._conn is None:
            raise StoreError(f"{self.path} is closed")
        return self._conn

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, sandbox: bool = False,
             timeout: float | None = None) -> Store:
        """Open (and on first open create) the database at `path`; ":memory:" for a throwaway one.

        `sandbox` turns off DuckDB's access to other files (read_csv, ATTACH, COPY ... TO), for
        running SQL from users; exports need it on. While another process has the file (a writer,
        or readers when this is a writer) it waits, retrying, up to `timeout` seconds (None:
        $DYADS_LOCK_TIMEOUT or 60; see `dyads.locking`). A writable store keeps every other process
        out until closed: close it as soon as the batch is written.

        Raises StoreError when the file is missing (read-only), still locked after `timeout`, not a
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
        config = {"enable_external_access": False} if sandbox else {}
        gate = None
        try:
            if memory:
                con = duckdb.connect(spath, config=config)
            else:
                con, gate = connect_waiting(spath, lambda: duckdb.connect(spath, read_only=read_only, config=config),
                                            writer=not read_only, timeout=timeout)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {spath}: {exc}") from exc
        except DyadsError as exc:  # LockTimeout, or a bad $DYADS_LOCK_TIMEOUT
            raise StoreError(str(exc)) from exc
        store = cls(con, spath, read_only, gate=gate)
        try:
            store._check_schema()
        except BaseException:
            store.close()
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
            self._con.execute("INSERT INTO settings VALUES ('window_days', ?)", [str(DEFAULT_WINDOW_DAYS)])
            self._con.execute("COMMIT")
            return
        row = self._con.execute("SELECT max(version) FROM schema_version").fetchone()
        version = row[0] if row else None
        if version is not None and version < SCHEMA_VERSION and not self.read_only:
            self._migrate(version)
        elif version != SCHEMA_VERSION:
            hint = "; open it writable once to migrate it" if version and version < SCHEMA_VERSION else ""
            raise StoreError(f"{self.path} has schema version {version}, this dyads reads "
                             f"version {SCHEMA_VERSION}{hint}")

    def _migrate(self, version: int) -> None:
        """Bring a store from `version` to SCHEMA_VERSION in one transaction (all or nothing)."""
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            for v in range(version, SCHEMA_VERSION):
                con.execute(MIGRATIONS[v])
                if v == 1:
                    self._fill_v2()
                if v == 2:
                    self._fill_v3()
            con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION])
            con.execute("COMMIT")
        except BaseException as exc:
            con.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"cannot migrate {self.path} from schema version {version}: {exc}") from exc
            raise

    def _fill_v2(self) -> None:
        """Version 2's data for version-1 rows: hosts, tones, settings and the aggregated events."""
        con = self._con
        arts = con.execute("SELECT key, url, text FROM articles").df()
        arts = pd.DataFrame({"key": arts["key"], "host": [url_host(u) for u in arts["url"]],
                             "tone": [document_tone(t) for t in arts["text"]]})
        self._update_from("articles", arts, ("key",), ("host", "tone"))
        evs = con.execute("SELECT article_key, seq, sentence FROM events").df()
        evs = pd.DataFrame({"article_key": evs["article_key"], "seq": evs["seq"],
                            "tone": [sentence_tone(t or "") for t in evs["sentence"]]})
        self._update_from("events", evs, ("article_key", "seq"), ("tone",))
        con.execute("INSERT INTO settings VALUES ('window_days', ?)", [str(DEFAULT_WINDOW_DAYS)])
        self._regroup(None)

    def _fill_v3(self, chunk: int = 1000) -> None:
        """Version 3's clusters for stored rows: every article sketched and clustered again, in the
        order it was stored; then the aggregated events are rebuilt (places and event locations
        stay empty: they need the parse, so re-ingest to have them)."""
        con = self._con
        con.execute("UPDATE articles SET cluster_id = NULL")
        order = con.execute("SELECT key FROM articles ORDER BY ingested_at, rowid").fetchall()
        empty = pd.DataFrame(columns=list(COLUMNS["article_sketches"]))
        for i in range(0, len(order), chunk):
            keys = pd.DataFrame({"k": [k for (k,) in order[i:i + chunk]]})
            con.register("_dyads_chunk", keys)
            arts = con.execute("""SELECT a.key, a.url, a.text FROM _dyads_chunk
                                  JOIN articles a ON a.key = k ORDER BY a.ingested_at, a.rowid""").df()
            con.unregister("_dyads_chunk")
            clusters, merged = assign_clusters(con, arts, empty)
            self._update_from("articles", pd.DataFrame({"key": list(clusters), "cluster_id": list(clusters.values())}),
                              ("key",), ("cluster_id",))
            self._merge_clusters(merged)
        self._regroup(None)

    def _update_from(self, table: str, df: pd.DataFrame, keys: tuple[str, ...], cols: tuple[str, ...]) -> None:
        if df.empty:
            return
        name = f"_dyads_{table}_update"
        self._con.register(name, df)
        try:
            sets = ", ".join(f"{c} = u.{c}" for c in cols)
            on = " AND ".join(f"{table}.{k} = u.{k}" for k in keys)
            self._con.execute(f"UPDATE {table} SET {sets} FROM {name} u WHERE {on}")
        finally:
            self._con.unregister(name)

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

        Articles whose key is already stored are skipped with all their child rows. The aggregated
        events of every key the new events touch are rebuilt in the same transaction; `groups` in
        the returned counts is how many aggregated events those keys now have. Raises StoreError
        when a frame lacks a column or `frames["articles"]` repeats a key.
        """
        self._check_writable()
        arts = frames["articles"]
        if arts["key"].duplicated().any():
            raise StoreError("frames['articles'] repeats an article key; write each copy once")
        frames = dict(frames)
        for table, cols in COLUMNS.items():
            if table in OPTIONAL_FRAMES and table not in frames:
                frames[table] = pd.DataFrame(columns=list(cols))
            missing = set(cols) - set(frames[table].columns) if table in frames else set(cols)
            if missing:
                raise StoreError(f"frame {table!r} lacks columns: {', '.join(sorted(missing))}")
        con = self._con
        counts = {"articles": 0, "skipped": 0, "groups": 0}
        con.execute("BEGIN TRANSACTION")
        try:
            keys = arts["key"].tolist()
            present = self._present_keys(keys)
            new = [k for k in keys if k not in present]
            counts["skipped"] = len(keys) - len(new)
            new_set = set(new)
            arts = arts[arts["key"].isin(new_set)].copy()
            clusters, merged = assign_clusters(con, arts, frames["article_sketches"])
            arts["cluster_id"] = arts["key"].map(clusters)
            touched = [self._merge_clusters(merged)]
            for table, cols in COLUMNS.items():
                if table == "article_sketches":  # written by assign_clusters, with the write order
                    continue
                df = arts if table == "articles" else frames[table]
                df = df[df["key" if table == "articles" else "article_key"].isin(new_set)]  # drops orphans
                counts[table] = len(df)
                if len(df):
                    self._insert(table, df[list(cols)])
                if table == "events":
                    touched.append(df[~df["negated"].astype(bool)])
            touched_keys = pd.concat([pd.DataFrame({c: t[c].fillna("").astype(str) for c in KEY_COLUMNS})
                                      for t in touched]).drop_duplicates()
            if len(touched_keys):
                counts["groups"] = self._regroup(touched_keys)
            counts["clusters_merged"] = len(merged)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"write failed, nothing of this batch was written: {exc}") from exc
        except BaseException:  # KeyboardInterrupt too: leave no half-written batch
            con.execute("ROLLBACK")
            raise
        return counts

    def _merge_clusters(self, merged: Mapping[str, str]) -> pd.DataFrame:
        """Rename the stored clusters `merged` (old id -> new id) inside the caller's transaction;
        returns the events (KEY_COLUMNS) whose aggregated events must be rebuilt."""
        if not merged:
            return pd.DataFrame(columns=list(KEY_COLUMNS))
        con = self._con
        con.register("_dyads_merged", pd.DataFrame({"old": list(merged), "new": list(merged.values())}))
        try:
            con.execute("UPDATE articles SET cluster_id = m.new FROM _dyads_merged m WHERE cluster_id = m.old")
            return con.execute(f"""
                SELECT {', '.join('e.' + c for c in KEY_COLUMNS)} FROM events e
                JOIN articles a ON a.key = e.article_key JOIN _dyads_merged m ON a.cluster_id = m.new
                WHERE NOT e.negated""").df()
        finally:
            con.unregister("_dyads_merged")

    # -- aggregated events -----------------------------------------------------------------------

    @property
    def window_days(self) -> int:
        """Days after an aggregated event's first report within which a report of the same key joins it."""
        row = self._con.execute("SELECT value FROM settings WHERE name = 'window_days'").fetchone()
        return int(row[0]) if row else DEFAULT_WINDOW_DAYS

    def regroup(self, window_days: int | None = None) -> int:
        """Rebuild every aggregated event, with a new window if given (kept for later writes).

        Returns the number of aggregated events. Raises StoreError for a negative window.
        """
        self._check_writable()
        if window_days is not None and window_days < 0:
            raise StoreError(f"window_days must be >= 0, not {window_days}")
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            if window_days is not None:
                con.execute("INSERT OR REPLACE INTO settings VALUES ('window_days', ?)", [str(window_days)])
            n = self._regroup(None)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return n

    def _regroup(self, keys: pd.DataFrame | None) -> int:
        """Rebuild the aggregated events of `keys` (KEY_COLUMNS; None: all) inside the caller's transaction."""
        con = self._con
        key_match = " AND ".join(f"coalesce(e.{c}, '') = k.{c}" for c in KEY_COLUMNS)
        group_match = " AND ".join(f"g.{c} = k.{c}" for c in KEY_COLUMNS)
        if keys is not None:
            con.register("_dyads_keys", keys)
        try:
            join = "" if keys is None else f"JOIN _dyads_keys k ON {key_match}"
            reports = con.execute(f"""
                SELECT e.article_key, e.seq, coalesce(e.source_code, '') AS source_code,
                       coalesce(e.target_code, '') AS target_code, coalesce(e.cameo, '') AS cameo,
                       e.published, a.cluster_id, coalesce(a.host, '') AS host, e.tone, e.plover,
                       e.goldstein, e.quad_class, coalesce(e.source_name, e.source_text) AS source_name,
                       coalesce(e.target_name, e.target_text) AS target_name, a.url, e.sentence_start,
                       a.ingested_at
                FROM events e JOIN articles a ON a.key = e.article_key {join}
                WHERE NOT e.negated""").df()
            texts = con.execute(f"""
                SELECT key, text FROM articles WHERE key IN (
                    SELECT DISTINCT e.article_key FROM events e {join} WHERE NOT e.negated)""").fetchall()
            ledes = {k: lede_end(t) for k, t in texts}
            reports["lede_end"] = reports["article_key"].map(ledes)
            groups, members = group_reports(reports, self.window_days)
            if keys is None:
                con.execute("DELETE FROM event_reports")
                con.execute("DELETE FROM event_groups")
            else:
                con.execute(f"""DELETE FROM event_reports WHERE group_id IN (
                    SELECT g.group_id FROM event_groups g JOIN _dyads_keys k ON {group_match})""")
                con.execute(f"DELETE FROM event_groups g USING _dyads_keys k WHERE {group_match}")
        finally:
            if keys is not None:
                con.unregister("_dyads_keys")
        for table, df in (("event_groups", groups), ("event_reports", members)):
            if len(df):
                self._insert(table, df)
        return len(groups)

    def record_failures(self, failures: Iterable[Failure]) -> int:
        """Keep `failures` in the failures table (one row per origin and id, the latest reason)."""
        self._check_writable()
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        rows = [(f.origin, f.id, f.reason, f.detail, now) for f in failures]
        if rows:
            self._con.executemany("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?)", rows)
        return len(rows)

    def _insert(self, table: str, df: pd.DataFrame) -> None:
        cols = ", ".join(COLUMNS.get(table) or GROUP_COLUMNS[table])
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

        `doc`, `html` and `raw_text` are not stored and come back empty; `extras` holds `cluster_id`
        when the article had one, and what the geo step wrote: `places` (the place records) and
        `event_places` (event id -> its location: name, id, country, admin1, admin1_name, lat, lon,
        feature, precision, tie); `published` comes back as an ISO date or "".
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
        events, event_places = [], {}
        for r in self._rows("SELECT * FROM events WHERE article_key = ? ORDER BY seq", [key]):
            if r.get("geo_name") is not None or r.get("geo_country") is not None:
                event_places[r["event_id"]] = {k: r[f"geo_{k}"] for k in (
                    "name", "id", "country", "admin1", "admin1_name", "lat", "lon", "feature", "precision",
                    "tie")}
            sides = [Side(r[f"{s}_text"], r[f"{s}_code"], r[f"{s}_actor_id"], r[f"{s}_start"],
                          r[f"{s}_end"]) for s in ("source", "target")]
            events.append(Event(
                id=r["event_id"], source=sides[0], target=sides[1], cameo=r["cameo"], plover=r["plover"],
                goldstein=r["goldstein"], quad_class=r["quad_class"], trigger=r["trigger"],
                trigger_start=r["trigger_start"], trigger_end=r["trigger_end"], sentence=r["sentence"],
                sentence_start=r["sentence_start"], sentence_end=r["sentence_end"],
                pattern_id=r["pattern_id"], negated=r["negated"], mode=r["mode"],
                confidence=r["confidence"], quote_id=r["quote_id"]))
        places = [{"text": r["text"], "start": r["start_char"], "end": r["end_char"], "name": r["name"],
                   "id": r["geonameid"], "country": r["country"], "admin1": r["admin1"],
                   "admin1_name": r["admin1_name"], "lat": r["lat"],
                   "lon": r["lon"], "feature": r["feature"], "precision": r["precision"],
                   "population": r["population"], "via": r["via"]}
                  for r in self._rows("SELECT * FROM places WHERE article_key = ? ORDER BY seq", [key])]
        extras: dict[str, Any] = {"cluster_id": art["cluster_id"]} if art.get("cluster_id") else {}
        if places or event_places:
            extras.update(places=places, event_places=event_places)
        published = art["published"].isoformat() if art["published"] else ""
        return Article(id=art["id"], url=art["url"], origin=art["origin"], input_kind=art["input_kind"],
                       title=art["title"],
                       published=published, text=art["text"], keywords=list(art["keywords"] or []),
                       actors=actors, quotes=quotes, events=events, extras=extras)

    def counts(self) -> dict[str, int]:
        """Row counts of the article, child and aggregated-event tables."""
        return {t: self._con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", *CHILD_TABLES, *GROUP_TABLES)}

    def select(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run one read-only statement (SELECT, WITH ... SELECT, VALUES...); anything else is refused.

        Raises StoreError for several statements, a statement that is not a query (INSERT, COPY,
        ATTACH, PRAGMA...) or any DuckDB error.
        """
        try:
            statements = duckdb.extract_statements(sql)
        except duckdb.Error as exc:
            raise StoreError(str(exc)) from exc
        if len(statements) != 1:
            raise StoreError(f"give exactly one SELECT statement, not {len(statements)}")
        kind = statements[0].type
        if kind != duckdb.StatementType.SELECT:
            raise StoreError(f"only SELECT (or WITH ... SELECT) queries are allowed, not {kind.name}")
        return self.query(sql, params)

    def optimize(self) -> None:
        """Rewrite the events table sorted by source code, target code and date, then checkpoint.

        DuckDB skips row groups whose min/max exclude a filter, so after this a timeline for one
        dyad reads only that dyad's row groups. Rows added later are appended unsorted.
        """
        self._check_writable()
        con = self._con
        ddl = con.execute("SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' "
                          "AND table_name = 'events'").fetchone()[0]
        con.execute("BEGIN TRANSACTION")
        try:  # a new table filled in order, then swapped in: no delete of every row
            con.execute(ddl.replace("CREATE TABLE events", "CREATE TABLE _dyads_events_sorted", 1))
            con.execute("INSERT INTO _dyads_events_sorted SELECT * FROM events "
                        "ORDER BY source_code, target_code, published, article_key, seq")
            con.execute("DROP TABLE events")
            con.execute("ALTER TABLE _dyads_events_sorted RENAME TO events")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("CHECKPOINT")

    # -- lifetime --------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection, then let the next process in; safe to call twice."""
        try:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
        finally:
            if self._gate is not None:
                self._gate.close()
                self._gate = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r}, read_only={self.read_only})"
