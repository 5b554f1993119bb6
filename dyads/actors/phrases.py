"""Noun phrases (titles, described persons, groups) and gazetteer names (countries, capitals,
metonyms, IGOs, organisations) and other ORG entities."""
from __future__ import annotations

import re
from itertools import pairwise

from .coding import INTERNATIONAL, OFFICIAL_SECTORS, Hit, PhraseCode, code_tokens, negated
from .common import (
    AMBIGUOUS_CAPITALS,
    NOMINAL_LOOKBACK,
    PLACE_SECTORS,
    POSSESSIVE,
    WEAK_GROUP_NOUNS,
    Cluster,
)
from .gender import ROLE_WORDS, person_gender
from .lexicon import fold, non_actors, words
from .names import BODY_HEADS, body_name, canonical
from .persons import TRAILING_FUNCTION_POS
from .references import ReferencesMixin

# A people "of" a place lives there and takes its country ("the Albanians of southern Serbia", "the
# Albanian population of the province"): the demonyms, and the heads of such phrases.
PEOPLE_NOUNS = frozenset({"population", "populations", "people", "peoples", "community", "communities", "minority",
                          "minorities", "inhabitants", "residents"})
# "the province", "the region" after "of": the country or place the text named last before it.
DIVISION_NOUNS = frozenset({"province", "region", "territory", "republic", "enclave", "district", "country"})
# "ethnic Albanians": the demonym names a people, not the citizens of its country.
ETHNIC_WORDS = frozenset({"ethnic"})
# Adjectives that say a group belongs to some other country than the sentence's, left unnamed ("the
# Taliban wants foreign forces to leave" Afghanistan): no country ("---MIL"), none from context.
UNPLACED_WORDS = frozenset({"foreign"})


def _initials(name: str) -> str:
    """The capitals that begin the capitalised words of a name: "National Crime Agency" -> "NCA"."""
    return "".join(w[0] for w in re.split(r"[\s\-]+", name) if w[:1].isupper())


def _owner(code: str) -> str:
    """What a title's country is compared with: an IGO code whole (IGOUNO), else the country (RUS)."""
    return code if code.startswith(INTERNATIONAL) else code[:3]


