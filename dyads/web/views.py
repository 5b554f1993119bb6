"""The dashboard's pages as data: one `*_data(store, request) -> dict` per page.

Each dict is what the page's template shows and what its `.json` twin returns. Every value from
the URL reaches SQL as a bound parameter. Raise `NotFound` for a missing record and `BadRequest`
(or `dyads.queries.QueryError`) for a parameter that cannot be used.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from starlette.requests import Request

from .. import queries
from ..errors import DyadsError
from ..queries import match_sql
from ..store import Store
from .charts import QUAD_LABELS, map_spec, mentions_spec, timeline_spec
from .highlight import make_span, segment
from .rows import (
    EVENT_SELECT,
    LOCATED,
    LOCATION_SELECT,
    actor_href,
    article_href,
    article_locations,
    article_rows,
    dyad_href,
    event_href,
    event_rows,
    group_href,
    location_points,
    place_label,
    query_href,
    quote_rows,
    records,
    safe_url,
)

PERIODS = ("week", "month")  # timeline periods the dyad page offers
PERIOD_LABELS = {"week": "%Y-%m-%d", "month": "%Y-%m"}  # strftime of a period's first day
LIST_LIMIT = 100  # rows a list shows unless `limit` says otherwise
MAX_LIMIT = 1000
MAX_TERMS = 32  # words and "phrases" in one search
MAX_PARAM_CHARS = 2000  # one path parameter (an actor name, an article key)
MAX_QUERY_CHARS = 8000  # a whole query string
MAX_ID = 2**63  # group ids and event numbers in URLs are BIGINTs
OVERVIEW_ROWS = 15
MAP_POINTS = 1000  # places a map shows at most (those with the most reports)
SEARCH_ROWS = 20
DYAD_QUERY = re.compile(r"^\s*([A-Z-]{3,})\s*(?:/|->|→|\s)\s*([A-Z-]{3,})\s*$")
TERM = re.compile(r'"([^"]+)"|(\S+)')


class NotFound(DyadsError):
    """No record at this URL."""


class BadRequest(DyadsError):
    """A URL parameter that cannot be used."""


# -- parameters ------------------------------------------------------------------------------------

def check_size(request: Request) -> None:
    """Refuse a query string or path parameter too long to be a real one (each search term becomes a
    SQL condition: twenty thousand of them took DuckDB over 20 GB of memory)."""
    if len(request.url.query) > MAX_QUERY_CHARS:
        raise BadRequest(f"the query string is longer than {MAX_QUERY_CHARS} characters")
    for name, value in request.path_params.items():
        if len(str(value)) > MAX_PARAM_CHARS:
            raise BadRequest(f"{name} is longer than {MAX_PARAM_CHARS} characters")


def _param(request: Request, name: str) -> str:
    return (request.query_params.get(name) or "").strip()


def _limit(request: Request, default: int = LIST_LIMIT) -> int:
    raw = _param(request, "limit")
    if not raw:
        return default
    # the length test first: int() of thousands of digits raises ValueError (and costs quadratic time)
    if not raw.isdigit() or len(raw) > len(str(MAX_LIMIT)) or not 0 < int(raw) <= MAX_LIMIT:
        raise BadRequest(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {raw!r}")
    return int(raw)


def _flag(request: Request, name: str) -> bool:
    return _param(request, name).lower() in ("1", "true", "yes", "on")


def _bound(value: str, *, end: bool) -> date | None:
    """The first (or, with `end`, last) day of YYYY, YYYY-MM or YYYY-MM-DD; None for ""."""
    try:
        return queries.date_bound(value, end=end)
    except queries.QueryError as exc:
        raise BadRequest(str(exc)) from None


def terms(q: str) -> list[str]:
    """The words and "quoted phrases" of a search string; BadRequest past MAX_TERMS of them."""
    found = [a or b for a, b in TERM.findall(q)]
    if len(found) > MAX_TERMS:
        raise BadRequest(f"at most {MAX_TERMS} search terms, not {len(found)}")
    return found


class _Where(queries.Where):
    """queries.Where plus the conditions a page takes from its request."""

    def actor(self, value: str, code: str, names: tuple[str, ...]) -> None:
        self.match(value, code, names)

    def dates_from(self, request: Request, column: str) -> None:
        """`column` between the request's `since` and `until` (YYYY, YYYY-MM or YYYY-MM-DD)."""
        self.dates(column, _bound(_param(request, "since"), end=False), _bound(_param(request, "until"), end=True))

    def contains_all(self, column: str, words: list[str]) -> None:
        for w in words:
            self.add(f"contains(lower({column}), lower(?))", w)


