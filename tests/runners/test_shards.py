"""Shards: planning (files, JSON Lines line ranges), reading one back, and running the steps on one."""
from __future__ import annotations

import gzip

import pytest

from dyads.errors import InputError
from dyads.frames import load_frames
from dyads.readers import read_inputs
from dyads.runners.shards import Shard, plan_shards, read_shard, run_id, run_shard, shard_folder

from ..conftest import SEED, SHARED


@pytest.fixture
def corpus(tmp_path) -> list[str]:
    lines = (SHARED / "data/wikinews-en/articles.jsonl").read_text(encoding="utf-8").splitlines(True)[:8]
    lines.insert(3, "\n")  # a blank line keeps the line numbers of those after it
    (tmp_path / "a.jsonl").write_text("".join(lines), encoding="utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("".join(lines[:5]))
    return [str(SEED), str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl.gz"), str(SEED)]


def test_shards_read_back_the_same_documents_as_the_whole_inputs(corpus):
    shards = plan_shards(corpus, size=3)
    assert [s.size for s in shards] == [1, 3, 3, 3, 3, 2, 1]
    assert [s.id for s in shards] == [f"{i:05d}" for i in range(7)]
    assert shards[2].offset > 0 and shards[5].offset == -1  # a gzip file cannot seek
    whole = [(a.id, a.origin, getattr(a, "raw_text", None)) for a in read_inputs(corpus)]
    sharded = [(a.id, a.origin, getattr(a, "raw_text", None)) for s in shards for a in read_shard(s)]
    assert sharded == whole


def test_files_are_grouped_and_streams_refused(corpus):
    assert plan_shards([SEED, SEED, SEED], size=2) == [Shard("00000", (str(SEED),) * 2),
                                                       Shard("00001", (str(SEED),))]
    with pytest.raises(InputError):
        plan_shards(["-"])


def test_the_run_id_follows_inputs_and_steps(corpus):
    shards = plan_shards(corpus, size=3)
    assert run_id(shards, ["clean"], None) == run_id(plan_shards(corpus, size=3), ["clean"], None)
    assert run_id(shards, ["clean"], None) != run_id(shards, ["clean", "parse"], None)
    assert run_id(shards, ["clean"], None) != run_id(plan_shards(corpus, size=4), ["clean"], None)


def test_run_shard_saves_whole_frames(corpus, tmp_path):
    shard = plan_shards(corpus, size=3)[1]
    result = run_shard(shard, str(tmp_path / "run"), ["clean"])
    assert (result.read, result.done, result.failures) == (3, 3, [])
    assert result.maxrss_mb > 0 and result.steps["clean"]["articles"] == 3
    frames = load_frames(shard_folder(tmp_path / "run", shard.id))
    assert frames["articles"]["id"].tolist() == ["wn-000", "wn-001", "wn-002"]
    again = run_shard(shard, str(tmp_path / "run"), ["clean"])  # a retried task: same folder, same stats
    assert again.steps == result.steps
