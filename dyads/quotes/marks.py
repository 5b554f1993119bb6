"""Quotation marks: which characters open and close a quote, and a scanner that pairs them.

The scanner works paragraph by paragraph (a line break ends a paragraph). It knows curly double
quotes, low-9 German/Polish openers, guillemets in both directions, curly single quotes (headline
style; an apostrophe inside a word never closes one) and straight double quotes (opening or closing
told apart by what stands on either side). Broken marks are tolerated: a double prime closes a double
quote, an opener met while a quote of the same family is still open drops the earlier opener as
unbalanced, and a quote that runs to the end of its paragraph is either continued by an opening mark
at the start of the next paragraph (a quote over several paragraphs) or kept only when it opened the
paragraph.
"""
from __future__ import annotations

from dataclasses import dataclass

# Opening mark -> the marks that may close it.
DOUBLE_OPENERS: dict[str, str] = {
    "\u201c": "\u201d\u2033",  # “ closed by ”, or by a double prime ″ (a common typo)
    "\u201e": "\u201c\u201d\u2033",  # „ (German „...“, Polish „...”)
    "\u00ab": "\u00bb",              # « ... »
    "\u201f": "\u201d",              # ‟ ... ”
    "\u301d": "\u301e\u301f",        # 〝 ... 〞
}
STRAIGHT_DOUBLE = '"'
REVERSED_GUILLEMET = "\u00bb"  # » ... « (German/Danish order) when it opens
SINGLE_OPENERS: dict[str, str] = {
    "\u2018": "\u2019",  # ‘ ... ’
    "\u2039": "\u203a",  # ‹ ... ›
}
# Marks that close a double quote but never open one.
LENIENT_CLOSERS = "\u2033"  # ″ double prime
# Any character that can be a quotation mark (for trimming and for "is this text all marks" checks).
ALL_MARKS = "\"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2018\u2019\u2039\u203a\u301d\u301e\u301f"
# Characters after which a straight double quote opens rather than closes.
OPENING_CONTEXT = " \t\n([{\u2014\u2013-/:;,"
# Characters before which a straight double quote closes rather than opens.
CLOSING_CONTEXT = " \t\n)]}.,;:!?\u2014\u2013-/\u2026"


@dataclass(slots=True)
class MarkSpan:
    """The text between an opening mark and its closing mark (or the end of the paragraph)."""

    start: int  # first character after the opening mark
    end: int  # the closing mark's offset (end exclusive of the quoted text)
    open_mark: str
    close_mark: str = ""  # "" when the quote runs to the end of its paragraph
    family: str = "double"  # double | single
    continues: bool = False  # this piece carries on a quote from the previous paragraph
    continued: bool = False  # the quote carries on in the next paragraph

    @property
    def closed(self) -> bool:
        return bool(self.close_mark)


def _paragraphs(text: str):
    """(start, end) of every line with some text; a line break always ends a paragraph."""
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, pos + len(line)
        pos += len(line) + 1


def _straight_role(text: str, i: int, start: int, end: int) -> str:
    """'open', 'close' or 'either' for a straight double quote at i, from its neighbours."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    can_open = before in OPENING_CONTEXT or before in ALL_MARKS
    can_close = after in CLOSING_CONTEXT or after in ALL_MARKS
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


def _scan_paragraph(text: str, start: int, end: int) -> tuple[list[MarkSpan], MarkSpan | None]:
    """Paired quotes of one paragraph, and the quote still open at its end (if any)."""
    spans: list[MarkSpan] = []
    cur: MarkSpan | None = None
    closers = ""
    for i in range(start, end):
        ch = text[i]
        if ch not in ALL_MARKS:
            continue
        if cur is not None and cur.family == "single":
            # inside a single-quoted span only its closer matters; an apostrophe (’ before a letter)
            # is part of a word, not a closing mark
            if ch in closers and not (i + 1 < end and text[i + 1].isalnum()) and i > cur.start:
                cur.end, cur.close_mark = i, ch
                spans.append(cur)
                cur = None
            continue
        if ch == STRAIGHT_DOUBLE:
            role = _straight_role(text, i, start, end)
            if cur is not None and cur.open_mark == STRAIGHT_DOUBLE:
                if role == "open" and i > cur.start:
                    cur = MarkSpan(i + 1, end, ch)  # the earlier opener was unbalanced
                else:
                    cur.end, cur.close_mark = i, ch
                    spans.append(cur)
                    cur = None
            elif cur is None and role != "close":
                cur, closers = MarkSpan(i + 1, end, ch), STRAIGHT_DOUBLE
            continue
        if cur is not None:
            if ch in closers and i > cur.start:
                cur.end, cur.close_mark = i, ch
                spans.append(cur)
                cur = None
            elif ch == cur.open_mark or (ch in DOUBLE_OPENERS and ch not in closers):
                cur = MarkSpan(i + 1, end, ch)  # reopened: the earlier opener was unbalanced
                closers = DOUBLE_OPENERS[ch]
            continue
        if ch in DOUBLE_OPENERS:
            cur, closers = MarkSpan(i + 1, end, ch), DOUBLE_OPENERS[ch]
        elif ch == REVERSED_GUILLEMET and _straight_role(text, i, start, end) == "open":
            cur, closers = MarkSpan(i + 1, end, ch), "\u00ab"
        elif ch in SINGLE_OPENERS:
            cur, closers = MarkSpan(i + 1, end, ch, family="single"), SINGLE_OPENERS[ch]
        if cur is not None and cur.start == i + 1:
            while cur.start < end and text[cur.start] in ALL_MARKS and text[cur.start] != ch:
                cur.start += 1  # a doubled mark (‘’My Little Pony’’) opens once
        # a stray closing mark with nothing open is ignored
    return spans, cur


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def find_mark_spans(text: str) -> list[MarkSpan]:
    """Every quoted span of `text`, in text order (pieces of a quote over paragraphs are separate)."""
    out: list[MarkSpan] = []
    pending: MarkSpan | None = None  # a quote left open at the end of the previous paragraph
    pending_lead = -1  # where that paragraph's text began
    for p_start, p_end in _paragraphs(text):
        spans, open_at_end = _scan_paragraph(text, p_start, p_end)
        if pending is not None:
            lead = p_start + (len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip()))
            first = spans[0] if spans else open_at_end
            if first is not None and first.start == lead + 1 and first.open_mark == pending.open_mark:
                pending.continued = True
                first.continues = True
                out.append(pending)
            elif pending.start - 1 == pending_lead:
                out.append(pending)  # a whole paragraph in quotes whose closing mark is missing
            pending = None
        out.extend(spans)
        if open_at_end is not None:
            open_at_end.end = _rstrip(text, open_at_end.start, p_end)
            if open_at_end.end > open_at_end.start:
                pending = open_at_end
                pending_lead = p_start + (len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip()))
    if pending is not None and (pending.continues or pending.start - 1 == pending_lead):
        out.append(pending)
    out.sort(key=lambda s: s.start)
    return out
