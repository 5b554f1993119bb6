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
