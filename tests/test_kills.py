"""Crash safety at random points: `dyads ingest` SIGKILLed at N random moments (seeded), each kill
followed by the next run on the same database, then one run to completion; the result must equal a
clean run: no article lost or doubled, no orphan rows (tests/test_crash.py does three fixed points).

N is 5 in `make test`; the bench runs 20:  DYADS_KILLS=20 .venv/bin/python -m pytest tests/test_kills.py -q -s
(DYADS_KILL_SEED picks another set of points).
"""
from __future__ import annotations

import os
import random

import pandas as pd
import pytest

from .test_crash import (  # noqa: F401 - fixtures
    BATCH,
    N_ARTICLES,
    TABLES,
    code,
    corpus,
    kill_at,
    reference,
    run_clean,
    snapshot,
)

N_KILLS = int(os.environ.get("DYADS_KILLS", "5"))
SEED = int(os.environ.get("DYADS_KILL_SEED", "20261127"))
BATCHES = -(-N_ARTICLES // BATCH)


def _check_complete(db, reference) -> None:  # noqa: F811
    got = snapshot(db)  # asserts no orphan rows
    assert len(got["articles"]) == N_ARTICLES and got["articles"]["key"].is_unique
    for t in TABLES:
        pd.testing.assert_frame_equal(got[t], reference[t], obj=t)


def test_random_kills_lose_and_double_nothing(code, corpus, reference, tmp_path):  # noqa: F811 - fixtures
    rng = random.Random(SEED)
    chain = 0
    db = tmp_path / f"killed-{chain}.duckdb"
    stored, log, kills = 0, [], 0
    while kills < N_KILLS:
        # a random point: before the first commit (model loading, reading, parsing), or a random
        # moment after commit k of this run, which may fall inside the next batch's transaction
        left = -(-(N_ARTICLES - stored) // BATCH)
        after = rng.randint(0, max(0, left - 1))
        delay = rng.uniform(0.3, 4.0) if after == 0 else rng.uniform(0.0, 0.5)
        committed, killed = kill_at(code, corpus, db, after, delay)
        now = len(snapshot(db)["articles"]) if db.exists() else 0  # snapshot() asserts no orphans
        assert stored <= now <= N_ARTICLES, (kills, stored, now)
        log.append((chain, after, round(delay, 2), committed, killed, now))
        kills += killed
        stored = now
        if stored == N_ARTICLES:  # this chain is done: check it, start another from an empty database
            _check_complete(db, reference)
            chain += 1
            db, stored = tmp_path / f"killed-{chain}.duckdb", 0
    run_clean(code, corpus, db)
    _check_complete(db, reference)
    print(f"\n{kills} kills over {chain + 1} chains; (chain, after commit k, +seconds, commits seen, killed, "
          f"articles stored): {log}")


if __name__ == "__main__":
    raise SystemExit(pytest.main([__file__, "-q", "-s"]))
