"""Tests of dyads/store.py and dyads/queries.py on hand-built articles (no NLP is run)."""
from __future__ import annotations

import dataclasses
import json
import re
from datetime import date

import pandas as pd
import pytest

from dyads import queries
from dyads.errors import InputError
from dyads.models import Actor, Article, Event, Mention, Quote, Side
from dyads.store import (
    SCHEMA_VERSION,
    Store,
    StoreError,
    article_frames,
    article_key,
    key_of,
    load_frames,
    save_frames,
)

from .conftest import SEED, SHARED

# CAMEO code -> Goldstein score (CAMEO 1.1b3 scale values for these codes).
GOLDSTEIN = {"01": 0.0, "04": 1.0, "040": 1.0, "05": 3.5, "075": 7.0, "100": -5.0, "11": -2.0,
             "111": -2.0, "112": -2.0, "12": -4.0, "13": -4.4, "14": -6.5, "16": -4.0, "173": -5.0}


def quad(cameo: str) -> int:
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def ev(sentence_start: str, trigger: str, source: str, source_text: str, target: str, target_text: str,
       cameo: str, plover: str, **kw) -> dict:
    """An event spec for `build`, in the shape of seed/expected.json events."""
    return {"sentence_start": sentence_start, "trigger": trigger, "source": source,
            "source_text": source_text, "target": target, "target_text": target_text, "cameo": cameo,
            "plover": plover, **kw}


def _side(art: Article, sentence: str, s0: int, words: str, code: str) -> Side:
    if not words:
        return Side("", code)
    st = s0 + sentence.index(words)
    actor = art.actor_at(st, st + len(words))
    return Side(words, code, actor.id if actor else None, st, st + len(words))


def build(id: str, text: str, published: str, actors: list[tuple], quotes: list[tuple],
          events: list[dict], **kw) -> Article:
    """An Article whose offsets are found in `text`: actors (name, code, type, role, mention strings),
    quotes (text, kind, cue, speaker name, speaker words), events (dicts, see below)."""
    art = Article(id=id, text=text, published=published, **kw)
    claimed: list[tuple[int, int]] = []
    found: dict[str, list[Mention]] = {}
    strings = [(s, name) for name, _, _, _, ms in actors for s in ms]
    # longest first: "Sergey Lavrov" is claimed before "Lavrov"
    for s, name in sorted(strings, key=lambda x: -len(x[0])):
        for m in re.finditer(r"\b" + re.escape(s) + r"\b", text):
            if all(m.end() <= a or m.start() >= b for a, b in claimed):
                claimed.append(m.span())
                found.setdefault(name, []).append(Mention(s, m.start(), m.end(), "name"))
    for i, (name, code, typ, role, _) in enumerate(actors):
        art.actors.append(Actor(f"a{i + 1}", name, code, typ, role, "test",
                                sorted(found.get(name, []), key=lambda m: m.start)))
    by_name = {a.name: a for a in art.actors}
    for i, (qtext, kind, cue, speaker, speaker_text) in enumerate(quotes):
        start = text.index(qtext)
        sp_start = text.find(speaker_text, start) if speaker_text else -1
        art.quotes.append(Quote(f"q{i + 1}", qtext, start, start + len(qtext), kind, cue,
                                by_name[speaker].id if speaker else None, speaker_text,
                                sp_start, sp_start + len(speaker_text) if sp_start >= 0 else -1))
    for i, e in enumerate(events):
        s0 = text.index(e["sentence_start"])
        if "sentence_end" in e:
            s1 = text.index(e["sentence_end"], s0) + len(e["sentence_end"])
        else:
            s1 = re.compile(r"[.!?](?=\s|$)").search(text, s0).end()
        sentence = text[s0:s1]
        t0 = s0 + sentence.index(e["trigger"])
        art.events.append(Event(
            id=f"e{i + 1}", source=_side(art, sentence, s0, e["source_text"], e["source"]),
            target=_side(art, sentence, s0, e["target_text"], e["target"]),
            cameo=e["cameo"], plover=e["plover"],
            goldstein=GOLDSTEIN[e["cameo"]], quad_class=quad(e["cameo"]), trigger=e["trigger"],
            trigger_start=t0, trigger_end=t0 + len(e["trigger"]), sentence=sentence,
            sentence_start=s0, sentence_end=s1, pattern_id=f"test.{e['plover'].lower()}",
            negated=e.get("negated", False), mode=e.get("mode", ""), confidence=0.8,
            quote_id=e.get("quote_id")))
    return art


