"""Canonical names for actors the text names by a short form: "the Foreign Ministry" of Iraq ->
"Iraqi Ministry of Foreign Affairs", "the State Department" -> "United States Department of State",
"the IMF" -> "International Monetary Fund" (lexicon.json "canonical_names")."""
from __future__ import annotations

from .lexicon import Lexicon, words

# A ministry's portfolio as the text may give it (folded words) -> the portfolio in its full name.
MINISTRY_PORTFOLIOS = {
    ("foreign",): "Foreign Affairs", ("foreign", "affairs"): "Foreign Affairs",
    ("external", "affairs"): "External Affairs", ("defence",): "Defence", ("defense",): "Defence",
    ("interior",): "Interior", ("internal", "affairs"): "Internal Affairs", ("health",): "Health",
    ("finance",): "Finance", ("justice",): "Justice", ("education",): "Education", ("trade",): "Trade",
    ("economy",): "Economy", ("energy",): "Energy", ("agriculture",): "Agriculture",
    ("transport",): "Transport", ("environment",): "Environment", ("information",): "Information",
    ("culture",): "Culture", ("labour",): "Labour", ("labor",): "Labour", ("emergency", "situations"): "Emergency Situations",
}
# The executive departments of the United States, by the words the text may use.
US_DEPARTMENTS = {
    ("state",): "State", ("defense",): "Defense", ("defence",): "Defense", ("justice",): "Justice",
    ("treasury",): "the Treasury", ("homeland", "security"): "Homeland Security", ("commerce",): "Commerce",
    ("transportation",): "Transportation", ("energy",): "Energy", ("education",): "Education",
    ("agriculture",): "Agriculture", ("labor",): "Labor", ("interior",): "the Interior",
    ("health", "and", "human", "services"): "Health and Human Services", ("veterans", "affairs"): "Veterans Affairs",
    ("housing", "and", "urban", "development"): "Housing and Urban Development",
}
BODY_HEADS = ("ministry", "department")


def canonical(lex: Lexicon, phrase: str) -> str:
    """The full name of a gazetteer phrase ("IMF" -> "International Monetary Fund"), or ""."""
    return lex.canonical.get(words(phrase), "")


def body_name(lex: Lexicon, phrase: str, country: str) -> str:
    """ "Foreign Ministry" / "Ministry of Foreign Affairs" of `country` (ISO) -> its full name;
    "" when the phrase is not a ministry or department with a known portfolio."""
    w = [x for x in words(phrase) if x not in ("the", "'s", "'")]
    head = next((k for k, x in enumerate(w) if x in BODY_HEADS), None)
    if head is None or not country or country.startswith(("IGO", "NGO", "---")):
        return ""
    written = ""
    if head + 1 < len(w) and w[head + 1] == "of":
        portfolio = tuple(w[head + 2:])
        written = _written_portfolio(phrase)
    else:
        portfolio = tuple(x for x in w[:head] if not _country_word(lex, x))
    if w[head] == "department":
        if country != "USA" or portfolio not in US_DEPARTMENTS:
            return ""
        return f"United States Department of {US_DEPARTMENTS[portfolio]}"
    name = MINISTRY_PORTFOLIOS.get(portfolio) or written  # "Ministry of Interior Affairs" as the text has it
    if not name:
        return ""
    adj = lex.adjectives.get(country)
    return f"{adj} Ministry of {name}" if adj else f"Ministry of {name} ({lex.country_names.get(country, country)})"


def _written_portfolio(phrase: str) -> str:
    """ "Ministry of Interior Affairs" -> "Interior Affairs" when every word is capitalised."""
    after = phrase.split(" of ", 1)[1].split() if " of " in phrase else []
    if after and all(x[:1].isupper() or x in ("and", "for") for x in after):
        return " ".join(after)
    return ""


def _country_word(lex: Lexicon, word: str) -> bool:
    e = lex.phrases.get((word,))
    return e is not None and e.kind in ("country", "adjective", "demonym", "capital")
