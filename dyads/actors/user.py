"""A user's own actor file, which extends or overrides the shipped actor data.

A CSV file (UTF-8, `#` lines are comments) with a header row. Columns:

    name,code[,type][,aliases][,surname][,office][,role][,start][,end]

- `name`: the canonical name; `code`: the CAMEO-style code (USAGOV, IGOUNO, ---REB, FRAMED...).
- `type`: PER for a person, ORG (or GRP) for an organisation or group; when left out, a row with a
  `surname`, `office` or `start` is a person, any other an organisation.
- `aliases`: other names, `;`-separated ("Joseph Biden;Joe R. Biden", "NCA").
- persons: `surname` (the form used alone), `office` (HOS HOG FM DM SG VP or empty), `role`
  ("Prime Minister of X"), `start` / `end` (ISO dates; empty = always / still). A person row
  replaces every shipped office-holder row of the same name, so a user can correct a date or code.
- organisations: every name and alias is added to the gazetteer with the row's code, replacing a
  shipped entry with the same words.

    from dyads.actors import load_user_actors
    load_user_actors("my_actors.csv")   # or ActorStep(extra_actors="my_actors.csv")

The rows apply to the whole process from then on; `reset_user_actors()` goes back to the shipped data.
"""
from __future__ import annotations

import csv
from pathlib import Path

from .lexicon import Entry, Holder, _is_acronym, load, words

PERSON_TYPES = frozenset({"PER", "PERSON"})
REQUIRED = ("name", "code")


class UserActorsError(ValueError):
    """The user's actor file cannot be read (a missing column, an empty name or code)."""


def _rows(path: str | Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    fields = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in fields]
    if missing:
        raise UserActorsError(f"{path}: the header lacks {', '.join(missing)} (columns: name,code,...)")
    out = []
    for n, r in enumerate(reader, 2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in r.items()}
        if not row.get("name") or not row.get("code"):
            raise UserActorsError(f"{path}: row {n} has no name or no code")
        out.append(row)
    return out


def load_user_actors(path: str | Path) -> int:
    """Add the actors of the CSV file at `path` to the actor data (see the module doc); returns how
    many rows were read."""
    lex = load()
    rows = _rows(path)
    for r in rows:
        name, code = r["name"], r["code"].upper()
        aliases = tuple(a.strip() for a in r.get("aliases", "").split(";") if a.strip())
        type_ = (r.get("type") or "").upper()
        person = type_ in PERSON_TYPES if type_ else bool(r.get("surname") or r.get("office") or r.get("start"))
        if person:
            _add_person(lex, name, code, aliases, r)
        else:
            _add_organisation(lex, name, code, aliases)
    from .common import _HITS

    _HITS.clear()  # gazetteer matches cached before these rows
    return len(rows)


def _add_person(lex, name: str, code: str, aliases: tuple[str, ...], r: dict[str, str]) -> None:
    key = words(name)
    replaced = {id(h) for h in lex.holder_names.get(key, []) if words(h.name) == key}
    if replaced:
        lex.holders[:] = [h for h in lex.holders if id(h) not in replaced]
        for table in (lex.holder_names, lex.holder_surnames, lex.holder_first):
            for k in list(table):
                table[k] = [h for h in table[k] if id(h) not in replaced]
    h = Holder(name, r.get("surname", ""), aliases, code, r.get("office", "").upper(), r.get("role", ""),
               r.get("start", ""), r.get("end", ""))
    lex.holders.append(h)
    for n in (name, *aliases):
        lex.holder_names.setdefault(words(n), []).append(h)
        if len(words(n)) >= 2 and h not in lex.holder_first.get(words(n)[0], ()):
            lex.holder_first.setdefault(words(n)[0], []).append(h)
    if h.surname:
        lex.holder_surnames.setdefault(words(h.surname), []).append(h)


def _add_organisation(lex, name: str, code: str, aliases: tuple[str, ...]) -> None:
    kind = "igo" if code.startswith("IGO") else "org"
    first = set(lex.first_words)
    for phrase in (name, *aliases):
        key = words(phrase)
        if not key:
            continue
        lex.phrases[key] = Entry(kind, code, phrase, _is_acronym(phrase))
        first.add(key[0])
        if phrase != name:
            lex.canonical[key] = name
        else:
            lex.canonical.pop(key, None)
    lex.first_words = frozenset(first)


def reset_user_actors() -> None:
    """Forget every user row: the next look-up reloads the shipped data."""
    from .common import _HITS

    load.cache_clear()
    _HITS.clear()
