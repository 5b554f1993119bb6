"""Tests of dyads/export.py and `dyads export` on hand-built articles (no NLP is run)."""
from __future__ import annotations

import csv
import json

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from dyads.cli import main
from dyads.export import (
    GDELT_COLUMNS,
    ExportError,
    action_geo_cells,
    export,
    gdelt_frame,
    plover_location,
    plover_records,
)
from dyads.schema import DATA_TABLES
from dyads.store import Store

from .test_aggregate import three_reports
from .test_store import other_articles, seed_article

# The GDELT 2.0 event table's header, as the GDELT Event Codebook V2.0 lists it.
GDELT_HEADER = """GlobalEventID Day MonthYear Year FractionDate Actor1Code Actor1Name Actor1CountryCode
Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code
Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode
Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code IsRootEvent EventCode
EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone Actor1Geo_Type
Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long
Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code
Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type ActionGeo_FullName
ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID
DATEADDED SOURCEURL""".split()  # noqa: SIM905


# GeoNames entries: name, id, ISO alpha-3, admin1 code, lat, lon, feature, precision
JERUSALEM = ("Jerusalem", 281184, "ISR", "06", 31.76904, 35.21633, "P.PPLC", "city")
ISRAEL = ("Israel", 294640, "ISR", "", 31.76904, 35.21633, "A.PCLI", "country")


def locate(article, words: str, entry: tuple):
    """`article` with its first event located at `entry`, found as `words` (any case) in its text."""
    name, gid, iso3, admin1, lat, lon, feature, precision = entry
    start = article.text.lower().index(words.lower())
    place = {"text": article.text[start:start + len(words)], "start": start, "end": start + len(words),
             "name": name, "id": gid, "country": iso3, "admin1": admin1, "admin1_name": "", "lat": lat,
             "lon": lon, "feature": feature, "precision": precision, "population": 0, "via": "gazetteer"}
    article.extras.update(places=[place], event_places={article.events[0].id: {**place, "tie": "sentence"}})
    return article


def articles() -> list:
    """The store tests' articles and the three arrest reports; the arrest is located in Jerusalem by
    three of its four reports and in Israel by the fourth."""
    arts = [seed_article(), *other_articles(), *three_reports()]
    for a in arts:
        if a.id in ("il-0924", "wire-1", "yahoo-1"):
            locate(a, "Jerusalem", JERUSALEM)
        elif a.id == "toi-1":
            locate(a, "Israel", ISRAEL)
    return arts


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "dyads.duckdb"
    with Store.open(path) as s:
        s.write(articles())
        s.record_failures([])
    return path


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_table_exports_read_back_equal_to_the_tables(db, tmp_path, fmt):
    out = tmp_path / fmt
    result = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.{fmt}" for t in DATA_TABLES)
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in DATA_TABLES:
            types = dict(con.execute(f"SELECT column_name, data_type FROM information_schema.columns "
                                     f"WHERE table_name = '{table}' ORDER BY ordinal_position").fetchall())
            path = str(out / f"{table}.{fmt}")
            if fmt == "parquet":
                back = con.execute(f"SELECT * FROM read_parquet('{path}') ORDER BY ALL").df()
            elif fmt == "csv":
                spec = ", ".join(f"'{c}': '{t}'" for c, t in types.items())
                back = con.execute(f"SELECT * FROM read_csv('{path}', header = true, allow_quoted_nulls = false, "
                                   f"columns = {{{spec}}}) "
                                   "ORDER BY ALL").df()
            else:
                spec = ", ".join(f"{c}: '{t}'" for c, t in types.items())
                back = con.execute(f"SELECT * FROM read_json('{path}', format = 'newline_delimited', "
                                   f"columns = {{{spec}}}) ORDER BY ALL").df()
            stored = con.execute(f"SELECT * FROM {table} ORDER BY ALL").df()
            assert list(back.columns) == list(types)
            pd.testing.assert_frame_equal(back, stored, obj=f"{table}.{fmt}")
    finally:
        con.close()


