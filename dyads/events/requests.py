"""Requests acted on: "at the Iraqi government's request, US troops returned" (the asker asked the one
who acts), "did not accede to the protesters' demands" (the demand was made of whoever answers it).

The nouns, prepositions and answering verbs are data: [on_request] in
dyads/data/patterns/discourse/reported.toml.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from . import grammar as g
from .discourse import load_rules


def requests_acted_on(article, sent: Span, side_fn) -> list:
    """The requests in `sent` that someone acts on or answers. Returns (asker (Side, Actor),
    doer (Side, Actor), cameo, noun)."""
    cfg = load_rules().on_request or {}
    nouns, preps = cfg.get("nouns", {}), set(cfg.get("preps", []))
    answer = set(cfg.get("response_verbs", []))
    doc, out = sent.doc, []
    for t in sent:
        if t.pos_ != "NOUN" or g.lemma(t) not in nouns:
            continue
        if t.dep_ == "pobj" and t.head.lower_ in preps:
            verb, asker_preps, answered = t.head.head, ("of", "from"), False
        elif answer and g.is_verbal(_answered_by(t)) and g.lemmas(_answered_by(t)) & answer:
            verb, asker_preps, answered = _answered_by(t), ("of", "from", "by"), True
            if g.is_passive(verb):
                continue
        else:  # "then at the government's request returned": "at" left without its object, the noun a subject
            k = t.left_edge.i - 1
            if not (k >= sent.start and doc[k].lower_ in preps and doc[k].pos_ == "ADP"
                    and not any(c.dep_ == "pobj" for c in doc[k].children) and t.dep_ == "nsubj"):
                continue
            verb, asker_preps, answered = t.head, ("of", "from"), False
        if not answered and (not g.is_verbal(verb) or g.is_passive(verb) or g.negated(verb)):
            continue  # a request acted on must be acted on; a demand answered may be refused
        doers = [s for s in g.subjects(verb) if s.i != t.i]
        if not doers and verb.dep_ in (("advcl", "conj", "xcomp") if answered else ("advcl", "conj")):
            doers = g.subjects(verb.head)
        askers = [c for c in t.children if c.dep_ == "poss"] + g.preps_of(t, asker_preps)
        asker = _first_actor(article, askers, side_fn)
        doer = _first_actor(article, doers, side_fn)
        if asker is None or doer is None or asker[1].id == doer[1].id or not asker[1].code or not doer[1].code:
            continue
        out.append((asker, doer, str(nouns[g.lemma(t)]), t))
    return out


def _first_actor(article, toks: list[Token], side_fn):
    return next((x for x in (side_fn(article, [a], needed=False) for a in toks) if x and x[1] is not None), None)


def _answered_by(noun: Token) -> Token:
    """The verb whose object the noun is: "rejected [the demands]", "acceded [to] the demands"."""
    if noun.dep_ in ("dobj", "nsubjpass"):
        return noun.head
    if noun.dep_ == "pobj" and noun.head.dep_ in ("prep", "prt", "dative"):
        return noun.head.head
    return noun
