"""Words that introduce, attribute or disqualify quoted speech (lemmas, lower case).

Compiled for this project from common English news usage of reporting verbs.
"""
from __future__ import annotations

import re

# Verbs that attribute speech or writing to their subject: `X said "..."`, `"...," X stressed`.
SPEECH_VERBS = frozenset(["say", "tell", "add", "stress", "warn", "deny", "insist", "claim", "announce", "note", "argue", "state", "explain", "allege", "confirm", "reiterate", "emphasize", "emphasise", "assert", "suggest", "acknowledge", "admit", "report", "declare", "maintain", "predict", "promise", "vow", "pledge", "threaten", "urge", "caution", "write", "tweet", "post", "comment", "remark", "reply", "respond", "retort", "answer", "ask", "question", "observe", "conclude", "continue", "describe", "characterize", "characterise", "call", "cite", "complain", "concede", "contend", "counter", "demand", "disclose", "estimate", "exclaim", "inform", "mention", "quip", "recall", "recount", "reveal", "shout", "speak", "testify", "yell", "underline", "underscore", "accuse", "criticize", "criticise", "condemn", "blame", "hail", "praise", "welcome", "lament", "boast", "brag", "concur", "dismiss", "rule", "read", "agree", "disagree", "indicate", "point", "protest", "reject", "inform", "assure", "advise", "announce", "proclaim", "whisper", "joke", "muse"])
# Verbs that only introduce speech with their particle: "pointed out" ("went on to say" is found
# through "say").
PARTICLE_CUES = {"point": "out"}
# Of these, the ones that take a reported clause (`X said that ...`): used for indirect quotes.
REPORTING_VERBS = frozenset(["say", "tell", "add", "stress", "warn", "deny", "insist", "claim", "announce", "note", "argue", "state", "explain", "allege", "confirm", "reiterate", "emphasize", "emphasise", "assert", "suggest", "acknowledge", "admit", "report", "declare", "maintain", "predict", "promise", "vow", "pledge", "threaten", "caution", "write", "tweet", "post", "comment", "remark", "reply", "respond", "retort", "answer", "observe", "conclude", "contend", "counter", "disclose", "estimate", "inform", "mention", "reveal", "testify", "underline", "underscore", "concede", "complain", "recall", "indicate", "point", "assure", "proclaim"])
# "according to X" (X is the source), and what stands in the text as its cue.
ACCORDING = ("according", "to")
ACCORDING_CUE = "according to"
# Nouns for a written text that "says" something for whoever issued it: `a statement which said`.
DOCUMENT_NOUNS = frozenset(["statement", "letter", "report", "tweet", "post", "message", "release", "communique", "communiqué", "memo", "note", "notice", "document", "filing", "complaint", "ruling", "resolution", "declaration", "announcement", "text", "email", "e-mail"])
# "the statement" refers back to a statement issued this many sentences before, at most.
DOCUMENT_LOOKBACK = 4
# Determiners of a document noun that points back to one already mentioned ("read the statement").
DEFINITE_DETERMINERS = frozenset(["the", "this", "that"])
# Verbs that give a name, not speech: `a website known as "..."`, `named the virus "..."`.
NAMING_VERBS = frozenset(["name", "dub", "term", "title", "entitle", "christen", "nickname", "rename", "label", "brand", "know"])
# How far up the parse from the quoted words a naming verb may stand (a speech verb on the way stops).
NAMING_VERB_REACH = 4
# The links that path may follow (object, relative clause, complement), not adverbial clauses.
NAMING_PATH_DEPS = frozenset(["dobj", "ccomp", "relcl", "oprd", "attr", "pobj", "prep", "appos", "npadvmod", "nsubj"])
# Words right before the opening mark that make the quoted words a label: the so-called "2+2" talks.
LABEL_PREFIXES = ("so-called", "so called", "dubbed", "nicknamed", "titled", "entitled", "known as",
                  "slogan", "hashtag", "headlined", "headline")
# Verbs that name when they modify a noun (`a website called "..."`) but report speech when they
# have a subject (`the Times called it "..."`).
NAMING_PARTICIPLES = frozenset(["call", "name", "term", "dub", "label", "brand"])
# A name standing alone before a colon, headline style (`Lavrov: "..."`), has at most this many tokens.
MAX_COLON_NAME_TOKENS = 6
# A headline that ends with the speaker's name after a dash: `'No Cold War' with the US – Lavrov`.
HEADLINE_DASH = re.compile(r"\s[\u2013\u2014-]\s*([^\s.!?][^.!?\n]{0,60}?)\s*$")
# Fewest words for a quoted span to be a quote on its own; shorter spans are scare quotes, or
# "mixed" when they sit in someone's reported speech.
MIN_DIRECT_WORDS = 3
# A quoted span of this many capitalised words or fewer, inside a sentence, is a title; with a full
# stop inside the marks only up to the second number.
MAX_TITLE_WORDS = 8
MAX_TITLE_WORDS_WITH_STOP = 6
# Small words that may stay lower case in a title ("Gone with the Wind").
TITLE_SMALL_WORDS = frozenset(["a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as", "vs", "v"])
# Punctuation that may end a quote followed by its attribution: `"...," he said`, `"...?" she asked`.
ATTRIBUTION_FOLLOWS = ",;?!\u2014\u2013-\u2026:"
# How many tokens may stand between a closing mark and the cue verb after it (`"...," Hong Kong
# director of Amnesty International Man-kei Tam said`).
MAX_AFTER_TOKENS = 14
# Subject dependency labels (spaCy English).
SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
# Where a cue verb without its own subject borrows one from the verb it hangs from.
CONTROL_DEPS = ("advcl", "xcomp", "conj", "pcomp", "acl", "ccomp", "prep")
# Relative pronouns: `the minister, who said ...` -> the minister.
RELATIVE_PRONOUNS = frozenset(["who", "which", "that", "whom"])
