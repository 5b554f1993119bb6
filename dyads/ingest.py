"""Process inputs and write them to the store, one batch (one transaction) at a time.

A batch is committed whole or not at all, with the aggregated events it touches, so an ingest
killed at any point (even SIGKILL) leaves the store as it was after its last committed batch; running
the same ingest again skips the articles already stored and adds the rest. Stored articles are
recognised right after cleaning (by the key of their clean text), so they are not parsed again.
`ingest_sharded` does the same work on Dask, a shard (files, JSON Lines line ranges) per task.
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from .errors import InputError
from .frames import article_key, load_frames
from .models import Article, Failure
from .pipeline import DEFAULT_STEPS, build_steps, process
from .runners.shards import SHARD_SIZE
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


@dataclass(slots=True)
class ShardedResult(IngestResult):
    """Counts of one sharded ingest run, with its shards and the workers' peak memory."""

    shards: int = 0
    shards_skipped: int = 0
    run_dir: str = ""
    maxrss_mb: dict[int, float] = field(default_factory=dict)  # worker pid -> peak resident MB

    def describe(self) -> str:
        line = IngestResult.describe(self)
        return (f"{line}; {self.shards} shards ({self.shards_skipped} done before) in {self.run_dir}")


def default_run_dir(db: str, rid: str) -> Path:
    """Where a sharded ingest into `db` keeps its shards and done-markers: `<db>.runs/<run id>`."""
    return Path(f"{db}.runs") / rid


def ingest_sharded(inputs: Iterable[str | Path], db: str, *, workers: int | None = None,
                   scheduler: str | None = None, shard_size: int = SHARD_SIZE, run_dir: str | Path | None = None,
                   on_failure: Callable[[Failure], None] | None = None, progress: bool = False,
                   options: dict[str, dict] | None = None, steps: tuple[str, ...] = DEFAULT_STEPS,
                   client: object | None = None) -> ShardedResult:
    """Run the pipeline over `inputs` on Dask, a shard per task, and load the shards into `db`.

    Workers write each shard's frames to Parquet under the run folder; this process, the one writer,
    loads them in shard order (one transaction each) and marks each shard done, so the database is
    the same whatever the number of workers, and a re-run skips the shards done before. `client`: an
    existing Dask client; else one of `scheduler`, or of a local cluster of `workers` processes.
    Progress bars (shards, articles) go to stderr when `progress`. Raises InputError for inputs that
    cannot be sharded ('-', URLs) and ConfigError when Dask is missing.
    """
    from tqdm import tqdm

    from .runners.dask import DaskRunner, dask_client
    from .runners.shards import done_marker, plan_shards, run_id, shard_folder

    if db == ":memory:":
        raise InputError("a sharded ingest needs a database file, not :memory:")
    shards = plan_shards(inputs, size=shard_size)
    rid = run_id(shards, steps, options)
    run = Path(run_dir) if run_dir is not None else default_run_dir(db, rid)
    (run / "done").mkdir(parents=True, exist_ok=True)
    (run / "shards").mkdir(parents=True, exist_ok=True)
    result = ShardedResult(db=db, shards=len(shards), run_dir=str(run))
    todo = [s for s in shards if not done_marker(run, s.id).exists()]
    result.shards_skipped = len(shards) - len(todo)
    bar_shards = tqdm(total=len(shards), initial=result.shards_skipped, desc="shards", unit="shard",
                      disable=not progress, file=sys.stderr, position=0)
    bar_articles = tqdm(total=sum(s.size for s in todo), desc="articles", unit="art",
                        disable=not progress, file=sys.stderr, position=1)
    with Store.open(db) as store, ExitStack() as stack:
        if client is None and todo:
            client = stack.enter_context(dask_client(workers=workers, scheduler=scheduler))
        runner = DaskRunner(client, steps, options)
        for shard, res in runner.run(todo, str(run)) if todo else ():
            counts = store.write_frames(load_frames(shard_folder(run, shard.id)))
            store.record_failures(res.failures)
            done_marker(run, shard.id).write_text(json.dumps(
                {"read": res.read, "done": res.done, "failures": len(res.failures), "counts": counts,
                 "seconds": round(res.seconds, 3), "maxrss_mb": res.maxrss_mb, "steps": res.steps},
                default=int))
            for f in res.failures:
                result.failures.append(f)
                if on_failure:
                    on_failure(f)
            result.read += res.read
            result.processed += res.done
            result.added += counts.get("articles", 0)
            result.skipped += res.done - counts.get("articles", 0)  # stored before, or repeated
            result.maxrss_mb[res.pid] = max(result.maxrss_mb.get(res.pid, 0.0), res.maxrss_mb)
            bar_shards.update(1)
            bar_articles.update(res.read)
    bar_articles.close()
    bar_shards.close()
    return result
