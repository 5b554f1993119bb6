#!/usr/bin/env python3
"""Build the event benchmark predictions by running the real steps (parse -> actors -> events).

    python scripts/eval_events.py plover   --out out/plover-events.jsonl
    python scripts/eval_events.py articles --out out/articles-events.jsonl
    python scripts/eval_events.py seed

Then score with shared/eval/score.py (plover-gsr / articles). The actor step runs first when
dyads/steps/actors.py exists, then the quote step (as in the pipeline: actors -> quotes -> events);
without actors no actor has a code, and events need a coded source: `--no-require-source` keeps them
with empty codes (useful to measure event typing alone). `--no-reported` leaves out what reported
speech does to the actors it concerns (dyads/events/discourse.py), to measure it; `--no-context` the
targets read from the sentences before an act (dyads/events/context.py).
Actor coreference can vary with Python's string hashing: compare runs under one PYTHONHASHSEED.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from dyads.models import Article
from dyads.registry import build_step


def steps(require_source: bool, statements: bool = True, reported: bool = True, context: bool = True):
    import dyads.steps.events
    import dyads.steps.parse
    out = [build_step("parse")]
    if importlib.util.find_spec("dyads.steps.actors") is not None:
        import dyads.steps.actors
        out.append(build_step("actors"))
        if importlib.util.find_spec("dyads.steps.quotes") is not None:
            import dyads.steps.quotes  # noqa: F401  (the pipeline's order: actors -> quotes -> events)
            out.append(build_step("quotes"))
    else:
        print("note: dyads/steps/actors.py not found: running without actors", file=sys.stderr)
    out.append(build_step("events", require_source=require_source, statements=statements,
                          reported=reported, context=context))
    return out


def run(articles, pipeline):
    stream = iter(articles)
    for step in pipeline:
        stream = step(stream)
    return list(stream)


def side(s):
    """A side as the scorer reads it; a side with no actor is null (no target), not a blank code."""
    return {"text": s.text, "code": s.code} if s.code else None


def record(a: Article) -> dict:
    from dyads.record import quote_record
    return {
        "id": a.id, "title": a.title, "date": a.published, "text": a.text,
        "actors": [{"id": x.id, "name": x.name, "code": x.code, "role": x.role,
                    "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in x.mentions]}
                   for x in a.actors],
        "quotes": [quote_record(a, q) for q in a.quotes],
        "events": [{"source": side(e.source), "target": side(e.target), "cameo": e.cameo, "plover": e.plover,
                    "goldstein": e.goldstein, "negated": e.negated, "mode": e.mode, "trigger": e.trigger,
                    "pattern_id": e.pattern_id, "confidence": e.confidence, "sentence": e.sentence,
                    "start": e.sentence_start, "end": e.sentence_end} for e in a.events],
    }


def read_jsonl(path: Path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def seed_article() -> Article:
    text = (SHARED / "seed" / "000_2342fa2aa6b80750.txt").read_text(encoding="utf-8")
    start = text.index("The remarks come after")
    end_mark = "strategic balance of forces."
    body = text[start:text.index(end_mark) + len(end_mark)]
    return Article(id="000_2342fa2aa6b80750", text=body, published="2013-08-09")


def seed_matches(events, expected) -> tuple[int, list]:
    """How many expected events have a predicted event with the same (source, target country, root)."""
    got = Counter((e.source.code[:3], e.target.code[:3], e.cameo[:2]) for e in events if not e.negated)
    hits = []
    for x in expected:
        key = (x["source"][:3], x["target"][:3], x["cameo"][:2])
        if got[key] > 0:
            got[key] -= 1
            hits.append(x)
    return len(hits), hits


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bench", choices=["plover", "articles", "seed"])
    ap.add_argument("--out", type=Path)
    ap.add_argument("--no-require-source", action="store_true")
    ap.add_argument("--no-statements", action="store_true")
    ap.add_argument("--no-reported", action="store_true", help="leave out what reported speech does")
    ap.add_argument("--no-context", action="store_true", help="leave targets the sentence does not name empty")
    a = ap.parse_args(argv)
    pipeline = steps(not a.no_require_source, not a.no_statements, not a.no_reported, not a.no_context)
    if a.bench == "plover":
        items = read_jsonl(SHARED / "data/events/plover-gsr-input.jsonl")
        arts = [Article(id=r["id"], text=r["text"]) for r in items]
    elif a.bench == "articles":
        gold = {p.stem for p in (SHARED / "data/gold-articles").glob("*.json")}
        items = [r for r in read_jsonl(SHARED / "data/wikinews-en/articles.jsonl") if r["id"] in gold]
        arts = [Article(id=r["id"], text=r["text"], title=r.get("title", ""), url=r.get("url", ""),
                        published=r.get("date", "")) for r in items]
    else:
        arts = [seed_article()]
    done = run(arts, pipeline)
    if a.bench == "seed":
        expected = json.loads((SHARED / "seed/expected.json").read_text(encoding="utf-8"))["events"]
        n, _ = seed_matches(done[0].events, expected)
        for e in done[0].events:
            print(f"{e.cameo:5} {e.source.code or '-':8} {e.target.code or '-':8} {e.trigger!r:24} "
                  f"{e.source.text!r} -> {e.target.text!r} neg={e.negated}")
        print(f"seed_expected_matched: {n}/{len(expected)}")
    out = a.out or ROOT / "out" / f"{a.bench}-events.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(record(art), ensure_ascii=False) + "\n" for art in done)
    print(f"wrote {len(done)} records, {sum(len(x.events) for x in done)} events to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
