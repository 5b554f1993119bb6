"""The Python API: `dyads.open(path)` gives a `Database` whose queries return DataFrames.

    >>> import dyads
    >>> db = dyads.open("dyads.duckdb")
    >>> db.events(source="RUS", target="USA", since="2013-08")        # reports, newest first
    >>> db.events(actor="Lavrov", aggregated=True)                    # one row per real-world event
    >>> db.timeline("RUS", "USA", by="month", as_="polars")
    >>> db.sql("SELECT cameo, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC")

Every method returns a pandas DataFrame, or a polars one with `as_="polars"` (needs polars).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import queries
from .errors import ConfigError
from .locking import SharedReader
from .store import Store

if TYPE_CHECKING:
    from typing_extensions import Self

FRAME_KINDS = ("pandas", "polars")


def _convert(df: Any, as_: str) -> Any:
    if as_ == "pandas":
        return df
    if as_ != "polars":
        raise ValueError(f"as_ must be one of {', '.join(FRAME_KINDS)}, not {as_!r}")
    try:
        import polars as pl
    except ImportError as exc:
        raise ConfigError("as_='polars' needs polars: pip install 'dyads[polars]'") from exc
    return pl.from_pandas(df)


class Database:
    """A dyads store opened for analysis (read-only unless asked). Use `dyads.open(path)`.

    Read-only, it keeps the file open between queries but closes it while an ingest in another
    process writes a batch, and opens it again for the next query (see `dyads.locking`): each query
    sees the batches committed before it. Writable, it holds the file, and keeps every other process
    out, until closed.
    """

    def __init__(self, source: Store | SharedReader) -> None:
        self._reader = source if isinstance(source, SharedReader) else None
        self._store = source if isinstance(source, Store) else None
        self.path = source.path
        self.read_only = self._store.read_only if self._store is not None else True

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = True) -> Database:
        """Open the store at `path`; raises StoreError when there is none (read-only) or it is not one."""
        if not read_only or str(path) == ":memory:":
            return cls(Store.open(path, read_only=read_only))
        reader = SharedReader(str(path))
        try:
            with reader.use():  # fails now when there is no store at `path`
                pass
        except BaseException:
            reader.close()
            raise
        return cls(reader)

    @contextmanager
    def _use(self) -> Iterator[Store]:
        if self._store is not None:
            yield self._store
        else:
            with self._reader.use() as store:
                yield store

    @property
    def store(self) -> Store:
        """The open Store, for `dyads.queries` calls; read-only, it may be closed by the next writer."""
        with self._use() as store:
            return store

    def events(self, *, actor: str | None = None, source: str | None = None, target: str | None = None,
               since: str | date | None = None, until: str | date | None = None,
               include_negated: bool = False, aggregated: bool = False, min_sources: int = 1,
               limit: int | None = None, as_: str = "pandas") -> Any:
        """Events (reports), or with `aggregated=True` real-world events with their counts and tone.

        Filters: see `dyads.queries`; `limit=None` returns every match; `min_sources` applies to
        aggregated events only.
        """
        with self._use() as store:
            if aggregated:
                df = queries.event_groups(store, actor=actor, source=source, target=target, since=since,
                                          until=until, min_sources=min_sources, limit=limit)
            else:
                df = queries.events(store, actor=actor, source=source, target=target, since=since,
                                    until=until, include_negated=include_negated, limit=limit)
        return _convert(df, as_)

    def reports(self, group_id: int, *, as_: str = "pandas") -> Any:
        """The reports of one aggregated event (its `group_id`), with their sentences and offsets."""
        with self._use() as store:
            return _convert(queries.reports(store, group_id), as_)

    def quotes(self, *, speaker: str | None = None, actor: str | None = None,
               since: str | date | None = None, until: str | date | None = None,
               limit: int | None = None, as_: str = "pandas") -> Any:
        """Quotes with their speakers, newest first (see `dyads.queries.quotes`)."""
        with self._use() as store:
            df = queries.quotes(store, speaker=speaker, actor=actor, since=since, until=until, limit=limit)
        return _convert(df, as_)

    def actors(self, *, actor: str | None = None, since: str | date | None = None,
               until: str | date | None = None, limit: int | None = None, as_: str = "pandas") -> Any:
        """One row per actor with its articles, mentions, events and quotes (see `dyads.queries.actors`)."""
        with self._use() as store:
            return _convert(queries.actors(store, actor=actor, since=since, until=until, limit=limit), as_)

    def timeline(self, src: str | None, tgt: str | None, *, by: str = "month",
                 since: str | date | None = None, until: str | date | None = None,
                 include_negated: bool = False, as_: str = "pandas") -> Any:
        """Events `src` -> `tgt` (code prefixes) per day, week or month: count, Goldstein, quad classes."""
        with self._use() as store:
            df = queries.timeline(store, src, tgt, by=by, since=since, until=until,
                                  include_negated=include_negated)
        return _convert(df, as_)

    def summary(self, top: int = 10) -> dict[str, Any]:
        """Counts, dates and the top dyads (see `dyads.queries.summary`)."""
        with self._use() as store:
            return queries.summary(store, top)

    def sql(self, query: str, params: Any = None, *, as_: str = "pandas") -> Any:
        """Run one SELECT (or WITH ... SELECT) query; anything else raises StoreError."""
        with self._use() as store:
            return _convert(store.select(query, params), as_)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        if self._reader is not None:
            self._reader.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"dyads.open({self.path!r}, read_only={self.read_only})"
