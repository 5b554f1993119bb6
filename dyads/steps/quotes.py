"""Find quotes (direct, mixed, reported) and who said them; fills `article.quotes`."""
from __future__ import annotations

from ..actors import resolve
from ..deadline import check_deadline
from ..models import Article, Quote
from ..quotes import cues as C
from ..quotes.attribution import Attribution
from ..quotes.direct import (
    QuoteContext,
    find_attribution,
    label_reason,
    previous_sentence_attribution,
    words_of,
)
from ..quotes.indirect import find_reported
from ..quotes.marks import find_mark_spans
from ..registry import register
from .base import Step


@register("quotes")
class QuoteStep(Step):
    """Direct quotes in any quotation-mark style, short quoted fragments inside someone's reported
    speech ("mixed"), and reported speech ("indirect"). Quoted names, titles and scare quotes are not
    quotes: they are listed in `article.extras["quote_marks_skipped"]` when `keep_skipped` is on."""

    def __init__(self, *, indirect: bool = True, mixed: bool = True,
                 min_direct_words: int = C.MIN_DIRECT_WORDS, inherit_speaker: bool = True,
                 keep_skipped: bool = True) -> None:
        super().__init__()
        self.indirect = indirect
        self.mixed = mixed
        self.min_direct_words = min_direct_words
        self.inherit_speaker = inherit_speaker
        self.keep_skipped = keep_skipped

    def process(self, article: Article) -> Article:
        if article.doc is None:
            from ..nlp import parse

            article.doc = parse(article.text)
        text = article.text
        spans = find_mark_spans(text)
        ctx = QuoteContext(text, article.doc, spans)
        found: list[tuple[int, int, str, Attribution | None]] = []  # start, end, kind, attribution
        skipped = []
        last_direct = None  # (span, attribution) of the previous direct quote
        run: list[int] = []  # indexes in `found` of the pieces of a quote over several paragraphs
        for s in spans:
            check_deadline()
            qtext = text[s.start:s.end]
            if s.continues and last_direct is not None and last_direct[0].continued:
                attr = find_attribution(ctx, s) if s.closed else None
                if attr is None or attr.speaker_start < 0:
                    attr = last_direct[1]
                run.append(len(found))
                found.append((s.start, s.end, "direct", attr))
                last_direct = (s, attr)
                if not s.continued:
                    self._share_speaker(found, run)
                continue
            reason = label_reason(ctx, s)
            if reason:
                skipped.append((s, reason))
                continue
            attr = find_attribution(ctx, s)
            if len(words_of(qtext)) < self.min_direct_words:
                if self.mixed and attr is not None and attr.speaker_start >= 0:
                    found.append((s.start, s.end, "mixed", attr))
                else:
                    skipped.append((s, "scare"))
                continue
            if (attr is None or attr.speaker_start < 0) and self.inherit_speaker:
                attr = self._inherit(ctx, s, last_direct) or attr
            run = [len(found)] if s.continued else []
            found.append((s.start, s.end, "direct", attr))
            last_direct = (s, attr)
        if self.indirect:
            direct = [(a, b) for a, b, kind, _ in found if kind == "direct"]
            for r in find_reported(ctx, direct):
                attr = Attribution(r.cue, -1, -1, r.speaker_start, r.speaker_end, "reported",
                                   r.wide_start, r.wide_end)
                found.append((r.start, r.end, "indirect", attr))
        found.sort(key=lambda f: (f[0], f[1]))
        article.quotes = [self._quote(article, f"q{n}", *f) for n, f in enumerate(found, 1)]
        if self.keep_skipped and skipped:
            article.extras["quote_marks_skipped"] = [
                {"text": text[s.start:s.end], "start": s.start, "end": s.end, "reason": why} for s, why in skipped]
        for q in article.quotes:
            self.stats[f"quotes.{q.kind}"] += 1
            self.stats["quotes.with_speaker" if q.speaker_start >= 0 else "quotes.no_speaker"] += 1
        self.stats["quotes.skipped_marks"] += len(skipped)
        return article

    @staticmethod
    def _share_speaker(found: list, run: list[int]) -> None:
        """The pieces of one quote over several paragraphs have one speaker: the first one named
        (`"A.<para>"B," he said.` gives "A" to him too)."""
        named = next((found[i][3] for i in run if found[i][3] is not None and found[i][3].speaker_start >= 0),
                     None)
        if named is None:
            return
        for i in run:
            attr = found[i][3]
            if attr is None or attr.speaker_start < 0:
                found[i] = (*found[i][:3], named)

    @staticmethod
    def _inherit(ctx: QuoteContext, s, last_direct) -> Attribution | None:
        """A quote with no cue of its own: the speaker of the quote just before it in the same or the
        previous sentence (`"A," he said. "B."`), else a cue with a speaker in the sentence before."""
        if not ctx.starts_sentence(s):
            return None
        open_tok = ctx.opening_token(s)
        prev_sent_start = ctx.doc[open_tok.sent.start - 1].sent.start_char if open_tok.sent.start > 0 else 0
        if last_direct is not None:
            prev, attr = last_direct
            gap = ctx.text[prev.end:s.start - 1]
            if (attr is not None and attr.speaker_start >= 0 and prev.end >= prev_sent_start
                    and gap.count("\n") <= 3):
                return Attribution(attr.cue, attr.cue_start, attr.cue_end, attr.speaker_start,
                                   attr.speaker_end, "continued", attr.wide_start, attr.wide_end)
        return previous_sentence_attribution(ctx, s)

    @staticmethod
    def _quote(article: Article, qid: str, start: int, end: int, kind: str, attr: Attribution | None) -> Quote:
        text = article.text
        if attr is None:
            return Quote(qid, text[start:end], start, end, kind)
        speaker_id, speaker_text = None, ""
        s0, s1 = attr.speaker_start, attr.speaker_end
        if s0 >= 0:
            # the tight words first, then the whole phrase ("President of Ukraine Volodymyr
            # Zelenskyy"), and only then code the tight words as a new actor
            wide = attr.wide_start >= 0 and (attr.wide_start, attr.wide_end) != (s0, s1)
            actor = article.actor_at(s0, s1)
            if actor is None and wide:
                actor, mention = _person_named_in(article, attr.wide_start, attr.wide_end)
                if mention is not None:
                    s0, s1 = mention.start, mention.end
            if actor is None:
                actor = _attached(resolve(article, s0, s1, add=False))
            if actor is None and wide:
                actor = _attached(resolve(article, attr.wide_start, attr.wide_end, add=False))
                if actor is not None:
                    s0, s1 = attr.wide_start, attr.wide_end
            if actor is None:
                actor = resolve(article, s0, s1)
            speaker_id = actor.id if actor is not None else None
            speaker_text = text[s0:s1]
        return Quote(qid, text[start:end], start, end, kind, cue=attr.cue, speaker_id=speaker_id,
                     speaker_text=speaker_text, speaker_start=s0, speaker_end=s1)


def _attached(actor):
    """`actor` when it is one of the article's actors; a phrase coded on the fly (id "") is not."""
    return actor if actor is not None and actor.id else None


def _person_named_in(article: Article, start: int, end: int):
    """The person whose name stands inside [start, end) and that mention (the longest), else Nones."""
    best, best_m = None, None
    for a in article.actors:
        if a.type != "PER":
            continue
        for m in a.mentions:
            if (start <= m.start and m.end <= end and m.kind in ("name", "surname")
                    and (best_m is None or m.end - m.start > best_m.end - best_m.start)):
                best, best_m = a, m
    return best, best_m
