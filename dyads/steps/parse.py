"""Parse each article's clean text with spaCy: tokens, sentences, tags, dependencies, entities."""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from itertools import islice

from ..models import Article
from ..nlp import MAX_CHARS, MODEL, load_nlp
from ..registry import register
from .base import Step

# Most characters handed to spaCy at once: a batch of long articles is parsed in parts, so that
# peak memory follows the longest article, not the sum of a batch (the parses are the same).
BATCH_CHARS = 40_000


def _by_chars(texts: list[str], limit: int) -> Iterator[list[str]]:
    """`texts` in order, in runs of at most `limit` characters (a longer text alone)."""
    part: list[str] = []
    size = 0
    for t in texts:
        if part and size + len(t) > limit:
            yield part
            part, size = [], 0
        part.append(t)
        size += len(t)
    if part:
        yield part


@register("parse")
class ParseStep(Step):
    """Sets `article.doc`. Texts are batched through `nlp.pipe`; the model loads once per process.

    `fast`: the model with dyads' faster, lighter components, which give the same annotations
    (dyads.nlp.load_nlp); False runs the model's own.
    """

    def __init__(self, *, model: str = MODEL, batch_size: int = 32, batch_chars: int = BATCH_CHARS,
                 fast: bool = True) -> None:
        super().__init__()
        self.nlp = load_nlp(model, fast)
        self.batch_size = batch_size
        self.batch_chars = batch_chars

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
            docs = (doc for part in _by_chars(texts, self.batch_chars)
                    for doc in self.nlp.pipe(part, batch_size=len(part)))
            for a, doc in zip(batch, docs):
                a.doc = doc
            self.seconds += time.perf_counter() - t0
            self.stats["articles"] += len(batch)
            yield from batch
