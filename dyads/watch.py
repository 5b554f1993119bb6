"""Live ingest: poll RSS/Atom feeds (URLs or files) and folders, and store what is new.

Each poll visits every source once. A feed URL is fetched with a conditional GET (If-None-Match,
If-Modified-Since); a 304 costs no parse. Its items not seen before are ingested, each from its page
when the feed carries only a summary. A feed or JSON Lines file is read again when its size or mtime
changes, and only its unseen items are ingested; a folder gives its new or changed files.

New items go through `dyads.ingest.ingest_inputs`, `batch_size` at a time (one transaction each),
and after each committed batch the watch state (seen items, validators, back-off) is written
atomically to `<db>.watch.json`. After a crash between a commit and that write the items are read
again, and the store skips them by their text key, so nothing is stored twice. A feed's validators
are kept only once all its new items are stored, so a run stopped half-way gets the feed whole again.

A source that fails (HTTP error, timeout, garbage instead of a feed, a missing folder) is left for
`backoff * 2**(errors - 1)` seconds (at most MAX_BACKOFF) while the others go on. `stop()` (the CLI
calls it on SIGINT or SIGTERM) ends the run after the current batch.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import DyadsError
from .feeds import FEED_SUFFIXES, looks_like_feed, read_feed
from .fetch import FEED_TYPES, Fetcher, is_url
from .ingest import BATCH_SIZE, ingest_inputs
from .models import Article, Failure
from .readers import Unreadable, iter_paths, read_file
from .store import Store, StoreError

# Seconds between polls, by default.
EVERY = 15 * 60.0
# Seconds a failing source waits before its first retry (at least; the poll interval when longer);
# the wait doubles with each further error, up to MAX_BACKOFF.
MIN_BACKOFF, MAX_BACKOFF = 60.0, 6 * 3600.0
# Item ids kept per source besides those in its latest response (the oldest go first).
MAX_SEEN = 10_000
# A feed item with at least this many characters of text is taken as the article; a shorter one
# (a summary) is replaced by its linked page when that page can be fetched.
FULL_TEXT_CHARS = 1500
# A file modified less than this many seconds ago may still be being written: the next poll takes it.
SETTLE_SECONDS = 2.0
# A failing source due again within this many seconds is tried now (runs from cron drift a little).
RETRY_SLACK = 5.0
# How often (seconds) the wait between polls checks whether it was asked to stop.
STOP_CHECK_SECONDS = 0.2
STATE_SUFFIX = ".watch.json"
STATE_VERSION = 1
INTERVAL_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL_PART = re.compile(r"(\d+(?:\.\d+)?)([smhd])")


class WatchBusy(DyadsError):
    """Another watcher is already using this watch state."""


@contextmanager
def holding_state(path: Path | None) -> Iterator[None]:
    """Hold `<state>.lock` exclusively for the block, so two watchers on one database cannot overwrite
    each other's state (each would ingest the other's items again and lose its validators). The lock
    file names the holder's pid; the kernel releases the lock when the holder dies.
    Raises WatchBusy at once when another process holds it."""
    if path is None:
        yield
        return
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            raise WatchBusy(f"{path} is in use by another dyads watch (pid {holder}); "
                            "one watcher per database (give it all the sources)") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor drops the lock


def parse_interval(text: str) -> float:
    """Seconds in an interval: "30s", "15m", "1h", "1h30m", "2d"; a bare number is seconds.
    Raises ValueError for anything else."""
    s = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    if not s or not re.fullmatch(f"(?:{_INTERVAL_PART.pattern})+", s):
        raise ValueError(f"not an interval: {text!r} (examples: 30s, 15m, 1h, 1h30m)")
    return sum(float(n) * INTERVAL_UNITS[u] for n, u in _INTERVAL_PART.findall(s))


def format_interval(seconds: float) -> str:
    """`seconds` as "45s", "15m", "2h30m"."""
    s = round(seconds)
    if s < 60:
        return f"{s}s"
    h, m = divmod(s // 60, 60)
    return f"{h}h{m:02d}m" if h and m else f"{h}h" if h else f"{m}m"


@dataclass(slots=True)
class SourceState:
    """What the watcher remembers of one source between polls and across restarts."""

    # item id (feeds, JSON Lines) -> when first stored (epoch seconds); folder file -> "size:mtime_ns"
    seen: dict[str, str] = field(default_factory=dict)
    etag: str = ""  # a feed URL's validators, from its last response whose items were all stored
    last_modified: str = ""
    signature: str = ""  # a file source's "size:mtime_ns" when its items were last all stored
    errors: int = 0  # consecutive failed polls
    retry_at: float = 0.0  # epoch seconds before which the source is not polled again
    last_error: str = ""


def default_state_path(db: str) -> Path | None:
    """Where the watch state of `db` is kept: `<db>.watch.json`; None for an in-memory database."""
    return None if db == ":memory:" else Path(db + STATE_SUFFIX)


def load_state(path: Path | None) -> dict[str, SourceState]:
    """The state saved at `path` by source; {} when there is none. Raises ValueError when unreadable."""
    if path is None or not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise ValueError(f"not a version {STATE_VERSION} watch state")
    names = {f.name for f in fields(SourceState)}
    return {src: SourceState(**{k: v for k, v in rec.items() if k in names})
            for src, rec in data.get("sources", {}).items()}


def save_state(path: Path | None, sources: dict[str, SourceState]) -> None:
    """Write the state to `path` atomically (a temporary file, fsync, rename)."""
    if path is None:
        return
    tmp = path.with_name(path.name + ".tmp")
    data = {"version": STATE_VERSION, "sources": {src: asdict(st) for src, st in sources.items()}}
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


@dataclass(slots=True)
class SourceReport:
    """What one poll did with one source."""

    source: str
    status: str = "ok"  # ok | not_modified | waiting (backing off) | error | stopped
    new: int = 0  # items not seen before
    added: int = 0  # articles stored
    skipped: int = 0  # articles whose text was stored already
    failures: int = 0  # items that could not be processed (recorded in the failures table)
    error: str = ""
    retry_in: float = 0.0  # seconds until a failing source is tried again

    def describe(self) -> str:
        if self.status == "waiting":
            return f"failing ({self.error}); next try in {format_interval(self.retry_in)}"
        if self.status == "error":
            return f"error: {self.error}; next try in {format_interval(self.retry_in)}"
        if self.status == "not_modified":
            return "not modified"
        line = f"{self.new} new: {self.added} added, {self.skipped} already stored"
        if self.failures:
            line += f", {self.failures} could not be processed"
        return line + (" (stopped)" if self.status == "stopped" else "")


def item_key(item: Article | Failure, n: int) -> str:
    """The id by which a feed item is remembered: its id or link, else a hash of its title and text
    (the position-based id of an item with neither changes as the feed grows)."""
    if isinstance(item, Article) and not item.url and item.id.endswith(f"-{n}"):
        return "sha1:" + hashlib.sha1(f"{item.title}\n{item.raw_text or ''}".encode()).hexdigest()
    return item.id


def _signature(path: Path) -> tuple[str, float]:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}", st.st_mtime


class Watcher:
    """Polls `sources` (feed URLs, feed or JSON Lines files, folders) and ingests their new items
    into the database `db`.

    `every`: seconds between polls. `backoff`: seconds a failing source waits first (default: the
    larger of `every` and MIN_BACKOFF). `fetch_pages`: fetch the page of a feed item that carries
    only a summary. `state_path`: the watch state file (default `<db>.watch.json`). `fetch_options`:
    Fetcher settings. `options`: step settings, as `ingest_inputs` takes them. `clock`: the time
    (epoch seconds) used for back-off. `on_batch(source, counts)` follows each committed batch and
    `on_failure(failure)` each item that cannot be processed; `log(message)` gets notices.
    """

    def __init__(self, sources: Sequence[str], db: str, *, every: float = EVERY, batch_size: int = BATCH_SIZE,
                 backoff: float | None = None, max_backoff: float = MAX_BACKOFF, fetch_pages: bool = True,
                 settle: float = SETTLE_SECONDS, max_seen: int = MAX_SEEN, state_path: str | Path | None = None,
                 fetch_options: dict[str, Any] | None = None, options: dict[str, dict] | None = None,
                 clock: Callable[[], float] = time.time,
                 on_batch: Callable[[str, dict[str, int]], None] | None = None,
                 on_failure: Callable[[Failure], None] | None = None,
                 log: Callable[[str], None] | None = None) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, not {batch_size}")
        self.sources = list(dict.fromkeys(s if is_url(s) else os.path.abspath(s) for s in sources))
        self.db, self.every, self.batch_size = db, max(0.0, every), batch_size
        self.backoff = backoff if backoff is not None else max(self.every, MIN_BACKOFF)
        self.max_backoff, self.fetch_pages, self.settle, self.max_seen = max_backoff, fetch_pages, settle, max_seen
        self.fetch_options, self.options, self.clock = fetch_options or {}, options, clock
        self.on_batch, self.on_failure = on_batch, on_failure
        self.log = log or (lambda message: None)
        self.state_path = Path(state_path) if state_path is not None else default_state_path(db)
        self.state = self._reload_state()
        self.parses = 0  # feed documents parsed, for tests and stats
        self._stopping = False
        self._fetcher: Fetcher | None = None

    def _reload_state(self) -> dict[str, SourceState]:
        try:
            return load_state(self.state_path)
        except (OSError, ValueError, TypeError) as exc:
            self.log(f"cannot read the watch state {self.state_path} ({exc}); starting afresh "
                     "(items already stored are recognised and skipped)")
            return {}

    # -- running -----------------------------------------------------------------------------------

    @property
    def stopping(self) -> bool:
        return self._stopping

    def stop(self) -> None:
        """Ask the run to end after the current batch (safe from a signal handler or another thread)."""
        self._stopping = True

    def check_store(self) -> None:
        """Open (creating it if needed) and close the database, so a bad setup shows before the first
        poll. Raises StoreError."""
        Store.open(self.db).close()

    def run(self, *, polls: int | None = None,
            on_poll: Callable[[int, list[SourceReport]], None] | None = None) -> int:
        """Poll until `stop()` is called (or `polls` polls are done); returns the number of polls.
        Raises WatchBusy when another watcher holds this state."""
        n = 0
        with holding_state(self.state_path):
            try:  # what a watcher that held the lock before us saved (read problems were told at start)
                self.state = load_state(self.state_path)
            except (OSError, ValueError, TypeError):
                pass
            while not self._stopping:
                started = time.monotonic()
                reports = self.poll()
                n += 1
                if on_poll:
                    on_poll(n, reports)
                if polls is not None and n >= polls:
                    break
                self._wait(self.every - (time.monotonic() - started))
        return n

    def _wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stopping and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(STOP_CHECK_SECONDS, left))

    def poll(self) -> list[SourceReport]:
        """Visit every source once; returns what was done with each (sources not reached when the
        run is stopped are left out). A store error ends the poll: the next one tries again."""
        reports: list[SourceReport] = []
        try:
            for source in self.sources:
                if self._stopping:
                    break
                report = SourceReport(source)
                reports.append(report)
                try:
                    self._poll_source(source, report)
                except StoreError as exc:
                    report.status, report.error = "error", f"store_error: {exc}"
                    self.log(f"cannot write to {self.db} ({exc}); the next poll tries again")
                    break
        finally:
            if self._fetcher is not None:
                self._fetcher.close()
                self._fetcher = None
        return reports

    @property
    def fetcher(self) -> Fetcher:
        """This poll's HTTP client (robots.txt is read once per host and poll)."""
        if self._fetcher is None:
            self._fetcher = Fetcher(**self.fetch_options)
        return self._fetcher

    def _poll_source(self, source: str, report: SourceReport) -> None:
        st = self.state.setdefault(source, SourceState())
        now = self.clock()
        if st.retry_at > now + RETRY_SLACK:
            report.status, report.error, report.retry_in = "waiting", st.last_error, st.retry_at - now
            return
        try:
            if is_url(source):
                self._poll_feed_url(source, st, report)
            elif os.path.isdir(source):
                self._poll_folder(Path(source), st, report)
            elif os.path.isfile(source):
                self._poll_file(Path(source), st, report)
            else:
                raise Unreadable("not_found", "no such file or folder")
        except (Unreadable, OSError) as exc:
            error = (f"{exc.reason}: {exc.detail}" if exc.detail else exc.reason) if isinstance(exc, Unreadable) \
                else f"unreadable: {exc}"[:200]
            st.errors += 1
            delay = min(self.backoff * 2 ** (st.errors - 1), self.max_backoff)
            st.retry_at, st.last_error = now + delay, error
            report.status, report.error, report.retry_in = "error", st.last_error, delay
        else:
            st.errors, st.retry_at, st.last_error = 0, 0.0, ""
        save_state(self.state_path, self.state)

    # -- sources -----------------------------------------------------------------------------------

    def _poll_feed_url(self, url: str, st: SourceState, report: SourceReport) -> None:
        if not self.fetcher.allowed(url):
            raise Unreadable("robots_disallowed", "robots.txt disallows this URL")
        headers = {}
        if st.etag:
            headers["If-None-Match"] = st.etag
        if st.last_modified:
            headers["If-Modified-Since"] = st.last_modified
        r = self.fetcher.request(url, headers)
        if r.status == 304:
            report.status = "not_modified"
            return
        items = self._parse_feed(r.body, r.headers.get("content-type", ""), url, url)
        if self._ingest_items(url, items, st, report):
            st.etag, st.last_modified = r.headers.get("etag", ""), r.headers.get("last-modified", "")

    def _parse_feed(self, body: bytes, ctype: str, origin: str, id_prefix: str) -> list[Article | Failure]:
        if not (any(t in ctype.lower() for t in FEED_TYPES) or looks_like_feed(body)):
            raise Unreadable("not_a_feed", f"{ctype or 'no content type'}, {len(body)} bytes")
        self.parses += 1
        items = list(read_feed(body, origin=origin, id_prefix=id_prefix, keep_empty=True))
        if len(items) == 1 and isinstance(items[0], Failure) and items[0].reason == "bad_feed":
            if items[0].detail == "no items":  # a well-formed feed with nothing in it, or a page
                if looks_like_feed(body):
                    return []
                raise Unreadable("not_a_feed", f"{ctype}, no feed element")
            raise Unreadable("bad_feed", items[0].detail)
        return items

    def _poll_file(self, path: Path, st: SourceState, report: SourceReport) -> None:
        sig, mtime = _signature(path)
        if sig == st.signature:
            report.status = "not_modified"
            return
        if time.time() - mtime < self.settle:  # still being written, perhaps: next poll
            report.status = "not_modified"
            return
        if path.suffix.lower() in FEED_SUFFIXES:
            items = self._parse_feed(path.read_bytes(), "", str(path), path.stem)
        else:
            items = list(read_file(path))
            if len(items) == 1 and isinstance(items[0], Failure) and items[0].origin == str(path):
                raise Unreadable(items[0].reason, items[0].detail)  # the whole file is unreadable
        if self._ingest_items(str(path), items, st, report):
            st.signature = sig

    def _poll_folder(self, folder: Path, st: SourceState, report: SourceReport) -> None:
        now, kept, todo = time.time(), {}, []
        for p in iter_paths([folder]):
            rel = Path(p).relative_to(folder).as_posix()
            try:
                sig, mtime = _signature(Path(p))
            except OSError:  # gone since it was listed
                continue
            old = st.seen.get(rel)
            if sig == old or now - mtime < self.settle:
                if old is not None:
                    kept[rel] = old
                continue
            todo.append((rel, sig, Path(p)))
        st.seen = kept  # files deleted since are forgotten
        report.new = len(todo)
        for start in range(0, len(todo), self.batch_size):
            if self._stopping:
                report.status = "stopped"
                return
            chunk, done = todo[start:start + self.batch_size], []

            def items(chunk=chunk, done=done) -> Iterator[Article | Failure]:
                for rel, sig, p in chunk:
                    for item in read_file(p):
                        if self._stopping:  # this file is read again next time; stored items are skipped
                            return
                        yield item
                    done.append((rel, sig))

            self._ingest(str(folder), items(), report)
            st.seen.update(done)
            save_state(self.state_path, self.state)
            if len(done) < len(chunk):
                report.status = "stopped"
                return

    # -- ingesting ---------------------------------------------------------------------------------

    def _ingest_items(self, source: str, items: list[Article | Failure], st: SourceState,
                      report: SourceReport) -> bool:
        """Ingest the items not seen before, a batch at a time; True when all were (not stopped)."""
        keyed = [(item_key(item, n), item) for n, item in enumerate(items, 1)]
        new = [(k, item) for k, item in keyed if k not in st.seen]
        report.new += len(new)
        for start in range(0, len(new), self.batch_size):
            if self._stopping:
                report.status = "stopped"
                return False
            chunk, done = new[start:start + self.batch_size], []

            def articles(chunk=chunk, done=done) -> Iterator[Article | Failure]:
                for key, item in chunk:
                    if self._stopping:
                        return
                    done.append(key)
                    yield self._full_item(item)

            self._ingest(source, articles(), report)
            stamp = str(int(self.clock()))
            st.seen.update((k, stamp) for k in done)
            save_state(self.state_path, self.state)
            if len(done) < len(chunk):
                report.status = "stopped"
                return False
        self._forget_old(st, {k for k, _ in keyed})
        return True

    def _ingest(self, source: str, items: Iterator[Article | Failure], report: SourceReport) -> None:
        def on_batch(n: int, counts: dict[str, int]) -> None:
            if self.on_batch:
                self.on_batch(source, counts)

        result = ingest_inputs(items, self.db, on_failure=self.on_failure, batch_size=self.batch_size,
                               on_batch=on_batch, options=self.options)
        report.added += result.added
        report.skipped += result.skipped
        report.failures += len(result.failures)

    def _full_item(self, item: Article | Failure) -> Article | Failure:
        """The item, or the page it links to when it carries only a summary (and pages are fetched)."""
        if not isinstance(item, Article):
            return item
        text = (item.raw_text or "").strip()
        if len(text) >= FULL_TEXT_CHARS or not (self.fetch_pages and is_url(item.url)):
            if text:
                return item
            return Failure(item.id, item.origin, "empty", "the feed item has no content or summary")
        found = list(self.fetcher.fetch(item.url))
        page = found[0] if len(found) == 1 else None
        if isinstance(page, Article) and page.html is not None:
            page.id, page.origin = item.id, item.origin
            page.title, page.published, page.keywords = item.title, item.published, item.keywords
            page.extras.update(item.extras)
            return page
        reason = f"{page.reason}: {page.detail}" if isinstance(page, Failure) else "not_a_page"
        if not text:
            return Failure(item.id, item.origin, "page_unavailable", f"{item.url}: {reason}"[:200])
        self.log(f"{item.url}: page not fetched ({reason}); the feed's summary is stored instead")
        return item

    def _forget_old(self, st: SourceState, current: set[str]) -> None:
        """Keep at most `max_seen` ids besides those in the latest response, dropping the oldest."""
        extra = len(st.seen) - max(self.max_seen, len(current))
        for key in [k for k in st.seen if k not in current][:max(0, extra)]:
            del st.seen[key]


@contextmanager
def stop_on_signals(watcher: Watcher, signums: Sequence[int] = (signal.SIGINT, signal.SIGTERM)) -> Iterator[list[str]]:
    """Within the block, a first SIGINT or SIGTERM asks `watcher` to stop after its current batch, a
    second one interrupts at once (KeyboardInterrupt: the open transaction is rolled back). Yields
    the list of names of the signals received."""
    received: list[str] = []

    def handle(signum: int, frame: object) -> None:
        received.append(signal.Signals(signum).name)
        if watcher.stopping:
            raise KeyboardInterrupt
        watcher.stop()

    previous = {s: signal.signal(s, handle) for s in signums}
    try:
        yield received
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
