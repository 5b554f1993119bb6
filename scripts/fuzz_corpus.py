"""Generate a corpus of bad documents (plus a few good ones) and check `dyads extract` and `dyads ingest`
on it: no crash, no hang, every document accounted for (stored, or recorded with a reason).

    python scripts/fuzz_corpus.py                 # 10,000 documents in a temporary folder, both commands
    python scripts/fuzz_corpus.py --n 300 --keep DIR

Nothing is committed: the corpus is written to a temporary folder (or DIR) and removed afterwards
unless --keep is given. `make_corpus` is also used by tests/test_fuzz.py with a few hundred documents.

Categories: random bytes, invalid UTF-8, mixed encodings, NUL bytes, a 50 MB page, tags nested
100,000 deep, a single 10 MB line, truncated gzip, a gzip bomb, empty files, bad JSON Lines lines,
WARC records with broken headers. Good documents are short Wikinews articles (the NLP costs about
0.1 s per article), each under its own file name so that it can be found in the output.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIKINEWS = ROOT.parent / "shared" / "data" / "wikinews-en" / "articles.jsonl"
SAMPLE = ROOT / "dyads" / "data" / "sample" / "wikinews-en.jsonl"
# Categories written once each (large), and the small ones cycled through for the rest of the corpus.
BIG = ("page_50mb", "deep_100k", "line_10mb_html", "gzip_bomb")
SMALL = ("random_bytes", "invalid_utf8", "mixed_encodings", "nul_bytes", "truncated_gzip", "empty",
         "blank", "bad_jsonl", "broken_warc", "binary_html", "deep_small", "unclosed_tags", "junk_html")


@dataclass
class Corpus:
    root: Path
    # origin prefix (the file path) -> category, for every file written
    files: dict[str, str] = field(default_factory=dict)
    # origins of the good documents: each must be stored (ingest) or printed (extract)
    good: list[str] = field(default_factory=list)
    # jsonl files: path -> number of non-blank lines (each line is a document, origin "path:n")
    jsonl_lines: dict[str, int] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return len(self.files) - len(self.jsonl_lines) + sum(self.jsonl_lines.values())


def good_texts(n: int) -> list[dict]:
    """`n` short Wikinews articles (first paragraphs only) with distinct texts."""
    src = WIKINEWS if WIKINEWS.exists() else SAMPLE
    out = []
    with src.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = "\n\n".join(p for p in rec.get("text", "").split("\n\n")[:3] if p.strip())
            if len(text) > 200:
                out.append({"title": rec.get("title", ""), "text": text[:1200]})
            if len(out) >= n:
                break
    return out


def _random_bytes(rng: random.Random, i: int) -> bytes:
    return rng.randbytes(rng.randint(1, 4096))


def _invalid_utf8(rng: random.Random, i: int) -> bytes:
    words = [rng.choice(["the", "minister", "said", "war", "peace", "talks"]) for _ in range(rng.randint(5, 60))]
    data = bytearray(" ".join(words).encode())
    for _ in range(rng.randint(1, 20)):
        data.insert(rng.randrange(len(data) + 1), rng.choice([0x80, 0xC3, 0xE2, 0xF0, 0xFF, 0xFE, 0xC0]))
    return bytes(data) + f" doc {i}".encode()


def _mixed(rng: random.Random, i: int) -> bytes:
    parts = ["Müller sagte", "Лавров заявил", "外務省は", "Ελλάδα", "café crème", "naïve"]
    out = b""
    for _ in range(rng.randint(2, 12)):
        out += rng.choice(parts).encode(rng.choice(["utf-8", "cp1252", "utf-16-le", "koi8_r", "shift_jis"]),
                                        errors="ignore") + b" "
    return out + f"doc {i}".encode()


def _nul(rng: random.Random, i: int) -> bytes:
    text = f"Document {i}: the minister said talks would go on. ".encode()
    return b"\x00".join([text] * rng.randint(1, 50))


def _truncated_gzip(rng: random.Random, i: int) -> bytes:
    data = gzip.compress(rng.randbytes(2000) + f"<p>page {i}</p>".encode())
    return data[:rng.randint(10, len(data) - 9)]


def _bad_jsonl_lines(rng: random.Random, i: int) -> list[bytes]:
    return [b'{"id": "x", "text": ', b"[1, 2, 3]", b'{"id": "n", "text": 42}', b'{"text": ""}',
            b"\xff\xfe{garbage", b'"just a string"', b"[" * 50_000 + b"]" * 50_000, b"{" + rng.randbytes(40),
            b'{"id": "h", "html": "   "}', b"null"][: rng.randint(1, 10)]


def _broken_warc(rng: random.Random, i: int) -> bytes:
    body = b"<html><body><p>Broken record</p></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    headers = [b"WARC/1.0", b"WARC-Type: response", f"WARC-Record-ID: <urn:uuid:bad-{i}>".encode(),
               b"WARC-Target-URI: http://example.org/x", b"Content-Length: " + rng.choice(
                   [b"abc", b"-5", b"99999999", str(len(http) + 7).encode(), b""])]
    if rng.random() < 0.5:
        headers[0] = rng.choice([b"WARC/9.9", b"GARBAGE", b""])
    return b"\r\n".join(headers) + b"\r\n\r\n" + http[: rng.randint(0, len(http))]


def _binary_html(rng: random.Random, i: int) -> bytes:
    return b"<html><body>" + rng.randbytes(rng.randint(100, 3000)) + b"</body></html>"


def _deep_small(rng: random.Random, i: int) -> bytes:
    d = rng.randint(300, 3000)
    tag = rng.choice([b"div", b"span", b"b", b"table", b"li"])
    return b"<html><body>" + b"<%s>" % tag * d + b"text %d" % i + b"</%s>" % tag * rng.randint(0, d)


def _unclosed(rng: random.Random, i: int) -> bytes:
    return b"<html><head><title>t" + b"<p><b><i><a href='" * rng.randint(1, 500) + b"doc %d" % i


def _junk_html(rng: random.Random, i: int) -> bytes:
    bits = [b"<script>", b"</p>", b"<!--", b"-->", b"<![CDATA[", b"&#x0;", b"&#99999999;", b"<?xml?>",
            b"<meta charset='x-unknown'>", b"<meta charset='utf-16'>", b"\xef\xbb\xbf", b"<html", b">"]
    return b"".join(rng.choice(bits) for _ in range(rng.randint(1, 200))) + b"doc %d" % i


WRITERS = {"random_bytes": (_random_bytes, ".bin"), "invalid_utf8": (_invalid_utf8, ".txt"),
           "mixed_encodings": (_mixed, ".txt"), "nul_bytes": (_nul, ".txt"),
           "truncated_gzip": (_truncated_gzip, ".html.gz"), "empty": (lambda r, i: b"", ".txt"),
           "blank": (lambda r, i: b" \n\t\r\n " * r.randint(1, 100), ".html"),
           "broken_warc": (_broken_warc, ".warc"), "binary_html": (_binary_html, ".html"),
           "deep_small": (_deep_small, ".html"), "unclosed_tags": (_unclosed, ".html"),
           "junk_html": (_junk_html, ".html")}


def _write_big(root: Path, name: str) -> Path:
    if name == "page_50mb":
        p = root / "big_page_50mb.html"
        with p.open("wb") as f:
            f.write(b"<html><body>")
            chunk = b"<p>" + b"word " * 200 + b"</p>\n"
            for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
                f.write(chunk)
            f.write(b"</body></html>")
    elif name == "deep_100k":
        p = root / "big_deep_100k.html"
        p.write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"deep text" + b"</div>" * 100_000 + b"</body></html>")
    elif name == "line_10mb_html":
        p = root / "big_line_10mb.html"
        p.write_bytes(b"<html><body><p>" + b"word " * (2 * 1024 * 1024) + b"</p></body></html>")
    elif name == "line_10mb_txt":  # goes through the NLP (cut to its first 200,000 characters): slow
        p = root / "big_line_10mb.txt"
        p.write_bytes(b"word " * (2 * 1024 * 1024))
    elif name == "gzip_bomb":
        p = root / "big_bomb.txt.gz"
        block = b"A" * (1024 * 1024)
        with p.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9) as z:
            for _ in range(200):  # 200 MB once inflated, about 200 KB on disk
                z.write(block)
    else:
        raise ValueError(name)
    return p


def make_corpus(root: Path, n: int, *, n_good: int = 4, seed: int = 0, big: tuple[str, ...] = BIG) -> Corpus:
    """Write `n` documents (about; JSON Lines files hold several) under `root`, `n_good` of them good."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    c = Corpus(root)
    for name in big:
        c.files[str(_write_big(root, name))] = name
    goods = good_texts(n_good)
    # good documents: half as text files, half as lines of a JSON Lines file mixed with bad lines
    half = len(goods) // 2
    for k, g in enumerate(goods[:half]):
        p = root / f"good_{k:03d}.txt"
        p.write_text(g["title"] + "\n\n" + g["text"] + "\n", encoding="utf-8")
        c.files[str(p)] = "good"
        c.good.append(str(p))
    mixed = root / "good_mixed.jsonl"
    lines: list[bytes] = []
    for k, g in enumerate(goods[half:]):
        lines += _bad_jsonl_lines(rng, k)[:2]
        lines.append(json.dumps({"id": f"good-{k}", **g}).encode())
        c.good.append(f"{mixed}:{len(lines)}")
    mixed.write_bytes(b"\n".join(lines) + b"\n")
    c.files[str(mixed)] = "good"
    c.jsonl_lines[str(mixed)] = len(lines)
    i = 0
    while c.documents < n:
        cat = SMALL[i % len(SMALL)]
        i += 1
        sub = root / cat
        sub.mkdir(exist_ok=True)
        if cat == "bad_jsonl":
            p = sub / f"{i:06d}.jsonl"
            lines = _bad_jsonl_lines(rng, i)
            p.write_bytes(b"\n".join(lines) + b"\n")
            c.jsonl_lines[str(p)] = sum(1 for line in lines if line.strip())
        else:
            fn, ext = WRITERS[cat]
            p = sub / f"{i:06d}{ext}"
            p.write_bytes(fn(rng, i))
        c.files[str(p)] = cat
    return c