def seed_article() -> Article:
    """The seed page's clean body with the actors, quotes and events of seed/expected.json."""
    expected = json.loads((SHARED / "seed" / "expected.json").read_text(encoding="utf-8"))
    page = SEED.read_text(encoding="utf-8")
    start = page.index(expected["text_starts_with"])
    end = page.index(expected["text_ends_with"]) + len(expected["text_ends_with"])
    text = page[start:end]
    actors = [(a["name"], a["code"], "PER", a["role"], a["mentions"]) for a in expected["actors"]]
    actors += [("Russia", "RUS", "GPE", "", ["Russia"]),
               ("Russian government", "RUSGOV", "ORG", "", ["the Kremlin", "Moscow"]),
               ("United States", "USA", "GPE", "", ["the US", "The US", "America"]),
               ("US government", "USAGOV", "ORG", "", ["the White House", "Washington"]),
               ("Syrian rebels", "SYRREB", "GRP", "", ["the rebels"])]
    speakers = {"Kremlin": "Russian government"}
    quotes = [(q["text"], q["kind"], "said", speakers.get(q["speaker"], q["speaker"]), "")
              for q in expected["quotes"]]
    ends = {"“There’s no Cold War": "the Russian FM stressed."}
    events = [dict(e, sentence_end=ends[e["sentence_start"]]) if e["sentence_start"] in ends else e
              for e in expected["events"]]
    events = [dict(e, source=e["source"], target=e["target"]) for e in events]
    for e in events:
        if e["trigger"] == "stressed":
            e["quote_id"] = "q1"
    return build("000_2342fa2aa6b80750", text, "2013-08-10", actors, quotes, events,
                 url="https://example.org/no-cold-war", origin="seed/000_2342fa2aa6b80750.txt",
                 title=expected["title"], keywords=expected["keywords"])


