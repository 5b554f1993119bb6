"""Analyst queries over a `Store`: events, quotes, actors, timelines and a summary.

Actor filters (`actor`, `source`, `target`, `speaker`) take either a code or a name:
- a value written like a code (upper case, `RUS`, `RUSGOV`, `---GOV`, `IGONAT`) matches codes that
  start with it, or a name (canonical or as written in the text) equal to it ignoring case, so
  `USA` does not pick up "Jerusalem" and `CIA` still finds an actor named "CIA";
- any other value (`lavrov`, `White House`, `usa`) matches code prefixes (upper-cased) and names
  (canonical or as written) that contain it, ignoring case.
`since` and `until` are ISO dates, inclusive, on the article's published date; `2013` and `2013-08`
stand for the whole year or month. Articles without a date never pass a date filter.
Negated events are left out unless `include_negated=True`.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

import pandas as pd

from .errors import DyadsError
from .store import Store

CODE_LIKE = re.compile(r"^(?:[A-Z]{3}|---)(?:[A-Z]{3})*$")
PERIODS = ("day", "week", "month")
QUAD_CLASSES = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
# An aggregated event's action location: the location most of its located reports share; on a tie
# the first report's, then the finer one; `reports` is how many reports are located there.
GROUP_LOCATIONS_SQL = """
    WITH located AS (
        SELECT r.group_id, e.geo_name AS name, e.geo_country AS country, e.geo_admin1 AS admin1,
               e.geo_lat AS lat, e.geo_lon AS lon, e.geo_feature AS feature, e.geo_precision AS precision,
               e.geo_id AS geonameid,
               (g.root_article_key = e.article_key AND g.root_seq = e.seq) AS is_root
        FROM event_reports r
        JOIN events e ON e.article_key = r.article_key AND e.seq = r.seq
        JOIN event_groups g ON g.group_id = r.group_id
        WHERE e.geo_name IS NOT NULL OR e.geo_country IS NOT NULL)
    SELECT group_id, name, country, admin1, lat, lon, feature, precision, geonameid, count(*) AS reports
    FROM located GROUP BY group_id, name, country, admin1, lat, lon, feature, precision, geonameid
    QUALIFY row_number() OVER (PARTITION BY group_id ORDER BY count(*) DESC, bool_or(is_root) DESC,
        CASE precision WHEN 'city' THEN 0 WHEN 'admin1' THEN 1 ELSE 2 END, name, geonameid) = 1"""


class QueryError(DyadsError):
    """A query argument that cannot be used: a bad date, an unknown period, a negative limit."""


def date_bound(value: str | date | None, *, end: bool) -> date | None:
    """The first (or, with `end`, last) day of an ISO date, year-month or year."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    try:
        if not m:
            raise ValueError
        y, mo, d = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        if d:
            return date(y, mo, d)
        if mo:
            return date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)
        return date(y, 12, 31) if end else date(y, 1, 1)
    except ValueError:
        raise QueryError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}") from None


