"""Grammatical gender of a person actor, so that "he" and "she" find the right antecedent.

Evidence, strongest first: an honorific before one of the person's names ("Mr Johnson", "Ms Cengiz"),
a gendered word in the person's titles or descriptions ("spokeswoman", "Dunn's mother", "the King"),
then the first given name (data/actors/first_names.tsv: names borne almost only by one sex). Returns
"M", "F" or "" (unknown, or the evidence disagrees).
"""
from __future__ import annotations

from functools import lru_cache

from ..models import Actor
from .lexicon import fold, tsv_rows

# Words right before a name that give its bearer's sex.
HONORIFICS = {"mr": "M", "mr.": "M", "sir": "M", "lord": "M", "king": "M", "prince": "M", "emir": "M",
              "sultan": "M", "sheikh": "M", "ayatollah": "M", "pope": "M", "father": "M", "brother": "M",
              "mrs": "F", "mrs.": "F", "ms": "F", "ms.": "F", "miss": "F", "madam": "F", "madame": "F",
              "dame": "F", "lady": "F", "queen": "F", "princess": "F", "baroness": "F", "sister": "F"}
# Gendered nouns in a person's titles, appositions or descriptions.
ROLE_WORDS = {"spokesman": "M", "spokeswoman": "F", "chairwoman": "F", "businessman": "M",
              "businesswoman": "F", "congressman": "M", "congresswoman": "F", "policeman": "M",
              "policewoman": "F", "mother": "F", "father": "M", "wife": "F", "husband": "M", "son": "M",
              "daughter": "F", "brother": "M", "sister": "F", "widow": "F", "widower": "M",
              "grandmother": "F", "grandfather": "M", "uncle": "M", "aunt": "F", "nephew": "M",
              "niece": "F", "boy": "M", "girl": "F", "man": "M", "woman": "F", "king": "M", "queen": "F",
              "prince": "M", "princess": "F", "actress": "F", "fiancee": "F", "fiance": "M", "nun": "F",
              "monk": "M", "emir": "M", "sultan": "M", "duke": "M", "duchess": "F", "girlfriend": "F",
              "boyfriend": "M", "stepmother": "F", "stepfather": "M", "heiress": "F", "countess": "F"}
# Hyphenated given names whose first part gives the sex (French usage).
COMPOUND_GIVEN_NAMES = (("jean-", "M"), ("marie-", "F"), ("anne-", "F"))
# Pronouns and the sex they ask for.
PRONOUN_GENDER = {"he": "M", "him": "M", "his": "M", "himself": "M",
                  "she": "F", "her": "F", "hers": "F", "herself": "F"}


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    return {fold(name): sex for name, sex in tsv_rows("first_names.tsv", 2)}


def _vote(found: set[str]) -> str:
    return next(iter(found)) if len(found) == 1 else ""


def person_gender(actor: Actor, text: str) -> str:
    """ "M", "F" or "" for a person actor of an article whose text is `text` (an Actor, or anything
    with its `type`, `name`, `role` and `mentions`, such as the builder's clusters)."""
    if actor.type != "PER":
        return ""
    honour: set[str] = set()
    roles: set[str] = set()
    for m in actor.mentions:
        if m.kind in ("name", "surname"):
            before = text[max(0, m.start - 12):m.start].split()
            if before and fold(before[-1]) in HONORIFICS:
                honour.add(HONORIFICS[fold(before[-1])])
        elif m.kind in ("title", "nominal"):
            roles.update(ROLE_WORDS[w] for w in fold(m.text).replace(",", " ").split() if w in ROLE_WORDS)
    roles.update(ROLE_WORDS[w] for w in fold(actor.role).replace(",", " ").split() if w in ROLE_WORDS)
    for found in (honour, roles):
        if found:
            return _vote(found)
    first = fold(actor.name).split()[:1]
    if not first:
        return ""
    for prefix, sex in COMPOUND_GIVEN_NAMES:  # Jean-Pierre, Marie-Claire
        if first[0].startswith(prefix) and len(first[0]) > len(prefix):
            return sex
    return first_names().get(first[0], "")
