"""Persons' titles: the words before a name ("US Defense Secretary Chuck Hagel"), its appositives
("Carrie Lam, the chief executive of Hong Kong") and the bodies it works for ("Nikki Holland of the
National Crime Agency"), each coded and added to the person's roles."""
from __future__ import annotations

from .coding import Hit, code_tokens
from .common import GENERIC_STAFF_GOV, POSSESSIVE, Cluster
from .lexicon import fold

# Titles and occupations that may stand right before a person's name.
TITLE_NOUNS = frozenset({"commissioner", "director", "chief", "head", "leader", "candidate", "founder", "ceo",
                         "chairman", "chairwoman", "spokesperson", "professor", "dr", "dr.", "judge", "senator",
                         "rep.", "representative", "sen.", "gov.", "gen.", "general", "colonel", "captain",
                         "mayor", "governor", "ambassador", "envoy", "rapporteur", "administrator", "coach",
                         "manager", "president", "minister", "secretary", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
                         "spokesman", "spokeswoman", "official", "lawmaker", "congressman", "congresswoman", "mp",
                         "prosecutor", "commander", "editor", "cleric", "imam", "bishop", "archbishop", "rabbi",
                         "pope", "attorney", "premier", "chancellor", "king", "queen", "prince", "princess"})
# Parts of speech the tagger gives some acronyms ("WHO" as a pronoun, "US" as one): a gazetteer name
# written in capitals before a title is part of the title all the same.
ACRONYM_MISTAGS = frozenset({"PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART"})
# Tags of a plural title right before a name, shared by the names joined to it ("Presidents
# Muhammadu Buhari of Nigeria and Patrice Talon of Benin"), whatever the parser attached it to.
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
# Entity labels of words that are no part of a title before a name ("on Sunday Presidents X").
DATE_LABELS = frozenset({"DATE", "TIME"})
# "X of the National Crime Agency", "X from Human Rights Watch": the body a person works for.
AFFILIATION_PREPS = frozenset({"of", "from", "at"})
# "the county's commissioner", "the city's mayor": a place word that points back to the last country or
# place the text named, whose the title is.
PLACE_REFERENCES = frozenset({"country", "nation", "state", "county", "province", "region", "city", "town",
                              "district", "territory", "island"})


