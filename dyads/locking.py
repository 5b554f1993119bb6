"""Sharing one DuckDB file between processes: one writer at a time, readers in between.

DuckDB lets one process open a file read-write, or any number of processes open it read-only, never
both (https://duckdb.org/docs/current/connect/concurrency). Dyads therefore never holds a file longer
than it must: a writer opens it for one batch (one transaction) and closes it; a reader opens it
read-only for one command, request or query; each retries a lock conflict with back-off for a
bounded time (`LOCK_TIMEOUT`), then raises StoreError saying who holds the file.

Readers alone would starve a writer (there is always one of them with the file open), so a gate
file `<db>.lock` orders them: a writer takes it exclusively (flock) before it opens the database and
drops it after closing it; a reader holds it shared only while it opens the database, so new
readers wait behind a waiting writer while those inside finish. A writer that comes back for its
next batch at once first pauses WRITER_PAUSE seconds, so that waiting readers get in between
batches rather than only after a burst of them. A long-lived reader (the dashboard, `dyads.open`)
keeps its connection between uses but closes it as soon as it sees the gate taken
(`SharedReader`): opening costs tens of milliseconds, too much for every request. flock locks end
with their process, so a killed writer blocks no one. The gate needs a local file system.
"""
from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

import duckdb

from .errors import DyadsError

try:
    import fcntl
except ImportError:  # not POSIX: no gate, only DuckDB's own lock and the retries
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from .store import Store

LOCK_TIMEOUT = 60.0  # seconds a reader or a writer waits for another process before giving up
LOCK_TIMEOUT_ENV = "DYADS_LOCK_TIMEOUT"  # overrides LOCK_TIMEOUT (seconds) where the caller gives none
FIRST_WAIT, MAX_WAIT = 0.005, 0.05  # back-off between tries: doubles from FIRST_WAIT up to MAX_WAIT
WRITER_PAUSE = 0.15  # seconds between a writer's batches (if they come faster) for readers to get in
READER_POLL = 0.05  # how often a SharedReader looks for a waiting writer while it holds the file
# DuckDB's messages for a file held by another process, or by this one with another configuration
CONFLICTS = ("Could not set lock", "different configuration")
T = TypeVar("T")
_released: dict[str, float] = {}  # gate path -> when this process's last writer dropped it


class LockTimeout(DyadsError):
    """Another process kept the database for longer than the lock timeout (`Store.open` raises it
    as a StoreError)."""


def lock_timeout(timeout: float | None = None) -> float:
    """`timeout`, else $DYADS_LOCK_TIMEOUT, else LOCK_TIMEOUT; raises DyadsError for a bad value."""
    if timeout is None:
        raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
        try:
            timeout = float(raw) if raw else LOCK_TIMEOUT
        except ValueError:
            raise DyadsError(f"{LOCK_TIMEOUT_ENV} must be a number of seconds, not {raw!r}") from None
    if timeout < 0:
        raise DyadsError(f"the lock timeout must be >= 0 seconds, not {timeout}")
    return timeout


def is_conflict(exc: BaseException) -> bool:
    """Whether a DuckDB error says another connection holds the file (worth waiting for)."""
    return isinstance(exc, duckdb.Error) and any(c in str(exc) for c in CONFLICTS)


def backoff(deadline: float) -> Iterator[None]:
    """Yields, then sleeps a growing, jittered while before the next try; stops at `deadline`."""
    wait = FIRST_WAIT
    while True:
        yield
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, wait * random.uniform(0.5, 1.0)))
        wait = min(wait * 2, MAX_WAIT)


