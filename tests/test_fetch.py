"""Fetching pages and feeds, against a local HTTP server on 127.0.0.1 (never the internet)."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from dyads.fetch import Fetcher
from dyads.models import Article, Failure
from dyads.readers import read_inputs

PAGE = ("<html><head><title>T</title></head><body><p>Le président a déclaré que la réunion était "
        "reportée à l'été prochain, à Genève.</p></body></html>")
FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>One</title>'
        b"<link>http://example.org/1</link><description>Talks resumed in Vienna.</description></item>"
        b"</channel></rss>")


class Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        if self.path == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/page":
            assert self.headers["User-Agent"].startswith("dyads/")
            self.send(200, PAGE.encode("utf-8"))
        elif self.path == "/latin":
            self.send(200, PAGE.encode("cp1252"), "text/html")  # no charset declared anywhere
        elif self.path == "/flaky":  # fails twice, then works
            if self.hits[self.path] < 3:
                self.send(503, b"busy")
            else:
                self.send(200, PAGE.encode("utf-8"))
        elif self.path == "/feed":
            self.send(200, FEED, "application/rss+xml")
        elif self.path == "/big":
            self.send(200, b"<p>" + b"x" * 5000 + b"</p>")
        else:
            self.send(404, b"not here")


@pytest.fixture
def server():
    Handler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_pages_feeds_and_failures(server):
    urls = [f"{server}/{p}" for p in ("page", "latin", "flaky", "private/x", "missing", "feed", "big")]
    with Fetcher(backoff=0.01, max_bytes=4000) as f:
        items = [i for u in urls for i in f.fetch(u)]
    by = {i.origin.rsplit("/", 1)[-1] if "#" not in i.origin else "feed": i for i in items}
    for name in ("page", "latin", "flaky"):
        assert isinstance(by[name], Article) and "président" in by[name].html, name
    assert Handler.hits["/flaky"] == 3
    assert isinstance(by["x"], Failure) and by["x"].reason == "robots_disallowed"
    assert by["missing"].reason == "http_404"
    assert by["big"].reason == "too_large" and "4000" in by["big"].detail
    assert by["feed"].url == "http://example.org/1" and by["feed"].raw_text == "Talks resumed in Vienna."
    assert Handler.hits["/robots.txt"] == 1  # one robots.txt per host


def test_retries_give_up_with_a_reason(server):
    Handler.hits["/flaky"] = -10  # stays busy for longer than the retries
    with Fetcher(backoff=0.01, retries=2) as f:
        (fail,) = f.fetch(f"{server}/flaky")
    assert isinstance(fail, Failure) and fail.reason == "http_503"


def test_unreachable_host_is_a_failure():
    with Fetcher(backoff=0.01, retries=1, timeout=(0.5, 0.5)) as f:
        (fail,) = f.fetch("http://127.0.0.1:9/page")  # the discard port: nothing listens
    assert isinstance(fail, Failure) and fail.reason == "connection_error"


def test_read_inputs_takes_urls(server):
    (a,) = read_inputs([f"{server}/page"])
    assert isinstance(a, Article) and a.url == f"{server}/page"
