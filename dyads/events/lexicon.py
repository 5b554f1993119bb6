"""Word lists of the role readers (roles.py, matcher.py): which words name whom, written for this project
from the CAMEO 1.1b3 codebook and common news usage, and the two small word tests that use them."""
from __future__ import annotations

from spacy.tokens import Token

from . import grammar as g

# Embedded nominal acts whose author is the other party ("rejected [the US] offer / request").
PROPOSAL_ROOTS = {"02", "03", "10", "13"}
TIME_ENTS = {"DATE", "TIME"}
FALLBACK_DEPS = {"xcomp", "ccomp", "advcl"}
# rejections, threats, protests and bare intents name their target in the clause that follows
FALLBACK_ROOTS = {"03", "12", "13", "14"}
# "declined to resign despite pressure by X", "threw stones during demonstrations against X"
FALLBACK_PREPS = {"in", "against", "over", "to", "for", "despite", "during"}
# Entity types that can stand for an actor inside a noun phrase ("US sanctions", "Israeli raids").
ACTOR_ENTS = {"NORP", "GPE", "ORG", "PERSON", "FAC"}
# Nouns whose national adjective names a culture, not a party ("restrictions on the [Russian] language").
CULTURE_NOUNS = {"language", "languages", "culture", "tradition", "heritage", "literature", "music", "cuisine",
                 "alphabet", "script", "dialect", "descent", "origin", "ancestry", "folklore", "art"}
# "blocked streets in Hong Kong [in defiance of] Chinese authorities": a phrase that says whom a hostile act
# answers; its object comes before the other targets (a place the act happened in included).
STANCE_NOUNS = {"defiance", "protest", "opposition", "retaliation", "revenge", "reprisal", "retribution"}
STANCE_PREPS = {"of", "against", "to", "at", "for"}
STANCE_ROOTS = {"10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"}
STANCE_FIRST_ROOTS = {"10", "11", "12", "13", "14"}  # words and protest answer someone; force strikes a target
# "dispatched inspectors to the plant [in] central Iran", "sent personnel to Bosnia to investigate": the
# place the sent are sent to (after the destination itself), and the destination of an act done there.
SEND_VERBS = {"send", "dispatch", "despatch", "deploy", "airlift", "ship", "station"}
# "committing to send more troops to Saudi Arabia", "will deploy soldiers in Mali": forces that one promises
# to send to (or in) a country, not against, near or along one, go to its side: an intent to give military
# protection (CAMEO 0334), not a threat. "threatened to send troops" stays a threat (the threat frame).
SENT_TO_ROOTS, SENT_TO_PREPS, SENT_TO_CODE = {"15"}, ("to", "in"), "0334"
SENT_AGAINST_PREPS = ("against", "near", "along", "into", "on", "toward", "towards")
# "they both offer flights to Cuban cities", "offering free toilet paper", "offered honest services": a thing
# offered (no act the patterns code) is an intent to cooperate only when the verb names whom it is offered to
# ("offered Ukraine a discount", "offered help to Italy"); who is named inside the thing receives nothing.
THING_OFFER_VERBS, RECIPIENT_PREPS = {"offer"}, ("to", "for")
# Acts of force aim at whoever an "against" phrase below their object names ("trained hackers capable of
# launching cyber warfare [against] the United States"), after the nearer targets.
DEEP_AGAINST_ROOTS = {"15", "16", "17", "18", "19", "20"}
# "traveled to New York [for] the UN General Assembly": a visit made for a meeting or to an organisation's
# gathering is to the meeting; the city that hosts it only says where.
VISIT_CODES, MEETING_NOUNS = {"042"}, {"summit", "conference", "assembly", "meeting", "session", "talks",
                                        "forum", "congress", "convention", "ceremony", "funeral", "games"}
# Nouns of acts done to a person whose owner, with no "of" phrase, is the one it is done to: "his murder",
# "Khashoggi's killing", "Navalny's arrest" (but "the United States' killing of Soleimani": the doer).
PATIENT_OWNER_NOUNS = {"murder", "killing", "assassination", "execution", "arrest", "detention", "abduction",
                       "kidnapping", "imprisonment", "torture", "disappearance", "deportation", "extradition"}
