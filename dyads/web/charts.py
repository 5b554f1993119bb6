"""Vega-Lite specs of the dashboard's charts, built from the rows a page's data already holds."""
from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier only; never fetched
WIDTH = 640
# CAMEO QuadClass: 1 verbal cooperation .. 4 material conflict; colours from cooperation (blue)
# to conflict (red).
QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
               4: "material conflict"}
QUAD_COLORS = {1: "#6baed6", 2: "#08519c", 3: "#fc9272", 4: "#cb181d"}


def _quad_scale() -> dict[str, Any]:
    return {"domain": list(QUAD_LABELS.values()), "range": list(QUAD_COLORS.values())}


def timeline_spec(rows: list[dict[str, Any]], means: list[dict[str, Any]], by: str) -> dict[str, Any]:
    """Events per period stacked by quad class, above the mean Goldstein score per period.

    `rows`: period, quad, events, goldstein_mean (one per period and quad class); `means`:
    period, events, goldstein_mean (one per period).
    """
    x = {"field": "period", "type": "ordinal", "title": by, "sort": "ascending"}
    return {
        "$schema": SCHEMA,
        "description": f"Events and mean Goldstein score per {by}, by QuadClass",
        "vconcat": [
            {"data": {"values": rows}, "width": WIDTH, "height": 180,
             "mark": {"type": "bar", "tooltip": True},
             "encoding": {
                 "x": x,
                 "y": {"field": "events", "type": "quantitative", "aggregate": "sum", "title": "events"},
                 "color": {"field": "quad", "type": "nominal", "title": "QuadClass",
                           "scale": _quad_scale()},
                 "tooltip": [{"field": "period"}, {"field": "quad"}, {"field": "events"},
                             {"field": "goldstein_mean", "title": "mean Goldstein"}]}},
            {"data": {"values": means}, "width": WIDTH, "height": 120,
             "layer": [
                 {"mark": {"type": "rule", "color": "#999"}, "encoding": {"y": {"datum": 0}}},
                 {"mark": {"type": "line", "point": True, "color": "#333", "tooltip": True},
                  "encoding": {
                      "x": x,
                      "y": {"field": "goldstein_mean", "type": "quantitative", "title": "mean Goldstein",
                            "scale": {"domain": [-10, 10]}},
                      "tooltip": [{"field": "period"}, {"field": "events"},
                                  {"field": "goldstein_mean", "title": "mean Goldstein"}]}}]},
        ],
    }


def mentions_spec(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Mentions per month as bars; `rows`: period, mentions, articles."""
    return {
        "$schema": SCHEMA,
        "description": "Mentions per month",
        "data": {"values": rows}, "width": WIDTH, "height": 140,
        "mark": {"type": "bar", "tooltip": True, "color": "#4a6fa5"},
        "encoding": {"x": {"field": "period", "type": "ordinal", "title": "month"},
                     "y": {"field": "mentions", "type": "quantitative"},
                     "tooltip": [{"field": "period"}, {"field": "mentions"}, {"field": "articles"}]},
    }


# The world basemap of the maps: world-atlas's Natural Earth 1:110m countries, served from /static
# (see static/README.md); nothing is fetched from elsewhere.
BASEMAP_URL = "/static/vendor/countries-110m.json"
MAP_HEIGHT = 340
MAP_PROJECTION = "equalEarth"
NO_EVENT = "no event"  # the colour of a place that no event is located at (article maps)
NO_EVENT_COLOR = "#969696"
UNKNOWN_QUAD = "unknown"  # a point whose events have no QuadClass
MIN_CIRCLE_AREA, CIRCLE_AREA_STEP, MAX_CIRCLE_AREA = 120, 60, 900  # square pixels


def map_spec(points: list[dict[str, Any]], *, size: str = "reports") -> dict[str, Any]:
    """Circles at `points` over the world basemap, sized by their field `size` and coloured by QuadClass.

    `points` (see `rows.location_points`): label, precision, lat, lon, the `size` field (reports,
    or on an article's map mentions), events (the events located there, as text) and quad (the
    most frequent QuadClass label, UNKNOWN_QUAD, or NO_EVENT for a place no event is located at).
    """
    present = {p["quad"] for p in points}
    colors = {**{QUAD_LABELS[k]: v for k, v in QUAD_COLORS.items()}, NO_EVENT: NO_EVENT_COLOR,
              UNKNOWN_QUAD: NO_EVENT_COLOR}
    domain = [q for q in colors if q in present]
    most = max((p[size] for p in points), default=1)
    largest = min(MAX_CIRCLE_AREA, MIN_CIRCLE_AREA + CIRCLE_AREA_STEP * most)  # one report: a small dot
    return {
        "$schema": SCHEMA,
        "description": f"Where the events happened: circles sized by {size}",
        "width": WIDTH, "height": MAP_HEIGHT,
        "projection": {"type": MAP_PROJECTION},
        "layer": [
            {"data": {"sphere": True}, "mark": {"type": "geoshape", "fill": "#f4f8fc", "stroke": "#c9d3de"}},
            {"data": {"url": BASEMAP_URL, "format": {"type": "topojson", "feature": "countries"}},
             "mark": {"type": "geoshape", "fill": "#e6e6e6", "stroke": "#ffffff", "strokeWidth": 0.5}},
            {"data": {"values": points},
             "mark": {"type": "circle", "tooltip": True, "opacity": 0.75, "stroke": "#1d2433",
                      "strokeWidth": 0.7},
             "encoding": {
                 "longitude": {"field": "lon", "type": "quantitative"},
                 "latitude": {"field": "lat", "type": "quantitative"},
                 "size": {"field": size, "type": "quantitative", "title": size,
                          "scale": {"domain": [0, most], "range": [0, largest]},
                          "legend": None if most <= 1 else {"format": "d", "tickMinStep": 1}},
                 "color": {"field": "quad", "type": "nominal", "title": "QuadClass",
                           "scale": {"domain": domain, "range": [colors[q] for q in domain]}},
                 "order": {"field": size, "sort": "descending"},
                 "tooltip": [{"field": "label", "title": "place"}, {"field": "precision"},
                             {"field": size}, {"field": "events"}]}},
        ],
    }