def _tables(store: Store) -> set[str]:
    return set(store.query("SELECT table_name FROM information_schema.tables "
                           "WHERE table_schema = 'main'")["table_name"])


def _has_groups(store: Store) -> bool:
    return {"event_groups", "event_reports"} <= _tables(store)


# -- shared lists ----------------------------------------------------------------------------------

def find_events(store: Store, w: _Where, limit: int, order: str = "e.published DESC NULLS LAST") -> tuple[
        list[dict[str, Any]], int]:
    """Events matching `w` (with evidence), at most `limit`, and how many match in all."""
    total = int(store.query(f"SELECT count(*) AS n FROM events e JOIN articles a ON a.key = e.article_key "
                            f"{w.sql()}", w.params)["n"].iloc[0])
    df = store.query(f"{EVENT_SELECT} {w.sql()} ORDER BY {order}, a.id, e.seq LIMIT ?", [*w.params, limit])
    return event_rows(df), total


def find_quotes(store: Store, q: str, speaker: str, limit: int, request: Request | None = None) -> tuple[
        list[dict[str, Any]], int]:
    """Quotes holding every term of `q` (any case) said by `speaker` (see `dyads.queries`), and the total."""
    w = _Where()
    words = terms(q)
    w.contains_all("q.text", words)
    w.actor(speaker, "q.speaker_code", ("q.speaker_name", "q.speaker_text"))
    if request is not None:
        w.dates_from(request, "a.published")
    frm = "FROM quotes q JOIN articles a ON a.key = q.article_key"
    total = int(store.query(f"SELECT count(*) AS n {frm} {w.sql()}", w.params)["n"].iloc[0])
    df = store.query(f"""
        SELECT a.published AS date, q.speaker_name, q.speaker_code, q.speaker_text, q.text, q.kind,
               q.cue, q.quote_id, a.key AS article_key, a.id AS article_id, a.title
        {frm} {w.sql()} ORDER BY a.published DESC NULLS LAST, a.id, q.seq LIMIT ?""", [*w.params, limit])
    return quote_rows(df, words), total


def find_articles(store: Store, w: _Where, limit: int) -> tuple[list[dict[str, Any]], int]:
    total = int(store.query(f"SELECT count(*) AS n FROM articles a {w.sql()}", w.params)["n"].iloc[0])
    df = store.query(f"""
        SELECT a.key, a.id, a.title, a.published, a.host, a.url, a.cluster_id, a.ingested_at,
               (SELECT count(*) FROM actors x WHERE x.article_key = a.key) AS actors,
               (SELECT count(*) FROM quotes x WHERE x.article_key = a.key) AS quotes,
               (SELECT count(*) FROM events x WHERE x.article_key = a.key) AS events
        FROM articles a {w.sql()}
        ORDER BY a.published DESC NULLS LAST, a.ingested_at DESC, a.id LIMIT ?""", [*w.params, limit])
    return article_rows(df), total


def find_locations(store: Store, w: _Where) -> list[dict[str, Any]]:
    """Map points (see `rows.location_points`) of the located events matching `w`."""
    w.add(LOCATED)
    rows = records(store.query(f"{LOCATION_SELECT} {w.sql()} GROUP BY ALL", w.params))
    return location_points(rows)[:MAP_POINTS]


def _map(points: list[dict[str, Any]], **kw: Any) -> dict[str, Any] | None:
    return map_spec(points, **kw) if points else None


def _actor_rows(df) -> list[dict[str, Any]]:
    rows = records(df)
    for r in rows:
        r["href"] = actor_href(r["name"] or r["code"])
        r["code_href"] = actor_href(r["code"])
    return rows


# -- pages -----------------------------------------------------------------------------------------