# "Saudi agents were [responsible] for his murder": whoever is responsible for (or to blame for) an act did it.
RESPONSIBLE_WORDS = {"responsible", "blame", "culpable", "accountable"}
# "Trump came under scrutiny from both parties", "the plan drew criticism from Germany", "she received threats":
# a noun act that the subject of these verbs receives is done to that subject, by whom "from" names.
RECEIVE_VERBS = {"face", "draw", "receive", "attract", "earn", "incur", "suffer", "endure", "get"}
RECEIVE_PREPS = {("come", "under"), ("meet", "with"), ("be", "under")}
# Nouns that describe a person by a stance, whose holder is the one described ("X was an [opponent] of Y").
DESCRIBED_NOUNS, COPULAS = {"critic", "opponent"}, {"be", "become", "remain"}
# "the [United States]-led Iraq War": who leads or backs what the noun names.
LEADER_WORDS = {"led", "backed", "sponsored", "supported", "brokered"}
# Verbs that tell of an act without owning it: "Reuters reported Monday's attack", and "a statement saying an
# attack ... produced no casualties" (a clause misread as the verb's object).
TELLING_VERBS = {"say", "tell", "report", "write", "describe", "recount", "relay", "note", "mention"}
# Pronouns that never stand for a person ("Oramah said the use of dollars ... [it] reduces trade").
THING_PRONOUNS = {"it", "its", "itself"}
# Verbs whose object says what their subject (a demand, an offer) consists of.
CONTENT_VERBS = {"include", "be"}
# Verbs of phase that pass a frame through to the act they govern ("prepared to resume shelling"); verbs
# that end an act ("stop", "cease") turn it around and are not among them.
ASPECT_VERBS = {"resume", "continue", "begin", "start", "keep", "restart", "commence", "go on"}
# "let's" (and a subjectless "let us"): the first person plural imperative proposes; it grants no permission.
HORTATIVE = {"'s", "’s"}
# Verbs that, with nothing declined, mean a fall ("the party has declined since 1933"), not a refusal.
FALL_SENSE = {"decline"}
PERSONAL_PRONOUNS = {"i", "we", "you", "he", "she", "they"}
# Roots whose nominal events stand without a target ("a hunger strike", "his resignation").
NO_TARGET_NOUN_ROOTS = {"01", "08", "14", "15"}
# "The protesters' demands include ...", "the demands of the opposition": a demand noun owned by its maker,
# naming no one, is made of whom the context says (dyads/events/context.py) or dropped.
OWNED_DEMAND_ROOTS = {"10"}
# "wrote to the US Embassy asking to waive ...", "turned to the UN asking for help": an appeal or demand in
# a participle with no object of its own is addressed to whom the verb it hangs on writes or turns to.
ADDRESS_VERBS = {"write", "send", "turn", "appeal", "petition", "reach out", "go", "submit", "travel", "fly"}
ADDRESS_ROOTS = {"02", "10"}
# "gathered around [Hong Kong's] police complex, blocking the exits as they threw eggs": a protest held at a
# body's building (of the clause it hangs on, up to SITE_DEPTH clauses up) presses the building's owner.
SITE_PREPS, SITE_DEPTH = {"around", "outside", "at", "near", "surrounding"}, 3


def receiver_verb(n: Token) -> Token | None:
    """The verb whose subject receives the act noun `n` ("faced criticism", "came under scrutiny"), or None."""
    h = n.head
    if n.dep_ == "dobj" and g.is_verbal(h) and g.lemma(h) in RECEIVE_VERBS:
        return h
    if (n.dep_ == "pobj" and h.dep_ == "prep" and g.is_verbal(h.head)
            and (g.lemma(h.head), h.lower_) in RECEIVE_PREPS):
        return h.head
    return None


def patient_owner(n: Token) -> bool:
    """The owner of noun `n` is the one its act is done to: "his murder", not "Israel's killing of X"."""
    return g.lemma(n) in PATIENT_OWNER_NOUNS and not any(
        c.dep_ == "prep" and c.lower_ == "of" for c in n.children)
