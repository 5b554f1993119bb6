"""Articles as table rows: the store key of a text, and one DataFrame per table for a batch.

A worker can build the frames of its shard with `article_frames`, write them to Parquet with
`save_frames`, and a final step loads them with `load_frames` and `Store.write_frames`.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from .aggregate import url_host
from .errors import InputError
from .models import Actor, Article, Side
from .schema import COLUMNS
from .syndication import sketch
from .tone import document_tone, sentence_tone


def article_key(text: str, source: str = "") -> str:
    """The store key of a clean text from `source` (its URL, else its id; see `key_of`): sha256 hex of
    the text NFKC-normalised, lowercased, spaces collapsed, and the source. The same text from the
    same source is stored once; a verbatim copy on another site is stored too, as a report of its
    own, and clustered with its original by the writer (see dyads.syndication)."""
    norm = " ".join(unicodedata.normalize("NFKC", text).lower().split())
    if source:
        norm += "\x00" + source.strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def key_of(article: Article) -> str:
    """The store key of `article`: of its clean text and its URL, or its id where it has no URL."""
    return article_key(article.text, article.url or article.id)


def parse_date(value: str | None) -> date | None:
    """The date of an ISO date or datetime string (`2013-08-10`, `2013-08-10T12:00Z`); None if not one."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def article_frames(articles: Iterable[Article], *, ingested_at: datetime | None = None
                   ) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """One DataFrame per table for `articles`, and counts of what was left out.

    Articles with an empty text (counted as `no_text`) and second copies of the same key within
    `articles` (counted as `skipped`) are left out. Tones (`dyads.tone`) are scored here: the
    document's, and each event's sentence's. The frames can be written to Parquet by a
    worker and loaded later with `Store.write_frames`.
    """
    now = (ingested_at or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(tzinfo=None)
    rows: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
    seen: set[str] = set()
    left_out = {"skipped": 0, "no_text": 0}
    for a in articles:
        if not a.text.strip():
            left_out["no_text"] += 1
            continue
        key = key_of(a)
        if key in seen:
            left_out["skipped"] += 1
            continue
        seen.add(key)
        published = parse_date(a.published)
        cluster = a.extras.get("cluster_id")
        rows["articles"].append((key, a.id, a.url, a.origin, a.input_kind, a.title, published,
                                 list(a.keywords), a.text, now, url_host(a.url),
                                 str(cluster) if cluster not in (None, "") else None,
                                 document_tone(a.text)))
        by_id = {actor.id: actor for actor in a.actors}
        for i, actor in enumerate(a.actors):
            rows["actors"].append((key, i, actor.id, actor.name, actor.code, actor.code[:3],
                                   actor.code[3:6], actor.type, actor.role, actor.source))
            for j, m in enumerate(actor.mentions):
                rows["mentions"].append((key, actor.id, j, m.text, m.start, m.end, m.kind))
        for i, q in enumerate(a.quotes):
            sp = by_id.get(q.speaker_id) if q.speaker_id is not None else None
            rows["quotes"].append((key, i, q.id, q.text, q.start, q.end, q.kind, q.cue, q.speaker_id,
                                   sp.name if sp else None, sp.code if sp else None, q.speaker_text,
                                   q.speaker_start, q.speaker_end))
        event_places = a.extras.get("event_places") or {}
        for i, e in enumerate(a.events):
            rows["events"].append((key, i, e.id, published,
                                   *_side_row(e.source, by_id), *_side_row(e.target, by_id),
                                   e.cameo, e.cameo[:2], e.plover, float(e.goldstein), e.quad_class,
                                   e.trigger, e.trigger_start, e.trigger_end,
                                   e.sentence, e.sentence_start, e.sentence_end,
                                   e.pattern_id, bool(e.negated), e.mode, float(e.confidence),
                                   e.quote_id, sentence_tone(e.sentence),
                                   *_geo_row(event_places.get(e.id))))
        for i, p in enumerate(a.extras.get("places") or ()):
            rows["places"].append((key, i, p.get("text"), p.get("start"), p.get("end"), p.get("name"),
                                   _int(p.get("id")), p.get("country"), p.get("admin1"),
                                   p.get("admin1_name"), p.get("lat"),
                                   p.get("lon"), p.get("feature"), p.get("precision"),
                                   _int(p.get("population")), p.get("via")))
        sk = a.extras.get("sketch") or sketch(a.text)  # the dedup step makes it; else made here
        rows["article_sketches"].append((key, sk["hash"], sk["shingles"], sk.get("minhash"),
                                             a.extras.get("canonical_url") or None))
    frames = {t: pd.DataFrame(rows[t], columns=list(COLUMNS[t])) for t in COLUMNS}
    return frames, left_out


def save_frames(frames: Mapping[str, pd.DataFrame], folder: str | Path) -> None:
    """Write `article_frames` output as one Parquet file per table into `folder` (a worker's shard)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table in COLUMNS:
        duckdb.from_df(frames[table]).write_parquet(str(folder / f"{table}.parquet"))


def load_frames(folder: str | Path) -> dict[str, pd.DataFrame]:
    """Read back what `save_frames` wrote, ready for `Store.write_frames`.

    Raises InputError when a table's file is missing.
    """
    folder = Path(folder)
    present = [t for t in COLUMNS if (folder / f"{t}.parquet").is_file()]
    missing = [t for t in COLUMNS if t not in present and t not in ("places", "article_sketches")]
    if missing:  # places and sketches came with schema 3: older shards lack them
        raise InputError(f"{folder} lacks {', '.join(t + '.parquet' for t in missing)}")
    return {t: duckdb.read_parquet(str(folder / f"{t}.parquet")).df() for t in present}


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _geo_row(loc: Mapping | None) -> tuple:
    """The events.geo_* values of an event's action location (None: all NULL)."""
    if not loc:
        return (None,) * 10
    return (loc.get("name"), _int(loc.get("id")), loc.get("country"), loc.get("admin1"),
            loc.get("admin1_name"), loc.get("lat"), loc.get("lon"),
            loc.get("feature"), loc.get("precision"), loc.get("tie"))


def _side_row(side: Side, by_id: Mapping[str, Actor]) -> tuple:
    actor = by_id.get(side.actor_id) if side.actor_id is not None else None
    return (side.text, side.code, side.actor_id, actor.name if actor else None, side.start, side.end)
