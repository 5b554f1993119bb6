"""Who acts on whom: the source and target tokens of a matched action (used by matcher.Matcher).

Sources and targets come back as slots (one per coordinated actor), each a list of alternative
tokens, best first; the event step resolves them to actors.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Token

from . import grammar as g
from . import repairs
from .lexicon import (
    ACTOR_ENTS,
    ADDRESS_VERBS,
    COPULAS,
    CULTURE_NOUNS,
    DEEP_AGAINST_ROOTS,
    DESCRIBED_NOUNS,
    LEADER_WORDS,
    MEETING_NOUNS,
    PROPOSAL_ROOTS,
    RECIPIENT_PREPS,
    RESPONSIBLE_WORDS,
    SEND_VERBS,
    SENT_AGAINST_PREPS,
    SENT_TO_PREPS,
    SENT_TO_ROOTS,
    SITE_DEPTH,
    SITE_PREPS,
    STANCE_FIRST_ROOTS,
    STANCE_NOUNS,
    STANCE_PREPS,
    STANCE_ROOTS,
    TELLING_VERBS,
    THING_OFFER_VERBS,
    THING_PRONOUNS,
    TIME_ENTS,
    VISIT_CODES,
    patient_owner,
    receiver_verb,
)
from .patterns import Pattern, PatternSet, Trigger


def thing_candidates(tok: Token, used: set[int]) -> list[Token]:
    """Nouns that can satisfy a pattern's `objects`: the object, a passive subject, and prepositional
    objects when the verb has no object or the preposition belongs to the trigger ("call for X")."""
    out = []
    has_obj = any(c.dep_ in g.OBJ for c in tok.children)
    for c in tok.children:
        if c.dep_ in g.OBJ or c.dep_ in g.PASS_SUBJ or c.dep_ in ("nsubj",) and g.is_passive(tok):
            out.append(c)
        elif c.dep_ in ("prep", "dative", "prt", "agent") and (not has_obj or c.i in used or c.dep_ == "dative"):
            out += [x for x in c.children if x.dep_ in ("pobj", "dobj")]
        elif c.dep_ == "xcomp" and c.pos_ != "VERB":
            out.append(c)
    more = []
    for o in out:
        more += [c for c in o.conjuncts]
        more += g.relative_antecedents(o)  # "a coalition ... [which] was joined by X"
        if o.dep_ in g.OBJ or o.dep_ in g.PASS_SUBJ:
            # quantities: "700 kg of medicine", "5.1 million dollars of aid"
            more += [x for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for x in p.children
                     if x.dep_ == "pobj"]
    return out + more


def matches_object(cand: Token, entry: str) -> bool:
    words = entry.split()
    own = g.lemmas(cand)
    if len(words) == 1:
        return entry in own
    if not own & set(words):
        return False
    have = {g.lemma(t) for t in cand.subtree} | {t.lower_ for t in cand.subtree}
    have |= {g.lemma(cand.head), cand.head.lower_}
    return all(w in have for w in words)


@dataclass
class Cand:
    """One reading of a token as an action: the pattern, the code, and what it embeds."""

    tok: Token
    pattern: Pattern
    trigger: Trigger
    code: str
    tokens: set[int]
    thing: Token | None = None
    embedded: Cand | None = None
    via: str = ""  # how the embedded action hangs off the frame: clause | noun
    score: float = 1.0


class Roles:
    p: PatternSet
    _sayers: dict[int, list[Token]]

    def _adjectival(self, tok: Token) -> bool:
        raise NotImplementedError

    def _noun_sources(self, n: Token, depth: int = 0) -> list[Token]:
        v = receiver_verb(n)
        if v is not None:  # "came under scrutiny [from] both parties": who gives it, never who gets it
            return [x for h in (n, v) for c in h.children if c.dep_ == "prep" and c.lower_ == "from"
                    for x in c.children if x.dep_ == "pobj"] + [c for c in n.children if c.dep_ == "poss"]
        out = [c for c in n.children if c.dep_ == "poss" and not patient_owner(n)]
        out += [x for c in n.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from")
                for x in c.children if x.dep_ == "pobj"]
        out += [c for c in n.children if c.dep_ in ("compound", "amod", "nmod") and
                (c.ent_type_ in ACTOR_ENTS or c.pos_ == "PROPN")]
        if out or depth > 3:
            return out
        h = n.head
        if (n.dep_ == "pobj" and h.lower_ == "for" and g.lemma(h.head) in RESPONSIBLE_WORDS
                and h.head.dep_ in ("acomp", "xcomp", "attr", "oprd") and g.is_verbal(h.head.head)):
            return g.subjects(h.head.head)  # "Saudi agents were responsible for his murder"
        if (n.dep_ in ("dobj", "attr", "oprd", "nsubjpass") and g.is_verbal(h) and g.lemmas(h) & g.LIGHT_VERBS
                and not (n.dep_ == "oprd" and any(c.dep_ == "dobj" for c in h.children))):
            return g.subjects(h)  # not "called the death [the senseless killing] of ...": a name for the object
        if (n.dep_ == "pobj" and h.dep_ == "prep" and g.is_verbal(h.head) and (
                (h.lower_ in ("in", "on", "into") and g.lemmas(h.head) & g.ENGAGE_VERBS)
                or (h.lower_ == "for" and g.lemmas(h.head) & g.MOTION_VERBS))):
            v = h.head  # "were engaged in ethnic cleansing"
            return [x for x in v.children if x.dep_ in g.PASS_SUBJ] or g.subjects(v)
        if n.dep_ == "pobj" and h.dep_ == "prep" and h.lower_ == "in" and g.is_verbal(h.head) and any(
                c.dep_ == "prep" and c.lower_ == "with" for c in n.children):
            return g.subjects(h.head)  # "(X) eliminated them [in cooperation with] Y", "is in talks with Y"
        if g.lemma(n) in DESCRIBED_NOUNS:  # "Chirac was an opponent of ...", "Navalny, a critic of ..."
            if n.dep_ == "attr" and g.is_verbal(h) and g.lemma(h) in COPULAS:
                return g.subjects(h)
            if n.dep_ == "appos" and h.pos_ in ("NOUN", "PROPN"):
                return [h]
        if n.dep_ == "dobj" and g.is_verbal(h) and self._reporting_lemma(h) and not g.lemmas(h) & TELLING_VERBS:
            return g.subjects(h)  # "announced the cancellation of ..." (not "reported the attack")
        if n.dep_ == "conj" and h.pos_ in ("NOUN", "PROPN"):
            return self._noun_sources(h, depth + 1)
        if n.dep_ == "pobj" and h.dep_ == "prep" and h.head.pos_ in ("NOUN", "PROPN") and h.lower_ == "of":
            return self._noun_sources(h.head, depth + 1)
        if n.dep_ == "dobj" and g.is_verbal(h) and not g.is_passive(h):
            # "evidence supported his murder ... by Saudi agents": an active verb has no agent, so the "by"
            # phrase the parser hangs on it names who did what its object names
            return [x for c in h.children if c.dep_ == "prep" and c.lower_ == "by" and c.i > n.i
                    for x in c.children if x.dep_ == "pobj" and x.pos_ in ("NOUN", "PROPN") and x.tag_ != "VBG"]
        return []

    @staticmethod
    def _phrase_head(tok: Token) -> Token:
        """'a mediation effort between X and Y': the roles hang off the head noun."""
        while tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i != tok.i:
            tok = tok.head
        return tok

    def _reporting_lemma(self, verb: Token) -> bool:
        return any(p.reporting for p, _ in self.p.candidates(g.lemma(verb), "v"))

    def _sources(self, c: Cand) -> list[Token]:
        tok = c.tok
        if c.trigger.pos == "n":
            return self._noun_sources(self._phrase_head(tok))
        if c.trigger.pos == "a":
            own = [x for x in tok.children if x.dep_ in g.SUBJ or x.dep_ in g.PASS_SUBJ]
            if own:
                return own
            if tok.dep_ in ("acomp", "xcomp", "oprd") and tok.head.i != tok.i:
                return g.subjects(tok.head)
            return g.subjects(tok) if g.is_verbal(tok) else []
        if g.is_passive(tok):
            if c.pattern.experiencer or self._adjectival(tok):
                return [x for x in tok.children if x.dep_ in g.PASS_SUBJ]
            return g.agent_of(tok)
        return g.subjects(tok)

    @staticmethod
    def _places_are_targets(c: Cand) -> bool:
        """A place named inside what an act concerns stands for its people ("shelled targets in Jericho",
        "lifted a curfew in Montenegro", "to send troops to a force in Liberia"), except for the acts of two
        parties (talks, ceasefires, treaties), which name the other party with "with" or "between": there the
        place only says where ("declared a ceasefire in south Lebanon", "held talks in Geneva")."""
        return not c.pattern.symmetric

    def _alternatives(self, t: Token, places: bool = True) -> list[Token]:
        """A target noun, then the actors inside it ("Haiti's efforts" -> efforts, Haiti); with `places`
        False, not a place that says where it is ("a center in Tokyo")."""
        t = g.relative_head(t)
        own = [c for c in t.children if c.dep_ == "poss" and c.pos_ == "PRON"]
        if own and t.pos_ == "NOUN" and not g.lemmas(t) & g.RELATIONAL_NOUNS:
            return own  # "its troops" is the source's own; "his residence" points at "his"
        alts = [t]
        alts += [c for c in t.children if c.dep_ == "poss"]
        alts += [x for c in t.children if c.dep_ == "amod" and c.lower_ in LEADER_WORDS and c.i < t.i
                 for x in c.children if x.dep_ in ("npadvmod", "compound") and x.ent_type_ in ACTOR_ENTS]
        alts += [x for c in t.children if c.dep_ == "prep" and c.lower_ in ("of", "by", "from")
                 for x in c.children if x.dep_ == "pobj"]
        if g.lemma(t) not in CULTURE_NOUNS:
            alts += [c for c in t.children if c.dep_ in ("compound", "amod") and c.ent_type_ in ACTOR_ENTS]
        # the author of an act the noun names: "prevented the demonstration [staged by students]"
        alts += [x for c in t.children if c.dep_ == "acl" and c.tag_ == "VBN" for x in g.agent_of(c)]
        alts += [x for c in t.children if c.dep_ == "prep" and c.lower_ == "in"  # "targets in Jericho"
                 for x in c.children if x.dep_ == "pobj" and (places or not g.place_said_as_where(x))]
        return alts

    def _targets(self, c: Cand, sources: list[Token]) -> list[Token]:
        tok, p = c.tok, c.pattern
        src = {s.i for s in sources}
        places = self._places_are_targets(c)
        out: list[Token] = []
        stance = [x for p in tok.children if p.dep_ == "prep" and p.lower_ == "in" and c.trigger.pos == "v"
                  for n in p.children if n.dep_ == "pobj" and g.lemma(n) in STANCE_NOUNS
                  for q in n.children if q.dep_ == "prep" and q.lower_ in STANCE_PREPS
                  for x in q.children if x.dep_ == "pobj"]
        if c.code[:2] in STANCE_FIRST_ROOTS:
            out += stance
        if c.trigger.pos == "v":
            if g.is_passive(tok) and not self._adjectival(tok):
                out += (g.agent_of(tok) if p.experiencer else
                        [x for x in tok.children if x.dep_ in g.PASS_SUBJ])
            elif repairs.absolute_passive(tok):  # "with twelve soldiers [killed]"
                out += [x for x in tok.children if x.dep_ in g.SUBJ]
            if not p.reporting:  # what a speaker says is not whom he says it to
                out += [o for o in map(self._gerund_noun, g.objects(tok)) if o.pos_ in ("NOUN", "PROPN", "PRON")
                        and (c.thing is None or p.object_is_target or c.thing.i not in {x.i for x in g.conjuncts(o)})]
            out += g.dative(tok)
            if not p.reporting and not g.objects(tok):
                # "allowed [Ouattara] to participate", "let [them] enter": the parser often reads the object
                # of a verb that takes an object and an infinitive as the subject of the infinitive
                out += [s for k in tok.children if k.dep_ == "ccomp" and g.bare_or_to_infinitive(k)
                        for s in g.direct_subjects(k)]
        if c.thing is not None:
            out += self._alternatives(c.thing, places)[1:]  # "expelled two [Russian] diplomats"
        out += g.preps_of(tok, ("against", *p.preps))
        for i in sorted(c.tokens - {tok.i}):  # "held a meeting [with] X", "attempted to assassinate X"
            w = tok.doc[i]
            out += g.preps_of(w, ("against", *p.preps))
            if w.dep_ == "prep" and c.trigger.pos == "v" and c.thing is None:
                # "called for [G7] action", "called for sanctions [against Nigeria]": the actors in what
                # the trigger's own preposition governs
                for x in w.children:
                    if x.dep_ == "pobj":
                        out += self._alternatives(x, places)[1:] + g.preps_of(x, ("against", *p.preps))
            if g.is_verbal(w) and c.trigger.pos in ("v", "n"):  # "an attempt to assassinate [X]"
                out += [o for o in g.objects(w) if c.thing is None or o.i != c.thing.i]
        if c.trigger.pos == "n" and self._phrase_head(tok).i != tok.i:
            out += g.preps_of(self._phrase_head(tok), ("against", *p.preps))
        if c.trigger.pos == "n" and (v := receiver_verb(self._phrase_head(tok))) is not None:
            out += g.subjects(v)  # "Trump came under scrutiny from ...": done to Trump
        if c.trigger.pos == "n" and patient_owner(self._phrase_head(tok)):  # "his murder": done to him
            out += [x for x in self._phrase_head(tok).children if x.dep_ == "poss"]
        if c.trigger.pos == "n":  # "the withdrawal of some forces [from Panama]"
            out += [x for of in g.preps_of(self._phrase_head(tok), ("of",)) for x in g.preps_of(of, p.preps)]
        if c.trigger.pos == "n":  # "were engaged in ethnic cleansing ... against X", "held talks ... with X"
            h = self._phrase_head(tok)
            carrier = h.head if h.dep_ in ("dobj", "attr") else h.head.head if h.dep_ == "pobj" else None
            if carrier is not None and g.is_verbal(carrier) and g.lemmas(carrier) & (g.LIGHT_VERBS | g.ENGAGE_VERBS):
                out += g.preps_of(carrier, ("against", *p.preps))
        if c.thing is not None:
            out += g.preps_of(c.thing, ("against", *p.preps))
            # "launched missiles [targeting US troops]"
            out += [o for a in c.thing.children if a.dep_ == "acl" for o in g.objects(a)]
            # whose the thing is, last: "the US announced a coalition, which was joined by X" -> the US
            out += self._noun_sources(c.thing)
        if c.trigger.pos == "a" and tok.head.i != tok.i:
            out += g.preps_of(tok, p.preps)
        if c.code[:2] in STANCE_ROOTS - STANCE_FIRST_ROOTS:  # "fired rockets at X in retaliation for Y's raid"
            out += stance
        if c.trigger.pos == "v" and places:
            out += self._destinations(tok)
        if c.code[:2] in DEEP_AGAINST_ROOTS:
            # inside what the act moves or uses, not in why or when it was done ("banned for playing against X")
            held = ([c.thing] if c.thing is not None else []) + (g.objects(tok) if c.trigger.pos == "v" else [])
            out += [x for o in held for t in o.subtree if t.dep_ == "prep" and t.lower_ == "against"
                    and t.i > tok.i for x in t.children if x.dep_ == "pobj"]
        if c.code in VISIT_CODES and self._for_meeting(tok):
            out = [t for t in out if not g.place_said_as_where(t, locative=True) and not (
                t.dep_ == "pobj" and t.head.head.i == tok.i and (t.ent_type_ in g.PLACE_ENTS
                                                                  or g.lemma(t) in g.PLACE_NOUNS))]
        own = c.tokens - ({c.thing.i} if c.thing is not None and p.object_is_target else set())
        return [t for t in out if t.i not in src and t.i not in own and t.ent_type_ not in TIME_ENTS
                and (t.pos_ in ("NOUN", "PROPN", "PRON") or t.ent_type_ in ACTOR_ENTS)]

    @staticmethod
    def _for_meeting(tok: Token) -> bool:
        """'(traveled to New York) for the UN General Assembly': the trip is made for a gathering."""
        return any(x.ent_type_ in ("ORG", "EVENT") or g.lemmas(x) & MEETING_NOUNS
                   for p in tok.children if p.dep_ == "prep" and p.lower_ == "for"
                   for x in p.children if x.dep_ == "pobj")

    @staticmethod
    def _gerund_noun(o: Token) -> Token:
        """'vetoed a Security Council [resolution] censuring ...': the noun the parser read as a compound of
        the participle after it is the object."""
        if o.tag_ == "VBG":
            for c in o.children:
                if c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN") and c.i < o.i and any(
                        d.dep_ == "det" for d in [*c.children, *o.children]):
                    return c
        return o

    @staticmethod
    def _destinations(tok: Token) -> list[Token]:
        """'dispatched inspectors to the plant [in central Iran]': where the sent go; 'sent personnel to
        [Bosnia] to investigate ...': where an act of the sent (or of whoever went) is done."""
        def place(x: Token) -> bool:
            return x.ent_type_ in g.PLACE_ENTS or g.lemma(x) in g.PLACE_NOUNS
        out = []
        if g.lemmas(tok) & SEND_VERBS:
            out += [x for x in g.preps_of(tok, ("in",)) if place(x)]
        h = tok.head
        if (tok.dep_ in ("advcl", "xcomp") and g.infinitive(tok) and h.i < tok.i and g.is_verbal(h)
                and g.lemmas(h) & (SEND_VERBS | g.MOTION_VERBS)):
            out += [x for x in g.preps_of(h, ("to", "into", "in")) if place(x)]
        return out

    @staticmethod
    def _clause_subjects(tok: Token) -> list[Token]:
        """Subjects of the clause that says what someone must do: the trigger's own complement clause
        ("demanded that [Hamas] renounce"), or the clause of the noun it acts through ("insisted on its
        demands that [the government] grant", "issued a reminder to Iraq that [it] must"). A passive clause
        names whom it presses through its agent or the holder of what it concerns ("demanded that control of
        [the Interior Ministry] be taken away"), not through the thing itself ("urged the immunity be waived")."""
        clauses = [k for k in tok.children if k.dep_ in ("ccomp", "xcomp")]
        nouns = [k for k in tok.children if k.dep_ == "dobj"]
        nouns += [x for k in tok.children if k.dep_ == "prep" for x in k.children if x.dep_ == "pobj"]
        if tok.pos_ == "NOUN":
            nouns.append(tok)
        clauses += [k for n in nouns for k in n.children if k.dep_ in ("acl", "ccomp") and g.is_verbal(k)
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in k.children)]
        out = []
        for k in clauses:
            if g.question(k):  # "asked whether the bill would pass" asks nothing of the bill
                continue
            out += g.direct_subjects(k)
            if g.is_passive(k):
                out += g.agent_of(k) + [a for x in k.children if x.dep_ in g.PASS_SUBJ for a in g.of_whom(x)]
        return out

    def _frame_targets(self, c: Cand, sources: list[Token]) -> list[Token]:
        e = c.embedded
        own = self._targets(c, sources)
        if c.pattern.target == "object":
            if own:
                return own
            if e is not None and e.code[:2] == c.code[:2]:  # "the calls by officials [asking] the US to ..."
                got = [t for t in self._targets(e, self._sources(e)) if t.i not in {x.i for x in sources}]
                if got:
                    return got
            return [s for s in self._sources(e) if s.i not in {x.i for x in sources}] if e else []
        esrc = self._sources(e)
        if (c.via == "noun" and e.code[:2] in PROPOSAL_ROOTS and esrc
                and not ({s.i for s in esrc} & {s.i for s in sources})
                and not any(s.pos_ == "PRON" for s in esrc)):
            return esrc  # "rejected an Indian proposal" -> India
        etg = self._targets(e, esrc)
        deeper = e.embedded
        while not etg and deeper is not None:
            etg = self._targets(deeper, self._sources(deeper))
            deeper = deeper.embedded
        return etg or own

    @staticmethod
    def _sent_to_side(c: Cand) -> bool:
        """'(committing to) send more troops [to Saudi Arabia]': forces sent to a named country (see SENT_TO_CODE)."""
        tok = c.tok
        if c.code[:2] not in SENT_TO_ROOTS or c.trigger.pos != "v" or not g.lemmas(tok) & SEND_VERBS:
            return False
        if c.thing is None or g.preps_of(tok, SENT_AGAINST_PREPS) or g.preps_of(c.thing, SENT_AGAINST_PREPS):
            return False
        return any(x.ent_type_ in ("GPE", "NORP") for x in g.preps_of(tok, SENT_TO_PREPS))

    @staticmethod
    def _thing_recipients(c: Cand) -> list[Token] | None:
        """Whom a thing is offered to (see THING_OFFER_VERBS); None where the rule does not apply."""
        tok = c.tok
        if (not c.pattern.is_frame or c.embedded is not None or c.trigger.pos != "v"
                or not g.lemmas(tok) & THING_OFFER_VERBS or not any(x.dep_ == "dobj" for x in tok.children)):
            return None
        return g.dative(tok) + g.preps_of(tok, RECIPIENT_PREPS)

    @staticmethod
    def _clause_objects(tok: Token) -> list[Token]:
        """What the complement clause acts on ("warned that police will not tolerate [rallies] by X")."""
        return [o for k in tok.children if k.dep_ == "ccomp" and not g.question(k) for o in g.objects(k)
                if o.pos_ in ("NOUN", "PROPN", "PRON")]

    @staticmethod
    def _that_clause(tok: Token) -> bool:
        """'demanded that control ... be taken away', 'urged the immunity be waived': a subjunctive clause
        with its own subject says what is asked even when it codes no act ("asked why ..." asks no one)."""
        return g.is_verbal(tok) and any(k.dep_ == "ccomp" and g.subjunctive(k) for k in tok.children)

    @staticmethod
    def _site_owners(tok: Token) -> list[Token]:
        """The actors that own the building a protest is held at: "gathered [around] Hong Kong's police
        complex", "protested [outside] the US embassy" (not a place itself, nor one said only as where)."""
        out, v = [], tok
        for _ in range(SITE_DEPTH + 1):
            for x in g.preps_of(v, tuple(SITE_PREPS)):
                if x.pos_ == "NOUN" and x.ent_type_ not in g.PLACE_ENTS:
                    out += [o for o in x.children
                            if o.dep_ in ("poss", "compound", "amod") and o.ent_type_ in ACTOR_ENTS]
            if v.dep_ not in ("conj", "advcl") or v.head.i == v.i or not g.is_verbal(v.head):
                break
            v = v.head
        return out

    @staticmethod
    def _addressee(tok: Token) -> list[Token]:
        """Whom the verb a participle hangs on addresses: "wrote [to X] asking ...", "sent a letter [to X]
        urging ..." (see ADDRESS_VERBS)."""
        h = tok.head
        if tok.dep_ not in ("advcl", "xcomp") or tok.tag_ != "VBG" or not g.is_verbal(h) \
                or not g.lemmas(h) & ADDRESS_VERBS:
            return []
        return g.preps_of(h, ("to",)) + [x for o in g.objects(h) for x in g.preps_of(o, ("to",))]

    def _groups(self, toks: list[Token], trig: Token, places: bool = True) -> list[list[list[Token]]]:
        groups, seen = [], set()
        for t in toks:
            if t.i in seen:
                continue
            inner = [x for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for x in c.children
                     if x.dep_ == "pobj" and len(g.conjuncts(x)) > 1]
            if t.pos_ == "NOUN" and len(g.conjuncts(t)) == 1 and inner:
                t = inner[0]  # "the navies of China, India and Oman": each country
            slots = self._slots([t], trig, alts=True, places=places)
            seen |= {s[0].i for s in slots}
            if slots:
                groups.append(slots)
        return groups

    def _slots(self, toks: list[Token], trig: Token, alts: bool = False, places: bool = True) -> list[list[Token]]:
        slots, seen = [], set()
        toks = sorted(toks, key=lambda t: t.i)
        for a, b in pairwise(toks):
            # "Niger's president Mahamadou Issoufou said": two subjects side by side are one actor
            if a.dep_ == b.dep_ == "nsubj" and a.head.i == b.head.i and a.right_edge.i + 1 == b.left_edge.i:
                seen.add(b.i)
                slots.append([b, a])
        for t in toks:
            for x in g.conjuncts(t):
                if x.i in seen or x.i == trig.i:
                    continue
                seen.add(x.i)
                owners = g.coordinated_owners(x)
                if owners:  # "U.S. and Russian negotiators": each owner's, the noun when it names no one
                    slots += [[o, x] for o in owners]
                    continue
                slot = self._alternatives(x, places) if alts else [x] + g.of_whom(x)
                slot += g.affiliates(x)  # "workers [affiliated with] the union": the union, when they name no one
                if not alts and x.dep_ in ("dobj", "pobj") and g.is_verbal(x.head):
                    slot += g.subjects(x.head)  # "launched missiles targeting X": the launcher
                sayers = getattr(self, "_sayers", {})
                for a in list(slot):  # "Iran said the US attacked [its] ships": its may be the sayer's
                    if a.lower_ in g.PRONOUNS and a.i in sayers:  # (a person is not "it")
                        slot += [s for s in sayers[a.i] if s.i != a.i and s not in slot and not (
                            a.lower_ in THING_PRONOUNS and any(x.ent_type_ == "PERSON" for x in s.subtree))]
                slots.append(slot)
        return slots
