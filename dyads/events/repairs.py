"""Repairs of parses the statistical parser gets wrong in news sentences, used by grammar.subjects and
grammar.conjuncts: each finds the subject the parse hides."""
from __future__ import annotations

from spacy.tokens import Token

from . import grammar as g

FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
ABSOLUTE_PREPS = {"with", "without"}


def absolute_passive(verb: Token) -> bool:
    """ "with twelve soldiers killed", "with officials reporting ... hundreds of Taliban killed": a past
    participle with no auxiliary after "with" is passive, and the noun the parser reads as its subject is
    the one it was done to (the doer is not told)."""
    # (the tagger often reads the participle as a past tense, which cannot follow "with")
    return (verb.tag_ in ("VBN", "VBD") and verb.dep_ == "pcomp" and verb.head.lower_ in ABSOLUTE_PREPS
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children))


def absolute_subject(verb: Token) -> Token | None:
    """Repairs "with X doing A and Y doing B", which the parser reads as "X doing (A and Y) (doing B)":
    the noun just before a subject-less participle, coordinated with the previous verb's object."""
    if verb.tag_ != "VBG" or g.direct_subjects(verb) or verb.i == 0:
        return None
    prev = verb.doc[verb.i - 1]
    if prev.pos_ not in ("NOUN", "PROPN") or prev.dep_ != "conj" or prev.head.dep_ not in ("dobj", "pobj"):
        return None
    v1 = prev.head.head
    if g.is_verbal(v1) and v1.i != verb.i and g.direct_subjects(v1):
        return prev
    return None


def fronted_subject(verb: Token) -> Token | None:
    """Repairs 'With the signing of a memorandum, [the Sudanese government] and SPLM/A have agreed ...', which
    the parser reads as one opening phrase with no subject: the noun after the phrase's last comma, joined to a
    noun before it, when the phrase runs up to the subject-less finite verb."""
    if verb.dep_ != "ROOT" or any(c.dep_ in g.SUBJ | g.PASS_SUBJ for c in verb.children):
        return None
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    if not (aux or verb.tag_ in FINITE_TAGS):
        return None
    first = min([verb.i] + [a.i for a in aux])
    for p in verb.children:
        if p.dep_ != "prep" or p.i > verb.i or p.right_edge.i + 1 != first:
            continue
        commas = [t for t in p.subtree if t.lower_ == "," and t.i > p.i]
        if not commas:
            continue
        k = commas[-1].i
        for x in p.subtree:
            if x.i > k and x.dep_ == "conj" and x.head.i < k and x.pos_ in ("NOUN", "PROPN"):
                return x
    return None


def is_fronted_subject(tok: Token) -> bool:
    verb = next((a for a in tok.ancestors if a.dep_ == "ROOT"), None)
    return verb is not None and g.is_verbal(verb) and g._same(fronted_subject(verb), tok)




def participle_subject(verb: Token) -> Token | None:
    """Repairs "thousands of protesters wearing black clothes, face masks, and helmets gathered around ...",
    which the parser reads as "(protesters wearing clothes, masks) and (helmets gathered)": a bare participle
    (no auxiliary) taken for the main verb, the finite verb after it coordinated with it, and the last noun
    of the participle's list of objects taken for the finite verb's subject. The subject is the participle's."""
    head = verb.head
    if verb.dep_ != "conj" or verb.tag_ not in FINITE_TAGS or head.tag_ != "VBG" or head.dep_ != "ROOT" \
            or head.i > verb.i or any(c.dep_ in ("aux", "auxpass") for c in head.children):
        return None
    own = [c for c in verb.children if c.dep_ in g.SUBJ]
    if len(own) != 1 or own[0].pos_ != "NOUN" or own[0].ent_type_:
        return None
    s = own[0]
    objs = [c for c in head.children if c.dep_ in g.OBJ and c.i < s.i]
    cc = [c for c in head.children if c.dep_ == "cc" and c.i < s.i]
    if not objs or not cc or cc[-1].i + 1 != s.left_edge.i:
        return None
    listed = any(c.dep_ == "conj" for o in objs for c in o.children) or verb.doc[cc[-1].i - 1].lower_ == ","
    subj = g.direct_subjects(head)
    return subj[0] if listed and subj else None


def object_subject(verb: Token) -> Token | None:
    """Repairs "Protesters have claimed Iran, especially, amongst other parties, is unduly influencing ...",
    which the parser reads as "claimed (Iran)" and a second verb of the same subject: a finite verb with no
    subject of its own, joined with no conjunction to the verb before it, after a comma that follows that
    verb's object. The object is its subject (the clause is what was claimed)."""
    head = verb.head
    if verb.dep_ != "conj" or head.i > verb.i or not g.is_verbal(head) or g.direct_subjects(verb):
        return None
    if not any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS and c.i < verb.i for c in verb.children):
        return None
    if any(c.dep_ == "cc" and head.i < c.i < verb.i for c in head.children):
        return None
    objs = [c for c in head.children if c.dep_ == "dobj" and c.i < verb.i and c.pos_ in ("PROPN", "NOUN")]
    if not objs or verb.doc[objs[-1].right_edge.i + 1].lower_ != ",":
        return None
    return objs[-1]
