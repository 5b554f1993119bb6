"""Coding a phrase: the country (or IGO) and sector that its words give, and what kind of noun heads it.

"US Defense Secretary" -> USA + GOV (office DM); "the Russian FM" -> RUS + GOV (office FM);
"CIA former employee" -> USA (an agency gives its country to a person noun, its sector only to staff);
"Al-Qaeda affiliated militants" -> --- + REB.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import MAX_PHRASE, Entry, Lexicon, fold, load, words
from .names import US_DEPARTMENTS

# Sectors that an office gives; "former" turns them into ELI (former officials, elites).
OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# Kinds of gazetteer entry that give a country to a phrase they modify.
COUNTRY_KINDS = frozenset({"country", "adjective", "demonym", "capital", "igo", "org", "metonym", "ethnic", "place"})
# Codes that are whole actors rather than a country and a sector: international organisations (IGOUNO),
# NGOs and international militarized groups (CAMEO's IMG: IMGMUSALQ, al-Qaeda).
INTERNATIONAL = ("IGO", "NGO", "IMG")
# Singular heads that make a GOV phrase a title of one person ("the foreign minister", "a spokesman").
TITLE_HEADS = frozenset({"minister", "secretary", "ambassador", "envoy", "diplomat", "negotiator", "official",
                         "spokesman", "spokeswoman", "spokesperson", "mayor", "governor", "chancellor", "premier",
                         "president", "king", "queen", "emir", "sultan", "monarch", "fm", "pm", "commissioner"})
# Titles of a company's head that, with a country or territory's name and no organisation's, name the
# head of its government (Hong Kong's and Macau's chief executive).
TERRITORY_TITLES = (("chief", "executive"),)
# "anti-Syria", "pro-Western": a country after these is not the phrase's country.
NEGATING_PREFIXES = frozenset({"anti", "pro", "non", "post", "pre"})
# Heads whose modifiers name a portfolio ("trade and industry commissioner", "health ministry"), and
# the sectors such a portfolio word would otherwise give.
PORTFOLIO_HEADS = frozenset({"minister", "ministers", "ministry", "ministries", "commissioner", "commissioners"})
PORTFOLIO_SECTORS = frozenset({"BUS", "LAB", "EDU", "HLH", "MED", "CVL", "REL", "REF", "NGO"})
# Words after a title that say its office is not held yet ("President-elect", "minister-designate").
DESIGNATE_WORDS = frozenset({"elect", "designate", "nominee"})
DESIGNATE_BEFORE = frozenset({"incoming", "future", "would-be", "prospective"})
SKIP_POS = frozenset({"DET", "PUNCT", "SPACE", "CCONJ", "PRON", "ADP", "PART", "NUM", "SYM"})
# Members of a party, named by the party (lexicon.json PTY): a sector only when capitalised.
PARTY_MEMBERS = frozenset({"republicans", "democrats", "tories", "conservatives", "liberals", "socialists", "communists"})
# Heads that name what people are doing, not where they come from: they decide the sector over a word
# before them that would rank first ("student protester Joshua Wong" is a protester, CVL), though not over
# one of rank 0 ("opposition protesters" stay OPP).
DOING_HEADS = frozenset({"protester", "protesters", "protestor", "protestors", "demonstrator", "demonstrators"})
# Words inside a name after which a country or organisation is what the body acts on (see _acted_on_from).
OBJECT_MARKERS = frozenset({"to", "against"})


# Whole actors of no one country, given out after "---" (SCHEMA.md: an actor code starts with a country's
# ISO code, "IGO" or "---"): international NGOs and CAMEO's international militarized groups.
NO_COUNTRY_GROUPS = ("NGO", "IMG")


def public_code(code: str) -> str:
    """The code an actor is given out with. An international NGO (Amnesty International, the Red Cross,
    Greenpeace) is "---NGO": a non-governmental organisation of no one country, the way any NGO whose
    country is unknown is coded (NGO is a sector, as in "a human rights group" -> ---NGO). A transnational
    armed group keeps CAMEO's IMG after the same "---" (the Islamic State: ---IMGMUS). Inside the builder
    they are "NGO..." and "IMG...", whole actors like an IGO, so that they never take a country from
    context."""
    return "---" + code if code.startswith(NO_COUNTRY_GROUPS) else code


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer match over tokens [i, j)."""

    i: int
    j: int
    entry: Entry


