"""Actor recognition, coreference and coding (see steps/actors.py for the step).

`build_actors(article)` finds every actor of a parsed article; `resolve(article, start, end)` says
which actor a span of its text refers to, for the quote and event steps; `load_user_actors(path)`
adds a user's own CSV of actors (see user.py) to the shipped data.
"""
from __future__ import annotations

from bisect import bisect_right

from ..models import Actor, Article, Mention
from .builder import Builder, Cluster, build_actors
from .coding import public_code
from .gender import PRONOUN_GENDER, person_gender
from .lexicon import fold, load
from .user import UserActorsError, load_user_actors, reset_user_actors

__all__ = ["UserActorsError", "build_actors", "load_user_actors", "reset_user_actors", "resolve"]

# Pronoun classes (lexicon.json "pronouns") and the actor types each may refer to.
PRONOUN_TYPES = {"PER": ("PER",), "ORG": ("GPE", "ORG", "GRP"), "GRP": ("GRP", "GPE", "ORG")}
# Dependency labels of a subject: pronouns prefer an antecedent that was a subject.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# How many sentences back a subject antecedent is looked for.
PRONOUN_LOOKBACK = 2
# Mentions that name or title a person (a "nominal" only describes one: "a suspect").
NAMED_KINDS = frozenset({"name", "surname", "title"})
# Possessive forms: "his", "their" before a noun are no object of a verb.
PRONOUN_POSSESSIVES = frozenset({"his", "its", "their", "theirs", "hers", "our", "my"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "our", "us", "ours", "myself", "ourselves"})
# Dependency labels of an object pronoun ("urged him", "told her", "spoke to them"): it names someone
# other than its own clause's subject, and prefers someone named earlier in its own sentence.
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "pobj"})
# Plural pronouns prefer a group or an organisation to a place (GPE) of the same rank ("thousands of
# Hong Kong protesters gathered around Hong Kong's police complex as they chanted").
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
# Quantity words before "of" whose subject role passes to the group after it ("thousands of
# protesters gathered", "some of the rebels said").
QUANTITY_WORDS = frozenset({"some", "many", "most", "all", "several", "few", "dozens", "hundreds", "thousands",
                            "millions", "scores", "tens", "majority", "number", "hundred", "thousand"})


def _is_subject(span) -> bool:
    """The mention is a subject, or the apposition of one ("a spokesperson, Morgan Ortagus, said")."""
    root = span.root
    if root.dep_ in SUBJECT_DEPS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.dep_ in SUBJECT_DEPS:
        q = root.head.head  # "thousands of Hong Kong protesters gathered"
        return q.like_num or q.ent_type_ == "CARDINAL" or q.lower_ in QUANTITY_WORDS
    return root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS


def _clause_subjects(tok) -> set[int] | None:
    """For an object pronoun, the tokens heading the subject of its own verb (the verb it is the
    object of, or whose preposition it follows; a verb joined by "and" shares the first one's
    subject): "Other Republicans have broken with Trump and have urged him" -> {Republicans}. A
    non-reflexive object pronoun never names that subject. None when `tok` is no object of a verb."""
    if tok.dep_ not in OBJECT_DEPS:
        return None
    verb = tok.head.head if tok.dep_ == "pobj" else tok.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    while verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children) and verb.head.i != verb.i:
        verb = verb.head
    out: set[int] = set()
    for c in verb.children:
        if c.dep_ in SUBJECT_DEPS:
            out.update(t.i for t in c.conjuncts)
            out.add(c.i)
            out.update(a.i for a in c.children if a.dep_ == "appos")
    return out


def _sentence_starts(doc) -> list[int]:
    """The first character of each sentence of `doc`, kept in the Doc (reading doc.sents per pronoun is slow)."""
    got = doc.user_data.get("dyads_sentence_starts")
    if got is None:
        got = doc.user_data["dyads_sentence_starts"] = [s.start_char for s in doc.sents]
    return got


