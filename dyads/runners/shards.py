"""Shards: the units of work a runner hands out (files, JSON Lines line ranges), and what one yields.

`plan_shards` splits inputs into shards; `run_shard` runs the steps on one shard in this process and
writes its Parquet frames (`dyads.frames`) into a run folder. A run folder holds:

    shards/<id>/   the frames of a finished shard (renamed into place whole)
    done/<id>      the marker written once the shard is in the database: a re-run skips it
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import resource
import shutil
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import chain, islice, repeat
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..frames import article_frames, save_frames
from ..models import Failure
from ..readers import JSONL_SUFFIXES, doc_id, iter_paths, read_file, read_jsonl
from ..runners.local import Item, LocalRunner

SHARD_SIZE = 100  # articles (JSON Lines lines, or files) per shard
# The key of `options` that holds the runner's own settings rather than a step's: {"time_limit": seconds}
RUNNER_OPTIONS = "runner"


@dataclass(frozen=True, slots=True)
class Shard:
    """Lines [first_line, first_line + lines) of the JSON Lines file `paths[0]` (1-based, `offset` its
    byte offset, -1 when the file cannot seek), or, with `lines` 0, the whole files `paths`."""

    id: str
    paths: tuple[str, ...]
    first_line: int = 1
    lines: int = 0
    offset: int = -1

    @property
    def size(self) -> int:
        """Documents it holds, at most (a file may hold several, e.g. a feed)."""
        return self.lines or len(self.paths)


@dataclass(slots=True)
class ShardResult:
    """What a worker did with one shard: counts, failures, per-step stats, and its peak memory."""

    shard_id: str
    read: int = 0
    done: int = 0
    failures: list[Failure] = field(default_factory=list)
    steps: dict[str, dict] = field(default_factory=dict)
    seconds: float = 0.0
    maxrss_mb: float = 0.0
    pid: int = 0


def _is_jsonl(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return bool(suffixes) and suffixes[-1] in JSONL_SUFFIXES


def _jsonl_ranges(path: Path, size: int) -> Iterator[tuple[int, int, int]]:
    """(first_line, lines, byte offset or -1) for every `size` lines of a JSON Lines file."""
    gz = path.name.lower().endswith(".gz")
    with (gzip.open(path, "rb") if gz else path.open("rb")) as f:
        first, pos, start_pos, n = 1, 0, 0, 0
        for line in f:
            n += 1
            pos += len(line)
            if n == size:
                yield first, n, -1 if gz else start_pos
                first, start_pos, n = first + size, pos, 0
        if n:
            yield first, n, -1 if gz else start_pos


def plan_shards(inputs: Iterable[str | Path], *, size: int = SHARD_SIZE) -> list[Shard]:
    """Split `inputs` (files and folders) into shards of about `size` documents, in input order.

    Raises InputError for '-', URLs and missing paths: shards are re-read by other processes.
    """
    if size < 1:
        raise ValueError(f"shard size must be >= 1, not {size}")
    shards: list[Shard] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            shards.append(Shard(f"{len(shards):05d}", tuple(pending)))
            pending.clear()

    for p in iter_paths(inputs):
        if isinstance(p, str) or not p.exists():
            raise InputError(f"{p}: sharded runs read local files and folders only (not '-', URLs "
                             f"or missing paths); run without --workers/--scheduler for those")
        if _is_jsonl(p):
            flush()
            for first, n, offset in _jsonl_ranges(p, size):
                shards.append(Shard(f"{len(shards):05d}", (str(p.resolve()),), first, n, offset))
        else:
            pending.append(str(p.resolve()))
            if len(pending) == size:
                flush()
    flush()
    return shards


def run_id(shards: Sequence[Shard], steps: Sequence[str], options: dict[str, Any] | None) -> str:
    """A name for a run that is the same for the same inputs (paths, sizes, times), shards and steps."""
    h = hashlib.sha256()
    stats = {}
    for s in shards:
        for p in s.paths:
            if p not in stats:
                st = os.stat(p)
                stats[p] = (st.st_size, st.st_mtime_ns)
    h.update(json.dumps({"shards": [asdict(s) for s in shards], "files": stats, "steps": list(steps),
                         "options": options or {}}, sort_keys=True, default=str).encode())
    return h.hexdigest()[:16]


def read_shard(shard: Shard) -> Iterator[Item]:
    """The documents of `shard`, with the same ids and origins as reading its files whole."""
    if not shard.lines:
        for p in shard.paths:
            yield from read_file(Path(p))
        return
    path = Path(shard.paths[0])
    gz = path.name.lower().endswith(".gz")
    with (gzip.open(path, "rb") if gz else path.open("rb")) as f:
        if shard.offset >= 0:
            f.seek(shard.offset)
            lines = islice(f, shard.lines)
        else:
            lines = islice(f, shard.first_line - 1, shard.first_line - 1 + shard.lines)
        # blank lines keep read_jsonl's line numbers (and so ids and origins) those of the whole file
        padded = chain(repeat(b"", shard.first_line - 1), lines)
        yield from read_jsonl(padded, origin=str(path), id_prefix=doc_id(path))


@lru_cache(maxsize=4)
def _steps(names: tuple[str, ...], options_json: str) -> list:
    from ..pipeline import build_steps  # imported here: the pipeline imports this package

    return build_steps(names, json.loads(options_json))


def shard_folder(run_dir: str | Path, shard_id: str) -> Path:
    return Path(run_dir) / "shards" / shard_id


def done_marker(run_dir: str | Path, shard_id: str) -> Path:
    return Path(run_dir) / "done" / shard_id


def run_shard(shard: Shard, run_dir: str, steps: Sequence[str], options: dict[str, Any] | None = None,
              *, batch_size: int = 32) -> ShardResult:
    """Run `steps` over `shard` in this process and save its frames to `run_dir`/shards/<id>.

    The steps (and so the spaCy model) are built once per process and reused for later shards.
    The frames are written to a temporary folder and renamed into place, so a shard folder is whole.
    `options[RUNNER_OPTIONS]["time_limit"]`: seconds per document (LocalRunner), else the default.
    """
    t0 = time.perf_counter()
    built = _steps(tuple(steps), json.dumps(options or {}, sort_keys=True))
    for step in built:  # per-shard stats
        step.stats.clear()
        step.seconds = 0.0
        step.failures.clear()
    limit = (options or {}).get(RUNNER_OPTIONS, {}).get("time_limit")
    runner = LocalRunner(built, batch_size=batch_size, time_limit=limit)
    frames, _ = article_frames(runner.run(read_shard(shard)))
    final = shard_folder(run_dir, shard.id)
    tmp = final.with_name(f"{shard.id}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    save_frames(frames, tmp)
    if final.exists():  # a retried or duplicated task finished first: same content
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        try:
            os.replace(tmp, final)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not final.exists():
                raise
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return ShardResult(shard.id, runner.stats.read, runner.stats.done, runner.stats.failures,
                       runner.stats.steps, time.perf_counter() - t0, round(rss, 1), os.getpid())
