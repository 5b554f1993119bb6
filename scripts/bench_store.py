"""`make bench` (store part): timeline and top-dyad query times over synthetic events.

Generates N synthetic events (default 10 million: 20 countries x 8 sectors on each side, 20 CAMEO
roots, ten years of dates, 2% negated) straight into the events table of a fresh store in a
temporary folder (nothing is kept), then times, as the median of REPEATS runs:
- `queries.timeline(store, "RUS", "USA", by=...)` for month, week and day, before and after
  `Store.optimize()` sorts the events by source, target and date;
- the top-dyad query of `queries.summary`;
- `Store.regroup()` (cross-article aggregation) over the first `--regroup` events;
- the writer's syndication clustering: writing batches of 64 Wikinews articles into a store that
  already holds `--clusters` sketched articles (synthetic MinHashes and LSH buckets), against the
  same batches into an empty store, as a ratio.
Prints the figures; the timeline target is <= 200 ms for 10 million events.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dyads import queries
from dyads.models import Article
from dyads.store import Store
from dyads.syndication import NUM_PERM, lsh_shape

WIKINEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "wikinews-en" / "articles.jsonl"

REPEATS = 7
TIMELINE_TARGET_MS = 200.0
COUNTRIES = ["USA", "RUS", "CHN", "GBR", "FRA", "DEU", "IRN", "ISR", "PSE", "SYR", "UKR", "TUR", "IND", "PAK",
             "JPN", "KOR", "PRK", "BRA", "MEX", "CAN"]
SECTORS = ["", "GOV", "MIL", "COP", "OPP", "REB", "CVL", "BUS"]


def generate(store: Store, n: int, per_article: int = 5) -> None:
    """Fill `store` with `n` synthetic events, `per_article` to an article, and their articles."""
    con = store._con
    countries = "[" + ", ".join(f"'{c}'" for c in COUNTRIES) + "]"
    sectors = "[" + ", ".join(f"'{s}'" for s in SECTORS) + "]"
    con.execute(f"""
        INSERT INTO articles (key, id, url, text, published, ingested_at, host, tone)
        SELECT 'k' || i, 'a' || i, 'https://news' || (i % 500) || '.example/' || i, 'synthetic',
               DATE '2015-01-01' + (hash(i) % 3650)::INT, TIMESTAMP '2025-01-01', 'news' || (i % 500) || '.example',
               (hash(i * 31) % 200) / 10.0 - 10
        FROM range({-(-n // per_article)}) t(i)""")
    con.execute(f"""
        INSERT INTO events (article_key, seq, event_id, published, source_code, target_code, cameo,
                            cameo_root, plover, goldstein, quad_class, negated, sentence_start, tone)
        SELECT 'k' || (i // {per_article}), (i % {per_article})::INT, 'e' || (i % {per_article}),
               DATE '2015-01-01' + (hash(i // {per_article}) % 3650)::INT,
               {countries}[1 + (hash(i * 3) % {len(COUNTRIES)})::INT] || {sectors}[1 + (hash(i * 7) % {len(SECTORS)})::INT],
               {countries}[1 + (hash(i * 11) % {len(COUNTRIES)})::INT] || {sectors}[1 + (hash(i * 13) % {len(SECTORS)})::INT],
               lpad(((hash(i * 17) % 20) + 1)::VARCHAR, 2, '0') || '0', lpad(((hash(i * 17) % 20) + 1)::VARCHAR, 2, '0'),
               'EVENT', (hash(i * 23) % 200) / 10.0 - 10, ((hash(i * 17) % 20) // 5 + 1)::INT,
               hash(i * 29) % 50 = 0, 0, (hash(i * 37) % 200) / 10.0 - 10
        FROM range({n}) t(i)""")
    con.execute("CHECKPOINT")


def timed(f: Callable[[], object], repeats: int = REPEATS) -> tuple[float, object]:
    """The median wall time of `f` in milliseconds, and its last result."""
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = f()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), out


def run(n: int, regroup_n: int, folder: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    with Store.open(folder / "bench.duckdb") as store:
        t0 = time.perf_counter()
        generate(store, n)
        print(f"generated {n:,} events in {time.perf_counter() - t0:.1f} s")

        def timelines(label: str) -> None:
            for by in ("month", "week", "day"):
                ms, df = timed(lambda by=by: queries.timeline(store, "RUS", "USA", by=by))
                figures[f"timeline_{by}_{label}_ms"] = ms
                print(f"timeline RUS->USA by {by:<5} ({label:>9}): {ms:8.1f} ms, {len(df)} rows, "
                      f"{int(df['events'].sum()):,} events")

        timelines("unsorted")
        ms, s = timed(lambda: queries.summary(store, top=10), repeats=3)
        figures["top_dyads_ms"] = ms
        top = s["top_dyads"].iloc[0]
        print(f"top 10 dyads (summary):              {ms:8.1f} ms, first {top['source_code']}->"
              f"{top['target_code']} {int(top['events']):,} events")
        t0 = time.perf_counter()
        store.optimize()
        figures["optimize_s"] = time.perf_counter() - t0
        print(f"optimize (sort events by dyad, date): {figures['optimize_s']:7.1f} s")
        timelines("optimized")
    if regroup_n:
        with Store.open(folder / "regroup.duckdb") as store:
            generate(store, regroup_n)
            t0 = time.perf_counter()
            groups = store.regroup()
            figures["regroup_s"] = time.perf_counter() - t0
            print(f"regroup {regroup_n:,} events into {groups:,} aggregated events: {figures['regroup_s']:.1f} s")
    worst = max(v for k, v in figures.items() if k.startswith("timeline_") and k.endswith("_optimized_ms"))
    verdict = "meets" if worst <= TIMELINE_TARGET_MS else "MISSES"
    print(f"slowest optimized timeline: {worst:.1f} ms ({verdict} the {TIMELINE_TARGET_MS:.0f} ms target)")
    return figures


def fill_sketches(store: Store, n: int) -> None:
    """`n` stored articles with random MinHash sketches and their LSH bucket rows."""
    bands, _ = lsh_shape()
    con = store._con
    con.execute(f"""
        INSERT INTO articles (key, id, url, text, ingested_at, cluster_id)
        SELECT 's' || i, 's' || i, 'https://old.example/' || i, 'synthetic', TIMESTAMP '2025-01-01', 's' || i
        FROM range({n}) t(i)""")
    con.execute(f"""
        INSERT INTO article_sketches (article_key, seq, text_hash, shingles, minhash)
        SELECT 's' || i, i, md5(i::VARCHAR), 500,
               list_transform(range({NUM_PERM}), lambda x: (hash(i * 1000 + x) % 4294967296)::UBIGINT)
        FROM range({n}) t(i)""")
    con.execute(f"""
        INSERT INTO lsh_buckets SELECT b::SMALLINT, hash(i * 100 + b), 's' || i
        FROM range({n}) t(i), range({bands}) u(b)""")
    con.execute("CHECKPOINT")


def bench_clusters(n: int, folder: Path, batches: int = 4, size: int = 64) -> float:
    """Seconds per batch of `size` articles written into a store of `n` sketched articles, over the
    same into an empty store (same process); prints both."""
    import json

    lines = WIKINEWS.read_text(encoding="utf-8").splitlines()[:batches * size]
    recs = [json.loads(line) for line in lines]
    arts = [Article(id=r["id"], url=r.get("url", ""), text=r["text"]) for r in recs]
    with Store.open(":memory:") as warm:  # imports, first-call costs
        warm.write(arts[-size:])
    times = {}
    for label, stored in (("empty", 0), ("full", n)):
        with Store.open(folder / f"clusters-{label}.duckdb") as store:
            if stored:
                t0 = time.perf_counter()
                fill_sketches(store, stored)
                print(f"stored {stored:,} sketched articles in {time.perf_counter() - t0:.1f} s")
            t0 = time.perf_counter()
            for i in range(batches):
                store.write(arts[i * size:(i + 1) * size])
            times[label] = (time.perf_counter() - t0) / batches
    ratio = times["full"] / times["empty"]
    print(f"write a batch of {size} (sketch + cluster): {times['empty'] * 1000:.0f} ms into an empty store, "
          f"{times['full'] * 1000:.0f} ms into one of {n:,} sketched articles ({ratio:.2f}x)")
    return ratio


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000_000, help="synthetic events (default 10 million)")
    ap.add_argument("--regroup", type=int, default=100_000, help="events to aggregate (0: skip)")
    ap.add_argument("--clusters", type=int, default=1_000_000,
                    help="stored sketched articles to cluster new batches against (0: skip)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="dyads-bench-") as tmp:
        if args.events:
            run(args.events, args.regroup, Path(tmp))
        if args.clusters:
            bench_clusters(args.clusters, Path(tmp))


if __name__ == "__main__":
    main()
