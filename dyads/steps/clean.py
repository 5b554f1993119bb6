"""Turn what was read into clean story text and metadata: HTML through extract.py (trafilatura plus
our own clean-up), dumps through the line cleaner (textclean.py), JSON Lines text as given unless
asked to clean it. Page metadata that Article has no field for goes to `extras`: authors, site_name,
language, canonical_url, description."""
from __future__ import annotations

import re

from ..errors import ConfigError
from ..extract import extract_html
from ..models import Article, Drop
from ..registry import register
from ..textclean import clean_dump
from .base import Step

BLANK_RUNS = re.compile(r"\n\s*\n\s*")
TEXT_RECORD_MODES = ("keep", "dump")
# A tag with more attributes than this loses them all before the page is parsed: libxml2 checks each
# attribute against all the earlier ones of its tag, in C, where no time limit reaches (16,000 take
# seconds, 200,000 minutes). A tag that long has at least 4 characters an attribute (' a=b').
MAX_TAG_ATTRIBUTES = 1000
LONG_TAG = re.compile(rf"<([A-Za-z][\w:-]*)(\s[^<>]{{{4 * MAX_TAG_ATTRIBUTES},}})>")
ATTRIBUTE = re.compile(r"\s[^\s=<>\"'/]+\s*=")


def strip_huge_tags(html: str) -> str:
    """`html` with the attributes of every tag that has more than MAX_TAG_ATTRIBUTES of them removed."""
    def strip(m: re.Match) -> str:
        return f"<{m[1]}>" if len(ATTRIBUTE.findall(m[2])) > MAX_TAG_ATTRIBUTES else m[0]

    return LONG_TAG.sub(strip, html)


def tidy(text: str) -> str:
    """Unify line ends and paragraph breaks; keep the words and spaces inside lines as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return BLANK_RUNS.sub("\n\n", text).strip()


@register("clean")
class CleanStep(Step):
    """Sets `text`, and `title`, `published`, `url`, `keywords` (and `extras` metadata) where the page
    says them."""

    def __init__(self, *, text_records: str = "keep", favor_precision: bool = False,
                 drop_standfirst: bool = False) -> None:
        super().__init__()
        if text_records not in TEXT_RECORD_MODES:
            raise ConfigError(f"clean: text_records must be one of {TEXT_RECORD_MODES}, not {text_records!r}")
        self.text_records = text_records
        self.favor_precision = favor_precision
        self.drop_standfirst = drop_standfirst  # also cut the summary set as a heading under the headline

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
        found = extract_html(strip_huge_tags(article.html), url=article.url,
                             favor_precision=self.favor_precision, drop_standfirst=self.drop_standfirst)
        if found is None:
            article.text = ""
            return
        article.text = tidy(found.text)
        article.title = article.title or found.title
        article.published = article.published or found.published
        article.url = article.url or found.canonical_url
        article.keywords = article.keywords or found.tags
        meta = {"authors": found.authors, "site_name": found.site_name, "language": found.language,
                "canonical_url": found.canonical_url, "description": found.description}
        for key, value in meta.items():
            if value and key not in article.extras:
                article.extras[key] = value