class Where:
    """Accumulates SQL conditions and their bound parameters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = []

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def dates(self, column: str, since: str | date | None, until: str | date | None) -> None:
        lo, hi = date_bound(since, end=False), date_bound(until, end=True)
        if lo is not None:
            self.add(f"{column} >= ?", lo)
        if hi is not None:
            self.add(f"{column} <= ?", hi)

    def match(self, value: str | None, code: str, names: tuple[str, ...]) -> None:
        """Add a condition that `value` matches the code column or one of the name columns."""
        if value is None or not value.strip():
            return
        sql, params = match_sql(value.strip(), code, names)
        self.add(sql, *params)

    def sql(self) -> str:
        return ("WHERE " + " AND ".join(f"({p})" for p in self.parts)) if self.parts else ""


def match_sql(value: str, code: str, names: tuple[str, ...]) -> tuple[str, list[Any]]:
    """An SQL condition (and its parameters) for an actor filter value; see the module docstring."""
    if CODE_LIKE.match(value):
        conds = [f"starts_with(coalesce({code}, ''), ?)"] + [f"lower({n}) = lower(?)" for n in names]
    else:
        conds = [f"starts_with(coalesce({code}, ''), upper(?))"] + [
            f"contains(lower({n}), lower(?))" for n in names]
    return " OR ".join(conds), [value] * len(conds)


def _limit(limit: int | None) -> tuple[str, list[Any]]:
    if limit is None:
        return "", []
    if limit < 0:
        raise QueryError(f"limit must be >= 0, not {limit}")
    return "LIMIT ?", [int(limit)]


def _negated(include_negated: bool, column: str = "negated") -> str:
    return "TRUE" if include_negated else f"NOT {column}"


def events(store: Store, *, actor: str | None = None, source: str | None = None,
           target: str | None = None, since: str | date | None = None, until: str | date | None = None,
           include_negated: bool = False, limit: int | None = 100) -> pd.DataFrame:
    """Events, newest article first (undated last); `actor` matches the source or the target.

    The geo_* columns are the event's action location (dyads.geo), NULL where it has none.
    `limit=None` returns every match.
    """
    w = Where()
    w.add(_negated(include_negated, "e.negated"))
    w.match(source, "e.source_code", ("e.source_name", "e.source_text"))
    w.match(target, "e.target_code", ("e.target_name", "e.target_text"))
    if actor and actor.strip():
        s_sql, s_params = match_sql(actor.strip(), "e.source_code", ("e.source_name", "e.source_text"))
        t_sql, t_params = match_sql(actor.strip(), "e.target_code", ("e.target_name", "e.target_text"))
        w.add(f"{s_sql} OR {t_sql}", *s_params, *t_params)
    w.dates("e.published", since, until)
    lim, lim_params = _limit(limit)
    sql = f"""
        SELECT e.published AS date,
               coalesce(e.source_name, e.source_text) AS source_name, e.source_code,
               e.cameo, e.plover, e.goldstein, e.quad_class,
               coalesce(e.target_name, e.target_text) AS target_name, e.target_code,
               e.trigger, e.sentence, e.mode, e.negated, e.confidence,
               a.title, a.url, a.id AS article_id, e.event_id, e.pattern_id,
               e.geo_name, e.geo_country, e.geo_admin1, e.geo_lat, e.geo_lon, e.geo_precision
        FROM events e JOIN articles a ON a.key = e.article_key
        {w.sql()}
        ORDER BY e.published DESC NULLS LAST, a.id, e.seq
        {lim}"""
    return store.query(sql, w.params + lim_params)


def quotes(store: Store, *, speaker: str | None = None, actor: str | None = None,
           since: str | date | None = None, until: str | date | None = None,
           limit: int | None = 100) -> pd.DataFrame:
    """Quotes, newest article first; `actor` keeps quotes whose span contains a mention of a matching actor.

    `speaker` matches the speaker's actor code and name or the speaker words of the text; quotes
    without a speaker never match it.
    """
    w = Where()
    w.match(speaker, "q.speaker_code", ("q.speaker_name", "q.speaker_text"))
    if actor and actor.strip():
        m_sql, m_params = match_sql(actor.strip(), "ac.code", ("ac.name", "m.text"))
        w.add(f"""EXISTS (SELECT 1 FROM mentions m
                          JOIN actors ac ON ac.article_key = m.article_key AND ac.actor_id = m.actor_id
                          WHERE m.article_key = q.article_key AND m.start_char >= q.start_char
                            AND m.end_char <= q.end_char AND ({m_sql}))""", *m_params)
    w.dates("a.published", since, until)
    lim, lim_params = _limit(limit)
    sql = f"""
        SELECT a.published AS date, q.speaker_name, q.speaker_code, q.text, q.kind, q.cue,
               q.speaker_text, a.title, a.url, a.id AS article_id, q.quote_id
        FROM quotes q JOIN articles a ON a.key = q.article_key
        {w.sql()}
        ORDER BY a.published DESC NULLS LAST, a.id, q.seq
        {lim}"""
    return store.query(sql, w.params + lim_params)


def actors(store: Store, *, actor: str | None = None, since: str | date | None = None,
           until: str | date | None = None, include_negated: bool = False,
           limit: int | None = 100) -> pd.DataFrame:
    """One row per canonical actor (name, code): articles, mentions, events as source and as target, quotes.

    Sorted by article count, then mention count. Events count only when their side resolved to
    the actor (`source_actor_id`/`target_actor_id`); quotes when the actor is the speaker.
    """
    w = Where()
    w.match(actor, "ac.code", ("ac.name",))
    w.dates("ar.published", since, until)
    lim, lim_params = _limit(limit)
    neg = _negated(include_negated)
    sql = f"""
        WITH a AS (
            SELECT ac.article_key, ac.actor_id, ac.name, ac.code
            FROM actors ac JOIN articles ar ON ar.key = ac.article_key
            {w.sql()}),
        m AS (SELECT article_key, actor_id, count(*) AS n FROM mentions GROUP BY ALL),
        s AS (SELECT article_key, source_actor_id AS actor_id, count(*) AS n FROM events
              WHERE source_actor_id IS NOT NULL AND {neg} GROUP BY ALL),
        t AS (SELECT article_key, target_actor_id AS actor_id, count(*) AS n FROM events
              WHERE target_actor_id IS NOT NULL AND {neg} GROUP BY ALL),
        q AS (SELECT article_key, speaker_id AS actor_id, count(*) AS n FROM quotes
              WHERE speaker_id IS NOT NULL GROUP BY ALL)
        SELECT a.name, a.code, left(a.code, 3) AS country, substr(a.code, 4, 3) AS sector,
               count(DISTINCT a.article_key) AS articles,
               CAST(coalesce(sum(m.n), 0) AS BIGINT) AS mentions,
               CAST(coalesce(sum(s.n), 0) AS BIGINT) AS as_source,
               CAST(coalesce(sum(t.n), 0) AS BIGINT) AS as_target,
               CAST(coalesce(sum(q.n), 0) AS BIGINT) AS quotes
        FROM a
        LEFT JOIN m USING (article_key, actor_id)
        LEFT JOIN s USING (article_key, actor_id)
        LEFT JOIN t USING (article_key, actor_id)
        LEFT JOIN q USING (article_key, actor_id)
        GROUP BY a.name, a.code
        ORDER BY articles DESC, mentions DESC, a.name, a.code
        {lim}"""
    return store.query(sql, w.params + lim_params)


def timeline(store: Store, src: str | None, tgt: str | None, *, by: str = "month",
             since: str | date | None = None, until: str | date | None = None,
             include_negated: bool = False) -> pd.DataFrame:
    """Events whose source code starts with `src` and target code with `tgt`, counted per period.

    `by` is day, week (ISO weeks, starting Monday) or month; `period` is the period's first day.
    Columns: period, events, goldstein_mean (rounded to 3 places), and one count per quad class
    (verbal_coop, material_coop, verbal_conflict, material_conflict). Events of undated articles
    are left out.
    Periods without events have no row. None or "" for `src`/`tgt` matches every code.
    """
    if by not in PERIODS:
        raise QueryError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    w = Where()
    w.add("published IS NOT NULL")
    w.add(_negated(include_negated))
    w.add("starts_with(coalesce(source_code, ''), upper(?))", (src or "").strip())
    w.add("starts_with(coalesce(target_code, ''), upper(?))", (tgt or "").strip())
    w.dates("published", since, until)
    quads = ",\n".join(f"count(*) FILTER (WHERE quad_class = {k}) AS {name}"
                       for k, name in QUAD_CLASSES.items())
    sql = f"""
        SELECT CAST(date_trunc(?, published) AS DATE) AS period, count(*) AS events,
               round(avg(goldstein), 3) AS goldstein_mean,
               {quads}
        FROM events
        {w.sql()}
        GROUP BY period ORDER BY period"""
    return store.query(sql, [by, *w.params])


def summary(store: Store, top: int = 10, *, include_negated: bool = False) -> dict[str, Any]:
    """Counts and the `top` dyads, as a dict.

    Keys: articles, actors (distinct name and code), quotes, events, first_date, last_date (ISO
    or None), and top_dyads: a DataFrame of source_code, target_code, events, goldstein_mean
    (3 places), most events first, leaving out events with an empty source or target code.
    """
    lim, lim_params = _limit(top)
    neg = _negated(include_negated)
    row = store.query(f"""
        SELECT (SELECT count(*) FROM articles) AS articles,
               (SELECT count(*) FROM (SELECT DISTINCT name, code FROM actors)) AS actors,
               (SELECT count(*) FROM quotes) AS quotes,
               (SELECT count(*) FROM events WHERE {neg}) AS events,
               (SELECT min(published) FROM articles) AS first_date,
               (SELECT max(published) FROM articles) AS last_date""").iloc[0]
    dyads = store.query(f"""
        SELECT source_code, target_code, count(*) AS events, round(avg(goldstein), 3) AS goldstein_mean
        FROM events
        WHERE {neg} AND coalesce(source_code, '') <> '' AND coalesce(target_code, '') <> ''
        GROUP BY ALL
        ORDER BY events DESC, source_code, target_code
        {lim}""", lim_params)
    out: dict[str, Any] = {k: int(row[k]) for k in ("articles", "actors", "quotes", "events")}
    for k in ("first_date", "last_date"):
        out[k] = None if pd.isna(row[k]) else pd.Timestamp(row[k]).date().isoformat()
    out["top_dyads"] = dyads
    return out


def event_groups(store: Store, *, actor: str | None = None, source: str | None = None,
                 target: str | None = None, since: str | date | None = None, until: str | date | None = None,
                 min_sources: int = 1, limit: int | None = 100) -> pd.DataFrame:
    """Aggregated events (one row per real-world event, see `dyads.aggregate`), newest first.

    Filters as in `events`, on the codes and the names of the first report; dates on the first
    report's date; `min_sources` keeps events reported by at least that many source sites. The
    geo_* columns are its action location: the one most of its reports have (GROUP_LOCATIONS_SQL).
    """
    w = Where()
    w.match(source, "g.source_code", ("g.source_name",))
    w.match(target, "g.target_code", ("g.target_name",))
    if actor and actor.strip():
        s_sql, s_params = match_sql(actor.strip(), "g.source_code", ("g.source_name",))
        t_sql, t_params = match_sql(actor.strip(), "g.target_code", ("g.target_name",))
        w.add(f"{s_sql} OR {t_sql}", *s_params, *t_params)
    w.dates("g.first_date", since, until)
    if min_sources > 1:
        w.add("g.num_sources >= ?", int(min_sources))
    lim, lim_params = _limit(limit)
    sql = f"""
        SELECT g.first_date, g.last_date, g.source_name, g.source_code, g.cameo, g.plover, g.goldstein,
               g.quad_class, g.target_name, g.target_code, g.num_mentions, g.num_sources, g.num_articles,
               g.avg_tone, g.is_root, g.source_url, g.group_id,
               loc.name AS geo_name, loc.country AS geo_country, loc.admin1 AS geo_admin1,
               loc.lat AS geo_lat, loc.lon AS geo_lon, loc.precision AS geo_precision
        FROM event_groups g LEFT JOIN ({GROUP_LOCATIONS_SQL}) loc USING (group_id)
        {w.sql()}
        ORDER BY g.first_date DESC NULLS LAST, g.num_mentions DESC, g.group_id
        {lim}"""
    return store.query(sql, w.params + lim_params)


def reports(store: Store, group_id: int) -> pd.DataFrame:
    """The reports of one aggregated event with their evidence (article, sentence, offsets, tone)."""
    return store.query("""
        SELECT published AS date, article_id, url, title, sentence, sentence_start, sentence_end,
               trigger, trigger_start, trigger_end, source_text, target_text, tone, event_id
        FROM event_evidence WHERE group_id = ?
        ORDER BY published NULLS LAST, article_id, seq""", [int(group_id)])
