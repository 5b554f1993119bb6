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
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from .errors import InputError
from .frames import key_of, load_frames
from .models import Article, Failure
from .pipeline import DEFAULT_STEPS, build_steps, process
from .runners.shards import SHARD_SIZE
from .steps.base import Step
from .store import Store

BATCH_SIZE = 64


def writer_options(options: dict[str, dict] | None) -> dict[str, dict]:
    """Step options for an ingest: the `dedup` step only sketches, the store's writer clusters
    (against what it holds, the same whatever the number of workers: see dyads.syndication)."""
    options = dict(options or {})
    options["dedup"] = {"index": False, **options.get("dedup", {})}
    return options


ALREADY_STORED = "already_stored"  # its key was in the database before this run
REPEATED = "repeated_in_input"  # an earlier document of this run had the same key


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document an ingest left out because the store holds (or this run added) its key: the
    same clean text from the same source (see `dyads.frames.key_of`)."""

    id: str
    origin: str
    reason: str  # ALREADY_STORED or REPEATED
    key: str  # its store key, the key of the stored copy

    def describe(self) -> str:
        return f"{self.id} ({self.origin}): {self.reason.replace('_', ' ')}"


class SkipStored(Step):
    """Passes on the articles whose clean text is not stored yet; counts the others in `skipped`.

    `known(keys)` returns those of `keys` (see `dyads.frames.key_of`) that are stored: the step asks, it
    does not open the database. `on_skip(article, key)` hears of each article left out.
    """

    name = "skip_stored"

    def __init__(self, known: Callable[[list[str]], set[str]],
                 on_skip: Callable[[Article, str], None] | None = None) -> None:
        super().__init__()
        self.known = known
        self.on_skip = on_skip
        self.skipped = 0

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        batch = list(articles)  # one look-up for the runner's whole batch
        t0 = time.perf_counter()
        keys = [key_of(a) if a.text.strip() else "" for a in batch]
        stored = self.known([k for k in keys if k])
        self.seconds += time.perf_counter() - t0
        for a, key in zip(batch, keys):
            if key and key in stored:
                self.skipped += 1
                self.stats["skipped"] += 1
                if self.on_skip:
                    self.on_skip(a, key)
                continue
            self.stats["articles"] += 1
            yield a


@dataclass(slots=True)
class IngestResult:
    """Counts of one ingest run, with the documents it could not process or left out as duplicates.

    `skipped_docs` lists every skipped document, except (sharded ingests) second copies within one
    shard, which are only counted in `skipped`.
    """

    read: int = 0
    processed: int = 0
    added: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    db: str = ""
    skipped_docs: list[Skipped] = field(default_factory=list)

    def describe(self) -> str:
        line = (f"{self.read} documents read, {self.processed} processed: {self.added} articles added, "
                f"{self.skipped} already in {self.db}")
        if self.skipped_docs and len(self.skipped_docs) == self.skipped:
            repeated = sum(s.reason == REPEATED for s in self.skipped_docs)
            line += f" ({repeated} of them repeated in the input)" if repeated else ""
        if self.failures:
            line += f"; {len(self.failures)} could not be processed (reported above)"
        return line


def ingest_inputs(inputs: Iterable[str | Path], db: str,
                  on_failure: Callable[[Failure], None] | None = None, *, batch_size: int = BATCH_SIZE,
                  on_batch: Callable[[int, dict[str, int]], None] | None = None,
                  options: dict[str, dict] | None = None,
                  on_skip: Callable[[Skipped], None] | None = None) -> IngestResult:
    """Run the pipeline over `inputs` and store every processed article in the database `db`.

    Articles are written `batch_size` at a time; `on_batch(n, counts)` is called after batch n
    (from 1) is committed, with the store's counts for it, and `on_skip` for each document left out
    as a duplicate. `options` are step settings by step name, as `dyads.pipeline.build_steps` takes
    them. The database is open only while a batch is written (and read for a moment to skip stored
    texts), so the dashboard and the query commands read it between batches (see `dyads.locking`).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, not {batch_size}")
    result = IngestResult(db=db)
    mine: set[str] = set()  # keys this run stored

    def failed(f: Failure) -> None:
        result.failures.append(f)
        if on_failure:
            on_failure(f)

    def skipped(a: Article, key: str, reason: str | None = None) -> None:
        s = Skipped(a.id, a.origin, reason or (REPEATED if key in mine else ALREADY_STORED), key)
        result.skipped_docs.append(s)
        if on_skip:
            on_skip(s)

    kept: Store | None = Store.open(db)  # creates or migrates the store before any reader needs it
    if db != ":memory:":  # a file: held only while a batch is written, so others read in between
        kept.close()
        kept = None

    @contextmanager
    def opened(read_only: bool = False) -> Iterator[Store]:
        if kept is not None:
            yield kept
        else:
            with Store.open(db, read_only=read_only) as store:
                yield store

    def known(keys: list[str]) -> set[str]:
        with opened(read_only=True) as store:
            return store.has_keys(keys)

    try:
        steps = build_steps(options=writer_options(options))
        skip = SkipStored(known, on_skip=skipped)
        clean_at = next((i for i, step in enumerate(steps) if step.name == "clean"), None)
        if clean_at is not None:
            steps.insert(clean_at + 1, skip)
        articles, runner = process(inputs, steps=steps, on_failure=failed)
        recorded = n = 0
        while batch := list(islice(articles, batch_size)):
            keys = [key_of(a) if a.text.strip() else "" for a in batch]
            with opened() as store:  # the batch's transaction; no other process can write meanwhile
                present = store.has_keys([k for k in keys if k])
                counts = store.write(batch)
                recorded += store.record_failures(result.failures[recorded:])
            n += 1
            seen: set[str] = set()
            for a, key in zip(batch, keys):
                if not key:  # no text: not stored, counted by the store as no_text
                    continue
                if key in present or key in seen:
                    skipped(a, key, None if key in present else REPEATED)
                else:
                    mine.add(key)
                seen.add(key)
            if on_batch:
                on_batch(n, counts)
            result.processed += len(batch)
            result.added += counts.get("articles", 0)
            result.skipped += counts.get("skipped", 0)
        if result.failures[recorded:]:
            with opened() as store:
                store.record_failures(result.failures[recorded:])
    finally:
        if kept is not None:
            kept.close()
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
    Store.open(db).close()  # create or migrate it now; then it is held only while a shard is loaded
    mine: set[str] = set()  # keys this run stored
    with ExitStack() as stack:
        if client is None and todo:
            client = stack.enter_context(dask_client(workers=workers, scheduler=scheduler))
        runner = DaskRunner(client, steps, writer_options(options))
        for shard, res in runner.run(todo, str(run)) if todo else ():
            frames = load_frames(shard_folder(run, shard.id))
            arts = frames["articles"]
            with Store.open(db) as store:  # one transaction; readers get in between shards
                present = store.has_keys(arts["key"].tolist())
                counts = store.write_frames(frames)
                store.record_failures(res.failures)
            for doc_id, origin, key in zip(arts["id"], arts["origin"], arts["key"]):
                if key in present:
                    result.skipped_docs.append(Skipped(doc_id, origin, REPEATED if key in mine else ALREADY_STORED,
                                                       key))
                else:
                    mine.add(key)
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
