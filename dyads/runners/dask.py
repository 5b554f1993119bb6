"""Run shards on Dask distributed: one `run_shard` future per shard, results handed back in shard order.

Workers need the run folder on a file system they share with the client (a local cluster always does).
A worker that dies loses no shard: the scheduler gives its task to another worker.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .shards import Shard, ShardResult, run_shard

RETRIES = 3  # a shard whose task raises is tried this many more times before the run fails


@contextmanager
def dask_client(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A client of the scheduler at `scheduler`, or of a local cluster of `workers` processes, one
    thread each. Raises ConfigError when Dask distributed is not installed."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("Dask is not installed: pip install 'dask[distributed]'") from exc
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


class DaskRunner:
    """Runs `steps` (registered names, built once per worker process) over shards on a Dask client."""

    def __init__(self, client: Any, steps: Sequence[str], options: dict[str, Any] | None = None) -> None:
        self.client = client
        self.steps = list(steps)
        self.options = options or {}

    def run(self, shards: Sequence[Shard], run_dir: str) -> Iterator[tuple[Shard, ShardResult]]:
        """(shard, result) for every shard, in the order of `shards`, each once its frames are saved."""
        from distributed import as_completed

        run = Path(run_dir).name
        futures = {self.client.submit(run_shard, s, run_dir, self.steps, self.options,
                                      key=f"dyads-{run}-{s.id}", retries=RETRIES): i
                   for i, s in enumerate(shards)}
        finished: dict[int, ShardResult] = {}
        nxt = 0
        for fut in as_completed(futures):
            finished[futures[fut]] = fut.result()
            fut.release()
            while nxt in finished:
                yield shards[nxt], finished.pop(nxt)
                nxt += 1
