#!/usr/bin/env python3
"""Speaker codes of the annotated Wikinews articles: do they name the gold speaker's country?

    .venv/bin/python scripts/eval_actors.py [--pred /tmp/dyads_eval_quotes.jsonl] [--show]

Runs scripts/eval_quotes.py's pipeline (parse, actors, quotes) unless `--pred` names a file it
already wrote, pairs each predicted direct quote with a gold quote the way `score.py articles` does
(token overlap > 0.5, each gold quote used once), and over the matched quotes whose gold quote has a
speaker code reports:

- speaker_country_agreement: the predicted speaker's code has the gold code's country part (the
  first three letters: USA, IGO, ---), the figure issue 4 asks for (>= 0.90);
- speaker_code_exact: the whole code agrees (country and sector);
- speaker_name_accuracy: the speaker's name agrees as `score.py` judges it.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "data" / "gold-articles"
sys.path.insert(0, str(SHARED / "eval"))


def _score_helpers():
    from score import country, quote_match, same_speaker  # shared/eval/score.py
    return country, quote_match, same_speaker


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pred", help="predictions written by scripts/eval_quotes.py (default: run it)")
    ap.add_argument("--show", action="store_true", help="list every disagreement")
    a = ap.parse_args(argv)
    pred_path = a.pred
    if pred_path is None:
        pred_path = "/tmp/dyads_eval_actors.jsonl"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_quotes.py"), "--out", pred_path],
                       check=True, stdout=subprocess.DEVNULL)
    country, quote_match, same_speaker = _score_helpers()
    with open(pred_path, encoding="utf-8") as f:
        pred = {r["id"]: r for r in (json.loads(line) for line in f if line.strip())}
    n = agree = exact = named = 0
    why = Counter()
    for path in sorted(GOLD.glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        gold_quotes = g.get("quotes", [])
        free = list(range(len(gold_quotes)))
        for q in (q for q in pred.get(g["id"], {}).get("quotes", []) if q.get("kind", "direct") == "direct"):
            best, score = None, 0.5
            for i in free:
                s = quote_match(q.get("text", ""), gold_quotes[i]["text"])
                if s > score:
                    best, score = i, s
            if best is None:
                continue
            free.remove(best)
            gq = gold_quotes[best]
            if not gq.get("speaker_code"):
                continue
            spk = q.get("speaker") or {}
            code = spk.get("code") or ""
            n += 1
            ok = country(code) == country(gq["speaker_code"])
            agree += ok
            exact += code == gq["speaker_code"]
            named += same_speaker(spk.get("name") or "", gq.get("speaker") or "")
            if not ok:
                why["no speaker" if not spk else "no code" if not code else "wrong country"] += 1
                if a.show:
                    print(f"{g['id']}: gold {gq.get('speaker')!r} {gq['speaker_code']} "
                          f"({gq.get('speaker_mention')!r}); got {spk.get('name')!r} {code or '-'}"
                          f" | {q.get('text', '')[:60]!r}")
    print(f"matched quotes with a gold speaker code: {n}")
    print(f"speaker_country_agreement: {agree / n if n else 0:.3f} ({agree}/{n})")
    print(f"speaker_code_exact: {exact / n if n else 0:.3f}")
    print(f"speaker_name_accuracy: {named / n if n else 0:.3f}")
    if why:
        print("disagreements: " + ", ".join(f"{k} {v}" for k, v in why.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
