"""dyads.web without a browser: pages and their .json twins, escaping, parameters, read-only access."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from dyads.store import Store, StoreError, key_of
from dyads.web.app import render
from dyads.web.highlight import make_span, segment
from dyads.web.rows import safe_url

from .conftest import (
    LAVROV_QUOTE,
    PAYLOAD_IMG,
    PAYLOAD_SCRIPT,
    PAYLOAD_SVG,
    SEED_URL,
    hostile_article,
    json_path,
    page_paths,
    seed_article,
    seed_body,
)

HOSTILE = "/article/" + key_of(hostile_article())
SCRIPT_TAG = re.compile(r'<script (src="/static/[\w./-]+"|type="application/json" id="[\w-]+")>')


def get_json(db: str, path: str) -> dict:
    status, ctype, body = render(db, json_path(path))
    assert status == 200, body
    assert ctype.startswith("application/json")
    return json.loads(body)


def test_every_page_renders_with_a_json_twin(hand_db):
    for path in page_paths(hand_db):
        status, ctype, body = render(hand_db, path)
        assert status == 200, (path, body[-500:])
        assert ctype.startswith("text/html")
        data = get_json(hand_db, path)
        assert data["title"], path
        assert f'href="{json_path(path).replace("&", "&amp;")}"' in body, path


def test_overview_counts_match_the_store(hand_db):
    data = get_json(hand_db, "/")
    with Store.open(hand_db, read_only=True) as store:
        counts = store.counts()
    assert data["counts"]["articles"] == counts["articles"] == 5
    assert data["counts"]["quotes"] == counts["quotes"]
    assert data["counts"]["event_groups"] == counts["event_groups"]
    top = {(d["source_code"], d["target_code"]): d for d in data["top_dyads"]}
    assert top[("RUS", "USA")]["events"] == 4  # seed's 075, two dated articles, the hostile one
    assert top[("RUS", "USA")]["href"] == "/dyad/RUS/USA"


def test_dyad_data_splits_by_quad_class(hand_db):
    data = get_json(hand_db, "/dyad/RUS/USA")
    rows = {(r["period"], r["quad"]): r for r in data["timeline"]}
    # RUS* -> USA*: the seed (Aug: 040 RUSGOV->USAGOV, 010, 075), Sep (111 + hostile 111), Oct (051)
    assert rows[("2013-08", "verbal cooperation")]["events"] == 2
    assert rows[("2013-08", "material cooperation")]["events"] == 1
    assert rows[("2013-09", "verbal conflict")]["events"] == 2
    assert rows[("2013-10", "verbal cooperation")]["events"] == 1
    assert [m["period"] for m in data["timeline_means"]] == ["2013-08", "2013-09", "2013-10"]
    assert data["total"] == 6 and len(data["events"]) == 6
    assert data["chart"]["vconcat"][0]["data"]["values"] == data["timeline"]
    weekly = get_json(hand_db, "/dyad/RUS/USA?by=week")
    assert {r["period"] for r in weekly["timeline"]} >= {"2013-08-05", "2013-09-09"}


def test_article_data_has_highlight_pieces_covering_the_text(hand_db):
    data = get_json(hand_db, "/article/seed")
    assert "".join(p["text"] for p in data["pieces"]) == data["text"] == seed_body()
    quote = [p for p in data["pieces"] if "q1" in p["ids"].get("quote", "")]
    assert "".join(p["text"] for p in quote) == LAVROV_QUOTE
    assert quote[-1]["badges"][0]["text"] == "— Sergey Lavrov (RUSGOV)"
    assert data["article"]["url_href"] == SEED_URL
    events = {(e["source_code"], e["target_code"], e["cameo"]): e for e in data["events"]}
    assert set(events) == {("RUSGOV", "USAGOV", "040"), ("RUSGOV", "USA", "010"), ("RUS", "USA", "075")}
    granted = events[("RUS", "USA", "075")]
    assert granted["pattern_id"] == "07.asylum.v"
    assert [p["text"] for p in granted["evidence"] if p["classes"] == "trigger"] == ["granted"]


def test_hostile_text_is_escaped_everywhere(hand_db):
    paths = ["/", "/events", "/dyad/RUS/USA", "/actor/RUS", "/quotes", "/quotes?q=reject", "/articles",
             "/search?q=ministry", HOSTILE, "/articles?cluster=" + quote("c" + PAYLOAD_IMG)]
    for path in paths:
        status, _, body = render(hand_db, path)
        assert status == 200, (path, body[-400:])
        assert "&lt;script&gt;" in body or "&lt;img" in body, path  # the payload is shown, as text
        for raw in (PAYLOAD_SCRIPT, PAYLOAD_IMG, PAYLOAD_SVG, "<img", "<svg", "<b>"):
            assert raw not in body, (path, raw)
        assert not [h for h in re.findall(r'href="([^"]*)"', body) if "javascript" in h.lower()], path
        scripts = re.findall(r"<script[^>]*>", body)
        assert all(SCRIPT_TAG.fullmatch(s) for s in scripts), (path, scripts)


def test_hostile_article_json_keeps_the_raw_text(hand_db):
    data = get_json(hand_db, HOSTILE)
    assert PAYLOAD_SCRIPT in data["text"]
    assert data["article"]["url"].startswith("javascript:") and data["article"]["url_href"] is None


def test_security_headers_and_no_remote_assets(hand_db):
    from dyads.web.app import SECURITY_HEADERS

    for path in page_paths(hand_db):
        _, _, body = render(hand_db, path)
        assert not re.search(r'src="(https?:)?//', body), path  # scripts, images: all served here
        assert not re.search(r'<link[^>]*href="(https?:)?//', body), path  # style sheets too
    assert "script-src 'self'" in SECURITY_HEADERS["content-security-policy"]
    assert "unsafe-eval" not in SECURITY_HEADERS["content-security-policy"]
    for asset in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        status, ctype, body = render(hand_db, f"/static/vendor/{asset}")
        assert status == 200 and "javascript" in ctype and len(body) > 10_000


def test_parameters_are_bound_not_spliced(hand_db):
    assert get_json(hand_db, "/quotes?speaker=%27%20OR%201%3D1%20--")["total"] == 0
    assert get_json(hand_db, "/quotes?q=%25")["total"] == 0  # LIKE wildcards are plain text
    assert get_json(hand_db, "/events?actor=x%27);DROP%20TABLE%20events;--")["total"] == 0
    assert get_json(hand_db, "/")["counts"]["events"] > 0


@pytest.mark.parametrize(("path", "status"), [
    ("/dyad/RUS/USA.json?by=year", 400), ("/events.json?limit=-1", 400), ("/events.json?since=2013-13", 400),
    ("/article/nope.json", 404), ("/actor/ZZZZZZ.json", 404), ("/event/1.json", 404),
    ("/event/nope/1.json", 404), ("/no/such/page.json", 404), ("/no/such/page", 404)])
def test_bad_requests_get_an_error(hand_db, path, status):
    got, ctype, body = render(hand_db, path)
    assert got == status
    if path.endswith(".json") or ".json?" in path:
        assert "error" in json.loads(body)
    else:
        assert ctype.startswith("text/html")


def test_the_database_is_opened_read_only(hand_db, tmp_path):
    before = os.stat(hand_db).st_mtime_ns
    render(hand_db, "/")
    assert os.stat(hand_db).st_mtime_ns == before
    with pytest.raises(StoreError):
        render(tmp_path / "missing.duckdb", "/")


def test_segment_handles_overlaps_and_bad_spans():
    text = "abcdefghij"
    pieces = segment(text, [make_span(0, 6, "quote", id="q1"), make_span(4, 9, "quote", id="q2"),
                            make_span(2, 3, "mention", badge={"text": "X", "href": None, "kind": "actor",
                                                              "title": ""}),
                            make_span(-1, 3, "speaker"), make_span(8, 50, "trigger"), make_span(5, 5, "src")])
    assert "".join(p["text"] for p in pieces) == text
    by_text = {p["text"]: p for p in pieces}
    assert by_text["ef"]["ids"]["quote"] == "q1 q2"
    assert by_text["c"]["badges"][0]["text"] == "X"
    assert by_text["j"]["classes"] == "trigger"


@pytest.mark.parametrize(("url", "ok"), [
    ("https://rt.com/a", True), ("http://x.org/?a=1&b=2", True), ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False), ("data:text/html,<script>", False), ("//evil.org/x", False),
    ("https://x.org/\"onmouseover=alert(1)", False), ("", False), (None, False)])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) == ok


def test_real_pipeline_seed_page(tmp_path):
    """The seed ingested by the real pipeline: whatever it finds, the page shows and the JSON gives."""
    from dyads.ingest import ingest_inputs

    from ..conftest import SEED

    db = str(tmp_path / "seed.duckdb")
    result = ingest_inputs([str(SEED)], db)
    assert result.added == 1
    with Store.open(db, read_only=True) as store:
        key = store.query("SELECT key FROM articles")["key"].iloc[0]
    status, _, body = render(db, f"/article/{key}")
    assert status == 200
    data = get_json(db, f"/article/{key}")
    assert "".join(p["text"] for p in data["pieces"]) == data["text"]
    assert data["text"].startswith("The remarks come after")
    for q in data["quotes"]:
        assert f'data-quote="{q["quote_id"]}"' in body
    for e in data["events"]:
        assert f'href="{e["href"]}"' in body
    assert any(q["speaker_name"] == "Sergey Lavrov" for q in data["quotes"])
    # the geo step's places and event locations reach the pages' maps: one point per located place
    with Store.open(db, read_only=True) as store:
        located = store.query("SELECT geo_name, count(*) AS n FROM events WHERE geo_lat IS NOT NULL "
                              "GROUP BY ALL")
        dyad = store.query("SELECT count(*) AS n FROM events WHERE starts_with(source_code, 'RUS') AND "
                           "starts_with(target_code, 'USA') AND NOT negated AND geo_lat IS NOT NULL")["n"].iloc[0]
    assert len(located) and {"Russia", "Washington"} <= set(located["geo_name"])
    assert {p["place"] for p in data["locations"]} >= set(located["geo_name"])
    assert sum(p["located_events"] for p in data["locations"]) == located["n"].sum()
    assert len(data["places"]) >= len(data["locations"]) and data["map"] is not None
    points = get_json(db, "/dyad/RUS/USA")["locations"]
    assert sum(p["reports"] for p in points) == dyad > 0
    for e in data["events"]:
        if e["geo_name"]:
            assert e["geo_name"] in {p["place"] for p in get_json(db, e["href"])["locations"]}


# -- maps --------------------------------------------------------------------------------------------

BASEMAP = "/static/vendor/countries-110m.json"


def _points(spec: dict) -> list[dict]:
    """The circles of a map spec: the values of its layer with inline data."""
    return next(layer["data"]["values"] for layer in spec["layer"] if "values" in layer.get("data", {}))


def test_dyad_map_has_one_point_per_place_sized_by_reports(hand_db):
    data = get_json(hand_db, "/dyad/RUS/USA")
    points = {p["label"]: p for p in data["locations"]}
    assert set(points) == {"Russia", "Syria", "Washington (DC, USA)", f"Russia{PAYLOAD_IMG} (RUS)"}
    # the seed's asylum (075) and rus-usa-2's praise (051) both took place in Russia
    assert (points["Russia"]["reports"], points["Russia"]["events"]) == (2, "051 COOPERATE, 075 AID")
    assert (points["Syria"]["reports"], points["Syria"]["quad"]) == (1, "verbal conflict")
    washington = points["Washington (DC, USA)"]
    assert (washington["events"], washington["precision"]) == ("040 CONSULT", "city")
    assert round(washington["lat"], 2) == 38.9 and round(washington["lon"], 2) == -77.04
    assert _points(data["map"]) == data["locations"]
    assert data["map"]["projection"]["type"] and data["map"]["layer"][-1]["encoding"]["size"]["field"] == "reports"
    # as many reports on the map as located, asserted RUS -> USA events in the store
    with Store.open(hand_db, read_only=True) as store:
        n = store.query("SELECT count(*) AS n FROM events WHERE starts_with(source_code, 'RUS') AND "
                        "starts_with(target_code, 'USA') AND NOT negated AND geo_lat IS NOT NULL")["n"].iloc[0]
    assert sum(p["reports"] for p in data["locations"]) == n == 5
    assert [p["label"] for p in get_json(hand_db, "/dyad/USA/RUS")["locations"]] == ["Ukraine"]
    assert get_json(hand_db, "/dyad/CHN/JPN")["map"] is None


def test_event_page_maps_its_reports(hand_db):
    key = key_of(seed_article())
    meeting = get_json(hand_db, f"/event/{key}/0")
    assert [(p["label"], p["reports"], p["events"]) for p in meeting["locations"]] == [
        ("Washington (DC, USA)", 1, "040 CONSULT")]
    assert meeting["reports"][0]["place"] == "Washington (DC, USA)"
    assert meeting["reports"][0]["geo_tie"] == "sentence"
    group = get_json(hand_db, meeting["group"]["href"])
    assert group["locations"] == meeting["locations"]
    unlocated = get_json(hand_db, f"/event/{key}/1")  # the statement names no place of its own
    assert unlocated["locations"] == [] and unlocated["map"] is None
    _, _, body = render(hand_db, f"/event/{key}/1")
    assert "No located events." in body and "vega" not in body


def test_article_page_lists_highlights_and_maps_its_places(hand_db):
    data = get_json(hand_db, "/article/seed")
    assert [p["text"] for p in data["places"]] == ["Washington", "Russia", "Moscow", "Moscow", "Syria"]
    for p in data["places"]:
        assert data["text"][p["start_char"]:p["end_char"]] == p["text"]
    points = {p["label"]: p for p in data["locations"]}
    assert (points["Moscow (RUS)"]["mentions"], points["Moscow (RUS)"]["quad"]) == (2, "no event")
    assert (points["Washington (DC, USA)"]["located_events"], points["Russia"]["events"]) == (1, "075 AID")
    assert data["map"]["layer"][-1]["encoding"]["size"]["field"] == "mentions"
    places = [p for p in data["pieces"] if "place" in p["classes"].split()]
    assert "".join(p["text"] for p in places) == "WashingtonRussiaMoscowMoscowSyria"
    _, _, body = render(hand_db, "/article/seed")
    assert 'title="place: Moscow (RUS), city"' in body and '<table class="places">' in body


def test_maps_load_the_basemap_from_static(hand_db):
    status, ctype, body = render(hand_db, BASEMAP)
    assert status == 200 and ctype.startswith("application/json")
    topo = json.loads(body)
    assert topo["type"] == "Topology" and len(topo["objects"]["countries"]["geometries"]) == 177
    for path in ("/dyad/RUS/USA", "/article/seed", "/event/" + key_of(seed_article()) + "/0"):
        _, _, html = render(hand_db, path)
        spec = json.loads(re.search(r'<script type="application/json" id="map-spec">(.*?)</script>', html,
                                    re.DOTALL)[1])
        urls = [layer["data"]["url"] for layer in spec["layer"] if "url" in layer.get("data", {})]
        assert urls == [BASEMAP], path  # the one file the map loads, from this server
        assert '<div class="chart" id="map"' in html and '<script src="/static/vendor/vega.min.js">' in html
        assert all(SCRIPT_TAG.fullmatch(s) for s in re.findall(r"<script[^>]*>", html)), path
    licence = (Path(__file__).parents[2] / "dyads" / "web" / "static" / "vendor" / "LICENSE-world-atlas").read_text()
    assert "Michael Bostock" in licence


def test_event_lists_carry_their_location(hand_db):
    events = get_json(hand_db, "/events")["events"]
    syria = next(e for e in events if e["article_id"] == "rus-usa-1")
    assert (syria["geo_name"], syria["geo_country"], syria["geo_precision"], syria["place"]) == (
        "Syria", "SYR", "country", "Syria")
    _, _, body = render(hand_db, "/events")
    assert '<td class="place" title="country, from the sentence">Syria</td>' in body
