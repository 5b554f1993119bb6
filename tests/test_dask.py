"""Sharded ingest on Dask: the same database whatever the number of workers, a killed worker's shard
redone, finished shards skipped on a re-run. Each test starts a local cluster (a few seconds)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dyads.schema import DATA_TABLES
from dyads.store import Store

from .conftest import SEED, SHARED

pytest.importorskip("distributed")

TIMES = {"ingested_at", "seen_at", "date_added"}  # when a row was written: differs run to run


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """The seed page and the first 20 Wikinews articles."""
    d = tmp_path_factory.mktemp("corpus")
    lines = (SHARED / "data/wikinews-en/articles.jsonl").read_text(encoding="utf-8").splitlines(True)[:20]
    (d / "wikinews.jsonl").write_text("".join(lines), encoding="utf-8")
    return [str(SEED), str(d / "wikinews.jsonl")]


def contents(db: Path) -> dict[str, list[tuple]]:
    """Every data table's rows, sorted, without the write times."""
    out = {}
    with Store.open(db, read_only=True) as store:
        for table in DATA_TABLES:
            df = store.query(f"SELECT * FROM {table}")
            df = df[[c for c in df.columns if c not in TIMES]]
            out[table] = sorted(map(repr, df.itertuples(index=False, name=None)))
    return out


@pytest.fixture(scope="module")
def one_worker(corpus, tmp_path_factory) -> dict[str, list[tuple]]:
    from dyads.ingest import ingest_sharded

    db = tmp_path_factory.mktemp("w1") / "w1.duckdb"
    result = ingest_sharded(corpus, str(db), workers=1, shard_size=4)
    assert result.added == 21 and not result.failures
    assert all(0 < mb < 800 for mb in result.maxrss_mb.values())
    return contents(db)


def test_two_workers_give_the_same_database_as_one(corpus, one_worker, tmp_path):
    from dyads.ingest import ingest_sharded

    db = tmp_path / "w2.duckdb"
    result = ingest_sharded(corpus, str(db), workers=2, shard_size=4)
    assert result.shards == 6 and result.added == 21
    assert len(result.maxrss_mb) == 2  # both workers took shards
    assert contents(db) == one_worker
    again = ingest_sharded(corpus, str(db), workers=2, shard_size=4)
    assert again.shards_skipped == 6 and again.read == 0
    assert contents(db) == one_worker


def test_the_sharded_database_matches_the_single_process_one(corpus, one_worker, tmp_path):
    # actor coreference can vary with string hashing; Dask's workers all run with PYTHONHASHSEED=6640
    db = tmp_path / "local.duckdb"
    env = {**os.environ, "PYTHONHASHSEED": "6640"}
    subprocess.run([sys.executable, "-m", "dyads.cli", "ingest", *corpus, "--db", str(db)], env=env,
                   check=True, capture_output=True)
    assert contents(db) == one_worker


def test_a_killed_worker_loses_no_shard(corpus, one_worker, tmp_path):
    from distributed import Client, LocalCluster

    from dyads.ingest import ingest_sharded

    db, run = tmp_path / "k.duckdb", tmp_path / "run"
    killed: list[int] = []
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:

        def kill_one_busy_worker() -> None:
            deadline = time.time() + 120
            while time.time() < deadline and not killed:
                busy = [w for w, keys in client.processing().items() if keys]
                if busy and (run / "done").is_dir() and any((run / "done").iterdir()):
                    pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                time.sleep(0.05)

        t = threading.Thread(target=kill_one_busy_worker)
        t.start()
        result = ingest_sharded(corpus, str(db), client=client, shard_size=2, run_dir=run)
        t.join()
    assert killed, "no worker was busy to be killed"
    assert result.shards == 11 and result.added == 21
    assert len(list((run / "done").iterdir())) == 11
    assert contents(db) == one_worker

