"""Cross-article aggregation: the reports of one real-world event become one aggregated event.

Reports (stored, non-negated events) share a *key*: source code, target code and CAMEO code. Within
a key:
- reports from articles of the same syndication cluster (`articles.cluster_id`) form one unit,
  whatever their dates; other reports form one unit per article;
- units are taken in date order; a unit joins the current event when its date is at most
  `window_days` after that event's first date, otherwise it starts a new event (an anchored
  window: a months-long run of daily reports does not chain into one event);
- units from undated articles each make their own event.
The result depends only on the set of stored reports, not on the order they were ingested in, so
ingesting again, or after a crash, gives the same events.

Counts: NumMentions = reports; NumArticles = distinct articles; NumSources = distinct source sites
(URL host), where the copies of one syndication cluster count as one site (the host of the
cluster's earliest copy) and an article without a URL counts as a source of its own.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from itertools import groupby
from typing import Any, NamedTuple

import pandas as pd

from .schema import GROUP_COLUMNS

DEFAULT_WINDOW_DAYS = 3
LEDE_MIN_WORDS = 8  # a lead paragraph has at least this many words (skips datelines and bylines)
PARAGRAPH = re.compile(r"\n\s*\n|\n")

# The columns `group_reports` reads, as `Store` selects them.
REPORT_COLUMNS = ("article_key", "seq", "source_code", "target_code", "cameo", "published",
                  "cluster_id", "host", "tone", "plover", "goldstein", "quad_class", "source_name",
                  "target_name", "url", "sentence_start", "lede_end", "ingested_at")


def url_host(url: str | None) -> str:
    """The host of `url`, lower case, without `www.` and port; "" when there is none."""
    if not url:
        return ""
    m = re.match(r"^[a-z][a-z0-9+.-]*://([^/?#]*)", url.strip(), re.IGNORECASE)
    if not m:
        return ""
    host = m[1].rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
    return host.removeprefix("www.")


def lede_end(text: str) -> int:
    """The end offset of the lead paragraph: the first paragraph of LEDE_MIN_WORDS words or more."""
    pos = 0
    for m in [*PARAGRAPH.finditer(text), None]:
        end = m.start() if m else len(text)
        if len(text[pos:end].split()) >= LEDE_MIN_WORDS:
            return end
        pos = m.end() if m else end
    return len(text)


def group_id(source: str, target: str, cameo: str, article_key: str, seq: int) -> int:
    """A stable 60-bit id of an aggregated event: a hash of its key and its first report."""
    digest = hashlib.sha256(f"{source}|{target}|{cameo}|{article_key}|{seq}".encode()).hexdigest()
    return int(digest[:15], 16)


class _Report(NamedTuple):
    article_key: str
    seq: int
    source_code: str
    target_code: str
    cameo: str
    published: date | None
    cluster_id: str | None
    host: str
    tone: float | None
    plover: str | None
    goldstein: float | None
    quad_class: int | None
    source_name: str | None
    target_name: str | None
    url: str | None
    sentence_start: int | None
    lede_end: int | None
    ingested_at: Any


def _order(r: _Report) -> tuple:
    """Reports in date order (undated last), then by article key and position."""
    return (r.published is None, r.published or date.min, r.article_key, r.seq)


def _unit(r: _Report) -> str:
    return f"c:{r.cluster_id}" if r.cluster_id else f"a:{r.article_key}"


def _windows(rows: list[_Report], window_days: int) -> Iterator[list[_Report]]:
    """The reports of one key split into events: units (cluster or article) by anchored date windows."""
    units: dict[str, list[_Report]] = {}
    for r in rows:
        units.setdefault(_unit(r), []).append(r)
    dated, undated = [], []
    for unit, members in units.items():
        dates = [r.published for r in members if r.published is not None]
        (dated if dates else undated).append((min(dates) if dates else None, unit, members))
    current: list[_Report] = []
    anchor: date | None = None
    for day, _, members in sorted(dated, key=lambda u: (u[0], u[1])):
        if anchor is not None and (day - anchor).days <= window_days:
            current += members
            continue
        if current:
            yield current
        anchor, current = day, list(members)
    if current:
        yield current
    for _, _, members in sorted(undated, key=lambda u: u[1]):
        yield members


def _sources(rows: list[_Report]) -> int:
    """Distinct source sites: hosts, a cluster counted once (its earliest copy's host)."""
    cluster_host: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: (r.published is None, r.published or date.min, r.host, r.article_key)):
        if r.cluster_id:
            cluster_host.setdefault(r.cluster_id, r.host)
    sites = {(cluster_host[r.cluster_id] if r.cluster_id else r.host) or f"article:{r.article_key}" for r in rows}
    return len(sites)


def _most_common(values: Iterable[str | None]) -> str | None:
    """The most common non-empty value, ties to the first seen; None when there is none."""
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _clean(value: Any) -> Any:
    """None for pandas' missing values (NaN, NaT, NA), else the value."""
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):  # lists and other non-scalars
        return value


def _reports(frame: pd.DataFrame) -> list[_Report]:
    df = frame[list(REPORT_COLUMNS)]
    out = []
    for row in df.itertuples(index=False, name=None):
        r = _Report(*(_clean(v) for v in row))
        published = r.published
        if isinstance(published, datetime) or (published is not None and not isinstance(published, date)):
            published = pd.Timestamp(published).date()
        out.append(r._replace(published=published, seq=int(r.seq), host=r.host or "",
                              cluster_id=str(r.cluster_id) if r.cluster_id else None))
    return out


def group_reports(reports: pd.DataFrame, window_days: int = DEFAULT_WINDOW_DAYS
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Aggregate `reports` (columns REPORT_COLUMNS) into (event_groups, event_reports) frames.

    Raises ValueError for a negative window.
    """
    if window_days < 0:
        raise ValueError(f"window_days must be >= 0, not {window_days}")
    groups: list[tuple] = []
    members: list[tuple] = []
    rows = sorted(_reports(reports), key=lambda r: (r.source_code, r.target_code, r.cameo, *_order(r)))
    for (src, tgt, cameo), key_rows in groupby(rows, key=lambda r: (r.source_code, r.target_code, r.cameo)):
        for g in _windows(list(key_rows), window_days):
            g.sort(key=_order)
            root = g[0]
            gid = group_id(src, tgt, cameo, root.article_key, root.seq)
            dates = [r.published for r in g if r.published is not None]
            tones = [r.tone for r in g if r.tone is not None]
            added = [r.ingested_at for r in g if r.ingested_at is not None]
            groups.append((
                gid, src, tgt, cameo, cameo[:3], cameo[:2], root.plover, root.quad_class, root.goldstein,
                _most_common(r.source_name for r in g), _most_common(r.target_name for r in g),
                min(dates) if dates else None, max(dates) if dates else None,
                len(g), len({r.article_key for r in g}), _sources(g),
                round(sum(tones) / len(tones), 3) if tones else None,
                any(r.sentence_start is not None and r.lede_end is not None and r.sentence_start < r.lede_end
                    for r in g),
                root.article_key, root.seq, root.url, min(added) if added else None))
            members += [(gid, r.article_key, r.seq) for r in g]
    return (pd.DataFrame(groups, columns=list(GROUP_COLUMNS["event_groups"])),
            pd.DataFrame(members, columns=list(GROUP_COLUMNS["event_reports"])))
