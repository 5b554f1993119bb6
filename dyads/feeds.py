"""RSS and Atom feeds: each item becomes an Article with its link, title, date and text.

The item's full content is used when the feed carries it, else its summary; either way HTML in it
is flattened to text (one paragraph per block). Items are `record`s: their text is kept as given.
"""
from __future__ import annotations

import calendar
import time
from collections.abc import Iterator

from .html import visible_text
from .models import Article, Failure

FEED_SUFFIXES = {".rss", ".atom", ".rdf", ".xml"}
FEED_SNIFF = (b"<rss", b"<feed", b"<rdf:rdf")


def looks_like_feed(data: bytes) -> bool:
    head = data[:2048].lower()
    return any(tag in head for tag in FEED_SNIFF)


def _iso(parsed: time.struct_time | None) -> str:
    if not parsed:
        return ""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(parsed)))


def _item_text(entry: dict) -> str:
    parts = entry.get("content") or []
    value = max((p.get("value") or "" for p in parts), key=len, default="") or entry.get("summary") or ""
    if "<" in value and ">" in value:
        return visible_text(f"<html><body>{value}</body></html>").replace("\n", "\n\n")
    return value.strip()


def read_feed(data: bytes, *, origin: str, id_prefix: str, keep_empty: bool = False) -> Iterator[Article | Failure]:
    """The items of a feed document; an item without text is a Failure (with `keep_empty`, an
    Article with empty `raw_text`, for a caller that fetches its page), a broken feed one Failure."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        detail = str(parsed.get("bozo_exception") or "no items")[:200]
        yield Failure(id_prefix, origin, "bad_feed", detail)
        return
    for n, entry in enumerate(parsed.entries, 1):
        link = entry.get("link") or ""
        id = entry.get("id") or link or f"{id_prefix}-{n}"
        text = _item_text(entry)
        if not text.strip() and not keep_empty:
            yield Failure(id, f"{origin}#{n}", "empty", "the feed item has no content or summary")
            continue
        tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
        yield Article(id=id, url=link, origin=f"{origin}#{n}", title=entry.get("title") or "",
                      published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
                      raw_text=text, input_kind="record", keywords=tags,
                      extras={"authors": [a.get("name") for a in entry.get("authors") or [] if a.get("name")]})
