"""The CLI end to end on real texts: extract, ingest (twice), queries, timeline, bad input."""
from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from dyads.actors import reset_user_actors
from dyads.cli import main

from .conftest import SEED, SHARED

WIKINEWS = SHARED / "data" / "wikinews-en" / "articles.jsonl"
TABLES = ("articles", "actors", "mentions", "quotes", "events")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seed page plus a dozen Wikinews articles, as a folder of real inputs."""
    d = tmp_path_factory.mktemp("corpus")
    (d / SEED.name).write_bytes(SEED.read_bytes())
    lines = WIKINEWS.read_text(encoding="utf-8").splitlines()[:12]
    (d / "wikinews.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def counts(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def test_help_on_every_command():
    runner = CliRunner()
    for cmd in ("extract", "ingest", "events", "quotes", "actors", "timeline", "demo", "explain", "export",
                "sql", "serve"):
        result = runner.invoke(main, [cmd, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_bad_documents_are_reported_and_the_rest_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "good.txt").write_bytes(SEED.read_bytes())
    result = CliRunner().invoke(main, ["extract", str(tmp_path)])
    assert result.exit_code == 0
    recs = [json.loads(ln) for ln in result.stdout.splitlines()]
    assert {r["id"]: r.get("error") for r in recs} == {"good": None, "empty": "empty", "binary": "binary"}
    assert "skipped empty" in result.stderr and "skipped binary" in result.stderr


def test_nothing_processed_is_an_error(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "empty.txt")])
    assert result.exit_code != 0 and "nothing could be processed" in result.output


def test_ingest_twice_adds_nothing_and_queries_answer(corpus, tmp_path):
    db = tmp_path / "t.duckdb"
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(corpus), "--db", str(db)])
    assert first.exit_code == 0, first.output
    before = counts(db)
    assert before["articles"] == 13 and before["events"] > 0 and before["quotes"] > 0
    again = runner.invoke(main, ["ingest", str(corpus), "--db", str(db)])
    assert again.exit_code == 0 and "0 articles added" in again.output
    assert counts(db) == before

    ev = runner.invoke(main, ["events", "--db", str(db), "--source", "RUS", "--target", "USA", "--format", "json"])
    assert ev.exit_code == 0, ev.output
    rows = json.loads(ev.stdout)
    assert rows and all(r["source_code"].startswith("RUS") and r["target_code"].startswith("USA") for r in rows)

    q = runner.invoke(main, ["quotes", "--db", str(db), "--speaker", "Lavrov", "--format", "json"])
    assert any("Cold War" in r["text"] for r in json.loads(q.stdout))

    tl = runner.invoke(main, ["timeline", "RUS", "USA", "--db", str(db), "--by", "month", "--format", "csv"])
    assert tl.exit_code == 0 and tl.stdout.count("\n") >= 1

    act = runner.invoke(main, ["actors", "--db", str(db), "--actor", "Lavrov"])
    assert act.exit_code == 0 and "Sergey Lavrov" in act.stdout


def test_users_own_actor_file_extends_the_dictionary(tmp_path):
    actors = tmp_path / "mine.csv"
    actors.write_text("name,code,type,aliases\nJane Quux,GBRGOV,PER,Quux\n", encoding="utf-8")
    page = tmp_path / "p.txt"
    page.write_text("Jane Quux met the French president in Paris on Monday. Quux said the talks went well.",
                    encoding="utf-8")
    try:
        result = CliRunner().invoke(main, ["extract", str(page), "--actors", str(actors)])
    finally:
        reset_user_actors()
    assert result.exit_code == 0, result.output
    codes = {a["name"]: a["code"] for a in json.loads(result.stdout.splitlines()[0])["actors"]}
    assert codes["Jane Quux"] == "GBRGOV"


def test_explain_marks_every_event_of_the_seed():
    result = CliRunner().invoke(main, ["explain", str(SEED)])
    assert result.exit_code == 0, result.output
    blocks = [b for b in result.stdout.split("\n\n")[1:] if b.strip()]
    assert len(blocks) >= 9
    for block in blocks:
        assert "pattern " in block and "{" in block
    assert sum("[S: " in b and "[T: " in b for b in blocks) >= 9
    assert "Russian FM" in result.stdout and "04.meeting.n" in result.stdout
