#!/usr/bin/env python3
"""Run the quote step over the annotated Wikinews articles and score it.

    .venv/bin/python scripts/eval_quotes.py [--out /tmp/dyads_eval_quotes.jsonl] [--show]

Reads ../shared/data/wikinews-en/articles.jsonl, keeps the records with a gold file in
../shared/data/gold-articles, parses them, runs the actor step when dyads/steps/actors.py exists,
then the quote step, writes one JSON record per article and runs
`score.py articles PRED --gold ../shared/data/gold-articles`.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTICLES = SHARED / "data" / "wikinews-en" / "articles.jsonl"
GOLD = SHARED / "data" / "gold-articles"
SCORER = SHARED / "eval" / "score.py"
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/dyads_eval_quotes.jsonl")
    ap.add_argument("--show", action="store_true", help="print every quote found")
    ap.add_argument("--no-actors", action="store_true", help="do not run the actor step")
    a = ap.parse_args(argv)

    import dyads.steps.quotes
    from dyads.models import Article
    from dyads.nlp import parse
    from dyads.registry import build_step

    actors = None
    if not a.no_actors and importlib.util.find_spec("dyads.steps.actors") is not None:
        import dyads.steps.actors  # noqa: F401
        actors = build_step("actors")
    quotes = build_step("quotes")
    gold_ids = {p.stem for p in GOLD.glob("*.json")}
    with open(ARTICLES, encoding="utf-8") as f, open(a.out, "w", encoding="utf-8") as out:
        for line in f:
            r = json.loads(line)
            if r["id"] not in gold_ids:
                continue
            art = Article(id=r["id"], title=r.get("title", ""), published=r.get("date", ""), text=r["text"])
            art.doc = parse(art.text)
            if actors is not None:
                art = actors.process(art)
            art = quotes.process(art)
            recs = []
            for q in art.quotes:
                actor = art.actor(q.speaker_id)
                if actor is not None:
                    speaker = {"name": actor.name, "code": actor.code}
                elif q.speaker_text:
                    speaker = {"name": q.speaker_text, "code": ""}
                else:
                    speaker = None
                recs.append({"text": q.text, "start": q.start, "end": q.end, "kind": q.kind, "cue": q.cue,
                             "speaker": speaker})
                if a.show:
                    print(f"{art.id} {q.id} {q.kind:8} {q.cue:12} {q.speaker_text!r:40} "
                          f"{(speaker or {}).get('name')!r:30} {q.text[:60]!r}")
            out.write(json.dumps({"id": art.id, "quotes": recs}, ensure_ascii=False) + "\n")
    print(f"actor step: {'yes' if actors is not None else 'no (--no-actors, or dyads/steps/actors.py missing)'}")
    return subprocess.call([sys.executable, str(SCORER), "articles", a.out, "--gold", str(GOLD)])


if __name__ == "__main__":
    sys.exit(main())
