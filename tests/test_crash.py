"""Crash safety: `dyads ingest` killed with SIGKILL at several points, then run again, gives the same
database as one clean run: no article lost or doubled, no orphan rows, the same aggregated events.

Runs the real CLI in a subprocess on ten Wikinews articles, two per transaction. The subprocesses
import a copy of the package taken when the module starts, so that every run of one test session uses
the same code even while the working tree is being edited.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from .conftest import ROOT, SHARED

WIKINEWS = SHARED / "data" / "wikinews-en" / "articles.jsonl"
N_ARTICLES = 10
BATCH = 2
TABLES = ("articles", "actors", "mentions", "quotes", "events", "event_groups", "event_reports",
          "failures")
CLOCK_COLUMNS = {"articles": "ingested_at", "event_groups": "date_added", "failures": "seen_at"}
ORPHANS = {
    "actor without article": "SELECT count(*) FROM actors c LEFT JOIN articles a ON a.key = c.article_key "
                             "WHERE a.key IS NULL",
    "mention without actor": "SELECT count(*) FROM mentions m LEFT JOIN actors c ON c.article_key = "
                             "m.article_key AND c.actor_id = m.actor_id WHERE c.actor_id IS NULL",
    "quote without article": "SELECT count(*) FROM quotes c LEFT JOIN articles a ON a.key = c.article_key "
                             "WHERE a.key IS NULL",
    "event without article": "SELECT count(*) FROM events c LEFT JOIN articles a ON a.key = c.article_key "
                             "WHERE a.key IS NULL",
    "report without event": "SELECT count(*) FROM event_reports r LEFT JOIN events e ON e.article_key = "
                            "r.article_key AND e.seq = r.seq WHERE e.seq IS NULL",
    "report without group": "SELECT count(*) FROM event_reports r LEFT JOIN event_groups g "
                            "ON g.group_id = r.group_id WHERE g.group_id IS NULL",
    "group without report": "SELECT count(*) FROM event_groups g WHERE NOT EXISTS "
                            "(SELECT 1 FROM event_reports r WHERE r.group_id = g.group_id)",
    "event in no group": "SELECT count(*) FROM events e WHERE NOT e.negated AND NOT EXISTS "
                         "(SELECT 1 FROM event_reports r WHERE r.article_key = e.article_key AND r.seq = e.seq)",
    "article twice": "SELECT count(*) - count(DISTINCT key) FROM articles",
    "event twice": "SELECT count(*) FROM (SELECT article_key, seq FROM events GROUP BY ALL HAVING count(*) > 1)",
}


@pytest.fixture(scope="module")
def code(tmp_path_factory) -> Path:
    """A frozen copy of the dyads package, put first on the subprocesses' PYTHONPATH."""
    root = tmp_path_factory.mktemp("code")
    shutil.copytree(ROOT / "dyads", root / "dyads", ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "wikinews.jsonl"
    lines = WIKINEWS.read_text(encoding="utf-8").splitlines()[:N_ARTICLES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest_cmd(corpus: Path, db: Path) -> list[str]:
    main = "from dyads.cli import main; main()"
    return [sys.executable, "-c", main, "ingest", str(corpus), "--db", str(db), "--batch-size", str(BATCH),
            "--progress"]


def env(code: Path) -> dict[str, str]:
    """The subprocesses' environment; they also run in `code`, as `python -c` puts the cwd first."""
    path = os.pathsep.join(p for p in (str(code), os.environ.get("PYTHONPATH", "")) if p)
    # a fixed hash seed: the NLP steps are not yet independent of set order (see the report of issue 7)
    return {**os.environ, "PYTHONPATH": path, "PYTHONUNBUFFERED": "1", "PYTHONHASHSEED": "0"}


def kill_at(code_dir, corpus_path, db, after_batches: int, delay: float) -> tuple[int, bool]:
    """Start an ingest, wait for `after_batches` commit lines (0: none), then `delay` seconds, then
    SIGKILL it. Returns (commits seen, whether it was killed rather than done)."""
    proc = subprocess.Popen(ingest_cmd(corpus_path, db), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, env=env(code_dir), cwd=code_dir)
    committed = 0
    try:
        if after_batches:
            for line in proc.stderr:
                if "committed" in line:
                    committed += 1
                    if committed >= after_batches:
                        break
        time.sleep(delay)
        killed = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    return committed, killed


def run_killed(code: Path, corpus: Path, db: Path, after_batches: int, after_seconds: float | None = None
               ) -> int:
    """Start an ingest and SIGKILL it once `after_batches` batches are committed (or after
    `after_seconds`, before any commit); returns the batches it reported committed."""
    if after_seconds is not None:
        committed, killed = kill_at(code, corpus, db, 0, after_seconds)
    else:
        committed, killed = kill_at(code, corpus, db, after_batches, 0)
    assert killed, "the ingest ended before it could be killed"
    return committed


def run_clean(code: Path, corpus: Path, db: Path) -> None:
    done = subprocess.run(ingest_cmd(corpus, db), check=False, capture_output=True, text=True, timeout=300,
                          env=env(code), cwd=code)
    assert done.returncode == 0, done.stderr[-2000:]


def snapshot(db: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        if not con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'articles'"
                           ).fetchall()[0][0]:  # killed while the first open created the schema
            return {t: pd.DataFrame() for t in TABLES}
        for name, sql in ORPHANS.items():
            assert con.execute(sql).fetchone()[0] == 0, name
        out = {}
        for t in TABLES:
            sel = f"* EXCLUDE ({CLOCK_COLUMNS[t]})" if t in CLOCK_COLUMNS else "*"
            out[t] = con.execute(f"SELECT {sel} FROM {t} ORDER BY ALL").df()
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(code, corpus, tmp_path_factory) -> dict[str, pd.DataFrame]:
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    run_clean(code, corpus, db)
    snap = snapshot(db)
    assert len(snap["articles"]) == N_ARTICLES and len(snap["event_groups"]) > 0
    return snap


# Where each run of the chain is killed: before its first commit (while the model loads), after
# its first committed batch, after its second; then a last run completes the ingest.
KILLS = ({"after_seconds": 0.8}, {"after_batches": 1}, {"after_batches": 2})


def test_killed_ingests_rerun_equal_one_clean_run(code, corpus, reference, tmp_path):
    db = tmp_path / "crashed.duckdb"
    stored = 0
    for kill in KILLS:
        committed = run_killed(code, corpus, db, kill.get("after_batches", 0), kill.get("after_seconds"))
        assert committed == kill.get("after_batches", 0)
        if db.exists():  # what survived the kill is whole batches, and nothing already stored was lost
            now = len(snapshot(db)["articles"])
            assert now % BATCH == 0 or now == N_ARTICLES
            assert now >= stored and now >= min(N_ARTICLES, BATCH * committed)
            stored = now
    run_clean(code, corpus, db)
    got = snapshot(db)
    for t in TABLES:
        pd.testing.assert_frame_equal(got[t], reference[t], obj=t)