def other_articles() -> list[Article]:
    lavrov = ("Sergey Lavrov", "RUSGOV", "PER", "Russian Foreign Minister", ["Sergey Lavrov", "Lavrov"])
    kerry = ("John Kerry", "USAGOV", "PER", "US Secretary of State", ["John Kerry"])
    rouhani_text = ("Iran's President Hassan Rouhani on Sunday told foreign powers to leave the Persian "
                    "Gulf. “Foreign forces can cause problems and insecurity for our people and for our "
                    "region,” Rouhani said in a televised speech at a military parade in Tehran.")
    rouhani = build(
        "wn-114", rouhani_text, "2019-09-23",
        [("Hassan Rouhani", "IRNGOV", "PER", "President of Iran", ["Hassan Rouhani", "Rouhani"]),
         ("Iran", "IRN", "GPE", "", ["Iran"]),
         ("foreign powers", "---GOV", "GRP", "", ["foreign powers", "Foreign forces"])],
        [("Foreign forces can cause problems and insecurity for our people and for our region,",
          "direct", "said", "Hassan Rouhani", "Rouhani")],
        [ev("Iran's President", "told", "IRNGOV", "Iran's President Hassan Rouhani", "---GOV",
            "foreign powers", "100", "REQUEST")],
        title="Iran's President Rouhani tells foreign powers to leave Persian Gulf")
    accuse_text = ("Russian Foreign Minister Sergey Lavrov on Tuesday accused Washington of blackmail over "
                   "Syria. “We will not refuse to talk to our American partners,” Lavrov told reporters "
                   "in Moscow, adding that he would not reject a meeting with John Kerry.")
    accuse = build(
        "ru-0903", accuse_text, "2013-09-03T10:15:00Z",
        [lavrov, kerry, ("US government", "USAGOV", "ORG", "", ["Washington"])],
        [("We will not refuse to talk to our American partners,", "direct", "told", "Sergey Lavrov",
          "Lavrov")],
        [ev("Russian Foreign Minister", "accused", "RUSGOV", "Russian Foreign Minister Sergey Lavrov",
            "USAGOV", "Washington", "112", "ACCUSE"),
         ev("“We will not", "reject", "RUSGOV", "he", "USAGOV", "John Kerry", "12", "REJECT",
            negated=True)])
    call = build(
        "ru-0814", "Russian Foreign Minister Sergey Lavrov discussed the Syrian crisis with US Secretary of "
        "State John Kerry by telephone on Wednesday, the Russian Foreign Ministry said.", "2013-08-14",
        [lavrov, kerry, ("Russian Foreign Ministry", "RUSGOV", "ORG", "", ["the Russian Foreign Ministry"])],
        [],
        [ev("Russian Foreign", "discussed", "RUSGOV", "Sergey Lavrov", "USAGOV", "John Kerry", "040",
            "CONSULT")])
    rally = build(
        "rally-undated", "Protesters rallied outside the US embassy in Moscow on Friday. Police detained "
        "dozens of them, and Russia’s foreign ministry criticised the United States for what it called "
        "interference.", "",
        [("protesters", "RUSCVL", "GRP", "", ["Protesters"]),
         ("Russian police", "RUSCOP", "ORG", "", ["Police"]),
         ("Russian Foreign Ministry", "RUSGOV", "ORG", "", ["Russia’s foreign ministry"]),
         ("United States", "USA", "GPE", "", ["the United States", "the US"])],
        [],
        [ev("Protesters", "rallied", "RUSCVL", "Protesters", "", "", "14", "PROTEST"),
         ev("Police detained", "detained", "RUSCOP", "Police", "RUSCVL", "dozens of them", "173", "COERCE"),
         ev("Police detained", "criticised", "RUSGOV", "Russia’s foreign ministry", "USA",
            "the United States", "111", "ACCUSE")])
    jerusalem = build(
        "il-0924", "Israeli police in Jerusalem arrested two Palestinian protesters near the Old City on "
        "Tuesday, a police spokesman said.", "2019-09-24",
        [("Jerusalem police", "ISRCOP", "ORG", "", ["Israeli police in Jerusalem"]),
         ("Palestinian protesters", "PSECVL", "GRP", "", ["Palestinian protesters"])],
        [],
        [ev("Israeli police", "arrested", "ISRCOP", "Israeli police in Jerusalem", "PSECVL",
            "two Palestinian protesters", "173", "COERCE")])
    return [rouhani, accuse, call, rally, jerusalem]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return [seed_article(), *other_articles()]


@pytest.fixture
def store(articles):
    with Store.open(":memory:") as s:
        s.write(articles)
        yield s


TABLES = ("articles", "actors", "mentions", "quotes", "events")


# -- store ---------------------------------------------------------------------------------------

def test_fixture_articles_are_consistent(articles):
    seed = articles[0]
    assert seed.text.startswith("The remarks come after") and len(seed.events) == 11
    for a in articles:
        for e in a.events:
            assert a.text[e.trigger_start:e.trigger_end] == e.trigger
            assert a.text[e.sentence_start:e.sentence_end] == e.sentence
        for q in a.quotes:
            assert a.text[q.start:q.end] == q.text


def test_article_key_normalises_case_width_and_spaces():
    assert article_key("Hello  World\n") == article_key("hello world")
    assert article_key("ＡＢＣ") == article_key("abc")  # NFKC folds full-width letters
    assert article_key("hello world") != article_key("hello worlds")
    assert len(article_key("x")) == 64
    assert article_key("x", "https://a.example/1") != article_key("x", "https://b.example/1")


