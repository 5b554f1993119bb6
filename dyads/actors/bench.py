"""Write actor predictions for a JSON Lines file of {"id", "text"[, "date"]} records, in the form
that shared/eval/score.py reads (`score.py actors PRED.jsonl`).

    python -m dyads.actors.bench ../shared/data/events/plover-gsr-input.jsonl /tmp/actors.jsonl
"""
from __future__ import annotations

import json
import sys

from ..models import Article
from ..nlp import load_nlp
from . import build_actors


def main(argv: list[str] | None = None) -> int:
    src, dst = (argv or sys.argv[1:])[:2]
    with open(src, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    nlp = load_nlp()
    with open(dst, "w", encoding="utf-8") as out:
        for r, doc in zip(records, nlp.pipe([r["text"] for r in records], batch_size=64)):
            article = Article(id=r["id"], text=r["text"], published=r.get("date", ""), doc=doc)
            actors = build_actors(article)
            out.write(json.dumps({"id": r["id"], "actors": [
                {"name": a.name, "code": a.code, "type": a.type, "role": a.role, "source": a.source,
                 "mentions": [{"text": m.text, "start": m.start, "end": m.end, "kind": m.kind} for m in a.mentions]}
                for a in actors]}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
