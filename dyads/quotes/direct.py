"""Quoted spans: is it speech (direct / mixed) or a name, title or scare quote, and what is its cue."""
from __future__ import annotations

import re

from spacy.tokens import Token

from . import cues as C
from .attribution import (
    STOP,
    Attribution,
    TokenIndex,
    attribution_from,
    is_according,
    is_cue,
    is_source_aside,
    speaker_span,
)
from .marks import ALL_MARKS, MarkSpan

SENTENCE_END_TOKENS = frozenset(".!?")
ATTRIBUTIVE_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"])
_LABEL_RE = re.compile(r"(?:^|[\s(])(?:" + "|".join(re.escape(p) for p in C.LABEL_PREFIXES) + r")\s*$")


def words_of(text: str) -> list[str]:
    return [w for w in text.split() if any(ch.isalnum() for ch in w)]


class QuoteContext:
    """The article's text and parse, with which tokens lie inside quotation marks."""

    def __init__(self, text: str, doc, spans: list[MarkSpan]) -> None:
        self.text = text
        self.doc = doc
        self.index = TokenIndex(doc)
        self.spans = spans
        self.in_quote = [False] * len(doc)
        self.ends_sentence: set[int] = set()  # closing-mark tokens of quotes that end a sentence
        for s in spans:
            for t in self.index.between(s.start - 1, s.end + (1 if s.closed else 0)):
                self.in_quote[t.i] = True
            rest = text[s.end + 1:s.end + 40].lstrip(" \t")
            if s.closed and text[s.start:s.end].rstrip()[-1:] in SENTENCE_END_TOKENS and (
                    not rest or rest[0].isupper() or rest[0] in "\n" + ALL_MARKS):
                self.ends_sentence.add(self.closing_token(s).i)

    def opening_token(self, s: MarkSpan) -> Token:
        return self.index.at(s.start - 1)

    def closing_token(self, s: MarkSpan) -> Token:
        return self.index.at(s.end)

    def outside_before(self, s: MarkSpan) -> list[Token]:
        """Tokens of the quote's first sentence before its opening mark and outside other quotes."""
        open_tok = self.opening_token(s)
        return [t for t in open_tok.doc[open_tok.sent.start:open_tok.i] if not self.in_quote[t.i] and not t.is_space]

    def starts_sentence(self, s: MarkSpan) -> bool:
        return all(t.is_punct for t in self.outside_before(s))


def label_reason(ctx: QuoteContext, s: MarkSpan) -> str:
    """Why the quoted words are a name or a title rather than speech; "" when they may be speech."""
    text = ctx.text
    qtext = text[s.start:s.end]
    words = words_of(qtext)
    line_start = text.rfind("\n", 0, s.start) + 1
    before = text[line_start:s.start - 1]
    if _LABEL_RE.search(before.lower()):
        return "label"
    prev_tok = ctx.opening_token(s).nbor(-1) if ctx.opening_token(s).i > 0 else None
    if (prev_tok is not None and prev_tok.lemma_.lower() in C.NAMING_PARTICIPLES and prev_tok.dep_ == "acl"
            and prev_tok.tag_ == "VBN"):
        return "label"  # a group called "Friends of Syria"
    inside = {t.i for t in ctx.index.between(s.start, s.end)}
    for i in inside:
        head = ctx.doc[i].head
        if head.i in inside:
            continue
        for _ in range(C.NAMING_VERB_REACH):  # named the virus that causes it "..."
            if head.pos_ == "VERB" and head.lemma_.lower() in C.NAMING_VERBS:
                return "name"
            if is_cue(head) or head.head is head or head.dep_ not in C.NAMING_PATH_DEPS:
                break
            head = head.head
    last = qtext.rstrip()[-1:]
    # Every word capitalised, inside a sentence: the title of a work, event or programme
    # ("Breaking Into Comics," "Custodian of the Federal Government."); a quote that opens its
    # paragraph, a question or an exclamation is left as speech.
    if (2 <= len(words) <= C.MAX_TITLE_WORDS and before.strip() and last not in "!?"
            and (last not in ".;" or len(words) <= C.MAX_TITLE_WORDS_WITH_STOP)
            and all(w[0].isupper() or not w[0].isalpha() or w.lower() in C.TITLE_SMALL_WORDS for w in words)
            and words[0][0].isupper()):
        return "title"
    prev_word = before.split()[-1].lower() if before.split() else ""
    if s.closed and prev_word in ATTRIBUTIVE_DETERMINERS:
        nxt = [t for t in ctx.index.between(s.end + 1, min(len(text), s.end + 40)) if not t.is_space][:1]
        if nxt and nxt[0].pos_ == "NOUN" and nxt[0].idx == s.end + 2 and last not in ".!?,;":
            return "name"
    return ""


def _before(ctx: QuoteContext, s: MarkSpan) -> Attribution | None | object:
    found = None
    open_tok = ctx.opening_token(s)
    for tok in reversed(list(ctx.doc[open_tok.sent.start:open_tok.i])):
        if tok.i in ctx.ends_sentence or tok.text in SENTENCE_END_TOKENS:
            break
        if ctx.in_quote[tok.i] or tok.is_space:
            continue
        if is_according(tok) or (is_cue(tok) and not is_source_aside(tok)):
            res = attribution_from(tok, "before", in_quote=ctx.in_quote)
            if res is STOP:
                return found or STOP
            if res.speaker_start >= 0:
                return res
            found = found or res
    return found


