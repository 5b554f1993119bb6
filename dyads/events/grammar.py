"""Reading roles off a spaCy dependency parse: subjects, objects, negation, mode, noun phrase spans."""
from __future__ import annotations

from spacy.tokens import Span, Token

from . import repairs  # (repairs reads this module only when called)

SUBJ = {"nsubj", "csubj", "expl"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "obj", "attr", "oprd"}
# Modifiers that belong to a noun phrase's core ("the [Russian] [Foreign] Minister['s]").
NP_CORE = {"det", "amod", "compound", "poss", "case", "nummod", "nmod", "flat", "quantmod", "predet",
           "punct"}
# Dependents left out of a noun phrase's full span.
NP_CUT = {"relcl", "acl", "appos", "conj", "cc", "advcl", "punct", "parataxis"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "'d", "ought"}
ABILITY_AUX = {"can", "ca"}
OBLIGATION_AUX = {"must", "should", "ought"}
DEMAND_AUX = {"must"}
NEGATORS = {"not", "n't", "never", "no", "neither", "nor"}
PRONOUNS = {"it", "he", "she", "they", "we", "i", "its", "their", "his", "her", "our", "them", "him", "us"}
# Pronouns of one third person: they may stand for a person of the speaker's own country named just before.
PERSON_PRONOUNS = {"he", "him", "his", "she", "her"}
CONDITIONAL_MARKS = {"if", "unless"}
UNREAL_AUX = {"would", "could", "might", "'d"}  # in a relative clause: what the thing would do, not an act


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def lemmas(tok: Token) -> set[str]:
    """The lemma, the word, and for inflected verbs and plural nouns the stems English spelling allows
    (the statistical lemmatizer sometimes misses: "staged" -> "stag")."""
    low = tok.lower_
    out = {tok.lemma_.lower(), low}
    tag = tok.tag_
    if tag in ("VBD", "VBN", "VBZ", "VBG", "NNS"):
        for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""),
                             ("ing", ""), ("ing", "e"), ("d", "")):
            if low.endswith(suffix) and len(low) - len(suffix) >= 3:
                stem = low[: -len(suffix)] + repl
                out.add(stem)
                if len(stem) > 3 and stem[-1] == stem[-2] and not repl:  # "stopped" -> "stop"
                    out.add(stem[:-1])
    return out


