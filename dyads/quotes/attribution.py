"""Who said it: find the cue word of a quote and the words that name its speaker.

Works on the spaCy parse. A cue is a speech verb (`said`, `stressed`, `tweeted`) or "according to";
its speaker is the verb's subject, the agent of a passive (`was told by X`), the noun after an
inverted verb (`"...," said the minister`), or, for a verb with no subject of its own (`adding`,
`insisting`, `calling for`), the subject of the verb it hangs from, cue verbs first.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from . import cues as C

STOP = object()  # a cue that says nobody in particular spoke ("it is said that ...")


@dataclass(frozen=True, slots=True)
class Attribution:
    cue: str
    cue_start: int
    cue_end: int
    speaker_start: int = -1  # -1 when the cue names no speaker
    speaker_end: int = -1
    how: str = ""  # before | after | colon | previous | continued
    wide_start: int = -1  # the speaker's whole phrase, titles, "of ..." and appositions included
    wide_end: int = -1


def is_cue(tok: Token) -> bool:
    """A speech verb used as such (particle verbs need their particle: `pointed out`)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX") or lemma not in C.SPEECH_VERBS:
        return False
    particle = C.PARTICLE_CUES.get(lemma)
    if particle is None:
        return True
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return any(c.lower_ == particle for c in tok.children) or (nxt is not None and nxt.lower_ == particle)


def is_according(tok: Token) -> bool:
    return tok.lower_ == C.ACCORDING[0] and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == C.ACCORDING[1]


def is_source_aside(tok: Token) -> bool:
    """`as reported by X`, `as quoted by X`: X passed the words on, it did not speak them."""
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children) or (
        tok.i > 0 and tok.nbor(-1).lower_ == "as" and tok.tag_ == "VBN")


def cue_text(tok: Token) -> str:
    if is_according(tok):
        return C.ACCORDING_CUE
    particle = C.PARTICLE_CUES.get(tok.lemma_.lower())
    if particle and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == particle:
        return f"{tok.text} {tok.nbor(1).text}"
    return tok.text


def _subject(verb: Token) -> Token | None | object:
    """The subject of `verb` as a speaker: None when it has none, STOP for an agentless passive."""
    subjects = [c for c in verb.children if c.dep_ in C.SUBJECT_DEPS]
    if subjects:
        # two subjects ("Niger's president Mahamadou Issoufou said" parsed as two): the nearest
        c = min(subjects, key=lambda t: abs(verb.i - t.i))
        if c.lower_ in C.RELATIVE_PRONOUNS:
            return verb.head if verb.dep_ == "relcl" else None
        return c
    for c in verb.children:
        if c.dep_ in C.PASSIVE_SUBJECT_DEPS:
            for a in verb.children:
                if a.dep_ == "agent":
                    objs = [o for o in a.children if o.dep_ == "pobj"]
                    if objs:
                        return objs[0]
            return STOP
    return None


def _inverted_subject(verb: Token) -> Token | None:
    """`"...," said the minister` / `read the statement`: the noun right after the verb."""
    for c in verb.rights:
        if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod", "oprd", "appos", "nsubjpass") and c.pos_ in (
                "NOUN", "PROPN"):
            return c
        if c.dep_ not in ("advmod", "prt", "punct"):
            break
    return None


def _document_source(tok: Token, cue: Token) -> Token:
    """`They released a statement which said ...` -> They (the statement speaks for its issuer);
    `"...," read the statement` -> whoever issued the statement mentioned before."""
    if tok.lemma_.lower() in C.DOCUMENT_NOUNS and tok.head is not cue and tok.head.pos_ in ("VERB", "AUX"):
        subj = _subject(tok.head)
        if isinstance(subj, Token):
            return subj
    if tok.lemma_.lower() in C.DOCUMENT_NOUNS:
        issuer = _issuer_before(tok)
        if issuer is not None:
            return issuer
    return tok


def _issuer_before(tok: Token) -> Token | None:
    """For "the statement" with no owner of its own: the subject of the verb that issued the last
    statement mentioned in the DOCUMENT_LOOKBACK sentences before (`X released a statement`,
    `X said in a statement`)."""
    if any(c.dep_ in ("poss", "compound") or (c.dep_ == "det" and c.lower_ not in C.DEFINITE_DETERMINERS)
           for c in tok.children) or not any(c.dep_ == "det" for c in tok.children):
        return None
    doc = tok.doc
    sents = [s for s in doc.sents if s.start <= tok.i]
    lo = sents[max(0, len(sents) - 1 - C.DOCUMENT_LOOKBACK)].start
    for t in reversed(list(doc[lo:tok.i])):
        if t.lemma_.lower() != tok.lemma_.lower():
            continue
        verb = t.head
        if t.dep_ == "pobj" and verb.dep_ == "prep":  # said in a statement
            verb = verb.head
        elif t.dep_ not in ("dobj", "nsubjpass"):
            continue
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        subj = _subject(verb)
        if isinstance(subj, Token):
            return subj
        return None
    return None


def speaker_of(cue: Token, *, after_quote: bool = False, in_quote=None) -> Token | None | object:
    """The token heading the speaker's words for `cue`, None when not found, STOP when nobody.
    `in_quote[i]` says that token i is inside quotation marks (never a speaker)."""
    spk = _speaker_of(cue, after_quote=after_quote)
    if isinstance(spk, Token) and in_quote is not None and in_quote[spk.i]:
        return None
    return spk


