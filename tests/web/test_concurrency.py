"""Readers and a writer at the same time. DuckDB lets one process write a database file and no other
process open it meanwhile, not even read-only; and a process that has it open read-only keeps writers
out. These tests pin what dyads does then: a clear error naming the lock, exit status 1, no traceback,
no torn read (a reader sees either nothing or a whole committed database), and no damage.
"""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from dyads.store import Store, StoreError
from dyads.web.app import render

from ..conftest import ROOT

HOLD = ("import sys, time\nfrom dyads.store import Store\n"
        "s = Store.open(sys.argv[1], read_only=sys.argv[2] == 'ro')\n"
        "print('ready', flush=True)\ntime.sleep(float(sys.argv[3]))\ns.close()\n")


def hold(db: str, mode: str, seconds: float = 30) -> subprocess.Popen:
    """Another process with `db` open (mode 'rw' as an ingest has it, 'ro' as the dashboard has it)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, db, mode, str(seconds)], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from dyads.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)


@pytest.fixture
def db(hand_db, tmp_path) -> str:
    import shutil

    path = tmp_path / "c.duckdb"
    shutil.copy(hand_db, path)
    return str(path)


def test_dashboard_and_cli_while_an_ingest_writes(db):
    writer = hold(db, "rw")
    try:
        with pytest.raises(StoreError, match="lock"):
            render(db, "/")
        for args in (["serve", "--db", db, "--get", "/index.json"], ["events", "--db", db],
                     ["sql", "SELECT count(*) FROM articles", "--db", db]):
            done = cli(*args)
            assert done.returncode == 1, (args, done.stderr)
            assert "Could not set lock" in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    finally:
        writer.kill()
        writer.wait()
    status, _, _ = render(db, "/")  # once the writer is gone, reads work again
    assert status == 200


def test_ingest_while_the_dashboard_reads(db, tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Russia condemned the United States on Monday over the sanctions.\n", encoding="utf-8")
    with Store.open(db, read_only=True) as store:
        before = store.counts()
    reader = hold(db, "ro")
    try:
        done = cli("ingest", str(page), "--db", db)
        assert done.returncode == 1, done.stderr
        assert "Could not set lock" in done.stderr and "Traceback" not in done.stderr, done.stderr
        status, _, _ = render(db, "/")  # other readers still read
        assert status == 200
    finally:
        reader.kill()
        reader.wait()
    with Store.open(db, read_only=True) as store:
        assert store.counts() == before


def test_readers_polling_during_real_ingest_see_whole_states(tmp_path):
    """A reader retrying while `dyads ingest` runs gets either the lock error or a consistent database."""
    from .conftest import hand_articles

    src = tmp_path / "in.jsonl"
    import json

    src.write_text("".join(json.dumps({"id": a.id, "text": a.text, "title": a.title}) + "\n"
                           for a in hand_articles()[1:4]), encoding="utf-8")
    db = str(tmp_path / "live.duckdb")
    proc = subprocess.Popen([sys.executable, "-c", "from dyads.cli import main; main()", "ingest", str(src),
                             "--db", db, "--batch-size", "1"], stderr=subprocess.PIPE, text=True, cwd=ROOT)
    outcomes = {"locked": 0, "read": 0}
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with Store.open(db, read_only=True) as store:
                n = store.counts()
                orphans = store.query("SELECT count(*) AS n FROM events e LEFT JOIN articles a "
                                      "ON a.key = e.article_key WHERE a.key IS NULL")["n"].iloc[0]
            assert orphans == 0 and n["articles"] <= 3
            outcomes["read"] += 1
        except StoreError as exc:
            assert "lock" in str(exc) or "no database" in str(exc) or "schema" in str(exc), exc
            outcomes["locked"] += 1
        time.sleep(0.05)
    proc.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr.read()[-2000:]
    proc.stderr.close()
    assert outcomes["locked"] > 0
    with Store.open(db, read_only=True) as store:
        assert store.counts()["articles"] == 3
