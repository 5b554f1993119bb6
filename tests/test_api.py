"""Tests of the Python API (`dyads.open`, dyads/api.py) and the `sql`, `regroup`, `optimize` commands."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import dyads
from dyads import queries
from dyads.cli import main
from dyads.store import Store, StoreError

from .test_aggregate import OWN_BODY, arrest_report
from .test_store import other_articles, seed_article


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    p = tmp_path_factory.mktemp("api") / "dyads.duckdb"
    reports = [arrest_report("wire-1", "https://www.reuters.com/a", "2019-09-24", "JERUSALEM -"),
               arrest_report("yahoo-1", "https://news.yahoo.com/b", "2019-09-24", "JERUSALEM - Copy:"),
               arrest_report("toi-1", "https://www.timesofisrael.com/c", "2019-09-25", "By staff.", OWN_BODY)]
    with Store.open(p) as s:
        s.write([seed_article(), *other_articles(), *reports])
    return p


def test_open_and_query(path):
    with dyads.open(path) as db:
        assert "read_only=True" in repr(db)
        ev = db.events(source="RUS", target="USA")
        assert len(ev) == 9 and all(ev["source_code"].str.startswith("RUS"))
        assert db.events(source="RUS", target="USA", include_negated=True, limit=3).shape[0] == 3
        agg = db.events(actor="ISRCOP", aggregated=True)
        assert agg["num_articles"].tolist() == [4] and agg["num_sources"].tolist() == [3]
        assert db.events(aggregated=True, min_sources=2)["group_id"].tolist() == agg["group_id"].tolist()
        rep = db.reports(int(agg["group_id"][0]))
        assert sorted(rep["article_id"]) == ["il-0924", "toi-1", "wire-1", "yahoo-1"]
        assert all(t in s for s, t in zip(rep["sentence"], rep["trigger"]))
        assert (rep["sentence_start"] <= rep["trigger_start"]).all()
        assert db.quotes(speaker="Lavrov")["article_id"].tolist() == ["ru-0903", "000_2342fa2aa6b80750"]
        assert "Sergey Lavrov" in set(db.actors(actor="RUS")["name"])
        tl = db.timeline("RUS", "USA", by="month")
        assert tl["events"].tolist() == [7, 1]
        pd.testing.assert_frame_equal(tl, queries.timeline(db.store, "RUS", "USA", by="month"))
        assert db.summary(top=2)["articles"] == 9
        n = db.sql("SELECT count(*) AS n FROM events WHERE cameo = ?", ["173"])["n"][0]
        assert n == 5
        with pytest.raises(StoreError, match="only SELECT"):
            db.sql("DELETE FROM events")
        with pytest.raises(StoreError, match="exactly one"):
            db.sql("SELECT 1; SELECT 2")
        with pytest.raises(ValueError, match="as_"):
            db.events(as_="arrow")
    with pytest.raises(StoreError, match="no database"):
        dyads.open(path.parent / "missing.duckdb")


def test_polars_frames(path):
    pl = pytest.importorskip("polars")
    with dyads.open(path) as db:
        tl = db.timeline("RUS", "USA", by="month", as_="polars")
        assert isinstance(tl, pl.DataFrame) and tl["events"].to_list() == [7, 1]
        assert isinstance(db.sql("SELECT 1 AS x", as_="polars"), pl.DataFrame)
        assert db.events(aggregated=True, as_="polars").height == db.events(aggregated=True).shape[0]


def test_help_on_the_new_commands():
    for cmd in ("export", "sql", "regroup", "optimize", "ingest", "events"):
        result = CliRunner().invoke(main, [cmd, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_sql_command_is_read_only(path):
    run = CliRunner().invoke
    ok = run(main, ["sql", "WITH d AS (SELECT source_code FROM events) SELECT count(*) AS n FROM d",
                    "--db", str(path), "--format", "json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout) == [{"n": 22}]
    for bad, why in [("DELETE FROM events", "only SELECT"), ("DROP TABLE events", "only SELECT"),
                     ("COPY events TO '/tmp/x.csv'", "only SELECT"),
                     ("ATTACH '/tmp/other.duckdb' AS o", "only SELECT"),
                     ("SELECT * FROM read_csv('/etc/hostname')", "disabled"),
                     ("SELECT 1; DELETE FROM events", "exactly one")]:
        res = run(main, ["sql", bad, "--db", str(path)])
        assert res.exit_code != 0 and why in res.output, (bad, res.output)
    with Store.open(path, read_only=True) as s:
        assert s.counts()["events"] == 22


def test_events_aggregated_regroup_and_optimize(tmp_path, path):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(path.read_bytes())
    run = CliRunner().invoke
    agg = run(main, ["events", "--aggregated", "--db", str(db), "--actor", "ISR", "--format", "json"])
    assert agg.exit_code == 0, agg.output
    assert [r["num_articles"] for r in json.loads(agg.stdout)] == [4]
    before = run(main, ["timeline", "RUS", "USA", "--db", str(db), "--by", "week", "--format", "csv"]).stdout
    res = run(main, ["regroup", "--db", str(db), "--window-days", "0"])
    assert res.exit_code == 0 and "window 0 days" in res.output
    split = json.loads(run(main, ["events", "--aggregated", "--db", str(db), "--actor", "ISR",
                                  "--format", "json"]).stdout)
    assert sorted(r["num_articles"] for r in split) == [1, 3]  # the 25 September report stands alone
    assert run(main, ["optimize", "--db", str(db)]).exit_code == 0
    after = run(main, ["timeline", "RUS", "USA", "--db", str(db), "--by", "week", "--format", "csv"]).stdout
    assert after == before
    with Store.open(db, read_only=True) as s, Store.open(path, read_only=True) as ref:
        a = s.query("SELECT * FROM events ORDER BY article_key, seq")
        b = ref.query("SELECT * FROM events ORDER BY article_key, seq")
        pd.testing.assert_frame_equal(a, b)
