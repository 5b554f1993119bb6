"""The dashboard: a read-only Starlette app over a dyads store; every page also answers as `.json`.

`create_app(store)` builds the app, `serve(db, host, port)` runs it with uvicorn and
`render(db, path)` returns one page without a server (`dyads serve --get /events.json`).
"""
from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..locking import SharedReader
from ..queries import QueryError
from ..store import Store, StoreError
from . import views

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
# Pages never run inline scripts or load anything from elsewhere: an escaping slip in a template
# still cannot run a script that an article carried. Vega runs without eval (`ast: true`).
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
MAX_PATH_CHARS = 4096  # longer request paths are answered 414 without routing
DataFn = Callable[[Store, Request], dict[str, Any]]
# (path, data function, template); each path also answers with ".json" appended ("/" as "/index.json").
PAGES: list[tuple[str, DataFn, str]] = [
    ("/", views.overview_data, "overview.html"),
    ("/search", views.search_data, "search.html"),
    ("/events", views.events_data, "events.html"),
    ("/dyad/{src}/{tgt}", views.dyad_data, "dyad.html"),
    ("/actor/{ref:path}", views.actor_data, "actor.html"),
    ("/quotes", views.quotes_data, "quotes.html"),
    ("/articles", views.articles_data, "articles.html"),
    ("/article/{ref}", views.article_data, "article.html"),
    ("/event/{group_id:int}", views.event_data, "event.html"),
    ("/event/{key}/{seq:int}", views.event_data, "event.html"),
]


class SecurityHeaders:
    """ASGI middleware adding `SECURITY_HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and len(scope.get("path", "")) > MAX_PATH_CHARS:
            # before routing: Starlette's int converter raises on a path segment of 4,300+ digits
            scope = {**scope, "path": "/", "raw_path": b"/"}
            app: ASGIApp = Response(_dumps({"error": f"path longer than {MAX_PATH_CHARS} characters"}), 414,
                                    media_type="application/json")
        else:
            app = self.app

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in names]
            await send(message)

        await app(scope, receive, send_with_headers)


def _json_path(path: str) -> str:
    return "/index.json" if path == "/" else path + ".json"


def _templates() -> Environment:
    env = Environment(loader=PackageLoader("dyads.web", "templates"),
                      autoescape=select_autoescape(["html"], default=True), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    return env


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str).encode("utf-8")


class OneStore:
    """An open Store used by one request at a time (the `SharedReader` interface, without the stepping aside)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()

    @contextmanager
    def use(self) -> Iterator[Store]:
        with self._lock:
            yield self.store


def create_app(source: Store | SharedReader, *, allowed_hosts: list[str] | None = None) -> Starlette:
    """The dashboard over `source`: a SharedReader (as `serve` has it: it closes the file while an
    ingest in another process writes a batch) or a Store opened read-only, kept open.

    Each request holds the connection from its first query to its last, so a page shows one
    committed state. `allowed_hosts` limits the Host header.
    """
    env = _templates()
    reader = source if isinstance(source, SharedReader) else OneStore(source)  # one query at a time

    def page(fn: DataFn, template: str | None) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            try:
                views.check_size(request)
                with reader.use() as store:
                    data = fn(store, request)
                status = 200
            except views.NotFound as exc:
                data, status = {"error": str(exc)}, 404
            except (views.BadRequest, QueryError) as exc:
                data, status = {"error": str(exc)}, 400
            except StoreError as exc:
                data, status = {"error": f"query failed: {exc}"}, 500
            if template is None:
                return Response(_dumps(data), status, media_type="application/json")
            query = ("?" + request.url.query) if request.url.query else ""
            meta = {"json_href": _json_path(quote(request.url.path)) + query, "path": request.url.path}
            name = template if status == 200 else "error.html"
            title = data.get("title") if status == 200 else f"Error {status}"
            return HTMLResponse(env.get_template(name).render(data=data, page={**meta, "title": title,
                                                                                 "status": status}),
                                status)
        return endpoint

    routes: list[BaseRoute] = []
    for path, fn, template in PAGES:
        routes.append(Route(_json_path(path), page(fn, None)))
        if path == "/":
            routes.append(Route("/.json", page(fn, None)))
        routes.append(Route(path, page(fn, template)))
    static = Path(str(resources.files("dyads.web") / "static"))
    routes.append(Mount("/static", StaticFiles(directory=static), name="static"))

    async def not_found(request: Request, exc: Exception) -> Response:
        if request.url.path.endswith(".json"):
            return Response(_dumps({"error": "not found"}), 404, media_type="application/json")
        html = env.get_template("error.html").render(
            data={"error": f"nothing at {request.url.path}"},
            page={"title": "Not found", "status": 404, "json_href": "/index.json", "path": request.url.path})
        return HTMLResponse(html, 404)

    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={404: not_found})
    app.state.reader = reader
    if isinstance(source, Store):
        app.state.store = source
    return app


def _open(db: str | Path) -> Store:
    if str(db) == ":memory:":
        raise StoreError("the dashboard needs a database file")
    return Store.open(db, read_only=True)


def render(db: str | Path, path: str) -> tuple[int, str, str]:
    """Render the page at `path` (with its query string) from the database `db` without a server.

    Returns the HTTP status, the content type and the body as text. Raises StoreError when the
    database cannot be opened read-only.
    """
    with _open(db) as store:
        app = create_app(store)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(_get(app, path))
        # this thread already runs an event loop (Jupyter, Playwright's sync API): use another thread
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, _get(app, path)).result()


async def _get(app: ASGIApp, path: str) -> tuple[int, str, str]:
    """One GET request to `app`, answered in process: status, content type and body."""
    path, _, query = (path if path.startswith("/") else "/" + path).partition("?")
    scope: Scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                    "scheme": "http", "path": unquote(path), "raw_path": path.encode(), "root_path": "",
                    "query_string": query.encode(), "headers": [(b"host", b"127.0.0.1")],
                    "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 80)}
    status, headers, body = 500, {}, bytearray()
    requested, done = False, asyncio.Event()

    async def receive() -> Message:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # the client hangs up once the whole response is in
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))
            if not message.get("more_body", False):
                done.set()

    await app(scope, receive, send)
    return status, headers.get("content-type", ""), body.decode("utf-8", errors="replace")


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the dashboard over the database `db` (opened read-only) until interrupted.

    The file is kept open between requests but closed while an ingest writes a batch; requests
    that come meanwhile wait for the batch (see `dyads.locking`). On a loopback `host` only loopback
    Host headers are answered (no DNS rebinding). Raises StoreError when the database cannot be
    opened read-only.
    """
    import uvicorn

    _open(db).close()  # fail now, not at the first request, when there is no readable store
    reader = SharedReader(str(db))
    try:
        hosts = list(LOOPBACK_HOSTS) if host in LOOPBACK_HOSTS else None
        app = create_app(reader, allowed_hosts=hosts)
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        reader.close()


__all__ = ["PAGES", "create_app", "render", "serve"]
