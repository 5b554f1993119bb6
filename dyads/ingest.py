"""Process inputs and write them to the store, one batch (one transaction) at a time."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from .models import Failure
from .pipeline import process
from .store import Store

BATCH_SIZE = 64


@dataclass(slots=True)
class IngestResult:
    """Counts of one ingest run."""

    read: int = 0
    processed: int = 0
    added: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    db: str = ""

    def describe(self) -> str:
        line = (f"{self.read} documents read, {self.processed} processed: {self.added} articles added, "
                f"{self.skipped} already in {self.db}")
        if self.failures:
            line += f"; {len(self.failures)} could not be processed (reported above)"
        return line


def ingest_inputs(inputs: Iterable[str | Path], db: str,
                  on_failure: Callable[[Failure], None] | None = None) -> IngestResult:
    """Run the pipeline over `inputs` and store every processed article in the database `db`."""
    result = IngestResult(db=db)

    def failed(f: Failure) -> None:
        result.failures.append(f)
        if on_failure:
            on_failure(f)

    articles, runner = process(inputs, on_failure=failed)
    with Store.open(db) as store:
        recorded = 0
        while batch := list(islice(articles, BATCH_SIZE)):
            counts = store.write(batch)
            result.processed += len(batch)
            result.added += counts.get("articles", 0)
            result.skipped += counts.get("skipped", 0)
            recorded += store.record_failures(result.failures[recorded:])
        store.record_failures(result.failures[recorded:])
    result.read = runner.stats.read
    return result
