"""Reported speech: `X said (that) ...`, `X warned that ...`, `according to X, ...`."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from . import cues as C
from .attribution import (
    STOP,
    cue_text,
    is_according,
    is_cue,
    is_source_aside,
    speaker_of,
    speaker_span,
    wide_span,
)
from .direct import QuoteContext, words_of

# Most of a reported clause that may lie inside quotation marks before it counts as the direct quote.
MAX_QUOTED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Reported:
    start: int
    end: int
    cue: str
    speaker_start: int
    speaker_end: int
    wide_start: int = -1
    wide_end: int = -1


def _trim(ctx: QuoteContext, toks: list[Token]) -> tuple[int, int] | None:
    while toks and (toks[0].is_punct or toks[0].is_space or (toks[0].dep_ == "mark" and toks[0].lower_ == "that")):
        toks = toks[1:]
    while toks and (toks[-1].is_space or (toks[-1].is_punct and toks[-1].text not in ")]\u201d\"\u2019")):
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _quoted_share(ctx: QuoteContext, start: int, end: int, direct: list[tuple[int, int]]) -> float:
    covered = sum(max(0, min(end, b) - max(start, a)) for a, b in direct)
    return covered / max(end - start, 1)


def _content(ctx: QuoteContext, cue: Token) -> tuple[int, int] | None:
    if is_according(cue):
        head = cue.head
        if head is cue:
            return None
        phrase = list(cue.subtree)
        full = list(head.subtree)
        p0, p1 = phrase[0].i, phrase[-1].i
        if p0 == full[0].i:
            rest = [t for t in full if t.i > p1]
        elif p1 >= full[-1].i - 1:
            rest = [t for t in full if t.i < p0]
        else:
            return None
        return _trim(ctx, rest)
    comps = [c for c in cue.children if c.dep_ == "ccomp"]
    if not comps:
        return None
    return _trim(ctx, list(comps[0].subtree))


def find_reported(ctx: QuoteContext, direct: list[tuple[int, int]]) -> Iterator[Reported]:
    """Every reported clause with a named speaker, outside direct quotes."""
    for tok in ctx.doc:
        if ctx.in_quote[tok.i]:
            continue
        if is_according(tok):
            pass
        elif not (is_cue(tok) and tok.lemma_.lower() in C.REPORTING_VERBS) or is_source_aside(tok):
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue  # "did not say that ..." reports no statement
        span = _content(ctx, tok)
        if span is None:
            continue
        start, end = span
        if start <= tok.idx < end:
            continue
        if len(words_of(ctx.text[start:end])) < C.MIN_DIRECT_WORDS:
            continue
        if _quoted_share(ctx, start, end, direct) > MAX_QUOTED_SHARE:
            continue
        lo, hi = (tok.idx, start) if tok.idx < start else (end, tok.idx)
        if any(lo <= a and b <= hi for a, b in direct):
            continue  # a direct quote stands between the cue and the clause: the parse ran on
        spk = speaker_of(tok)
        if spk is None or spk is STOP:
            continue
        s0, s1 = speaker_span(spk)
        if start <= s0 < end:
            continue
        w0, w1 = wide_span(spk)
        yield Reported(start, end, cue_text(tok), s0, s1, min(s0, w0), max(s1, w1))
