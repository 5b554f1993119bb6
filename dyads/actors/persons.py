"""Persons: names from spaCy and the article's own surnames, their titles and appositives, and their
codes (the text's titles first, then the dated office-holder dictionary, then context)."""
from __future__ import annotations

from spacy.symbols import PROPN as PROPN_ID

from .coding import INTERNATIONAL, OFFICIAL_SECTORS
from .common import NAME_LABELS, POSSESSIVE, SETTING_PREPS, Cluster, _strip_span
from .gender import first_names
from .lexicon import fold, lookup_holders, non_actors, words
from .titles import TITLE_NOUNS, TitlesMixin

# Entity labels that sometimes hold a person's name (the small model reads some names as places or
# organisations); such a name is taken when a title stands before it or it is a title's apposition.
MISREAD_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT"})
MISREAD_MIN_TOKENS, MISREAD_MAX_TOKENS = 2, 4
# Lengths (tokens) of a dictionary name found without a PERSON entity (see _listed_names).
LISTED_NAME_TOKENS = (2, 4)
# Of those, the labels under which a known given name first ("Nikki Holland") is enough to make a
# person; a place ("Victoria Falls") needs a title before it.
GIVEN_NAME_LABELS = frozenset({"ORG", "NORP", "WORK_OF_ART", "PRODUCT"})
# Words that make a capitalised phrase an organisation or place rather than a name.
ORG_WORDS = frozenset({"department", "ministry", "agency", "office", "bureau", "service", "institute", "university",
                       "college", "school", "center", "centre", "foundation", "fund", "bank", "company", "group",
                       "corporation", "inc", "ltd", "association", "society", "federation", "league", "club",
                       "network", "news", "times", "post", "journal", "airport", "station", "street", "square",
                       "road", "avenue", "river", "mountain", "island", "city", "county", "province", "region",
                       "district", "airlines", "airways", "international", "national", "federal", "republic",
                       "kingdom", "united", "task", "force", "operation", "project", "program", "programme",
                       "falls", "lake", "bay", "park", "bridge", "hall", "hotel", "hospital", "church", "stadium",
                       "museum", "palace", "tower", "house", "motors", "systems", "holdings", "media"})
# Function words an entity sometimes ends with ("[Patrice Talon of] Benin"): not part of the name.
TRAILING_FUNCTION_POS = frozenset({"ADP", "CCONJ", "DET"})
# Kin of a named person ("Dunn's mother, Charlotte Charles", "the widow of X"): with no evidence of her
# own, a person shares the country of the relative the text names.
KIN_NOUNS = frozenset({"mother", "father", "son", "daughter", "wife", "husband", "brother", "sister", "widow",
                       "widower", "fiancee", "fiance", "parents", "grandmother", "grandfather", "uncle", "aunt",
                       "cousin", "nephew", "niece", "stepfather", "stepmother", "stepson", "stepdaughter", "spouse",
                       "girlfriend", "boyfriend", "sibling", "twin"})
# Nouns of buildings and monuments: a name in apposition to one ("Hagia Sophia, formerly a church and now
# a museum") names a place, not a person, whatever the entity label.
BUILDING_NOUNS = frozenset({"church", "cathedral", "mosque", "temple", "synagogue", "shrine", "basilica", "chapel",
                            "monastery", "museum", "building", "monument", "landmark", "palace", "castle", "fortress",
                            "tower", "bridge", "stadium", "arena", "hotel", "hospital", "site", "statue", "memorial"})
# Mention kinds that name a person (their sentences may place the person in a country).
PERSON_NAME_KINDS = frozenset({"name", "surname", "title"})
# Dependencies by which a country qualifies a noun ("the United States' killing", "the American
# investigation"): with the person in that noun's complement ("... of Qasem Soleimani"), the country is
# the act's agent, not the person's.
QUALIFIER_DEPS = frozenset({"poss", "amod", "compound", "nmod"})
# Dependencies of a verb that heads a clause of its own, for a country adjective of a thing: one in a
# relative clause places no person outside it ("... which led to the discovery of the South Korean
# website"). What a person says (ccomp: "Gazeta Prawna reports Polish grocery turnover...") is most often
# about the person's own country, and participles and "owing to" (acl, xcomp, pcomp) stay in their clause.
CLAUSE_DEPS = frozenset({"relcl"})