def test_write_counts_and_idempotence(tmp_path, articles):
    path = tmp_path / "db" / "dyads.duckdb"
    with Store.open(path) as s:
        counts = s.write(articles)
        assert counts["articles"] == 6 and counts["skipped"] == 0 and counts["no_text"] == 0
        assert counts["events"] == sum(len(a.events) for a in articles) == 19
        assert counts["quotes"] == 4
        assert counts["actors"] == sum(len(a.actors) for a in articles)
        assert counts["mentions"] == sum(len(x.mentions) for a in articles for x in a.actors)
        before = s.counts()
        assert {t: before[t] for t in TABLES} == {t: counts[t] for t in TABLES}
        again = s.write(articles)
        assert again["articles"] == again["events"] == again["actors"] == 0
        assert again["skipped"] == 6
        assert s.counts() == before
    with Store.open(path) as s:  # reopened from disk: same rows, still idempotent
        assert s.counts() == before
        same_text = dataclasses.replace(articles[1], text="  " + articles[1].text.upper())
        assert s.write([same_text])["skipped"] == 1  # same text from the same source
        assert s.counts() == before
        elsewhere = dataclasses.replace(articles[1], url="https://mirror.example/copy")
        assert s.write([elsewhere])["articles"] == 1  # a verbatim copy on another site is a report too
        ((n,),) = s.query("SELECT count(DISTINCT cluster_id) FROM articles WHERE id = ?",
                          [articles[1].id]).values.tolist()
        assert n == 1  # ... in its original's cluster


def test_duplicates_within_a_batch_and_empty_texts(articles):
    with Store.open(":memory:") as s:
        counts = s.write([articles[1], articles[1], Article(id="empty", text="  \n")])
        assert counts["articles"] == 1 and counts["skipped"] == 1 and counts["no_text"] == 1
        assert s.counts()["articles"] == 1


def test_round_trip(store, articles):
    back = {a.id: a for a in store.read()}
    assert set(back) == {a.id for a in articles}
    for a in articles:
        b = back[a.id]
        expect = dataclasses.replace(a, published=a.published[:10], extras=b.extras)
        assert b == expect
        assert len(b.extras["cluster_id"]) == 16  # every stored article is in a cluster, maybe alone
    assert [a.id for a in store.read(["wn-114"])] == ["wn-114"]
    assert [a.id for a in store.read([key_of(articles[0])])] == [articles[0].id]


def test_stored_columns(store, articles):
    seed = articles[0]
    row = store.query("SELECT * FROM articles WHERE id = ?", [seed.id]).iloc[0]
    assert row["key"] == key_of(seed)
    assert row["published"] == pd.Timestamp("2013-08-10") and row["title"] == seed.title
    assert list(row["keywords"]) == seed.keywords
    assert store.query("SELECT published FROM articles WHERE id = 'rally-undated'")["published"].isna().all()
    assert store.query("SELECT published FROM articles WHERE id = 'ru-0903'").iloc[0, 0] == pd.Timestamp(
        "2013-09-03")
    actor = store.query("SELECT * FROM actors WHERE name = 'Hassan Rouhani'").iloc[0]
    assert (actor["code"], actor["country"], actor["sector"], actor["role"]) == (
        "IRNGOV", "IRN", "GOV", "President of Iran")
    iran = store.query("SELECT country, sector FROM actors WHERE code = 'IRN'").iloc[0]
    assert iran.tolist() == ["IRN", ""]
    ev = store.query("SELECT * FROM events WHERE trigger = 'granted'").iloc[0]
    assert (ev["cameo"], ev["cameo_root"], ev["plover"], ev["goldstein"], ev["quad_class"]) == (
        "075", "07", "AID", 7.0, 2)
    assert ev["published"] == pd.Timestamp("2013-08-10")
    assert ev["target_text"] == "CIA former employee" and ev["target_name"] == "Edward Snowden"
    q = store.query("SELECT * FROM quotes WHERE speaker_code = 'IRNGOV'").iloc[0]
    assert (q["speaker_name"], q["kind"], q["cue"], q["speaker_text"]) == (
        "Hassan Rouhani", "direct", "said", "Rouhani")
    assert store.query("SELECT quote_id FROM events WHERE trigger = 'stressed'").iloc[0, 0] == "q1"
    assert store.query("SELECT count(*) FROM events WHERE negated").iloc[0, 0] == 1
    versions = store.query("SELECT version FROM schema_version")["version"].tolist()
    assert versions == [SCHEMA_VERSION]


def test_a_failed_batch_writes_nothing(articles):
    bad = dataclasses.replace(articles[2], events=[dataclasses.replace(articles[2].events[0],
                                                                       quad_class="not a number")])
    with Store.open(":memory:") as s:
        s.write([articles[0]])
        before = s.counts()
        with pytest.raises(StoreError, match="nothing of this batch"):
            s.write([articles[1], bad])
        assert s.counts() == before
        assert s.write([articles[1]])["articles"] == 1  # the connection is usable after the rollback