class TitlesMixin:
    """Part of Builder (see builder.py for the attributes it uses)."""

    def person_titles(self) -> None:
        """Titles written before a name ("US Defense Secretary Chuck Hagel") or as its appositive."""
        doc = self.doc
        persons = [c for c in self.clusters.values() if c.type == "PER"]
        shared = {}  # "Presidents [Buhari] of Nigeria and Talon of Benin": a plural title, by the name's root
        for c in persons:
            for m in c.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                pre = self._pre_title(span.start, span.root) if span is not None else None
                if pre and doc[pre[1] - 1].tag_ in PLURAL_TAGS:
                    shared[span.root.i] = pre
        for c in persons:
            for m in list(c.mentions):
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                pre = self._pre_title(span.start, span.root)
                if pre:
                    self._add_role(c, *pre)
                elif span.root.dep_ == "conj" and span.root.head.i in shared:
                    self._add_role(c, *shared[span.root.head.i], mention=False)  # "... and Talon of Benin"
                lead = self._leading_title(pre[0] if pre else span.start)
                if lead:
                    self._add_role(c, *lead)
                for i, j, extra in self._appositives(span.root):
                    self._add_role(c, i, j, extra)
                for i, j in self._affiliations(span.root):
                    self._add_role(c, i, j, [], mention=False)

    def _leading_title(self, ns: int) -> tuple[int, int, list[Hit]] | None:
        """ "Qatar's emir, Sheikh Hamad bin Khalifa al-Thani, launched...": a title that opens the
        sentence and is set off by a comma from the name right after it (the parser does not always
        make it an apposition)."""
        doc = self.doc
        k = ns - 2
        w = fold(doc[k].text) if k >= 0 else ""
        if k < 1 or doc[ns - 1].text != "," or doc[k].pos_ != "NOUN" or not (
                (w,) in self.lex.titles or w in TITLE_NOUNS or w in self.lex.staff_nouns):
            return None
        start = doc[k].left_edge.i
        if start != doc[k].sent.start or any(t in self.person_tok or t in self.taken for t in range(start, k + 1)):
            return None
        while start < k and (doc[start].pos_ == "DET" or doc[start].is_punct):
            start += 1
        extra = [self.hit_at[t] for t in range(start, k) if t in self.hit_at and t + 1 < len(doc)
                 and doc[self.hit_at[t].j].text in POSSESSIVE]
        return start, k + 1, extra

    def _pre_title(self, ns: int, root) -> tuple[int, int, list[Hit]] | None:
        doc = self.doc
        sent_start = root.sent.start
        k = ns - 1
        extra: list[Hit] = []
        pointed = False  # the possessor is a word that points back to a place named before
        while k >= sent_start:
            t = doc[k]
            if t.text in POSSESSIVE and k - 1 >= sent_start and (k - 1) in self.hit_at:
                h = self.hit_at[k - 1]
                extra.append(h)
                k = h.i - 1
                break
            if t.text in POSSESSIVE and k - 2 >= sent_start and fold(doc[k - 1].lemma_) in PLACE_REFERENCES \
                    and fold(doc[k - 2].text) in ("the", "this"):
                h = self._place_named_before(k - 2, fold(doc[k - 1].lemma_))  # "the county's Commissioner"
                if h is not None:
                    extra.append(h)
                    k, pointed = k - 3, True
                break
            inside_org = t.ent_iob_ == "I" and k + 1 < len(doc) and doc[k + 1].ent_iob_ == "I"
            joined = (t.pos_ == "CCONJ" and t.lower_ in ("and", "&") and k - 1 >= sent_start
                      and doc[k - 1].pos_ in ("NOUN", "PROPN") and doc[k + 1].pos_ == "NOUN")
            if joined:  # "AU trade and industry commissioner": the noun before "and" belongs too
                k -= 2
                continue
            h = self.hit_at.get(k)
            if (h is not None and h.j == k + 1 and k < ns - 1 and len(t.text) > 1 and t.text.isupper()
                    and t.pos_ in ACRONYM_MISTAGS):
                k = h.i - 1  # "WHO director-general Tedros": an acronym the tagger took for a pronoun
                continue
            if (t.is_space or t.is_punct and t.text != "-" and not inside_org
                    or t.pos_ in ("DET", "ADP", "AUX", "PRON", "CCONJ", "SCONJ", "NUM", "PART")
                    or t.pos_ == "VERB" and t.dep_ != "amod"
                    or k in self.person_tok or k in self.taken):
                break
            if k - 2 >= sent_start and fold(doc[k - 1].text) == "of" and (
                    (fold(doc[k - 2].text),) in self.lex.sector_words or (fold(doc[k - 2].text),) in self.lex.titles
                    or fold(doc[k - 2].text) in TITLE_NOUNS or fold(doc[k - 2].text) in self.lex.staff_nouns):
                k -= 3  # "Secretary of State", "Minister of Defence", "President of Ukraine"
                continue
            ent = self._entity_ending_at(k)
            if ent is not None and ent.label_ in ("ORG", "NORP", "GPE") and k < ns - 1:
                k = ent.start - 1  # an organisation's whole name: "African Export–Import Bank president"
                continue
            if t.ent_type_ in DATE_LABELS:
                break  # "on Sunday Presidents Muhammadu Buhari": the day is no part of the title
            title_word = self._is_title_word(t)
            if not (ns <= t.head.i <= root.i or k < t.head.i < ns
                    or k == ns - 1 and t.tag_ in PLURAL_TAGS and self._is_office_word(t)  # "Presidents X"
                    or title_word and k == ns - 1 and t.head.i == root.head.i  # "[president] Issoufou said"
                    or title_word and t.dep_ == "conj" and t.head.i < k):  # "trade and industry [commissioner]"
                break
            k -= 1
        i = k + 1
        if i >= ns:
            return None
        if extra and not pointed:
            i = extra[0].i
        if self._stranded_preposition(i - 1, i, ns):
            return None  # "On live television Erdogan said": the words are the preposition's object
        return i, ns, extra

    def _place_named_before(self, k: int, noun: str) -> Hit | None:
        """The last place named before token `k` that `noun` can point back to: a country for "the
        country's", a subdivision or city for "the county's" ("Northamptonshire ... the county's")."""
        kinds = (("country", "demonym") if noun in ("country", "nation")
                 else ("place", "capital") if noun in ("city", "town") else ("place",))
        prior = [h for h in self.hits if h.j <= k and h.entry.kind in kinds
                 and not h.entry.code.startswith(("IGO", "NGO", "IMG", "---"))]
        return prior[-1] if prior else None

    def _stranded_preposition(self, k: int, i: int, ns: int) -> bool:
        """doc[k], the token before the words doc[i:ns] that precede a name, is a preposition left
        without its object: the parser took the object ("On [live television] Erdogan said") for a
        modifier of the name, so those words are no title."""
        doc = self.doc
        if k < 0 or doc[k].pos_ != "ADP" or doc[k].dep_ != "prep":
            return False
        return not any(c.dep_ in ("pobj", "pcomp") for c in doc[k].children)

    def _entity_ending_at(self, k: int):
        for ent in self.ents:
            if ent.end == k + 1:
                return ent
            if ent.start > k:
                break
        return None

    def _is_office_word(self, t) -> bool:
        """A plural title of an office ("Presidents", "Prime Ministers"), not of a trade ("journalists")."""
        w = fold(t.lemma_)
        return (w,) in self.lex.titles or w in TITLE_NOUNS

    def _is_title_word(self, t) -> bool:
        w = fold(t.text)
        return ((w,) in self.lex.titles or (w,) in self.lex.sector_words or w in TITLE_NOUNS
                or w in self.lex.staff_nouns)

    def _appositives(self, root):
        doc, out = self.doc, []
        heads = []
        if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN") and root.head.i not in self.person_tok:
            heads.append(root.head)
        heads += [ch for ch in root.children if ch.dep_ == "appos" and ch.i not in self.person_tok]
        for h in heads:
            i = h.left_edge.i
            while i < h.i and (doc[i].pos_ == "DET" or doc[i].is_punct):
                i += 1
            if any(t in self.person_tok for t in range(i, h.i + 1)):
                continue
            extra = self._of_country(h)
            j = self._capitalised_of(h.i + 1)
            if j > h.i + 1 and code_tokens(doc[i:j], lexicon=self.lex).country_source != "title":
                j = h.i + 1  # the words after "of" named no office of their own
            out.append((i, j, extra))
        return out

    def _capitalised_of(self, j: int) -> int:
        """The end of a title after its head: past "of" + capitalised words ("the Secretary [of
        Transportation]": a US cabinet title, see coding._us_portfolio), else `j`."""
        doc = self.doc
        if j >= len(doc) or doc[j].lower_ != "of":
            return j
        k = j + 1
        while k < len(doc) and k not in self.person_tok and (doc[k].text[:1].isupper() and doc[k].pos_ == "PROPN"
                                                             or doc[k].lower_ in ("the", "and")):
            k += 1
        while k > j + 1 and doc[k - 1].lower_ in ("the", "and"):
            k -= 1
        return k if k > j + 1 else j

    def _affiliations(self, root):
        """ "Nikki Holland of the UK's National Crime Agency": the body after "of" that the person
        works for (a gazetteer name or an organisation entity), as (start, end) token spans."""
        doc, out = self.doc, []
        for prep in root.children:
            if prep.dep_ != "prep" or prep.lower_ not in AFFILIATION_PREPS:
                continue
            for p in prep.children:
                if p.dep_ != "pobj" or p.pos_ not in ("PROPN", "NOUN") or p.i in self.person_tok:
                    continue
                i = p.left_edge.i
                while i < p.i and (doc[i].pos_ == "DET" or doc[i].is_punct):
                    i += 1
                if any(t in self.person_tok for t in range(i, p.i + 1)):
                    continue
                if p.ent_type_ in ("ORG", "NORP") or any(t in self.hit_at for t in range(i, p.i + 1)):
                    out.append((i, p.i + 1))
        return out

    def _add_role(self, c: Cluster, i: int, j: int, extra: list[Hit], *, mention: bool = True) -> None:
        extra = list(extra) + [h for h in self.hits if i <= h.i and h.j <= j and h.entry.note]  # places.py
        pc = code_tokens(self.doc[i:j], extra_country=extra, lexicon=self.lex)
        if (not pc.country and pc.sector == "GOV" and pc.sector_word in GENERIC_STAFF_GOV
                and any(t.ent_type_ == "ORG" and t.i not in self.hit_at and not self._is_title_word(t)
                        for t in self.doc[i:j])):
            pc.sector = ""  # "Sea-Eye spokesperson": an organisation's, not a government's
        if not (pc.informative or pc.head_kind in ("title", "person")):
            return
        c.roles.append((self.doc[i:j].text.strip(" ,"), pc))
        if pc.office and not pc.former:
            c.offices.add(pc.office)
        if mention:
            self.mention(c, i, j, "title")