def doc_origins(c: Corpus) -> list[str]:
    """The origin of every document: the file path, or path:n for each non-blank JSON Lines line."""
    out = []
    for path in c.files:
        if path in c.jsonl_lines:
            out += [f"{path}:{n}" for n in _line_numbers(Path(path))]
        else:
            out.append(path)
    return out


def _line_numbers(path: Path) -> list[int]:
    with path.open("rb") as f:
        return [n for n, line in enumerate(f, 1) if line.strip()]


def _covered(origin: str, seen: set[str]) -> bool:
    """A file's document is accounted for by its own origin or by any record from inside it (a WARC's
    `path#n`, a feed's items); a JSON Lines line by `path:n`."""
    return origin in seen or any(s.startswith(origin + "#") for s in seen)


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-c", "from dyads.cli import main; main()", *args]


def run_extract(c: Corpus, out: Path, timeout: float) -> dict:
    t0 = time.monotonic()
    done = subprocess.run(_cmd("extract", str(c.root), "-o", str(out)), capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, check=False)
    secs = time.monotonic() - t0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    ok = {r["origin"] for r in records if "error" not in r}
    bad = {r["origin"] for r in records if "error" in r}
    reasons_ok = all(r.get("error") for r in records if "error" in r)
    skipped_lines = sum(1 for line in done.stderr.splitlines() if line.startswith("dyads: skipped"))
    return _tally("extract", c, ok, bad, secs, done.returncode, done.stderr, reasons_ok,
                  stderr_failures=skipped_lines)


