"""`make bench`: accuracy on the shared benchmarks and speed against baselines run in this process.

Writes predictions to out/bench/ and prints the scorer's headline figures for each benchmark, then
speed as ratios against a baseline measured in the same run (bare spaCy, bare trafilatura).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import spacy
import trafilatura

from dyads.nlp import MODEL
from dyads.pipeline import build_steps, process
from dyads.readers import read_inputs
from dyads.record import article_record
from dyads.runners.local import LocalRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
OUT = ROOT / "out" / "bench"


def extract_to(inputs: list[Path], path: Path, steps=None) -> tuple[int, float]:
    """Run the pipeline over `inputs`, write records to `path`; returns (articles, seconds)."""
    t0 = time.perf_counter()
    articles, runner = process(inputs, steps=steps)
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(article_record(a), ensure_ascii=False) + "\n")
            n += 1
    return n, time.perf_counter() - t0


def score(task: str, pred: Path, *extra: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(SCORE), task, str(pred), *extra],
                         capture_output=True, text=True, check=True).stdout
    figures = {}
    for line in out.splitlines():
        key, sep, value = line.partition(": ")
        try:
            figures[key] = float(value)
        except ValueError:
            continue
    return figures


def show(title: str, figures: dict[str, float]) -> None:
    print(f"\n## {title}")
    for k, v in figures.items():
        print(f"{k}: {v:.3f}")


def bench_events() -> None:
    pred = OUT / "plover-gsr.jsonl"
    extract_to([SHARED / "data/events/plover-gsr-input.jsonl"], pred)
    show("PLOVER gold sentences (score.py plover-gsr)", score("plover-gsr", pred))
    show("PLOVER sentence actors (score.py actors)", score("actors", pred))


def bench_articles() -> tuple[int, float]:
    pred = OUT / "wikinews.jsonl"
    n, secs = extract_to([SHARED / "data/wikinews-en/articles.jsonl"], pred)
    show("Annotated Wikinews articles (score.py articles)",
         score("articles", pred, "--gold", str(SHARED / "data/gold-articles")))
    return n, secs


def bench_speed() -> None:
    """Words per second, dyads end to end against bare spaCy nlp.pipe on the same texts."""
    recs = [json.loads(line) for line in (SHARED / "data/wikinews-en/articles.jsonl").open(encoding="utf-8")]
    texts = [r["text"] for r in recs]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load(MODEL)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - t0
    steps = build_steps()
    t0 = time.perf_counter()
    runner = LocalRunner(steps)
    for _ in runner.run(read_inputs([SHARED / "data/wikinews-en/articles.jsonl"])):
        pass
    ours = time.perf_counter() - t0
    print("\n## Speed (one process, same texts, same run)")
    print(f"words: {words}")
    print(f"bare_spacy_words_per_second: {words / bare:.0f}")
    print(f"dyads_words_per_second: {words / ours:.0f}")
    print(f"dyads_vs_bare_spacy: {bare / ours:.2f}x")
    for name, st in runner.stats.steps.items():
        print(f"  step {name}: {st['seconds']:.2f} s")


def bench_extraction() -> None:
    """ScrapingHub AEB: dyads' clean step and bare trafilatura, same pages, same run."""
    html = sorted((SHARED / "data/extraction/scrapinghub-aeb/html").glob("*.html.gz"))
    steps = build_steps(["clean"])
    pred = OUT / "aeb-dyads.jsonl"
    n, ours = extract_to(html, pred, steps=steps)
    show("AEB extraction, dyads", score("extraction", pred))
    base = OUT / "aeb-trafilatura.jsonl"
    t0 = time.perf_counter()
    with base.open("w", encoding="utf-8") as f:
        for item in read_inputs(html):
            text = trafilatura.extract(item.html) or ""
            f.write(json.dumps({"id": item.id, "text": text}, ensure_ascii=False) + "\n")
    theirs = time.perf_counter() - t0
    show("AEB extraction, trafilatura.extract (defaults)", score("extraction", base))
    print(f"pages_per_second_dyads: {n / ours:.1f}")
    print(f"pages_per_second_trafilatura: {len(html) / theirs:.1f}")
    print(f"dyads_vs_trafilatura_speed: {theirs / ours:.2f}x")


BENCHES = {"events": bench_events, "articles": bench_articles, "speed": bench_speed,
           "extraction": bench_extraction}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("only", nargs="*", help=f"run only these benchmarks: {', '.join(BENCHES)}")
    args = ap.parse_args()
    unknown = set(args.only) - set(BENCHES)
    if unknown:
        ap.error(f"unknown benchmark(s) {sorted(unknown)}; known: {', '.join(BENCHES)}")
    OUT.mkdir(parents=True, exist_ok=True)
    for name in args.only or BENCHES:
        BENCHES[name]()


if __name__ == "__main__":
    main()
