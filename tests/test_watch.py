"""`dyads watch`: polling feeds and folders, against a local HTTP server on 127.0.0.1 (never the internet)."""
from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dyads import watch as watch_mod
from dyads.store import Store
from dyads.watch import Watcher, parse_interval

ROOT = Path(__file__).resolve().parents[1]

# One short news story per item (distinct texts: the store keys articles by their text).
STORIES = {
    1: "The foreign minister of Austria said on Monday that talks with Iran would resume in Vienna next week.",
    2: "Police in Kenya arrested twelve protesters in Nairobi on Tuesday after clashes near the parliament.",
    3: "The president of Brazil met the prime minister of India in Brasilia to sign a trade agreement.",
    4: "Japan condemned a missile launch by North Korea on Wednesday, the defence ministry in Tokyo said.",
    5: "Germany pledged new aid to Ukraine after a meeting of European ministers in Berlin on Thursday.",
}
FAST = {"retries": 1, "backoff": 0.01}  # Fetcher settings: one try per request


def page(n: int) -> bytes:
    return (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
            f"<p>{STORIES[n]}</p><p>Officials from several countries commented on the news on "
            f"day {n} of the week.</p></article></body></html>").encode()


class Site:
    """What the test server serves: path -> (status, body, content type, ETag), with request counts."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes, str, str]] = {}
        self.hits: dict[str, int] = {}
        self.not_modified = 0
        self.delay: dict[str, float] = {}
        self.base = ""
        for n in STORIES:
            self.routes[f"/a/{n}"] = (200, page(n), "text/html; charset=utf-8", "")

    def url(self, path: str) -> str:
        return self.base + path

    def feed(self, path: str, items: list[int], *, etag: bool = True) -> None:
        """An RSS feed of `items`: each with a guid, a link to its page and a one-line summary."""
        body = "".join(f"<item><guid>item-{n}</guid><title>Story {n}</title><link>{self.base}/a/{n}</link>"
                       f"<description>Summary of story {n}.</description></item>" for n in items)
        xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'
        tag = f'"{"-".join(map(str, items))}"' if etag else ""
        self.routes[path] = (200, xml.encode(), "application/rss+xml", tag)

    def serve(self, path: str, status: int, body: bytes, ctype: str = "text/html") -> None:
        self.routes[path] = (status, body, ctype, "")


class Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site = self.site
        site.hits[self.path] = site.hits.get(self.path, 0) + 1
        time.sleep(site.delay.get(self.path, 0))
        status, body, ctype, etag = site.routes.get(self.path, (404, b"not here", "text/plain", ""))
        if etag and self.headers.get("If-None-Match") == etag:
            site.not_modified += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site():
    s = Site()
    handler = type("SiteHandler", (Handler,), {"site": s})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    s.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield s
    httpd.shutdown()
    httpd.server_close()


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def watcher(sources: list[str], db: str, **kw) -> Watcher:
    kw.setdefault("fetch_options", FAST)
    kw.setdefault("settle", 0)
    return Watcher(sources, db, every=0, **kw)


def stored(db: str) -> dict[str, str]:
    """Stored articles: id -> title."""
    with Store.open(db, read_only=True) as store:
        df = store.query("SELECT id, title FROM articles")
    return dict(zip(df["id"], df["title"]))


def state(db: str) -> dict:
    return json.loads(Path(db + ".watch.json").read_text())["sources"]


def test_parse_interval():
    assert [parse_interval(s) for s in ("15m", "1h", "30s", "1h30m", "0", "2.5", "1d")] == \
        [900, 3600, 30, 5400, 0, 2.5, 86400]
    for bad in ("", "15x", "m", "1h 30"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_new_items_only_and_conditional_get(site, tmp_path, monkeypatch):
    db = str(tmp_path / "w.duckdb")
    site.feed("/feed", [1, 2])
    w = watcher([site.url("/feed")], db)
    [r] = w.poll()
    assert (r.status, r.new, r.added) == ("ok", 2, 2)
    assert site.hits["/a/1"] == site.hits["/a/2"] == 1
    assert stored(db) == {"item-1": "Story 1", "item-2": "Story 2"}  # the page's text, the feed's title

    parsed = []
    monkeypatch.setattr(watch_mod, "read_feed", lambda *a, **k: parsed.append(1) or iter(()))
    [r] = w.poll()  # unchanged feed: the server answers 304, nothing is parsed or fetched
    assert r.status == "not_modified" and site.not_modified == 1 and parsed == []
    monkeypatch.undo()

    site.feed("/feed", [3, 1, 2])  # a new item on top: the next poll picks it up, and only it
    [r] = w.poll()
    assert (r.status, r.new, r.added) == ("ok", 1, 1)
    assert site.hits["/a/3"] == 1 and site.hits["/a/1"] == site.hits["/a/2"] == 1

    site.feed("/feed", [3, 1, 2], etag=False)  # a server without validators: parsed, nothing fetched
    [r] = w.poll()
    assert (r.status, r.new, r.added) == ("ok", 0, 0) and w.parses == 3
    assert [site.hits[f"/a/{n}"] for n in (1, 2, 3)] == [1, 1, 1]
    assert len(stored(db)) == 3


def test_failing_feeds_back_off_while_others_go_on(site, tmp_path):
    db, clock = str(tmp_path / "w.duckdb"), Clock()
    site.feed("/good", [1], etag=False)
    site.serve("/down", 500, b"oops")
    site.serve("/junk", 200, b"<html><body>Service unavailable</body></html>")
    site.serve("/broken", 200, bytes(range(256)) * 4, "application/rss+xml")
    urls = {name: site.url(f"/{name}") for name in ("good", "down", "junk", "broken")}
    w = watcher(list(urls.values()), db, backoff=60, clock=clock)

    r = {x.source: x for x in w.poll()}
    assert (r[urls["good"]].status, r[urls["good"]].added) == ("ok", 1)
    assert (r[urls["down"]].status, r[urls["down"]].retry_in) == ("error", 60)
    assert r[urls["down"]].error.startswith("http_500")
    assert r[urls["junk"]].error.startswith("not_a_feed") and r[urls["broken"]].error.startswith("bad_feed")

    clock.now += 30  # too early: the failing feeds are left alone, the good one is polled
    site.feed("/good", [2, 1], etag=False)
    r = {x.source: x for x in w.poll()}
    assert r[urls["good"]].added == 1
    assert {r[urls[n]].status for n in ("down", "junk", "broken")} == {"waiting"}
    assert site.hits["/down"] == site.hits["/junk"] == 1

    clock.now += 31  # past the first wait: tried again, and the wait doubles
    site.feed("/junk", [3])  # the junk feed is a feed again
    r = {x.source: x for x in w.poll()}
    assert (r[urls["down"]].status, r[urls["down"]].retry_in) == ("error", 120) and site.hits["/down"] == 2
    assert (r[urls["junk"]].status, r[urls["junk"]].added) == ("ok", 1)
    assert r[urls["broken"]].retry_in == 120
    s = state(db)
    assert s[urls["down"]]["errors"] == 2 and s[urls["junk"]]["errors"] == 0
    assert s[urls["down"]]["retry_at"] == clock.now + 120
    assert sorted(stored(db)) == ["item-1", "item-2", "item-3"]


def test_restart_resumes_without_duplicates(site, tmp_path, monkeypatch):
    db, url = str(tmp_path / "w.duckdb"), site.url("/feed")
    site.feed("/feed", [1, 2])
    assert watcher([url], db).poll()[0].added == 2
    [r] = watcher([url], db).poll()  # a new process: it remembers the validators and the items
    assert r.status == "not_modified" and site.hits["/a/1"] == 1

    # a crash after the batch is committed but before the state is written ...
    site.feed("/feed", [3, 1, 2])

    def crash(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(watch_mod, "save_state", crash)
    with pytest.raises(KeyboardInterrupt):
        watcher([url], db).poll()
    monkeypatch.undo()
    assert len(stored(db)) == 3 and "item-3" not in state(db)[url]["seen"]
    # ... reads item 3 again on restart, and the store recognises it
    [r] = watcher([url], db).poll()
    assert (r.new, r.added, r.skipped) == (1, 0, 1) and site.hits["/a/3"] == 2
    assert len(stored(db)) == 3 and "item-3" in state(db)[url]["seen"]


def test_stop_between_batches_then_resume(site, tmp_path):
    db, url = str(tmp_path / "w.duckdb"), site.url("/feed")
    site.feed("/feed", [1, 2, 3])
    w = watcher([url], db, batch_size=1, on_batch=lambda source, counts: w.stop())
    [r] = w.poll()
    assert (r.status, r.added) == ("stopped", 1) and list(stored(db)) == ["item-1"]
    assert list(state(db)[url]["seen"]) == ["item-1"] and state(db)[url]["etag"] == ""  # not all stored
    [r] = watcher([url], db, batch_size=1).poll()
    assert (r.status, r.new, r.added) == ("ok", 2, 2) and site.hits["/a/1"] == 1
    assert sorted(stored(db)) == ["item-1", "item-2", "item-3"]


def test_folder_and_feed_file_sources(tmp_path):
    db, inbox = str(tmp_path / "w.duckdb"), tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(STORIES[1] + "\n")
    (inbox / ".partial.txt").write_text(STORIES[2] + "\n")  # hidden: skipped
    feed = tmp_path / "news.xml"
    item = "<item><guid>f-{0}</guid><title>F{0}</title><description>{1}</description></item>"
    feed.write_text(f"<rss version='2.0'><channel>{item.format(4, STORIES[4])}</channel></rss>")
    sources = [str(inbox), str(feed)]
    r = watcher(sources, db).poll()
    assert [(x.new, x.added) for x in r] == [(1, 1), (1, 1)]
    r = watcher(sources, db).poll()  # nothing changed
    assert [x.status for x in r] == ["ok", "not_modified"] and r[0].new == 0

    (inbox / "b.txt").write_text(STORIES[2] + "\n")
    feed.write_text(f"<rss version='2.0'><channel>{item.format(5, STORIES[5])}{item.format(4, STORIES[4])}"
                    "</channel></rss>")
    r = watcher(sources, db).poll()
    assert [(x.new, x.added) for x in r] == [(1, 1), (1, 1)]  # b.txt alone; item f-5 alone
    (inbox / "c.txt").write_text(STORIES[3] + "\n")  # just written: left for a later poll
    assert watcher(sources, db, settle=3600).poll()[0].new == 0
    assert sorted(stored(db)) == ["a", "b", "f-4", "f-5"]
    assert sorted(state(db)[str(inbox)]["seen"]) == ["a.txt", "b.txt"]


def test_sigint_stops_cleanly_between_batches(site, tmp_path):
    db, url = str(tmp_path / "w.duckdb"), site.url("/feed")
    site.feed("/feed", [1, 2, 3, 4])
    for n in (2, 3, 4):
        site.delay[f"/a/{n}"] = 1.0  # slow pages, so that the signal comes mid-run
    proc = subprocess.Popen([sys.executable, "-m", "dyads.cli", "watch", url, "--db", db, "--every", "1s",
                             "--batch-size", "1"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()
    err: list[str] = []
    deadline = time.monotonic() + 180
    try:
        while "batch committed" not in (err[-1] if err else ""):
            assert time.monotonic() < deadline, err
            err.append(lines.get(timeout=180))
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=120) == 0
    finally:
        proc.kill()
    time.sleep(0.2)
    while not lines.empty():
        err.append(lines.get())
    assert any("stopped on SIGINT" in line for line in err), err
    seen = state(db)[url]
    assert set(seen["seen"]) == set(stored(db)) and 1 <= len(seen["seen"]) < 4, err
    assert seen["etag"] == ""  # the feed is taken whole again next time


def test_one_watcher_per_state(site, tmp_path):
    """A second watcher on the same database is refused while the first runs (they would overwrite
    each other's state), and may run once the first has ended."""
    db, url = str(tmp_path / "w.duckdb"), site.url("/feed")
    site.feed("/feed", [1, 2])
    first, second = watcher([url], db), watcher([url], db)
    refused = []

    def on_poll(n, reports):
        with pytest.raises(watch_mod.WatchBusy, match=f"pid {os.getpid()}") as exc:
            second.run(polls=1)
        refused.append(str(exc.value))

    assert first.run(polls=1, on_poll=on_poll) == 1
    assert refused and "one watcher per database" in refused[0]
    assert second.run(polls=1) == 1  # the first has ended: its lock is gone
    assert sorted(stored(db)) == ["item-1", "item-2"] and site.hits["/a/1"] == 1
