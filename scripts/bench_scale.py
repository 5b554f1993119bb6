"""Scaling of a sharded ingest on a local Dask cluster: articles per second with 1, 2, ... workers.

    python scripts/bench_scale.py --articles 5000 --workers 1 2 4 8 16

The corpus is generated from the Wikinews articles: article i joins the paragraphs of two real
articles (so every text, and its store key, is new) and is written to one JSON Lines file. Each
worker count ingests it into a fresh database; the time counts from the call (cluster start and
model loading included) to the last shard stored. Efficiency at n workers is
rate(n) / (n * rate(1)). Peak memory is each worker process's ru_maxrss.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

from dyads.ingest import ingest_sharded

SHARED = Path(__file__).resolve().parents[2] / "shared"
ARTICLES = SHARED / "data/wikinews-en/articles.jsonl"


def make_corpus(path: Path, n: int, seed: int = 0) -> int:
    """Write `n` generated articles to `path`; returns their words."""
    recs = [json.loads(line) for line in ARTICLES.open(encoding="utf-8")]
    rng = random.Random(seed)
    words = 0
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            a, b = rng.sample(recs, 2)
            paras = [p for p in a["text"].split("\n\n") if p.strip()]
            paras += [p for p in b["text"].split("\n\n")[1:] if p.strip()]
            text = "\n\n".join(paras)
            words += len(text.split())
            f.write(json.dumps({"id": f"gen-{i:06d}", "url": f"{a['url']}#gen{i}", "date": a.get("date"),
                                "title": a.get("title", ""), "text": text}, ensure_ascii=False) + "\n")
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--shard-size", type=int, default=25)
    ap.add_argument("--progress", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="dyads-scale-"))
    try:
        corpus = tmp / "corpus.jsonl"
        words = make_corpus(corpus, args.articles)
        print(f"## Scaling (local Dask cluster, {args.articles} generated articles, {words} words, "
              f"{args.shard_size} per shard)")
        base = None
        for n in args.workers:
            db = tmp / f"w{n}.duckdb"
            t0 = time.perf_counter()
            result = ingest_sharded([str(corpus)], str(db), workers=n, shard_size=args.shard_size,
                                    progress=args.progress)
            secs = time.perf_counter() - t0
            rate = result.added / secs
            if base is None:  # the rate of one worker (assumed linear up to the first count asked)
                base = rate / n
            eff = rate / (n * base)
            peak = max(result.maxrss_mb.values(), default=0.0)
            print(f"workers {n}: {result.added} articles in {secs:.1f} s, {rate:.2f} articles/s, "
                  f"{words / secs:.0f} words/s, efficiency {eff:.2f}, peak memory per worker {peak:.0f} MB "
                  f"({len(result.maxrss_mb)} worker processes)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
