"""Words that look like an actor or an act and are neither (read by matcher.py and steps/events.py): relatives
who speak for no office, purposes that 'urge', the speaker's own side that 'must', and clauses that claim
rather than demand, and doers of force that are no actors (a disease, a storm, a car)."""
from __future__ import annotations

from spacy.tokens import Token

from . import grammar as g

# "his wife Bernadette said ...": someone named by a family tie, not an office
KIN_NOUNS = {"wife", "husband", "mother", "father", "son", "daughter", "brother", "sister", "fiancée", "fiancee",
             "fiancé", "widow", "widower", "parent", "grandmother", "grandfather", "relative", "spouse", "girlfriend",
             "boyfriend", "uncle", "aunt", "cousin", "niece", "nephew"}
# "One of the stated goals of AfCFTA is to encourage trade": a purpose does not act
PURPOSE_NOUNS = {"goal", "aim", "purpose", "objective", "intention", "intent", "point", "idea"}
PART_WORDS = {"one", "some", "part", "another"}
# "'We must get Brexit done,' he said": what the speaker's own side must do is no demand of anyone
SELF_WORDS = {"we", "us", "i", "me", "our"}
INDICATIVE_TAGS = {"VBD", "VBZ"}  # past or third-person present: told, not asked for

# Acts of force need a doer that can act politically: not a disease, a storm or a car ("SARS-CoV-2 has killed
# ...", "was struck by a Volvo driving on the wrong side of the road" are no events).
NON_AGENT_ROOTS = {"18", "19", "20"}
NON_AGENT_WORDS = {"virus", "coronavirus", "sars", "covid", "covid-19", "disease", "pandemic", "epidemic",
                   "outbreak", "flu", "influenza", "ebola", "cholera", "measles", "storm", "hurricane", "typhoon",
                   "cyclone", "tornado", "earthquake", "quake", "tsunami", "flood", "flooding", "landslide",
                   "avalanche", "wildfire", "lightning", "heatwave", "car", "vehicle", "truck", "lorry", "bus",
                   "train", "van", "motorcycle", "accident", "crash", "collision", "driver"}
WEAPON_CUES = {"bomb", "bombing", "bomber", "blast", "explosion", "explosive", "attack", "attacker", "ramming"}

# "we still need to fight for co-adoption rights", "they were fighting corruption", "vowed to keep fighting the
# good fight with court cases": a fight whose objects (its object, what it is for or against) name no one is a
# campaign, not force. "fought the rebels", "fighting for Assad" name a party (a name, a pronoun, these nouns).
FIGHT_VERBS, FIGHT_PREPS = {"fight", "battle"}, ("for", "against")
FOE_ENTS = {"NORP", "GPE", "ORG", "PERSON", "FAC"}
FOE_NOUNS = {"troop", "force", "soldier", "army", "military", "rebel", "insurgent", "militant", "fighter", "militia",
             "jihadist", "terrorist", "extremist", "separatist", "guerrilla", "enemy", "regime", "government",
             "police", "policeman", "officer", "invader", "occupier", "gang", "group", "faction", "tribe", "clan",
             "protester", "demonstrator", "rioter", "man", "people", "civilian", "neighbour", "neighbor", "unit"}
# "fought a war over Nagorno-Karabakh", "fought a bloody battle": a war fought is force, unless it is a fight in
# words or courts ("a legal battle").
WAR_NOUNS = {"war", "battle", "civil war", "conflict", "skirmish", "insurgency", "guerrilla war"}
NOT_WAR_MODS = {"legal", "political", "court", "judicial", "electoral", "culture", "public relations", "uphill"}


def kin(t: Token) -> bool:
    """'his wife Bernadette', 'the victim's mother'."""
    lo, hi = g.core_span(t)
    return bool({g.lemma(x) for x in t.doc[lo:hi]} & KIN_NOUNS)


def purpose(t: Token) -> bool:
    """'the goal', 'one of the aims (of the treaty)'."""
    if t.lower_ in PART_WORDS and (of := g.preps_of(t, ("of",))):
        t = of[0]
    return t.pos_ == "NOUN" and g.lemma(t) in PURPOSE_NOUNS


def self_word(t: Token) -> bool:
    """'we', 'us', '[W]e' (a quote's bracketed capital); not 'US', the country."""
    bare = t.lower_.replace("[", "").replace("]", "")
    return (t.pos_ == "PRON" or bare != t.lower_) and bare in SELF_WORDS


def indicative(verb: Token) -> bool:
    """'(insisted) she made / was / has been': a clause that tells what is or was, in a tense that shows it
    ("(insisted) that the budget include" is a subjunctive, "that Iran must stop" an obligation)."""
    if g.obligation(verb):
        return False
    aux = [x for x in verb.children if x.dep_ in ("aux", "auxpass")]
    return any(x.tag_ in INDICATIVE_TAGS for x in aux) or not aux and verb.tag_ in INDICATIVE_TAGS


def non_agent(t: Token) -> bool:
    """A disease, a force of nature or a vehicle (one 'driving on the wrong side of the road')."""
    lo, hi = g.core_span(t)
    words = {w for x in t.doc[lo:hi] for w in g.lemmas(x) | set(x.lower_.split("-"))}
    if words & WEAPON_CUES:  # "a Kabul car bombing killed five"
        return False
    return bool(words & NON_AGENT_WORDS) or any(c.dep_ == "acl" and g.lemma(c) == "drive" for c in t.children)


def figurative_fight(verb: Token) -> bool:
    """'fight for rights', 'fighting corruption', 'fight the good fight': see FIGHT_VERBS."""
    if not g.lemmas(verb) & FIGHT_VERBS:
        return False
    named = [c for c in verb.children if c.dep_ == "dobj"] + g.preps_of(verb, FIGHT_PREPS)
    return bool(named) and not any(x.ent_type_ in FOE_ENTS or x.pos_ in ("PROPN", "PRON") or g.lemmas(x) & FOE_NOUNS
                                   or g.lemmas(x) & WAR_NOUNS and not any(g.lemma(m) in NOT_WAR_MODS for m in x.children)
                                   for n in named for x in g.conjuncts(n))