def test_an_interrupted_batch_writes_nothing(articles, monkeypatch):
    with Store.open(":memory:") as s:
        real = s._insert

        def interrupted(table, df):
            if table == "events":
                raise KeyboardInterrupt
            real(table, df)

        monkeypatch.setattr(s, "_insert", interrupted)
        with pytest.raises(KeyboardInterrupt):
            s.write(articles)
        assert set(s.counts().values()) == {0}


def test_write_frames_loads_worker_output(articles):
    frames, left_out = article_frames(articles)
    assert left_out == {"skipped": 0, "no_text": 0}
    with Store.open(":memory:") as s:
        assert s.write_frames(frames)["articles"] == 6
        assert s.write_frames(frames)["skipped"] == 6
        assert s.has_keys([key_of(articles[0]), "nope"]) == {key_of(articles[0])}
        broken = dict(frames, events=frames["events"].drop(columns=["cameo"]))
        with pytest.raises(StoreError, match="cameo"):
            s.write_frames(broken)


def test_parquet_shards_round_trip(tmp_path, articles):
    frames, _ = article_frames(articles[:3])
    save_frames(frames, tmp_path / "shard-00001")
    frames2, _ = article_frames(articles[2:])
    save_frames(frames2, tmp_path / "shard-00002")
    with Store.open(":memory:") as s:
        assert s.write_frames(load_frames(tmp_path / "shard-00001"))["articles"] == 3
        counts = s.write_frames(load_frames(tmp_path / "shard-00002"))
        assert counts["articles"] == 3 and counts["skipped"] == 1  # articles[2] is in both shards
        back = {a.id: a for a in s.read()}
        assert dataclasses.replace(back["000_2342fa2aa6b80750"], extras={}) == articles[0]
        assert back["ru-0903"] == dataclasses.replace(articles[2], published="2013-09-03",
                                                      extras=back["ru-0903"].extras)
    with pytest.raises(InputError, match="events.parquet"):
        load_frames(tmp_path)


def test_read_only_store_cannot_write(tmp_path, articles):
    path = tmp_path / "dyads.duckdb"
    with Store.open(path) as s:
        s.write(articles[:2])
    with Store.open(path, read_only=True) as s:
        assert s.counts()["articles"] == 2
        with pytest.raises(StoreError, match="read-only"):
            s.write(articles[2:])
        with pytest.raises(StoreError):
            s.query("DELETE FROM events")
        assert len(queries.events(s)) == 12
    with pytest.raises(StoreError, match="no database"):
        Store.open(tmp_path / "missing.duckdb", read_only=True)
    s.close()  # a second close is harmless; using a closed store is a StoreError
    with pytest.raises(StoreError, match="closed"):
        s.query("SELECT 1")