def _after(ctx: QuoteContext, s: MarkSpan) -> Attribution | None | object:
    if not s.closed:
        return None
    close_tok = ctx.closing_token(s)
    sent = close_tok.sent
    end = sent.end
    if end == close_tok.i + 1 and end < len(ctx.doc) and "\n" not in close_tok.whitespace_:
        end = ctx.doc[end].sent.end  # the parser ended the sentence at the mark: `"...!" Macron told`
    n = 0
    for tok in close_tok.doc[close_tok.i + 1:end]:
        if ctx.in_quote[tok.i]:
            break
        if tok.is_space or tok.is_punct:
            if tok.text in SENTENCE_END_TOKENS:
                break
            continue
        if tok.pos_ == "CCONJ":
            break  # `"...", and called ...`: a new clause, not an attribution
        n += 1
        if n > C.MAX_AFTER_TOKENS:
            break
        if is_according(tok):
            return attribution_from(tok, "after", in_quote=ctx.in_quote)
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and is_cue(tok)):
            if is_cue(tok) and not is_source_aside(tok):
                # `"...", adding ...`: a participle after the quote is weaker than a cue before it
                how = "after-participle" if tok.tag_ == "VBG" else "after"
                return attribution_from(tok, how, in_quote=ctx.in_quote)
            break
    return None


def _colon(ctx: QuoteContext, s: MarkSpan) -> Attribution | None:
    """`Bolsonaro opposed Macron's statement: "..."` -> the subject of the clause before the colon;
    `Lavrov: "..."` -> the name before the colon."""
    before = ctx.outside_before(s)
    if not before or before[-1].text != ":":
        return None
    colon = before[-1]
    head = colon.head
    if head.i > colon.i or ctx.in_quote[head.i]:
        head = before[-2] if len(before) > 1 else colon
    noun = head
    while head.pos_ not in ("VERB", "AUX") and head.head is not head:
        head = head.head
    if head.pos_ in ("VERB", "AUX") and not ctx.in_quote[head.i] and head.i < colon.i:
        res = attribution_from(head, "colon", in_quote=ctx.in_quote)
        if res is STOP or res is None or res.speaker_start < 0:
            return None
        return res
    if noun.pos_ == "PROPN" and len(before) <= C.MAX_COLON_NAME_TOKENS:
        a, b = speaker_span(noun)
        return Attribution("", -1, -1, a, b, "colon")
    return None


def _headline_dash(ctx: QuoteContext, s: MarkSpan) -> Attribution | None:
    """Headline style: `'No Cold War' between Russia and US – Lavrov` (a name after a dash ends the line)."""
    if not s.closed:
        return None
    line_end = ctx.text.find("\n", s.end)
    line_end = len(ctx.text) if line_end < 0 else line_end
    m = C.HEADLINE_DASH.search(ctx.text, s.end + 1, line_end)
    if m is None:
        return None
    toks = [t for t in ctx.index.between(m.start(1), m.end(1)) if not t.is_space]
    if not toks or len(toks) > C.MAX_COLON_NAME_TOKENS or not all(t.pos_ == "PROPN" or t.is_punct for t in toks):
        return None
    return Attribution(m.group(0).strip()[0], m.start(), m.start() + 1, m.start(1), m.end(1), "dash",
                       m.start(1), m.end(1))


def find_attribution(ctx: QuoteContext, s: MarkSpan) -> Attribution | None:
    """The cue and speaker words of a quote from its own sentence(s); None when they do not say."""
    qtext = ctx.text[s.start:s.end].rstrip()
    last = qtext[-1:]
    nxt = ctx.text[s.end + 1:s.end + 2] if s.closed else ""
    after_ok = s.closed and (nxt in (",", ";") or last in C.ATTRIBUTION_FOLLOWS or
                             (last not in ".\u3002" and nxt not in (".", "\u3002")))
    after = _after(ctx, s) if after_ok else None
    if after is STOP:
        after = None
    prefer_after = after_ok and (last in ",;?!" or nxt in (",", ";") or ctx.starts_sentence(s))
    if after is not None and prefer_after and after.speaker_start >= 0 and after.how == "after":
        return after
    before = _before(ctx, s)
    if before is STOP:
        return None
    for res in (before, after):
        if res is not None and res.speaker_start >= 0:
            return res
    colon = _colon(ctx, s) or _headline_dash(ctx, s)
    if colon is not None:
        return colon
    return before or after


def previous_sentence_attribution(ctx: QuoteContext, s: MarkSpan) -> Attribution | None:
    """For a quote that opens its sentence with no cue of its own: a cue with a speaker in the sentence
    just before (in the same paragraph or the one before)."""
    open_tok = ctx.opening_token(s)
    start = open_tok.sent.start
    if start == 0:
        return None
    prev = ctx.doc[start - 1].sent
    between = ctx.text[prev.end_char:open_tok.idx]
    if between.count("\n") > 3:
        return None
    for tok in reversed(list(prev)):
        if ctx.in_quote[tok.i]:
            continue
        if is_according(tok) or (is_cue(tok) and not is_source_aside(tok)):
            res = attribution_from(tok, "previous", in_quote=ctx.in_quote)
            if res is STOP or res is None:
                return None
            if res.speaker_start >= 0:
                return res
    return None
