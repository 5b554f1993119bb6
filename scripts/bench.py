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

from dyads.html import visible_text
from dyads.models import Article
from dyads.nlp import MODEL
from dyads.pipeline import build_steps, process
from dyads.readers import Unreadable, _gunzip, decode, read_inputs
from dyads.record import article_record
from dyads.textclean import clean_dump

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
OUT = ROOT / "out" / "bench"
WIKINEWS = SHARED / "data/wikinews-en/articles.jsonl"


def extract_to(inputs: list[Path], path: Path, steps=None) -> tuple[int, float]:
    """Run the pipeline over `inputs`, write records to `path`; returns (articles, seconds)."""
    t0 = time.perf_counter()
    articles, _ = process(inputs, steps=steps)
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
        key, _, value = line.partition(": ")
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
    n, secs = extract_to([WIKINEWS], pred)
    show("Annotated Wikinews articles (score.py articles)",
         score("articles", pred, "--gold", str(SHARED / "data/gold-articles")))
    return n, secs


# The Wikinews articles are timed in this many rounds; in each, bare spaCy and dyads take turns on
# the same slice (the first one alternating), so that load from other processes falls on both alike.
SPEED_ROUNDS = 10


def bench_speed(fast: bool = True) -> None:
    """Words per second, dyads end to end (reading, every step, the records) against bare spaCy
    nlp.pipe with the model's full pipeline on the same texts, in turns in this process; then the
    peak memory of one `dyads extract` process over the same articles."""
    lines = WIKINEWS.read_text(encoding="utf-8").splitlines(keepends=True)
    texts = [json.loads(line)["text"] for line in lines]
    words = sum(len(t.split()) for t in texts)
    bare_nlp = spacy.load(MODEL)
    steps = build_steps(options={"parse": {"fast": fast}})
    parts = OUT / "speed"
    parts.mkdir(parents=True, exist_ok=True)
    step = -(-len(lines) // SPEED_ROUNDS)
    bare = ours = 0.0
    n_out = 0
    for r, i in enumerate(range(0, len(lines), step)):
        part = parts / f"part-{r:02d}.jsonl"
        part.write_text("".join(lines[i:i + step]), encoding="utf-8")
        for turn in ((0, 1) if r % 2 else (1, 0)):
            t0 = time.perf_counter()
            if turn:
                for _ in bare_nlp.pipe(texts[i:i + step], batch_size=32):
                    pass
                bare += time.perf_counter() - t0
            else:
                articles, _ = process([part], steps=steps)
                with (parts / "out.jsonl").open("w", encoding="utf-8") as f:
                    for a in articles:
                        f.write(json.dumps(article_record(a), ensure_ascii=False) + "\n")
                        n_out += 1
                ours += time.perf_counter() - t0
    print(f"\n## Speed (one process, same texts, same run; {SPEED_ROUNDS} rounds, bare spaCy and dyads in turns)")
    print(f"words: {words}; articles out: {n_out} of {len(lines)}")
    if n_out < len(lines):
        print("warning: some articles were dropped (time limit?): dyads' words per second is overstated")
    print(f"bare_spacy_words_per_second: {words / bare:.0f}")
    print(f"dyads_words_per_second: {words / ours:.0f}")
    print(f"dyads_vs_bare_spacy: {bare / ours:.2f}x")
    for st in steps:
        print(f"  step {st.name}: {st.seconds:.2f} s")
    print(f"peak_memory_mb (dyads extract, one process): {peak_memory_mb([str(WIKINEWS)], fast):.0f}")


# Runs `dyads extract` and, as it exits, writes the process's peak resident memory (VmHWM, Linux)
# to the file named first: getrusage would count the memory of this process too, which the child
# shares between fork and exec.
_PEAK_CHILD = """import atexit, sys
def peak(path=sys.argv[1]):
    with open('/proc/self/status') as f, open(path, 'w') as out:
        out.write(next(line.split()[1] for line in f if line.startswith('VmHWM')))
atexit.register(peak)
from dyads.steps.parse import ParseStep
ParseStep.__init__.__kwdefaults__['fast'] = sys.argv[2] == 'fast'
from dyads.cli import main
sys.argv = ['dyads'] + sys.argv[3:]
main()
"""


def peak_memory_mb(inputs: list[str], fast: bool = True) -> float:
    """Peak resident memory of one `dyads extract` process over `inputs` (no time limit), in MB."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        kb = Path(tmp) / "peak_kb"
        subprocess.run([sys.executable, "-c", _PEAK_CHILD, str(kb), "fast" if fast else "own", "extract", *inputs,
                        "--time-limit", "0", "-o", os.devnull], check=True)
        return int(kb.read_text()) / 1024


AEB = SHARED / "data/extraction/scrapinghub-aeb"
TRAF_EVAL = SHARED / "data/extraction/trafilatura-eval"


def bench_extraction() -> None:
    """ScrapingHub AEB: dyads' clean step (through the pipeline) and bare trafilatura.extract, scored
    by score.py; then speed, each page timed for both in alternation so that load on the machine
    falls on both alike."""
    html = sorted((AEB / "html").glob("*.html.gz"))
    pred = OUT / "aeb-dyads.jsonl"
    n, ours_e2e = extract_to(html, pred, steps=build_steps(["clean"]))
    show("AEB extraction, dyads", score("extraction", pred))
    pages = [(item.id, item.html) for item in read_inputs(html)]
    step = build_steps(["clean"])[0]
    base = OUT / "aeb-trafilatura.jsonl"
    ours = theirs = 0.0
    with base.open("w", encoding="utf-8") as f:
        for i, (id, page) in enumerate(pages):
            for turn in ((0, 1) if i % 2 else (1, 0)):
                t0 = time.perf_counter()
                if turn:
                    text = trafilatura.extract(page) or ""
                    theirs += time.perf_counter() - t0
                    f.write(json.dumps({"id": id, "text": text}, ensure_ascii=False) + "\n")
                else:
                    step.process(Article(id=id, html=page, input_kind="html"))
                    ours += time.perf_counter() - t0
    show("AEB extraction, trafilatura.extract (defaults)", score("extraction", base))
    print("\n## AEB speed (same pages, same run, alternating)")
    print(f"pages_per_second_dyads: {len(pages) / ours:.1f}")
    print(f"pages_per_second_trafilatura: {len(pages) / theirs:.1f}")
    print(f"dyads_vs_trafilatura_speed: {theirs / ours:.2f}x")
    print(f"pages_per_second_dyads_pipeline (reading, decoding, clean step): {n / ours_e2e:.1f}")


def _gold_author(value: object) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value or "")


def bench_trafilatura_eval() -> None:
    """trafilatura's evaluation set: share of "with" snippets kept and "without" snippets dropped,
    and exact title, date (day) and author matches, for dyads and trafilatura in the same run."""
    data = json.loads((TRAF_EVAL / "evaldata.json").read_text(encoding="utf-8"))
    step = build_steps(["clean"])[0]
    tally = {name: {"with": 0, "without": 0, "title": 0, "date": 0, "author": 0, "seconds": 0.0}
             for name in ("dyads", "trafilatura")}
    totals = {"with": 0, "without": 0, "title": 0, "date": 0, "author": 0}
    for url, gold in data.items():
        try:
            page = decode(_gunzip((TRAF_EVAL / "html" / f"{gold['file']}.gz").read_bytes()))
        except Unreadable:
            page = ""
        t0 = time.perf_counter()
        a = step.process(Article(id=url, url=url, html=page, input_kind="html"))
        tally["dyads"]["seconds"] += time.perf_counter() - t0
        a = a if isinstance(a, Article) else Article(id=url)
        ours = (a.text, a.title, a.published, "; ".join(a.extras.get("authors", [])))
        t0 = time.perf_counter()
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True) if page else None
        tally["trafilatura"]["seconds"] += time.perf_counter() - t0
        theirs = (doc.text or "", doc.title, doc.date, doc.author) if doc else ("", "", "", "")
        totals["with"] += len(gold["with"])
        totals["without"] += len(gold["without"])
        for key in ("title", "date", "author"):
            totals[key] += bool(gold.get(key))
        for name, (text, title, date, author) in (("dyads", ours), ("trafilatura", theirs)):
            t = tally[name]
            t["with"] += sum(s in text for s in gold["with"])
            t["without"] += sum(s not in text for s in gold["without"])
            t["title"] += bool(gold.get("title")) and (title or "").strip() == gold["title"].strip()
            t["date"] += bool(gold.get("date")) and (date or "")[:10] == gold["date"]
            t["author"] += bool(gold.get("author")) and (author or "").strip() == _gold_author(gold["author"]).strip()
    print(f"\n## trafilatura eval set ({len(data)} pages; same run)")
    for name, t in tally.items():
        kept, dropped = t["with"] / totals["with"], t["without"] / totals["without"]
        acc = (t["with"] + t["without"]) / (totals["with"] + totals["without"])
        print(f"{name}_with_kept: {kept:.3f}")
        print(f"{name}_without_dropped: {dropped:.3f}")
        print(f"{name}_snippet_accuracy: {acc:.3f}")
        for key in ("title", "date", "author"):
            print(f"{name}_{key}_exact: {t[key] / totals[key]:.3f}")
        print(f"{name}_pages_per_second: {len(data) / t['seconds']:.1f}")


def render_full_text(html_files: list[Path]) -> list[tuple[str, str]]:
    """Each page's whole visible text (no extraction): block elements as lines, scripts dropped."""
    return [(item.id, visible_text(item.html)) for item in read_inputs(html_files)]


def bench_dump() -> None:
    """The text-dump cleaner, measured honestly: each AEB page rendered to its full visible text, then
    clean_dump on that text, scored against the gold body; the uncleaned full text alongside."""
    pages = render_full_text(sorted((AEB / "html").glob("*.html.gz")))
    full, cleaned = OUT / "aeb-fulltext.jsonl", OUT / "aeb-fulltext-cleaned.jsonl"
    with full.open("w", encoding="utf-8") as f, cleaned.open("w", encoding="utf-8") as g:
        for id, text in pages:
            f.write(json.dumps({"id": id, "text": text}, ensure_ascii=False) + "\n")
            g.write(json.dumps({"id": id, "text": clean_dump(text).text}, ensure_ascii=False) + "\n")
    show("AEB full visible text, no cleaning", score("extraction", full))
    show("AEB full visible text through clean_dump", score("extraction", cleaned))


BENCHES = {"events": bench_events, "articles": bench_articles, "speed": bench_speed,
           "extraction": bench_extraction, "trafilatura-eval": bench_trafilatura_eval, "dump": bench_dump}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("only", nargs="*", help=f"run only these benchmarks: {', '.join(BENCHES)}")
    ap.add_argument("--own-components", action="store_true",
                    help="speed: parse with the model's own components (dyads.nlp.load_nlp fast=False), "
                         "to compare")
    args = ap.parse_args()
    unknown = set(args.only) - set(BENCHES)
    if unknown:
        ap.error(f"unknown benchmark(s) {sorted(unknown)}; known: {', '.join(BENCHES)}")
    OUT.mkdir(parents=True, exist_ok=True)
    for name in args.only or BENCHES:
        if name == "speed":
            bench_speed(fast=not args.own_components)
        else:
            BENCHES[name]()


if __name__ == "__main__":
    main()
