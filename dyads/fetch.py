"""Fetch pages and feeds over HTTP: timeouts, a user agent, robots.txt, retries with back-off.

A URL that cannot be fetched is a Failure with a reason (robots_disallowed, http_404, timeout,
too_large, ...); the other URLs go on. A feed URL yields its items.
"""
from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Iterable, Iterator
from typing import NamedTuple
from urllib.parse import urlsplit

from .feeds import looks_like_feed, read_feed
from .models import Article, Failure

USER_AGENT = "dyads/0.1 (+https://github.com/; news event research; offline pipeline)"
# Seconds: to connect, and to wait for each read.
CONNECT_TIMEOUT, READ_TIMEOUT = 5.0, 20.0
# Tries per URL for transient errors (timeouts, 429, 5xx), with back-off BACKOFF * 2**try seconds.
RETRIES, BACKOFF = 3, 0.5
RETRY_STATUS = {429, 500, 502, 503, 504}
# Bytes read from one response at most; a larger page is a too_large Failure.
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
FEED_TYPES = ("rss", "atom", "application/xml", "text/xml")
URL_PREFIXES = ("http://", "https://")


class Response(NamedTuple):
    """An HTTP response read whole: status, body, headers (lower-case names) and the final URL."""

    status: int
    body: bytes
    headers: dict[str, str]
    url: str


def is_url(s: object) -> bool:
    return isinstance(s, str) and s.lower().startswith(URL_PREFIXES)


class Fetcher:
    """An HTTP client that keeps one robots.txt per host for its lifetime."""

    def __init__(self, *, user_agent: str = USER_AGENT, retries: int = RETRIES, backoff: float = BACKOFF,
                 timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
                 respect_robots: bool = True, max_bytes: int = MAX_RESPONSE_BYTES) -> None:
        import httpx

        self._httpx = httpx
        self.client = httpx.Client(
            headers={"User-Agent": user_agent}, follow_redirects=True,
            timeout=httpx.Timeout(timeout[1], connect=timeout[0]))
        self.user_agent, self.retries, self.backoff = user_agent, retries, backoff
        self.respect_robots, self.max_bytes = respect_robots, max_bytes
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:  # noqa: PYI034 - Python 3.10 has no typing.Self
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets this user agent fetch `url`; a missing robots.txt allows all."""
        if not self.respect_robots:
            return True
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            rp = urllib.robotparser.RobotFileParser()
            try:
                r = self.client.get(host + "/robots.txt")
                if r.status_code in (401, 403):
                    rp.disallow_all = True
                elif r.status_code < 400:
                    rp.parse(r.text.splitlines())
                else:
                    rp.allow_all = True
            except self._httpx.HTTPError:
                rp.allow_all = True  # an unreachable robots.txt is treated as none
            self._robots[host] = rp
        rp = self._robots[host]
        return rp is None or rp.can_fetch(self.user_agent, url)

    def get(self, url: str) -> tuple[bytes, str, str]:
        """(body, content type, final URL) of `url`; raises Unreadable with the reason."""
        r = self.request(url)
        return r.body, r.headers.get("content-type", ""), r.url

    def request(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """The response to a GET of `url` with extra `headers` (e.g. If-None-Match), after retries;
        a 304 comes back with an empty body. Raises Unreadable with the reason."""
        from .readers import Unreadable

        httpx = self._httpx
        last = ""
        for attempt in range(self.retries):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                with self.client.stream("GET", url, headers=headers) as r:
                    if r.status_code in RETRY_STATUS:
                        last = f"http_{r.status_code}"
                        continue
                    if r.status_code >= 400:
                        raise Unreadable(f"http_{r.status_code}", url)
                    size = int(r.headers.get("Content-Length") or 0)
                    if size > self.max_bytes:
                        raise Unreadable("too_large", f"{size} bytes; the limit is {self.max_bytes}")
                    chunks, total = [], 0
                    for chunk in r.iter_bytes():
                        total += len(chunk)
                        if total > self.max_bytes:
                            raise Unreadable("too_large", f"more than {self.max_bytes} bytes")
                        chunks.append(chunk)
                    return Response(r.status_code, b"".join(chunks),
                                    {k.lower(): v for k, v in r.headers.items()}, str(r.url))
            except httpx.TimeoutException:
                last = "timeout"
            except httpx.TransportError as exc:
                last = f"connection_error: {exc}"[:200]
            except httpx.HTTPError as exc:
                raise Unreadable("http_error", str(exc)[:200]) from None
        reason, _, detail = last.partition(": ")
        raise Unreadable(reason or "http_error", detail or f"gave up after {self.retries} tries")

    def fetch(self, url: str) -> Iterator[Article | Failure]:
        """The page at `url` as an HTML Article, or a feed's items; a Failure when it cannot be had."""
        from .readers import Unreadable, decode
        from .warc import _charset

        if not self.allowed(url):
            yield Failure(url, url, "robots_disallowed", "robots.txt disallows this URL")
            return
        try:
            body, ctype, final = self.get(url)
            if any(t in ctype.lower() for t in FEED_TYPES) or looks_like_feed(body):
                yield from read_feed(body, origin=url, id_prefix=url)
                return
            html = decode(body, declared=_charset(ctype))
        except Unreadable as exc:
            yield Failure(url, url, exc.reason, exc.detail)
            return
        yield Article(id=url, url=final, origin=url, html=html, input_kind="html")


def fetch_urls(urls: Iterable[str], **options: object) -> Iterator[Article | Failure]:
    """Each URL's page (or feed items), in order, through one Fetcher built with `options`."""
    with Fetcher(**options) as fetcher:
        for url in urls:
            yield from fetcher.fetch(url)
