"""Find the actors of one article: names, titles, groups, countries and metonyms, linked within the
article (surname -> full name, title -> the person with that office) and coded.

Order of work: person names (spaCy PERSON plus the article's surnames wherever they occur), their
titles and appositives, their codes (text first, then the dated dictionary); then noun phrases that
are titles, person nominals or groups; then the remaining gazetteer names (countries, capitals,
metonyms, IGOs, organisations) and other ORG entities. Persons are in persons.py, phrases and names
in phrases.py; this file holds the shared state and the context rules (which country a phrase that
names none belongs to).
"""
from __future__ import annotations

from ..models import Actor, Article
from .coding import Hit, negated, public_code
from .common import (
    ACTOR_DEPS,
    HITS_CACHE_SIZE,
    MAIN_COUNTRY_LEAD,
    MAIN_COUNTRY_MIN,
    SETTING_PREPS,
    Cluster,
    doc_hits,
)
from .lexicon import Lexicon, fold, load, words
from .persons import PersonsMixin
from .phrases import PhrasesMixin
from .places import dated_hits

_DATED: dict[tuple[int, str], tuple[object, list[Hit]]] = {}


def _dated_doc_hits(doc, lex, date: str) -> list[Hit]:
    """dated_hits of the Doc's gazetteer matches, once per Doc and date: `resolve` builds a Builder for
    every phrase it codes, and reading each hit's sentence again costs more than the rest of the call."""
    got = _DATED.get((id(doc), date))
    if got is not None and got[0] is doc:
        return list(got[1])
    hits = dated_hits(doc_hits(doc, lex), doc, date)
    if len(_DATED) >= HITS_CACHE_SIZE:
        _DATED.pop(next(iter(_DATED)))
    _DATED[(id(doc), date)] = (doc, hits)
    return list(hits)


