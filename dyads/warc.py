"""Read WARC and WARC.gz files: each HTTP response record holding HTML becomes an Article.

id = WARC-Record-ID (without its angle brackets), url = WARC-Target-URI, and the crawl time goes to
`extras["fetched"]`. A record that cannot be used is a Failure with a reason; a broken archive stops
at the break with one Failure, and what was read before it stands.
"""
from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .models import Article, Failure

# Content types read as HTML pages; other responses (images, scripts, PDFs) are skipped, not failed.
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Bytes allowed after the last whole record (the record separator) before an archive counts as cut.
TRAILING_SLACK = 8
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("'\"")
    return ""


def read_warc(stream: BinaryIO, *, origin: str) -> Iterator[Article | Failure]:
    """Every HTML response in a WARC stream, in order; other record types are skipped."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from .readers import MAX_BYTES, Unreadable, decode

    n, ends = 0, [0]
    try:
        size = os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        size = None
    it = ArchiveIterator(stream, arc2warc=True)
    try:
        for record in _whole_records(it, ends):
            if record.rec_type is None:  # no WARC version line: the header cannot be read
                n += 1
                yield Failure(f"{Path(origin).name}-{n}", f"{origin}#{n}", "bad_warc_header",
                              "a record without a WARC version line")
                continue
            if record.rec_type != "response":
                continue
            n += 1
            headers = record.rec_headers
            rid = (headers.get_header("WARC-Record-ID") or f"{Path(origin).name}-{n}").strip("<>")
            url = headers.get_header("WARC-Target-URI") or ""
            where = f"{origin}#{n}"
            http = record.http_headers
            ctype = (http.get_header("Content-Type") if http else "") or ""
            if http is None and not url.lower().startswith(("dns:", "ftp:", "whois:")):
                # an HTTP response whose headers cannot be read: a bad Content-Length, or cut short
                yield Failure(rid, where, "bad_record", f"a response record without HTTP headers ({url})")
                continue
            if http is None or not ctype.lower().startswith(HTML_TYPES):
                if _cut_short(record):
                    yield Failure(rid, where, "truncated", f"the record ends short of its Content-Length ({url})")
                continue
            status = http.get_statuscode() or ""
            if not status.startswith("2"):
                yield Failure(rid, where, f"http_{status or 'unknown'}", url)
                continue
            try:
                body = record.content_stream().read(MAX_BYTES + 1)
                if len(body) > MAX_BYTES:
                    raise Unreadable("too_large", f"response body over {MAX_BYTES} bytes")
                if record.raw_stream.limit > 0:
                    raise Unreadable("truncated", f"the record ends {record.raw_stream.limit} bytes short")
                html = decode(body, declared=_charset(ctype))
            except Unreadable as exc:
                yield Failure(rid, where, exc.reason, exc.detail)
                continue
            except (OSError, EOFError, ValueError) as exc:  # a corrupt chunked or gzipped body
                yield Failure(rid, where, "bad_record", str(exc)[:200])
                continue
            yield Article(id=rid, url=url, origin=where, html=html, input_kind="html",
                          extras={"fetched": headers.get_header("WARC-Date") or ""})
    # warcio raises AttributeError on some cut-off headers; any of these ends the archive here
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, zlib.error) as exc:
        yield Failure(f"{Path(origin).name}-after-{n}", origin, "bad_warc", str(exc)[:200])
        return
    if size is not None and size - ends[0] > TRAILING_SLACK:
        yield Failure(f"{Path(origin).name}-after-{n}", origin, "bad_warc",
                      f"truncated: {size - ends[0]} bytes after the last whole record")


def _cut_short(record: object) -> bool:
    """Whether a record's payload ends before its declared length (read through, then checked)."""
    while record.raw_stream.read(1 << 16):
        pass
    return record.raw_stream.limit > 0


def _whole_records(it: object, ends: list[int]) -> Iterator[object]:
    """The records of an ArchiveIterator, each read to its end before the next one is parsed;
    `ends[0]` is kept at the byte offset where the last whole record ends."""
    for record in it:
        yield record
        it.read_to_end()
        ends[0] = it.get_record_offset() + it.get_record_length()
