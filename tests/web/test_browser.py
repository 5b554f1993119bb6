"""The dashboard in a real browser: Playwright driving Debian's headless Chromium.

Every test saves a screenshot under artifacts/screenshots/. Skipped, with the reason, when
/usr/bin/chromium (apt-get install chromium) or the playwright package is missing.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from dyads.store import Store, StoreError, key_of

from ..conftest import ROOT
from .conftest import (
    LAVROV_QUOTE,
    PAYLOAD_IMG,
    PAYLOAD_SCRIPT,
    free_port,
    hostile_article,
    json_path,
    page_paths,
    screenshot,
    seed_article,
    seed_body,
)

pytestmark = pytest.mark.browser

# What a page shows, read from its DOM; compared with what its .json twin says.
SHOWN_JS = """() => {
  const all = (sel, f) => [...document.querySelectorAll(sel)].map(f);
  const text = document.querySelector('#article-text');
  return {
    events: all('tr.event td.code a', a => a.getAttribute('href')),
    groups: all('table.groups tbody td:first-child a', a => a.getAttribute('href')),
    quotes: all('tr.quote-row', tr => tr.getAttribute('data-quote')),
    articles: all('table.articles tbody td:nth-child(2) a', a => a.getAttribute('href')),
    actors: all('table.actors tbody tr td:first-child', td => td.textContent.trim()),
    timeline: all('table.timeline tbody tr', tr => [...tr.cells].map(c => c.textContent.trim())),
    counts: Object.fromEntries(all('.counts dd', d => [d.id, d.textContent.trim()])),
    text: text ? all('#article-text > span', s => s.textContent).join('') : null,
  };
}"""


def expected_from_json(data: dict) -> dict:
    """What SHOWN_JS should find on a page whose .json twin returned `data`."""
    events, quotes, articles, actors = [], [], [], []
    for key in ("latest_events", "events", "as_source", "as_target", "reports"):
        events += [e["href"] for e in data.get(key) or []]
    for key in ("quotes_by", "quotes"):
        quotes += [q["quote_id"] for q in data.get(key) or []]
    for key in ("latest_articles", "articles"):
        articles += [a["href"] for a in data.get(key) or []]
    for key in ("top_actors", "identities", "actors"):
        actors += [a["name"] for a in data.get(key) or []]
    counts = {}
    if "counts" in data:
        counts = {f"count-{k.replace('_', '-')}": str(v) for k, v in data["counts"].items()
                  if k in ("articles", "actors", "quotes", "events", "event_groups") and v is not None}
    return {"events": events, "groups": [g["href"] for g in data.get("top_event_groups") or []],
            "quotes": quotes, "articles": articles, "actors": actors,
            "timeline": [[r["period"], r["quad"], str(r["events"]), str(r["goldstein_mean"])]
                         for r in data.get("timeline") or []],
            "counts": counts, "text": data.get("text")}


def _slug(path: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in path.strip("/"))[:60] or "overview"


def test_seed_article_shows_lavrov_quote_and_rus_usa_events(page):
    page.goto("/article/seed")
    text = page.locator("#article-text")
    quote = text.locator('span.quote[data-quote~="q1"]')
    assert "".join(quote.all_text_contents()) == LAVROV_QUOTE
    background = quote.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted
    # attributed: the speaker words are marked and the quote ends with its speaker's badge
    assert text.locator('span.speaker[data-speaker~="q1"]').inner_text() == "the Russian FM"
    badge = quote.last.locator("xpath=following-sibling::*[1]")
    assert badge.inner_text() == "— Sergey Lavrov (RUSGOV)"
    assert badge.get_attribute("href") == "/actor/Sergey%20Lavrov"
    row = page.locator('table.quotes tr.quote-row[data-quote="q1"]')
    assert row.locator("td.speaker").inner_text().startswith("Sergey Lavrov")
    assert LAVROV_QUOTE in row.locator("td.text").inner_text()
    # the RUS -> USA events, each with its sentence, trigger and pattern id
    rows = page.locator('tr.event[data-source^="RUS"][data-target^="USA"]')
    assert rows.count() == 3
    seen = {}
    for i in range(rows.count()):
        r = rows.nth(i)
        evidence = r.locator("td.evidence")
        seen[r.locator("td.code a").inner_text().split()[0]] = (
            evidence.inner_text(), evidence.locator(".trigger").inner_text(), r.locator("td.pattern").inner_text())
    assert seen["075"][1] == "granted" and seen["075"][2] == "07.asylum.v"
    assert seen["075"][0].startswith("The Foreign Minister once again stated that Russia acted")
    assert seen["040"][1] == "meeting" and "John Kerry" in seen["040"][0]
    assert seen["010"][1] == "stressed" and seen["010"][0].startswith("“There’s no Cold War")
    assert page.locator("a.original").get_attribute("href").startswith("https://www.rt.com/")
    screenshot(page, "article_seed")
    assert page.problems == []


def test_dyad_page_draws_its_chart(page):
    page.goto("/dyad/RUS/USA")
    page.wait_for_selector("#timeline[data-state]")
    assert page.get_attribute("#timeline", "data-state") == "rendered"
    assert page.locator("#timeline svg .mark-rect path").count() >= 4  # one bar per period and quad class
    assert page.locator("#timeline svg .mark-line path").count() >= 1
    screenshot(page, "dyad_RUS_USA")
    assert page.problems == []


def test_maps_draw_the_basemap_and_one_circle_per_place(page):
    key = key_of(seed_article())
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for path in ("/dyad/RUS/USA", f"/event/{key}/0", "/article/seed"):
        page.goto(path)
        page.wait_for_selector("#map[data-state]")
        assert page.get_attribute("#map", "data-state") == "rendered", path
        data = page.request.get(json_path(path)).json()
        assert page.locator("#map svg .mark-shape path").count() >= 150, path  # 177 countries (and the sphere)
        circles = page.locator("#map svg .mark-symbol.role-mark path")
        assert circles.count() == len(data["locations"]) >= 1, path
        tips = []  # each circle's tooltip names its place and events, as text
        for i in range(circles.count()):
            circles.nth(i).hover(force=True)
            page.locator("#vg-tooltip-element").wait_for(state="visible")
            tips.append(page.locator("#vg-tooltip-element").inner_text())
        assert all(any(p["label"] in t and p["events"] in t for p in data["locations"]) for t in tips), tips
        assert any("Washington (DC, USA)" in t for t in tips), tips
        screenshot(page, "map_" + _slug(path))
    assert any(u.endswith("/static/vendor/countries-110m.json") for u in requests)
    assert all(u.startswith(page.url.split("/article")[0]) for u in requests), requests  # nothing from elsewhere
    assert page.problems == []


def test_hostile_article_renders_inert(page):
    path = "/article/" + key_of(hostile_article())
    pages = [path, "/", "/events", "/quotes?q=reject", "/articles", "/actor/RUS", "/dyad/RUS/USA",
             "/search?q=ministry"]
    for p in pages:
        page.goto(p)
        page.wait_for_load_state("load")
        if page.locator("#map").count():  # the map's tooltips show the payloads as text
            page.wait_for_selector("#map[data-state]")
            circles = page.locator("#map svg .mark-symbol.role-mark path")
            for i in range(circles.count()):
                circles.nth(i).hover(force=True)
        assert page.evaluate("() => window.__pwned") is None, p
        assert page.locator("main img, main svg[onload], main [onerror], main b").count() == 0, p
        assert page.locator("main script:not([src]):not([type='application/json'])").count() == 0, p
    page.goto(path)
    body = page.locator("#article-text").text_content()
    assert PAYLOAD_SCRIPT in body and PAYLOAD_IMG in body  # shown as text
    assert PAYLOAD_SCRIPT in page.locator("h1").inner_text()
    assert page.locator("a.original").count() == 0  # the javascript: URL is not a link
    assert page.locator(".unsafe-url").inner_text().startswith("javascript:")
    screenshot(page, "article_hostile")
    assert not [p for p in page.problems if "pwned" in p or "dialog" in p]


def test_every_json_twin_returns_what_the_page_shows(page, hand_db):
    for path in page_paths(hand_db):
        page.goto(path)
        page.wait_for_load_state("load")
        json_href = page.locator("footer a.json-link").get_attribute("href")
        resp = page.request.get(json_href)
        assert resp.ok and resp.headers["content-type"].startswith("application/json"), path
        data = resp.json()
        assert page.locator("h1").inner_text() == data["title"], path
        shown = page.evaluate(SHOWN_JS)
        expected = expected_from_json(data)
        for key, value in expected.items():
            if key == "text" and value is None:
                continue
            assert shown[key] == value, (path, key)
        if data.get("chart"):
            page.wait_for_selector(".chart[data-state]")
            assert page.locator(".chart svg").count() >= 1, path
        screenshot(page, "page_" + _slug(path))
    assert page.problems == [], page.problems


def test_article_text_in_the_page_is_the_stored_text(page):
    page.goto("/article/seed")
    assert page.evaluate(SHOWN_JS)["text"] == seed_body()


# -- the demo database ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """The demo database: $DYADS_DEMO_DB or ./dyads-demo.duckdb (`make demo`) if readable, else built."""
    for candidate in (os.environ.get("DYADS_DEMO_DB"), str(ROOT / "dyads-demo.duckdb")):
        if candidate and Path(candidate).exists():
            try:
                with Store.open(candidate, read_only=True) as store:
                    if store.counts()["articles"]:
                        return candidate
            except StoreError:
                pass
    from dyads.cli import sample_corpus
    from dyads.ingest import ingest_inputs

    path = str(tmp_path_factory.mktemp("demo") / "dyads-demo.duckdb")
    ingest_inputs([str(p) for p in sample_corpus()], path)
    return path


@pytest.mark.slow
def test_demo_dyad_page_draws_its_chart(browser, demo_db):
    import uvicorn

    from dyads.web.app import create_app

    with Store.open(demo_db, read_only=True) as store:
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started and thread.is_alive():
            time.sleep(0.05)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            p = context.new_page()
            errors = []
            p.on("pageerror", lambda exc: errors.append(str(exc)))
            p.goto(f"http://127.0.0.1:{port}/dyad/RUS/USA")
            assert p.locator("tr.event").count() >= 1
            p.wait_for_selector("#timeline[data-state]")
            assert p.get_attribute("#timeline", "data-state") == "rendered"
            assert p.locator("#timeline svg .mark-rect path").count() >= 1
            p.wait_for_selector("#map[data-state]")  # and where the events took place
            assert p.get_attribute("#map", "data-state") == "rendered"
            points = p.request.get(f"http://127.0.0.1:{port}/dyad/RUS/USA.json").json()["locations"]
            assert p.locator("#map svg .mark-symbol.role-mark path").count() == len(points) >= 1
            screenshot(p, "demo_dyad_RUS_USA")
            assert errors == []
            context.close()
        finally:
            server.should_exit = True
            thread.join(10)