def overview_data(store: Store, request: Request) -> dict[str, Any]:
    """Counts, top dyads and actors, the most reported aggregated events, the latest events and articles."""
    s = queries.summary(store, top=OVERVIEW_ROWS)
    dyads = records(s.pop("top_dyads"))
    for d in dyads:
        d["href"] = dyad_href(d["source_code"], d["target_code"])
    groups, top_groups = None, []
    if _has_groups(store):
        groups = int(store.query("SELECT count(*) AS n FROM event_groups")["n"].iloc[0])
        top_groups = records(store.query(f"""
            SELECT group_id, source_code, target_code, source_name, target_name, cameo, plover, quad_class,
                   first_date, last_date, num_mentions, num_articles, num_sources
            FROM event_groups ORDER BY num_sources DESC, num_articles DESC, num_mentions DESC,
                                       first_date DESC NULLS LAST, group_id
            LIMIT {OVERVIEW_ROWS}"""))
        for g in top_groups:
            g["href"] = group_href(g["group_id"])
            g["quad"] = QUAD_LABELS.get(g["quad_class"], "")
    w = _Where()
    w.add("NOT e.negated")
    events, _ = find_events(store, w, OVERVIEW_ROWS)
    articles, _ = find_articles(store, _Where(), OVERVIEW_ROWS)
    return {"title": "Overview", "counts": {**s, "event_groups": groups}, "top_dyads": dyads,
            "top_actors": _actor_rows(queries.actors(store, limit=OVERVIEW_ROWS)),
            "top_event_groups": top_groups, "latest_events": events, "latest_articles": articles}


def search_data(store: Store, request: Request) -> dict[str, Any]:
    """Actors, quotes by and quotes holding, and articles matching `q`; a dyad link for `RUS USA`."""
    q = _param(request, "q")
    out: dict[str, Any] = {"title": f"Search: {q}" if q else "Search", "q": q, "dyad": None,
                           "actors": [], "quotes_by": [], "quotes": [], "articles": [], "more": {}}
    if not q:
        return out
    m = DYAD_QUERY.match(q)
    if m:
        out["dyad"] = {"source_code": m[1], "target_code": m[2], "href": dyad_href(m[1], m[2])}
    out["actors"] = _actor_rows(queries.actors(store, actor=q, limit=SEARCH_ROWS))
    out["quotes_by"], n_by = find_quotes(store, "", q, SEARCH_ROWS)
    out["quotes"], n_quotes = find_quotes(store, q, "", SEARCH_ROWS)
    w = _Where()
    for t in terms(q):
        w.add("contains(lower(a.title), lower(?)) OR contains(lower(a.text), lower(?))", t, t)
    out["articles"], n_articles = find_articles(store, w, SEARCH_ROWS)
    out["more"] = {"quotes_by": {"total": n_by, "href": query_href("/quotes", speaker=q)},
                   "quotes": {"total": n_quotes, "href": query_href("/quotes", q=q)},
                   "articles": {"total": n_articles, "href": query_href("/articles", q=q)}}
    return out


def events_data(store: Store, request: Request) -> dict[str, Any]:
    """Events filtered by actor, source, target (code prefix or name) and dates, newest first."""
    f = {k: _param(request, k) for k in ("actor", "source", "target", "since", "until")}
    w = _Where()
    include_negated = _flag(request, "negated")
    if not include_negated:
        w.add("NOT e.negated")
    w.actor(f["source"], "e.source_code", ("e.source_name", "e.source_text"))
    w.actor(f["target"], "e.target_code", ("e.target_name", "e.target_text"))
    if f["actor"]:
        s_sql, s_params = match_sql(f["actor"], "e.source_code", ("e.source_name", "e.source_text"))
        t_sql, t_params = match_sql(f["actor"], "e.target_code", ("e.target_name", "e.target_text"))
        w.add(f"{s_sql} OR {t_sql}", *s_params, *t_params)
    w.dates_from(request, "e.published")
    events, total = find_events(store, w, _limit(request))
    return {"title": "Events", "filters": {**f, "negated": include_negated}, "total": total, "events": events}


