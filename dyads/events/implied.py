"""Acts told in the passive with no named doer that only a state performs ("Chirac was convicted",
"More than 1000 people have been arrested"): the doer is the authority of the country concerned.

The codes and their sectors, and the words that name people, are data: dyads/data/patterns/discourse/implied.toml.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from . import grammar as g
from .patterns import discourse_data

UNKNOWN_COUNTRY = "---"
NO_COUNTRY_PREFIXES = ("IGO", "NGO", "IMG", "MNC", UNKNOWN_COUNTRY)


def _data(path: str | None = None) -> dict:
    return discourse_data("implied.toml", path)


def implied_agents(path: str | None = None) -> dict[str, str]:
    return {str(k): str(v) for k, v in _data(path).get("implied_agent", {}).items()}


def implied_sector(code: str) -> str | None:
    """The sector of the authority that alone does the act of `code` (longest listed prefix), or None."""
    agents = implied_agents()
    return next((agents[code[:n]] for n in range(len(code), 2, -1) if code[:n] in agents), None)


def agentless_passive(tok: Token) -> bool:
    return g.is_verbal(tok) and g.is_passive(tok) and not g.agent_of(tok)


def implied_source(tok: Token, code: str, target_code: str, where: str = ""):
    """'X was arrested' with no agent: the police (courts, government) of the country where it happened
    (`where`: "arrested in Lebanon"), else of X's country, as a Side with no words; None when the act is
    not one only a state performs or the verb is not an agentless passive."""
    from ..models import Side
    if not target_code or not agentless_passive(tok):
        return None
    sector = implied_sector(code)
    if sector is None:
        return None
    return Side(text="", code=(where or target_code)[:3] + sector)


def names_people(tok: Token) -> bool:
    """ "More than 1000 people", "eleven individuals", "some of the site's users": a phrase of people."""
    nouns = set(_data().get("people", {}).get("nouns", []))
    if g.lemmas(tok) & nouns or tok.lower_ in nouns:
        return True
    # "some of the users", "many of them": the people are in the "of" phrase
    return tok.pos_ in ("PRON", "NUM", "ADJ") and any(
        g.lemmas(x) & nouns for x in g.preps_of(tok, ("of",)))


def _countries(actors) -> Counter:
    return Counter(a.code[:3] for a in actors if a.code and not a.code.startswith(NO_COUNTRY_PREFIXES))


def context_country(article, sent: Span) -> str:
    """The country of a sentence whose people name none: the one country whose places (GPE actors) the
    sentence names, else the article's main country (most actor mentions, by the margins in implied.toml),
    else ""."""
    here = [a for a in article.actors if a.type == "GPE"
            and any(sent.start_char <= m.start < sent.end_char for m in a.mentions)]
    got = _countries(here)
    if len(got) == 1:
        return next(iter(got))
    if len(got) > 1:
        return ""
    p = _data().get("people", {})
    counts = Counter()
    for a in article.actors:
        if a.code and not a.code.startswith(NO_COUNTRY_PREFIXES):
            counts[a.code[:3]] += len(a.mentions)
    ranked = counts.most_common(2) + [("", 0), ("", 0)]
    (best, n), (_, n2) = ranked[0], ranked[1]
    if n >= int(p.get("main_country_min", 3)) and n >= float(p.get("main_country_lead", 2.0)) * n2:
        return best
    return ""
