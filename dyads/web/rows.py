"""Store rows shaped for the dashboard: JSON-ready records, links between pages, evidence pieces."""
from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pandas as pd

from .charts import NO_EVENT, QUAD_LABELS, UNKNOWN_QUAD
from .highlight import make_span, segment

TIMESTAMP_COLUMNS = ("ingested_at", "date_added")  # shown with the time; other datetimes as dates
SAFE_SCHEMES = ("http", "https")  # the only URL schemes an article's original link may have

# Every column an event list or evidence table needs; `e` is events, `a` articles.
EVENT_SELECT = """
    SELECT e.article_key, e.seq, e.event_id, e.published AS date,
           e.source_text, e.source_code, coalesce(e.source_name, e.source_text) AS source_name,
           e.source_start, e.source_end,
           e.target_text, e.target_code, coalesce(e.target_name, e.target_text) AS target_name,
           e.target_start, e.target_end,
           e.cameo, e.plover, e.goldstein, e.quad_class, e.trigger, e.trigger_start, e.trigger_end,
           e.sentence, e.sentence_start, e.sentence_end, e.pattern_id, e.negated, e.mode,
           e.confidence, e.quote_id, a.id AS article_id, a.title, a.url,
           e.geo_name, e.geo_country, e.geo_admin1, e.geo_lat, e.geo_lon, e.geo_precision, e.geo_tie
    FROM events e JOIN articles a ON a.key = e.article_key"""
# The located events of a WHERE clause over `e` and `a`, counted per place and event type: the rows
# `location_points` takes.
LOCATION_SELECT = """
    SELECT e.geo_name, e.geo_country, e.geo_admin1, e.geo_precision, e.geo_lat, e.geo_lon,
           e.cameo, e.plover, e.quad_class, count(*) AS reports
    FROM events e JOIN articles a ON a.key = e.article_key"""
LOCATED = "e.geo_lat IS NOT NULL AND e.geo_lon IS NOT NULL AND isfinite(e.geo_lat) AND isfinite(e.geo_lon)"
MAP_EVENT_TYPES = 5  # event types a map point's tooltip names, most frequent first


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of `df` as JSON-ready dicts: dates as YYYY-MM-DD, NaN and NaT as None."""
    df = df.copy()
    for col in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            fmt = "%Y-%m-%dT%H:%M:%S" if col in TIMESTAMP_COLUMNS else "%Y-%m-%d"
            df[col] = df[col].dt.strftime(fmt)
        elif df[col].dtype == object:
            df[col] = df[col].map(lambda v: list(v) if hasattr(v, "tolist") and not isinstance(v, str) else v)
    return json.loads(df.to_json(orient="records", force_ascii=False))


def _path(*parts: Any) -> str:
    return "/" + "/".join(quote(str(p), safe="") for p in parts)


def actor_href(value: str | None) -> str | None:
    """The actor page of a code or a name; None for an empty value."""
    return _path("actor", value) if value and str(value).strip() else None


def dyad_href(src: str | None, tgt: str | None) -> str | None:
    return _path("dyad", src, tgt) if src and tgt else None


def article_href(key: str) -> str:
    return _path("article", key)


def event_href(article_key: str, seq: int) -> str:
    return _path("event", article_key, int(seq))


def group_href(group_id: int) -> str:
    return _path("event", int(group_id))


def query_href(path: str, **params: Any) -> str:
    """`path` with the non-empty `params` as its query string."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


