"""Attitude verbs: what a warning, a hope and a plain statement are coded as.

- a warning is a threat (CAMEO 13) only when what it warns of is the act of the one who warns ("warned it
  would retaliate", "warned of countermeasures"); a warning of a situation or of another actor's act is a
  pessimistic comment (012), a statement ("Biden warned the delayed transition could be a threat");
- "warned Ukraine not to attack": the act is the addressee's; the threat is unspecified (130);
- hoping that another actor acts is an appeal to that actor (02): "I hope that X will come back";
- a plain statement is coded only from a political actor: not from news media or academics.

The words are data: dyads/data/patterns/discourse/attitude.toml.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from . import grammar as g
from .patterns import discourse_data

FIRST_PERSON = {"i", "we", "me", "us", "my", "our", "myself", "ourselves"}
# Pronouns that stand for the one who warns when they resolve to the same country ("Iran warned it would").
SELF_PRONOUNS = {"it", "they", "he", "she", "its", "their", "his", "her"}
ABOUT_PREPS = {"of", "about"}
AGAINST_PREPS = {"against"}
# Sectors of the state's own organs: what they will do is the state's threat ("police will not tolerate").
STATE_SECTORS = {"GOV", "COP", "MIL", "SPY", "JUD"}


def load(path: str | None = None) -> dict:
    return discourse_data("attitude.toml", path)


def political_speaker(code: str) -> bool:
    """Whether a statement by an actor of this code is worth coding (not news media, not academics)."""
    return (code or "")[3:6] not in set(load()["statement"]["not_political_sectors"])


# ------------------------------------------------------------------ warnings
def _is_self(article, tok: Token, source, side_fn) -> bool:
    """`tok` (a subject or an owner) names the one who warns: first person, the same actor, or a pronoun
    of its country."""
    if tok.lower_ in FIRST_PERSON:
        return True
    if source is None:
        return False
    got = side_fn(article, [tok], needed=False)
    if not got or got[1] is None:
        return False
    return got[1].id == source.id or (tok.lower_ in SELF_PRONOUNS and got[1].code[:3] == source.code[:3])


def _owners(tok: Token) -> list[Token]:
    """Who owns an act or a thing: "its response", "a Russian attack", "the attack by X"."""
    out = [c for c in tok.children if c.dep_ == "poss"]
    out += [c for c in tok.children if c.dep_ in ("amod", "compound") and (c.ent_type_ in ("NORP", "GPE", "ORG")
                                                                         or c.pos_ == "PROPN")]
    out += [x for c in tok.children if c.dep_ == "prep" and c.lower_ == "by" for x in c.children if x.dep_ == "pobj"]
    return out


def _same_state(article, tok: Token, source, side_fn, acts: bool) -> bool:
    """ "Cairo's security chief warned that police will no longer tolerate rallies": a state's official warns
    of what the forces of the same state will do; with `acts` (an act is told), the state itself too."""
    if source is None or source.code[3:6] not in STATE_SECTORS | {""}:
        return False
    got = side_fn(article, [tok], needed=False)
    if not got or got[1] is None or got[1].code[:3] != source.code[:3]:
        return False
    return got[1].code[3:6] in STATE_SECTORS or (acts and len(got[1].code) == 3)


def _own_thing(article, tok: Token, source, side_fn, threat_nouns, acts=False) -> bool | None:
    """Whether a subject or a noun warned of is the warner's own (True), another's (False), or no one's (None)."""
    if _is_self(article, tok, source, side_fn) or _same_state(article, tok, source, side_fn, acts):
        return True
    owners = _owners(tok)
    if any(_is_self(article, o, source, side_fn) for o in owners):
        return True
    if g.lemmas(tok) & threat_nouns and not owners:
        return True  # "warned that the consequences would be severe"
    return False if owners or tok.pos_ in ("PROPN", "PRON") else None


def recast_warning(article, f, side_fn):
    """The Found `f` of a warning recast as what it is (see module doc), or None to keep it as it is."""
    cfg = load()["warning"]
    tok = f.tok
    if f.code[:2] != "13" or f.negated or not g.is_verbal(tok) or not g.lemmas(tok) & set(cfg["verbs"]):
        return None
    source = None
    for slot in f.sources:
        got = side_fn(article, slot, needed=False)
        if got and got[1] is not None:
            source = got[1]
            break
    threat_nouns = set(cfg["threat_nouns"])
    addressees = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
    clauses = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
    about = [x for p in tok.children if p.dep_ == "prep" and p.lower_ in ABOUT_PREPS and p.i > tok.i
             for x in p.children if x.dep_ == "pobj"]
    told = [c for c in tok.children if c.dep_ == "xcomp" and not g.direct_subjects(c)] + [
        x for p in tok.children if p.dep_ == "prep" and p.lower_ in AGAINST_PREPS for x in p.children
        if x.dep_ == "pcomp"]
    if clauses:
        subj = g.direct_subjects(clauses[0])
        if not subj and addressees:  # "warned [the delayed transition] could be a threat": its subject, misparsed
            subj, addressees = addressees[:1], addressees[1:]
        if not subj or _own_thing(article, subj[0], source, side_fn, threat_nouns, acts=f.code != "130"):
            return None  # "warned it would retaliate", "we warn the Saudis that our targets will keep expanding"
        inside = [x.i for x in clauses[0].subtree]
    elif about:
        own = _own_thing(article, about[0], source, side_fn, threat_nouns)
        if own or (own is None and f.code != "130"):
            return None  # "warned of countermeasures", "warned of retaliation" (a coded act of no other actor)
        inside = [x.i for x in about[0].subtree]
    elif told and addressees:  # "warned Ukraine not to attack": the addressee's act; a threat of no act said
        return replace(f, code=str(cfg["addressee_code"]), targets=[[[a] for a in addressees]] + list(f.targets))
    else:
        return None  # '"We will respond with force," Putin warned': the words are the threat
    targets = [[[a] for a in addressees]] if addressees else []
    return replace(f, code=str(cfg["cameo"]), pattern_id=cfg["id"], statement=True, inside=inside,
                   targets=targets, needs_target=False, confidence=float(cfg["confidence"]))


# ------------------------------------------------------------------ hopes
def hope_appeal(article, tok: Token, speaker, target, side_fn):
    """ 'I hope that Anne Sacoolas will come back': (cameo, pattern id) of the appeal to `target` (a (Side,
    Actor) the statement concerns) when it is the subject of the hoped clause and acts in it; else None."""
    cfg = load()["hope"]
    if not g.lemmas(tok) & set(cfg["verbs"]) or target is None or target[1] is None:
        return None
    for k in tok.children:
        if k.dep_ != "ccomp" or g.is_passive(k) or not g.is_verbal(k):
            continue
        for s in g.direct_subjects(k):
            got = side_fn(article, [s], needed=False)
            if got and got[1] is not None and got[1].id == target[1].id and (speaker is None or got[1].id != speaker.id):
                return str(cfg["cameo"]), cfg["id"]
    return None