class Builder(PersonsMixin, PhrasesMixin):
    def __init__(self, article: Article, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load()
        self.article = article
        self.doc = article.doc
        self.date = (article.published or "")[:10]
        self.clusters: dict[str, Cluster] = {}
        self.taken: set[int] = set()  # tokens inside an actor mention already made
        self.hits: list[Hit] = _dated_doc_hits(self.doc, self.lex, self.date)
        self.hit_at = {k: h for h in self.hits for k in range(h.i, h.j)}
        self.ents = tuple(self.doc.ents)  # spaCy makes the list anew on every read of doc.ents
        self.person_tok: dict[int, str] = {}  # token -> person cluster key
        self.acronyms: dict[tuple[str, str], str] = {}  # (code, acronym) -> key of the name it abbreviates
        self._main: str | None = None

    # ------------------------------------------------------------------ helpers
    def cluster(self, key: str, name: str, type_: str, first_tok: int) -> Cluster:
        c = self.clusters.get(key)
        if c is None:
            c = self.clusters[key] = Cluster(key, name, type_, first_tok=first_tok)
        return c

    def mention(self, c: Cluster, i: int, j: int, kind: str) -> None:
        doc = self.doc
        c.add(doc[i:j].text, doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text), kind)
        self.taken.update(range(i, j))
        c.first_tok = min(c.first_tok, i)

    def setting_country(self, tok_i: int, prefer: str = "place", *, titles: bool = False, person: bool = False) -> str:
        """The one country the sentence of `tok_i` is about, or "". With several, `prefer` "actor"
        takes the one that acts (subject, possessor: whose officials these are), "place" the one
        where things happen (in X, an adjective of a thing: "the Syrian civil war"). For a `person`,
        countries that belong to something else than the person are left out (see persons.py,
        `_places_person`)."""
        sent = self.doc[tok_i].sent
        others = set() if titles else self._other_person_tokens(tok_i)
        found = [h for h in self.hits if sent.start <= h.i < sent.end
                 and (h.entry.kind in ("country", "adjective", "demonym", "capital", "place") or self._names_country(h))
                 and h.i != tok_i
                 and h.i not in self.person_tok  # "Nikki Holland" names no country
                 and h.i not in others  # "South African leader F.W. de Klerk": his country, not the sentence's
                 and not negated(h, self.doc[max(sent.start, h.i - 2):h.j])  # "anti-Syria journalist"
                 and (not person or self._places_person(h, tok_i))]
        isos = {h.entry.code[:3] for h in found}
        if len(isos) == 1 and prefer != "subject":
            return isos.pop()
        actors = {h.entry.code[:3] for h in found if self._actor_position(self.doc[h.j - 1])}
        places = {h.entry.code[:3] for h in found if self._is_setting(h)}
        for group in {"actor": (actors, places), "place": (places,), "subject": (actors,)}.get(prefer, ()):
            if len(group) == 1:
                return next(iter(group))
        return ""

    def _names_country(self, h: Hit) -> bool:
        """An organisation whose listed name holds its country's name ("National Union for the Total
        Independence of Angola"): it names that country as the country name itself would."""
        if h.entry.kind != "org" or h.entry.code.startswith(("IGO", "NGO", "IMG", "---")):
            return False
        name = self.lex.country_names.get(h.entry.code[:3], "")
        return bool(name) and f" {fold(name)} " in f" {' '.join(words(self.doc[h.i:h.j].text))} "

    def _other_person_tokens(self, tok_i: int) -> set[int]:
        """Tokens of the titles of persons other than the one holding token `tok_i`."""
        doc, out = self.doc, set()
        at = doc[tok_i].idx
        for c in self.clusters.values():
            if c.type != "PER" or any(m.start <= at < m.end for m in c.mentions):
                continue
            for m in c.mentions:
                if m.kind == "title":
                    out.update(t.i for t in doc.char_span(m.start, m.end, alignment_mode="expand") or ())
        return out

    def context(self, tok_i: int, prefer: str, *, group: bool = False, person: bool = False) -> tuple[str, str]:
        """A country for a phrase that names none: the sentence's (see setting_country; "article"
        skips it), else the article's main country. Returns (code, why) or ("", "").
        A group (`group`) also takes a country named only in a person's title when the sentence names
        no other ("Islamic fundamentalists demand the resignation of Algerian President Ben Bella")."""
        main = self.main_country()
        if group and prefer != "article" and not self.setting_country(tok_i, "place"):
            country = self.setting_country(tok_i, "place", titles=True)
            if country and not main:
                return country, "country of the sentence (a title)"
        if prefer == "actor":  # officials, parliaments: whose they are, not where they are
            country = self.setting_country(tok_i, "subject", person=person)
            if country:
                return country, "country of the sentence"
            if main:
                return main, "main country of the article"
        if prefer != "article":
            country = self.setting_country(tok_i, "place" if prefer == "place" else "only", person=person)
            if country:
                return country, "country of the sentence"
        return (main, "main country of the article") if main else ("", "")

    def main_country(self) -> str:
        """The country the article's country names point to most: at least MAIN_COUNTRY_MIN of them
        and MAIN_COUNTRY_LEAD times as many as the next country; "" when none dominates."""
        if self._main is None:
            counts: dict[str, int] = {}
            for h in self.hits:
                if h.entry.kind in ("country", "adjective", "demonym", "capital", "metonym") \
                        and not h.entry.code.startswith(("IGO", "NGO", "IMG", "---")) and h.i not in self.person_tok:
                    counts[h.entry.code[:3]] = counts.get(h.entry.code[:3], 0) + 1
            ranked = sorted(counts.values(), reverse=True) + [0]
            best = max(counts, key=counts.get) if counts else ""
            ok = best and counts[best] >= MAIN_COUNTRY_MIN and counts[best] >= MAIN_COUNTRY_LEAD * ranked[1]
            self._main = best if ok else ""
        return self._main

    def _is_setting(self, h: Hit) -> bool:
        t = self.doc[h.j - 1]
        if h.entry.kind == "adjective":
            head = t.head
            return (head.i not in self.taken and head.pos_ == "NOUN"
                    and (fold(head.lemma_),) not in self.lex.sector_words
                    and fold(head.lemma_) not in self.lex.actor_nouns)
        return t.dep_ == "pobj" and fold(t.head.text) in SETTING_PREPS

    def last_country_before(self, tok_i: int) -> str:
        prior = [h for h in self.hits if h.j <= tok_i and h.entry.kind in ("country", "capital", "demonym", "place")]
        return prior[-1].entry.code if prior else ""

    def last_mention_before(self, clusters: list[Cluster], tok_i: int) -> Cluster | None:
        start = self.doc[tok_i].idx
        best, best_pos = None, -1
        for c in clusters:
            for m in c.mentions:
                if m.start < start and m.start > best_pos:
                    best, best_pos = c, m.start
        return best

    def _actor_position(self, t) -> bool:
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ in ACTOR_DEPS:
            return True
        if t.dep_ != "pobj" or fold(t.head.text) not in self.lex.actor_preps:
            return False
        # "the country's border with Mexico", "a war against Iraq": the other party of a thing, not
        # one that acts ("by" names the agent wherever it stands)
        return fold(t.head.text) == "by" or t.head.head.pos_ != "NOUN"

    # ------------------------------------------------------------------ result
    def actors(self) -> list[Actor]:
        out = []
        for c in self.clusters.values():
            if not c.mentions:
                continue
            c.mentions.sort(key=lambda m: m.start)
            out.append(c)
        out.sort(key=lambda c: c.mentions[0].start)
        return [Actor(id=f"a{n}", name=c.name, code=public_code(c.code) or "---", type=c.type, role=c.role, source=c.source,
                      mentions=list(c.mentions)) for n, c in enumerate(out, 1)]

    def build(self) -> list[Actor]:
        self.persons()
        self.person_titles()
        self.code_persons()
        self.noun_phrases()
        self.names()
        return self.actors()


def build_actors(article: Article) -> list[Actor]:
    """The actors of `article` (its `doc` must be parsed), ids a1, a2, ... in order of first mention."""
    if article.doc is None:
        return []
    b = Builder(article)
    actors = b.build()
    by_first = {c.mentions[0].start: c for c in b.clusters.values() if c.mentions}
    article.extras["actor_offices"] = {a.id: sorted(by_first[a.mentions[0].start].offices) for a in actors
                                       if a.type == "PER" and by_first[a.mentions[0].start].offices}
    return actors
