"""Issue 2's acceptance check: `dyads extract` on the seed page agrees with shared/seed/expected.json."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from dyads.cli import main

from .conftest import SEED, SHARED

EXPECTED = json.loads((SHARED / "seed" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def record():
    result = CliRunner().invoke(main, ["extract", str(SEED), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (line,) = [ln for ln in result.stdout.splitlines() if ln.strip()]
    return json.loads(line)


def test_id_title_and_clean_text(record):
    assert record["id"] == EXPECTED["id"]
    assert record["title"] == EXPECTED["title"]
    assert record["text"].startswith(EXPECTED["text_starts_with"])
    assert record["text"].endswith(EXPECTED["text_ends_with"])
    for junk in EXPECTED["boilerplate_not_in_text"]:
        assert junk not in record["text"]


def test_both_quotes_with_their_speakers(record):
    direct = [q for q in record["quotes"] if q["kind"] == "direct"]
    assert len(direct) == len(EXPECTED["quotes"])
    for want, got in zip(EXPECTED["quotes"], direct):
        assert got["text"].strip(" ,.") == want["text"].strip(" ,.")
        assert got["speaker"]["name"].endswith(want["speaker"])
        assert got["speaker"]["code"] == want["speaker_code"]
        assert record["text"][got["start"]:got["end"]] == got["text"]
    assert not any("2+2" in q["text"] for q in direct)


def test_all_actors_with_their_codes(record):
    found = {a["name"]: a for a in record["actors"]}
    for want in EXPECTED["actors"]:
        assert want["name"] in found, f"missing actor {want['name']}"
        got = found[want["name"]]
        assert got["code"] == want["code"], (want["name"], got["code"])
        texts = {m["text"] for m in got["mentions"]}
        for m in got["mentions"]:
            assert record["text"][m["start"]:m["end"]] == m["text"]
        assert want["name"] in texts or any(want["name"].endswith(t) for t in texts)


def test_events_match_on_dyad_and_root(record):
    def key(src, tgt, cameo):
        return (src[:3], tgt[:3], cameo[:2])

    gold = Counter(key(e["source"], e["target"], e["cameo"]) for e in EXPECTED["events"])
    pred = Counter(key(e["source"]["code"], (e["target"] or {}).get("code", ""), e["cameo"])
                   for e in record["events"] if not e["negated"])
    matched = sum((gold & pred).values())
    assert matched >= 7, f"{matched} of {sum(gold.values())} events matched: {sorted(pred)}"
    for e in record["events"]:
        assert record["text"][e["start"]:e["end"]] == e["sentence"]
        assert record["text"][e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
        assert e["pattern_id"]
