"""Read input paths into Articles: text and HTML files (also gzipped), JSON Lines, folders, stdin.

A document that cannot be read becomes a `Failure` with a reason; the rest of the batch goes on.
"""
from __future__ import annotations

import codecs
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from .feeds import FEED_SUFFIXES, looks_like_feed, read_feed
from .fetch import Fetcher, is_url
from .html import declared_charset
from .models import Article, Failure
from .warc import is_warc, read_warc

# Largest document read, in bytes (after gunzip). Larger ones are recorded as too_large.
MAX_BYTES = 20 * 1024 * 1024
# Share of control characters (other than tab/newline/CR/FF) above which bytes are taken as binary.
MAX_CONTROL_SHARE = 0.01
# Bytes given to the charset detector when checking a declared charset.
MAX_SNIFF_BYTES = 256 * 1024
# A declared charset is kept unless its mess ratio exceeds the detector's best by more than this.
CHAOS_MARGIN = 0.05
# Detector readings within this mess ratio of the best count as equally clean.
CHAOS_TIE = 0.01
# Legacy encodings by how common they are on the web, to break ties between equally clean readings.
WEB_ENCODINGS = ("cp1252", "iso8859_15", "cp1251", "shift_jis", "gb18030", "gb2312", "euc_kr", "big5",
                 "cp1250", "iso8859_2", "cp1256", "cp1253", "cp1254", "koi8_r", "euc_jp", "iso8859_9")
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
COMPRESSION_SUFFIXES = {".gz"}
HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p>", b"<article")

Item = Article | Failure


class Unreadable(Exception):
    """Raised inside this module for a document that cannot be turned into text."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


def _strip_suffix(name: str, allowed: set[str] | None = None) -> str:
    stem, dot, ext = name.rpartition(".")
    if dot and stem and (allowed is None or "." + ext.lower() in allowed):
        return stem
    return name


def doc_id(path: Path) -> str:
    """A file's id: its name without its extensions (`0a1b.html.gz` -> `0a1b`)."""
    return _strip_suffix(_strip_suffix(path.name, COMPRESSION_SUFFIXES))


