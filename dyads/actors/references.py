"""Phrases that point back at an actor named before: possessive pronouns ("her government"), a body
named again without its country ("the Parliament's decision"), a definite noun ("the embassy")."""
from __future__ import annotations

from .coding import INTERNATIONAL, Hit, negated
from .common import WEAK_GROUP_NOUNS, Cluster
from .gender import person_gender
from .lexicon import Entry, fold

# How many sentences back "the embassy" looks for the embassy the article named (see _named_before).
DEFINITE_LOOKBACK = 3
# Pronouns earlier in the sentence that leave a possessive's referent open ("He said X questioned his ...").
SAME_REFERENT = {"his": ("he", "him", "his"), "her": ("she", "her"), "their": ("they", "them", "their")}
# Dependency labels of a subject (the antecedent a possessive pronoun prefers).
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Possessive pronouns before a group noun and the actor types they refer to ("her government": the
# government of the person "her" is; "their government": of the group the sentence is about).
POSSESSOR_TYPES = {"his": ("PER",), "her": ("PER",), "their": ("GRP", "GPE"), "its": ("GPE", "ORG", "GRP")}
# How many sentences back "Parliament", "police" with no country look for the body of that sector the
# article named with one (see _same_body_before).
SAME_BODY_LOOKBACK = 6
# Nouns of a body of several countries' forces: one named with a country that leads it ("a U.S.-led
# coalition", "the Saudi-led alliance") is the one the article means where it names it without one
# ("Coalition forces are in Iraq", "the coalition came to Iraq"), before or after (see _coalition_country).
COALITION_NOUNS = frozenset({"coalition", "alliance"})
# Sectors of a coalition of parties ("the coalition government"), not of forces: left to context.
COALITION_NOT = frozenset({"GOV", "LEG", "PTY"})
# Dependency labels of the words that name a coalition's leader ("U.S.-led", "Saudi - led", "NATO's").
LEADER_DEPS = frozenset({"amod", "compound", "npadvmod", "nmod", "poss"})
# Kinds of listed name whose "and other" bodies are of the same country (see _other_of_kind).
OTHER_OF_KIND = frozenset({"org", "metonym"})
# Sectors left to context all the same: "the government" is the article's own, often, even after another
# country's ("the Chinese government" ... "student groups had given the government until Thursday").
SAME_BODY_NOT = frozenset({"GOV"})


class ReferencesMixin:
    """Part of Builder (see builder.py for the attributes it uses)."""

    def _possessor_country(self, pron) -> str:
        """The country of the actor a possessive pronoun refers to: of the fitting type (POSSESSOR_TYPES),
        of the same sex for "his" / "her", named earlier in the sentence (a subject first, else the
        nearest), else in the one before; "" when none or it has no country."""
        doc = self.doc
        types = POSSESSOR_TYPES[pron.lower_]
        sex = {"his": "M", "her": "F"}.get(pron.lower_, "")
        sent = pron.sent
        if any(fold(t.text) in SAME_REFERENT.get(pron.lower_, ()) for t in doc[sent.start:pron.i]):
            return ""  # "He announced ... despite criticism from X, who questioned his authority": whose?
        prev = doc[sent.start - 1].sent if sent.start > 0 else sent
        for lo in (sent.start, prev.start):
            cands = []  # (subject, token, code)
            for c in self.clusters.values():
                if c.type not in types or c.code[:3] in ("", "---") or (sex and person_gender(c, self.article.text) not in (sex, "")):
                    continue
                for m in c.mentions:
                    span = doc.char_span(m.start, m.end, alignment_mode="expand")
                    if span is not None and lo <= span.start and span.end <= pron.i:
                        cands.append((self._in_subject(span.root), span.root.i, c.code))
            if "GPE" in types:  # country names become actors later (names)
                cands += [(self._in_subject(doc[h.j - 1]), h.j - 1, h.entry.code) for h in self.hits
                          if lo <= h.i and h.j <= pron.i and h.entry.kind == "country" and h.i not in self.person_tok]
            if cands:
                code = max(cands)[2]
                if len({c[2][:3] for c in cands if c[0]}) > 1:
                    return ""  # "Hungarian and Romanian officials agreed that their countries..."
                return "" if code.startswith(INTERNATIONAL) else code[:3]
        return ""

    @staticmethod
    def _in_subject(t) -> bool:
        """The token is a subject, one of coordinated subjects, or a word of one ("Hungarian [and Romanian]
        officials")."""
        while t.dep_ in ("conj", "amod", "compound", "nmod") and t.head.i != t.i:
            t = t.head
        return t.dep_ in SUBJECT_DEPS

    def _same_body_before(self, i: int, j: int, sector: str) -> Cluster | None:
        """ "Parliament", "police" with no country: the body of that sector and head noun that the article
        named with a country within SAME_BODY_LOOKBACK sentences before ("the Parliament of Iraq" ...
        "the Parliament's decision"; "Northamptonshire police" ... "She informed police"), unless the
        sentence sets the phrase in another country ("in Brazil, Congress voted")."""
        doc = self.doc
        root = doc[i:j].root
        if not sector or sector in SAME_BODY_NOT or root.pos_ not in ("NOUN", "PROPN") or fold(root.text) != fold(root.lemma_):
            return None  # a plural ("authorities", "airlines") is not one body
        heads = {fold(root.text), fold(root.lemma_)}
        sents = [s.start for s in doc.sents if s.start <= i]
        lo = doc[sents[max(0, len(sents) - 1 - SAME_BODY_LOOKBACK)]].idx
        fits = [c for c in self.clusters.values() if c.type in ("GRP", "ORG") and c.code[3:6] == sector
                and c.code[:3] not in ("", "---", "IGO", "IMG", "NGO") and c.name.split()
                and "; " not in c.source  # its country from its own words, not from context
                and fold(c.name.split()[-1]) in heads and any(lo <= m.start < doc[i].idx for m in c.mentions)]
        named = self.last_mention_before(fits, i)
        if named is None:
            return None
        sent = doc[i].sent
        settings = {h.entry.code[:3] for h in self.hits if sent.start <= h.i < sent.end and self._is_setting(h)
                    and h.entry.kind in ("country", "capital", "place")}
        return named if not settings - {named.code[:3]} else None

    def _coalition_country(self, i: int, j: int, sector: str) -> str:
        """ "Coalition forces", "the coalition" with no country: the country (or IGO) of the one
        coalition the article names with a leader ("a U.S.-led coalition"), wherever it names it; ""
        when it names none or several, or the phrase is a coalition of parties (COALITION_NOT)."""
        doc = self.doc
        if sector in COALITION_NOT or not any(fold(t.lemma_) in COALITION_NOUNS for t in doc[i:j]):
            return ""
        found = set()
        for t in doc:
            if fold(t.lemma_) not in COALITION_NOUNS or i <= t.i < j:
                continue
            for k in range(t.left_edge.i, t.i):
                h = self.hit_at.get(k)
                if h is None or h.i != k or negated(h, doc[max(0, k - 2):h.j]):
                    continue
                up = doc[h.j - 1]
                if up.dep_ in LEADER_DEPS and (up.head.i == t.i or up.head.dep_ in LEADER_DEPS and up.head.head.i == t.i):
                    found.add(h.entry.code if h.entry.code.startswith(INTERNATIONAL) else h.entry.code[:3])
        return found.pop() if len(found) == 1 else ""

    def _other_of_kind(self, root) -> str:
        """ "The CIA and other intelligence agencies": a group joined by "and other" to a body the tables
        list with a country and a sector is more of that country's bodies; "" for any other ("Russia and
        other countries" are not Russian, nor are "the UN and other agencies")."""
        if root.dep_ != "conj" or not any(ch.lower_ == "other" and ch.dep_ == "amod" for ch in root.children):
            return ""
        h = self.hit_at.get(root.head.i)
        if h is None or h.entry.kind not in OTHER_OF_KIND or h.entry.code.startswith(INTERNATIONAL):
            return ""
        code = h.entry.code
        return code[:3] if code[3:] and code[:3] != "---" else ""

    def _named_before(self, i: int, j: int) -> Cluster | None:
        """ "The embassy", "the ministry" alone (the article + one noun): the group or body with that
        head noun and a country that the article named last before it, within DEFINITE_LOOKBACK
        sentences ("the US Embassy in London" ... "The embassy declined")."""
        doc = self.doc
        if j - i != 2 or doc[i].lower_ != "the" or doc[i + 1].pos_ != "NOUN":
            return None
        heads = {fold(doc[i + 1].text), fold(doc[i + 1].lemma_)}
        sents = [s.start for s in doc.sents if s.start <= i]
        lo = doc[sents[max(0, len(sents) - 1 - DEFINITE_LOOKBACK)]].idx
        fits = [c for c in self.clusters.values() if c.type in ("GRP", "ORG") and c.code[:3] not in ("", "---")
                and c.name.split() and fold(c.name.split()[-1]) in heads
                and any(lo <= m.start < doc[i].idx for m in c.mentions)]
        return self.last_mention_before(fits, i)

    def _pronoun_owner(self, head) -> list[Hit]:
        """ "its troops", "their ambassador": the country named last before the pronoun."""
        for ch in head.children:
            if ch.dep_ == "poss" and ch.lower_ in POSSESSOR_TYPES:
                head_word = fold(head.lemma_)
                if ch.lower_ in ("his", "her") and (head_word in WEAK_GROUP_NOUNS or (head_word,) not in self.lex.sector_words):
                    return []  # "his authority", "her team": no body of a country
                country = self._possessor_country(ch)
                if country:  # "Carrie Lam ... her government", "Protesters claimed Iran is influencing their government"
                    return [Hit(ch.i, ch.i + 1, Entry("country", country, ch.text, False, "possessor"))]
                if ch.lower_ in ("its", "their"):
                    prior = [h for h in self.hits if h.j <= ch.i and h.entry.kind in ("country", "capital", "demonym")
                             and not negated(h, self.doc[max(0, h.i - 2):h.j])]
                    return prior[-1:]
        return []