def _speaker_of(cue: Token, *, after_quote: bool = False) -> Token | None | object:
    if is_according(cue):
        to = cue.nbor(1)
        objs = [o for o in to.children if o.dep_ == "pobj"]
        return objs[0] if objs else (to.nbor(1) if to.i + 1 < len(cue.doc) else None)
    subj = _subject(cue)
    if subj is STOP:
        return STOP
    if subj is None and after_quote and cue.tag_ != "VBG":
        subj = _inverted_subject(cue)
    if isinstance(subj, Token):
        return _document_source(subj, cue)
    # no subject of its own: climb to the verb it hangs from, preferring speech verbs
    fallback = None
    cur = cue
    for _ in range(5):
        if cur.head is cur or (cur.dep_ not in C.CONTROL_DEPS and not (
                cur.dep_ == "advmod" and cur.pos_ != "VERB")):
            break
        head = cur.head
        if cur.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            return _document_source(head, cue)
        cur = head
        if cur.pos_ not in ("VERB", "AUX"):
            continue
        s = _subject(cur)
        if isinstance(s, Token):
            if is_cue(cur):
                return _document_source(s, cur)
            fallback = fallback or _document_source(s, cur)
    if fallback is None:
        # a parse that left the verb without a subject: a name or pronoun right before it
        # (`..., Jamel Msallem, said`)
        prev = cue.i - 1
        while prev >= cue.sent.start and cue.doc[prev].is_punct:
            prev -= 1
        if prev >= cue.sent.start and cue.doc[prev].pos_ in ("PROPN", "PRON") and cue.doc[prev].dep_ != "pobj":
            return cue.doc[prev]
    return fallback


def speaker_span(head: Token) -> tuple[int, int]:
    """Character span of the words naming the speaker: the head noun with the words before it
    (`the Russian FM`, `President Hassan Rouhani`); a proper-name apposition wins over a common noun
    (`Dunn's mother, Charlotte Charles` -> `Charlotte Charles`); prepositional phrases, relative
    clauses and coordinated names are left out."""
    if head.pos_ in ("NOUN", "PRON"):
        for c in head.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                head = c
                break
    if head.ent_type_ == "PERSON":
        # the person's name without the titles and organisations before it:
        # "Amazon Environmental Research Institute Director Ane Alencar" -> "Ane Alencar"
        for ent in head.doc.ents:
            if ent.start <= head.i < ent.end:
                return ent.start_char, ent.end_char
    left = head.left_edge
    if left.i < head.sent.start:
        left = head.sent[0]
    if not any(t.ent_type_ == "PERSON" for t in head.doc[left.i:head.i + 1]):
        # a title or organisation with the person's name further on: "President of Ukraine
        # Volodymyr Zelenskyy", "a protester using the pseudonym Katya"
        sub = list(head.subtree)
        for ent in head.doc.ents:
            if ent.label_ == "PERSON" and sub[0].i <= ent.start and ent.end - 1 <= sub[-1].i:
                return ent.start_char, ent.end_char
    toks = [t for t in head.doc[left.i:head.i + 1]]
    while toks and (toks[0].is_punct or toks[0].dep_ in ("cc", "preconj") or toks[0].is_space):
        toks = toks[1:]
    if not toks:
        toks = [head]
    # a comma inside the left part means an aside, keep what follows it
    for k in range(len(toks) - 1, -1, -1):
        if toks[k].text in (",", "(", ")", "\u2014", "\u2013"):
            toks = toks[k + 1:]
            break
    return toks[0].idx, head.idx + len(head.text)


def wide_span(head: Token) -> tuple[int, int]:
    """The speaker's whole noun phrase, without relative clauses and trailing punctuation."""
    toks = [t for t in head.subtree if t.sent == head.sent]
    cut = [t for t in head.children if t.dep_ in ("relcl", "acl") and t.i > head.i]
    if cut:
        toks = [t for t in toks if t.i < min(c.left_edge.i for c in cut)]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    if not toks:
        return head.idx, head.idx + len(head.text)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


class TokenIndex:
    """Character offset -> token, for one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def at(self, char: int) -> Token:
        i = max(bisect_right(self.starts, char) - 1, 0)
        return self.doc[min(i, len(self.doc) - 1)]

    def between(self, start: int, end: int) -> list[Token]:
        """Tokens that start in [start, end)."""
        i = bisect_right(self.starts, start - 1)
        j = bisect_right(self.starts, end - 1)
        return list(self.doc[i:j])


def attribution_from(cue: Token, how: str, *, after_quote: bool = False, in_quote=None) -> Attribution | None | object:
    if in_quote is not None:
        # only a verb right after a closing mark may put its subject after it: `"...," said X`
        prev = cue.i - 1
        while prev >= 0 and cue.doc[prev].is_punct and not in_quote[prev]:
            prev -= 1
        after_quote = prev >= 0 and in_quote[prev]
    spk = speaker_of(cue, after_quote=after_quote, in_quote=in_quote)
    if spk is STOP:
        return STOP
    c_end = cue.idx + len(cue_text(cue))
    if spk is None:
        return Attribution(cue_text(cue), cue.idx, c_end, how=how)
    s, e = speaker_span(spk)
    w0, w1 = wide_span(spk)
    return Attribution(cue_text(cue), cue.idx, c_end, s, e, how, min(s, w0), max(e, w1))