def is_verbal(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB"))


def _same(a: Token | None, b: Token) -> bool:
    return a is not None and a.i == b.i


def conjuncts(tok: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("Lavrov and Kerry"), less repaired subjects."""
    out = [tok]
    if tok.dep_ == "conj" and repairs.is_fronted_subject(tok):  # not the nouns of the phrase it was read into
        return out + [c for c in tok.conjuncts if c.i > tok.i]
    if tok.i + 1 < len(tok.doc) and _same(repairs.absolute_subject(tok.doc[tok.i + 1]), tok):
        return out
    for c in tok.conjuncts:
        if c.i != tok.i and not (c.i + 1 < len(c.doc) and _same(repairs.absolute_subject(c.doc[c.i + 1]), c)):
            out.append(c)
    return out


# Modifiers that name whose a noun is ("[U.S.] and [Russian] negotiators": two actors).
OWNER_MODS = {"amod", "nmod", "compound"}
OWNER_ENTS = {"NORP", "GPE"}


def coordinated_owners(tok: Token) -> list[Token]:
    """'U.S. and Russian negotiators', 'Hungarian and Romanian officials': the coordinated modifiers that
    each make the noun another actor; [] when the noun has one owner."""
    for c in tok.children:
        if c.dep_ in OWNER_MODS and c.ent_type_ in OWNER_ENTS and c.i < tok.i:
            conj = [x for x in c.conjuncts if x.ent_type_ in OWNER_ENTS and x.i < tok.i]
            if conj:
                return sorted([c, *conj], key=lambda t: t.i)
    return []


# Participles and adjectives that tie a group to the actor it belongs to ("fighters loyal to X").
AFFILIATION_WORDS = {"affiliate", "affiliated", "loyal", "link", "linked", "belong", "belonging", "ally",
                     "allied", "aligned", "attach", "attached", "tie", "tied", "connect", "connected"}


def affiliates(tok: Token) -> list[Token]:
    """'workers affiliated with the union', 'militants loyal to X': the actor the group belongs to."""
    out = []
    for c in tok.children:
        if c.dep_ in ("acl", "amod") and c.i > tok.i and lemmas(c) & AFFILIATION_WORDS:
            out += [x for p in c.children if p.dep_ == "prep" for x in p.children if x.dep_ == "pobj"]
    return out


def of_whom(tok: Token) -> list[Token]:
    """'the military government of [President Avril]', 'thousands of [Palestinians]': the owner of a common
    noun that names no one itself (a later alternative: the step takes the first that names an actor)."""
    if tok.pos_ != "NOUN" or tok.ent_type_:
        return []
    return [x for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for x in c.children if x.dep_ == "pobj"]


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)


def preps_of(tok: Token, names) -> list[Token]:
    """Objects of the prepositions `names` under `tok` ("meeting [with] Kerry" -> Kerry), in the order
    of `names` when it is a list or tuple (the likelier target first)."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ in names:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")] or raised_object(c)
            if not objs and c.i + 1 < len(c.doc):
                # misparse: "asylum to [five officers] holed up in ...": the object read as the subject
                # of the clause that follows the preposition (the subject whose phrase starts just after it)
                objs = [x for x in c.doc[c.i + 1].ancestors if x.dep_ in SUBJ | PASS_SUBJ
                        and x.left_edge.i == c.i + 1][:1]
                if c.doc[c.i + 1].dep_ in SUBJ | PASS_SUBJ:
                    objs = [c.doc[c.i + 1]]
            out += objs
        elif c.dep_ == "prt" and c.lower_ in names:
            # "called on X": the particle's object sometimes hangs off the verb as dobj
            out += [g for g in tok.children if g.dep_ == "dobj"]
    if isinstance(names, (list, tuple)):
        order = {n: i for i, n in enumerate(names)}
        out.sort(key=lambda t: order.get(t.head.lower_, len(order)))
    return out


def raised_object(prep: Token) -> list[Token]:
    """'established ties [with] and opened an embassy in [Tehran]': a preposition left without its object
    before 'and'/'or' shares the object that ends the coordinated phrase (right-node raising)."""
    doc = prep.doc
    if prep.i + 2 >= len(doc) or doc[prep.i + 1].lower_ not in ("and", "or") or doc[prep.i + 1].dep_ != "cc":
        return []
    conj = [x for x in doc[prep.i + 1].head.children if x.dep_ == "conj" and x.i > prep.i + 1]
    if not conj:
        return []
    end = conj[0].right_edge
    while end.is_punct and end.i > conj[0].i:
        end = doc[end.i - 1]
    return [end] if end.dep_ in ("pobj", "dobj") and end.pos_ in ("NOUN", "PROPN") else []


def agent_of(verb: Token) -> list[Token]:
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


RELATIVE_TAGS = {"WP", "WDT"}
# Documents and speech acts that speak for whoever issued them ("issued a declaration demanding ...").
SPEECH_NOUNS = {"declaration", "statement", "letter", "resolution", "communique", "communiqué", "note",
                "message", "decree", "report", "announcement", "appeal", "ultimatum", "order", "reminder"}
# "its partners" are others; "its troops" are its own (see matcher._alternatives).
RELATIONAL_NOUNS = {"partner", "ally", "neighbor", "neighbour", "counterpart", "rival", "enemy", "opponent",
                    "foe", "friend", "critic", "adversary", "creditor", "donor", "host"}
