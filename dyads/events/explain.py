"""Why each event exists: the sentence with its trigger, source and target marked, the codes, the pattern.

    from dyads.events.explain import explain_record
    print(explain_record(article_record(article)))

`explain_record` reads the JSON record that dyads.record.article_record builds (or the same record read
back from `dyads extract` output), so it explains stored results without re-running the pipeline.
Marks: [S: source words], [T: target words], {trigger}. A side whose words lie outside the sentence
(a quote's speaker named earlier, "the move" standing for an act told before) is shown on its own line.
"""
from __future__ import annotations

from typing import Any

from .cameo import load_tables

SOURCE_MARK, TARGET_MARK = ("[S: ", "]"), ("[T: ", "]")
TRIGGER_MARK = ("{", "}")
INDENT = "    "


def _span(side: dict | None) -> tuple[int, int] | None:
    if not side:
        return None
    start, end = side.get("start", -1), side.get("end", -1)
    if start is None or end is None or start < 0 or end <= start:
        return None
    return start, end


def _trigger_span(e: dict) -> tuple[int, int] | None:
    t = e.get("trigger")
    if isinstance(t, dict):
        return _span(t)
    if "trigger_start" in e:  # a flat record
        return _span({"start": e.get("trigger_start"), "end": e.get("trigger_end")})
    return None


def mark_sentence(sentence: str, offset: int, spans: list[tuple[tuple[int, int] | None, tuple[str, str]]]
                  ) -> tuple[str, list[int]]:
    """`sentence` (which starts at character `offset` of the article) with each span wrapped in its
    marks. Spans outside the sentence, or crossing one already marked, are left out: their indices
    (into `spans`) come back as the second value."""
    end_of = offset + len(sentence)
    kept: list[tuple[int, int, int]] = []  # (start, end, index)
    left_out = []
    for n, (span, _) in enumerate(spans):
        if span is None:
            continue
        s, e = span
        if s < offset or e > end_of:
            left_out.append(n)
            continue
        crosses = any(s < ke and ks < e and not (ks <= s and e <= ke) and not (s <= ks and ke <= e)
                      for ks, ke, _ in kept)
        if crosses:
            left_out.append(n)
            continue
        kept.append((s, e, n))
    inserts: list[tuple[int, int, str]] = []  # (position, order, text): closers before openers
    for s, e, n in kept:
        opener, closer = spans[n][1]
        inserts.append((s - offset, 1, opener, -(e - s)))
        inserts.append((e - offset, 0, closer, s - e))
    out, pos = [], 0
    for at, _, text, _ in sorted(inserts, key=lambda x: (x[0], x[1], x[3] if x[1] else -x[3])):
        out.append(sentence[pos:at])
        out.append(text)
        pos = at
    out.append(sentence[pos:])
    return "".join(out), left_out


def _side_label(side: dict | None) -> str:
    if not side:
        return "(none)"
    code = side.get("code") or "?"
    words = side.get("text") or ""
    return f'{code} "{words}"' if words else f"{code} (not named in the text)"


def explain_event(e: dict, text: str = "", n: int | None = None) -> str:
    """The explanation of one event record (see explain_record)."""
    tables = load_tables()
    cameo = e.get("cameo") or ""
    name = tables.name(cameo) if cameo else ""
    head = [f"e{n}" if n is not None else (e.get("id") or "event"), cameo or "-", e.get("plover") or "-"]
    if name:
        head.append(f"({name})")
    goldstein = e.get("goldstein")
    head.append(f"Goldstein {goldstein:+.1f}" if isinstance(goldstein, (int, float)) else "Goldstein ?")
    if e.get("quad_class"):
        head.append(f"quad {e['quad_class']}")
    if e.get("confidence") is not None:
        head.append(f"confidence {e['confidence']:.2f}")
    head.append(f"pattern {e.get('pattern_id') or '?'}")
    if e.get("negated"):
        head.append("NEGATED")
    if e.get("mode"):
        head.append(f"mode {e['mode']}")
    lines = ["  ".join(head)]
    src, tgt = e.get("source"), e.get("target")
    lines.append(f"{INDENT}{_side_label(src)} -> {_side_label(tgt)}")
    offset = e.get("start", 0) or 0
    sentence = e.get("sentence") or ""
    if text and e.get("end") is not None and 0 <= offset < e["end"] <= len(text):
        sentence = text[offset:e["end"]]
    spans = [(_trigger_span(e), TRIGGER_MARK), (_span(src), SOURCE_MARK), (_span(tgt), TARGET_MARK)]
    marked, left_out = mark_sentence(sentence, offset, spans)
    lines.append(INDENT + " ".join(marked.split()))
    for i in left_out:
        label = ("trigger", "source", "target")[i]
        s, t_end = spans[i][0]
        words = text[s:t_end] if text and t_end <= len(text) else ""
        lines.append(f"{INDENT}({label} outside this sentence, at {s}-{t_end}{': ' + repr(words) if words else ''})")
    if e.get("quote_id"):
        lines.append(f"{INDENT}told inside quote {e['quote_id']}")
    return "\n".join(lines)


def explain_record(record: dict[str, Any]) -> str:
    """For every event of an article record: the sentence with the trigger, source and target marked,
    the CAMEO and PLOVER codes, Goldstein score and the pattern that fired."""
    events = record.get("events") or []
    title = record.get("title") or ""
    head = f"{record.get('id', '')}{' - ' + title if title else ''}: {len(events)} event{'s' if len(events) != 1 else ''}"
    text = record.get("text") or ""
    parts = [head]
    for n, e in enumerate(events, 1):
        parts.append(explain_event(e, text, n))
    return "\n\n".join(parts) + "\n"


def explain_article(article) -> str:
    """explain_record for an Article that went through the pipeline."""
    from ..record import article_record

    return explain_record(article_record(article))
