"""Tests of dyads/aggregate.py through the store: reports of one real-world event become one event."""
from __future__ import annotations

import dataclasses

import duckdb
import pandas as pd
import pytest

from dyads.aggregate import group_id, lede_end, url_host
from dyads.frames import key_of
from dyads.models import Article
from dyads.schema import _V1_TABLES, COLUMNS
from dyads.store import SCHEMA_VERSION, Store, StoreError

from .test_store import build, ev, other_articles, seed_article

POLICE = ("Jerusalem police", "ISRCOP", "ORG", "", ["Israeli police", "Police", "police"])
PROTESTERS = ("Palestinian protesters", "PSECVL", "GRP", "", ["Palestinian protesters", "protesters"])


# A wire story, and another site's own account of the same arrest (different words).
WIRE_BODY = ("Israeli police arrested two Palestinian protesters near the Old City on Tuesday, "
             "a police spokesman said. The protesters had gathered after Friday prayers at the Damascus "
             "Gate, where officers used stun grenades to disperse a crowd of several hundred people.\n\n"
             "Witnesses said the two men were taken to a police station in the western part of the city "
             "and were expected to appear before a magistrate on Wednesday morning.")
OWN_BODY = ("Israeli police arrested two Palestinian protesters near the Old City on Tuesday. "
            "Officers told this newspaper that the pair had thrown stones at a patrol during a tense "
            "afternoon, and a lawyer for the men denied the accusation and called the arrests arbitrary.")


def arrest_report(id: str, url: str, published: str, lead: str, body: str = WIRE_BODY,
                  negated: bool = False) -> Article:
    """An article reporting the arrest of Palestinian protesters by Israeli police: `lead`, then
    `body` (copies of one body are syndicated copies, clustered by the writer)."""
    text = f"{lead} {body}"
    return build(id, text, published, [POLICE, PROTESTERS], [],
                 [ev("Israeli police arrested", "arrested", "ISRCOP", "Israeli police", "PSECVL",
                     "two Palestinian protesters", "173", "COERCE", negated=negated)],
                 url=url, title="Police arrest two protesters in Jerusalem")


def three_reports() -> list:
    """One arrest reported three times: a wire story, a syndicated copy of it, and a third site's own."""
    wire = arrest_report("wire-1", "https://www.reuters.com/world/jerusalem-arrests", "2019-09-24",
                         "JERUSALEM (Reuters) -")
    copy = arrest_report("yahoo-1", "https://news.yahoo.com/police-arrest-two-protesters-100.html",
                         "2019-09-24", "JERUSALEM (Reuters) - Updated:")
    own = arrest_report("toi-1", "https://www.timesofisrael.com/police-arrest-protesters/", "2019-09-25",
                        "By Times of Israel staff.", OWN_BODY)
    return [wire, copy, own]


@pytest.fixture
def reports():
    return three_reports()


def groups(store: Store) -> pd.DataFrame:
    return store.query("SELECT * FROM event_groups ORDER BY source_code, target_code, cameo, first_date")


def test_three_reports_two_syndicated_are_one_event(reports):
    with Store.open(":memory:") as s:
        counts = s.write(reports)
        assert counts["articles"] == 3 and counts["groups"] == 1
        g = groups(s)
        assert len(g) == 1
        e = g.iloc[0]
        assert (e["num_articles"], e["num_sources"], e["num_mentions"]) == (3, 2, 3)
        assert (e["source_code"], e["target_code"], e["cameo"], e["cameo_root"]) == ("ISRCOP", "PSECVL",
                                                                                       "173", "17")
        assert (e["plover"], e["quad_class"], e["goldstein"]) == ("COERCE", 4, -5.0)
        assert e["source_name"] == "Jerusalem police" and e["target_name"] == "Palestinian protesters"
        assert str(e["first_date"])[:10] == "2019-09-24" and str(e["last_date"])[:10] == "2019-09-25"
        tones = s.query("SELECT tone FROM events")["tone"]
        assert e["avg_tone"] == pytest.approx(tones.mean(), abs=1e-3) and e["avg_tone"] < 0
        assert e["is_root"]  # the arrest is in each article's lead paragraph
        assert e["source_url"] in {reports[0].url, reports[1].url}  # a first-day report (ties: by key)
        cl = s.query("SELECT * FROM clusters WHERE articles > 1")
        wire_key = key_of(reports[0])
        assert cl[["cluster_id", "articles", "hosts", "original_id"]].values.tolist() == [
            [wire_key[:16], 2, 2, "wire-1"]]  # named by its first copy written; same day: first is original
        ev_rows = s.query("SELECT * FROM event_evidence ORDER BY article_id")
        assert ev_rows["article_id"].tolist() == ["toi-1", "wire-1", "yahoo-1"]
        assert set(ev_rows["group_id"]) == {e["group_id"]}
        for _, r in ev_rows.iterrows():
            art = next(a for a in reports if a.id == r["article_id"])
            assert art.text[r["sentence_start"]:r["sentence_end"]] == r["sentence"]
            assert art.text[r["trigger_start"]:r["trigger_end"]] == "arrested"


def test_date_window_and_clusters(reports):
    later = arrest_report("toi-2", "https://www.timesofisrael.com/more-arrests/", "2019-10-04",
                          "By Times of Israel staff, ten days on.",
                          "Israeli police arrested two Palestinian protesters again, ten days after the first "
                          "clashes, as families of the men held a vigil outside the court in the city centre.")
    late_copy = arrest_report("yahoo-2", "https://news.yahoo.com/late-copy.html", "2019-10-10",
                              "Republished:")
    with Store.open(":memory:") as s:
        assert s.window_days == 3
        s.write([*reports, later, late_copy])
        g = groups(s)
        # the late syndicated copy joins its cluster's event; the report ten days on is a new event
        assert g["num_articles"].tolist() == [4, 1]
        assert g["num_sources"].tolist() == [2, 1]
        assert str(g.iloc[0]["last_date"])[:10] == "2019-10-10"
        assert s.regroup(window_days=30) == 1  # a wider window takes the later report in too
        assert s.window_days == 30 and groups(s)["num_articles"].tolist() == [5]
        with pytest.raises(StoreError):
            s.regroup(window_days=-1)


