"""Process inputs and write them to the store, one batch (one transaction) at a time.

A batch is committed whole or not at all, with the aggregated events it touches, so an ingest
killed at any point (even SIGKILL) leaves the store as it was after its last committed batch; running
the same ingest again skips the articles already stored and adds the rest. Stored articles are
recognised right after cleaning (by the key of their clean text), so they are not parsed again.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from .frames import article_key
from .models import Article, Failure
from .pipeline import build_steps, process
from .steps.base import Step
from .store import Store

BATCH_SIZE = 64


class SkipStored(Step):
    """Passes on the articles whose clean text is not stored yet; counts the others in `skipped`.

    `known(keys)` returns those of `keys` (see `article_key`) that are stored: the step asks, it
    does not open the database.
    """

    name = "skip_stored"

    def __init__(self, known: Callable[[list[str]], set[str]]) -> None:
        super().__init__()
        self.known = known
        self.skipped = 0

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        batch = list(articles)  # one look-up for the runner's whole batch
        t0 = time.perf_counter()
        keys = [article_key(a.text) if a.text.strip() else "" for a in batch]
        stored = self.known([k for k in keys if k])
        self.seconds += time.perf_counter() - t0
        for a, key in zip(batch, keys):
            if key and key in stored:
                self.skipped += 1
                self.stats["skipped"] += 1
                continue
            self.stats["articles"] += 1
            yield a


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
                  on_failure: Callable[[Failure], None] | None = None, *, batch_size: int = BATCH_SIZE,
                  on_batch: Callable[[int, dict[str, int]], None] | None = None,
                  options: dict[str, dict] | None = None) -> IngestResult:
    """Run the pipeline over `inputs` and store every processed article in the database `db`.

    Articles are written `batch_size` at a time; `on_batch(n, counts)` is called after batch n
    (from 1) is committed, with the store's counts for it. `options` are step settings by step
    name, as `dyads.pipeline.build_steps` takes them.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, not {batch_size}")
    result = IngestResult(db=db)

    def failed(f: Failure) -> None:
        result.failures.append(f)
        if on_failure:
            on_failure(f)

    with Store.open(db) as store:
        steps = build_steps(options=options)
        skip = SkipStored(store.has_keys)
        clean_at = next((i for i, step in enumerate(steps) if step.name == "clean"), None)
        if clean_at is not None:
            steps.insert(clean_at + 1, skip)
        articles, runner = process(inputs, steps=steps, on_failure=failed)
        recorded = n = 0
        while batch := list(islice(articles, batch_size)):
            counts = store.write(batch)
            n += 1
            if on_batch:
                on_batch(n, counts)
            result.processed += len(batch)
            result.added += counts.get("articles", 0)
            result.skipped += counts.get("skipped", 0)
            recorded += store.record_failures(result.failures[recorded:])
        store.record_failures(result.failures[recorded:])
    result.processed += skip.skipped
    result.skipped += skip.skipped
    result.read = runner.stats.read
    return result
