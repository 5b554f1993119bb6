"""The records that flow through the pipeline.

One `Article` passes through every step (read -> clean -> parse -> actors -> quotes -> events ->
store). Each step fills its own typed field; `extras` holds anything experimental.
Character offsets (`start`, `end`) always index `Article.text`, end exclusive.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in the text where an actor is named or referred to."""

    text: str
    start: int
    end: int
    kind: str = "name"  # name | surname | title | metonym | pronoun | nominal


@dataclass(slots=True)
class Actor:
    """A real-world actor as the article names it, with a CAMEO-style code.

    `code` is an ISO 3166 alpha-3 country (or IGO/--- ) plus an optional sector, e.g. RUSGOV.
    `source` says why the code was given (dictionary entry, title word, nationality...).
    """

    id: str
    name: str
    code: str
    type: str = "PER"  # PER | ORG | GPE | GRP (group of people: "the rebels")
    role: str = ""
    source: str = ""
    mentions: list[Mention] = field(default_factory=list)

    @property
    def country(self) -> str:
        return self.code[:3]

    @property
    def sector(self) -> str:
        return self.code[3:6]


@dataclass(frozen=True, slots=True)
class Quote:
    """Speech attributed (or not) to an actor. `speaker_id` is None when the text does not say who."""

    id: str
    text: str
    start: int
    end: int
    kind: str  # direct | indirect | mixed
    cue: str = ""
    speaker_id: str | None = None
    speaker_text: str = ""
    speaker_start: int = -1
    speaker_end: int = -1


@dataclass(frozen=True, slots=True)
class Side:
    """The source or target of an event: the words of the text and the actor they resolve to."""

    text: str
    code: str
    actor_id: str | None = None
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class Event:
    """A coded action of `source` towards `target`, with the evidence that produced it."""

    id: str
    source: Side
    target: Side
    cameo: str
    plover: str
    goldstein: float
    quad_class: int
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    pattern_id: str
    negated: bool = False
    mode: str = ""  # PLOVER mode: "" (asserted) | hypothetical | future | ...
    confidence: float = 1.0
    quote_id: str | None = None


@dataclass(slots=True)
class Article:
    """One news document and everything the pipeline learned about it."""

    id: str
    url: str = ""
    origin: str = ""  # where it was read from: a path, "stdin", path#line
    html: str | None = None
    raw_text: str | None = None  # a plain-text input before cleaning
    input_kind: str = ""  # html | page (a page flattened to text) | record (a JSON Lines text field)
    title: str = ""
    published: str = ""  # ISO date, "" when unknown
    text: str = ""
    keywords: list[str] = field(default_factory=list)
    doc: Any = None  # the spaCy Doc of `text`; never stored
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0  # time the steps have spent on it so far, for the time limit; never stored

    def actor(self, actor_id: str | None) -> Actor | None:
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention inside or around [start, end); the longest overlap wins."""
        best, best_overlap = None, 0
        for a in self.actors:
            for m in a.mentions:
                overlap = min(end, m.end) - max(start, m.start)
                if overlap > best_overlap:
                    best, best_overlap = a, overlap
        return best


@dataclass(frozen=True, slots=True)
class Drop:
    """Returned by a step instead of an article: the article is rejected for `reason`."""

    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be processed, recorded with where it came from and why."""

    id: str
    origin: str
    reason: str
    detail: str = ""
