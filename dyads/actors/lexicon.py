"""The actor data (dyads/data/actors/): countries, IGOs, organisations, metonyms, sector words and the
dated office-holder dictionary, loaded once and indexed for token-sequence look-ups."""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "actors"


def tsv_rows(name: str, width: int) -> list[list[str]]:
    """The rows of DATA/name (tab-separated; lines starting with "#" and blank lines skipped), each
    cut or padded with "" to `width` fields."""
    with open(DATA / name, encoding="utf-8") as f:
        return [(line.rstrip("\n").split("\t") + [""] * width)[:width]
                for line in f if line.strip() and not line.startswith("#")]
# Longest phrase (in tokens) looked up in the gazetteer.
MAX_PHRASE = 12  # tokens; the longest listed name ("United Nations Educational, Scientific and Cultural Organization") has 10
# A phrase written in capitals and at most this long is an acronym: matched case-sensitively.
ACRONYM_MAX = 6
# A listed person's surname is recognised misspelt by one letter ("Mitterand") when it is this long.
MISSPELT_MIN_LENGTH = 7
_SPLIT = re.compile(r"(\W)")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case without accents, curly quotes made straight: the key for every look-up."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'").replace("\u2013", "-"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=200_000)
def words(text: str) -> tuple[str, ...]:
    """A phrase as look-up tokens: folded, split on spaces and on punctuation kept as tokens, the way
    spaCy splits names ("Bosnia-Herzegovina" -> bosnia - herzegovina). Dots stay inside (U.S.)."""
    out: list[str] = []
    for chunk in fold(text).split():
        if re.fullmatch(r"(\w\.)+\w?\.?", chunk):  # U.S. / U.N. / D.C.
            out.append(chunk)
            continue
        for part in re.split(r"([-/'(),])", chunk):
            if part:
                out.append(part)
    return tuple(out)