def test_gdelt_export_loads_with_the_gdelt_header(db, tmp_path):
    assert list(GDELT_COLUMNS) == GDELT_HEADER and len(GDELT_COLUMNS) == 61
    out = tmp_path / "events.gdelt.tsv"
    result = CliRunner().invoke(main, ["export", "--format", "gdelt", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    df = pd.read_csv(out, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    assert list(df.columns) == GDELT_HEADER
    with Store.open(db, read_only=True) as s:
        assert len(df) == s.counts()["event_groups"]
    arrest = df[(df["Actor1Code"] == "ISRCOP") & (df["EventCode"] == "173")].iloc[0]
    assert (arrest["NumMentions"], arrest["NumSources"], arrest["NumArticles"]) == ("4", "3", "4")
    assert (arrest["Day"], arrest["MonthYear"], arrest["Year"]) == ("20190924", "201909", "2019")
    assert arrest["FractionDate"] == "2019.8055"  # GDELT: year + (month * 30 + day) / 365
    assert (arrest["Actor1CountryCode"], arrest["Actor1Type1Code"], arrest["Actor2Code"]) == ("ISR", "COP",
                                                                                             "PSECVL")
    assert arrest["Actor1Name"] == "JERUSALEM POLICE"
    assert (arrest["EventBaseCode"], arrest["EventRootCode"], arrest["QuadClass"]) == ("173", "17", "4")
    assert float(arrest["GoldsteinScale"]) == -5.0 and float(arrest["AvgTone"]) < 0
    assert arrest["IsRootEvent"] == "1" and len(arrest["DATEADDED"]) == 14
    assert arrest["Actor1Geo_FullName"] == "" and arrest["Actor1EthnicCode"] == ""
    # the action location three of the four reports give: a world city, FIPS country and ADM1 codes
    geo = {c: arrest[f"ActionGeo_{c}"] for c in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code",
                                                  "Lat", "Long", "FeatureID")}
    assert geo == {"Type": "4", "FullName": "Jerusalem, Israel", "CountryCode": "IS", "ADM1Code": "IS06",
                   "ADM2Code": "", "Lat": "31.7690", "Long": "35.2163", "FeatureID": "281184"}
    assert (df[df["Actor1Code"] != "ISRCOP"]["ActionGeo_Type"] == "").all()  # no place, no location
    igo = df[df["Actor2Code"].str.startswith("---")]
    assert (igo["Actor2CountryCode"] == "").all() and (igo["Actor2Type1Code"] == "GOV").all()
    # without a header line, as GDELT publishes its files
    bare = tmp_path / "bare.tsv"
    with Store.open(db, read_only=True) as s:
        export(s, "gdelt", bare, header=False)
        frame = gdelt_frame(s)
    back = pd.read_csv(bare, sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False,
                       header=None, names=GDELT_HEADER)
    pd.testing.assert_frame_equal(back, frame.reset_index(drop=True))


def test_plover_export(db, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    result = CliRunner().invoke(main, ["export", "--format", "plover", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with Store.open(db, read_only=True) as s:
        assert recs == plover_records(s)
        n = s.query("SELECT count(*) AS n FROM event_groups WHERE coalesce(plover, '') <> ''")["n"][0]
    assert len(recs) == n
    for r in recs:
        assert {"id", "date", "source", "recipient", "event", "event_type", "mode", "context", "text",
                "reports"} <= set(r)
        assert r["event"] == [r["event_type"]] and r["reports"]
        for rep in r["reports"]:
            assert rep["trigger"] in rep["sentence"]
    arrest = next(r for r in recs if r["cameo"] == "173" and r["source"][0]["code"] == "ISR")
    assert arrest["event_type"] == "COERCE" and arrest["quad_code"] == 4
    assert arrest["source"] == [{"code": "ISR", "sector": "COP", "actor_text": "Jerusalem police"}]
    assert arrest["recipient"][0]["code"] == "PSE" and arrest["date"] == "2019-09-24"
    assert arrest["enddate"] == "2019-09-25" and arrest["num_articles"] == 4
    assert arrest["event_loc"] == {"geonameid": 281184, "name": "Jerusalem", "latitude": 31.76904,
                                   "longitude": 35.21633, "feature class": "P", "feature code": "PPLC",
                                   "country code": "IL", "cc3": "ISR", "admin1 code": "06", "precision": "city"}
    assert all(r["event_loc"] is None for r in recs if r is not arrest)
    assert {rep["article_id"] for rep in arrest["reports"]} == {"il-0924", "wire-1", "yahoo-1", "toi-1"}


def test_action_geo_cells_follow_gdelt_types():
    paris_tx = {"name": "Paris", "country": "USA", "admin1": "TX", "lat": 33.66094, "lon": -95.55551,
                "precision": "city", "geonameid": 4717560}
    assert action_geo_cells(paris_tx) == {
        "Type": "3", "FullName": "Paris, Texas, United States", "CountryCode": "US", "ADM1Code": "USTX",
        "ADM2Code": "", "Lat": "33.6609", "Long": "-95.5555", "FeatureID": "4717560"}
    texas = {"name": "Texas", "country": "USA", "admin1": "TX", "lat": 31.0, "lon": -99.0, "precision": "admin1"}
    assert (action_geo_cells(texas)["Type"], action_geo_cells(texas)["FeatureID"]) == ("2", "USTX")
    russia = {"name": "Russia", "country": "RUS", "admin1": "", "lat": 55.75, "lon": 37.62, "precision": "country"}
    cells = action_geo_cells(russia)
    assert (cells["Type"], cells["FullName"], cells["CountryCode"], cells["ADM1Code"], cells["FeatureID"]) == (
        "1", "Russia", "RS", "RS", "RS")
    kabul = {"name": "Kabul", "country": "AFG", "admin1": "13", "lat": 34.5, "lon": 69.2, "precision": "city"}
    assert (action_geo_cells(kabul)["Type"], action_geo_cells(kabul)["ADM1Code"]) == ("4", "AF13")
    assert set(action_geo_cells(None).values()) == {""} and plover_location(None) is None
    assert plover_location(russia) == {"name": "Russia", "latitude": 55.75, "longitude": 37.62,
                                       "country code": "RU", "cc3": "RUS", "precision": "country"}


def test_export_errors(db, tmp_path):
    with Store.open(db, read_only=True) as s:
        with pytest.raises(ExportError, match="unknown export format"):
            export(s, "xml", tmp_path / "x")
        (tmp_path / "afile").write_text("x")
        with pytest.raises(ExportError, match="is a file"):
            export(s, "parquet", tmp_path / "afile")
        with pytest.raises(ExportError, match="is a folder"):
            export(s, "gdelt", tmp_path)
    missing = CliRunner().invoke(main, ["export", "--format", "csv", "-o", str(tmp_path / "o"),
                                        "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code != 0 and "no database" in missing.output


def test_event_queries_carry_the_action_location(db):
    from dyads import queries

    with Store.open(db, read_only=True) as s:
        events = queries.events(s, actor="ISRCOP", limit=None)
        groups = queries.event_groups(s, actor="ISRCOP")
        other = queries.event_groups(s, actor="RUS")
    assert sorted(events["geo_name"]) == ["Israel", "Jerusalem", "Jerusalem", "Jerusalem"]
    assert set(events["geo_country"]) == {"ISR"} and set(events["geo_precision"]) == {"city", "country"}
    arrest = groups[groups["cameo"] == "173"].iloc[0]
    assert (arrest["geo_name"], arrest["geo_admin1"], arrest["geo_precision"]) == ("Jerusalem", "06", "city")
    assert round(arrest["geo_lat"], 3) == 31.769 and other["geo_name"].isna().all()
