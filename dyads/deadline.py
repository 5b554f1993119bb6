"""Per-document time limits: a step that spends too long on one document is cut short.

Two ways to stop, one exception (TimeLimitExceeded), in any thread (Dask runs steps in worker
threads, where SIGALRM cannot be used):

- the long loops of our steps call `check_deadline()`, which raises once the time is up;
- for code that does not check (trafilatura, spaCy's Python parts), a watchdog thread raises the
  exception in the late thread itself (CPython's PyThreadState_SetAsyncExc), again every
  ALARM_REPEAT seconds until the deadline is lifted, in case a library swallows it. Like a signal
  handler, it cannot stop one long call into C (libxml2, spaCy's parser), which is why inputs are
  bounded too (readers.MAX_BYTES, nlp.MAX_CHARS, steps.clean.MAX_TAG_ATTRIBUTES).

The limit is a setting of the thread that runs the steps (`time_limit(seconds)`), set by a runner
or the command line; DEFAULT_TIME_LIMIT when no one sets it. `Step` runs each document under a
`deadline` (steps/base.py).
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import ctypes

    # PyThreadState_SetAsyncExc(thread id, exception type), and with NULL to withdraw one
    _raise_in = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(
        ("PyThreadState_SetAsyncExc", ctypes.pythonapi))
    _withdraw_in = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(
        ("PyThreadState_SetAsyncExc", ctypes.pythonapi))
    ASYNC = True
except (ImportError, AttributeError):  # not CPython: the loops' checks alone
    ASYNC = False

DEFAULT_TIME_LIMIT = 60.0  # seconds the steps may spend on one document, all steps together
ALARM_REPEAT = 0.5  # seconds between two raises in a thread still running past its deadline
WATCH_EVERY = 0.1  # the watchdog looks at the deadlines at least this often (seconds)

_state = threading.local()  # .limit: the thread's setting; .end: its current deadline (monotonic)


class TimeLimitExceeded(Exception):
    """The document being processed in this thread is out of time."""


def check_deadline() -> None:
    """Raise TimeLimitExceeded when this thread's deadline has passed; cheap enough for any loop."""
    end = getattr(_state, "end", None)
    if end is not None and time.monotonic() > end:
        raise TimeLimitExceeded


def current_time_limit() -> float | None:
    """Seconds per document for the steps run in this thread; None when there is no limit."""
    return getattr(_state, "limit", DEFAULT_TIME_LIMIT)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Within: steps run in this thread get `seconds` per document (None or <= 0: no limit)."""
    before = current_time_limit()
    _state.limit = seconds if seconds and seconds > 0 else None
    try:
        yield
    finally:
        _state.limit = before


class _Watchdog:
    """A daemon thread that raises TimeLimitExceeded in the threads whose deadline has passed.

    The threads it watches touch it only through C-level operations (a dict item, a plain Lock):
    an exception raised in them inside Python-level locking code could leave a lock held.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ends: dict[int, float] = {}  # thread id -> when to raise in it next (monotonic)
        self.thread: threading.Thread | None = None

    def watch(self, tid: int, end: float) -> None:
        self.ends[tid] = end
        if self.thread is None:
            with self.lock:
                if self.thread is None:
                    self.thread = threading.Thread(target=self._run, name="dyads-deadline", daemon=True)
                    self.thread.start()

    def unwatch(self, tid: int) -> None:
        with self.lock:  # not between the watchdog's look at the time and its raise
            self.ends.pop(tid, None)
            _withdraw_in(tid, None)  # one raised but not yet seen by the thread is withdrawn

    def _run(self) -> None:
        while True:
            with self.lock:
                now = time.monotonic()
                for tid, end in list(self.ends.items()):
                    if end <= now:
                        _raise_in(tid, TimeLimitExceeded)
                        self.ends[tid] = now + ALARM_REPEAT
                wake = min(self.ends.values(), default=now + WATCH_EVERY)
            time.sleep(min(max(wake - now, 0.001), WATCH_EVERY))


_watchdog = _Watchdog()


def _after_fork() -> None:  # the watchdog thread and its lock do not survive a fork
    global _watchdog
    _watchdog = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Within: TimeLimitExceeded is raised in this thread once `seconds` have passed (by
    `check_deadline()`, and by the watchdog in code that does not check); None: no deadline of its
    own (an outer one still holds)."""
    before = getattr(_state, "end", None)
    if seconds is None:
        yield
        return
    end = time.monotonic() + seconds
    _state.end = end if before is None else min(end, before)
    tid = threading.get_ident()
    if ASYNC:
        _watchdog.watch(tid, _state.end)
    try:
        yield
    finally:
        while True:
            try:
                _state.end = before
                if ASYNC:
                    if before is None:
                        _watchdog.unwatch(tid)
                    else:
                        _watchdog.watch(tid, before)
                break
            except TimeLimitExceeded:  # raised as the deadline was being lifted
                continue