class Gate:
    """The gate file `<db>.lock` (see the module doc); `fd` is None where it cannot be opened."""

    def __init__(self, db: str, *, create: bool) -> None:
        self.path = db + ".lock"
        self.fd: int | None = None
        self.held = False
        self.open(create=create)

    def open(self, *, create: bool = False) -> bool:
        """Open the gate file if not yet open (created if `create`); False where it cannot be."""
        if self.fd is None and fcntl is not None:
            flags = os.O_RDWR | os.O_CREAT if create else os.O_RDONLY
            try:
                self.fd = os.open(self.path, flags | getattr(os, "O_CLOEXEC", 0), 0o644)
            except OSError:
                if create:  # a read-only folder: no writer can come, go on without a gate
                    return self.open(create=False)
        return self.fd is not None

    def _try(self, op: int) -> bool:
        try:
            fcntl.flock(self.fd, op | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def take(self, deadline: float) -> bool:
        """Take the gate exclusively (a writer), waiting until `deadline`; True when taken (or no gate)."""
        if not self.open(create=True):
            return True
        for _ in backoff(deadline):
            if self._try(fcntl.LOCK_EX):
                self.held = True
                return True
        return False

    def share(self, deadline: float) -> bool:
        """Hold the gate shared (a reader opening), waiting until `deadline`; True when held (or no gate)."""
        if not self.open():
            return True
        for _ in backoff(deadline):
            if self._try(fcntl.LOCK_SH):
                self.held = True
                return True
        return False

    def unlock(self) -> None:
        if self.held:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            self.held = False

    def writer_waiting(self) -> bool:
        """Whether a writer holds the gate now (it is waiting for the file, or writing)."""
        if not self.open():
            return False
        if self._try(fcntl.LOCK_SH):
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            return False
        return True

    def close(self) -> None:
        """Drop the gate (if held) and close the file; safe to call twice."""
        if self.fd is not None:
            os.close(self.fd)  # closing the only descriptor also drops its flock
            self.fd = None
        self.held = False


class WriterGate(Gate):
    """A writer's gate: remembers when it was dropped, for the WRITER_PAUSE before the next batch."""

    def close(self) -> None:
        if self.held:
            _released[self.path] = time.monotonic()
        super().close()


def connect_waiting(db: str, connect: Callable[[], T], *, writer: bool, timeout: float | None = None
                    ) -> tuple[T, Gate | None]:
    """Run `connect()` (opening `db`) once no other process's lock is in the way.

    A writer takes the gate first and gets it back, held, to drop after closing the database; a
    reader holds the gate shared during each try and gets None. Any other DuckDB error from `connect`
    propagates at once. Raises LockTimeout after `timeout` seconds (see `lock_timeout`).
    """
    wait = lock_timeout(timeout)
    deadline = time.monotonic() + wait
    gate = WriterGate(db, create=True) if writer else Gate(db, create=False)
    what = "write to" if writer else "read"
    hint = f"; try again later, or set {LOCK_TIMEOUT_ENV} to wait longer (seconds)"
    busy = f"cannot {what} {db}: another dyads process has been writing it for {wait:g} s{hint}"
    try:
        if writer:
            last_batch = _released.get(gate.path)
            if last_batch is not None:
                time.sleep(min(max(last_batch + WRITER_PAUSE - time.monotonic(), 0), WRITER_PAUSE))
            if not gate.take(deadline):
                raise LockTimeout(busy)
        last: BaseException | None = None
        for _ in backoff(deadline):
            if not writer and not gate.share(deadline):
                raise LockTimeout(busy)
            try:
                con = connect()
            except duckdb.Error as exc:
                if not is_conflict(exc):
                    raise
                last = exc
                continue
            finally:
                if not writer:
                    gate.unlock()
            if writer:
                return con, gate
            gate.close()
            return con, None
        raise LockTimeout(f"cannot {what} {db}: another process kept it open for {wait:g} s "
                          f"(DuckDB: {last}){hint}")
    except BaseException:
        gate.close()
        raise


class SharedReader:
    """A read-only store shared by the threads of one process, that steps aside for writers.

    It stays open between uses (opening costs tens of milliseconds), is closed as soon as a writer
    waits at the gate (checked at each use and every READER_POLL seconds by a watcher thread), and
    is opened again, after the writer's batch, by the next use. A `use()` holds the connection for
    its whole span, so everything read inside it comes from one committed state.
    """

    def __init__(self, path: str, *, sandbox: bool = False, timeout: float | None = None,
                 poll: float = READER_POLL) -> None:
        self.path = str(path)
        self.sandbox = sandbox
        self.timeout = timeout
        self.poll = poll
        self.opens = 0  # how many times the file was opened (tests, diagnostics)
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._gate = Gate(self.path, create=False)
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    @contextmanager
    def use(self) -> Iterator[Store]:
        """The open store, for this thread alone until the block ends; opened (waiting) if needed.

        Raises StoreError when it cannot be opened (see `Store.open`).
        """
        with self._lock:
            if self._stop.is_set():
                from .store import StoreError

                raise StoreError(f"{self.path} is closed")
            if self._store is not None and self._gate.writer_waiting():
                self._drop()
            if self._store is None:
                from .store import Store

                self._store = Store.open(self.path, read_only=True, sandbox=self.sandbox, timeout=self.timeout)
                self.opens += 1
                self._watch()
            yield self._store

    def _drop(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def _watch(self) -> None:
        if self._watcher is None or not self._watcher.is_alive():
            self._watcher = threading.Thread(target=self._run_watcher, name="dyads-reader-watch", daemon=True)
            self._watcher.start()

    def _run_watcher(self) -> None:
        while not self._stop.wait(self.poll):
            if self._store is not None and self._gate.writer_waiting():
                with self._lock:  # after the use in progress, if any
                    if self._gate.writer_waiting():
                        self._drop()

    def close(self) -> None:
        """Close the store and stop the watcher; safe to call twice."""
        self._stop.set()
        with self._lock:
            self._drop()
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join(5)
        self._gate.close()

    def __repr__(self) -> str:
        return f"SharedReader({self.path!r}, open={self._store is not None})"


__all__ = [
    "LOCK_TIMEOUT",
    "LOCK_TIMEOUT_ENV",
    "WRITER_PAUSE",
    "Gate",
    "LockTimeout",
    "SharedReader",
    "WriterGate",
    "connect_waiting",
    "is_conflict",
    "lock_timeout",
]
