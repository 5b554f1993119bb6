#!/usr/bin/env python3
"""Geolocation accuracy on the hand-built gold list tests/data/geo_gold.tsv (issue 11).

    .venv/bin/python scripts/eval_geo.py [--show]

Runs the default pipeline (dyads.pipeline.DEFAULT_STEPS, geo among them) with the LocalRunner over the
gold list's articles (the 20 annotated Wikinews articles, and "seed": the seed article body) and, for each gold row (article,
place, country), takes the places the step found with that name (or with a longer name that contains
it as whole words: "Baghdad International Airport") and their majority country. Prints country
accuracy (correct / gold rows; a place not found counts as wrong), the rows missed and the rows wrong.
The issue asks for >= 0.95. Also prints what the geo step costs: its seconds per article against the
whole pipeline's (the runner's per-step seconds), and the one-off load of the gazetteer.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTICLES = SHARED / "data" / "wikinews-en" / "articles.jsonl"
SEED = SHARED / "seed" / "000_2342fa2aa6b80750.txt"
GOLD = ROOT / "tests" / "data" / "geo_gold.tsv"
sys.path.insert(0, str(ROOT))
SEED_FIRST, SEED_LAST = "The remarks come after", "strategic balance of forces."


def load_gold(path: Path = GOLD) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            art, place, country = line.split("\t")
            rows.append((art, place, country))
    return rows


def seed_text() -> str:
    s = SEED.read_text(encoding="utf-8")
    i = s.index(SEED_FIRST)
    return s[i: s.index(SEED_LAST, i) + len(SEED_LAST)]


def articles(ids: set[str]):
    from dyads.models import Article

    out = []
    with open(ARTICLES, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in ids:
                out.append(Article(id=r["id"], title=r.get("title", ""), published=r.get("date", ""),
                                   raw_text=r["text"], input_kind="record"))
    if "seed" in ids:
        out.append(Article(id="seed", raw_text=seed_text(), input_kind="record"))
    return out


def run(ids: set[str]):
    """The articles `ids` through the default steps with the LocalRunner; (articles, runner).

    `runner.stats.steps` has each step's seconds; `runner.load_seconds` what building the steps took
    (the model and the gazetteer: once per process), `runner.gazetteer_seconds` the gazetteer's part
    (wall clock, and CPU time in `runner.gazetteer_cpu_seconds`: the machine may be shared).
    """
    from dyads.geo import load_gazetteer
    from dyads.pipeline import DEFAULT_STEPS, build_steps
    from dyads.runners.local import LocalRunner

    t0, c0 = time.perf_counter(), time.process_time()
    load_gazetteer()
    t1, c1 = time.perf_counter(), time.process_time()
    steps = build_steps(DEFAULT_STEPS)
    runner = LocalRunner(steps)
    runner.load_seconds = time.perf_counter() - t0  # type: ignore[attr-defined]
    runner.gazetteer_seconds = t1 - t0  # type: ignore[attr-defined]
    runner.gazetteer_cpu_seconds = c1 - c0  # type: ignore[attr-defined]
    return list(runner.run(articles(ids))), runner


def _key(text: str) -> str:
    from dyads.geo.disambiguate import _key as key
    from dyads.geo.gazetteer import fold
    return fold(key(text))


def score(done, gold) -> tuple[float, list, list]:
    by_art = {a.id: a for a in done}
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a in done:
        for p in a.extras.get("places", []):
            found[(a.id, _key(p["text"]))].append(p["country"])
    missed, wrong, right = [], [], 0
    for art, place, country in gold:
        k = _key(place)
        got = list(found.get((art, k), []))
        if not got and art in by_art:
            pat = re.compile(r"\b" + re.escape(k) + r"\b")
            got = [c for (a, t), cs in found.items() if a == art and pat.search(t) for c in cs]
        if not got:
            missed.append((art, place, country))
            continue
        best = Counter(got).most_common(1)[0][0]
        if best == country:
            right += 1
        else:
            wrong.append((art, place, country, best))
    return right / len(gold) if gold else 0.0, missed, wrong


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="print every place and event location found")
    a = ap.parse_args(argv)
    gold = load_gold()
    done, runner = run({g[0] for g in gold})
    acc, missed, wrong = score(done, gold)
    if a.show:
        for art in done:
            print(f"== {art.id}")
            for p in art.extras["places"]:
                print(f"   {p['text']!r:30} {p['country']} {p['precision']:8} {p['name']} ({p['admin1_name'] or p['admin1']}) {p['via']}")
            for eid, p in art.extras["event_places"].items():
                print(f"   {eid:12} -> {p['text']!r} {p['country']} {p['precision']} ({p['tie']})")
    for r in missed:
        print("missed", *r)
    for r in wrong:
        print("wrong ", *r)
    n_places = sum(len(x.extras["places"]) for x in done)
    n_events = sum(len(x.events) for x in done)
    n_located = sum(len(x.extras["event_places"]) for x in done)
    print(f"articles {len(done)}  gold places {len(gold)}  missed {len(missed)}  wrong {len(wrong)}")
    print(f"places found {n_places}  events {n_events}  with a location {n_located}")
    n = max(1, len(done))
    steps = runner.stats.steps
    total = sum(s["seconds"] for s in steps.values())
    print("seconds per article by step: " + "  ".join(f"{k} {v['seconds'] / n:.4f}" for k, v in steps.items()))
    print(f"geo step: {1000 * steps['geo']['seconds'] / n:.1f} ms per article of {1000 * total / n:.1f} ms "
          f"for the whole pipeline ({100 * steps['geo']['seconds'] / total:.1f}%); loading the gazetteer "
          f"{runner.gazetteer_seconds:.2f} s ({runner.gazetteer_cpu_seconds:.2f} s CPU) once per process "
          f"(building all steps: {runner.load_seconds:.2f} s)")
    print(f"country_accuracy {acc:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