# Verbs that only carry a noun that names the action ("held talks", "imposed sanctions").
LIGHT_VERBS = {"hold", "have", "conduct", "launch", "begin", "start", "stage", "carry", "make", "pay",
               "undertake", "mount", "impose", "issue", "lodge", "file", "give", "extend", "offer", "sign",
               "announce", "declare", "order", "resume", "renew", "continue", "open", "reach", "express",
               "voice", "deliver", "send", "take", "complete", "organize", "organise", "step", "end",
               "break", "call", "plan", "seek", "lead", "join", "initiate", "wage", "press", "post",
               "reiterate", "repeat", "confirm", "approve", "accept", "reject", "unveil", "propose",
               "speed", "accelerate", "finish", "halt", "suspend", "intensify", "escalate",
               "increase", "expand", "deepen", "boost", "strengthen", "broaden", "enhance", "commit",
               "perpetrate"}


# Verbs whose prepositional object names the action the subject takes part in.
ENGAGE_VERBS = {"engage", "involve", "participate", "take", "join", "persist", "resort", "continue"}


# "returned to Geneva for talks": the subject came for the talks.
MOTION_VERBS = {"come", "go", "return", "travel", "arrive", "fly", "gather", "head", "convene", "assemble"}


# Where an act happens, not whom it concerns: the object of a preposition of place ("set up a center [in]
# Tokyo"), or of one of direction after a verb of motion ("without returning [to] Kyrgyzstan").
LOCATIVE_PREPS = {"in", "at", "near", "around", "inside", "outside", "across", "throughout", "within", "along",
                  "off"}
DIRECTION_PREPS = {"to", "into", "from", "toward", "towards"}
PLACE_ENTS = {"GPE", "LOC", "FAC"}
PLACE_NOUNS = {"city", "capital", "town", "village", "region", "province", "district", "area", "territory",
               "border", "camp", "street", "square", "port", "island", "state", "country", "zone", "enclave"}
# Lines on the map "with" or "between" countries: "the border with Mexico" says where, it names no party.
BORDER_NOUNS = {"border", "frontier", "boundary", "coast", "bridge", "crossing", "checkpoint", "line"}
BORDER_PREPS = {"with", "between"}
# Links that keep a word inside the noun phrase of its head ("[south] Lebanon", "[Tokyo]'s Shinjuku district").
PHRASE_LINKS = {"compound", "appos", "poss", "amod", "nmod", "flat"}


def place_said_as_where(tok: Token, locative: bool = True) -> bool:
    """'agreed to set up a center in [Tokyo]', 'resign without returning to [Kyrgyzstan]': a place that
    says where (or whither) something happens; 'attacked [Kabul]', 'visited [Albania]' are not."""
    t = tok
    while t.dep_ in PHRASE_LINKS and t.head.i != t.i:
        t = t.head
    if t.dep_ != "pobj" or t.head.dep_ != "prep":
        return False
    if t.ent_type_ not in PLACE_ENTS and lemma(t) not in PLACE_NOUNS:
        return False
    p = t.head
    if p.lower_ in BORDER_PREPS and lemma(p.head) in BORDER_NOUNS:
        return True  # "villages near Macedonia's border [with] Bulgaria": a line on the map, not a party
    if p.lower_ in LOCATIVE_PREPS:
        return locative
    return p.lower_ in DIRECTION_PREPS and is_verbal(p.head) and bool(lemmas(p.head) & MOTION_VERBS)


def relative_head(tok: Token) -> Token:
    """'Carrie Lam, who is supported by ...': the relative pronoun stands for the noun it follows."""
    if tok.tag_ in RELATIVE_TAGS:
        verb = tok.head
        while verb.dep_ not in ("relcl", "acl") and verb.head.i != verb.i and verb.i != verb.head.i:
            if verb.dep_ in ("ROOT",):
                break
            verb = verb.head
        if verb.dep_ in ("relcl", "acl"):
            return verb.head
    return tok


