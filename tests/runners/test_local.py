"""The local runner: an article that breaks a step, or runs past the time limit, costs that article alone."""
from __future__ import annotations

import threading
import time

import pytest

from dyads.deadline import (
    DEFAULT_TIME_LIMIT,
    TimeLimitExceeded,
    check_deadline,
    current_time_limit,
    deadline,
    time_limit,
)
from dyads.models import Article, Drop, Failure
from dyads.runners.local import LocalRunner
from dyads.steps.base import Step


class Upper(Step):
    name = "upper"

    def process(self, article):
        article.text = (article.raw_text or "").upper()
        return article


class Picky(Step):
    """Raises on one word, drops another: stands for a step meeting a document it cannot handle."""

    name = "picky"

    def process(self, article):
        if "BOOM" in article.text:
            raise ValueError("cannot handle this one")
        if "SKIP" in article.text:
            return Drop("no_text", "nothing to keep")
        return article


def test_a_raising_article_is_recorded_and_the_batch_goes_on():
    items = [Article(id=f"a{i}", raw_text=t) for i, t in enumerate(["one", "boom", "two", "skip", "three"])]
    items.insert(2, Failure("bad", "x.txt", "binary"))
    seen = []
    runner = LocalRunner([Upper(), Picky()], batch_size=4, on_failure=seen.append)
    out = list(runner.run(items))
    assert [a.id for a in out] == ["a0", "a2", "a4"]
    assert [a.text for a in out] == ["ONE", "TWO", "THREE"]
    assert {(f.id, f.reason) for f in runner.stats.failures} == {("a1", "step_error"), ("bad", "binary"),
                                                                  ("a3", "no_text")}
    assert "cannot handle this one" in next(f.detail for f in seen if f.id == "a1")
    assert runner.stats.read == 6 and runner.stats.done == 3
    assert runner.stats.steps["picky"]["dropped.no_text"] == 1


# -- the time limit per document ---------------------------------------------------------------------

class Slow(Step):
    """Spends `seconds` on an article whose text says SLOW: checking the deadline as our loops do
    (`polite`), or not at all, as library code does (the watchdog must cut it)."""

    name = "slow"

    def __init__(self, seconds: float = 30.0, *, polite: bool = True) -> None:
        super().__init__()
        self.wait, self.polite, self.calls = seconds, polite, 0

    def process(self, article):
        self.calls += 1
        if "SLOW" in article.text:
            end = time.monotonic() + self.wait
            while time.monotonic() < end:
                if self.polite:
                    check_deadline()
                sum(range(100))
        return article


def _batch(*texts: str) -> list[Article]:
    return [Article(id=f"a{i}", origin="x.jsonl", raw_text=t) for i, t in enumerate(texts)]


def _run_in_thread(fn):
    """fn() in a worker thread, as Dask runs steps; its result."""
    out = []
    t = threading.Thread(target=lambda: out.append(fn()))
    t.start()
    t.join(60)
    assert out, "the worker thread did not finish"
    return out[0]


@pytest.mark.parametrize("polite", [True, False], ids=["checks", "never_checks"])
@pytest.mark.parametrize("where", ["main_thread", "worker_thread"])
def test_an_overrunning_step_is_cut_and_the_batch_goes_on(polite, where):
    runner = LocalRunner([Upper(), Slow(polite=polite), Picky()], batch_size=8, time_limit=0.5)
    items = _batch("one", "slow", "two", "skip", "three")

    def go():
        t0 = time.monotonic()
        out = list(runner.run(items))
        return out, time.monotonic() - t0

    out, seconds = go() if where == "main_thread" else _run_in_thread(go)
    assert seconds < 10  # the slow article alone would take 30 s
    assert [a.id for a in out] == ["a0", "a2", "a4"]
    late = [f for f in runner.stats.failures if f.reason == "time_limit"]
    assert [(f.id, f.origin) for f in late] == [("a1", "x.jsonl")]
    assert "slow" in late[0].detail and "0.5 s limit" in late[0].detail
    assert runner.stats.steps["slow"]["dropped.time_limit"] == 1
    assert {f.reason for f in runner.stats.failures} == {"time_limit", "no_text"}


def test_the_limit_is_per_document_over_all_steps():
    # each step alone stays under the limit; together they do not
    first, second = Slow(0.4, polite=True), Slow(0.4, polite=True)
    second.name = "slow2"
    runner = LocalRunner([Upper(), first, second], time_limit=0.6)
    out = list(runner.run(_batch("slow", "fast")))
    assert [a.id for a in out] == ["a1"]
    (f,) = runner.stats.failures
    assert f.reason == "time_limit" and "step slow2" in f.detail


def test_a_late_article_is_not_run_again_when_its_batch_is_split():
    # "boom" makes the runner re-run the batch article by article: the late one is not re-run
    slow = Slow(30, polite=True)
    runner = LocalRunner([Upper(), slow, Picky()], batch_size=8, time_limit=0.3)
    t0 = time.monotonic()
    out = list(runner.run(_batch("slow", "one", "boom", "skip")))
    assert time.monotonic() - t0 < 5
    assert [a.id for a in out] == ["a1"]
    assert sorted((f.id, f.reason) for f in runner.stats.failures) == [
        ("a0", "time_limit"), ("a2", "step_error"), ("a3", "no_text")]  # each once
    assert slow.calls == 3 + 3  # slow, one, boom (which stops the pass), then one, boom, skip again


def test_no_limit_and_the_threads_setting():
    runner = LocalRunner([Upper(), Slow(0.3)], time_limit=0)
    assert [a.id for a in runner.run(_batch("slow"))] == ["a0"]
    assert current_time_limit() == DEFAULT_TIME_LIMIT
    with time_limit(0.1):  # a runner without its own limit takes the thread's (the command line's)
        runner = LocalRunner([Upper(), Slow(5)])
        assert list(runner.run(_batch("slow"))) == []
        assert runner.stats.failures[0].reason == "time_limit"
    assert current_time_limit() == DEFAULT_TIME_LIMIT


def test_no_time_limit_exception_escapes_a_deadline():
    # deadlines that run out just as the work ends: the exception is raised inside or not at all
    for i in range(200):
        try:
            with deadline(0.001):
                end = time.monotonic() + 0.0005 + (i % 10) * 0.0002
                while time.monotonic() < end:
                    pass
        except TimeLimitExceeded:
            pass
        t = time.monotonic() + 0.002
        while time.monotonic() < t:  # a late raise would land here
            pass