def _gunzip(data: bytes) -> bytes:
    """Decompress gzip bytes, refusing to inflate past MAX_BYTES (gzip bombs)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, MAX_BYTES + 1)
    except zlib.error as exc:
        raise Unreadable("bad_gzip", str(exc)) from None
    if len(out) > MAX_BYTES or d.unconsumed_tail:
        raise Unreadable("too_large", f"more than {MAX_BYTES} bytes once decompressed")
    if not d.eof:
        raise Unreadable("bad_gzip", "truncated gzip stream")
    return out


def _codec(name: str) -> str:
    """A declared charset as a Python codec name ("" when unknown); Latin-1 and ASCII read as
    Windows-1252, as browsers do."""
    try:
        codec = codecs.lookup(name.strip().strip("'\"")).name
    except (LookupError, ValueError):
        return ""
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def decode(data: bytes, declared: str = "") -> str:
    """Bytes to text: UTF-8 when valid, else the `declared` charset (HTTP header or <meta>) when the
    bytes fit it, else the encoding charset-normalizer finds; binary is refused."""
    if not data.strip():
        raise Unreadable("empty", "no content")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Unreadable("undecodable", "bad UTF-16 after a byte-order mark") from None
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls / len(sample) > MAX_CONTROL_SHARE:
        raise Unreadable("binary", f"{controls} control bytes in the first {len(sample)}")
    if b"\x00" in data:  # a few stray NULs in a text page: drop them
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    results = from_bytes(data[:MAX_SNIFF_BYTES])
    best = results.best()
    for name in (declared, declared_charset(data)):
        codec = _codec(name) if name else ""
        if not codec or codec in ("utf-8", "utf-8-sig"):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # a declared charset can be wrong: keep it unless it reads as more of a mess than the best guess
        own = from_bytes(data[:MAX_SNIFF_BYTES], cp_isolation=[codec]).best()
        if own is not None and (best is None or own.chaos <= best.chaos + CHAOS_MARGIN):
            return text
    if best is None:
        raise Unreadable("undecodable", "no text encoding fits these bytes")
    # among equally clean readings, the more coherent, then the more common on the web
    fair = [m for m in results if m.chaos <= best.chaos + CHAOS_TIE]
    pick = max(fair, key=lambda m: (round(m.coherence, 2), -_web_rank(m.could_be_from_charset)))
    try:
        return data.decode(pick.encoding)
    except UnicodeDecodeError:
        return str(best)


def _web_rank(encodings: list[str]) -> int:
    ranks = [WEB_ENCODINGS.index(e) for e in encodings if e in WEB_ENCODINGS]
    return min(ranks) if ranks else len(WEB_ENCODINGS)


def _looks_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return any(head.startswith(tag) or tag in head[:512] for tag in HTML_SNIFF)


def _article_from_bytes(data: bytes, *, id: str, origin: str, kind: str | None) -> Article:
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    if len(data) > MAX_BYTES:
        raise Unreadable("too_large", f"{len(data)} bytes; the limit is {MAX_BYTES}")
    text = decode(data)
    if kind is None:
        kind = "html" if _looks_html(data) else "text"
    if kind == "html":
        return Article(id=id, origin=origin, html=text, input_kind="html")
    return Article(id=id, origin=origin, raw_text=text, input_kind="page")


def _record_article(rec: object, *, origin: str, fallback_id: str) -> Article:
    """One JSON Lines record {id, text|html, url?, title?, date?} as an Article."""
    if not isinstance(rec, dict):
        raise Unreadable("bad_record", "a JSON Lines record must be an object")
    text, html = rec.get("text"), rec.get("html")
    text = text if isinstance(text, str) else ""
    html = html if isinstance(html, str) else ""
    if not isinstance(rec.get("text"), str) and not isinstance(rec.get("html"), str):
        raise Unreadable("bad_record", "the record has no 'text' or 'html' string")
    if not text.strip() and not html.strip():
        raise Unreadable("empty", "the record's text is empty")
    has_html = bool(html.strip())
    return Article(
        id=str(rec.get("id") or fallback_id),
        input_kind="html" if has_html else "record",
        origin=origin,
        url=str(rec.get("url") or ""),
        title=str(rec.get("title") or ""),
        published=str(rec.get("date") or rec.get("published") or ""),
        html=html if has_html else None,
        raw_text=None if has_html else text,
    )


def read_jsonl(stream: Iterable[bytes], *, origin: str, id_prefix: str) -> Iterator[Item]:
    """Each line of a JSON Lines stream; a bad line is a Failure, the next line goes on."""
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            rec = json.loads(decode(line))
            yield _record_article(rec, origin=where, fallback_id=f"{id_prefix}-{n}")
        except Unreadable as exc:
            yield Failure(f"{id_prefix}-{n}", where, exc.reason, exc.detail)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield Failure(f"{id_prefix}-{n}", where, "bad_json", str(exc)[:200])


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def read_file(path: Path) -> Iterator[Item]:
    """The articles in one file (a page, a JSON Lines file, a WARC archive or a feed)."""
    origin, id = str(path), doc_id(path)
    suffix = _suffix(path)
    try:
        if is_warc(path):
            with path.open("rb") as f:
                yield from read_warc(f, origin=origin)
            return
        if suffix in JSONL_SUFFIXES:
            opener = gzip.open if path.name.lower().endswith(".gz") else open
            with opener(path, "rb") as f:
                yield from read_jsonl(f, origin=origin, id_prefix=id)
            return
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable("too_large", f"{size} bytes; the limit is {MAX_BYTES}")
        data = path.read_bytes()
        kind = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
        if kind is None and (suffix in FEED_SUFFIXES or data[:1] == b"<"):
            plain = _gunzip(data) if data[:2] == b"\x1f\x8b" else data
            if looks_like_feed(plain):
                yield from read_feed(plain, origin=origin, id_prefix=id)
                return
        yield _article_from_bytes(data, id=id, origin=origin, kind=kind)
    except Unreadable as exc:
        yield Failure(id, origin, exc.reason, exc.detail)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Failure(id, origin, "unreadable", str(exc)[:200])


def read_stdin(stream: io.BufferedReader | None = None) -> Iterator[Item]:
    """Standard input: JSON Lines when the first non-blank byte is '{', else one document."""
    data = (stream or sys.stdin.buffer).read()
    if data.lstrip()[:1] == b"{":
        yield from read_jsonl(data.splitlines(), origin="stdin", id_prefix="stdin")
        return
    try:
        yield _article_from_bytes(data, id="stdin", origin="stdin", kind=None)
    except Unreadable as exc:
        yield Failure("stdin", "stdin", exc.reason, exc.detail)


# Files a folder of articles often carries that are not articles (README.md, LICENSE, ...): skipped
# when a folder is expanded; named on the command line, they are read like any file.
FOLDER_SKIP_STEMS = {"readme", "license", "licence", "copying", "notice", "changelog", "authors",
                     "contributing", "citation"}


def _folder_skips(p: Path) -> bool:
    return p.name.split(".", 1)[0].lower() in FOLDER_SKIP_STEMS


def iter_paths(inputs: Iterable[str | Path]) -> Iterator[Path | str]:
    """Expand folders (recursively, sorted; hidden files and FOLDER_SKIP_STEMS files skipped); '-' and
    URLs stay as strings."""
    for raw in inputs:
        if str(raw) == "-" or is_url(raw):
            yield str(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                rel = p.relative_to(path)
                if p.is_file() and not any(part.startswith(".") for part in rel.parts) and not _folder_skips(p):
                    yield p
        else:
            yield path


def read_inputs(inputs: Iterable[str | Path | Item], *, fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Every article in `inputs` (files, folders, '-', http(s) URLs), in order; unreadable ones as
    Failures. URLs go through `fetcher`, or one built with the default settings. An Article or
    Failure among the inputs (read elsewhere, e.g. by `dyads watch`) is passed on as it is."""
    own = None
    try:
        for raw in inputs:
            if isinstance(raw, (Article, Failure)):
                yield raw
                continue
            for path in iter_paths([raw]):
                if is_url(path):
                    if fetcher is None:
                        fetcher = own = Fetcher()
                    yield from fetcher.fetch(str(path))
                else:
                    yield from _read_local(path)
    finally:
        if own is not None:
            own.close()


def _read_local(path: Path | str) -> Iterator[Item]:
    if path == "-":
        yield from read_stdin()
    elif not Path(path).exists():
        yield Failure(doc_id(Path(path)), str(path), "not_found", "no such file or folder")
    else:
        yield from read_file(Path(path))