def relative_antecedents(tok: Token) -> list[Token]:
    """The nouns a relative pronoun may stand for, nearest first: 'a coalition to patrol the Gulf [which] was
    joined by ...' -> the Gulf, then the coalition (the parser attaches a relative to the nearest noun; the
    phrase it ends may belong to a noun higher up)."""
    if tok.tag_ not in RELATIVE_TAGS:
        return []
    near = relative_head(tok)
    if near.i == tok.i:
        return []
    out = [near]
    t = near
    for _ in range(3):
        if t.dep_ not in ("dobj", "pobj") or t.head.i == t.i:
            break
        t = t.head if t.dep_ == "dobj" else t.head.head if t.head.dep_ == "prep" else t.head
        if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN"):
            out.append(t.head)
            break
    return out


def direct_subjects(verb: Token) -> list[Token]:
    return [relative_head(c) for c in verb.children if c.dep_ in SUBJ and c.lower_ not in ("there",)]


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The doer of `verb`: its subject, or the subject it shares (control, coordination, relatives)."""
    if depth > 6 or repairs.absolute_passive(verb):
        return []
    own = direct_subjects(verb)
    if own:
        misread = repairs.participle_subject(verb)
        return [misread] if misread is not None else own
    absolute = repairs.absolute_subject(verb)
    if absolute is not None:
        return [absolute]
    fronted = repairs.fronted_subject(verb)
    if fronted is not None:
        return [fronted]
    claimed = repairs.object_subject(verb)  # "claimed Iran, amongst others, is influencing ..."
    if claimed is not None:
        return [claimed]
    if is_passive(verb):
        return agent_of(verb)
    head = verb.head
    if head.i == verb.i:
        return []
    dep = verb.dep_
    if dep == "xcomp":
        # object control: "urged X to withdraw" -> X withdraws
        objs = [c for c in head.children if c.dep_ in ("dobj", "obj") and c.i < verb.i]
        return objs or subjects(head, depth + 1)
    if dep == "conj" and head.dep_ == "xcomp" and head.tag_ == "VB" and verb.tag_ in ("VBD", "VBZ") \
            and head.head.i != head.i:
        return subjects(head.head, depth + 1)  # "urged X to reconsider and spoke with Y": Y is told by the urger
    if dep == "conj" and is_verbal(head) and is_passive(head) and not is_passive(verb):
        return [c for c in head.children if c.dep_ in PASS_SUBJ]  # "was indicted ... and will resign"
    if dep in ("conj", "advcl", "pcomp") and is_verbal(head):
        return subjects(head, depth + 1)
    if dep == "pcomp" and head.dep_ == "prep" and is_verbal(head.head):
        return subjects(head.head, depth + 1)  # "resorted to throwing stones"
    if (dep == "pcomp" and head.dep_ == "prep" and head.head.dep_ in ("acomp", "attr")
            and is_verbal(head.head.head)):
        return subjects(head.head.head, depth + 1)  # "was more forceful in blaming Iran"
    if dep == "relcl":
        return [head]
    if dep == "acl" and verb.tag_ == "VBN" and agent_of(verb):
        return agent_of(verb)  # "the attack carried out [by Hamas]", "rockets fired [by Hezbollah]"
    if dep == "acl":
        # "Russia's decision to grant asylum" -> Russia; "militiamen armed with ..." -> militiamen;
        # "X issued a declaration demanding ..." -> X
        poss = [c for c in head.children if c.dep_ == "poss"]
        if poss:
            return poss
        if head.lemma_.lower() in SPEECH_NOUNS:
            verb = head.head if head.dep_ in ("dobj", "attr") else (
                head.head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else None)
            if verb is not None and is_verbal(verb):  # "voted on a resolution to expel ..."
                return subjects(verb, depth + 1)
        return [head]
    return []


def objects(verb: Token) -> list[Token]:
    own = [c for c in verb.children if c.dep_ in OBJ]
    return own or shifted_object(verb)


def shifted_object(verb: Token) -> list[Token]:
    """'denounced as an ugly crime [Serbia's suppression] of ...': an object moved after an 'as' phrase, which
    the parser hangs off that phrase's noun as an apposition (none where the verb has its own object)."""
    if not is_verbal(verb) or any(c.dep_ in OBJ for c in verb.children):
        return []
    # "condemned as illegal [the Israeli settlements]": an adjective before the object's determiner
    out = [x for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i
           for x in c.children if x.dep_ == "pobj" and any(
               d.dep_ == "det" and any(a.dep_ == "amod" and a.i < d.i for a in x.children) for d in x.children)]
    return out + [a for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i
            for x in c.children if x.dep_ == "pobj" for a in x.children
            if a.dep_ == "appos" and a.pos_ in ("NOUN", "PROPN") and a.left_edge.i > 0
            and not verb.doc[a.left_edge.i - 1].is_punct]  # "as its leader, X" is a true apposition


