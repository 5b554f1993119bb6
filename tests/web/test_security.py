"""The dashboard against hostile data and hostile requests: script payloads in every shown field,
SQL injection through every URL parameter, path traversal on /static, oversized parameters."""
from __future__ import annotations

import json
import os
import re
import time
from urllib.parse import quote

import pytest

from dyads.models import Actor, Article, Event, Mention, Quote, Side
from dyads.store import Store, key_of
from dyads.web.app import create_app, render

from .conftest import hand_articles

PAYLOADS = (
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'><svg/onload=alert(3)>",
    "</textarea></title></script><script>alert(4)</script>",
    "<a href=\"javascript:alert(5)\">x</a>",
    "{{ 7*7 }}{% print 1 %}",
    "<iframe srcdoc='<script>alert(6)</script>'>",
    "\u2028<style>@import 'http://evil'</style>",
)
RAW_MARKERS = ("<script>alert", "<img src=x", "<svg/onload", "<iframe", "<a href=\"javascript", "<style>@import")
EVIL_URLS = ("javascript:alert(7)", " JaVaScRiPt:alert(8)", "java\tscript:alert(9)", "data:text/html,<script>x</script>",
             "vbscript:msgbox(1)", "https://x.org/\"><script>alert(10)</script>")
SQLI = ("' OR 1=1 --", "x'); DROP TABLE articles; --", "%' UNION SELECT * FROM failures --",
        "1; COPY articles TO '/tmp/pwned.csv'; ATTACH '/tmp/evil.db' AS e; --", "?$1${1}\\x00\" OR \"\"=\"")
PARAMS = ("q", "speaker", "actor", "source", "target", "since", "until", "limit", "by", "negated", "host",
          "cluster")
LIST_PAGES = ("/", "/search", "/events", "/quotes", "/articles", "/dyad/RUS/USA", "/actor/RUS")


def evil_article(n: int, payload: str, url: str) -> Article:
    """An article with `payload` in its title, text, quote, cue, actor names, pattern and cluster."""
    text = f"Russia condemned the United States on Monday. {payload} The ministry said “we reject {payload} " \
           f"these claims” in a statement number {n}."
    qs = text.index("we reject")
    qe = text.index("these claims") + len("these claims")
    ss = text.index("The ministry")
    actors = [Actor(id="a1", name=f"Russia{payload}", code="RUS", type="GPE", source="test",
                    mentions=[Mention("Russia", 0, 6)]),
              Actor(id="a2", name=f"United {payload}", code="USA", type="GPE", source="test",
                    mentions=[Mention("United States", 20, 33)])]
    quotes = [Quote(id="q1", text=text[qs:qe], start=qs, end=qe, kind="direct", cue=f"said{payload}",
                    speaker_id="a1", speaker_text=f"The ministry{payload}", speaker_start=ss, speaker_end=ss + 12)]
    sent_end = text.index(".") + 1
    ev = Event(id="e1", source=Side("Russia", "RUS", "a1", 0, 6), target=Side("United States", "USA", "a2", 20, 33),
               cameo="111", plover="ACCUSE", goldstein=-2.0, quad_class=3, trigger="condemned", trigger_start=7,
               trigger_end=16, sentence=text[:sent_end], sentence_start=0, sentence_end=sent_end,
               pattern_id=f"11.{payload}.v")
    return Article(id=f"evil{n}{payload}", url=url, title=f"Evil {n} {payload}", published=f"2013-09-0{n % 9 + 1}",
                   text=text, actors=actors, quotes=quotes, events=[ev], keywords=[payload],
                   extras={"cluster_id": f"c{payload}", **evil_places(payload)})


def evil_places(payload: str) -> dict:
    """Geo step output with `payload` in every text field: in the maps, their tables and the text."""
    place = {"text": "Russia", "start": 0, "end": 6, "name": f"Russia{payload}", "id": 2017370,
             "country": f"RU{payload}", "admin1": payload, "admin1_name": payload, "lat": 55.75, "lon": 37.62,
             "feature": f"A.{payload}", "precision": f"city{payload}", "population": 1, "via": payload}
    return {"places": [place], "event_places": {"e1": {**place, "tie": f"sentence{payload}"}}}


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("evil") / "evil.duckdb"
    arts = hand_articles() + [evil_article(i, p, EVIL_URLS[i % len(EVIL_URLS)]) for i, p in enumerate(PAYLOADS)]
    with Store.open(path) as store:
        store.write(arts)
    return str(path)


