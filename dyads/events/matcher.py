"""Find coded actions in a parsed sentence: patterns and frames matched over the dependency tree.

`match_sentence` returns `Found` records: the trigger, the CAMEO code, and for the source and the
target a list of slots (one per coordinated actor), each slot a list of alternative tokens, best
first. The step resolves the alternatives to actors (dyads.actors.resolve).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from . import grammar as g
from . import nonacts, repairs
from .lexicon import (
    ACTOR_ENTS,
    ADDRESS_ROOTS,
    ASPECT_VERBS,
    CONTENT_VERBS,
    DESCRIBED_NOUNS,
    FALL_SENSE,
    FALLBACK_DEPS,
    FALLBACK_PREPS,
    FALLBACK_ROOTS,
    HORTATIVE,
    NO_TARGET_NOUN_ROOTS,
    OWNED_DEMAND_ROOTS,
    PERSONAL_PRONOUNS,
    SENT_TO_CODE,
    TIME_ENTS,
)
from .patterns import Pattern, PatternSet, Trigger
from .roles import Cand, Roles, matches_object, thing_candidates

# Frames the matcher applies on its own: intent for "will cooperate", threat for "will attack",
# refusal for "cannot extradite", demand for "X said Y must ...".
INTENT_FRAME, THREAT_FRAME, REJECT_FRAME = "03.agree-to.v", "13.threaten-to.v", "12.refuse-to.v"
DEMAND_FRAME, APPEAL_FRAME = "10.demand-that.v", "02.urge-to.v"
COOP_ROOTS = {"04", "05", "06", "07", "08"}
FORCE_ROOTS = {"14", "15", "16", "17", "18", "19", "20"}
# How many actors named in the clause that says why a rejection, threat or protest may stand as its target.
FALLBACK_TARGETS = 2
# "rioted [following] a demonstration calling for the removal of X": protests answer what came before them.
PROTEST_ROOTS, PROTEST_PREPS = {"14"}, {"following", "after"}
# Not accepting a demand is rejecting it ("did not accede to the protesters' demands" -> 123), where not
# meeting someone is only a meeting that did not happen.
ACCEPTANCE = {"08.accede.v"}
# "announced it would prohibit all aid to X": a sanction decided and made known, not a threat (no condition);
# "said it would attack" stays a threat.
DECIDED_ROOTS = {"16"}
DECISION_VERBS = {"announce", "decide", "declare", "confirm", "rule", "decree", "order"}
# Future acts of these roots are threats only under a condition ("unless ...", "if ...").
CONDITIONAL_THREAT_ROOTS = {"12"}
# Where a frame looks for the action it wraps.
# Where a frame looks for the action it wraps (only after the frame word), best first.
EMBED_DEPS = ("xcomp", "ccomp", "acl", "dobj", "attr", "oprd", "prep", "dative", "relcl")
EMBED_PREPS = {"of", "on", "to", "for", "from", "about", "against", "with", "into", "upon"}
NAME_ENTS = {"ORG", "GPE", "PERSON", "FAC", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT", "NORP", "LOC"}
# "We stand ready", "eager for an election", "committed to keeping our border safe": a readiness said of an
# adjective is an intent to cooperate only with someone ("ready to talk with Iran")
ADJ_INTENT_ROOTS = {"03"}
CLAIM_OR_DEMAND = {"insist"}  # demands with a subjunctive clause, asserts with an indicative one
ATTITUDE_CODES = {"012", "013", "018"}  # pessimism, optimism, empathy: what the speaker feels, no demand
# Events in subordinate clauses rank below the main clause's ("most confident first").
SUBORDINATE_DEPS = {"relcl", "acl", "advcl", "xcomp", "pcomp", "ccomp", "conj"}
# Accusations name the accused as the subject of what they report ("X alleged (that) Y ...").
CLAUSE_SUBJECT_ROOTS = {"11"}
DEPTH_PENALTY, SUBORDINATE_PENALTY = 0.02, 0.07
# Threats and demands name whom they press in the condition ("... unless Baghdad accepts").
CONDITION_ROOTS = {"10", "13"}
CLAUSE_DEPS = {"xcomp", "ccomp", "pcomp"}
WINDOW_BEFORE, WINDOW_AFTER = 3, 8
# A particle or preposition hanging off the trigger itself counts however long the object before it
# ("forced the UN refugee agency, UNHCR, [out] of the country"), up to this many tokens away.
PARTICLE_DEPS, PARTICLE_REACH = {"prt", "prep", "advmod"}, 20
# What says what becomes of a verb's object, or a particle that changes the verb (patterns' `no_complement`).
COMPLEMENT_DEPS = {"prt", "oprd", "acomp", "xcomp", "ccomp"}
# A noun trigger that only modifies another noun counts when that noun is one of these
# ("a mediation effort", "peace talks"); "missile defense" is not an attack.
LIGHT_HEADS = {"effort", "mission", "campaign", "operation", "process", "deal", "plan", "talk", "attempt",
               "initiative", "action", "programme", "program", "bid", "drive", "move", "threat", "call"}


@dataclass
class Found:
    tok: Token
    code: str
    pattern_id: str
    trigger_tokens: list[int]
    sources: list[list[Token]]
    targets: list[list[list[Token]]]  # groups (one per target phrase) of slots (one per conjunct)
    negated: bool = False
    mode: str = ""
    confidence: float = 0.8
    symmetric: bool = False
    statement: bool = False
    inside: list[int] = field(default_factory=list)  # token indices of the clause it reports
    needs_target: bool = False  # a nominal event that means nothing without whom it concerns
    context_target: bool = False  # "the protesters' demands": made of whom the context names, or of no one


def _lem(t: Token) -> str:
    return t.lemma_.lower()


def _is_time_prep(t: Token) -> bool:  # "for three hours", "for the second time"
    return t.dep_ == "prep" and any(x.ent_type_ in TIME_ENTS or x.lemma_ == "time" for x in t.children
                                    if x.dep_ == "pobj")


def _has_word(tok: Token, word: str, lo: int, hi: int, used: set[int]) -> Token | None:
    for t in tok.children:
        if t.dep_ in PARTICLE_DEPS and t.lower_ == word and hi <= t.i < tok.i + PARTICLE_REACH:
            return t
    for t in tok.subtree:
        if lo <= t.i < hi and t.i != tok.i and word in g.lemmas(t) and not _is_time_prep(t) and not (
                t.pos_ == "ADP" and t.head.i not in used):  # not "calling it an aggression [on] Iraq"
            return t
    h = tok.head
    if lo <= h.i < hi and (_lem(h) == word or h.lower_ == word):
        return h
    return None


def _named_by(tok: Token, nouns: tuple[str, ...]) -> bool:
    """The phrase headed by `tok` names one of `nouns`, also through a part or a number of it ("hundreds
    of [troops]", "the last of the [soldiers]")."""
    if g.lemmas(tok) & set(nouns):
        return True
    return any(x.dep_ == "pobj" and g.lemmas(x) & set(nouns)
               for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for x in p.children)


def _pos_ok(tok: Token, pos: str) -> bool:
    if pos == "v":
        return tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX")
    if pos == "n":  # not a word of a name ("Asia-Pacific Economic Cooperation")
        return tok.pos_ == "NOUN" and not tok.tag_.startswith("VB") and tok.ent_type_ not in NAME_ENTS
    return tok.pos_ == "ADJ" or (tok.tag_ == "VBN" and tok.dep_ in ("acomp", "amod", "ROOT"))


class Matcher(Roles):
    def __init__(self, patterns: PatternSet) -> None:
        self.p = patterns
        self.intent = patterns.frame(INTENT_FRAME)
        self.threat = patterns.frame(THREAT_FRAME)
        self.reject = patterns.frame(REJECT_FRAME)
        self.demand = patterns.frame(DEMAND_FRAME)
        self.appeal = patterns.frame(APPEAL_FRAME)
        # "is opposed to", "is committed to": passive in form, an attitude of the subject in meaning
        self.adj_words = {t.anchor for p in patterns.patterns for t in p.triggers if t.pos == "a"}

    def _adjectival(self, tok: Token) -> bool:
        return ((tok.lower_ in self.adj_words or g.lemmas(tok) & g.ENGAGE_VERBS)
                and g.is_passive(tok) and not g.agent_of(tok))

    # ------------------------------------------------------------ which pattern a token triggers
    def _fits(self, tok: Token, p: Pattern, t: Trigger) -> Cand | None:
        nxt = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
        if _lem(tok) == "let" and (nxt in HORTATIVE or nxt == "us" and not g.direct_subjects(tok)):
            return None  # "let's discuss": a suggestion, not a permission ("they let us enter" is one)
        if t.pos == "v" and _lem(tok) in FALL_SENSE and not any(
                c.dep_ in ("xcomp", "ccomp", "dobj", "nsubjpass") for c in tok.children) and not any(
                s.lower_ in PERSONAL_PRONOUNS or s.ent_type_ == "PERSON" for s in g.subjects(tok)):
            return None  # (but "asked him to delay his ruling, but he declined": a person refuses)
        lo, hi = tok.i - WINDOW_BEFORE, tok.i + WINDOW_AFTER
        used = {tok.i}
        for w in t.rest:
            hit = _has_word(tok, w, lo, hi, used)
            if hit is None:
                return None
            used.add(hit.i)
        thing, thing_words = None, 0
        if p.objects and t.pos == "v" and not p.is_frame:
            for c in thing_candidates(tok, used):
                for e in p.objects:
                    n = len(e.split())
                    if n > thing_words and matches_object(c, e):
                        thing, thing_words = c, n
            if thing is None:
                return None
        if p.not_objects and t.pos == "v" and any(matches_object(c, e) for c in g.objects(tok) for e in p.not_objects):
            return None
        if t.pos == "n" and tok.dep_ == "compound" and _lem(tok.head) not in LIGHT_HEADS:
            return None
        if p.clause and not any(c.dep_ == "ccomp" for c in tok.children):
            return None
        if t.pos == "v" and p.cameo[:2] in nonacts.NON_AGENT_ROOTS and nonacts.figurative_fight(tok):
            return None  # "fighting corruption": a campaign, no force
        if p.is_frame and p.cameo[:2] == "10" and _lem(tok) in CLAIM_OR_DEMAND and any(
                c.dep_ == "ccomp" and nonacts.indicative(c) for c in tok.children):
            return None  # "insisting she made the decision alone" claims; "insists that the budget include" demands
        if p.transitive and not any(c.dep_ in g.OBJ or c.dep_ in g.PASS_SUBJ or (
                c.dep_ in ("ccomp", "xcomp") and c.i > tok.i and g.direct_subjects(c)) for c in tok.children):
            return None
        if p.is_frame and p.standalone == "clause" and not any(c.dep_ in ("xcomp", "ccomp") and c.i > tok.i
                                                               for c in tok.children):
            return None  # a clause before the verb is a report misparsed ('X told Y, "Z wants to ..."')
        score = (1.0 + (0.6 + 0.1 * thing_words if thing is not None else 0) + 0.25 * len(t.rest)
                 + 0.02 * len(p.cameo) + (0.1 if t.pos == "a" and tok.tag_ == "VBN" else 0)
                 - (0.05 if p.reporting else 0))
        if thing is not None:
            used.add(thing.i)
        if p.no_complement and any(c.dep_ in COMPLEMENT_DEPS for c in tok.children):
            return None  # "left two Palestinians dead", "left weapons behind": no departure
        cand = Cand(tok, p, t, p.cameo, used, thing=thing, score=score)
        if p.source_nouns and not any(_named_by(x, p.source_nouns) for s in self._sources(cand)
                                      for x in g.conjuncts(s)):
            return None  # "[troops] left Iraq" retreats; "the minister left Iraq" does not
        return cand

    def _best(self, tok: Token, frames: bool) -> Cand | None:
        best = None
        for pos in ("v", "n", "a"):
            if not _pos_ok(tok, pos):
                continue
            for lemma in g.lemmas(tok):
                for p, t in self.p.candidates(lemma, pos):
                    if p.is_frame != frames:
                        continue
                    c = self._fits(tok, p, t)
                    if c and (best is None or c.score > best.score):
                        best = c
        return best

    def _embedded(self, tok: Token, memo: dict, depth: int) -> tuple[Cand | None, str]:
        kids = [c for c in tok.children if (c.i > tok.i and c.dep_ in EMBED_DEPS)
                or (c.dep_ in g.PASS_SUBJ and g.is_verbal(tok))  # "the visit was canceled"
                or (c.i > tok.i and c.dep_ == "advcl" and g.infinitive(c))]  # "sworn [to fight]", misparsed
        if tok.pos_ == "NOUN" and tok.dep_ == "dobj":  # "reiterated its demand that Israel ease ..."
            kids += [c for c in tok.head.children if c.dep_ == "ccomp" and c.i > tok.i]
        if tok.pos_ == "NOUN" and tok.dep_ == "nsubj" and g.lemmas(tok.head) & CONTENT_VERBS:
            # "their demands have included dissolving parliament", "its main demand is the release of ..."
            kids += [c for c in tok.head.children if c.dep_ in ("dobj", "attr", "xcomp") and c.i > tok.head.i]
        kids_in_order = sorted(kids, key=lambda c: (EMBED_DEPS.index(c.dep_) if c.dep_ in EMBED_DEPS else 1, c.i))
        for c in kids_in_order:
            if c.dep_ == "dobj" and self._gerund_noun(c).i != c.i:
                continue  # "vetoed a Security Council resolution censuring ...": the resolution is the object
            kids = []
            if c.dep_ in ("prep", "dative"):
                if c.lower_ in EMBED_PREPS:
                    kids = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
            else:
                kids = [c]
            for k in kids:
                e = self.evaluate(k, memo, depth + 1)
                if e is not None:
                    via = "clause" if (c.dep_ in CLAUSE_DEPS or k.dep_ == "pcomp" or c.dep_ == "acl"
                                       or g.is_verbal(k)) else "noun"
                    return e, via
                if c.dep_ == "xcomp" and g.is_verbal(k) and g.lemmas(k) & ASPECT_VERBS:
                    # an uncoded verb of phase between: "prepared to [resume] shelling X"
                    for x in k.children:
                        if x.dep_ in ("xcomp", "ccomp") and x.i > k.i and g.is_verbal(x):
                            e = self.evaluate(x, memo, depth + 2)
                            if e is not None:
                                return e, "clause"
                if c.dep_ == "xcomp" and g.is_verbal(k):
                    # one uncoded verb between: "refused to respond to a demand from X"
                    for p in k.children:
                        inner = [x for x in p.children if x.dep_ == "pobj"] if p.dep_ == "prep" else (
                            [p] if p.dep_ == "dobj" else [])
                        for x in inner:
                            e = self.evaluate(x, memo, depth + 2)
                            if e is not None and e.trigger.pos == "n":
                                return e, "noun"
        return None, ""

    def evaluate(self, tok: Token, memo: dict, depth: int = 0) -> Cand | None:
        """The best reading of `tok` as an action, frames composed with what they embed."""
        if tok.i in memo:
            return memo[tok.i]
        memo[tok.i] = None  # guards cycles
        if depth > 5:
            return None
        plain = self._best(tok, frames=False)
        frame = self._best(tok, frames=True)
        result = plain
        if frame is not None:
            emb, via = self._embedded(tok, memo, depth)
            if emb is not None and not (plain and plain.thing is not None and via == "noun"):
                inner = emb.code if not (via == "noun" and emb.code.startswith("01")) else ""
                frame.code = frame.pattern.compose(inner) if inner else frame.pattern.cameo
                if frame.pattern.id == INTENT_FRAME and self._sent_to_side(emb):  # "committed to send troops to X"
                    frame.code = SENT_TO_CODE
                frame.embedded, frame.via = emb, via
                result = frame
            elif frame.pattern.standalone is True and (plain is None or frame.score > plain.score or (
                    not plain.thing and any(c.dep_ in ("ccomp", "xcomp") for c in tok.children))):
                result = frame  # "demanded that Hamas renounce ...": the frame reads the clause
            elif plain is None and frame.pattern.standalone == "clause":
                result = frame  # _fits checked the clause
        memo[tok.i] = result
        return result

    # ------------------------------------------------------------ sentences
    def match_sentence(self, sent: Span) -> list[Found]:
        memo: dict[int, Cand | None] = {}
        cands = [c for t in sent if (c := self.evaluate(t, memo)) is not None]
        consumed: set[int] = set()
        for c in cands:
            e = c.embedded
            while e is not None:
                consumed.add(e.tok.i)
                e = e.embedded
            consumed |= c.tokens - {c.tok.i}
        self._sayers = self._reported(sent, memo)
        demands = self._demands(sent, memo, consumed)
        found = []
        for c in cands:
            if c.tok.i in consumed:
                continue
            f = self._found(c)
            if f is not None:
                found.append(f)
        return found + demands

    def _reported(self, sent: Span, memo: dict) -> dict[int, list[Token]]:
        """Tokens inside what a verb of saying reports -> the sayer ("Russia said it cannot ...")."""
        out: dict[int, list[Token]] = {}
        for tok in sent:
            c = memo.get(tok.i)
            if c is None or not c.pattern.reporting:
                continue
            sayer = g.subjects(tok)
            for k in tok.children:
                if k.dep_ == "ccomp":
                    for x in k.subtree:
                        out.setdefault(x.i, sayer)
        return out

    def _found(self, c: Cand) -> Found | None:
        tok = c.tok
        sources = self._sources(c)
        if c.pattern.reporting:  # an act does not speak ("Obama's visit ... expressing hope"); a report does
            # ("critics said": people named by a stance speak)
            speakers = g.SPEECH_NOUNS | DESCRIBED_NOUNS
            sources = [s for s in sources if not (s.pos_ == "NOUN" and not g.lemmas(s) & speakers
                                                  and any(self.p.candidates(w, "n") for w in g.lemmas(s)))]
        if c.code[:2] in nonacts.NON_AGENT_ROOTS and sources and all(nonacts.non_agent(s) for s in sources):
            return None
        if g.supposed(tok):
            return None  # "if we can't resolve it then ...": supposed, not done
        if sources and all(nonacts.purpose(s) for s in sources):
            return None  # "One of the stated goals of AfCFTA is to encourage trade": a goal urges no one
        if c.pattern.is_frame and c.embedded is not None:
            targets = self._frame_targets(c, sources)
        else:
            targets = self._targets(c, sources)
        if c.pattern.is_frame and c.pattern.target == "object":
            # "demanded that Hamas renounce ...", "insisted on its demands that the government grant ...":
            # whoever the clause says must act, after the frame's own objects (the step takes the first
            # that names another actor)
            src = {s.i for s in sources} | {t.i for t in targets}
            targets = list(targets) + [s for s in self._clause_subjects(tok) if s.i not in src]
        if not targets and c.code[:2] in ADDRESS_ROOTS:  # "wrote to X asking to waive ...": X
            targets = self._addressee(tok)
        if c.pattern.is_frame and c.pattern.target != "object" and c.embedded is None and not targets:
            # "warned that police will no longer tolerate rallies by [the Kifaya group]": a clause that codes no
            # act names whom a threat or refusal concerns, its subject first, then what it acts on
            src = {s.i for s in sources}
            targets = [x for x in self._clause_subjects(tok) + self._clause_objects(tok) if x.i not in src]
        if not targets and c.code[:2] in CLAUSE_SUBJECT_ROOTS:
            src = {s.i for s in sources}  # "Hotak alleged the central government are hiding ...": the government
            targets = [s for k in tok.children if k.dep_ == "ccomp" for s in g.direct_subjects(k) if s.i not in src]
        if c.code[:2] in CONDITION_ROOTS:
            # "threatened to launch an offensive unless Baghdad accepted its conditions": Baghdad, when
            # nothing before it names an actor (the step takes the first target that does)
            src = {s.i for s in sources}
            targets = list(targets) + [s for x in g.conditional_clause(tok) for s in g.direct_subjects(x)
                                       if s.i not in src and s.lower_ not in g.PRONOUNS][:1]
        if not targets and not c.pattern.reporting and c.code[:2] in FALLBACK_ROOTS:
            # "refuses to provide guarantees that ... won't target Russia", "staged a hunger strike in
            # protest against the security forces": the first actor named in the clause that says why
            src = {s.i for s in sources}
            heads = [tok] + [tok.doc[i] for i in sorted(c.tokens - {tok.i})]  # "staged a hunger strike [in ...]"
            if c.trigger.pos == "n" and tok.dep_ in ("dobj", "attr") and g.is_verbal(tok.head):
                heads.append(tok.head)  # "continuing a hunger strike [in protest of ...]"
            inner = {}
            preps = FALLBACK_PREPS | (PROTEST_PREPS if c.code[:2] in PROTEST_ROOTS else set())
            for h in heads:
                for k in h.children:
                    # "a general strike [that shut down X]": what a protest does says whom it presses
                    if k.dep_ in FALLBACK_DEPS or (k.dep_ == "prep" and k.lower_ in preps) or (
                            k.dep_ == "relcl" and h.i == tok.i and c.trigger.pos == "n" and c.code[:2] in PROTEST_ROOTS):
                        for x in k.subtree:
                            if x.ent_type_ in ACTOR_ENTS or x.pos_ == "PROPN":
                                # the phrase a name modifies: "the autonomous [Azerbaijani] republic of
                                # Nakhichevan", "the [Kenya] Anti-Corruption Commission"
                                x = self._phrase_head(x)
                                if x.dep_ == "amod" and x.head.pos_ in ("NOUN", "PROPN"):
                                    x = x.head
                                # not whither someone goes ("resign without returning to [Kyrgyzstan]"); a
                                # place where counts ("terrorist activities in [Israel]")
                                if x.i not in src and x.i != tok.i and not g.place_said_as_where(x, locative=False):
                                    inner[x.i] = x
            # a few, best first: the step takes the first that names an actor
            targets = sorted(inner.values(), key=lambda x: (x.dep_ not in ("dobj", "nsubjpass"), x.dep_ != "pobj",
                                                            x.i))[:FALLBACK_TARGETS]
            if not targets and c.code[:2] in PROTEST_ROOTS and c.trigger.pos == "v":
                targets = [x for x in self._site_owners(tok) if x.i not in src]
        # "The protesters' demands include ...": a demand its owner makes of someone only the context names
        # (the step keeps it only if it does)
        owned = not targets and c.trigger.pos == "n" and c.code[:2] in OWNED_DEMAND_ROOTS and any(
            s.dep_ == "poss" or s.head.dep_ == "prep" and s.head.lower_ == "of" for s in sources)
        if (c.pattern.is_frame and c.pattern.target == "object" and not targets and c.embedded is None
                and not c.trigger.rest and not (c.pattern.standalone is True and self._that_clause(tok))
                and not owned):
            # "It's not much to ask": a request of no one for nothing ("called for X" is not, nor "urged
            # the immunity be waived", which says what is asked)
            return None
        joint = c.pattern.symmetric and sum(max(1, len(g.coordinated_owners(x))) for s in sources
                                            for x in g.conjuncts(s)) > 1
        needs_target = not joint and (c.trigger.pos == "n" and c.code[:2] not in NO_TARGET_NOUN_ROOTS
                                      or c.pattern.needs_target
                                      or c.trigger.pos == "a" and c.code[:2] in ADJ_INTENT_ROOTS)
        recipients = self._thing_recipients(c)  # "offer flights to Cuban cities": no one is offered anything
        if recipients is not None:
            targets, needs_target = [t for t in recipients if t.i not in {s.i for s in sources}], True
        if needs_target and not targets and not owned:
            return None
        neg = g.negated(tok) or (c.trigger.pos == "n" and g.is_verbal(tok.head) and g.negated(tok.head)
                                 and tok.dep_ in ("dobj", "attr")) or (
            c.trigger.pos == "a" and tok.dep_ in ("acomp", "attr") and g.negated(tok.head))
        verb = tok if g.is_verbal(tok) else tok.head
        mode = g.mode_of(verb)
        code = c.code
        root = code[:2]
        aux = set(g.aux_words(verb))
        modal = bool(aux & (g.FUTURE_AUX | g.HYPOTHETICAL_AUX))
        if not c.pattern.is_frame or c.embedded is None:
            if neg and (modal or aux & g.ABILITY_AUX or c.pattern.id in ACCEPTANCE) and root in COOP_ROOTS | {"03"}:
                code, neg = self.reject.compose(code), False
            elif not neg and modal and root in COOP_ROOTS:
                code = self.intent.compose(code)
            elif not neg and modal and self._sent_to_side(c):  # "will send troops to X": to X's side
                code = SENT_TO_CODE
            elif not neg and modal and (root in FORCE_ROOTS or (
                    root in CONDITIONAL_THREAT_ROOTS and g.conditional_clause(tok))) and not (
                    root in DECIDED_ROOTS and not g.conditional_clause(tok) and verb.dep_ == "ccomp"
                    and g.lemmas(verb.head) & DECISION_VERBS):
                # "will attack" threatens; "will reject" is a threat only with a condition ("will boycott
                # the elections unless the president steps down")
                code = self.threat.compose(code)
        conf = c.pattern.conf(c.trigger.pos)
        if c.thing is not None or c.embedded is not None:
            conf = min(0.95, conf + 0.05)
        if mode == "hypothetical" and not modal:
            conf -= 0.1
        node, depth = tok, 0
        while node.head.i != node.i and depth < 8:
            if node.dep_ in SUBORDINATE_DEPS and not (node.dep_ == "ccomp" and self._reporting_lemma(node.head)):
                conf -= SUBORDINATE_PENALTY
            node, depth = node.head, depth + 1
        conf -= DEPTH_PENALTY * max(0, depth - 1)
        return Found(
            tok=tok, code=code, pattern_id=c.pattern.id, trigger_tokens=sorted(c.tokens),
            sources=self._slots(sources, tok),
            targets=self._groups(targets, tok, self._places_are_targets(c)),
            negated=neg, mode=mode, confidence=round(conf, 3), symmetric=c.pattern.symmetric,
            statement=c.pattern.reporting and code.startswith("01"), needs_target=needs_target and not owned,
            context_target=owned,
            inside=[x.i for k in tok.children if k.dep_ in ("ccomp", "xcomp", "dobj") or (
                k.dep_ == "conj" and c.pattern.reporting and repairs.object_subject(k)) for x in k.subtree],
        )

    def _demands(self, sent: Span, memo: dict, consumed: set[int]) -> list[Found]:
        """'X said (that) Y must do Z': X demands of Y (CAMEO 10), coded by what Y must do."""
        out = []
        for tok in sent:
            c = memo.get(tok.i)
            if c is None or not c.pattern.reporting or c.code[:3] in ATTITUDE_CODES:
                continue  # "I fear that we must ...", "I hope they should ...": an attitude, no demand
            noun = c.trigger.pos == "n"  # "issued a reminder to Iraq that it must cooperate"
            for k in tok.children:
                if not (k.dep_ == "ccomp" or noun and k.dep_ == "acl" and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in k.children)) or not g.obligation(k):
                    continue
                e = memo.get(k.i)
                # "must" demands (10), "should" appeals (02)
                frame = self.demand if set(g.aux_words(k)) & g.DEMAND_AUX else self.appeal
                code = frame.compose(e.code) if e else frame.cameo
                sources = self._sources(c) if noun else g.subjects(tok)
                targets = [s for s in g.subjects(k) if s.i not in {x.i for x in sources}
                           and not nonacts.self_word(s)]
                # then whom it was said to ("told Iraq that it must", "a reminder to Iraq that it must"):
                # the step takes the first that names an actor other than the speaker
                said_to = [tok, tok.head] if noun and g.is_verbal(tok.head) else [tok]
                targets += [x for h in said_to for x in g.dative(h) + g.preps_of(h, ("to",)) + (
                    g.objects(h) if h.i == tok.i and not noun else []) if x.i not in {t.i for t in targets}]
                if not sources or not targets:
                    continue
                consumed.add(k.i)  # what Y must do is coded in the demand ("must be ready to ...")
                consumed |= {x.i for x in k.children if x.dep_ in ("acomp", "xcomp", "attr")}
                out.append(Found(tok=tok, code=code, pattern_id=frame.id + "+modal",
                                 trigger_tokens=[tok.i], sources=self._slots(sources, tok),
                                 targets=self._groups(targets, tok), confidence=0.75,
                                 mode=g.mode_of(tok), negated=g.negated(tok),
                                 needs_target=True))  # "said the name had to be easy to say": of no one
        return out