def _antecedent(article: Article, start: int, types: tuple[str, ...], pronoun: str = "") -> Actor | None:
    """The actor a pronoun at `start` refers to: the last subject of a fitting type in this or the
    previous PRONOUN_LOOKBACK sentences, else the last fitting mention at all. "he" and "she" skip
    persons of the other sex; outside that subject window a name or title beats a description. An
    object pronoun ("urged him") skips its own clause's subject and prefers a mention in its own
    sentence ("have broken with Trump and have urged him"); a plural one prefers a group to a place."""
    doc = article.doc
    starts = _sentence_starts(doc)
    n = bisect_right(starts, start)  # the sentences that begin at or before the pronoun
    window = starts[n - 1 - PRONOUN_LOOKBACK] if n > PRONOUN_LOOKBACK else 0
    want = PRONOUN_GENDER.get(pronoun, "")
    pron = doc.char_span(start, start + len(pronoun), alignment_mode="expand") if pronoun else None
    own = _clause_subjects(pron.root) if pron is not None and pronoun not in PRONOUN_POSSESSIVES else None
    here = starts[n - 1] if own is not None and n else len(article.text) + 1  # an object pronoun's own sentence
    own = own or set()
    best, best_key = None, (-1, -1, -1, -1, -1)
    for a in article.actors:
        if a.type not in types:
            continue
        sex = person_gender(a, article.text) if want else ""
        if sex and sex != want:
            continue
        group = int(not (pronoun in PLURAL_PRONOUNS and a.type == "GPE"))  # "they": not a place
        for m in a.mentions:
            if m.end > start or m.kind == "pronoun":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.i in own:
                continue  # "Trump urged him": not Trump
            subject = span is not None and _is_subject(span) and m.start >= window
            named = m.kind in NAMED_KINDS  # "Anne Sacoolas" rather than "a suspect" after her
            key = (int(m.start >= here), int(subject), group, 0 if subject else int(named), m.start)
            if key > best_key:
                best, best_key = a, key
    return best


def _builder_for(article: Article) -> Builder:
    """A builder that knows the article's actors as clusters (no work is redone)."""
    b = Builder(article)
    offices = article.extras.get("actor_offices", {})
    for a in article.actors:
        c = Cluster("A:" + a.id, a.name, a.type, code=a.code, role=a.role, source=a.source,
                    mentions=list(a.mentions), actor=a)
        c.offices = set(offices.get(a.id, ()))
        if a.type == "PER" and a.role:
            c.roles = [(r, None) for r in a.role.split(", ")]
        if a.type == "PER" and not c.offices:
            from .lexicon import lookup_holders, words
            c.holders = lookup_holders(b.lex, words(a.name), b.date) if " " in a.name else []
            c.offices = {h.office for h in c.holders if not b.date or h.in_office(b.date)}
        b.clusters[c.key] = c
    return b


def resolve(article: Article, start: int, end: int, *, add: bool = True) -> Actor | None:
    """The actor that the text span [start, end) refers to.

    Looks for an actor whose mention overlaps the span; pronouns resolve to the last fitting actor
    before them, titles to the person the article named with that office; a phrase no actor covers
    is coded on its own and, when `add` is true, added to `article.actors` as a new actor (with
    add=False it is returned coded but unattached, with id ""). None when the span names no actor.
    """
    found = article.actor_at(start, end)
    if found is not None or article.doc is None or start >= end:
        return found
    doc = article.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not span.text.strip():
        return None
    lex = load()
    text = fold(span.text.strip())
    if text in lex.pronouns:
        if text in FIRST_PERSON:
            return None
        a = _antecedent(article, start, PRONOUN_TYPES[lex.pronouns[text]], text)
        if a is not None and add:
            a.mentions.append(Mention(span.text, span.start_char, span.end_char, "pronoun"))
            a.mentions.sort(key=lambda m: m.start)
        return a
    b = _builder_for(article)
    i, j = span.start, span.end
    c = b.phrase(i, j, [])
    if c is None:
        hits = [h for h in b.hits if i <= h.i and h.j <= j]
        if not hits:
            return None
        b._name_hit(max(hits, key=lambda h: h.j - h.i))
        c = next((c for c in b.clusters.values() if c.actor is None and c.mentions), None)
        if c is None:
            return None
        if c.key.startswith("K:") and not c.code.endswith("GOV"):
            c.code += "GOV"  # a capital named as a source or target is its government
    if c.actor is not None:
        if add:
            new = [m for m in c.mentions if m not in c.actor.mentions]
            c.actor.mentions.extend(new)
            c.actor.mentions.sort(key=lambda m: m.start)
        return c.actor
    if c.type == "PER" and not c.code:
        b._code_person(c)
    code = public_code(c.code) or "---"
    same = next((a for a in article.actors if a.name == c.name and a.code == code), None)
    if same is not None:  # "the US" again, away from the mentions the step found
        if add:
            same.mentions.extend(m for m in c.mentions if m not in same.mentions)
            same.mentions.sort(key=lambda m: m.start)
        return same
    ids = [int(a.id[1:]) for a in article.actors if a.id[1:].isdigit()]
    actor = Actor(id=f"a{max(ids, default=0) + 1}" if add else "", name=c.name, code=code, type=c.type,
                  role=c.role, source=c.source, mentions=sorted(c.mentions, key=lambda m: m.start))
    if add:
        article.actors.append(actor)
    return actor
