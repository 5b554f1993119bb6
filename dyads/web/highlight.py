"""Cut a text into pieces for displaCy-like highlighting: spans may nest and overlap.

A span is a dict with `start`, `end` (offsets into the text, end exclusive), `kind` (a CSS class:
mention, quote, speaker, trigger, src, tgt), and optionally `id` (joined into the piece's
`ids`, for data attributes), `title` (a tooltip) and `badge` (a label shown right after the span:
a dict with `text`, `href`, `kind`, `title`). Pieces carry plain text; the templates escape it.
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

Span = dict[str, Any]


def make_span(start: int, end: int, kind: str, *, id: str = "", title: str = "",
              badge: dict[str, str] | None = None) -> Span:
    """A span of `kind` over [start, end)."""
    return {"start": int(start), "end": int(end), "kind": kind, "id": id, "title": title, "badge": badge}


def segment(text: str, spans: Iterable[Span], *, base: int = 0) -> list[dict[str, Any]]:
    """`text` cut at every span boundary; each piece lists the kinds, ids and titles of the spans over it.

    `base` is the offset of `text` in the string the spans index (a sentence's start in its
    article). Spans that are empty, inverted or outside `text` are left out; spans reaching past
    an end are clipped. Piece keys: text, classes (space-joined kinds), ids (space-joined ids per
    kind, as `{"quote": "q1 q2"}`), title, badges (of the spans ending with the piece).
    """
    n = len(text)
    kept = []
    for s in spans:
        start, end = max(0, s["start"] - base), min(n, s["end"] - base)
        if s["start"] < 0 or s["end"] < 0 or start >= end:
            continue
        kept.append({**s, "start": start, "end": end})
    cuts = sorted({0, n, *(s["start"] for s in kept), *(s["end"] for s in kept)})
    pieces = []
    for a, b in pairwise(cuts):
        over = [s for s in kept if s["start"] <= a and s["end"] >= b]
        ids: dict[str, list[str]] = {}
        for s in over:
            if s["id"]:
                ids.setdefault(s["kind"], []).append(s["id"])
        pieces.append({
            "text": text[a:b],
            "classes": " ".join(sorted({s["kind"] for s in over})),
            "ids": {k: " ".join(v) for k, v in ids.items()},
            "title": "; ".join(dict.fromkeys(s["title"] for s in over if s["title"])),
            "badges": [s["badge"] for s in sorted(over, key=lambda s: -s["start"])
                       if s["end"] == b and s["badge"]],
        })
    return pieces
