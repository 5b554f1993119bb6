"""Turn what was read into clean story text and metadata: HTML through trafilatura, dumps through
the line cleaner (textclean.py), JSON Lines text as given unless asked to clean it."""
from __future__ import annotations

import re

import trafilatura

from ..errors import ConfigError
from ..models import Article, Drop
from ..registry import register
from ..textclean import clean_dump
from .base import Step

BLANK_RUNS = re.compile(r"\n\s*\n\s*")
TEXT_RECORD_MODES = ("keep", "dump")


def tidy(text: str) -> str:
    """Unify line ends and paragraph breaks; keep the words and spaces inside lines as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return BLANK_RUNS.sub("\n\n", text).strip()


@register("clean")
class CleanStep(Step):
    """Sets `text`, and `title`, `published`, `url`, `keywords` where the page says them."""

    def __init__(self, *, text_records: str = "keep", favor_precision: bool = False) -> None:
        super().__init__()
        if text_records not in TEXT_RECORD_MODES:
            raise ConfigError(f"clean: text_records must be one of {TEXT_RECORD_MODES}, not {text_records!r}")
        self.text_records = text_records
        self.favor_precision = favor_precision

    def process(self, article: Article) -> Article | Drop:
        if article.html is not None:
            self.clean_html(article)
        elif article.raw_text is not None:
            if article.input_kind != "record" or self.text_records == "dump":
                cleaned = clean_dump(article.raw_text, title=article.title)
                article.text = tidy(cleaned.text)
                article.title = article.title or cleaned.title
                article.keywords = article.keywords or cleaned.keywords
            else:
                article.text = tidy(article.raw_text)
        if not article.text.strip():
            return Drop("no_text", "no story text found")
        return article

    def clean_html(self, article: Article) -> None:
        doc = trafilatura.bare_extraction(
            article.html,
            url=article.url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=self.favor_precision,
        )
        if doc is None:
            article.text = ""
            return
        article.text = tidy(doc.text or "")
        article.title = article.title or (doc.title or "")
        article.published = article.published or (doc.date or "")
        article.url = article.url or (doc.url or "")
        tags = [t.strip() for tag in (doc.tags or []) + (doc.categories or []) for t in tag.split(",")]
        article.keywords = article.keywords or list(dict.fromkeys(t for t in tags if t))
