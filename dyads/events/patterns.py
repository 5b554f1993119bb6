"""Event patterns as data: one TOML file per CAMEO root in dyads/data/patterns (see its README)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import tomllib

from ..errors import ConfigError

PATTERN_DIR = Path(__file__).resolve().parents[1] / "data" / "patterns"


@lru_cache(maxsize=8)
def discourse_data(name: str, path: str | None = None) -> dict:
    """A data file of the rules above single patterns: `path`, else data/patterns/discourse/<name>."""
    with open(Path(path) if path else PATTERN_DIR / "discourse" / name, "rb") as f:
        return tomllib.load(f)
KNOWN_KEYS = {"id", "cameo", "verbs", "nouns", "adjs", "objects", "preps", "symmetric", "experiencer",
              "reporting", "clause", "confidence", "target", "embed", "standalone", "transitive",
              "needs_target", "not_target_sectors", "object_is_target", "source_nouns",
              "no_complement", "not_objects"}
# Words that link a noun phrase's head to what follows it ("state of emergency"): the head is before.
NOUN_LINKS = {"of", "on", "to", "against", "for"}
DEFAULT_CONFIDENCE = {"v": 0.8, "n": 0.65, "a": 0.7}
# A frame's `embed` value that keeps the embedded action's own code ("prepared to sign" -> 057).
KEEP_CODE = "="


@dataclass(frozen=True)
class Trigger:
    """One trigger phrase: the anchor lemma that must be the trigger token, the other words nearby."""

    anchor: str
    rest: tuple[str, ...]
    pos: str  # v | n | a
    text: str


@dataclass
class Pattern:
    id: str
    cameo: str
    is_frame: bool = False
    triggers: list[Trigger] = field(default_factory=list)
    objects: tuple[str, ...] = ()
    preps: tuple[str, ...] = ()
    symmetric: bool = False
    experiencer: bool = False
    reporting: bool = False
    clause: bool = False
    confidence: float | None = None
    target: str = "object"  # frames: embedded | object
    embed: dict[str, str] = field(default_factory=dict)
    standalone: bool | str = True  # True | False | "clause" (only with a clause: "ordered X to ...")
    transitive: bool = False
    needs_target: bool = False  # an act that means nothing without the other party ("hosted", "visited")
    not_target_sectors: tuple[str, ...] = ()  # targets of these sectors are no party to it ("spoke to the BBC")
    object_is_target: bool = False  # the object that matched `objects` is the target ("suspended [parliament]")
    source_nouns: tuple[str, ...] = ()  # the doer must be named by one of these nouns ("[troops] left Iraq")
    no_complement: bool = False  # no particle nor predicative complement ("left two people dead", "left behind")
    not_objects: tuple[str, ...] = ()  # objects that make it no such act ("seize [the opportunity]")

    def compose(self, code: str) -> str:
        """The frame's code for an embedded action coded `code` (longest matching prefix wins)."""
        for n in range(len(code), 1, -1):
            if code[:n] in self.embed:
                v = self.embed[code[:n]]
                return code if v == KEEP_CODE else v
        return self.cameo

    def conf(self, pos: str) -> float:
        return self.confidence if self.confidence is not None else DEFAULT_CONFIDENCE[pos]


def _trigger(text: str, pos: str) -> Trigger:
    words = text.lower().split()
    if len(words) == 1:
        return Trigger(words[0], (), pos, text)
    if pos == "n":
        anchor_i = len(words) - 1
        for i, w in enumerate(words[1:], 1):
            if w in NOUN_LINKS:
                anchor_i = i - 1
                break
    else:  # verbs: the first word that is not an adverb ("sexually abuse" -> abuse)
        anchor_i = next((i for i, w in enumerate(words) if not w.endswith("ly")), 0)
    rest = tuple(w for i, w in enumerate(words) if i != anchor_i)
    return Trigger(words[anchor_i], rest, pos, text)


def _pattern(raw: dict, is_frame: bool, source: str) -> Pattern:
    unknown = set(raw) - KNOWN_KEYS
    if unknown or "id" not in raw or "cameo" not in raw:
        raise ConfigError(f"{source}: bad pattern {raw.get('id')!r}: unknown keys {sorted(unknown)}")
    p = Pattern(
        id=raw["id"], cameo=str(raw["cameo"]), is_frame=is_frame,
        objects=tuple(o.lower() for o in raw.get("objects", [])),
        preps=tuple(raw.get("preps", [])), symmetric=raw.get("symmetric", False),
        experiencer=raw.get("experiencer", False), reporting=raw.get("reporting", False),
        clause=raw.get("clause", False), confidence=raw.get("confidence"),
        target=raw.get("target", "embedded" if is_frame else "object"),
        embed={str(k): str(v) for k, v in raw.get("embed", {}).items()},
        standalone=raw.get("standalone", True), transitive=raw.get("transitive", False),
        needs_target=raw.get("needs_target", False),
        not_target_sectors=tuple(raw.get("not_target_sectors", [])),
        object_is_target=raw.get("object_is_target", False),
        source_nouns=tuple(w.lower() for w in raw.get("source_nouns", [])),
        no_complement=raw.get("no_complement", False),
        not_objects=tuple(o.lower() for o in raw.get("not_objects", [])),
    )
    for key, pos in (("verbs", "v"), ("nouns", "n"), ("adjs", "a")):
        p.triggers += [_trigger(t, pos) for t in raw.get(key, [])]
    return p


@dataclass
class PatternSet:
    patterns: list[Pattern]
    index: dict[tuple[str, str], list[tuple[Pattern, Trigger]]]

    def candidates(self, lemma: str, pos: str) -> list[tuple[Pattern, Trigger]]:
        return self.index.get((lemma, pos), [])

    def frame(self, pattern_id: str) -> Pattern:
        for p in self.patterns:
            if p.id == pattern_id:
                return p
        raise KeyError(pattern_id)


@lru_cache(maxsize=4)
def load_patterns(directory: str | None = None) -> PatternSet:
    d = Path(directory) if directory else PATTERN_DIR
    files = sorted(d.glob("[0-2][0-9].toml"))
    if not files:
        raise ConfigError(f"no pattern files (01.toml .. 20.toml) in {d}")
    patterns: list[Pattern] = []
    for f in files:
        with open(f, "rb") as fh:
            data = tomllib.load(fh)
        patterns += [_pattern(r, False, f.name) for r in data.get("pattern", [])]
        patterns += [_pattern(r, True, f.name) for r in data.get("frame", [])]
    ids = [p.id for p in patterns]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ConfigError(f"pattern ids used twice in {d}: {dupes}")
    index: dict[tuple[str, str], list[tuple[Pattern, Trigger]]] = defaultdict(list)
    for p in patterns:
        for t in p.triggers:
            index[(t.anchor, t.pos)].append((p, t))
    return PatternSet(patterns, dict(index))
