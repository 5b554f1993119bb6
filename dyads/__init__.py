"""dyads: who did what to whom, and who said what, from raw news pages.

    >>> import dyads
    >>> db = dyads.open("dyads.duckdb")
    >>> db.timeline("RUS", "USA", by="month")

See `dyads.api.Database` for the queries.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .api import Database


def open(path: str | Path, *, read_only: bool = True) -> Database:
    """Open the dyads database at `path` for queries (read-only unless `read_only=False`)."""
    from .api import Database

    return Database.open(path, read_only=read_only)


__all__ = ["open"]
