"""Every document an ingest leaves out as a duplicate (same clean text from the same URL) is listed:
id, origin and why."""
from __future__ import annotations

import json

from click.testing import CliRunner

from dyads.cli import main
from dyads.ingest import ALREADY_STORED, REPEATED, ingest_inputs
from dyads.store import Store

TEXTS = {"a": "Russia condemned the United States on Monday over the sanctions.",
         "b": "France praised Germany on Tuesday for the trade deal.",
         "c": "China accused Japan on Friday of violating its airspace."}
# (id, text, url), batch size 2: a2 and b2 repeat a1 and b1 in a later batch, c2 repeats c1 within its
# batch; d1 is a1's text on another site, a report of its own (stored, clustered with a1)
DOCS = [("a1", "a", "https://one.example/a"), ("b1", "b", "https://one.example/b"),
        ("a2", "a", "https://one.example/a"), ("b2", "b", "https://one.example/b"),
        ("c1", "c", "https://one.example/c"), ("c2", "c", "https://one.example/c"),
        ("d1", "a", "https://two.example/a")]


def write_input(path) -> str:
    path.write_text("".join(json.dumps({"id": i, "text": TEXTS[t], "url": u}) + "\n" for i, t, u in DOCS),
                    encoding="utf-8")
    return str(path)


def test_each_skipped_document_is_listed_with_its_reason(tmp_path):
    src, db = write_input(tmp_path / "in.jsonl"), str(tmp_path / "s.duckdb")
    heard = []
    first = ingest_inputs([src], db, batch_size=2, on_skip=heard.append)
    assert first.added == 4 and first.skipped == 3 and first.processed == 7
    assert [(s.id, s.origin, s.reason) for s in first.skipped_docs] == [
        ("a2", f"{src}:3", REPEATED), ("b2", f"{src}:4", REPEATED), ("c2", f"{src}:6", REPEATED)]
    assert heard == first.skipped_docs
    with Store.open(db, read_only=True) as store:
        stored = dict(store.query("SELECT id, key FROM articles").itertuples(index=False))
    assert set(stored) == {"a1", "b1", "c1", "d1"}
    assert {s.id: s.key for s in first.skipped_docs} == {"a2": stored["a1"], "b2": stored["b1"], "c2": stored["c1"]}
    assert "3 already in" in first.describe() and "3 of them repeated in the input" in first.describe()

    again = ingest_inputs([src], db, batch_size=2)  # now every one was stored before this run
    assert again.added == 0 and again.skipped == 7 == len(again.skipped_docs)
    assert [(s.id, s.reason) for s in again.skipped_docs] == [(d[0], ALREADY_STORED) for d in DOCS]


def test_ingest_verbose_prints_each_skipped_document(tmp_path):
    src, db = write_input(tmp_path / "in.jsonl"), str(tmp_path / "v.duckdb")
    result = CliRunner().invoke(main, ["ingest", src, "--db", db, "--batch-size", "2", "-v"])
    assert result.exit_code == 0, result.output
    lines = [x for x in result.stderr.splitlines() if x.startswith("dyads: skipped duplicate")]
    assert lines == [f"dyads: skipped duplicate {i} ({src}:{n}): repeated in input"
                     for i, n in (("a2", 3), ("b2", 4), ("c2", 6))]
    quiet = CliRunner().invoke(main, ["ingest", src, "--db", db])
    assert quiet.exit_code == 0 and "skipped duplicate" not in quiet.stderr
    assert "7 already in" in quiet.stdout
