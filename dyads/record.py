"""An Article as the JSON record of ../shared/eval/SCHEMA.md (what `dyads extract` prints)."""
from __future__ import annotations

from typing import Any

from .models import Article, Event, Failure, Quote, Side


def side_record(article: Article, side: Side) -> dict[str, Any] | None:
    """An event's source or target; null when the event has none (e.g. a statement to no one)."""
    if not side.code and not side.text:
        return None
    actor = article.actor(side.actor_id)
    return {
        "text": side.text,
        "code": side.code,
        "actor_id": side.actor_id,
        "name": actor.name if actor else "",
        "start": side.start,
        "end": side.end,
    }


def quote_record(article: Article, q: Quote) -> dict[str, Any]:
    """A quote; `speaker` is null when the text names no one, and has no id or code when the words
    that name the speaker resolved to no actor."""
    speaker = None
    actor = article.actor(q.speaker_id)
    if actor is not None or q.speaker_text:
        speaker = {"id": actor.id if actor else None, "name": actor.name if actor else q.speaker_text,
                   "code": actor.code if actor else "", "text": q.speaker_text,
                   "start": q.speaker_start, "end": q.speaker_end}
    return {"id": q.id, "text": q.text, "start": q.start, "end": q.end, "kind": q.kind, "cue": q.cue,
            "speaker": speaker}


def event_record(article: Article, e: Event) -> dict[str, Any]:
    """An event with its evidence and, when the geo step ran, its action location (or null)."""
    return {
        "id": e.id,
        "source": side_record(article, e.source),
        "target": side_record(article, e.target),
        "cameo": e.cameo,
        "plover": e.plover,
        "goldstein": e.goldstein,
        "quad_class": e.quad_class,
        "negated": e.negated,
        "mode": e.mode,
        "trigger": {"text": e.trigger, "start": e.trigger_start, "end": e.trigger_end},
        "sentence": e.sentence,
        "start": e.sentence_start,
        "end": e.sentence_end,
        "pattern_id": e.pattern_id,
        "confidence": e.confidence,
        "quote_id": e.quote_id,
        "location": article.extras.get("event_places", {}).get(e.id),
    }


def article_record(article: Article) -> dict[str, Any]:
    """The full record of one processed article."""
    return {
        "id": article.id,
        "url": article.url,
        "origin": article.origin,
        "title": article.title,
        "date": article.published or None,
        "keywords": article.keywords,
        "text": article.text,
        "actors": [
            {"id": a.id, "name": a.name, "code": a.code, "type": a.type, "role": a.role, "source": a.source,
             "mentions": [{"text": m.text, "start": m.start, "end": m.end, "kind": m.kind} for m in a.mentions]}
            for a in article.actors
        ],
        "quotes": [quote_record(article, q) for q in article.quotes],
        "events": [event_record(article, e) for e in article.events],
        "places": article.extras.get("places", []),
        "cluster_id": article.extras.get("cluster_id"),
        "original_id": article.extras.get("original_id"),
        "warnings": article.extras.get("warnings", []),
    }


def failure_record(f: Failure) -> dict[str, Any]:
    return {"id": f.id, "origin": f.origin, "error": f.reason, "detail": f.detail}