@pytest.fixture(scope="module")
def client(evil_db):
    from starlette.testclient import TestClient

    store = Store.open(evil_db, read_only=True)
    with TestClient(create_app(store), base_url="http://127.0.0.1") as c:
        yield c
    store.close()


def _evil_paths(db: str) -> list[str]:
    with Store.open(db, read_only=True) as store:
        keys = store.query("SELECT key FROM articles WHERE id LIKE 'evil%'")["key"].tolist()
        groups = store.query("SELECT group_id FROM event_groups")["group_id"].tolist()
    paths = [*LIST_PAGES, "/events?actor=RUS", "/quotes?q=reject", "/articles?q=ministry", "/search?q=Russia",
             "/search?q=reject", "/actor/Russia", "/quotes?speaker=RUS"]
    paths += [f"/article/{k}" for k in keys] + [f"/event/{k}/0" for k in keys] + [f"/event/{g}" for g in groups]
    paths += ["/articles?cluster=" + quote("c" + p) for p in PAYLOADS]
    paths += ["/actor/" + quote("Russia" + p, safe="") for p in PAYLOADS[:3]]
    return paths


def _assert_inert(path: str, body: str) -> None:
    for raw in RAW_MARKERS:
        assert raw not in body, (path, raw)
    hrefs = re.findall(r'(?:href|src|action|formaction)\s*=\s*"([^"]*)"', body)
    bad = [h for h in hrefs if re.sub(r"[\s\x00-\x1f]", "", h).lower().startswith(("javascript:", "data:", "vbscript:"))]
    assert not bad, (path, bad)
    assert not re.search(r"\son\w+\s*=", re.sub(r"&[^;\s]+;|\"[^\"]*\"", "", " ".join(re.findall(r"<[^>]+>", body)))), path
    scripts = re.findall(r"<script[^>]*>", body)
    assert all(re.fullmatch(r'<script (src="/static/[\w./-]+"|type="application/json" id="[\w-]+")>', s)
               for s in scripts), (path, scripts)
    assert "49" not in re.findall(r">([^<]*)<", body) or "{{ 7*7 }}" in body or "{{ 7*7 }}" not in body


def test_payloads_in_every_field_are_inert(evil_db, client):
    for path in _evil_paths(evil_db):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[-300:])
        _assert_inert(path, r.text)
        assert r.headers["content-security-policy"].startswith("default-src 'self'")
        assert r.headers["x-content-type-options"] == "nosniff"


def test_json_twins_keep_payloads_as_data(evil_db, client):
    for path in _evil_paths(evil_db):
        base, _, qs = path.partition("?")
        r = client.get(("/index.json" if base == "/" else base + ".json") + ("?" + qs if qs else ""))
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("application/json")
        json.loads(r.text)


def test_template_syntax_in_data_is_not_evaluated(evil_db, client):
    key = key_of(evil_article(5, PAYLOADS[5], EVIL_URLS[5]))
    body = client.get(f"/article/{key}").text
    assert "{{ 7*7 }}" in body and "{% print 1 %}" in body


def test_embedded_json_cannot_close_its_script_tag(evil_db, client):
    """Chart data sits in <script type="application/json">: a '</script>' in a value must not end it."""
    evil = key_of(evil_article(3, PAYLOADS[3], EVIL_URLS[3]))  # the payload that closes tags
    for path in ("/dyad/RUS/USA", "/actor/RUS", "/actor/Russia", f"/article/{evil}", f"/event/{evil}/0"):
        body = client.get(path).text
        blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', body, re.DOTALL)
        assert blocks, path
        for block in blocks:
            assert "<" not in block, path  # tojson writes < as \u003c: no '</script>' can end the block
            json.loads(block)
    spec = json.loads(re.search(r'<script type="application/json" id="map-spec">(.*?)</script>',
                                client.get(f"/event/{evil}/0").text, re.DOTALL)[1])
    assert f"Russia{PAYLOADS[3]}" in [v["place"] for v in spec["layer"][-1]["data"]["values"]]  # kept as data