@dataclass(slots=True)
class PhraseCode:
    country: str = ""  # ISO alpha-3, an IGO code (IGOUNO), NGO, or "" when the words give none
    country_source: str = ""
    sector: str = ""
    sector_word: str = ""
    office: str = ""  # HOS HOG FM DM SG VP (titles.json)
    head: str = ""
    head_kind: str = ""  # title | person | group | actor | "" (not a noun that names an actor)
    former: bool = False
    countries: list[Hit] = field(default_factory=list)

    @property
    def code(self) -> str:
        if self.country.startswith(INTERNATIONAL):
            return self.country
        sector = self.sector
        if self.former and sector in OFFICIAL_SECTORS:
            sector = "ELI"
        return (self.country or "---") + sector

    @property
    def informative(self) -> bool:
        return bool(self.country or self.sector or self.office)


def scan(tokens, lexicon: Lexicon | None = None) -> list[Hit]:
    """Longest gazetteer matches, left to right, over a token sequence (a Doc or a Span).
    A match must begin with a capital letter; acronyms must be written exactly. A region's adjective
    ("South American") is matched whole and left out, so that its last word names no country."""
    lex = lexicon or load()
    toks = list(tokens)
    tw = [words(t.text) or (fold(t.text),) for t in toks]
    hits: list[Hit] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if tw[i][0] not in lex.first_words or (
                not t.text[:1].isupper() and not t.text[:1].isdigit() and not t.ent_type_):
            i += 1
            continue
        for n in range(min(MAX_PHRASE, len(toks) - i), 0, -1):
            span = toks[i:i + n]
            if any(s.is_space for s in span):
                continue
            entry = lex.phrases.get(sum(tw[i:i + n], ()))
            if entry is None:
                continue
            if entry.exact and "".join(s.text_with_ws for s in span).strip().replace(" ", "") != entry.phrase.replace(" ", ""):
                continue
            if entry.kind != "region":  # "South American": a region, no country (lexicon.json "regions")
                hits.append(Hit(toks[i].i, toks[i].i + n, entry))
            i += n
            break
        else:
            entry = _compound_name(t, tw[i], lex)
            if entry is not None:  # "a U.S.-led coalition": one token, named as "US-led" would be
                hits.append(Hit(t.i, t.i + 1, entry))
            i += 1
    return hits


def _compound_name(tok, tw: tuple[str, ...], lex: Lexicon) -> Entry | None:
    """The name that opens one token joined by a hyphen to a lower-case word ("U.S.-led", "U.K.-based"):
    the tokenizer keeps such a token whole where the name ends in a dot, while "US-led" or "Saudi-led"
    come as three tokens whose first is matched on its own; the two are coded alike."""
    if len(tw) < 3 or tw[-2] != "-" or not tw[-1].isalpha() or not tok.text.rsplit("-", 1)[-1].islower():
        return None
    entry = lex.phrases.get(tw[:-2])
    written = tok.text.rsplit("-", 1)[0]
    if entry is None or entry.kind == "region" or entry.exact and written.replace(" ", "") != entry.phrase.replace(" ", ""):
        return None
    return entry


def negated(h: Hit, toks) -> bool:
    """ "anti-Syria journalist", "pro-Western": the country is what the phrase is against or for."""
    pos = {t.i: n for n, t in enumerate(toks)}
    n = pos.get(h.i)
    if n is None:
        return False
    prev = [fold(t.text) for t in toks[max(0, n - 2):n]]
    return bool(prev) and (prev[-1] in NEGATING_PREFIXES or (prev[-1] == "-" and len(prev) > 1
                                                             and prev[-2] in NEGATING_PREFIXES))


