"""Syndicated copies across an ingest: the store's writer clusters them against what it holds, so the
clusters are the same whatever the order of batches, the number of workers or a re-run."""
from __future__ import annotations

import json
import shutil

import pytest

from dyads.frames import key_of
from dyads.ingest import ingest_inputs
from dyads.models import Article
from dyads.store import Store
from dyads.syndication import copies, sketch

from .conftest import SEED
from .steps.test_dedup import html_repost, seed_body

ORIGINAL_ID = "rt-original"


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """The seed's story three times: the dated original (a JSON Lines record), an HTML repost on
    another site, and the seed itself (a blog's flattened text dump with widgets around the story)."""
    d = tmp_path_factory.mktemp("story")
    body = seed_body()
    (d / "original.jsonl").write_text(json.dumps(
        {"id": ORIGINAL_ID, "url": "https://example.org/news/lavrov-no-cold-war", "date": "2013-08-10",
         "title": "Lavrov: there is no Cold War", "text": body}) + "\n", encoding="utf-8")
    (d / "repost.html").write_text(html_repost(body), encoding="utf-8")
    shutil.copy(SEED, d / "dump.txt")
    return d


def clusters(db) -> list[tuple]:
    with Store.open(db, read_only=True) as s:
        rows = s.query("SELECT articles, original_id, list_sort(article_ids) AS ids FROM clusters "
                       "WHERE articles > 1").values.tolist()
    return [(n, original, list(ids)) for n, original, ids in rows]


def test_an_original_and_two_reposts_are_one_cluster_that_names_the_original(story, tmp_path):
    db = tmp_path / "a.duckdb"
    # the copies come first, in separate batches; the original last
    result = ingest_inputs([story / "dump.txt", story / "repost.html", story / "original.jsonl"], str(db),
                           batch_size=1)
    assert result.added == 3 and not result.failures
    ((n, original, ids),) = clusters(db)
    assert n == 3 and original == ORIGINAL_ID
    with Store.open(db, read_only=True) as s:
        rows = s.query("SELECT id, cluster_id, duplicate_of FROM article_clusters ORDER BY id").values.tolist()
        first = s.query("SELECT cluster_id FROM articles a JOIN article_sketches k ON k.article_key = a.key "
                        "ORDER BY k.seq LIMIT 1")["cluster_id"][0]
    assert {r[1] for r in rows} == {first}  # named by the first copy written
    assert {r[0]: r[2] for r in rows} == {ORIGINAL_ID: "", "dump": ORIGINAL_ID, "repost": ORIGINAL_ID}

    # another order gives the same grouping and the same original; a re-run changes nothing
    other = tmp_path / "b.duckdb"
    ingest_inputs([story / "original.jsonl", story / "dump.txt", story / "repost.html"], str(other))
    assert clusters(other) == clusters(db)
    again = ingest_inputs([story], str(db))
    assert again.added == 0 and clusters(db) == [(n, original, ids)]


def test_two_workers_cluster_as_one_process_does(story, tmp_path):
    pytest.importorskip("distributed")
    from dyads.ingest import ingest_sharded

    inputs = [story / "dump.txt", story / "repost.html", story / "original.jsonl"]
    local = tmp_path / "local.duckdb"
    ingest_inputs(inputs, str(local))
    sharded = tmp_path / "sharded.duckdb"
    result = ingest_sharded(inputs, str(sharded), workers=2, shard_size=1)
    assert result.shards == 3 and result.added == 3
    with Store.open(local, read_only=True) as a, Store.open(sharded, read_only=True) as b:
        sql = "SELECT id, cluster_id, duplicate_of FROM article_clusters ORDER BY id"
        assert a.query(sql).values.tolist() == b.query(sql).values.tolist()


def _text(*parts: str) -> str:
    return "\n\n".join(parts)


# Three unrelated paragraphs of about forty words each.
P1 = ("The city council voted on Monday to extend the night bus network to the northern suburbs, "
      "after months of complaints from shift workers who said the last trains left too early for them "
      "to get home safely from hospitals, warehouses and airport jobs.")
P2 = ("Farmers in the valley began the grape harvest two weeks earlier than usual this year, a change "
      "growers blamed on a dry spring and a hot summer that ripened the fruit fast, leaving less acid "
      "in the wine and raising worries about the next vintages.")
P3 = ("The national library reopened its reading room after a three-year renovation that replaced the "
      "roof, restored the painted ceiling and added lifts, and the first visitors queued from dawn to see "
      "the old maps returned to their oak cases near the entrance.")


def test_a_copy_that_bridges_two_clusters_merges_them_under_the_older_name():
    a = Article(id="a", url="https://one.example/a", text=_text(P1, P2), published="2020-03-02")
    c = Article(id="c", url="https://two.example/c", text=P3, published="2020-03-01")
    b = Article(id="b", url="https://three.example/b", text=_text(P1, P2, P3), published="2020-03-03")
    assert not copies(*_mh(a.text), *_mh(c.text))
    with Store.open(":memory:") as s:
        s.write([a])
        s.write([c])
        assert s.query("SELECT count(*) AS n FROM clusters")["n"][0] == 2
        counts = s.write([b])  # b contains both a and c
        assert counts["clusters_merged"] == 1
        ((name, n, original),) = s.query("SELECT cluster_id, articles, original_id FROM clusters").values.tolist()
        assert name == key_of(a)[:16] and n == 3 and original == "c"  # c is dated earliest


def test_short_texts_cluster_only_when_identical_and_urls_join_copies():
    with Store.open(":memory:") as s:
        s.write([Article(id="x", url="https://a.example/x", text="Talks resume on Monday, officials said."),
                 Article(id="y", url="https://b.example/y", text="Talks resume on Tuesday, officials said."),
                 Article(id="z", url="https://c.example/z", text="A reworded note about the talks.",
                         extras={"canonical_url": "https://a.example/x"})])
        rows = dict(s.query("SELECT id, cluster_id FROM articles").values.tolist())
    assert rows["x"] == rows["z"] != rows["y"]


def _mh(text: str) -> tuple[list[int], int]:
    sk = sketch(text)
    return sk["minhash"], sk["shingles"]