def dyad_data(store: Store, request: Request) -> dict[str, Any]:
    """Events of source -> target (code prefixes) per week or month by QuadClass, and the events."""
    src, tgt = (request.path_params[k].strip().upper() for k in ("src", "tgt"))
    by = _param(request, "by") or "month"
    if by not in PERIODS:
        raise BadRequest(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    codes = "starts_with(coalesce(e.source_code, ''), ?) AND starts_with(coalesce(e.target_code, ''), ?)"
    match = f"{codes} AND NOT e.negated"  # the timeline counts asserted events only, as dyads.queries does
    quads = records(store.query(f"""
        SELECT strftime(date_trunc(?, e.published), ?) AS period, e.quad_class,
               count(*) AS events, round(avg(e.goldstein), 3) AS goldstein_mean
        FROM events e WHERE e.published IS NOT NULL AND {match}
        GROUP BY ALL ORDER BY period, e.quad_class""", [by, PERIOD_LABELS[by], src, tgt]))
    for r in quads:
        r["quad"] = QUAD_LABELS.get(r["quad_class"], "unknown")
    means = records(store.query(f"""
        SELECT strftime(date_trunc(?, e.published), ?) AS period, count(*) AS events,
               round(avg(e.goldstein), 3) AS goldstein_mean
        FROM events e WHERE e.published IS NOT NULL AND {match}
        GROUP BY ALL ORDER BY period""", [by, PERIOD_LABELS[by], src, tgt]))
    undated = int(store.query(f"SELECT count(*) AS n FROM events e WHERE e.published IS NULL AND {match}",
                              [src, tgt])["n"].iloc[0])
    include_negated = _flag(request, "negated")
    located = _Where()
    located.add(match, src, tgt)  # the map, as the timeline, shows asserted events only
    locations = find_locations(store, located)
    w = _Where()
    w.add(codes if include_negated else match, src, tgt)
    events, total = find_events(store, w, _limit(request, 200))
    return {"title": f"{src} → {tgt}", "source_code": src, "target_code": tgt, "by": by,
            "reverse_href": dyad_href(tgt, src), "source_href": actor_href(src), "target_href": actor_href(tgt),
            "period_links": {p: query_href(dyad_href(src, tgt), by=p) for p in PERIODS},
            "negated": include_negated,
            "negated_toggle_href": query_href(dyad_href(src, tgt), by=by, negated=None if include_negated else 1),
            "timeline": quads, "timeline_means": means, "undated_events": undated,
            "chart": timeline_spec(quads, means, by) if quads else None,
            "locations": locations, "map": _map(locations), "total": total, "events": events}


def actor_data(store: Store, request: Request) -> dict[str, Any]:
    """An actor (code prefix or name, as `dyads.queries` reads it): its events, quotes and mentions."""
    ref = request.path_params["ref"].strip()
    limit = _limit(request)
    identities = _actor_rows(queries.actors(store, actor=ref, limit=50))
    side = {}
    for name in ("source", "target"):
        w = _Where()
        w.add("NOT e.negated")
        w.actor(ref, f"e.{name}_code", (f"e.{name}_name", f"e.{name}_text"))
        side[name] = find_events(store, w, limit)
    quotes, n_quotes = find_quotes(store, "", ref, limit)
    m_sql, m_params = match_sql(ref, "ac.code", ("ac.name",))
    mentions = records(store.query(f"""
        SELECT strftime(date_trunc('month', ar.published), '%Y-%m') AS period, count(*) AS mentions,
               count(DISTINCT m.article_key) AS articles
        FROM mentions m
        JOIN actors ac ON ac.article_key = m.article_key AND ac.actor_id = m.actor_id
        JOIN articles ar ON ar.key = m.article_key
        WHERE ({m_sql}) GROUP BY ALL ORDER BY period NULLS LAST""", m_params))
    if not identities and not side["source"][1] and not side["target"][1] and not n_quotes:
        raise NotFound(f"no actor matches {ref!r}")
    dated = [r for r in mentions if r["period"] is not None]
    w = _Where()
    w.add(f"""a.key IN (SELECT ac.article_key FROM actors ac WHERE {m_sql})""", *m_params)
    articles, n_articles = find_articles(store, w, limit)
    return {"title": ref, "ref": ref, "identities": identities,
            "as_source": side["source"][0], "as_source_total": side["source"][1],
            "as_target": side["target"][0], "as_target_total": side["target"][1],
            "quotes": quotes, "quotes_total": n_quotes,
            "mentions_by_month": dated,
            "undated_mentions": sum(r["mentions"] for r in mentions if r["period"] is None),
            "chart": mentions_spec(dated) if dated else None,
            "articles": articles, "articles_total": n_articles}


def quotes_data(store: Store, request: Request) -> dict[str, Any]:
    """Quotes holding every word or "phrase" of `q`, by `speaker` (code prefix or name), within dates."""
    q, speaker = _param(request, "q"), _param(request, "speaker")
    quotes, total = find_quotes(store, q, speaker, _limit(request), request)
    speakers = records(store.query("""
        SELECT speaker_name AS name, speaker_code AS code, count(*) AS quotes FROM quotes
        WHERE speaker_name IS NOT NULL GROUP BY ALL ORDER BY quotes DESC, name LIMIT 200"""))
    return {"title": "Quotes", "q": q, "speaker": speaker, "since": _param(request, "since"),
            "until": _param(request, "until"), "total": total, "quotes": quotes, "speakers": speakers}


def articles_data(store: Store, request: Request) -> dict[str, Any]:
    """Articles whose title or text holds every term of `q`, from `host`, in syndication `cluster`."""
    f = {k: _param(request, k) for k in ("q", "host", "cluster", "since", "until")}
    w = _Where()
    for t in terms(f["q"]):
        w.add("contains(lower(a.title), lower(?)) OR contains(lower(a.text), lower(?))", t, t)
    if f["host"]:
        w.add("a.host = lower(?)", f["host"])
    if f["cluster"]:
        w.add("a.cluster_id = ?", f["cluster"])
    w.dates_from(request, "a.published")
    articles, total = find_articles(store, w, _limit(request))
    return {"title": "Articles", "filters": f, "total": total, "articles": articles}


def article_data(store: Store, request: Request) -> dict[str, Any]:
    """One article (by key or id): its text in highlighted pieces, its actors, quotes and events."""
    ref = request.path_params["ref"]
    arts = store.query("SELECT * FROM articles WHERE key = ? OR id = ? "
                       "ORDER BY key = ? DESC, ingested_at LIMIT 1", [ref, ref, ref])
    if arts.empty:
        raise NotFound(f"no article with key or id {ref!r}")
    art = records(arts)[0]
    key, text = art["key"], art["text"]
    actors = _actor_rows(store.query("""
        SELECT ac.actor_id, ac.name, ac.code, ac.type, ac.role, ac.source,
               (SELECT count(*) FROM mentions m WHERE m.article_key = ac.article_key
                                                  AND m.actor_id = ac.actor_id) AS mentions
        FROM actors ac WHERE ac.article_key = ? ORDER BY ac.seq""", [key]))
    by_id = {a["actor_id"]: a for a in actors}
    mentions = records(store.query("SELECT actor_id, text, start_char, end_char, kind FROM mentions "
                                   "WHERE article_key = ? ORDER BY start_char", [key]))
    quotes = records(store.query("SELECT * EXCLUDE (article_key) FROM quotes WHERE article_key = ? ORDER BY seq",
                                 [key]))
    for qt in quotes:
        qt["speaker_href"] = actor_href(qt["speaker_name"] or qt["speaker_code"])
        qt["attribution"] = qt["speaker_name"] or qt["speaker_text"] or "unattributed"
    w = _Where()
    w.add("e.article_key = ?", key)
    events, _ = find_events(store, w, MAX_LIMIT, order="e.seq")
    places = records(store.query("SELECT * EXCLUDE (article_key) FROM places WHERE article_key = ? ORDER BY seq",
                                 [key]))
    for p in places:
        p["label"] = place_label(p["name"], p["admin1"], p["country"], p["precision"])
        for k in ("geonameid", "population"):  # a NULL among them makes the column float
            p[k] = None if p[k] is None else int(p[k])
    locations = article_locations(places, events)[:MAP_POINTS]
    spans = [make_span(p["start_char"], p["end_char"], "place", title=f"place: {p['label']}, {p['precision']}")
             for p in places if p["start_char"] is not None and p["end_char"] is not None]
    for m in mentions:
        a = by_id.get(m["actor_id"], {})
        label = a.get("code") or a.get("type") or "?"
        spans.append(make_span(m["start_char"], m["end_char"], "mention", id=m["actor_id"],
                               title=f"{a.get('name', m['text'])} ({label})",
                               badge={"text": label, "href": a.get("href"), "kind": "actor",
                                      "title": a.get("name", "")}))
    for qt in quotes:
        who = f"{qt['attribution']} ({qt['speaker_code']})" if qt["speaker_code"] else qt["attribution"]
        spans.append(make_span(qt["start_char"], qt["end_char"], "quote", id=qt["quote_id"],
                               title=f"{qt['kind']} quote: {who}",
                               badge={"text": f"— {who}", "href": qt["speaker_href"], "kind": "speaker",
                                      "title": f"{qt['kind']} quote, cue: {qt['cue']}"}))
        spans.append(make_span(qt["speaker_start"], qt["speaker_end"], "speaker", id=qt["quote_id"],
                               title=f"speaker: {who}"))
    for e in events:
        spans.append(make_span(e["trigger_start"], e["trigger_end"], "trigger", id=e["event_id"],
                               title=f"{e['source_name']} ({e['source_code']}) → {e['target_name']} "
                                     f"({e['target_code']}): CAMEO {e['cameo']} {e['plover']}, "
                                     f"pattern {e['pattern_id']}" + (" [negated]" if e["negated"] else ""),
                               badge={"text": e["cameo"], "href": e["href"], "kind": "event",
                                      "title": e["plover"]}))
    cluster = art.get("cluster_id")
    art.pop("text")
    return {"title": art["title"] or art["id"], "article": {
                **art, "url_href": safe_url(art.get("url")),
                "cluster_href": query_href("/articles", cluster=cluster) if cluster else None},
            "text": text, "pieces": segment(text, spans), "actors": actors, "quotes": quotes,
            "events": events, "places": places, "locations": locations,
            "map": _map(locations, size="mentions")}


def event_data(store: Store, request: Request) -> dict[str, Any]:
    """An aggregated event (`/event/GROUP_ID`) or one report (`/event/ARTICLE_KEY/SEQ`) with all its reports."""
    p = request.path_params
    for name in ("group_id", "seq"):  # ids past a BIGINT match nothing (DuckDB would refuse to bind them)
        if name in p and not 0 <= p[name] < MAX_ID:
            raise NotFound(f"no event with {name} {p[name]}")
    has_groups = _has_groups(store)
    group_id, focus = p.get("group_id"), None
    if "key" in p:
        w = _Where()
        w.add("e.article_key = ? AND e.seq = ?", p["key"], int(p["seq"]))
        found, _ = find_events(store, w, 1)
        if not found:
            raise NotFound(f"no event {p['seq']} in article {p['key']}")
        focus = found[0]
        if has_groups:
            g = store.query("SELECT group_id FROM event_reports WHERE article_key = ? AND seq = ?",
                            [p["key"], int(p["seq"])])
            group_id = int(g["group_id"].iloc[0]) if len(g) else None
    elif not has_groups:
        raise NotFound("this database has no aggregated events")
    group = None
    if group_id is not None:
        rows = records(store.query("SELECT * FROM event_groups WHERE group_id = ?", [int(group_id)]))
        if not rows and focus is None:
            raise NotFound(f"no aggregated event {group_id}")
        group = rows[0] if rows else None
    if group is not None:
        group["href"] = group_href(group["group_id"])
        group["dyad_href"] = dyad_href(group["source_code"], group["target_code"])
        group["quad"] = QUAD_LABELS.get(group["quad_class"], "")
        group["source_url_href"] = safe_url(group.get("source_url"))
        w = _Where()
        w.add("EXISTS (SELECT 1 FROM event_reports r WHERE r.group_id = ? AND r.article_key = e.article_key "
              "AND r.seq = e.seq)", int(group["group_id"]))
        reports, _ = find_events(store, w, MAX_LIMIT, order="e.published ASC NULLS LAST")
    else:
        reports = [focus]
    lead = focus or reports[0]
    title = f"{lead['source_name'] or '?'} → {lead['target_name'] or '?'}: {lead['cameo']} {lead['plover']}"
    locations = location_points([{**r, "reports": 1} for r in reports])[:MAP_POINTS]
    return {"title": title, "group": group, "event": focus, "reports": reports,
            "locations": locations, "map": _map(locations),
            "has_groups": has_groups, "article_href": article_href(lead["article_key"]),
            "event_href": event_href(lead["article_key"], lead["seq"])}
