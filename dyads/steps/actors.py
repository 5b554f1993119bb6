"""Find, link and code the actors of each article (dyads.actors does the work)."""
from __future__ import annotations

from ..actors import build_actors, load_user_actors
from ..models import Article, Drop
from ..registry import register
from .base import Step


@register("actors")
class ActorStep(Step):
    """Sets `article.actors` from `article.doc`: ids a1, a2, ... in order of first mention.

    `min_mentions`: actors with fewer mentions are left out (1 keeps every actor).
    `keep_unknown`: keep actors coded "---" with no sector (a name with nothing known about it).
    `extra_actors`: a CSV file of the user's own actors that extends or overrides the shipped
    dictionary (`name,code[,type,aliases,surname,office,role,start,end]`; see dyads/actors/user.py).
    """

    def __init__(self, *, min_mentions: int = 1, keep_unknown: bool = True, extra_actors: str | None = None) -> None:
        super().__init__()
        self.min_mentions = min_mentions
        self.keep_unknown = keep_unknown
        self.extra_actors = extra_actors
        if extra_actors:
            load_user_actors(extra_actors)

    def process(self, article: Article) -> Article | Drop:
        if article.doc is None:
            return Drop("not_parsed", "the actor step needs article.doc (run the parse step first)")
        actors = build_actors(article)
        kept = [a for a in actors if len(a.mentions) >= self.min_mentions
                and (self.keep_unknown or a.code != "---")]
        if len(kept) != len(actors):
            offices = article.extras.get("actor_offices", {})
            renamed = {}
            for n, a in enumerate(kept, 1):
                renamed[a.id] = f"a{n}"
                a.id = f"a{n}"
            article.extras["actor_offices"] = {renamed[k]: v for k, v in offices.items() if k in renamed}
        article.actors = kept
        self.stats["actors"] += len(kept)
        return article
