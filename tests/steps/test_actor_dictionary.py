"""The dated office-holder dictionary (dyads/data/actors/office_holders.csv) against the coverage that
its README promises: every day from 2000 has a holder for each covered country and office, except the
gaps the README lists; one holder at a time; every row well formed and with a source.

Pure data checks: no spaCy model needed.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise

import pytest

from dyads.actors.lexicon import DATA, load

CSV = DATA / "office_holders.csv"
README = DATA / "README.md"
COLUMNS = ["name", "surname", "aliases", "code", "office", "role", "start", "end", "source", "note"]
OFFICES = frozenset({"HOS", "HOG", "FM", "DM", "VP", "SG", "EUCOM", "EUCO", "AUC"})
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CODE = re.compile(r"(IGO[A-Z0-9]{3}|[A-Z]{3}(GOV|MIL|ELI)?)")
RECORD = re.compile(r"record:([A-Z]{3})-([A-Z]+)")
URL = re.compile(r"https?://\S+")


def rows() -> list[dict[str, str]]:
    with open(CSV, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    reader = csv.DictReader(lines)
    assert reader.fieldnames == COLUMNS
    return list(reader)


def readme_table(title: str) -> list[dict[str, str]]:
    """The markdown table under the `### title` heading of the data README, as dicts."""
    text = README.read_text(encoding="utf-8")
    part = text.split(f"### {title}\n", 1)[1]
    lines = [line for line in part.split("\n##", 1)[0].splitlines() if line.startswith("|")]
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    return [dict(zip(head, (c.strip() for c in line.strip("|").split("|")))) for line in lines[2:]]


def owner(code: str) -> str:
    """The key a row's code is covered under: the IGO code whole, else the country."""
    return code if code.startswith("IGO") else code[:3]


def day(s: str) -> date:
    return date.fromisoformat(s)


@pytest.fixture(scope="module")
def table():
    return rows()


def test_rows_are_well_formed(table):
    for n, r in enumerate(table, 3):
        where = f"row {n} ({r['name']}, {r['office']}, {r['start']})"
        assert r["name"] and r["role"], where
        assert CODE.fullmatch(r["code"]), where
        assert r["office"] in OFFICES, where
        assert ISO_DATE.fullmatch(r["start"]), where
        assert not r["end"] or ISO_DATE.fullmatch(r["end"]), where
        assert not r["end"] or day(r["start"]) < day(r["end"]), where
        for part in (r["surname"], *r["aliases"].split(";")):
            assert part == part.strip() and "," not in part, where


def test_every_row_has_a_source(table):
    for n, r in enumerate(table, 3):
        src, where = r["source"], f"row {n} ({r['name']}, {r['office']}, {r['start']})"
        m = RECORD.fullmatch(src)
        if m:  # the key names the row's own office
            assert m.group(1) == (r["code"][3:] if r["code"].startswith("IGO") else r["code"][:3]), where
            assert m.group(2) == r["office"], where
        else:
            assert URL.fullmatch(src), f"{where}: source {src!r} is neither a URL nor record:ISO-OFFICE"


def test_no_two_holders_at_once(table):
    shared = {(t["code"], t["office"]) for t in readme_table("Offices held by more than one person at a time")}
    groups = defaultdict(list)
    for r in table:
        if r["office"] != "VP":
            groups[(owner(r["code"]), r["office"])].append(r)
    for key, rs in groups.items():
        if key in shared:
            continue
        rs = sorted(rs, key=lambda r: r["start"])
        for a, b in pairwise(rs):
            assert a["end"] and a["end"] <= b["start"], (
                f"{key}: {a['name']} ({a['start']}..{a['end'] or 'open'}) overlaps {b['name']} ({b['start']})")


def _covered_days(rs, lo: date, hi: date) -> set[date]:
    days = set()
    for r in rs:
        a = max(lo, day(r["start"]))
        b = min(hi, day(r["end"]) if r["end"] else hi)
        while a < b:
            days.add(a)
            a += timedelta(days=1)
    return days


def _spans(days: list[date]) -> list[tuple[date, date]]:
    """Sorted days as [from, to) runs."""
    out: list[tuple[date, date]] = []
    for d in days:
        if out and out[-1][1] == d:
            out[-1] = (out[-1][0], d + timedelta(days=1))
        else:
            out.append((d, d + timedelta(days=1)))
    return out


def test_every_covered_day_has_a_holder(table):
    """Each (country, office) of the README's Coverage table has a holder on every day from its `from`
    to its `until` (or today), except exactly the README's Known gaps."""
    coverage = readme_table("Coverage")
    assert len(coverage) >= 19 * 3 + 5  # the G20 countries and the IGOs, three or four offices each
    gaps = defaultdict(set)
    for g in readme_table("Known gaps"):
        assert g["why"], g
        gaps[(g["code"], g["office"])].add((day(g["from"]), day(g["to"])))
    today = date.today()
    by_key = defaultdict(list)
    for r in table:
        by_key[(owner(r["code"]), r["office"])].append(r)
    problems = []
    for c in coverage:
        lo, hi = day(c["from"]), day(c["until"]) if c["until"] else today + timedelta(days=1)
        held = _covered_days(by_key[(c["rows"], c["office"])], lo, hi)
        missing = [lo + timedelta(days=k) for k in range((hi - lo).days) if lo + timedelta(days=k) not in held]
        found = set(_spans(missing))
        listed = gaps.pop((c["code"], c["office"]), set())
        for a, b in sorted(found - listed):
            problems.append(f"{c['code']} {c['office']}: no holder {a}..{b}")
        for a, b in sorted(listed - found):
            problems.append(f"{c['code']} {c['office']}: the README lists a gap {a}..{b} that is not one")
    for key, spans in gaps.items():
        problems.append(f"{key}: gaps listed for an office outside the Coverage table: {sorted(spans)}")
    assert not problems, "\n".join(problems)


def test_covered_offices_reach_today(table):
    """Somebody holds each covered office now (an open-ended row or one ending in the future)."""
    now = date.today().isoformat()
    for c in readme_table("Coverage"):
        if c["until"]:
            continue
        current = [r for r in table if owner(r["code"]) == c["rows"] and r["office"] == c["office"]
                   and r["start"] <= now and (not r["end"] or now < r["end"])]
        assert len(current) == 1, (c["code"], c["office"], [r["name"] for r in current])


def test_the_loader_reads_every_row_with_its_source(table):
    holders = load().holders
    assert len(holders) >= len(table)  # user rows may add more
    names = {(h.name, h.office, h.start): h for h in holders}
    for r in table:
        h = names[(r["name"], r["office"], r["start"])]
        assert h.source == r["source"] and h.end == r["end"] and h.code == r["code"]


def test_kerry_is_secretary_of_state_in_2013_only():
    from dyads.actors.lexicon import lookup_holders, words

    lex = load()
    in_2013 = lookup_holders(lex, words("John Kerry"), "2013-06-01")
    assert [h.code for h in in_2013 if h.in_office("2013-06-01")] == ["USAGOV"]
    in_2020 = lookup_holders(lex, words("John Kerry"), "2020-06-01")
    assert in_2020 and not any(h.in_office("2020-06-01") for h in in_2020)