@pytest.mark.parametrize("payload", SQLI)
def test_sql_injection_through_every_parameter(evil_db, client, payload):
    before = (os.stat(evil_db).st_mtime_ns, client.app.state.store.counts())
    for page in LIST_PAGES:
        for name in PARAMS:
            r = client.get(page, params={name: payload})
            assert r.status_code in (200, 400), (page, name, payload, r.status_code, r.text[-300:])
            assert "Traceback" not in r.text and "Binder Error" not in r.text and "Parser Error" not in r.text
    for path in (f"/dyad/{quote(payload, safe='')}/USA", f"/dyad/RUS/{quote(payload, safe='')}",
                 f"/actor/{quote(payload, safe='')}", f"/article/{quote(payload, safe='')}",
                 f"/event/{quote(payload, safe='')}/0", f"/event/{quote(payload, safe='')}"):
        r = client.get(path)
        assert r.status_code in (200, 400, 404), (path, r.status_code, r.text[-300:])
    assert (os.stat(evil_db).st_mtime_ns, client.app.state.store.counts()) == before
    assert not os.path.exists("/tmp/pwned.csv")


def test_injection_matches_nothing(client):
    for q in ("' OR 1=1 --", "%%%", "_x_", "zz*"):
        assert client.get("/quotes.json", params={"q": q}).json()["total"] == 0
        assert client.get("/articles.json", params={"q": q + "zzz"}).json()["total"] == 0
    assert client.get("/events.json", params={"actor": "' OR 1=1 --"}).json()["total"] == 0


TRAVERSALS = ("/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/%2e%2e%2fviews.py",
              "/static/....//app.py", "/static/..\\app.py", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
              "/static/../../../../../../etc/passwd", "/static//etc/passwd", "/static/%252e%252e/app.py",
              "/static/vendor/../../app.py", "/static/%00", "/static/..%00/app.py", "/static/%c0%ae%c0%ae/app.py",
              "/static/" + "../" * 30 + "etc/passwd", "/static/~root", "/static/.", "/static/")


@pytest.mark.parametrize("path", TRAVERSALS)
def test_static_path_traversal(evil_db, client, path):
    for status, body in ((client.get(path).status_code, client.get(path).text), render(evil_db, path)[::2]):
        assert status in (400, 404, 405), (path, status)
        assert "root:" not in body and "def create_app" not in body and "import " not in body, path


def test_static_assets_still_served(client):
    r = client.get("/static/vendor/vega.min.js")
    assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", [
    "/search?q=" + "A" * 200_000, "/quotes?q=" + "%22x%22+" * 20_000, "/events?actor=" + "R" * 100_000,
    "/events?limit=" + "9" * 5000, "/events?limit=1000000", "/events?since=" + "2" * 10_000,
    "/articles?host=" + "h" * 100_000, "/actor/" + "X" * 100_000, "/dyad/" + "A" * 50_000 + "/B",
    "/article/" + "k" * 100_000, "/event/" + "9" * 400, "/event/" + "9" * 400 + "/" + "9" * 400,
    "/event/" + "9" * 5000, "/event/k/" + "9" * 5000, "/events.json?limit=" + "9" * 5000,
    "/events?" + "&".join(f"p{i}=1" for i in range(5000)), "/dyad/RUS/USA?by=" + "w" * 100_000,
])
def test_oversized_parameters(evil_db, path):
    """In process (an HTTP client refuses such URLs before sending them; uvicorn caps a request line's
    headers at h11's default of 64 KiB and answers 400 beyond)."""
    t0 = time.monotonic()
    status, _, body = render(evil_db, path)
    assert status in (200, 400, 404, 414), (path[:80], status, body[-300:])
    assert time.monotonic() - t0 < 10, path[:80]
    assert len(body) < 5_000_000


def test_methods_other_than_get_are_refused(client):
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert client.request(method, "/events").status_code == 405


def test_host_header_is_checked_on_loopback(evil_db):
    from starlette.testclient import TestClient

    from dyads.web.app import LOOPBACK_HOSTS

    with Store.open(evil_db, read_only=True) as store, \
            TestClient(create_app(store, allowed_hosts=list(LOOPBACK_HOSTS)), base_url="http://127.0.0.1") as c:
        assert c.get("/").status_code == 200
        assert c.get("/", headers={"host": "evil.example"}).status_code == 400
