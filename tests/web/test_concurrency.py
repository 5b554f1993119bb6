"""Readers and a writer of one database file in different processes (see dyads/locking.py).

DuckDB lets one process write a file and no other open it meanwhile, so dyads holds the file only
for a batch (writer) or a command or request (reader), and each side waits for the other, with
back-off, up to the lock timeout. These tests pin that: a reader waits for a writer and then reads;
past the timeout it fails with a clear message, exit status 1 and no traceback; the dashboard and
`dyads.open` close the file when a writer waits, even while idle, and see its batch afterwards; a
killed writer blocks no one. tests/test_concurrency.py runs a real ingest against all the readers.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest
from starlette.testclient import TestClient

import dyads
from dyads.locking import LOCK_TIMEOUT_ENV, SharedReader
from dyads.store import Store, StoreError
from dyads.web.app import create_app, render

from ..conftest import ROOT

HOLD = ("import sys, time\nfrom dyads.store import Store\n"
        "s = Store.open(sys.argv[1], read_only=sys.argv[2] == 'ro')\n"
        "print('ready', flush=True)\ntime.sleep(float(sys.argv[3]))\ns.close()\n")
# a writer adding one article, as an ingest's batch does; prints the number added or the error
WRITE = ("import sys\nfrom dyads.models import Article\nfrom dyads.store import Store, StoreError\n"
         "try:\n    with Store.open(sys.argv[1]) as s:\n"
         "        print(s.write([Article(id=sys.argv[2], text=sys.argv[3])])['articles'])\n"
         "except StoreError as exc:\n    print(exc, file=sys.stderr)\n    sys.exit(1)\n")


def env(timeout: float) -> dict[str, str]:
    return {**os.environ, LOCK_TIMEOUT_ENV: str(timeout)}


def hold(db: str, mode: str, seconds: float = 30) -> subprocess.Popen:
    """Another process with `db` open: 'rw' as an ingest's batch has it, 'ro' as a query command has it."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, db, mode, str(seconds)], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.wait()
    proc.stdout.close()


def write_one(db: str, doc_id: str, timeout: float = 30) -> subprocess.CompletedProcess:
    text = f"Article {doc_id}: Russia condemned the United States on Monday over the sanctions."
    return subprocess.run([sys.executable, "-c", WRITE, db, doc_id, text], capture_output=True, text=True,
                          timeout=timeout + 60, cwd=ROOT, env=env(timeout), check=False)


def cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from dyads.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=timeout + 120, cwd=ROOT, env=env(timeout),
                          check=False)


def articles(db: str) -> int:
    with Store.open(db, read_only=True) as store:
        return store.counts()["articles"]


@pytest.fixture
def db(hand_db, tmp_path) -> str:
    path = tmp_path / "c.duckdb"
    shutil.copy(hand_db, path)
    return str(path)


def test_a_reader_waits_for_the_writer_then_reads(db):
    writer = hold(db, "rw", 1.5)
    try:
        t0 = time.monotonic()
        status, _, body = render(db, "/index.json")
        assert status == 200 and '"articles"' in body
        assert time.monotonic() - t0 > 0.5  # it waited for the writer to close the file
    finally:
        stop(writer)


def test_readers_give_up_after_the_lock_timeout_with_a_clear_error(db, monkeypatch):
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "1")
    writer = hold(db, "rw")
    try:
        with pytest.raises(StoreError, match="another dyads process has been writing it for 1 s"):
            render(db, "/")
        for args in (["serve", "--db", db, "--get", "/index.json"], ["events", "--db", db],
                     ["sql", "SELECT count(*) FROM articles", "--db", db]):
            done = cli(*args, timeout=1)
            assert done.returncode == 1, (args, done.stderr)
            assert "another dyads process has been writing" in done.stderr, (args, done.stderr)
            assert "DYADS_LOCK_TIMEOUT" in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    finally:
        stop(writer)
    status, _, _ = render(db, "/")  # once the writer is gone, reads work again
    assert status == 200


def test_a_writer_gives_up_when_a_reader_never_lets_go(db):
    before = articles(db)
    reader = hold(db, "ro")  # a one-shot reader (a query command) does not step aside
    try:
        done = write_one(db, "late", timeout=1)
        assert done.returncode == 1, done.stderr
        assert "another process kept it open for 1 s" in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert render(db, "/")[0] == 200  # other readers still read meanwhile
    finally:
        stop(reader)
    assert articles(db) == before  # nothing damaged, nothing half-written
    assert write_one(db, "now").stdout.strip() == "1"  # and the writer gets in once the reader is gone


def test_the_dashboard_steps_aside_for_a_writer_and_shows_its_batch(db):
    reader = SharedReader(db)
    try:
        with TestClient(create_app(reader), base_url="http://127.0.0.1") as client:
            before = client.get("/index.json").json()["counts"]["articles"]
            assert reader.opens == 1
            # the dashboard is idle, with the file open: the watcher must close it for the writer
            t0 = time.monotonic()
            done = write_one(db, "while-serving", timeout=20)
            assert done.returncode == 0 and done.stdout.strip() == "1", done.stderr
            assert time.monotonic() - t0 < 20
            after = client.get("/index.json").json()["counts"]["articles"]
            assert after == before + 1 and reader.opens == 2
            assert client.get("/articles.json").json()["total"] == after
    finally:
        reader.close()


def test_dyads_open_steps_aside_for_a_writer(db):
    with dyads.open(db) as d:
        before = d.summary()["articles"]
        done = write_one(db, "while-analysing", timeout=20)
        assert done.returncode == 0 and done.stdout.strip() == "1", done.stderr
        assert d.summary()["articles"] == before + 1
        assert int(d.sql("SELECT count(*) AS n FROM articles")["n"][0]) == before + 1


def test_a_killed_writer_blocks_no_one(db, monkeypatch):
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "5")
    writer = hold(db, "rw")
    writer.kill()  # SIGKILL: no close, no unlock; the kernel drops its locks
    writer.wait()
    writer.stdout.close()
    t0 = time.monotonic()
    assert render(db, "/")[0] == 200
    assert write_one(db, "after-kill", timeout=5).stdout.strip() == "1"
    assert time.monotonic() - t0 < 30
