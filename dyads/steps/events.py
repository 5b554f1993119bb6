"""Code events: who did what to whom, in CAMEO and PLOVER, each with the words it came from."""
from __future__ import annotations

from dataclasses import replace

from ..actors import resolve
from ..events import grammar as g
from ..events.cameo import load_tables, quad_class
from ..events.matcher import Found, Matcher
from ..events.patterns import load_patterns
from ..models import Actor, Article, Event, Side
from ..registry import register
from .base import Step

EMPTY = Side(text="", code="")
UNKNOWN_COUNTRY = "---"


@register("events")
class EventStep(Step):
    """Fills `article.events` from `article.doc`, most confident first within each sentence.

    statements: also code plain statements (CAMEO 010) of a speaker whose words carry no other event.
    require_source: drop an event whose source resolves to no actor with a code (else code it "").
    min_confidence: drop events below this confidence.
    """

    def __init__(self, *, patterns_dir: str | None = None, statements: bool = True,
                 require_source: bool = True, min_confidence: float = 0.0) -> None:
        super().__init__()
        self.tables = load_tables()
        self.matcher = Matcher(load_patterns(patterns_dir))
        self.statements = statements
        self.require_source = require_source
        self.min_confidence = min_confidence

    def process(self, article: Article) -> Article:
        doc = article.doc
        if doc is None:
            self.stats["no_doc"] += 1
            return article
        events: list[Event] = []
        for sent in doc.sents:
            found = self.matcher.match_sentence(sent)
            triggers = {f.tok.i for f in found if not f.statement}
            coded: list[Event] = []
            for f in found:
                if f.statement and (not self.statements or triggers & set(f.inside)):
                    continue  # a verb of saying whose clause is coded on its own
                if f.confidence < self.min_confidence:
                    continue
                coded += self._events(article, sent, f)
            coded.sort(key=lambda e: (-e.confidence, e.trigger_start))
            seen = set()
            for e in coded:
                key = (e.source.actor_id or e.source.text, e.target.actor_id or e.target.text, e.cameo[:2])
                if key in seen:
                    continue
                seen.add(key)
                events.append(e)
        article.events = [replace(e, id=f"{article.id}-e{n}") for n, e in enumerate(events, 1)]
        self.stats["events"] += len(events)
        return article

    # ------------------------------------------------------------------ sides
    def _side(self, article: Article, slot, *, needed: bool) -> tuple[Side, Actor | None] | None:
        """The first alternative of `slot` that resolves to an actor with a known country; else the
        first with any code ("---GOV"); else (when allowed) the words with an empty code."""
        doc = article.doc
        fallback = None
        for tok in slot:
            spans = [g.core_span(tok), g.full_span(tok)]
            spans += [g.core_span(c) for c in tok.children if c.dep_ == "appos"]  # "the leader, Chuck Schumer"
            for lo, hi in spans:
                start, end = g.char_span(doc, lo, hi)
                actor = resolve(article, start, end)
                if actor is None or not actor.code:
                    continue
                side = Side(text=article.text[start:end], code=actor.code, actor_id=actor.id, start=start, end=end)
                if not actor.code.startswith(UNKNOWN_COUNTRY):
                    return side, actor
                fallback = fallback or (side, actor)
        if fallback is not None:
            return fallback
        if needed and self.require_source:
            return None
        start, end = g.char_span(doc, *g.core_span(slot[0]))
        return Side(text=article.text[start:end], code="", start=start, end=end), None

    @staticmethod
    def _same(src, tgt) -> bool:
        """The target is the source itself: the same actor, or a pronoun of the same country."""
        (_, s_actor), (t_side, t_actor) = src, tgt
        if s_actor is None or t_actor is None:
            return False
        if s_actor.id == t_actor.id:
            return True
        return t_side.text.lower() in g.PRONOUNS and s_actor.code[:3] == t_actor.code[:3]

    def _events(self, article: Article, sent, f: Found) -> list[Event]:
        sources = [s for slot in f.sources if (s := self._side(article, slot, needed=True))]
        if f.statement:  # a plain statement is worth keeping only from an actor we can place
            sources = [s for s in sources if s[0].code != UNKNOWN_COUNTRY]
        if not sources:
            return []
        real = []
        for group in f.targets:  # the first target phrase that names another actor, with its conjuncts
            real = [t for slot in group if (t := self._side(article, slot, needed=False)) and t[1] is not None
                    and not any(self._same(s, t) for s in sources)]
            if real:
                break
        if f.needs_target and not real:
            return []  # "the killing of 300,000 pigs": a nominal event concerning no actor
        pairs = []
        if f.symmetric and len(sources) > 1 and not real:
            pairs = [(a, b) for a in sources for b in sources if a[0].start != b[0].start]
        else:
            if not real and f.targets:  # keep the words of a target that names no actor, code ""
                real = [self._side(article, f.targets[0][0], needed=False)]
            for s in sources:
                for t in real or [(EMPTY, None)]:
                    if t[1] is not None and self._same(s, t):
                        t = (EMPTY, None)  # an actor acting on itself: keep the act, drop the target
                    pairs.append((s, t))
        doc = article.doc
        lo, hi = min(f.trigger_tokens), max(f.trigger_tokens)
        t_start, t_end = doc[lo].idx, doc[hi].idx + len(doc[hi])
        quote = next((q.id for q in article.quotes if q.start <= t_start < q.end), None)
        out = []
        for (src, _), (tgt, _) in pairs:
            out.append(Event(
                id="", source=src, target=tgt, cameo=f.code, plover=self.tables.plover_type(f.code),
                goldstein=self.tables.goldstein_of(f.code), quad_class=quad_class(f.code),
                trigger=article.text[t_start:t_end], trigger_start=t_start, trigger_end=t_end,
                sentence=sent.text, sentence_start=sent.start_char, sentence_end=sent.end_char,
                pattern_id=f.pattern_id, negated=f.negated, mode=f.mode, confidence=f.confidence,
                quote_id=quote,  # the event is told inside this quote
            ))
        return out
