"""Fixtures of the dashboard tests: hand-made databases, a live server and a headless Chromium.

The databases are written with `Store.write` from hand-made Articles, so these tests do not
depend on the NLP. Browser tests carry the `browser` marker and are skipped, with the reason,
when Debian's Chromium (/usr/bin/chromium) or the playwright package is missing.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.models import Actor, Article, Event, Mention, Quote, Side
from dyads.store import Store, key_of

from ..conftest import ROOT, SEED

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
SEED_URL = "https://www.rt.com/news/lavrov-kerry-cold-war-snowden-530/"
LAVROV_QUOTE = ("There’s no Cold War [between Russia and the US]. On the contrary, we have the closest "
                "partnership and very good potential for its improvement,")
PAYLOAD_SCRIPT = "<script>window.__pwned = 'script'</script>"
PAYLOAD_IMG = "<img src=x onerror=\"window.__pwned = 'onerror'\">"
PAYLOAD_SVG = "<svg onload=\"window.__pwned = 'svg'\"></svg>"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright (skipped without it)")


def seed_body() -> str:
    """The seed article's clean text: from "The remarks come after" to "...balance of forces."."""
    raw = SEED.read_text(encoding="utf-8")
    start = raw.index("The remarks come after")
    end = raw.index("strategic balance of forces.") + len("strategic balance of forces.")
    return raw[start:end]