def safe_url(url: str | None) -> str | None:
    """`url` when it is an http(s) URL that can be linked to; None otherwise (javascript:, data:...)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc or re.search(r"[\s<>\"']", url.strip()):
        return None
    return url.strip()


def event_rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    """`EVENT_SELECT` rows with links, a quad-class label and `evidence`: the sentence in pieces.

    Evidence pieces mark the source words (`src`), the target words (`tgt`) and the trigger.
    """
    rows = records(df)
    for r in rows:
        spans = [make_span(r["source_start"], r["source_end"], "src", title=f"source: {r['source_code'] or '?'}"),
                 make_span(r["target_start"], r["target_end"], "tgt", title=f"target: {r['target_code'] or '?'}"),
                 make_span(r["trigger_start"], r["trigger_end"], "trigger", title=f"CAMEO {r['cameo']}")]
        r["evidence"] = segment(r["sentence"] or "", spans, base=r["sentence_start"] or 0)
        r["quad"] = QUAD_LABELS.get(r["quad_class"], "")
        r["href"] = event_href(r["article_key"], r["seq"])
        r["article_href"] = article_href(r["article_key"])
        r["source_href"] = actor_href(r["source_code"])
        r["target_href"] = actor_href(r["target_code"])
        r["dyad_href"] = dyad_href(r["source_code"], r["target_code"])
        r["place"] = place_label(r["geo_name"], r["geo_admin1"], r["geo_country"], r["geo_precision"])
    return rows


def place_label(name: str | None, admin1: str | None, country: str | None, precision: str | None) -> str:
    """"Paris (TX, USA)", "Kabul (AFG)", "Russia": how a location is named on a page; "" for none."""
    if not name or precision == "country":
        return name or country or ""
    state = admin1 if country == "USA" and precision == "city" else None  # US state codes are known
    where = [x for x in (state, country) if x]
    return f"{name} ({', '.join(where)})" if where else name


def location_points(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Map points from LOCATION_SELECT-shaped rows (geo_* columns, cameo, plover, quad_class, reports):
    one per place, most reports first. A point: place, label, country, admin1, precision, lat, lon,
    reports, events ("040 CONSULT ×2, 111 ACCUSE") and quad (its most frequent QuadClass label)."""
    by_place: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        lat, lon = r.get("geo_lat"), r.get("geo_lon")
        if lat is None or lon is None:
            continue
        key = (r["geo_name"], r["geo_country"], r["geo_admin1"], round(lat, 4), round(lon, 4))
        p = by_place.setdefault(key, {
            "place": r["geo_name"] or r["geo_country"] or "",
            "label": place_label(r["geo_name"], r["geo_admin1"], r["geo_country"], r["geo_precision"]),
            "country": r["geo_country"], "admin1": r["geo_admin1"], "precision": r["geo_precision"],
            "lat": round(lat, 4), "lon": round(lon, 4), "reports": 0, "_types": {}, "_quads": {}})
        n = int(r.get("reports") or 1)
        p["reports"] += n
        kind = " ".join(x for x in (r.get("cameo"), r.get("plover")) if x)
        p["_types"][kind] = p["_types"].get(kind, 0) + n
        quad = QUAD_LABELS.get(r.get("quad_class"), "")
        p["_quads"][quad] = p["_quads"].get(quad, 0) + n
    points = []
    for p in by_place.values():
        types = sorted(p.pop("_types").items(), key=lambda kv: (-kv[1], kv[0]))
        quads = sorted(p.pop("_quads").items(), key=lambda kv: (-kv[1], kv[0]))
        shown = [f"{k} ×{n}" if n > 1 else k for k, n in types[:MAP_EVENT_TYPES] if k]
        if len(types) > MAP_EVENT_TYPES:
            shown.append(f"{len(types) - MAP_EVENT_TYPES} more")
        p["events"] = ", ".join(shown)
        p["quad"] = quads[0][0] if quads and quads[0][0] else UNKNOWN_QUAD
        points.append(p)
    points.sort(key=lambda p: (-p["reports"], p["label"]))
    return points


def quote_rows(df: pd.DataFrame, terms: list[str] | None = None) -> list[dict[str, Any]]:
    """Quote rows with links and `pieces`: the quote with the search `terms` marked as `hit`."""
    rows = records(df)
    for r in rows:
        text = r["text"] or ""
        low = text.lower()
        spans = []
        for t in terms or []:
            start = low.find(t.lower())
            while start >= 0 and t:
                spans.append(make_span(start, start + len(t), "hit"))
                start = low.find(t.lower(), start + len(t))
        r["pieces"] = segment(text, spans)
        r["article_href"] = article_href(r["article_key"])
        r["speaker_href"] = actor_href(r["speaker_name"] or r["speaker_code"])
    return rows


def article_rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Article list rows with links; `url_href` is the original URL when it is safe to link to."""
    rows = records(df)
    for r in rows:
        r["href"] = article_href(r["key"])
        r["url_href"] = safe_url(r.get("url"))
    return rows


def article_locations(places: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An article's map points: one per resolved place, with `mentions` (of it in the text),
    `located_events` and the events located there (`events`, `quad`; NO_EVENT where none is)."""
    points = location_points([{"geo_name": p["name"], "geo_country": p["country"], "geo_admin1": p["admin1"],
                                "geo_precision": p["precision"], "geo_lat": p["lat"], "geo_lon": p["lon"],
                                "reports": 1} for p in places])
    by_key = {(p["place"], p["lat"], p["lon"]): p for p in points}
    for e in location_points([{**e, "reports": 1} for e in events]):
        p = by_key.get((e["place"], e["lat"], e["lon"]))
        if p is None:  # a location that is none of the article's places (not written by the geo step)
            p = by_key[(e["place"], e["lat"], e["lon"])] = {**e, "reports": 0}
            points.append(p)
        p.update(events=e["events"], quad=e["quad"], located_events=e["reports"])
    for p in points:
        p["mentions"] = p.pop("reports")
        if "located_events" not in p:
            p.update(events="", quad=NO_EVENT, located_events=0)
    return points
