"""The base of every step: run the loop, count what passes and what is dropped, time it."""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator

from ..models import Article, Drop, Failure


class Step:
    """A step turns articles into articles. Subclasses override `process` (or `__call__`)."""

    name = "step"

    def __init__(self) -> None:
        self.stats: Counter[str] = Counter()
        self.seconds = 0.0
        self.failures: list[Failure] = []

    def process(self, article: Article) -> Article | Drop:
        raise NotImplementedError

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            t0 = time.perf_counter()
            result = self.process(article)
            self.seconds += time.perf_counter() - t0
            if isinstance(result, Drop):
                self.stats[f"dropped.{result.reason}"] += 1
                self.failures.append(Failure(article.id, article.origin, result.reason, result.detail))
                continue
            self.stats["articles"] += 1
            yield result