def _at(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def _sentence(text: str, at: int, first_words: str | None = None) -> tuple[str, int, int]:
    """The sentence holding offset `at`: from `first_words` (or after the last ". ") to the next "."."""
    if first_words:
        start = text.rindex(first_words, 0, at)
    else:
        start = text.rfind(". ", 0, at)
        start = 0 if start < 0 else start + 2
    while text[start] == " ":
        start += 1
    end = text.find(".", at)
    end = len(text) if end < 0 else end + 1
    return text[start:end], start, end


def _actor(text: str, id: str, name: str, code: str, type: str, *words: str) -> Actor:
    mentions = []
    for w in words:
        s, e = _at(text, w)
        mentions.append(Mention(w, s, e))
    return Actor(id=id, name=name, code=code, type=type, source="test", mentions=mentions)


def _event(text: str, id: str, src: tuple[str, str, str | None], tgt: tuple[str, str, str | None],
           trigger: str, cameo: str, plover: str, goldstein: float, quad: int, pattern: str,
           *, first_words: str | None = None, quote_id: str | None = None) -> Event:
    ts, te = _at(text, trigger)
    sentence, ss, se = _sentence(text, ts, first_words)
    sides = []
    for words, code, actor_id in (src, tgt):
        s, e = _at(text, words, ss)
        sides.append(Side(words, code, actor_id, s, e))
    return Event(id=id, source=sides[0], target=sides[1], cameo=cameo, plover=plover, goldstein=goldstein,
                 quad_class=quad, trigger=trigger, trigger_start=ts, trigger_end=te, sentence=sentence,
                 sentence_start=ss, sentence_end=se, pattern_id=pattern, quote_id=quote_id)


# GeoNames entries the hand-made articles' places resolve to: name, id, country, admin1, lat, lon, precision.
WASHINGTON = ("Washington", 4140963, "USA", "DC", 38.89511, -77.03637, "city")
MOSCOW = ("Moscow", 524901, "RUS", "48", 55.75222, 37.61556, "city")
RUSSIA = ("Russia", 2017370, "RUS", "", 55.75222, 37.61556, "country")
UNITED_STATES = ("United States", 6252001, "USA", "", 38.89511, -77.03637, "country")
SYRIA = ("Syria", 163843, "SYR", "", 33.5102, 36.29128, "country")
UKRAINE = ("Ukraine", 690791, "UKR", "", 50.45466, 30.5238, "country")
FEATURES = {"city": "P.PPLC", "admin1": "A.ADM1", "country": "A.PCLI"}


def _place(text: str, words: str, entry: tuple, after: int = 0) -> dict:
    """A place record as the geo step writes it: `words` (found in `text` from `after`) resolved to `entry`."""
    name, gid, country, admin1, lat, lon, precision = entry
    start, end = _at(text, words, after)
    return {"text": words, "start": start, "end": end, "name": name, "id": gid, "country": country,
            "admin1": admin1, "admin1_name": "", "lat": lat, "lon": lon, "feature": FEATURES[precision],
            "precision": precision, "population": 0, "via": "gazetteer"}


def _geo(places: list[dict], located: dict[str, int]) -> dict:
    """The geo step's extras: `places`, and `event_places` (event id -> index into `places`)."""
    return {"places": places, "event_places": {e: {**places[i], "tie": "sentence"} for e, i in located.items()}}


def seed_article() -> Article:
    """The seed page as the pipeline should read it: Lavrov's quote and the RUS -> USA events."""
    text = seed_body()
    actors = [
        _actor(text, "a1", "Sergey Lavrov", "RUSGOV", "PER", "Sergey Lavrov", "the Russian FM"),
        _actor(text, "a2", "John Kerry", "USAGOV", "PER", "John Kerry"),
        _actor(text, "a3", "Russia", "RUS", "GPE", "Russia acted"),
        _actor(text, "a4", "United States", "USA", "GPE", "the US has never"),
        _actor(text, "a5", "Kremlin", "RUSGOV", "ORG", "the Kremlin"),
    ]
    qs, qe = _at(text, LAVROV_QUOTE)
    ss, se = _at(text, "the Russian FM")
    quotes = [Quote(id="q1", text=LAVROV_QUOTE, start=qs, end=qe, kind="direct", cue="stressed",
                    speaker_id="a1", speaker_text="the Russian FM", speaker_start=ss, speaker_end=se)]
    events = [
        _event(text, "e1", ("Sergey Lavrov", "RUSGOV", "a1"), ("John Kerry", "USAGOV", "a2"), "meeting",
               "040", "CONSULT", 1.0, 1, "04.meeting.n"),
        _event(text, "e2", ("the Russian FM", "RUSGOV", "a1"), ("the US", "USA", None), "stressed",
               "010", "STATEMENT", 0.0, 1, "01.say.v", first_words="“There’s no Cold War", quote_id="q1"),
        _event(text, "e3", ("Russia", "RUS", "a3"), ("CIA former employee", "USA", None), "granted",
               "075", "AID", 7.0, 2, "07.asylum.v"),
    ]
    places = [_place(text, "Washington", WASHINGTON), _place(text, "Russia", RUSSIA, text.index("Russia acted")),
              _place(text, "Moscow", MOSCOW), _place(text, "Moscow", MOSCOW, text.index("Putin in Moscow")),
              _place(text, "Syria", SYRIA, text.index("conference in Syria"))]
    # e1 (the meeting) took place in Washington, e3 (the asylum) in Russia; e2 has no location
    return Article(id="seed", url=SEED_URL, origin=str(SEED), input_kind="page",
                   title="‘No Cold War’ between Russia and US over Snowden issue – Lavrov",
                   published="2013-08-10", text=text, keywords=["lavrov", "kerry"], actors=actors,
                   quotes=quotes, events=events, extras=_geo(places, {"e1": 0, "e3": 1}))


def simple_article(id: str, published: str, text: str, source: tuple[str, str], target: tuple[str, str],
                   trigger: str, cameo: str, plover: str, goldstein: float, quad: int,
                   url: str = "", where: tuple[str, tuple] | None = None) -> Article:
    """A one-sentence article with one event between two country actors, located at `where`
    (the words of the text and the place they resolve to) when given."""
    actors = [_actor(text, "a1", source[1], source[0], "GPE", source[1]),
              _actor(text, "a2", target[1], target[0], "GPE", target[1])]
    event = _event(text, "e1", (source[1], source[0], "a1"), (target[1], target[0], "a2"), trigger, cameo,
                   plover, goldstein, quad, f"{cameo[:2]}.test.v")
    extras = _geo([_place(text, where[0], where[1])], {"e1": 0}) if where else {}
    return Article(id=id, url=url, published=published, title=text[:60], text=text, actors=actors,
                   events=[event], extras=extras)


def hostile_article() -> Article:
    """An article whose title, text, names, quote, URL and cluster carry script payloads."""
    text = (f"Russia condemned the United States on Monday. {PAYLOAD_SCRIPT} The ministry said "
            f"“we reject {PAYLOAD_IMG} these claims” in a statement. {PAYLOAD_SVG} Nothing else.")
    actors = [_actor(text, "a1", f"Russia{PAYLOAD_IMG}", "RUS", "GPE", "Russia"),
              _actor(text, "a2", "United States", "USA", "GPE", "United States")]
    qs, qe = _at(text, f"we reject {PAYLOAD_IMG} these claims")
    ss, se = _at(text, "The ministry")
    quotes = [Quote(id="q1", text=text[qs:qe], start=qs, end=qe, kind="direct", cue=f"said{PAYLOAD_SCRIPT}",
                    speaker_id="a1", speaker_text="The ministry", speaker_start=ss, speaker_end=se)]
    event = _event(text, "e1", ("Russia", "RUS", "a1"), ("United States", "USA", "a2"), "condemned",
                   "111", "ACCUSE", -2.0, 3, f"11.<b>{PAYLOAD_IMG}</b>.v")
    place = {**_place(text, "Russia", RUSSIA), "name": f"Russia{PAYLOAD_IMG}", "admin1": PAYLOAD_SVG,
             "precision": f"city{PAYLOAD_SCRIPT}"}
    return Article(id=f"hostile{PAYLOAD_SCRIPT}", url="javascript:window.__pwned='url'",
                   title=f"Hostile {PAYLOAD_SCRIPT}{PAYLOAD_IMG}", published="2013-09-02", text=text,
                   actors=actors, quotes=quotes, events=[event],
                   extras={"cluster_id": f"c{PAYLOAD_IMG}", **_geo([place], {"e1": 0})})


def hand_articles() -> list[Article]:
    """The seed plus RUS/USA articles over three months, and the hostile article."""
    return [
        seed_article(),
        simple_article("rus-usa-1", "2013-09-15", "Russia criticized the United States over Syria.",
                       ("RUS", "Russia"), ("USA", "United States"), "criticized", "111", "ACCUSE", -2.0, 3,
                       url="https://example.org/news/1", where=("Syria", SYRIA)),
        simple_article("rus-usa-2", "2013-10-03", "Russia praised the United States for the deal.",
                       ("RUS", "Russia"), ("USA", "United States"), "praised", "051", "COOPERATE", 3.4, 1,
                       url="https://example.org/news/2", where=("Russia", RUSSIA)),
        simple_article("usa-rus-1", "2013-10-20", "The United States sanctioned Russia over Ukraine.",
                       ("USA", "United States"), ("RUS", "Russia"), "sanctioned", "163", "SANCTION", -8.0, 4,
                       where=("Ukraine", UKRAINE)),
        hostile_article(),
    ]


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database file written from `hand_articles()`."""
    path = tmp_path_factory.mktemp("web") / "hand.duckdb"
    with Store.open(path) as store:
        counts = store.write(hand_articles())
    assert counts["articles"] == len(hand_articles())
    return str(path)


def page_paths(db: str) -> list[str]:
    """One URL of every page of the dashboard over the hand-made database."""
    with Store.open(db, read_only=True) as store:
        group = int(store.query("SELECT min(group_id) AS g FROM event_groups")["g"].iloc[0])
    key = key_of(seed_article())
    return ["/", "/search?q=Russia", "/events", "/dyad/RUS/USA", "/dyad/RUS/USA?by=week",
            "/actor/Sergey%20Lavrov", "/actor/RUS", "/quotes?q=cold%20war", "/quotes?speaker=Lavrov",
            "/articles", "/article/seed", f"/article/{key}", f"/event/{key}/2", f"/event/{group}"]


def json_path(path: str) -> str:
    base, _, query = path.partition("?")
    base = "/index.json" if base == "/" else base + ".json"
    return base + ("?" + query if query else "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(hand_db: str) -> Iterator[str]:
    """The dashboard over `hand_db`, served by uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    from dyads.web.app import LOOPBACK_HOSTS, create_app

    store = Store.open(hand_db, read_only=True)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, allowed_hosts=list(LOOPBACK_HOSTS)),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the dashboard server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright; skips when either is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need playwright (pip install -e '.[test]')")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
    except Exception:
        pw.stop()
        raise
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page that records console errors and failed requests in `page.problems`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server)
    p = context.new_page()
    problems: list[str] = []
    p.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    p.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
         if msg.type == "error" else None)
    p.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    p.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    p.problems = problems
    yield p
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