def _acted_on_from(tokens) -> int:
    """Index of the first token of a name that follows a verb or "to" / "against" inside it ("Global
    Coalition to Defeat ISIS", "Campaign Against Arms Trade"): what comes after is what the body acts
    on, not whose it is. A large number when there is none."""
    toks = list(tokens)
    for n, t in enumerate(toks[1:], 1):
        if t.pos_ == "VERB" and t.tag_ != "VBN" and toks[n - 1].text != "-" or fold(t.text) in OBJECT_MARKERS:
            # not a participle that qualifies the name ("the Israeli-occupied West Bank", "Saudi-led")
            return t.i + 1
    return 1 << 30


def _us_portfolio(rest: tuple[str, ...]) -> bool:
    """ "Secretary of" + the portfolio of a US executive department other than State ("Transportation",
    "the Treasury", "Homeland Security"): a US cabinet title, as "the Justice Department" is a US body
    (data/actors/README.md). "Secretary of State" is left to context (the UK's "Secretary of State for")."""
    rest = tuple(w for w in rest if w != "the")
    return any(rest[:len(k)] == k and k != ("state",) for k in US_DEPARTMENTS)


def _longest(keys: dict, seq: tuple[str, ...], start: int) -> tuple[int, str] | None:
    for n in range(min(5, len(seq) - start), 0, -1):
        v = keys.get(seq[start:start + n])
        if v is not None:
            return n, v
    return None


def _designate(seq: tuple[str, ...], k: int) -> bool:
    """A title followed by "-elect" / "designate": the office is not held yet."""
    rest = [w for w in seq[k:k + 2] if w != "-"]
    return bool(rest) and rest[0] in DESIGNATE_WORDS


