"""Reported speech: who the speaker's words are about, and what they say of them.

"Russia said it cannot extradite ...": the matcher codes the reported act and the statement; this module
adds what the reporting itself does to the actors the words concern:

- a statement's target: the actor its words are about ("announced Benin was to join" -> Benin);
- blame: a blameworthy act of another actor told in the speaker's own quoted words ("the authorities
  have chosen to suppress protests", Amnesty said) or done to the speaker's own country ("Iran said the
  US attacked its ships"), or an intent the speaker says another actor lacks ("America still isn't
  ready to build relations"), is the speaker's accusation (CAMEO 112);
- evaluation: words of negative judgement about another actor ("they are lying", "your presence is a
  calamity") are the speaker's disapproval (CAMEO 111).

The words of judgement and the blameworthy roots are data: dyads/data/patterns/discourse/reported.toml.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from . import grammar as g
from .implied import implied_agents, implied_source  # noqa: F401  (kept here for callers)
from .patterns import discourse_data

DIRECT_KINDS = {"direct", "mixed"}
# Violence is an event even when its doer is unknown ("were killed in a car bombing"); kept with an
# empty source and ranked below events whose doer the text names.
UNKNOWN_AGENT_ROOTS = {"18", "19", "20"}
UNKNOWN_AGENT_PENALTY = 0.2
# ... only where the text says where it struck or with what: else no actor is identifiable ("injured in riots").
UNKNOWN_AGENT_NEEDS_PLACE = True
# Prepositions that say where an act happened; an unknown doer is coded with that country (no sector).
PLACE_PREPS = {"in", "inside", "near", "outside", "at", "around"}
# Reactions without a target answer the last unfriendly act done to their source just before (see
# responds_to): the roots of reactions, the roots of acts that provoke them, how far back to look.
RESPONSE_ROOTS = {"11", "12", "13", "14"}
PROVOKING_ROOTS = {"10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}
RESPONSE_BACK = 1
# Subjects that are the weapon, not the doer ("a roadside bombing killed one soldier").
WEAPON_WORDS = {"bomb", "bombing", "blast", "explosion", "explosive", "device", "mine", "minefield", "rocket",
                "missile", "shell", "shelling", "grenade", "airstrike", "air strike", "drone", "mortar",
                "gunfire", "ied", "landmine", "car bomb", "suicide bomber"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our", "myself", "ourselves"}
# Prepositions that name the other party of a relation ("relations with X", "between us and X").
RELATION_PREPS = {"with", "between", "toward", "towards"}
# Prepositions of a verb of saying that name whom the words are about ("said of Chirac", "spoke about Iran").
ABOUT_PREPS = ("of", "about", "regarding", "concerning")
NEUTER_PRONOUNS = {"it", "its", "this", "that"}
# Copulas and verbs of considering that carry a judgement ("is a calamity", "called it a ploy").
JUDGE_HEADS = {"be", "remain", "become", "seem", "appear", "call", "consider", "describe", "label", "brand",
               "term", "deem", "find", "characterize", "characterise", "regard", "see", "view", "denounce",
               "condemn", "dismiss", "portray", "dub"}


@dataclass(frozen=True)
class Rules:
    blame_id: str
    blame_cameo: str
    blame_roots: frozenset[str]
    blame_negated_roots: frozenset[str]
    blame_conf: float
    eval_id: str
    eval_cameo: str
    eval_conf: float
    eval_verbs: frozenset[str]
    eval_adjs: frozenset[str]
    eval_nouns: frozenset[str]
    eval_advs: frozenset[str] = frozenset()
    act_nouns: frozenset[str] = frozenset()
    act_dets: frozenset[str] = frozenset()
    act_back: int = 2
    force_nouns: frozenset[str] = frozenset()
    force_roots: frozenset[str] = frozenset()
    force_back: int = 0
    blame_named_target: frozenset[str] = frozenset()
    blame_finding: frozenset[str] = frozenset()
    demand: dict = None  # [demand], [intent], [praise] of reported.toml, as read
    intent: dict = None
    praise: dict = None
    on_request: dict = None
    admission: dict = None


@lru_cache(maxsize=2)
def load_rules(path: str | None = None) -> Rules:
    d = discourse_data("reported.toml", path)
    b, e, a = d["blame"], d["evaluation"], d.get("anaphora", {})
    return Rules(
        blame_id=b["id"], blame_cameo=str(b["cameo"]), blame_roots=frozenset(b["roots"]),
        blame_negated_roots=frozenset(b.get("negated_roots", [])), blame_conf=float(b["confidence"]),
        eval_id=e["id"], eval_cameo=str(e["cameo"]), eval_conf=float(e["confidence"]),
        eval_verbs=frozenset(e.get("verbs", [])), eval_adjs=frozenset(e.get("adjs", [])),
        eval_nouns=frozenset(e.get("nouns", [])), eval_advs=frozenset(e.get("advs", [])),
        act_nouns=frozenset(a.get("nouns", [])), act_dets=frozenset(a.get("determiners", [])),
        act_back=int(a.get("sentences_back", 2)),
        force_nouns=frozenset(a.get("force_nouns", [])), force_roots=frozenset(a.get("force_roots", [])),
        force_back=int(a.get("force_sentences_back", 0)),
        blame_named_target=frozenset(b.get("named_target_codes", [])),
        blame_finding=frozenset(b.get("finding_verbs", [])),
        demand=d.get("demand", {}), intent=d.get("intent", {}), praise=d.get("praise", {}),
        on_request=d.get("on_request", {}), admission=d.get("admission", {}),
    )


@dataclass
class Voice:
    """Someone speaking in a sentence: the speaker's side and actor, the tokens of what is said."""

    side: object  # models.Side
    actor: object  # models.Actor
    tokens: set[int]
    trigger: Token
    pattern_id: str