def token_words(tokens) -> tuple[str, ...]:
    """The same key built from spaCy tokens (each split further the same way)."""
    out: list[str] = []
    for t in tokens:
        out.extend(words(t.text) or (fold(t.text),))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer phrase: what it names. kind: country | adjective | demonym | capital | metonym | igo |
    org | ethnic (a people of ethnic_groups.tsv) | place (a city or region from the geolocation gazetteer,
    see places.py)."""

    kind: str
    code: str
    phrase: str
    exact: bool = False  # acronym: the text must be written exactly so
    note: str = ""  # how a match found outside the lexicon was made (places.py): "misspelt", "gazetteer"


@dataclass(frozen=True, slots=True)
class Holder:
    name: str
    surname: str
    aliases: tuple[str, ...]
    code: str
    office: str
    role: str
    start: str
    end: str
    source: str = ""  # where the row's facts come from (a URL or a record:ISO-OFFICE key, see the README)

    def in_office(self, date: str) -> bool:
        return bool(date) and self.start <= date[:10] and (not self.end or date[:10] < self.end)


@dataclass(slots=True)
class Lexicon:
    phrases: dict[tuple[str, ...], Entry]
    first_words: frozenset[str]
    country_names: dict[str, str]
    titles: dict[tuple[str, ...], str]
    sector_words: dict[tuple[str, ...], str]
    sector_rank: dict[str, int]
    actor_nouns: frozenset[str]
    person_nouns: frozenset[str]
    staff_nouns: frozenset[str]
    former_words: frozenset[str]
    head_only: frozenset[str]
    pronouns: dict[str, str]
    location_preps: frozenset[str]
    actor_preps: frozenset[str]
    setting_nouns: frozenset[str]
    holders: list[Holder]
    holder_names: dict[tuple[str, ...], list[Holder]]
    holder_surnames: dict[tuple[str, ...], list[Holder]]
    canonical: dict[tuple[str, ...], str] = field(default_factory=dict)  # short form -> full name
    adjectives: dict[str, str] = field(default_factory=dict)  # ISO -> its first adjective ("Iraqi")
    holder_first: dict[str, list[Holder]] = field(default_factory=dict)  # folded given name -> holders


def _is_acronym(phrase: str) -> bool:
    letters = [c for c in phrase if c.isalpha()]
    return bool(letters) and len(phrase) <= ACRONYM_MAX and all(c.isupper() for c in letters)


def _demonym_plurals(adj: str) -> list[str]:
    """Israeli -> Israelis, Palestinian -> Palestinians, Afghan -> Afghans (not Chinese, British)."""
    if adj.endswith(("i", "an", "n")) and " " not in adj:
        return [adj + "s"]
    if adj.endswith(("Turk", "Kurd", "Serb", "Croat", "Pole", "Dane", "Swede", "Finn", "Brit", "Czech", "Greek",
                     "Uzbek", "Tajik", "Kazakh", "Briton", "Arab")):
        return [adj + ("es" if adj.endswith("h") else "s")]
    return []


@lru_cache(maxsize=1)
def load() -> Lexicon:
    lex = json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))
    phrases: dict[tuple[str, ...], Entry] = {}

    def add(phrase: str, kind: str, code: str) -> None:
        key = words(phrase)
        if key and key not in phrases:
            phrases[key] = Entry(kind, code, phrase, _is_acronym(phrase))
        elif key and phrases[key].exact and phrases[key].code == code and not _is_acronym(phrase):
            # "NATO" and "Nato" both listed: any capitalisation is then the name
            phrases[key] = Entry(kind, code, phrases[key].phrase, False)

    for phrase in lex.get("regions", []):  # "South American": read whole, so that "American" names no country
        phrases[words(phrase)] = Entry("region", "---", phrase, False)
    country_names: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    for iso, name, aliases, adjs, capitals in tsv_rows("countries.tsv", 5):
        country_names[iso] = name
        if adjs:
            adjectives.setdefault(iso, adjs.split(";")[0])
        for p in [name, *aliases.split(";")]:
            if p:
                add(p.removeprefix("the "), "country", iso)
        for a in adjs.split(";"):
            if a:
                add(a, "adjective", iso)
                for pl in _demonym_plurals(a):
                    add(pl, "demonym", iso)
        for c in capitals.split(";"):
            if c:
                add(c, "capital", iso)
    for phrase, code in lex["metonyms"].items():
        add(phrase, "metonym", code)
    for iso, names in _ethnic_groups():
        for n in names:
            add(n, "ethnic", iso)
    for code, names in lex["igos"].items():
        for n in names:
            add(n, "igo", code)
    for phrase, code in lex["organisations"].items():
        key = words(phrase)
        if key not in phrases:
            phrases[key] = Entry("org", code, phrase, _is_acronym(phrase))
    canonical = {words(k): v for k, v in lex.get("canonical_names", {}).items()}
    for name, code, aliases in _universities():
        for phrase in (name, *aliases):
            key = words(phrase)
            if key not in phrases:
                phrases[key] = Entry("org", code, phrase, _is_acronym(phrase))
                if phrase != name:
                    canonical.setdefault(key, name)

    holders: list[Holder] = []
    with open(DATA / "office_holders.csv", encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    for r in csv.DictReader(lines):
        holders.append(Holder(r["name"], r["surname"], tuple(a for a in r["aliases"].split(";") if a),
                              r["code"], r["office"], r["role"], r["start"], r["end"], r.get("source") or ""))
    holder_names: dict[tuple[str, ...], list[Holder]] = {}
    holder_surnames: dict[tuple[str, ...], list[Holder]] = {}
    holder_first: dict[str, list[Holder]] = {}
    for h in holders:
        for n in (h.name, *h.aliases):
            holder_names.setdefault(words(n), []).append(h)
            if len(words(n)) >= 2 and h not in holder_first.get(words(n)[0], ()):
                holder_first.setdefault(words(n)[0], []).append(h)
        if h.surname:
            holder_surnames.setdefault(words(h.surname), []).append(h)

    titles = {words(k): v for k, v in lex["titles"].items()}
    sector_words = {words(w): sector for sector, ws in lex["sectors"].items() for w in ws}
    return Lexicon(
        phrases=phrases, first_words=frozenset(k[0] for k in phrases), country_names=country_names, titles=titles, sector_words=sector_words,
        sector_rank=lex["sector_rank"], actor_nouns=frozenset(lex["actor_nouns"]),
        person_nouns=frozenset(lex["person_nouns"]), staff_nouns=frozenset(lex["staff_nouns"]),
        former_words=frozenset(lex["former_words"]), head_only=frozenset(lex["head_only_sector_words"]),
        pronouns=lex["pronouns"],
        location_preps=frozenset(lex["location_preps"]), actor_preps=frozenset(lex["actor_preps"]),
        setting_nouns=frozenset(lex["setting_nouns"]), holders=holders, holder_names=holder_names,
        holder_surnames=holder_surnames,
        canonical=canonical, adjectives=adjectives, holder_first=holder_first,
    )


@lru_cache(maxsize=1)
def non_actors() -> dict[str, str]:
    """non_actors.tsv: folded name -> kind (platform, time zone, disease): names that are no actor."""
    return {fold(name): kind for name, kind in tsv_rows("non_actors.tsv", 2)}


def _ethnic_groups() -> list[tuple[str, list[str]]]:
    """ethnic_groups.tsv: (ISO, the names of its peoples listed there)."""
    return [(iso, [n for n in names.split(";") if n]) for iso, names in tsv_rows("ethnic_groups.tsv", 2)]


def _universities() -> list[tuple[str, str, tuple[str, ...]]]:
    """universities.tsv: (name, code, aliases) of the research universities listed there."""
    return [(name, code, tuple(a for a in aliases.split(";") if a))
            for name, code, aliases in tsv_rows("universities.tsv", 3)]


def lookup_holders(lexicon: Lexicon, name_words: tuple[str, ...], date: str, *, surname: bool = False) -> list[Holder]:
    """Office holders named so (full name or alias; or surname when `surname`), preferring those in
    office on `date`; with no date any holder counts. Returns every distinct person that fits."""
    table = lexicon.holder_surnames if surname else lexicon.holder_names
    found = table.get(name_words, [])
    if not found and not surname and len(name_words) >= 2:
        # same surname and a first name that starts alike (Sergei / Sergey, Mohammad / Mohammed)
        for n in (1, 2, 3):
            for h in lexicon.holder_surnames.get(name_words[-n:], []):
                first = words(h.name)[0]
                if first[:3] == name_words[0][:3] and h not in found:
                    found = found + [h]
    if not found and not surname and len(name_words) >= 2:
        found = _misspelt_surname(lexicon, name_words)
    if date:
        current = [h for h in found if h.in_office(date)]
        if current:
            return current
    return found


def _misspelt_surname(lexicon: Lexicon, name_words: tuple[str, ...]) -> list[Holder]:
    """ "Francois Mitterand": the same given name and a surname one edit away (a letter added, dropped,
    changed or two swapped) from one listed person's, for surnames of at least MISSPELT_MIN_LENGTH
    letters; [] when no person, or more than one, fits."""
    last = name_words[-1]
    if len(last) < MISSPELT_MIN_LENGTH:
        return []
    found = [h for h in lexicon.holder_first.get(name_words[0], ())
             if any(len(w := words(n)) == len(name_words) and w[0] == name_words[0] and one_edit(w[-1], last)
                    for n in (h.name, *h.aliases))]
    return found if len({h.name for h in found}) == 1 else []


def one_edit(a: str, b: str) -> bool:
    """True when `b` differs from `a` by exactly one edit: a letter inserted, deleted or replaced, or two
    neighbouring letters swapped (the Damerau-Levenshtein distance is 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    k = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[k:] == long_[k + 1:]