def code_tokens(tokens, *, extra_country: list[Hit] | None = None, lexicon: Lexicon | None = None) -> PhraseCode:
    """Code a noun phrase given as tokens (determiners and punctuation are ignored)."""
    lex = lexicon or load()
    toks = [t for t in tokens if t.pos_ not in SKIP_POS or t.text in ("-", "/", "\u2013")
            or len(t.text) > 1 and t.text.isupper() and t.text.isalpha()]  # "WHO" tagged a pronoun
    pc = PhraseCode()
    if not toks:
        return pc
    acted_on = _acted_on_from(tokens)
    given = {(h.i, h.j) for h in extra_country or ()}  # the article's reading of a name comes first ("Georgia", a US state)
    hits = [h for h in scan(toks, lex) if h.entry.kind in COUNTRY_KINDS and not negated(h, toks) and h.i < acted_on
            and (h.i, h.j) not in given]
    hits += list(extra_country or [])
    in_hit = {k for h in hits for k in range(h.i, h.j)}
    seq = tuple(fold(t.text) for t in toks)
    lemmas = tuple(fold(t.lemma_) for t in toks)
    head = toks[-1]
    pc.head = lemmas[-1]
    # titles (offices) and sector words; the ones inside a gazetteer name do not count
    best_rank, k = None, 0
    while k < len(toks):
        if toks[k].i in in_hit:
            k += 1
            continue
        t = _longest(lex.titles, seq, k)
        if t and (_designate(seq, k + t[0]) or k > 0 and seq[k - 1] in DESIGNATE_BEFORE):
            pc.former = True  # "President-elect", "the incoming president": not in office yet
        elif t:
            pc.office = t[1]
        s = _longest(lex.sector_words, seq, k) or _longest(lex.sector_words, lemmas, k)
        if s and k >= 2 and seq[k - 1] == "-" and seq[k - 2] in NEGATING_PREFIXES:
            s = None  # "non-government sources"
        if s and seq[k + s[0] - 1] in PARTY_MEMBERS and not toks[k + s[0] - 1].text[:1].isupper():
            s = None  # "liberals", "conservatives": an outlook; "Liberals", "Republicans": a party's members
        if s and s[0] == 1 and seq[k] in lex.head_only and k < len(toks) - 1 and toks[k + 1].ent_type_ != "PERSON":
            s = None  # "General Services Administration": not the head, not before a name
        if s:
            rank = lex.sector_rank.get(s[1], 2)
            if best_rank is None or rank <= best_rank:
                pc.sector, pc.sector_word, best_rank = s[1], " ".join(seq[k:k + s[0]]), rank
        if seq[k] in lex.former_words or seq[k].startswith("ex-"):
            pc.former = True

        k += max((t or (1,))[0], (s or (1,))[0]) if (t or s) else 1
    if pc.office and not pc.sector:
        pc.sector = "GOV"
    own = lex.sector_words.get((seq[-1],))
    if seq[-1] in DOING_HEADS and own and pc.sector != own and lex.sector_rank.get(pc.sector, 2) > 0:
        pc.sector, pc.sector_word = own, seq[-1]  # "student protesters": protesters
    if seq[-1] in PORTFOLIO_HEADS and pc.sector in PORTFOLIO_SECTORS:
        pc.sector = "GOV"  # "the industry minister", "education ministry": the portfolio, not the sector
    head_word = seq[-1]
    plural = "Plur" in head.morph.get("Number") or head.tag_ in ("NNS", "NNPS")
    head_is_sector = ((head_word,) in lex.sector_words or (pc.head,) in lex.sector_words
                      or bool(pc.sector_word) and pc.sector_word.split()[-1] == head_word)  # "police force"
    if plural and (head_is_sector or head_word in lex.actor_nouns or pc.head in lex.actor_nouns):
        pc.head_kind = "group"
    elif pc.office or head_word in TITLE_HEADS:
        pc.head_kind = "title"
    elif head_word in lex.person_nouns or pc.head in lex.person_nouns:
        pc.head_kind = "person"
    elif head_is_sector:
        pc.head_kind = "group"
    elif head_word in lex.actor_nouns or pc.head in lex.actor_nouns:
        pc.head_kind = "actor"
    # the country: the first country-giving name; an organisation gives its sector only to its staff
    # a country named as the head itself comes first ("the Israeli-occupied West Bank" is the West Bank)
    for h in sorted(hits, key=lambda h: (not (h.entry.kind == "country" and h.i <= head.i < h.j), h.i)):
        code = h.entry.code
        if h.entry.kind in ("igo",) or code.startswith(("NGO", "IMG")):
            pc.country, pc.country_source = code, h.entry.kind
            break
        if code.startswith("---"):
            if not pc.sector and h.j > head.i:  # the organisation is the head itself
                pc.sector = code[3:]
            continue
        pc.country, pc.country_source = code[:3], h.entry.kind
        org_sector = code[3:]
        gives_sector = org_sector and (h.j > head.i or head_word in lex.staff_nouns or not pc.head_kind)
        if gives_sector and (not pc.sector or lex.sector_rank.get(org_sector, 2) < lex.sector_rank.get(pc.sector, 2)):
            pc.sector = org_sector
        break
    if pc.country and not pc.country.startswith(INTERNATIONAL) and not pc.sector and any(
            w in lex.staff_nouns for w, t in zip(seq, toks) if t.i not in in_hit):
        # "the Hong Kong director of Amnesty International": the organisation gives its staff a sector
        org = next((h.entry.code for h in hits if h.entry.kind == "org"
                    and h.entry.code[:3] in ("NGO", "---", pc.country)), "")
        pc.sector = org[:3] if org.startswith("NGO") else org[3:]
    if not pc.country and pc.sector == "GOV":
        for n in range(len(seq) - 1):  # "of" is not in seq
            if seq[n] == "secretary" and n + 1 < len(toks) and toks[n + 1].i > toks[n].i + 1 \
                    and fold(toks[n].doc[toks[n].i + 1].text) == "of" and _us_portfolio(seq[n + 1:]):
                pc.country, pc.country_source = "USA", "title"  # "Elaine Chao, the Secretary of Transportation"
                break
    title = next((t for t in TERRITORY_TITLES for n in range(len(seq)) if seq[n:n + len(t)] == t), ())
    if title and not pc.sector and pc.country_source == "country" and all(
            w in title or w in ("'s", "’s", "of") for w, t in zip(seq, toks) if t.i not in in_hit):
        pc.sector = "GOV"  # "Hong Kong Chief Executive": a territory's head of government, not a company's
    pc.countries = hits
    return pc
