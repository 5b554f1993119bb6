"""The local runner: an article that breaks a step costs that article alone."""
from __future__ import annotations

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