def quote_at(article, start: int, direct: bool = False):
    """The quote with a known speaker that contains the character `start` (with `direct`, only a quote
    in quotation marks: an indirect one is the reporter's wording)."""
    for q in article.quotes:
        if q.speaker_id and q.start <= start < q.end and (not direct or q.kind in DIRECT_KINDS):
            return q
    return None


def _quote_tokens(sent: Span, q) -> set[int]:
    return {t.i for t in sent if q.start <= t.idx < q.end}


def voices(article, sent: Span, found, side_fn) -> list[Voice]:
    """Speakers of this sentence: the subjects of its verbs of saying, and the speakers of the quotes in it."""
    from ..models import Side
    out: list[Voice] = []
    for f in found:
        if not f.statement:
            continue
        region = set(f.inside)
        for slot in f.sources:
            got = side_fn(article, slot, needed=True)
            if got is None or got[1] is None:
                continue
            side, actor = got
            lo, hi = g.char_span(article.doc, *g.core_span(slot[0]))
            if side.start < lo or side.end > hi and slot[0].pos_ == "NOUN":
                continue  # "the cancellation of the US president's trip shows ...": not a speaker
            q_tokens = {i for q in article.quotes if q.speaker_id == actor.id and q.start < sent.end_char
                        and q.end > sent.start_char for i in _quote_tokens(sent, q)}
            out.append(Voice(side, actor, region | q_tokens, f.tok, f.pattern_id))
    for q in article.quotes:
        if not q.speaker_id or q.end <= sent.start_char or q.start >= sent.end_char:
            continue
        actor = article.actor(q.speaker_id)
        if actor is None or not actor.code or any(v.actor.id == actor.id for v in out):
            continue
        side = Side(text=q.speaker_text or actor.name, code=actor.code, actor_id=actor.id,
                    start=q.speaker_start, end=q.speaker_end)
        toks = _quote_tokens(sent, q)
        if toks:
            out.append(Voice(side, actor, toks, sent[min(toks) - sent.start], "quote"))
    return out


def _country(code: str) -> str:
    return (code or "")[:3]


def statement_target(article, voice: Voice, found_tok: Token, side_fn):
    """The actor a statement's words concern: the one they speak of (statement_topic), else the other
    party of a relation they tell of. Any actor named in the words would be too many: lists, places."""
    got = statement_topic(article, voice, found_tok, side_fn)
    return got if got is not None else _relation_party(article, voice, found_tok, side_fn)