def dative(verb: Token) -> list[Token]:
    """The indirect object ("give Tanzania a grant", "asylum to X")."""
    out = []
    for c in verb.children:
        if c.dep_ == "dative":
            out += [g for g in c.children if g.dep_ == "pobj"] if c.pos_ == "ADP" else [c]
    return out


def negated(tok: Token) -> bool:
    # "refused to", "failed to" are frames (REJECT), not negation
    if any(c.dep_ == "neg" or (c.lower_ in NEGATORS and c.dep_ in ("advmod", "det", "preconj"))
           or (c.dep_ in SUBJ | PASS_SUBJ and is_verbal(tok) and any(  # "no troops were injured"
               d.dep_ == "det" and d.lower_ == "no" for d in c.children))
           or (c.dep_ == "dobj" and c.lower_ in ("nothing", "none"))  # "they have conceded nothing"
           for c in tok.children):
        return True
    # "did not concede or admit defeat": a bare verb joined by 'or' / 'nor' shares the negation and the
    # auxiliary of the first ("did not concede and admitted" does not: its verb has its own tense)
    return (tok.dep_ == "conj" and tok.tag_ == "VB" and tok.head.tag_ == "VB" and tok.head.i < tok.i
            and any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in tok.head.children)
            and not any(c.dep_ in SUBJ | PASS_SUBJ | {"aux", "auxpass"} for c in tok.children)
            and negated(tok.head))


def aux_words(verb: Token) -> list[str]:
    words = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    # "is going to attack", "plans to" handled by frames
    if verb.dep_ == "xcomp" and verb.head.lemma_ == "go" and verb.head.tag_ == "VBG":
        words.append("will")
    return words


def mode_of(verb: Token) -> str:
    """PLOVER-style mode: '' (asserted), 'future', 'hypothetical' (modal or conditional)."""
    aux = aux_words(verb)
    if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in verb.children):
        return "hypothetical"
    if any(a in FUTURE_AUX for a in aux):
        return "future"
    if any(a in HYPOTHETICAL_AUX for a in aux):
        return "hypothetical"
    return ""


def conditional_clause(tok: Token) -> list[Token]:
    """The 'unless ...' / 'if ...' clauses under `tok` ("will boycott the vote unless the president resigns")."""
    return [x for x in tok.subtree if x.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS for m in x.children)]


def supposed(tok: Token) -> bool:
    """'if we can't resolve it', 'unless the president resigns', '(if you're asking me) if I'm forgiving her': an act
    only supposed or asked about, inside an 'if' / 'unless' clause (a relative clause in it still tells a fact)."""
    for node in [tok, *tok.ancestors]:
        # not "thousands if not tens of thousands (were killed)", where 'if not' concedes a larger figure
        if node.dep_ in ("advcl", "ccomp") and any(
                m.dep_ == "mark" and m.lower_ in CONDITIONAL_MARKS
                and not (m.i + 1 < len(m.doc) and m.nbor(1).lower_ == "not") for m in node.children):
            return True
        if set(aux_words(node)) & UNREAL_AUX and (node.dep_ == "relcl" or any(
                c.dep_ in SUBJ and c.tag_ in ("WDT", "WP") for c in node.children)):
            # "the bill, which would have allowed China to extradite ...", "an emergency, which he said would
            # allow him to ...": what a thing would do
            return True
        if node.dep_ in ("relcl", "acl"):
            return False
    return False