class PersonsMixin(TitlesMixin):
    """Part of Builder (see builder.py for the attributes it uses)."""

    # ------------------------------------------------------------------ persons
    def persons(self) -> None:
        doc, lex = self.doc, self.lex
        spans = []
        buildings = {words(e.text) for e in doc.ents if e.label_ == "PERSON" and self._names_building(e.start, e.end)}
        building_toks = {t for n in buildings for k in range(len(doc) - len(n) + 1)
                         if words(doc[k:k + len(n)].text) == n for t in range(k, k + len(n))} if buildings else set()
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                i, j = _strip_span(doc, ent.start, ent.end, lex)
                i = self._skip_leading_names(i, j)
                if i < j and (self._no_person(i, j) or words(doc[i:j].text) in buildings):
                    continue
                if i < j and not (all(t in self.hit_at for t in range(i, j))
                                  and not lex.holder_surnames.get(words(doc[j - 1].text))
                                  and not lex.holder_names.get(words(doc[i:j].text))):
                    spans.append((i, j))
        spans += self._misread_persons()
        spans += self._listed_names(spans)
        full = {}  # surname -> [full-name cluster key], in the order of the text
        for i, j in sorted(spans):
            if j - i >= 2:
                key = "P:" + " ".join(words(doc[i:j].text))
                c = self.cluster(key, doc[i:j].text, "PER", i)
                self.mention(c, i, j, "name")
                full.setdefault(fold(doc[j - 1].text), []).append(key)
                for t in range(i, j):
                    self.person_tok[t] = key
        # single tokens: PERSON ones, and other entities that carry a surname of this article
        singles = [(i, j) for i, j in spans if j - i == 1]
        for ent in doc.ents:
            if ent.label_ in NAME_LABELS and ent.label_ != "PERSON":
                i, j = _strip_span(doc, ent.start, ent.end, lex)
                if j - i == 1 and fold(doc[i].text) in full:
                    singles.append((i, j))
        # the article's surnames wherever they occur (the small model misses some)
        by_word: dict[str, list[int]] = {}
        for t in doc:
            if t.text[:1].isupper():
                by_word.setdefault(fold(t.text), []).append(t.i)
        for sur in full:
            singles.extend((k, k + 1) for k in by_word.get(sur, ()) if k not in self.person_tok)
        for i, j in sorted(set(singles)):
            if i in self.person_tok or i in building_toks:
                continue
            sur = fold(doc[i].text)
            if sur in full:
                keys = full[sur]
                key = keys[0]
                if len(keys) > 1:  # the nearest full name before it
                    before = [k for k in keys if self.clusters[k].first_tok < i]
                    key = before[-1] if before else keys[0]
                self.mention(self.clusters[key], i, j, "surname")
                self.person_tok[i] = key
                continue
            holders = lookup_holders(lex, words(doc[i].text), self.date, surname=True)
            names = {h.name for h in holders}
            if len(names) == 1:
                name = holders[0].name
                c = self.cluster("P:" + " ".join(words(name)), name, "PER", i)
                self.mention(c, i, j, "surname")
            else:
                c = self.cluster("P:" + sur, doc[i].text, "PER", i)
                self.mention(c, i, j, "name")
                if holders and len({h.code for h in holders}) == 1:
                    c.holders = holders  # "Bush": two presidents, one code
            self.person_tok[i] = c.key
        # entities of other labels that are an office holder's surname (no full name in the article)
        for ent in doc.ents:
            if ent.label_ in ("ORG", "GPE", "NORP") and len(ent) <= 2:
                i, j = _strip_span(doc, ent.start, ent.end, lex)
                if j - i != 1 or i in self.person_tok or i in self.hit_at:
                    continue
                holders = lookup_holders(lex, words(doc[i].text), self.date, surname=True)
                if len({h.name for h in holders}) == 1 and (not self.date or holders[0].in_office(self.date)):
                    name = holders[0].name
                    c = self.cluster("P:" + " ".join(words(name)), name, "PER", i)
                    self.mention(c, i, j, "surname")
                    self.person_tok[i] = c.key

    def _no_person(self, i: int, j: int) -> bool:
        """A PERSON entity that names no one who acts: a platform or time zone (non_actors.tsv: "on
        Twitter", "8:30 p.m. BST"). A pseudonym stays: it is the name the person goes by in the
        article ("a protester using the pseudonym Katya" is Katya, the quote's speaker)."""
        return fold(self.doc[i:j].text) in non_actors()

    def _names_building(self, i: int, j: int) -> bool:
        """ "Hagia Sophia, formerly a Greek Orthodox church and now a museum": a name in apposition to a
        building's noun is the building's (the small model reads some as persons)."""
        root = self.doc[i:j].root
        nouns = [ch for ch in root.children if ch.dep_ == "appos"]
        nouns += [c for n in list(nouns) for c in n.conjuncts]
        if root.dep_ == "appos":
            nouns.append(root.head)
        return any(n.pos_ == "NOUN" and fold(n.lemma_) in BUILDING_NOUNS for n in nouns)

    def _skip_leading_names(self, i: int, j: int) -> int:
        """ "Amnesty International Man-kei Tam" (one PERSON entity): the person's name is what follows
        the organisation or country names at its start, when two or more words are left."""
        k = i
        while k in self.hit_at and self.hit_at[k].i == k and self.hit_at[k].j < j:
            k = self.hit_at[k].j
        return k if j - k >= 2 else i

    def _misread_persons(self) -> list[tuple[int, int]]:
        """Names the model tagged as something else (ORG, GPE...) that stand where a person does:
        after a title ("President of Ukraine Volodymyr Zelenskyy", "spokesperson Jane Doe") or in
        apposition to one ("a State Department spokesperson, Morgan Ortagus,")."""
        doc, lex = self.doc, self.lex
        out = []
        for ent in doc.ents:
            if ent.label_ not in MISREAD_LABELS:
                continue
            i, j = self._skip_leading_names(ent.start, ent.end), ent.end
            while j > i and (doc[j - 1].text in POSSESSIVE or doc[j - 1].is_punct
                             or doc[j - 1].is_lower and doc[j - 1].pos_ in TRAILING_FUNCTION_POS):
                j -= 1  # "[Patrice Talon of] Benin": the entity took the preposition
            toks = doc[i:j]
            if not MISREAD_MIN_TOKENS <= len(toks) <= MISREAD_MAX_TOKENS:
                continue
            given = (ent.label_ in GIVEN_NAME_LABELS and fold(toks[0].text) in first_names()
                     and toks[0].i not in self.hit_at)  # "Nikki Holland" read as an organisation
            if not given and any(t in self.hit_at for t in range(i, j)):
                continue
            if not all(t.text[:1].isupper() and t.pos_ == "PROPN" or t.text == "-"
                       or t.i > 0 and doc[t.i - 1].text == "-" and not doc[t.i - 1].whitespace_ and t.is_alpha
                       for t in toks) or toks[0].text == "-" or toks[-1].text == "-":
                continue
            if any((fold(t.text),) in lex.sector_words or fold(t.text) in lex.actor_nouns
                   or fold(t.text) in ORG_WORDS or (fold(t.text),) in lex.titles for t in toks):
                continue
            if given or self._title_before(ent.start, i) or self._title_apposition(toks.root) or self._of_country_after(j):
                out.append((i, j))
        return out

    def _listed_names(self, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Full names of the office-holder dictionary written as proper nouns that the model tagged as no
        entity or left out of one ("on Sunday Presidents Muhammadu Buhari of Nigeria and ..."): the
        longest run of LISTED_NAME_TOKENS capitalised proper nouns that is a listed name, outside any
        span found already and not followed by a word of an organisation's name ("George Washington
        University")."""
        doc, lex = self.doc, self.lex
        taken = {t for i, j in found for t in range(i, j)}

        def ok(t) -> bool:
            return t.pos_ == "PROPN" and t.text[:1].isupper() and t.i not in taken and t.i not in self.hit_at

        # only where a listed full name may start (its folded first word): slicing the Doc at every
        # position costs more than the rest of the actor step
        propn = doc.to_array("POS") == PROPN_ID  # proper nouns only, read at once from the Doc's arrays
        starts = [int(i) for i in propn.nonzero()[0] if fold(doc[int(i)].text) in lex.holder_first]
        out, end = [], 0
        for k in starts:
            if k < end:
                continue
            for n in range(LISTED_NAME_TOKENS[1], LISTED_NAME_TOKENS[0] - 1, -1):
                if k + n > len(doc) or not all(ok(doc[x]) for x in range(k, k + n)):
                    continue
                if k + n < len(doc) and fold(doc[k + n].text) in ORG_WORDS:
                    continue
                if words(doc[k:k + n].text) in lex.holder_names:
                    out.append((k, k + n))
                    end = k + n
                    break
        return out

    def _of_country_after(self, j: int) -> bool:
        """ "Patrice Talon of Benin": a two-to-four-word name followed by "of" and a country's name."""
        doc = self.doc
        h = self.hit_at.get(j + 1)
        return (j + 1 < len(doc) and doc[j].lower_ == "of" and h is not None and h.i == j + 1
                and h.entry.kind == "country" and not doc[j - 1].is_lower)

    def _title_before(self, ent_start: int, i: int) -> bool:
        """A title right before the name, or before "of COUNTRY" that leads to it."""
        doc, lex = self.doc, self.lex
        k = ent_start - 1
        if i > ent_start:  # the entity began with a country: "[Ukraine Volodymyr Zelenskyy]"
            if k < 1 or fold(doc[k].text) != "of":
                return False
            k -= 1
        if k < 0:
            return False
        w = fold(doc[k].text)
        return (w,) in lex.titles or w in lex.person_nouns or w in TITLE_NOUNS

    def _title_apposition(self, root) -> bool:
        if root.dep_ != "appos" or root.head.pos_ != "NOUN":
            return False
        w = fold(root.head.text)
        return (w,) in self.lex.titles or w in self.lex.person_nouns or w in TITLE_NOUNS

    def code_persons(self) -> None:
        for c in [c for c in self.clusters.values() if c.type == "PER"]:
            self._code_person(c)

    def _code_person(self, c: Cluster) -> None:
        lex, date = self.lex, self.date
        name_words = words(c.name)
        holders = lookup_holders(lex, name_words, date) if len(name_words) >= 2 else c.holders
        if len({h.name for h in holders}) > 1 and len({h.code for h in holders}) > 1:
            holders = []
        c.holders = holders
        country = sector = ""
        sources = []
        former = False
        for text, pc in c.roles:
            former = former or pc.former
            if pc.country and not country:
                country = pc.country
                sources.append(f"title '{text}'")
            if pc.sector and (not sector or lex.sector_rank.get(pc.sector, 2) < lex.sector_rank.get(sector, 2)):
                sector = pc.sector
                if f"title '{text}'" not in sources:
                    sources.append(f"title '{text}'")
        if holders:
            current = [h for h in holders if not date or h.in_office(date)]
            h = (current or holders)[-1]
            if current or not date:  # a former (or future) holder does not answer to the title
                c.offices.update(x.office for x in (current or holders) if x.office)
            if current and country.startswith("IGO") and not h.code.startswith("IGO"):
                country = ""  # "AU chairperson President el-Sisi": his own country's office first
            if not country:
                country = h.code[:3] if not h.code.startswith("IGO") else h.code
            if current:
                sector = sector or h.code[3:]
            elif date and date > max(x.end or "9999" for x in holders):
                # out of every listed office: a former official, unless the text gives a current office
                # the dictionary does not list ("Industry Minister Khristenko", once acting Prime Minister)
                titled = {pc.office for _, pc in c.roles if pc.sector in OFFICIAL_SECTORS}
                other_office = bool(titled) and not titled & {x.office for x in holders}
                if not (other_office and sector in OFFICIAL_SECTORS):
                    sector = "ELI" if not sector or sector in OFFICIAL_SECTORS else sector
            span = f"{h.start}..{h.end}" if h.end else f"since {h.start}"
            sources.append(f"dictionary: {h.role} ({span})")
            c.role = h.role
        if not country:
            prefer = "actor" if (sector or c.roles) else "only"
            country, why = self.context(c.first_tok, prefer, person=True)
            if not country or why.startswith("main country") and not self._names_countries(c.first_tok):
                # the first sentence names no country: the other sentences that name the person, then a
                # relative, before the article's most frequent country
                found, how = self._mention_country(c, prefer)
                if not found:
                    found, how = self._kin_country(c)
                if found:
                    country, why = found, how
            if country:
                sources.append(why)
        if former and sector in OFFICIAL_SECTORS:
            sector = "ELI"
        if country.startswith(INTERNATIONAL):
            c.code = country
        else:
            c.code = (country or "---") + sector
        if c.roles and (any(pc.country for _, pc in c.roles) or not holders):
            c.role = ", ".join(dict.fromkeys(t for t, _ in c.roles))
        c.source = "; ".join(sources) or "name only"

    def _names_countries(self, tok_i: int) -> bool:
        """The sentence of token `tok_i` names some country (a name, adjective, capital or place) that
        may place the person at `tok_i` (see _places_person)."""
        sent = self.doc[tok_i].sent
        return any(sent.start <= h.i < sent.end and h.entry.kind in ("country", "adjective", "demonym", "capital", "place")
                   and self._places_person(h, tok_i) for h in self.hits)

    def _places_person(self, h, tok_i: int) -> bool:
        """May the country of gazetteer match `h` place the person named at token `tok_i`? Not when it
        belongs to something else than the person:
        - the agent of an act whose complement the person is: "the United States' killing of Qasem
          Soleimani", "the American arrest of X", "the killing of X by the United States";
        - an adjective of a thing in another clause than the person's, not a place where things happen:
          "the investigation of Matthew Falder which led to the discovery of the South Korean website"
          (but "X, who fought in the Syrian civil war", "X visited the Syrian capital" still place X)."""
        doc = self.doc
        p = doc[tok_i]
        while p.dep_ in ("compound", "flat") and p.head.i != p.i and p.head.i in self.person_tok:
            p = p.head  # "Qasem" -> "Soleimani"
        t = doc[h.j - 1]
        if h.i <= p.i < h.j:
            return True
        noun = None
        if t.dep_ in QUALIFIER_DEPS:
            noun = t.head
        elif t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.dep_ == "prep":
            noun = t.head.head
        if noun is None or noun.pos_ != "NOUN" or self._names_actor(noun):
            return True
        if any(ch.dep_ == "prep" and p in ch.subtree for ch in noun.children if ch.lower_ != "by"):
            return False  # the act's agent: the person is what it is done to
        if h.entry.kind != "adjective" or t.dep_ not in ("amod", "compound") or p in noun.subtree:
            return True  # "a Polish chef named Lukasz": the noun describes the person
        if noun.dep_ == "pobj" and fold(noun.head.text) in SETTING_PREPS:
            return True  # "in the Syrian capital": where things happen
        clause = self._clause_of(noun)
        if clause == self._clause_of(p):
            return True
        # a relative clause inside what someone says ("Thompson remarked, 'The thing that made ... the
        # American consciousness'") is about the speaker's matters like the rest of the words
        return any(a.dep_ == "ccomp" for a in self.doc[clause].ancestors)

    def _names_actor(self, noun) -> bool:
        """A noun that names a person or a body (a title, kin, a sector or actor noun), not an act or a thing."""
        lex = self.lex
        return any((w,) in lex.titles or (w,) in lex.sector_words or w in lex.actor_nouns or w in lex.person_nouns
                   or w in lex.staff_nouns or w in TITLE_NOUNS or w in KIN_NOUNS
                   for w in (fold(noun.text), fold(noun.lemma_)))

    @staticmethod
    def _clause_of(tok) -> int:
        """The index of the token that heads the clause of `tok`: the sentence's root, or a verb that
        heads a relative clause (CLAUSE_DEPS)."""
        while tok.head.i != tok.i and not (tok.pos_ in ("VERB", "AUX") and tok.dep_ in CLAUSE_DEPS):
            tok = tok.head
        return tok.i

    def _mention_country(self, c: Cluster, prefer: str) -> tuple[str, str]:
        """The one country that the sentences of the person's later name mentions name (see
        setting_country), or ("", "")."""
        doc, first = self.doc, self.doc[c.first_tok].sent.start
        found = set()
        for m in c.mentions:
            if m.kind not in PERSON_NAME_KINDS:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or span.sent.start == first:
                continue
            country = self.setting_country(span.root.i, "subject" if prefer == "actor" else "only", person=True)
            if country:
                found.add(country)
        return (found.pop(), "country of a later sentence naming the person") if len(found) == 1 else ("", "")

    def _kin_country(self, c: Cluster) -> tuple[str, str]:
        """ "Dunn's mother, Charlotte Charles", "X, the widow of Y": the country of the named relative."""
        doc = self.doc
        for m in c.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand") if m.kind == "name" else None
            if span is None:
                continue
            root = span.root
            nouns = [t for t in (root.head,) if root.dep_ == "appos"] + [t for t in root.children if t.dep_ == "appos"]
            if span.start > 0 and span.start - 1 not in self.person_tok:
                nouns.append(doc[span.start - 1])  # "her husband Jonathan"
            for noun in nouns:
                if fold(noun.lemma_) not in KIN_NOUNS and fold(noun.text) not in KIN_NOUNS:
                    continue
                rel = [t for t in noun.children if t.dep_ == "poss"]
                rel += [g for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
                for t in rel:
                    key = self.person_tok.get(t.i)
                    other = self.clusters.get(key) if key else None
                    if other is not None and other is not c and other.code[:3] not in ("", "---"):
                        return other.code[:3], f"country of a relative, {other.name}"
        return "", ""
