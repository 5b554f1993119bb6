"""Parse each article's clean text with spaCy: tokens, sentences, tags, dependencies, entities."""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from itertools import islice

from ..models import Article
from ..nlp import MAX_CHARS, MODEL, load_nlp
from ..registry import register
from .base import Step


@register("parse")
class ParseStep(Step):
    """Sets `article.doc`. Texts are batched through `nlp.pipe`; the model loads once per process."""

    def __init__(self, *, model: str = MODEL, batch_size: int = 32) -> None:
        super().__init__()
        self.nlp = load_nlp(model)
        self.batch_size = batch_size

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        it = iter(articles)
        while batch := list(islice(it, self.batch_size)):
            t0 = time.perf_counter()
            texts = []
            for a in batch:
                if len(a.text) > MAX_CHARS:
                    a.extras.setdefault("warnings", []).append(f"text cut to {MAX_CHARS} characters")
                    a.text = a.text[:MAX_CHARS]
                texts.append(a.text)
            for a, doc in zip(batch, self.nlp.pipe(texts, batch_size=self.batch_size)):
                a.doc = doc
            self.seconds += time.perf_counter() - t0
            self.stats["articles"] += len(batch)
            yield from batch
