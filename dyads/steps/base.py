"""The base of every step: run the loop, count what passes and what is dropped, time it, and cut a
document short when it runs out of time (deadline.py)."""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator

from ..deadline import TimeLimitExceeded, current_time_limit, deadline
from ..models import Article, Drop, Failure


class Step:
    """A step turns articles into articles. Subclasses override `process` (or `__call__`).

    `process` runs under the document's deadline: the thread's time limit (deadline.time_limit) less
    the seconds earlier steps spent on the document (`Article.seconds`). A document out of time is
    dropped with reason "time_limit"; the others go on.
    """

    name = "step"

    def __init__(self) -> None:
        self.stats: Counter[str] = Counter()
        self.seconds = 0.0
        self.failures: list[Failure] = []

    def process(self, article: Article) -> Article | Drop:
        raise NotImplementedError

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            limit = current_time_limit()
            t0 = time.perf_counter()
            late = False
            try:
                if limit is not None and article.seconds >= limit:
                    raise TimeLimitExceeded
                with deadline(None if limit is None else limit - article.seconds):
                    result = self.process(article)
            except TimeLimitExceeded:
                late = True
            spent = time.perf_counter() - t0
            self.seconds += spent
            article.seconds += spent
            if late:
                over = f"over the {limit:g} s limit per document" if limit else "out of time"
                result = Drop("time_limit", f"{over}: stopped in step {self.name} after {spent:.1f} s there, "
                                            f"{article.seconds:.1f} s on the document in all")
            if isinstance(result, Drop):
                self.stats[f"dropped.{result.reason}"] += 1
                self.failures.append(Failure(article.id, article.origin, result.reason, result.detail))
                continue
            self.stats["articles"] += 1
            yield result
