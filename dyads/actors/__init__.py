"""Actor recognition, coreference and coding (see steps/actors.py for the step)."""
from __future__ import annotations

from ..models import Actor, Article


def resolve(article: Article, start: int, end: int, *, add: bool = True) -> Actor | None:
    """The actor that the text span [start, end) refers to.

    Looks for an actor whose mention overlaps the span; pronouns and titles resolve to the person
    the article named; a phrase no actor covers is coded on its own and, when `add` is true, added
    to `article.actors` as a new actor. None when the span names no actor at all.
    """
    return article.actor_at(start, end)
