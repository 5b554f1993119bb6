"""Clean a page that was already flattened to text: keep the story, drop the page around it."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .boilerplate import (
    CONTENT_LONG_WORDS,
    CONTENT_MIN_WORDS,
    PUNCTUATION_LINE,
    SENTENCE_END,
    TAIL_MIN_WORDS,
    TAG_PREFIX_MAX_TOKENS,
    TITLE_MAX_WORDS,
    WIDGET_LINE,
)

WORD = re.compile(r"\w+")


@dataclass(slots=True)
class CleanText:
    """The story text (paragraphs joined by blank lines), the title found, the page's tag words."""

    text: str
    title: str = ""
    keywords: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (reason, line)


def words(s: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", s).casefold())


def is_content(line: str) -> bool:
    n = len(line.split())
    return n >= CONTENT_LONG_WORDS or (n >= CONTENT_MIN_WORDS and bool(SENTENCE_END.search(line)))


def is_tail_sentence(line: str) -> bool:
    return len(line.split()) >= TAIL_MIN_WORDS and bool(SENTENCE_END.search(line))


def tag_prefix(line_words: list[str], title_words: list[str]) -> list[str] | None:
    """The tokens before a repeat of the title at the end of a line ("7776lavrov kerry ... <title>")."""
    k = len(title_words)
    if k < 3 or len(line_words) <= k or line_words[-k:] != title_words:
        return None
    prefix = line_words[:-k]
    return prefix if len(prefix) <= TAG_PREFIX_MAX_TOKENS else None


def keywords_from(prefix: list[str]) -> list[str]:
    """Tag words from a counter-and-tags prefix: digits glued to the first tag are a counter."""
    out = []
    for tok in prefix:
        tok = tok.lstrip("0123456789_")
        if tok.isalpha() and tok not in out:
            out.append(tok)
    return out


def clean_dump(raw: str, *, title: str = "") -> CleanText:
    """The story in a flattened page. `title` is the known title, if any; else the first line may be."""
    lines = [ln.strip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    result = CleanText(text="", title=title)
    if not lines:
        return result
    if not title:
        first = lines[0]
        if len(first.split()) <= TITLE_MAX_WORDS and not is_content(first) and len(lines) > 1:
            result.title = first
    title_words = words(result.title)

    kept: list[str] = []
    for ln in lines:
        w = words(ln)
        reason = ""
        if title_words and w == title_words:
            reason = "title"
        elif (prefix := tag_prefix(w, title_words)) is not None:
            reason = "tags"
            if not result.keywords:
                result.keywords = keywords_from(prefix)
        elif PUNCTUATION_LINE.match(ln):
            reason = "punctuation"
        elif WIDGET_LINE.match(ln):
            reason = "widget"
        if reason:
            result.dropped.append((reason, ln))
        else:
            kept.append(ln)

    content = [i for i, ln in enumerate(kept) if is_content(ln)]
    if content:
        first, last = content[0], content[-1]
        # short closing sentences ("He is survived by his wife.") still belong to the story
        while last + 1 < len(kept) and is_tail_sentence(kept[last + 1]):
            last += 1
        result.dropped += [("before_story", ln) for ln in kept[:first]]
        result.dropped += [("after_story", ln) for ln in kept[last + 1:]]
        kept = kept[first:last + 1]
    result.text = "\n\n".join(kept)
    return result