def statement_topic(article, voice: Voice, found_tok: Token, side_fn):
    """The actor a statement speaks of: "said of Chirac", or the subject of the reported clause when it
    is another actor ("announced Benin was to join")."""
    for x in g.preps_of(found_tok, ABOUT_PREPS):  # "said of Chirac, ...", "spoke about Iran"
        got = side_fn(article, [x], needed=False)
        if got and got[1] is not None and got[1].id != voice.actor.id and not got[1].code.startswith("---"):
            return got
    for k in found_tok.children:
        if k.dep_ != "ccomp":
            continue
        for s in g.direct_subjects(k):
            if s.lower_ in FIRST_PERSON or s.pos_ not in ("PROPN", "NOUN", "PRON"):
                continue  # not "said removing the sanctions on Burma is ...": a clause is no actor
            got = side_fn(article, [s], needed=False)
            if got and got[1] is not None and got[1].id != voice.actor.id and not got[1].code.startswith("---"):
                if got[1].code == voice.actor.code[:3]:
                    continue  # "Pence said the United States is in crisis": one's own country is no other party
                if s.lower_ in NEUTER_PRONOUNS and len(got[1].code) != 3:
                    continue  # "said it must not cite ...": "it" is a state ("it was a partner") or a thing
                return got  # not "said the AfCFTA might ...": an actor of no known country is no one to speak of
    return None


def _relation_party(article, voice: Voice, found_tok: Token, side_fn):
    """ "no Cold War [between Russia and the US]", "our relations with the US": the other party of the
    relation the words are about, when it is of another country than the speaker."""
    doc = found_tok.doc
    sent = found_tok.sent
    whole = set(voice.tokens)  # the speaker's quote may begin in an earlier sentence
    for q in article.quotes:
        if q.speaker_id == voice.actor.id and q.start < sent.end_char and q.end > sent.start_char:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            whole |= {t.i for t in span} if span is not None else set()
    for i in sorted(whole):
        t = doc[i]
        prep = t.head if t.dep_ == "pobj" else (t.head.head if t.dep_ == "conj" and t.head.dep_ == "pobj" else None)
        if prep is None or prep.lower_ not in RELATION_PREPS or g.lemmas(prep.head) & g.BORDER_NOUNS:
            continue  # not "build the wall on the border with Mexico": a place, not a relation
        got = side_fn(article, [t], needed=False)
        if (got and got[1] is not None and got[1].code[:3] != voice.actor.code[:3]
                and not got[1].code.startswith("---")):
            return got
    return None


def _as_predicate(tok: Token) -> bool:
    """ "described X as [a ploy]", "was characterized as [illegal]": the word says what X is."""
    return (tok.dep_ in ("pobj", "amod", "acomp") and tok.head.lower_ == "as" and tok.head.dep_ == "prep"
            and g.lemma(tok.head.head) in JUDGE_HEADS)


def _judged(tok: Token) -> list[Token]:
    """Who a word of judgement judges: its subject (or the subject of its copula), with owners
    ("their lies", "the Parliament's decision is wrong")."""
    if tok.pos_ == "VERB":
        heads = g.subjects(tok)
    elif tok.dep_ in ("acomp", "attr") and g.lemma(tok.head) in JUDGE_HEADS:
        heads = g.subjects(tok.head)
    elif tok.dep_ == "oprd" and g.lemma(tok.head) in JUDGE_HEADS:
        heads = g.objects(tok.head) or [c for c in tok.head.children if c.dep_ == "dobj"]
        heads = [h for h in heads if h.i != tok.i]
    elif _as_predicate(tok):  # "characterized the attack as a violation": the object of the verb
        heads = [c for c in tok.head.head.children if c.dep_ in ("dobj", "nsubjpass")]
    else:
        heads = []
    heads += [c for c in tok.children if c.dep_ == "poss"]
    out = []
    for h in heads:
        out.append(h)
        out += [c for c in h.children if c.dep_ == "poss"]
        out += [x for c in h.children if c.dep_ == "prep" and c.lower_ in ("of", "by") for x in c.children
                if x.dep_ == "pobj"]
    return out


