"""The target of a repeated act whose own sentence names none: the target of the same act just before.

"Northamptonshire's chief constable wrote to the US Embassy asking to waive her diplomatic immunity.
Both he and the county's Police and Crime Commissioner urged the immunity be waived." The appeal of the
second sentence names no one; it is the appeal of the first, made again, to the same Americans. An act
of the roots in data/patterns/discourse/context.toml (acts always done to someone) whose sentence names
no target takes the target of the nearest act of the same root told with one, in its sentence or up to
`sentences_back` before. The event says so: its pattern id gets a suffix, its confidence is lower, and
its target's offsets point at the earlier mention, so `dyads explain` shows where the target came from.

A protest or demand by a country's citizens, opposition, parties or legislators that names no one
("Members of the House of Commons protested") is addressed to that country's government: a target with
no words, the code <country>GOV, and the pattern id suffix "+own-government".

Measured and left out (2026-11, 275 Wikinews articles): taking the nearest actor named before, or the
nearest participant of any earlier act, gave a right target about one time in four.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from .patterns import discourse_data


@dataclass(frozen=True)
class ContextRules:
    id_suffix: str
    roots: frozenset[str]
    back: int
    skip_sectors: frozenset[str]
    penalty: float
    own_suffix: str = ""
    own_roots: frozenset[str] = frozenset()
    own_sectors: frozenset[str] = frozenset()
    government: str = "GOV"


@lru_cache(maxsize=4)
def load(path: str | None = None) -> ContextRules:
    d = discourse_data("context.toml", path)
    own = d.get("own_government", {})
    return ContextRules(id_suffix=d["id_suffix"], roots=frozenset(d["roots"]), back=int(d["sentences_back"]),
                        skip_sectors=frozenset(d.get("skip_sectors", [])), penalty=float(d.get("penalty", 0.0)),
                        own_suffix=own.get("id_suffix", ""), own_roots=frozenset(own.get("roots", [])),
                        own_sectors=frozenset(own.get("sectors", [])),
                        government=own.get("government", "GOV"))


def own_government(e):
    """The government of the source's country as a target with no words, for a demand or protest by
    the citizens, opposition, parties or groups (`own_sectors`) of a known country that names no one;
    else None."""
    from ..models import Side
    rules = load()
    code = e.source.code or ""
    if (e.cameo[:2] not in rules.own_roots or len(code) < 3 or code.startswith(("---", "IGO"))
            or code[3:6] not in rules.own_sectors):
        return None
    return Side(text="", code=code[:3] + rules.government)


def _phrase(doc, side) -> tuple[int, int]:
    """The characters of the whole phrase around a source's words ("Members [of the House of Commons]")."""
    span = doc.char_span(side.start, side.end, alignment_mode="expand")
    if span is None:
        return side.start, side.end
    sub = list(span.root.subtree)
    return min(side.start, sub[0].idx), max(side.end, sub[-1].idx + len(sub[-1]))


def earlier_target(article, act, before: list, doers: list, speaker: str | None = None):
    """(Side, Actor): the target of the nearest act in `before` (Events) of the same root as `act` and
    told before it, when that target is not one of `doers` ((Side, Actor) pairs: the act's sources) nor in
    their words, not a group of the same code as a doer ("they" and "the protesters"), not `speaker` (the
    actor whose quote tells the act), and of a known country. None when there is none."""
    rules = load()
    own = {a.id for _, a in doers if a is not None} | ({speaker} if speaker else set())
    kinds = {a.code for _, a in doers if a is not None and a.type != "PER"}
    spans = [_phrase(article.doc, s) for s, _ in doers if s.start >= 0]
    best = None
    for e in before:
        side = e.target
        actor = article.actor(side.actor_id)
        if (e.cameo[:2] != act.cameo[:2] or actor is None or actor.id in own
                or not 0 <= side.start < act.trigger_start or (best is not None and side.start <= best[0].start)):
            continue
        code = actor.code or ""
        if (not code or code.startswith("---") or code[3:6] in rules.skip_sectors
                or (code in kinds and actor.type != "PER") or any(a < side.end and side.start < b for a, b in spans)):
            continue
        best = (side, actor)
    return best


def fill_targets(article, events: list, history: list, here: int, phrased: set[int] = frozenset()) -> list:
    """`events` of sentence number `here`, each act of a root in `roots` with no target given the target of
    the same act told just before (pattern id suffixed, confidence lowered). `history`: (sentence number,
    Event) of the events before. Left alone: an act whose pattern found a target phrase that names no
    actor (its trigger's start in `phrased`: "opposes abortion", "asked his countrymen"), and an act whose
    source does another act in the sentence that names a target."""
    from .discourse import quote_at
    rules = load()
    before = [e for n, e in history if n >= here - rules.back and not e.negated] + events
    told = {e.source.actor_id for e in events if e.target.code and not e.cameo.startswith("01")}
    out = []
    for e in events:
        if (e.target.code or e.target.text or e.cameo[:2] not in rules.roots or e.source.actor_id in told
                or e.trigger_start in phrased):
            out.append(e)
            continue
        quote = quote_at(article, e.trigger_start)
        doers = [(x.source, article.actor(x.source.actor_id)) for x in events  # "Both he and X urged"
                 if x.trigger_start == e.trigger_start]
        got = earlier_target(article, e, before, doers, quote.speaker_id if quote is not None else None)
        if got is not None:
            out.append(replace(e, target=got[0], pattern_id=e.pattern_id + rules.id_suffix,
                               confidence=round(e.confidence - rules.penalty, 3)))
        elif (gov := own_government(e)) is not None:
            out.append(replace(e, target=gov, pattern_id=e.pattern_id + rules.own_suffix,
                               confidence=round(e.confidence - rules.penalty, 3)))
        else:
            out.append(e)
    return out