def test_schema_version_and_foreign_files(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store.open(path) as s:
        s.query("UPDATE schema_version SET version = 999")
    with pytest.raises(StoreError, match="schema version 999"):
        Store.open(path)
    import duckdb

    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a dyads store"):
        Store.open(other)


def test_query_binds_parameters_and_wraps_errors(store):
    assert store.query("SELECT id FROM articles WHERE id = ?", ["wn-114' OR '1'='1"]).empty
    named = store.query("SELECT id FROM articles WHERE id = $id", {"id": "wn-114"})
    assert named["id"].tolist() == ["wn-114"]
    with pytest.raises(StoreError):
        store.query("SELECT * FROM no_such_table")


# -- queries -------------------------------------------------------------------------------------

def test_events_default_order_limit_and_negation(store):
    df = queries.events(store, limit=None)
    assert len(df) == 18  # 19 stored, one negated
    assert not df["negated"].any()
    dates = df["date"].dropna()
    assert dates.is_monotonic_decreasing and df["date"].iloc[-1] is pd.NaT  # undated last
    assert df.iloc[0]["article_id"] == "il-0924"
    assert {"date", "source_name", "source_code", "cameo", "plover", "goldstein", "target_name",
            "target_code", "trigger", "sentence", "article_id", "url", "pattern_id"} <= set(df.columns)
    assert len(queries.events(store, limit=3)) == 3
    assert len(queries.events(store, include_negated=True, limit=None)) == 19
    with pytest.raises(queries.QueryError):
        queries.events(store, limit=-1)


def test_events_code_prefix_matching(store):
    rus = queries.events(store, actor="RUS", limit=None)
    assert len(rus) > 0
    assert all(s.startswith("RUS") or t.startswith("RUS")
               for s, t in zip(rus["source_code"], rus["target_code"]))
    assert "RUSGOV" in set(rus["source_code"]) and "RUSCOP" in set(rus["source_code"])
    dyad = queries.events(store, source="RUS", target="USA", limit=None)
    assert len(dyad) == 9
    assert all(dyad["source_code"].str.startswith("RUS")) and all(dyad["target_code"].str.startswith("USA"))
    exact = queries.events(store, source="RUSGOV", target="USAGOV", limit=None)
    assert sorted(exact["trigger"]) == ["accused", "discussed", "meeting"]
    igo = queries.events(store, actor="---GOV", limit=None)
    assert igo["trigger"].tolist() == ["told"]


def test_events_name_matching(store):
    lav = queries.events(store, actor="lavrov", limit=None)
    assert set(lav["trigger"]) == {"meeting", "stressed", "accused", "discussed"}
    assert queries.events(store, source="Russian FM", limit=None)["trigger"].tolist() == ["stressed"]
    assert queries.events(store, target="us government", limit=None)["trigger"].tolist() == ["accused"]
    assert queries.events(store, source="US Government", limit=None)["trigger"].tolist() == [
        "disappointed", "supporting"]
    # a code-like value is not a name substring: USA must not match "Jerusalem police"
    assert "il-0924" not in set(queries.events(store, actor="USA", limit=None)["article_id"])
    assert "il-0924" in set(queries.events(store, actor="usa", limit=None)["article_id"])


def test_events_date_filters(store):
    sept = queries.events(store, since="2013-09-01", until="2013-09-30", limit=None)
    assert sept["article_id"].tolist() == ["ru-0903"]
    assert queries.events(store, since="2013-09", until="2013-09", limit=None).equals(sept)
    aug = queries.events(store, until="2013-08", limit=None)
    assert set(aug["article_id"]) == {"000_2342fa2aa6b80750", "ru-0814"}
    recent = queries.events(store, since=date(2019, 1, 1), limit=None)
    assert set(recent["article_id"]) == {"wn-114", "il-0924"}
    assert queries.events(store, since="2019", until="2019", limit=None).equals(recent)
    assert recent["date"].notna().all()
    with pytest.raises(queries.QueryError, match="ISO date"):
        queries.events(store, since="last week")


def test_quotes(store):
    allq = queries.quotes(store)
    assert len(allq) == 4 and allq.iloc[0]["article_id"] == "wn-114"
    lav = queries.quotes(store, speaker="Lavrov")
    assert lav["article_id"].tolist() == ["ru-0903", "000_2342fa2aa6b80750"]
    rus = queries.quotes(store, speaker="RUS")
    assert len(rus) == 3 and set(rus["speaker_code"]) == {"RUSGOV"}
    assert set(rus["speaker_name"]) == {"Sergey Lavrov", "Russian government"}
    assert queries.quotes(store, speaker="IRNGOV")["speaker_name"].tolist() == ["Hassan Rouhani"]
    about_russia = queries.quotes(store, actor="Russia")  # a mention of Russia inside the quote
    assert len(about_russia) == 2 and all("Russia" in t for t in about_russia["text"])
    about_foreign = queries.quotes(store, actor="---")
    assert about_foreign["speaker_name"].tolist() == ["Hassan Rouhani"]
    assert queries.quotes(store, since="2013-09", until="2013-12")["article_id"].tolist() == ["ru-0903"]
    assert queries.quotes(store, speaker="nobody at all").empty


def test_actors(store):
    df = queries.actors(store, limit=None)
    assert not df.duplicated(["name", "code"]).any()
    lav = df[df["name"] == "Sergey Lavrov"].iloc[0]
    assert (lav["code"], lav["country"], lav["sector"]) == ("RUSGOV", "RUS", "GOV")
    assert lav["articles"] == 3 and lav["quotes"] == 2
    assert lav["as_source"] == 4  # meeting, stressed ("the Russian FM"), accused, discussed
    assert df.iloc[0]["articles"] == df["articles"].max()
    usa = queries.actors(store, actor="USA", limit=None)
    assert len(usa) > 0 and all(usa["code"].str.startswith("USA"))
    recent = queries.actors(store, since="2019-01-01", limit=None)
    assert set(recent["name"]) == {"Hassan Rouhani", "Iran", "foreign powers", "Jerusalem police",
                                   "Palestinian protesters"}
    assert len(queries.actors(store, limit=2)) == 2


def test_actors_counts_negated_only_on_request(store):
    kerry = queries.actors(store, actor="Kerry").iloc[0]
    kerry_all = queries.actors(store, actor="Kerry", include_negated=True).iloc[0]
    assert kerry_all["as_target"] == kerry["as_target"] + 1


@pytest.mark.parametrize("by,expected", [
    ("month", [("2013-08-01", 7), ("2013-09-01", 1)]),
    ("week", [("2013-08-05", 6), ("2013-08-12", 1), ("2013-09-02", 1)]),
    ("day", [("2013-08-10", 6), ("2013-08-14", 1), ("2013-09-03", 1)]),
])
def test_timeline_grouping(store, by, expected):
    df = queries.timeline(store, "RUS", "USA", by=by)
    got = [(pd.Timestamp(p).date().isoformat(), n) for p, n in zip(df["period"], df["events"])]
    assert got == expected  # the undated RUSGOV -> USA event of "rally-undated" is left out


def test_timeline_values_and_filters(store):
    df = queries.timeline(store, "rus", "usa", by="month")
    aug = df.iloc[0]
    assert aug["goldstein_mean"] == pytest.approx(-0.2)
    assert (aug["verbal_coop"], aug["material_coop"], aug["verbal_conflict"], aug["material_conflict"]) == (
        3, 1, 3, 0)
    with_neg = queries.timeline(store, "RUS", "USA", include_negated=True)
    assert with_neg["events"].tolist() == [7, 2]
    assert queries.timeline(store, "RUS", "USA", since="2013-09")["events"].tolist() == [1]
    assert queries.timeline(store, "USA", "RUS")["events"].tolist() == [3]  # USAGOV -> RUSGOV, RUS
    assert queries.timeline(store, "USAGOV", "RUSGOV")["events"].tolist() == [3]
    assert queries.timeline(store, "SYR", "RUS").empty
    assert queries.timeline(store, None, None, by="month")["events"].sum() == 15  # 18 less 3 undated
    with pytest.raises(queries.QueryError, match="day, week, month"):
        queries.timeline(store, "RUS", "USA", by="year")


def test_summary(store, articles):
    s = queries.summary(store, top=3)
    assert (s["articles"], s["quotes"], s["events"]) == (6, 4, 18)
    assert s["actors"] == len({(a.name, a.code) for art in articles for a in art.actors})
    assert (s["first_date"], s["last_date"]) == ("2013-08-10", "2019-09-24")
    d = s["top_dyads"]
    assert len(d) == 3
    assert d.iloc[0][["source_code", "target_code", "events"]].tolist() == ["RUSGOV", "USA", 6]
    assert d.iloc[0]["goldstein_mean"] == pytest.approx(-0.9)
    assert d.iloc[1][["source_code", "target_code", "events"]].tolist() == ["RUSGOV", "USAGOV", 3]
    full = queries.summary(store, top=100)["top_dyads"]
    assert (full["target_code"] != "").all() and full["events"].sum() == 17  # the protest has no target
    assert queries.summary(store, include_negated=True)["events"] == 19


def test_empty_store_queries():
    with Store.open(":memory:") as s:
        assert queries.events(s).empty and queries.quotes(s).empty and queries.actors(s).empty
        assert queries.timeline(s, "RUS", "USA").empty
        summ = queries.summary(s)
        assert summ["articles"] == 0 and summ["first_date"] is None and summ["top_dyads"].empty