def test_negated_and_undated_reports(reports):
    denial = arrest_report("denial", "https://example.com/denial", "2019-09-24", "Police said that", negated=True)
    undated = arrest_report("undated", "", "", "An undated account.", "Israeli police arrested two "
                            "Palestinian protesters, according to a post shared without a date.")
    with Store.open(":memory:") as s:
        s.write([*reports, denial, undated])
        g = groups(s)
        assert g["num_articles"].tolist() == [3, 1]  # the denial counts nowhere; undated stands alone
        undated_row = g.iloc[1]
        assert pd.isna(undated_row["first_date"]) and undated_row["num_sources"] == 1


def test_order_and_batches_do_not_change_the_events(reports):
    arts = [seed_article(), *other_articles(), *reports]
    with Store.open(":memory:") as one, Store.open(":memory:") as many:
        one.write(arts)
        for a in reversed(arts):
            many.write([a])
        many.write(arts)  # again: nothing changes
        cols = "* EXCLUDE (date_added)"
        a = one.query(f"SELECT {cols} FROM event_groups ORDER BY group_id")
        b = many.query(f"SELECT {cols} FROM event_groups ORDER BY group_id")
        pd.testing.assert_frame_equal(a, b)
        ra = one.query("SELECT * FROM event_reports ORDER BY ALL")
        rb = many.query("SELECT * FROM event_reports ORDER BY ALL")
        pd.testing.assert_frame_equal(ra, rb)
        n_events = one.query("SELECT count(*) AS n FROM events WHERE NOT negated")["n"][0]
        assert len(ra) == n_events  # every non-negated report is in exactly one event
        assert one.query("SELECT count(*) AS n FROM event_groups g WHERE NOT EXISTS "
                         "(SELECT 1 FROM event_reports r WHERE r.group_id = g.group_id)")["n"][0] == 0


def test_migration_from_version_1(tmp_path, reports):
    arts = [seed_article(), *other_articles(), *reports]
    new = tmp_path / "v2.duckdb"
    with Store.open(new) as s:
        s.write(arts)
    old = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(old))
    con.execute(_V1_TABLES)
    con.execute("INSERT INTO schema_version VALUES (1)")
    con.execute(f"ATTACH '{new}' AS v2 (READ_ONLY)")
    for table, cols in COLUMNS.items():
        if table in ("places", "article_sketches"):  # version 3
            continue
        v1_cols = ", ".join(c for c in cols if c not in ("host", "cluster_id", "tone") and not c.startswith("geo_"))
        con.execute(f"INSERT INTO {table} ({v1_cols}) SELECT {v1_cols} FROM v2.{table}")
    con.execute("DETACH v2")
    con.close()
    with pytest.raises(StoreError, match="open it writable once to migrate"):
        Store.open(old, read_only=True)
    with Store.open(old) as s, Store.open(new, read_only=True) as ref:
        assert s.query("SELECT version FROM schema_version")["version"].tolist() == [SCHEMA_VERSION]
        # the migration sketches and clusters the stored texts in the order they were stored, so the
        # syndicated copy is found again and the migrated store equals one written by this version
        for table in ("articles", "events", "article_sketches", "lsh_buckets"):
            a = s.query(f"SELECT * FROM {table} ORDER BY ALL")
            b = ref.query(f"SELECT * FROM {table} ORDER BY ALL")
            pd.testing.assert_frame_equal(a, b)
        # (the four arrest reports: three here and il-0924, whose article has no URL)
        sql = "SELECT num_articles, num_sources FROM event_groups WHERE cameo = '173' ORDER BY ALL"
        assert s.query(sql).values.tolist() == ref.query(sql).values.tolist() == [[1, 1], [4, 3]]
        cols = "* EXCLUDE (date_added)"
        pd.testing.assert_frame_equal(s.query(f"SELECT {cols} FROM event_groups ORDER BY group_id"),
                                      ref.query(f"SELECT {cols} FROM event_groups ORDER BY group_id"))


def test_helpers():
    assert url_host("https://WWW.Reuters.com:443/world?x=1") == "reuters.com"
    assert url_host("http://user@news.yahoo.com/a") == "news.yahoo.com"
    assert url_host("") == url_host("seed/000.txt") == ""
    text = "Friday, January 4, 2019\n\n\nAn apartment building collapsed on Monday in Magnitogorsk.\n\nMore."
    assert text[:lede_end(text)].endswith("in Magnitogorsk.")
    assert group_id("A", "B", "01", "k", 0) == group_id("A", "B", "01", "k", 0) < 2 ** 60
    assert group_id("A", "B", "01", "k", 0) != group_id("A", "B", "01", "k", 1)


def test_round_trip_keeps_the_cluster(reports):
    with Store.open(":memory:") as s:
        s.write(reports)
        back = {a.id: a for a in s.read()}
        wire, _, own = (key_of(a)[:16] for a in reports)
        assert back["wire-1"].extras["cluster_id"] == back["yahoo-1"].extras["cluster_id"] == wire
        assert back["toi-1"].extras["cluster_id"] == own
        assert back["wire-1"] == dataclasses.replace(reports[0], extras=back["wire-1"].extras)