def judgement_words(sent: Span, rules: Rules) -> list[Token]:
    out = []
    for t in sent:
        if g.negated(t) or (t.dep_ in ("acomp", "attr") and g.negated(t.head)):
            continue
        words = {"VERB": rules.eval_verbs, "ADJ": rules.eval_adjs, "NOUN": rules.eval_nouns}.get(t.pos_)
        predicate = t.pos_ == "VERB" or t.dep_ in ("acomp", "attr", "oprd") and t.pos_ == "ADJ" or t.dep_ in (
            "attr", "oprd") or (  # "are lying", "is dangerous", "was Iran's doing"
            t.pos_ == "NOUN" and t.dep_ in ("xcomp", "ccomp") and t.head.dep_ == "acomp") or _as_predicate(t)
        if words and predicate and (g.lemmas(t) & words or t.pos_ == "VERB" and t.dep_ not in ("relcl", "acl") and any(
                c.dep_ == "advmod" and c.lower_ in rules.eval_advs for c in t.children)):  # not "rebels who entered illegally"
            out.append(t)
    return out


def token_at(doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _goal(t: Token) -> bool:
    """'Coalition forces are in Iraq ... to defeat ISIS remnants': an act told as the purpose of another
    (a to-infinitive of its own with no subject) is a goal, not a deed anyone is blamed for."""
    return (t.dep_ in ("advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
            and not any(c.dep_ in g.SUBJ for c in t.children))


def reported_events(article, sent: Span, found, coded, side_fn, make_event, history=None) -> list:
    """Blame and disapproval that the speakers of `sent` express toward the actors their words concern.
    `make_event(voice, target_side, cameo, pattern_id, confidence)` builds the Event; `history` (see
    act_author) finds the author of a judged act ("characterized the attack as a violation")."""
    rules = load_rules()
    vs = voices(article, sent, found, side_fn)
    if not vs:
        return []
    doc = article.doc
    out = []
    for e in coded:
        root = e.cameo[:2]
        blame = (root in rules.blame_roots and not e.negated) or (e.negated and root in rules.blame_negated_roots)
        if not blame or not e.source.actor_id or e.source.text.lower() in NEUTER_PRONOUNS:
            continue  # "it reduces trade": "it" is rarely the actor blamed (a state is named)
        if not e.target.code and any(e.cameo.startswith(c) for c in rules.blame_named_target):
            continue  # "actions taken by law enforcement to prosecute those who ...": no one wronged
        t = token_at(doc, e.trigger_start)
        if t is None or _goal(t):
            continue
        q = quote_at(article, t.idx, direct=True)
        for v in vs:
            # a neutral attribution ("..., police said") tells of an attack without blaming anyone: an act
            # of force is blame only in the speaker's own quoted words; an act not done, in any report
            quoted = q is not None and q.speaker_id == v.actor.id
            # ... or when the speaker tells of harm done to itself ("Iran said the US attacked its ships")
            victim = bool(e.target.code) and e.target.code[:3] == v.actor.code[:3] != e.source.code[:3]
            finding = g.lemma(v.trigger) in rules.blame_finding  # "a UN report concluded that X murdered Y"
            if not (quoted or e.negated or victim or finding):
                continue
            if t.i in v.tokens and v.actor.id != e.source.actor_id and t.i != v.trigger.i:
                out.append(make_event(v, e.source, rules.blame_cameo, rules.blame_id, rules.blame_conf, t))
    out += spoken_acts(article, sent, vs, coded, side_fn, make_event, rules)
    from .admission import admissions  # (it reads this module's rules)
    out += admissions(article, vs, coded, make_event)
    for w in judgement_words(sent, rules):
        for v in vs:
            if w.i not in v.tokens:
                continue
            for j in _judged(w):
                if j.lower_ in FIRST_PERSON or j.lower_ in NEUTER_PRONOUNS:
                    continue  # "It is frustrating to hide the facts", "it would be a disaster": no actor judged
                got = side_fn(article, [j], needed=False)
                if (not got or got[1] is None) and history is not None:  # "the attack": its author
                    author = act_author(article, j, history, {v.actor.id})
                    got = (author, article.actor(author.actor_id)) if author is not None else None
                if got and got[1] is not None and got[1].id != v.actor.id and got[1].code:
                    out.append(make_event(v, got[0], rules.eval_cameo, rules.eval_id, rules.eval_conf, w))
                    break
    return out


def _is_speaker(article, tok: Token, voice: Voice, side_fn) -> bool:
    """`tok` names the speaker: "we"/"I" in the speaker's own quote, or a word that resolves to it."""
    if tok.lower_ in FIRST_PERSON:
        q = quote_at(article, tok.idx, direct=True)
        return q is not None and q.speaker_id == voice.actor.id
    got = side_fn(article, [tok], needed=False)
    return bool(got) and got[1] is not None and got[1].id == voice.actor.id


def _other_actor(article, toks, voice: Voice, side_fn):
    """The first of `toks` that names an actor of a known country other than the speaker, as (Side, Actor)."""
    for t in toks:
        if t.lower_ in FIRST_PERSON:
            continue
        got = side_fn(article, [t], needed=False)
        if (got and got[1] is not None and got[1].id != voice.actor.id and got[1].code
                and not got[1].code.startswith("---")):
            return got
    return None


def spoken_acts(article, sent: Span, vs: list[Voice], coded, side_fn, make_event, rules: Rules) -> list:
    """What the speaker says it wants of another actor (a demand) or will do itself (an intent), in words
    no pattern codes: see [demand] and [intent] in reported.toml."""
    from ..models import Side
    dem, inten = rules.demand or {}, rules.intent or {}
    acted = {token_at(article.doc, e.trigger_start).i for e in coded if token_at(article.doc, e.trigger_start)}
    out = []
    for v in vs:
        for w in sent:
            if w.i not in v.tokens or w.i == v.trigger.i or w.pos_ != "VERB" or g.negated(w):
                continue
            subj = g.direct_subjects(w)
            if not subj or not _is_speaker(article, subj[0], v, side_fn):
                continue
            if dem and g.lemma(w) in dem.get("verbs", []):
                cands = g.preps_of(w, ("from",)) + g.objects(w) + [
                    s for k in w.children if k.dep_ in ("ccomp", "xcomp") for s in g.direct_subjects(k)]
                got = _other_actor(article, cands, v, side_fn)
                if got is not None:
                    out.append(make_event(v, got[0], str(dem["cameo"]), dem["id"], float(dem["confidence"]), w))
                continue
            if (inten and any(a in g.FUTURE_AUX for a in g.aux_words(w))
                    and not g.lemmas(w) & set(inten.get("not_verbs", [])) and g.objects(w)
                    and not any(x.i in acted for x in _own_words(w))):
                got = _other_actor(article, g.preps_of(w, tuple(inten.get("preps", []))) + g.dative(w), v, side_fn)
                target = got[0] if got is not None else Side(text="", code="")
                out.append(make_event(v, target, str(inten["cameo"]), inten["id"], float(inten["confidence"]), w))
    return out


def _own_words(verb: Token) -> list[Token]:
    """The verb and its phrase, less the clauses beside it ("if we can't resolve it, I will raise it")."""
    return [verb] + [x for c in verb.children if c.dep_ not in ("advcl", "conj", "parataxis") for x in c.subtree]


def praise_of(article, voice: Voice, found_tok: Token, target, side_fn) -> bool:
    """The speaker's words (its clause, its quotes in the sentence) speak of `target` (not of a relation
    with it: "we have the closest partnership with the US" is no praise of the US) in a positive tone:
    see [praise]."""
    from ..tone import _analyzer
    p = load_rules().praise or {}
    if not p or not voice.tokens or target is None:
        return False
    topic = statement_topic(article, voice, found_tok, side_fn)
    if topic is None or topic[1] is None or target[1] is None or topic[1].id != target[1].id:
        return False
    words = " ".join(article.doc[i].text for i in sorted(voice.tokens))
    return _analyzer().polarity_scores(words)["compound"] >= float(p["min_tone"])


def praise_code() -> tuple[str, str]:
    p = load_rules().praise or {}
    return str(p.get("cameo", "051")), p.get("id", "05.reported-praise")


def act_agents(tok: Token) -> list[Token]:
    """ "the proclamation of the Golan Heights as Israeli territory by the US president": a noun naming an
    act ([anaphora] nouns) whose doer its own phrase names after "by"."""
    if tok.pos_ != "NOUN" or not g.lemmas(tok) & load_rules().act_nouns:
        return []
    # "by" under the noun, or (a common misparse) under a phrase the verb has after it ("... as Israeli
    # territory by the US president")
    heads = list(tok.subtree) + [x for p in tok.head.children if p.dep_ == "prep" and p.i > tok.i
                                 for x in p.subtree]
    return [x for h in heads if h.lower_ == "by" and h.dep_ == "prep" for x in h.children if x.dep_ == "pobj"]


def act_author(article, tok: Token, history: list, exclude: set[str]):
    """'the move', 'the call': a definite noun naming an act stands for the last act told before it (in
    `history`: (sentence number, Event), oldest first); its author is whom the noun points at.
    Returns (Side, actor id) or None."""
    from ..models import Side
    rules = load_rules()
    force = bool(g.lemmas(tok) & rules.force_nouns)  # "the attack": the last act of force, further back
    if not (g.lemmas(tok) & (rules.act_nouns | rules.force_nouns)) or tok.pos_ != "NOUN":
        return None
    dets = [c for c in tok.children if c.dep_ == "det"]
    if not dets or dets[0].lower_ not in rules.act_dets:
        return None
    if any(c.dep_ in ("poss", "compound", "amod", "nmod") and (c.ent_type_ or c.pos_ in ("PROPN", "PRON"))
           or (c.dep_ == "prep" and c.lower_ in ("of", "by", "from")) for c in tok.children):
        return None  # "the Parliament's decision", "the move by X": the phrase names its author
    here = tok.sent.start
    n_here = sum(1 for _ in article.doc[:here].sents) if here else 0
    for n, e in reversed(history):
        if n < n_here - (rules.force_back if force else rules.act_back) or e.trigger_start >= tok.idx:
            continue
        if e.cameo.startswith("01") or e.negated or (force and e.cameo[:2] not in rules.force_roots):
            continue  # "the move" is an act, not the words about one; "the attack" an act of force
        actor = article.actor(e.source.actor_id)
        if actor is None or not actor.code or actor.id in exclude or actor.code.startswith("---"):
            continue
        lo, hi = g.char_span(article.doc, *g.core_span(tok))
        return Side(text=article.text[lo:hi], code=actor.code, actor_id=actor.id, start=lo, end=hi)
    return None


def place_of(tok: Token) -> list[Token]:
    """Words that may name the country where an act happens, best first: "was arrested [in Lebanon]",
    "killed ... outside of the [Iraqi] city of [Basra]", "a bombing near the town of [Samarra]"."""
    out = []
    for p in tok.children:
        if p.dep_ != "prep" or p.lower_ not in PLACE_PREPS:
            continue
        objs = [x for x in p.children if x.dep_ == "pobj"]
        objs += [x for q in p.children if q.dep_ == "prep" for x in q.children if x.dep_ == "pobj"]  # "outside of"
        for x in objs:
            out += [x] if x.ent_type_ == "GPE" else []
            out += [a for a in x.children if a.dep_ in ("amod", "compound") and a.ent_type_ in ("GPE", "NORP")]
            out += [y for y in g.preps_of(x, ("of",)) if y.ent_type_ == "GPE"]
            out += [y for q in x.children if q.dep_ == "prep" and q.lower_ in PLACE_PREPS
                    for y in q.children if y.dep_ == "pobj" and y.ent_type_ == "GPE"]
    return out


def responds_to(article, actor, tok: Token, history: list):
    """'The US refuses to provide guarantees ... Moscow has warned of countermeasures': an act of
    disapproval, rejection, threat or protest with no target answers the last act done to its source
    in the sentences just before (`history`: (sentence number, Event)). Returns the Side or None."""
    from ..models import Side
    if actor is None or not actor.code or actor.code.startswith("---"):
        return None
    here = sum(1 for _ in article.doc[:tok.sent.start].sents) if tok.sent.start else 0
    for n, e in reversed(history):
        if n < here - RESPONSE_BACK or e.trigger_start >= tok.idx or e.negated:
            continue
        src = article.actor(e.source.actor_id)
        if (src is None or not src.code or src.code.startswith("---") or e.target.code[:3] != actor.code[:3]
                or src.code[:3] == actor.code[:3] or e.cameo[:2] not in PROVOKING_ROOTS):
            continue
        return Side(text=e.source.text, code=src.code, actor_id=src.id, start=e.source.start, end=e.source.end)
    return None