def obligation(verb: Token) -> bool:
    """'X must/should do': the clause states what someone ought to do."""
    aux = aux_words(verb)
    if any(a in OBLIGATION_AUX for a in aux):
        return True
    # "X has to / needs to do"
    return verb.dep_ == "xcomp" and verb.head.lemma_ in ("have", "need") and not direct_subjects(verb)


# Words that make a clause a question ("asked why ...", "asked whether ...").
QUESTION_TAGS = {"WRB", "WP", "WDT", "WP$"}
QUESTION_MARKS = {"whether", "if"}


def question(verb: Token) -> bool:
    """'(asked) why the plan was changed', '(asked) whether the bill would pass': an indirect question."""
    return any(x.tag_ in QUESTION_TAGS and x.dep_ in ("advmod", "nsubj", "dobj", "nsubjpass")
               or x.dep_ == "mark" and x.lower_ in QUESTION_MARKS for x in verb.children)


def subjunctive(verb: Token) -> bool:
    """'(demanded) that the army [withdraw]', '(urged) the immunity [be waived]', '(said) X [should] go': a
    clause with its own subject that says what ought to be, not what is or whether it is."""
    kids = list(verb.children)
    if not any(x.dep_ in SUBJ | PASS_SUBJ for x in kids) or question(verb):
        return False
    aux = [x for x in kids if x.dep_ in ("aux", "auxpass")]
    if any(x.lower_ in OBLIGATION_AUX for x in aux):
        return True
    if aux:
        return all(x.tag_ == "VB" for x in aux)  # "be waived", not "was waived", "has been waived"
    return verb.tag_ == "VB"


def infinitive(verb: Token) -> bool:
    """'to fight': a bare infinitive with its 'to'."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def bare_or_to_infinitive(verb: Token) -> bool:
    """'(X) to fight' or the bare '(let X) fight': an infinitive with no auxiliary other than 'to'."""
    return verb.tag_ == "VB" and all(c.lower_ == "to" for c in verb.children if c.dep_ in ("aux", "auxpass"))


def ability_negated(verb: Token) -> bool:
    """'cannot', 'will not', 'would not': a refusal rather than a report that something did not happen."""
    aux = aux_words(verb)
    return negated(verb) and any(a in FUTURE_AUX | HYPOTHETICAL_AUX | ABILITY_AUX for a in aux)


def core_span(tok: Token) -> tuple[int, int]:
    """Token index range [lo, hi) of the noun phrase core around `tok`."""
    lo, hi = tok.i, tok.i + 1
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in NP_CORE and not (c.dep_ == "punct" and c.i > tok.i):
                lo, hi = min(lo, c.left_edge.i if c.dep_ != "punct" else c.i), max(hi, c.i + 1)
                if c.dep_ != "punct":
                    stack.append(c)
    return lo, hi


def full_span(tok: Token) -> tuple[int, int]:
    """The noun phrase with its prepositional modifiers, without relative clauses or conjuncts."""
    lo, hi = core_span(tok)
    for c in tok.children:
        if c.dep_ in NP_CUT:
            continue
        lo, hi = min(lo, c.left_edge.i), max(hi, c.right_edge.i + 1)
    return lo, hi


def char_span(doc, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and doc[hi - 1].is_punct:
        hi -= 1
    if hi <= lo:
        return doc[lo].idx, doc[lo].idx + len(doc[lo])
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def sent_of(tok: Token) -> Span:
    return tok.sent
