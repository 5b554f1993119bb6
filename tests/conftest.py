"""Shared test helpers: paths to the shared data and a parsed-article factory."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_2342fa2aa6b80750.txt"


def make_article(text: str, *, id: str = "t", title: str = "", published: str = ""):
    """An Article with `text` parsed by spaCy, ready for the actor, quote and event steps."""
    from dyads.models import Article
    from dyads.nlp import parse

    article = Article(id=id, text=text, title=title, published=published)
    article.doc = parse(text)
    return article


@pytest.fixture
def article_factory():
    return make_article
