"""Clean a page that was already flattened to text: keep the story, drop the page around it."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .boilerplate import (
    AFTER_BREAK_WEIGHT,
    CJK,
    CJK_CHARS_PER_WORD,
    CLAUSE_END,
    CONTENT_LONG_WORDS,
    CONTENT_MIN_WORDS,
    POSITION_DECAY,
    PUNCTUATION_LINE,
    SECOND_RUN_SHARE,
    SECTION_BREAK,
    SENTENCE_END,
    SHORT_LINE_COST,
    STORY_LONG_WORDS,
    STORY_MIN_WORDS,
    TAG_PREFIX_MAX_TOKENS,
    TAIL_MIN_WORDS,
    TITLE_MAX_WORDS,
    WIDGET_LINE,
)
from .deadline import check_deadline
from .extract_rules import JUNK_BLOCK, JUNK_MAX_WORDS

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
    n = count_words(line)
    return n >= CONTENT_LONG_WORDS or (n >= CONTENT_MIN_WORDS and bool(SENTENCE_END.search(line)))


def is_tail_sentence(line: str) -> bool:
    return count_words(line) >= TAIL_MIN_WORDS and bool(SENTENCE_END.search(line))


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


def count_words(line: str) -> int:
    """Words in a line; in scripts written without spaces, CJK_CHARS_PER_WORD characters make a word."""
    cjk = len(CJK.findall(line))
    if not cjk:
        return len(line.split())
    return len(CJK.sub(" ", line).split()) + cjk // CJK_CHARS_PER_WORD


def line_value(line: str, repeated: bool) -> float:
    """A line's worth in the search for the story: its words for a story line, else a cost."""
    n = count_words(line)
    if SECTION_BREAK.match(line):
        return -float("inf")
    if repeated or (n <= JUNK_MAX_WORDS and (WIDGET_LINE.match(line) or JUNK_BLOCK.match(line))):
        return -2 * SHORT_LINE_COST
    if n >= STORY_LONG_WORDS or (n >= STORY_MIN_WORDS and CLAUSE_END.search(line)):
        return n
    return -SHORT_LINE_COST


def _best_run(values: list[float], lo: int, hi: int) -> tuple[float, int, int]:
    """The run [start, end) of `values[lo:hi]` with the greatest sum (0, lo, lo when none is positive)."""
    best, cur, start = (0.0, lo, lo), 0.0, lo
    for i in range(lo, hi):
        if cur <= 0:
            cur, start = 0.0, i
        cur += values[i]
        if cur > best[0]:
            best = (cur, start, i + 1)
    return best


def story_span(lines: list[str]) -> tuple[int, int]:
    """[first, last) of the lines that hold the story: the densest run of story lines, widened to
    take in a second run on either side when it is nearly as rich (a story split by a widget)."""
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln] = counts.get(ln, 0) + 1
    values = [line_value(ln, counts[ln] > 1 and len(ln.split()) < STORY_LONG_WORDS) for ln in lines]
    seen_story, after_break = False, False
    for i, v in enumerate(values):
        if v > 0:
            seen_story = True
            weight = (1 - POSITION_DECAY * i / len(values)) * (AFTER_BREAK_WEIGHT if after_break else 1)
            values[i] = v * weight
        elif v == -float("inf") and seen_story:
            after_break = True
    total, first, last = _best_run(values, 0, len(values))
    if total <= 0:
        return 0, 0
    before = _best_run(values, 0, first)
    if before[0] >= SECOND_RUN_SHARE * total and all(v > -float("inf") for v in values[before[2]:first]):
        first = before[1]
    after = _best_run(values, last, len(values))
    if after[0] >= SECOND_RUN_SHARE * total and all(v > -float("inf") for v in values[last:after[1]]):
        last = after[2]
    return first, last


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
        check_deadline()
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

    first, last = story_span(kept)
    if first < last:
        # short closing sentences ("He is survived by his wife.") still belong to the story
        while last < len(kept) and is_tail_sentence(kept[last]) and not SECTION_BREAK.match(kept[last]):
            last += 1
    result.dropped += [("before_story", ln) for ln in kept[:first]]
    result.dropped += [("after_story", ln) for ln in kept[last:]]
    kept = [ln for ln in kept[first:last] if not (SECTION_BREAK.match(ln) or JUNK_BLOCK.match(ln))]
    result.text = "\n\n".join(kept)
    return result
