"""Run the steps in this process, a batch at a time, isolating any article that breaks a step."""
from __future__ import annotations

import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice

from ..deadline import time_limit
from ..models import Article, Failure
from ..steps.base import Step

Item = Article | Failure


@dataclass(slots=True)
class RunStats:
    """What a run did: articles out, failures with reasons, per-step counts and seconds."""

    read: int = 0
    done: int = 0
    failures: list[Failure] = field(default_factory=list)
    steps: dict[str, dict] = field(default_factory=dict)

    def reasons(self) -> Counter[str]:
        return Counter(f.reason for f in self.failures)


class LocalRunner:
    """Pushes batches of articles through `steps`. A step that raises on an article costs that
    article alone: the batch is re-run one article at a time and the culprit is recorded.

    `time_limit`: seconds the steps may spend on one document before it is dropped as "time_limit"
    (deadline.py); None keeps this thread's setting (deadline.DEFAULT_TIME_LIMIT unless set), 0 is
    no limit.
    """

    def __init__(self, steps: list[Step], *, batch_size: int = 32,
                 on_failure: Callable[[Failure], None] | None = None, time_limit: float | None = None) -> None:
        self.steps = steps
        self.batch_size = batch_size
        self.on_failure = on_failure
        self.time_limit = time_limit
        self.stats = RunStats()

    def _fail(self, failure: Failure) -> None:
        self.stats.failures.append(failure)
        if self.on_failure:
            self.on_failure(failure)

    def _chain(self, articles: list[Article]) -> list[Article]:
        stream: Iterable[Article] = articles
        for step in self.steps:
            stream = step(stream)
        with nullcontext() if self.time_limit is None else time_limit(self.time_limit):
            out = list(stream)
        for step in self.steps:
            for f in step.failures:
                self._fail(f)
            step.failures.clear()
        return out

    def _run_batch(self, batch: list[Article]) -> list[Article]:
        try:
            return self._chain(batch)
        except Exception:  # noqa: BLE001 - isolate the article below, then record it
            # the batch is re-run article by article, but for those already out of time (not twice)
            late = {}
            for step in self.steps:
                late.update((f.id, f) for f in step.failures if f.reason == "time_limit")
                step.failures.clear()
            for f in late.values():
                self._fail(f)
            batch = [a for a in batch if a.id not in late]
            if len(batch) == 1:
                a = batch[0]
                detail = traceback.format_exc(limit=3).strip().splitlines()[-1]
                self._fail(Failure(a.id, a.origin, "step_error", detail))
                return []
            out: list[Article] = []
            for a in batch:
                fresh = Article(id=a.id, url=a.url, origin=a.origin, html=a.html, raw_text=a.raw_text,
                                input_kind=a.input_kind, title=a.title, published=a.published)
                out += self._run_batch([fresh])
            return out

    def run(self, items: Iterable[Item]) -> Iterator[Article]:
        """Processed articles in input order; failures go to `stats.failures` and `on_failure`."""
        articles = self._articles(items)
        while batch := list(islice(articles, self.batch_size)):
            for a in self._run_batch(batch):
                self.stats.done += 1
                a.doc = None  # the parse is large; nothing after the steps needs it
                yield a
        for step in self.steps:
            self.stats.steps[step.name] = {"seconds": round(step.seconds, 3), **step.stats}

    def _articles(self, items: Iterable[Item]) -> Iterator[Article]:
        for item in items:
            self.stats.read += 1
            if isinstance(item, Failure):
                self._fail(item)
            else:
                yield item
