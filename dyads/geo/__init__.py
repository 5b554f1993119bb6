"""Offline geolocation: place mentions resolved to GeoNames entries (see README.md), and the action
location of each event. `geolocate(article)` does both; steps/geo.py is the pipeline step."""
from __future__ import annotations

from .disambiguate import event_location, place_record, resolve_mentions
from .gazetteer import Gazetteer, Place, load_gazetteer


def geolocate(article, gz: Gazetteer | None = None) -> tuple[list[dict], dict[str, dict]]:
    """(places, event places by event id) of a parsed article whose actors and events are known."""
    places = [place_record(m) for m in resolve_mentions(article, gz) if m.place is not None]
    events = {}
    for e in article.events:
        loc = event_location(article, e, places)
        if loc is not None:
            events[e.id] = loc
    return places, events


__all__ = ["Gazetteer", "Place", "geolocate", "load_gazetteer"]