class PhrasesMixin(ReferencesMixin):
    """Part of Builder (see builder.py for the attributes it uses)."""

    # ------------------------------------------------------------------ noun phrases
    def noun_phrases(self) -> None:
        doc = self.doc
        for chunk in doc.noun_chunks:
            parts = []
            i = chunk.start
            for t in chunk:
                if t.text in POSSESSIVE and t.i > i:
                    parts.append((i, t.i, None))
                    i = t.i + 1
            if i < chunk.end:
                poss = [h for h in (self.hit_at.get(p.i) for p in chunk[: max(0, i - chunk.start)]) if h]
                parts.append((i, chunk.end, poss))
            for a, b, poss in parts:
                self.phrase(a, b, poss or [])

    def phrase(self, i: int, j: int, poss: list[Hit], *, add: bool = True) -> Cluster | None:
        """Code the noun phrase doc[i:j] and link or add it as an actor; None when it names none."""
        doc, lex = self.doc, self.lex
        if any(t in self.taken for t in range(i, j)) or any(t in self.person_tok for t in range(i, j)):
            return None
        toks = [t for t in doc[i:j] if not t.is_space]
        if not toks or toks[-1].pos_ == "PRON":
            return None
        root = doc[i:j].root
        k = i
        while k < j and doc[k].pos_ == "DET":
            k += 1
        if k < j and all(t in self.hit_at for t in range(k, j)) and self.hit_at[k].i == k:
            return None  # a bare name: countries and metonyms are added later
        extra = list(poss) + self._of_country(root) + self._pronoun_owner(root) + self._found_inside(i, j)
        pc = code_tokens(doc[i:j], extra_country=extra, lexicon=lex)
        if pc.head_kind == "group" and fold(root.lemma_) in PEOPLE_NOUNS and not pc.country.startswith(INTERNATIONAL):
            place = self._of_place(root)
            if place:  # "the Albanian population of the province" (Montenegro, named before)
                pc.country, pc.country_source = place, "place"
        if pc.head_kind == "group" and not pc.country:
            pc = code_tokens(doc[i:j], extra_country=extra + self._place_country(root), lexicon=lex)
        if pc.head_kind in ("group", "title", "actor", "person") and add:
            parts = self._coordinated(i, j, pc)
            if parts:
                return self._split(parts, j, pc)
        if pc.head_kind == "title":
            return self._title(i, j, pc, add=add)
        if pc.head_kind == "person":
            return self._nominal(i, j, pc, add=add)
        if pc.head_kind in ("group", "actor"):
            return self._group(i, j, pc, add=add)
        return None

    def _strip_det(self, i: int, j: int) -> str:
        k = i
        while k < j and (self.doc[k].pos_ == "DET" or self.doc[k].is_punct):
            k += 1
        return self.doc[k:j].text

    def _title(self, i: int, j: int, pc: PhraseCode, *, add: bool) -> Cluster | None:
        persons = [c for c in self.clusters.values() if c.type == "PER" and (c.holders or c.roles or c.offices)]
        fits = []
        for c in persons:
            if pc.country and _owner(c.code) != pc.country:
                continue
            if pc.office:
                if pc.office in c.offices:
                    fits.append(c)
            elif ((c.code[3:6] == pc.sector or c.code.startswith(INTERNATIONAL))
                  and any(pc.head in fold(t).split() for t, _ in c.roles)):
                fits.append(c)
        c = self.last_mention_before(fits, i) or (fits[0] if len(fits) == 1 else None)
        if c is None and self.date and pc.country and pc.office:
            holders = [h for h in self.lex.holders if h.office == pc.office and _owner(h.code) == pc.country
                       and h.in_office(self.date)]
            if len({h.name for h in holders}) == 1:
                h = holders[0]
                c = self.cluster("P:" + " ".join(words(h.name)), h.name, "PER", i)
                if not c.code:
                    self._code_person(c)
        if c is None:
            if not pc.informative:
                return None
            code = pc.code
            source = "title words"
            if not pc.country:
                country, why = self.context(i, "actor")
                if country:
                    code, source = country + code[3:], "title words; " + why
            name = self._strip_det(i, j)
            c = self.cluster("T:" + code + ":" + fold(name), name, "PER", i)
            c.code, c.source, c.role = code, source, name
        if add:
            self.mention(c, i, j, "title")
        return c

    def _nominal(self, i: int, j: int, pc: PhraseCode, *, add: bool) -> Cluster | None:
        """A person described, not named: "CIA former employee", "the whistleblower"."""
        doc = self.doc
        private = [c for c in self.clusters.values() if c.type == "PER" and c.key.startswith("P:")
                   and c.code[3:6] not in OFFICIAL_SECTORS]
        c = None
        if pc.country:
            same = [p for p in private if p.code[:3] == pc.country]
            c = same[0] if len(same) == 1 else None
        elif doc[i].pos_ == "DET" and fold(doc[i].text) == "the":
            sent_i = [s.start for s in doc.sents]
            here = sum(1 for s in sent_i if s <= i)
            lo = sent_i[max(0, here - 1 - NOMINAL_LOOKBACK)]
            near = [p for p in private if any(doc[lo].idx <= m.start < doc[i].idx for m in p.mentions)]
            sex = ROLE_WORDS.get(pc.head, "")
            if sex:  # "the mother" is not the man named last
                near = [p for p in near if person_gender(p, self.article.text) in ("", sex)]
            c = self.last_mention_before(near, i)
        if c is None:
            code, source = pc.code, f"words '{self._strip_det(i, j)}'"
            if not pc.country:
                if not pc.sector or pc.sector in OFFICIAL_SECTORS:
                    return None
                country, why = self.context(i, "place")
                code = (country or "---") + pc.sector
                source += "; " + why if country else ""
            name = self._strip_det(i, j)
            c = self.cluster("N:" + code + ":" + fold(name), name, "PER", i)
            c.code, c.source, c.role = code, source, name
        elif pc.country and c.key.startswith("P:"):
            described = self._strip_det(i, j)
            c.role = ", ".join(r for r in (c.role, described) if r)
        if add:
            self.mention(c, i, j, "nominal")
        return c

    def _group(self, i: int, j: int, pc: PhraseCode, *, add: bool) -> Cluster | None:
        doc, lex = self.doc, self.lex
        head = fold(doc[i:j].root.text)
        if not pc.country and pc.sector and not pc.office and self._unplaced(i, j, pc):
            name = self._strip_det(i, j)  # "foreign forces": a group of no one country
            c = self.cluster("G:---" + pc.sector + ":" + fold(doc[i:j].root.lemma_), name, "GRP", i)
            c.code, c.source = "---" + pc.sector, f"words '{name}' (of no one country)"
            if add:
                self.mention(c, i, j, "nominal")
            return c
        led = "" if pc.country else self._coalition_country(i, j, pc.sector)
        if led:  # "Coalition forces" in an article about "a U.S.-led coalition"
            pc.country, pc.country_source = led, "coalition"
        if not pc.country and head in WEAK_GROUP_NOUNS:  # not "the government": the article's own, often
            named = self._named_before(i, j)
            if named is not None:  # "the US Embassy in London" ... "The embassy declined"
                if add:
                    self.mention(named, i, j, "nominal")
                return named
        if not pc.country and not pc.sector:
            return None
        if not pc.country and head in WEAK_GROUP_NOUNS:
            return None
        source = f"words '{self._strip_det(i, j)}'" + ("; the coalition the article names with a leader" if led else "")
        code = pc.code
        if not pc.country:
            country = ""
            root = doc[i:j].root
            why = "the country named before"
            for ch in root.children:  # "the country's opposition"
                if ch.dep_ == "poss" and fold(ch.lemma_) in lex.setting_nouns:
                    country = self.last_country_before(ch.i)
            if not country:
                named = self._same_body_before(i, j, pc.sector)
                if named is not None:  # "the Parliament of Iraq" ... "the Parliament's decision"
                    if add:
                        self.mention(named, i, j, "nominal")
                    return named
            if not country:
                country, why = self._other_of_kind(root), "the body it is joined to ('and other')"
            if not country:
                country, why = self.context(i, "place" if pc.sector in PLACE_SECTORS else "actor", group=True)
            if country:
                code, source = country + pc.code[3:], source + "; " + why
        name = self._strip_det(i, j)
        kind = "nominal"
        full = body_name(lex, self._with_portfolio(i, j), code[:3])
        if full:  # "the Foreign Ministry" of Iraq: an organisation with a name
            c = self.cluster("O:" + fold(full), full, "ORG", i)
            c.code, c.source = c.code or code, c.source or source
            if add:
                self.mention(c, i, j, "nominal")
            return c
        c = self.cluster("G:" + code + ":" + fold(doc[i:j].root.lemma_), name, "GRP", i)
        c.code, c.source = code, source
        if add:
            self.mention(c, i, j, kind)
        return c

    def _unplaced(self, i: int, j: int, pc: PhraseCode) -> bool:
        """The head noun of doc[i:j] has an adjective of UNPLACED_WORDS ("foreign forces", "foreign
        journalists") that is no part of the sector's own words ("foreign ministers")."""
        root = self.doc[i:j].root
        return any(ch.dep_ == "amod" and i <= ch.i < j and fold(ch.text) in UNPLACED_WORDS
                   and fold(ch.text) not in pc.sector_word.split() for ch in root.children)

    def _with_portfolio(self, i: int, j: int) -> str:
        """ "the Ministry" + "of Foreign Affairs" that follows it (the noun chunk stops before "of")."""
        doc = self.doc
        k = j
        if j < len(doc) and fold(doc[j - 1].text) in BODY_HEADS and doc[j].lower_ == "of":
            k = j + 1
            while k < len(doc) and k not in self.hit_at and (doc[k].text[:1].isupper() or doc[k].lower_ == "and"):
                k += 1
            if doc[k - 1].lower_ == "and":
                k -= 1
            if k == j + 1:
                k = j
        return self._strip_det(i, k)

    def _found_inside(self, i: int, j: int) -> list[Hit]:
        """Matches inside doc[i:j] that the lexicon scan of the phrase cannot see: gazetteer places and
        misspelt country names (places.py): "Kirkuk police", "the Phillippines military"."""
        return [h for h in self.hits if i <= h.i and h.j <= j and h.entry.note]

    def _of_country(self, head) -> list[Hit]:
        """Countries in "of X" after a title: "the president of Armenia"."""
        out = []
        for ch in head.children:
            if ch.dep_ == "prep" and fold(ch.text) == "of":
                for p in ch.children:
                    if p.dep_ == "pobj" and p.i in self.hit_at:
                        out.append(self.hit_at[p.i])
        return out

    def _of_place(self, head) -> str:
        """The country of the place in "of X" after a people: a country or place name ("of southern
        Serbia"), or "the province" and the like (DIVISION_NOUNS), the country named last before it; ""."""
        for ch in head.children:
            if ch.dep_ != "prep" or ch.lower_ != "of":
                continue
            for p in ch.children:
                if p.dep_ != "pobj":
                    continue
                h = self.hit_at.get(p.i)
                if h is not None and h.entry.kind in ("country", "place", "capital") and not h.entry.code.startswith(INTERNATIONAL):
                    return h.entry.code[:3]
                if h is None and fold(p.lemma_) in DIVISION_NOUNS and any(d.lower_ == "the" for d in p.children):
                    return self.last_country_before(p.i)[:3]
        return ""

    def _place_country(self, head) -> list[Hit]:
        """Countries in "in X" / "from X" after a group: "the rebels in Darfur", "refugees from Liberia"."""
        out = []
        for ch in head.children:
            if ch.dep_ == "prep" and fold(ch.text) in ("in", "from"):
                for p in ch.children:
                    if p.dep_ == "pobj" and p.i in self.hit_at and self.hit_at[p.i].entry.kind != "capital":
                        out.append(self.hit_at[p.i])
        return out

    def _coordinated(self, i: int, j: int, pc: PhraseCode) -> list[Hit]:
        """Countries joined by "and" before one head: "U.S. and Russian negotiators"."""
        hits = sorted((h for h in pc.countries if i <= h.i < j and h.entry.kind in ("adjective", "country")),
                      key=lambda h: h.i)
        if len({h.entry.code for h in hits}) < 2:
            return []
        for a, b in pairwise(hits):
            between = {fold(t.text) for t in self.doc[a.j:b.i]}
            if not between or not between <= {"and", ",", "or", "&"}:
                return []
        return hits

    def _split(self, hits: list[Hit], j: int, pc: PhraseCode) -> Cluster | None:
        doc = self.doc
        head = doc[hits[-1].j:j].text
        last = None
        for n, h in enumerate(hits):
            sector = "" if pc.country.startswith(INTERNATIONAL) else pc.sector
            code = h.entry.code + sector
            end = j if n == len(hits) - 1 else h.j
            name = f"{doc[h.i:h.j].text} {head}".strip()
            c = self.cluster("G:" + code + ":" + fold(doc[j - 1].lemma_), name, "GRP", h.i)
            c.code, c.source = code, f"words '{doc[h.i:h.j].text} ... {head}'"
            self.mention(c, h.i, end, "nominal")
            last = c
        return last

    # ------------------------------------------------------------------ names from the gazetteer
    def names(self) -> None:
        doc = self.doc
        ent_of = {t: e for e in doc.ents if e.label_ in ("ORG", "FAC") for t in range(e.start, e.end)}
        for h in self.hits:
            if any(t in self.taken or t in self.person_tok for t in range(h.i, h.j)):
                continue
            if negated(h, doc[max(0, h.i - 2):h.j]):
                continue
            e = ent_of.get(h.i)
            inside = e is not None and (e.start, e.end) != (h.i, h.j) and not (e.start >= h.i and e.end <= h.j)
            if inside and not (e.start == h.i - 1 and doc[e.start].pos_ == "DET"):
                continue  # part of a longer organisation name: coded with it
            if h.entry.kind == "place" and not self._actor_position(doc[h.j - 1]):
                continue  # a town named as a place only: an actor when an event makes it one (resolve)
            self._name_hit(h)
        orgs: dict[str, list[tuple[int, int]]] = {}
        for ent in doc.ents:
            if ent.label_ == "ORG":
                i, j = ent.start, ent.end
                opened = [t.i for t in doc[i:j] if t.text == "("]
                if opened and not any(t.text == ")" for t in doc[i:j]):
                    j = opened[0]  # "National Hurricane Center (NHC": the name ends before the bracket
                while j > i and (doc[j - 1].text in POSSESSIVE or doc[j - 1].is_punct
                                 or doc[j - 1].is_lower and doc[j - 1].pos_ in TRAILING_FUNCTION_POS):
                    j -= 1
                if i < j and not any(t in self.taken or t in self.person_tok for t in range(i, j)):
                    orgs.setdefault(fold(self._strip_det(i, j)), []).append((i, j))
        for name, spans in orgs.items():
            # an organisation nothing is known about is an actor only where it acts somewhere
            known = code_tokens(doc[spans[0][0]:spans[0][1]], lexicon=self.lex).informative
            if name in non_actors() or not known and any(self._product(i, j) for i, j in spans):
                continue  # "SARS-CoV-2", "a Volvo XC90": no actor (the make names the car in the article)
            if known or any(self._actor_position(doc[i:j].root) for i, j in spans):
                for i, j in spans:
                    self._org(i, j)

    def _name_hit(self, h: Hit) -> None:
        doc, lex = self.doc, self.lex
        e = h.entry
        i, j = h.i, h.j
        if i > 0 and fold(doc[i - 1].text) == "the" and e.kind in ("country", "metonym", "igo", "org"):
            i -= 1
        iso = e.code
        note = f" ({e.note})" if e.note and e.note != "gazetteer" else ""
        if e.kind == "country":
            c = self.cluster("C:" + iso, lex.country_names.get(iso, doc[h.i:h.j].text), "GPE", i)
            c.code, c.source = iso, c.source or f"country name '{doc[h.i:h.j].text}'{note}"
            self.mention(c, i, j, "name")
        elif e.kind == "adjective":
            c = self.cluster("C:" + iso, lex.country_names.get(iso, doc[h.i:h.j].text), "GPE", i)
            c.code, c.source = iso, c.source or f"nationality '{doc[h.i:h.j].text}'{note}"
            self.mention(c, i, j, "nominal")
        elif e.kind == "place":
            # a city or region the gazetteer knows: its country (dyads.geo; places.py)
            name = doc[h.i:h.j].text
            c = self.cluster("L:" + fold(name), name, "GPE", i)
            if not c.code:
                c.code = iso
                c.source = f"place '{name}' in the gazetteer ({lex.country_names.get(iso, iso)})"
            self.mention(c, i, j, "name")
        elif e.kind == "ethnic":
            name = doc[h.i:h.j].text
            c = self.cluster("E:" + iso + ":" + fold(e.phrase), name, "GRP", h.i)
            c.code = iso
            c.source = f"people '{name}' of {lex.country_names.get(iso, iso)} (ethnic_groups.tsv)"
            self.mention(c, h.i, j, "name")
        elif e.kind == "demonym":
            if h.i > 0 and fold(doc[h.i - 1].text) in ETHNIC_WORDS:
                # "ethnic Albanians" in Serbia: a people, coded with the country they live in
                i = h.i - 1
                country = self.setting_country(h.i, "place")
                if not country:  # no one place: the state that acts in the sentence, where they live
                    country = self.setting_country(h.i, "subject")
                country = country if country != iso else ""
                c = self.cluster("D:" + (country or "---") + ":" + fold(doc[i:j].text), doc[i:j].text, "GRP", i)
                c.code = country or "---"
                c.source = f"ethnic group '{doc[h.i:h.j].text}'" + ("; country of the sentence" if country else "")
                self.mention(c, i, j, "name")
                return
            place = self._of_place(doc[h.j - 1]) if doc[h.j - 1].pos_ in ("NOUN", "PROPN") else ""
            if place and place != iso:  # "the Albanians of southern Serbia": a people where they live
                c = self.cluster("D:" + place + ":" + fold(doc[h.i:h.j].text), doc[h.i:h.j].text, "GRP", i)
                c.code, c.source = place, f"people '{doc[h.i:h.j].text}' of a place in {lex.country_names.get(place, place)}"
                self.mention(c, i, j, "name")
                return
            c = self.cluster("D:" + iso, doc[h.i:h.j].text, "GRP", i)
            c.code, c.source = iso, f"demonym '{doc[h.i:h.j].text}'{note}"
            self.mention(c, i, j, "name")
        elif e.kind == "capital":
            labels = {ent.label_ for ent in self.ents if ent.start <= h.i < ent.end}
            if "GPE" not in labels and (labels - {"LOC", "FAC"} or fold(doc[h.i:h.j].text) in AMBIGUOUS_CAPITALS):
                return  # "Victoria", "Kingston": a capital only where it is a place
            c = self.cluster("K:" + fold(doc[h.i:h.j].text), doc[h.i:h.j].text, "GPE", i)
            actor = self._actor_position(doc[h.j - 1])
            if actor or not c.code:
                c.code = iso + ("GOV" if actor else "")
                c.source = f"capital of {lex.country_names.get(iso, iso)}" + (" used as an actor" if actor else "")
            self.mention(c, i, j, "metonym" if actor else "name")
        else:
            name = canonical(lex, e.phrase) or (doc[h.i:h.j].text if e.kind == "metonym" else e.phrase)
            type_ = "GRP" if e.code[3:] in ("REB", "OPP", "CVL") or e.code.startswith("IMG") else "ORG"
            written = fold(doc[h.i:h.j].text)
            key = self.acronyms.get((e.code, written)) or (("I:" if e.kind == "igo" else "M:") + e.code + ":" + fold(name))
            c = self.cluster(key, name, type_, i)
            after = self.hit_at.get(h.j + 1)
            if (after is not None and after.i == h.j + 1 and after.j == h.j + 2 and h.j + 2 < len(doc)
                    and doc[h.j].text == "(" and doc[h.j + 2].text == ")" and after.entry.code == e.code):
                # "United Nations Educational, Scientific and Cultural Organization (UNESCO)": the
                # acronym in brackets, here and later, names the same body
                self.acronyms[(e.code, fold(doc[h.j + 1].text))] = key
            elif (h.j + 2 < len(doc) and doc[h.j].text == "(" and doc[h.j + 2].text == ")"
                  and _initials(doc[h.i:h.j].text) == doc[h.j + 1].text):
                # "the UK's National Crime Agency (NCA)" ... "the NCA's investigation": an acronym the
                # tables do not list, made of the initials of the listed name
                self.acronyms[("", fold(doc[h.j + 1].text))] = key
            c.code = e.code
            c.source = c.source or {"igo": "international organisation", "metonym": "metonym",
                        "org": "organisation table"}[e.kind] + f" '{doc[h.i:h.j].text}'"
            self.mention(c, i, j, "metonym" if e.kind == "metonym" else "name")

    def _product(self, i: int, j: int) -> bool:
        """An organisation name used for a thing it makes: before a model number ("a Volvo XC90", "a
        Boeing 737") or as a countable noun ("a Volvo"), not as a modifier ("a Reuters reporter")."""
        doc = self.doc
        root = doc[i:j].root
        nxt = doc[j] if j < len(doc) else None
        if (nxt is not None and root.dep_ == "compound" and root.head.i == nxt.i and nxt.text[:1].isalnum()
                and any(ch.isdigit() for ch in nxt.text)):
            return True
        return i > 0 and doc[i - 1].lower_ in ("a", "an") and root.dep_ not in ("compound", "poss", "amod", "nmod")

    def _org(self, i: int, j: int) -> None:
        doc = self.doc
        pc = code_tokens(doc[i:j], lexicon=self.lex)
        name = self._strip_det(i, j)
        if not name or not any(ch.isalpha() for ch in name):
            return
        named = self.clusters.get(self.acronyms.get(("", fold(name)), ""))
        if named is not None:  # the acronym of a listed body named before ("National Crime Agency (NCA)")
            self.mention(named, i, j, "name")
            return
        # "the Asia-Pacific Economic Cooperation (APEC)": the acronym names the same actor
        code, source = pc.code, "organisation name words"
        if not pc.country:  # a party, front or movement in a sentence about one country
            political = pc.sector or pc.head in self.lex.actor_nouns
            country, why = self.context(i, "only") if political else ("", "")
            if country:
                code, source = country + pc.code[3:], "organisation; " + why
        name = body_name(self.lex, name, code[:3]) or name
        c = self.cluster("O:" + fold(name), name, "ORG", i)
        c.code, c.source = c.code or code, c.source or source
        self.mention(c, i, j, "name")
        if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")" and re.fullmatch(r"[A-Z]{2,8}", doc[j + 1].text):
            self.mention(c, j + 1, j + 2, "name")