def run_ingest(c: Corpus, db: Path, timeout: float) -> dict:
    import duckdb

    t0 = time.monotonic()
    done = subprocess.run(_cmd("ingest", str(c.root), "--db", str(db)), capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, check=False)
    secs = time.monotonic() - t0
    con = duckdb.connect(str(db), read_only=True)
    try:
        ok = {r[0] for r in con.execute("SELECT origin FROM articles").fetchall()}
        rows = con.execute("SELECT origin, reason FROM failures").fetchall()
    finally:
        con.close()
    skipped_lines = sum(1 for line in done.stderr.splitlines() if line.startswith("dyads: skipped"))
    out = _tally("ingest", c, ok, {r[0] for r in rows}, secs, done.returncode, done.stderr,
                 all(r[1] for r in rows), stderr_failures=skipped_lines)
    # documents whose clean text equals a stored one's are skipped as copies: counted in the summary
    # line ("N already in DB"), not recorded one by one
    m = re.search(r"(\d+) already in", done.stdout)
    out["skipped_as_copies"] = int(m[1]) if m else 0
    return out


def _tally(name: str, c: Corpus, ok: set[str], bad: set[str], secs: float, rc: int, stderr: str,
           reasons_ok: bool, stderr_failures: int) -> dict:
    origins = doc_origins(c)
    seen = ok | bad
    lost = [o for o in origins if not _covered(o, seen)]
    good_missing = [g for g in c.good if g not in ok]
    crashed = "Traceback" in stderr or rc not in (0, 1)
    n_bad = len(origins) - len(c.good)  # recorded_bad below: a failure with a reason, or stored
    recorded = n_bad - len([o for o in lost if o not in c.good])
    by_cat: dict[str, int] = {}
    for o in lost:
        cat = c.files.get(o.rsplit(":", 1)[0] if o not in c.files else o, "?")
        by_cat[cat] = by_cat.get(cat, 0) + 1
    return {"command": name, "documents": len(origins), "lost_count": len(lost), "lost_by_category": by_cat,
            "bad_stored": len([o for o in origins if o in ok and o not in c.good]), "good": len(c.good), "seconds": round(secs, 1),
            "returncode": rc, "crashed": crashed, "stored_good": len(c.good) - len(good_missing),
            "recorded_bad": recorded, "bad": n_bad, "recorded_pct": round(100 * recorded / max(n_bad, 1), 2),
            "stored_pct": round(100 * (len(c.good) - len(good_missing)) / max(len(c.good), 1), 2),
            "stderr_failures": stderr_failures, "reasons_given": reasons_ok, "lost": lost[:20],
            "good_missing": good_missing, "stderr_tail": stderr[-1500:] if crashed else ""}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000, help="documents in the corpus")
    ap.add_argument("--good", type=int, default=20, help="good documents among them")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per command before it counts as a hang")
    ap.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    ap.add_argument("--txt-line", action="store_true", help="also a 10 MB one-line text file (through the NLP)")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="dyads-fuzz-"))
    try:
        t0 = time.monotonic()
        big = BIG + (("line_10mb_txt",) if args.txt_line else ())
        c = make_corpus(root / "corpus", args.n, n_good=args.good, seed=args.seed, big=big)
        print(f"corpus: {c.documents} documents ({len(c.good)} good) in {root / 'corpus'}, "
              f"{time.monotonic() - t0:.1f} s", file=sys.stderr)
        results = []
        for run in (lambda: run_extract(c, root / "extract.jsonl", args.timeout),
                    lambda: run_ingest(c, root / "fuzz.duckdb", args.timeout)):
            try:
                results.append(run())
            except subprocess.TimeoutExpired as exc:
                results.append({"command": str(exc.cmd[3]), "hang": True, "seconds": args.timeout})
            print(json.dumps(results[-1], indent=1), flush=True)
        bad = [r for r in results if r.get("hang") or r["crashed"] or r["lost"] or r["good_missing"]]
        return 1 if bad else 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
