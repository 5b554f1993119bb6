"""What the actor builder's parts share: the cluster record, the rule constants, the cached
gazetteer matches of a Doc."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Actor, Mention
from .coding import Hit, PhraseCode, scan
from .lexicon import Holder, Lexicon, fold
from .places import division_hits, extra_hits

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# Honorifics that may open a person entity ("Ms Okonkwo"): not part of the name.
NAME_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mme", "dr", "sir", "dame", "madam", "mx"})
# Entity labels read from spaCy.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# Group nouns too vague to be an actor unless a country or organisation qualifies them.
WEAK_GROUP_NOUNS = frozenset({"forces", "people", "public", "population", "women", "children", "victims", "business",
                              "industry", "media", "press", "daily", "radio", "television", "union", "party",
                              "court", "assembly", "workers", "students", "bank", "banks", "firm", "company",
                              "companies", "firms", "military", "administration", "leadership", "department",
                              "authority", "crowd", "crowds", "gang", "church", "hospital", "embassy", "consulate",
                              "delegation", "state", "states", "country", "countries", "nation", "nations"})
# Dependency labels of a capital city that make it an actor ("Moscow has warned", "Washington's efforts").
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent", "csubj"})
# Prepositions that make a country the place where things happen ("in Syria").
SETTING_PREPS = frozenset({"in", "at", "inside", "within", "throughout", "across"})
# Sectors of groups that take the country where they are; others take the country that acts.
PLACE_SECTORS = frozenset({"REB", "OPP", "CVL", "REF", "CRM", "REL", "EDU", "LAB", "HLH", "RAD"})
# Capitals that are also common words or names: taken only where spaCy calls them a place (GPE).
AMBIGUOUS_CAPITALS = frozenset({"victoria", "kingston", "georgetown", "santiago", "male", "lima", "nassau", "praia",
                                "washington", "lincoln", "hamilton", "valletta", "sucre", "la paz",
                                "bern", "bridgetown", "castries", "roseau", "apia", "moroni", "doha"})
# The article's main country: at least this many country names, and this share of them.
MAIN_COUNTRY_MIN = 3
MAIN_COUNTRY_LEAD = 2.0  # times the second country's count
# Words that make a title GOV only when no organisation is named with them ("a spokesperson" of a
# government, but "Sea-Eye spokesperson", "Acme chairman" are not officials).
GENERIC_STAFF_GOV = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokesmen", "official", "officials",
                               "chairman", "chairperson", "director-general", "director general", "secretary"})
# How far back (sentences) a definite person nominal ("the whistleblower") looks for its person.
NOMINAL_LOOKBACK = 3


@dataclass(slots=True)
class Cluster:
    key: str
    name: str
    type: str
    code: str = ""
    role: str = ""
    source: str = ""
    mentions: list[Mention] = field(default_factory=list)
    roles: list[tuple[str, PhraseCode]] = field(default_factory=list)  # (text, code) of its titles
    holders: list[Holder] = field(default_factory=list)
    offices: set[str] = field(default_factory=set)
    first_tok: int = 0
    actor: Actor | None = None  # the article's actor this cluster stands for (when resolving later)

    def add(self, text: str, start: int, end: int, kind: str) -> None:
        if not any(m.start < end and start < m.end for m in self.mentions):
            self.mentions.append(Mention(text, start, end, kind))


_HITS: dict[int, tuple[object, list[Hit]]] = {}
# Docs whose gazetteer matches are kept for later `resolve` calls.
HITS_CACHE_SIZE = 64


def doc_hits(doc, lex: Lexicon) -> list[Hit]:
    """The gazetteer matches of a Doc, computed once per Doc (resolve is called many times)."""
    got = _HITS.get(id(doc))
    if got is not None and got[0] is doc:
        return got[1]
    hits = scan(doc, lex)
    extra = extra_hits(doc, lex, hits)
    if extra:
        hits = sorted(hits + extra, key=lambda h: h.i)
    hits = division_hits(doc, hits)
    if len(_HITS) >= HITS_CACHE_SIZE:
        _HITS.pop(next(iter(_HITS)))
    _HITS[id(doc)] = (doc, hits)
    return hits


def _strip_span(doc, i: int, j: int, lex: Lexicon) -> tuple[int, int]:
    """Drop a trailing possessive or punctuation and leading determiners or titles from a name."""
    while j > i and (doc[j - 1].text in POSSESSIVE or doc[j - 1].is_punct or doc[j - 1].is_space):
        j -= 1
    while i < j and (doc[i].pos_ == "DET" or doc[i].is_punct or (fold(doc[i].text),) in lex.titles
                     or fold(doc[i].text).rstrip(".") in NAME_HONORIFICS and j - i > 1
                     or (fold(doc[i].text),) in lex.sector_words or not doc[i].text[:1].isupper()):
        i += 1
    return i, j
