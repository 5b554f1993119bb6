"""Code events: who did what to whom, in CAMEO and PLOVER, each with the words it came from."""
from __future__ import annotations

from dataclasses import replace

from ..actors import resolve
from ..deadline import check_deadline
from ..events import attitude, context, nonacts
from ..events import discourse as d
from ..events import grammar as g
from ..events.cameo import load_tables, quad_class
from ..events.implied import agentless_passive, context_country, implied_sector, names_people
from ..events.matcher import Found, Matcher
from ..events.patterns import load_patterns
from ..events.requests import requests_acted_on
from ..models import Actor, Article, Event, Side
from ..registry import register
from .base import Step

EMPTY = Side(text="", code="")
UNKNOWN_COUNTRY = "---"
FORCE_ROOTS = {"18", "19", "20"}
# Protests (CAMEO 14) whose makers the text does not name are a crowd's: civilians (CVL) of the place. Only
# nouns that name nothing else: a "strike" may be an airstrike, a "rally" an election rally.
CROWD_ROOTS, CROWD_SECTOR = {"14"}, "CVL"
CROWD_NOUNS = {"protest", "demonstration", "riot", "unrest", "uprising", "march"}


@register("events")
class EventStep(Step):
    """Fills `article.events` from `article.doc`, most confident first within each sentence.

    statements: also code plain statements (CAMEO 010) of a speaker whose words carry no other event.
    require_source: drop an event whose source the text names but resolves to no actor with a code
        (else code it ""), and leave out a target phrase that names no actor (else keep its words, code "").
    unnamed: keep acts whose doer the text does not name, with an implied source that has no words and
        no actor: "Chirac was convicted" -> the courts of Chirac's country (FRAJUD); "three soldiers
        were killed in Baghdad" -> someone in Iraq (IRQ), or no code where the text names no place.
    min_confidence: drop events below this confidence.
    reported: code what reported speech does to the actors it concerns (events/discourse.py): blame,
        judgement, the target of a statement; and the authors of acts a later sentence refers back to
        ("criticized the move", "has warned of countermeasures").
    context: give an act that is always done to someone (an appeal, a demand, a criticism, an attack...)
        and whose sentence names no target the actor the text has just been about (events/context.py);
        its pattern id says so ("02.urge-to.v+context").
    """

    def __init__(self, *, patterns_dir: str | None = None, statements: bool = True,
                 require_source: bool = True, min_confidence: float = 0.0, reported: bool = True,
                 unnamed: bool = True, context: bool = True) -> None:
        super().__init__()
        self.tables = load_tables()
        self.matcher = Matcher(load_patterns(patterns_dir))
        self._not_target_sectors = {p.id: set(p.not_target_sectors)
                                    for p in load_patterns(patterns_dir).patterns if p.not_target_sectors}
        self.statements = statements
        self.require_source = require_source
        self.min_confidence = min_confidence
        self.reported = reported
        self.unnamed = unnamed
        self.context = context
        self._voices: list[d.Voice] = []
        self._history: list = []
        self._phrased: set[int] = set()
        self._owned: set[int] = set()

    def process(self, article: Article) -> Article:
        doc = article.doc
        if doc is None:
            self.stats["no_doc"] += 1
            return article
        events: list[Event] = []
        self._history = []  # (sentence number, event) of the events so far, for "the move" and the like
        self._phrased: set[int] = set()  # the triggers whose pattern found a target phrase
        self._owned: set[int] = set()  # demands whose addressee only the context can name
        for n_sent, sent in enumerate(doc.sents):
            check_deadline()
            found = self.matcher.match_sentence(sent)
            if self.reported:  # "warned the transition could be a threat": a pessimistic comment, no threat
                found = [attitude.recast_warning(article, f, self._side) or f for f in found]
            self._voices = d.voices(article, sent, found, self._side) if self.reported else []
            coded: list[Event] = []
            for f in found:  # the acts first, then the statements that report them
                if not f.statement and f.confidence >= self.min_confidence:
                    coded += self._events(article, sent, f)
            said = {e.trigger_start for e in coded}
            # "wrote to X asking to ...": the participle's act is what the writing did; no plain statement beside it
            told = {t.head.i for e in coded if (t := d.token_at(doc, e.trigger_start)) is not None
                    and t.dep_ == "advcl" and t.tag_ == "VBG" and not e.negated}
            # "The embassy declined the request and said ...": the act is the news; the statement joined to it
            # by 'and' adds no event of its own
            acts = {t.i for e in coded if (t := d.token_at(doc, e.trigger_start)) is not None and not e.negated}
            joined = {k.i for i in acts for k in doc[i].children if k.dep_ == "conj" and k.i > i
                      and not any(c.dep_ in g.SUBJ for c in k.children)}
            reported = []
            if self.reported:  # what the speakers' words do to the actors they concern
                reported = [e for e in d.reported_events(article, sent, found, coded, self._side,
                                                         self._voice_event(article, sent), self._history)
                            if e.confidence >= self.min_confidence]
            accusers = {e.source.actor_id for e in reported}
            for f in found:
                if not f.statement or not self.statements or f.confidence < self.min_confidence:
                    continue
                if {doc[i].idx for i in f.inside} & said or f.tok.i in told or f.tok.idx in said:
                    continue  # a verb of saying whose clause is coded on its own
                if self._words_coded(article, f, coded):
                    continue  # '"We urge Iraqi leaders ...," he said': the quoted words are the event
                stated = self._events(article, sent, f)
                if f.tok.i in joined:  # a statement to someone is still an event ("and told Iran that ...")
                    stated = [e for e in stated if e.target.code or e.cameo != "010"]
                if f.sources and all(slot and nonacts.kin(slot[0]) for slot in f.sources):
                    # "which his wife Bernadette said was due to ...": a relative of no office, speaking to no one
                    stated = [e for e in stated if e.target.code or len(e.source.code or "") > 3]
                # 'She explained, "By confessing this, he's also ...", "He's saying that ..."': what someone said,
                # told in another speaker's quoted words, is that speaker's account, not a statement of its own
                heard = d.quote_at(article, f.tok.idx, direct=True)
                stated = [e for e in stated if heard is None or heard.speaker_id in (None, e.source.actor_id)
                          or e.target.code]
                coded += [e for e in stated if e.source.actor_id not in accusers]  # the words blame: coded so
            coded += reported
            if self.reported:  # "at the Iraqi government's request, US troops returned"
                coded += self._requests(article, sent)
            if self.context:  # "Both he and X urged the immunity be waived": the target of the sentences before
                coded = context.fill_targets(article, coded, self._history, n_sent, self._phrased)
            coded = [e for e in coded if e.target.code or e.trigger_start not in self._owned]
            coded.sort(key=lambda e: (-e.confidence, e.trigger_start))
            aimed = self._aimed(doc, coded)
            seen = set()
            for e in coded:
                key = (e.source.actor_id or e.source.text, e.target.actor_id or e.target.text, e.cameo[:2])
                if key in seen or (not key[1] and not e.negated and (key[0], key[2], e.trigger_start) in aimed):
                    continue
                seen.add(key)
                events.append(e)
                self._history.append((n_sent, e))
        article.events = [replace(e, id=f"{article.id}-e{n}") for n, e in enumerate(events, 1)]
        self.stats["events"] += len(events)
        return article

    def _act_of_doer(self, doer, code: str) -> str:
        """The code of an act of force whose doer is itself named as an act of force ("a car bombing killed
        five", "the airstrike killed ten"): the named act's code (the more telling one), else `code`."""
        if code[:2] not in FORCE_ROOTS or doer.pos_ != "NOUN":
            return code
        words = g.lemmas(doer) | {g.lemma(c) for c in doer.children if c.dep_ in ("compound", "amod")}
        best = None
        for p, trig in self.matcher.p.candidates(g.lemma(doer), "n"):
            if p.cameo[:2] in FORCE_ROOTS and set(trig.rest) <= words and (best is None or len(trig.rest) > best[1]):
                best = (p.cameo, len(trig.rest))
        return best[0] if best is not None else code

    @staticmethod
    def _aimed(doc, coded: list[Event]) -> set:
        """(source, root, trigger start) of the acts told again, with their target, in their own words:
        "Iran launched missiles [targeting US troops]": the missiles' launch names no target, the words
        under it do; one act, coded once, with its target."""
        out = set()
        for e in coded:
            t = d.token_at(doc, e.trigger_start)
            if t is None or not (e.target.actor_id or e.target.text) or e.negated:
                continue
            while t.head.i != t.i and t.dep_ != "conj":  # "kidnapped X and exploded bombs": two acts
                t = t.head
                out.add((e.source.actor_id or e.source.text, e.cameo[:2], t.idx))
        return out

    def _words_coded(self, article: Article, f: Found, acts: list[Event]) -> bool:
        """The speaker's own words in this sentence are coded as an act (not a statement) of the speaker (or, in its quoted
        words, of the speaker's country: "The Islamic Republic of Iran deeply regrets ...," Rouhani said):
        the plain statement adds nothing. The clause of the verb of saying is checked in `process`."""
        if d.quote_at(article, f.tok.idx, direct=True) is not None:
            return False  # '"we told the president ..."': a statement told inside the quote is one of its acts
        for v in self._voices:
            if v.trigger.i != f.tok.i:
                continue
            for e in acts:
                t = d.token_at(article.doc, e.trigger_start)
                if e.negated or t is None or t.i not in v.tokens or not e.source.code or e.cameo[:2] == "01":
                    continue  # an attitude told in the words ("I fear ...") is still a statement
                own = e.source.actor_id == v.actor.id
                quoted = d.quote_at(article, e.trigger_start, direct=True)
                if own or (quoted is not None and quoted.speaker_id == v.actor.id
                           and e.source.code[:3] == v.actor.code[:3]):
                    return True
        return False

    # ------------------------------------------------------------------ sides
    def _side(self, article: Article, slot, *, needed: bool) -> tuple[Side, Actor | None] | None:
        """The first alternative of `slot` that resolves to an actor with a known country; else the
        first with any code ("---GOV"); else (when allowed) the words with an empty code."""
        doc = article.doc
        fallback = None
        for tok in slot:
            if tok.lower_ in d.FIRST_PERSON and tok.pos_ == "PRON" and tok.text != "US":  # "we" in a quote: its speaker
                q = d.quote_at(article, tok.idx)
                actor = article.actor(q.speaker_id) if q is not None else None
                if actor is not None and actor.code:
                    start, end = tok.idx, tok.idx + len(tok)
                    return Side(text=tok.text, code=actor.code, actor_id=actor.id, start=start, end=end), actor
            spans = [g.core_span(tok), g.full_span(tok)]
            spans += [g.core_span(c) for c in tok.children if c.dep_ == "appos"]  # "the leader, Chuck Schumer"
            for lo, hi in spans:
                start, end = g.char_span(doc, lo, hi)
                actor = resolve(article, start, end)
                if actor is None or not actor.code:
                    continue
                side = Side(text=article.text[start:end], code=actor.code, actor_id=actor.id, start=start, end=end)
                if not actor.code.startswith(UNKNOWN_COUNTRY):
                    return side, actor
                fallback = fallback or (side, actor)
        if fallback is not None:
            return fallback
        if needed and self.require_source:
            return None
        start, end = g.char_span(doc, *g.core_span(slot[0]))
        return Side(text=article.text[start:end], code="", start=start, end=end), None

    def _other(self, article: Article, slot, sources, sent_start: int):
        """The first alternative of a target slot that names an actor other than the source: "Iran said
        the US attacked [its] ships": "its" may resolve to the US, the sayer Iran comes next."""
        for n in range(len(slot)):
            t = self._side(article, slot[n:], needed=False)
            if t is None or t[1] is None:
                return None
            if not any(self._same(s, t, sent_start) for s in sources):
                return t
        return None

    def _agentless(self, article: Article, f: Found) -> list:
        """An act on an actor whose doer the text does not name: "Chirac was convicted" (the courts of his
        country, data/patterns/discourse/implied.toml); "three US servicemen were killed by a roadside
        bomb outside Basra" (violence by someone unknown: the country where it struck, else no code)."""
        if f.code[:2] in CROWD_ROOTS and g.lemmas(f.tok) & CROWD_NOUNS and not f.sources:
            # "anti-government protests continue in Baghdad": protests of no named group are the people's of
            # the place where they are held (their target: what the phrase names, else the context's)
            where = self._place(article, f.tok) or (self._place(article, f.tok.head) if f.tok.dep_ == "nsubj"
                                                    and g.is_verbal(f.tok.head) else "")
            return [(Side(text="", code=where[:3] + CROWD_SECTOR), None)] if where[:3].isalpha() else []
        target = None
        for group in f.targets:
            for slot in group:
                t = self._side(article, slot, needed=False)
                if t is not None and t[1] is not None and not t[1].code.startswith(UNKNOWN_COUNTRY):
                    target = t
                    break
            if target is not None:
                break
        if target is None and not f.sources:
            target = self._people_target(article, f)
        if target is None:
            return []
        where = self._place(article, f.tok)
        if not f.sources:
            implied = d.implied_source(f.tok, f.code, target[0].code, where)
            if implied is not None:
                return [(implied, None)]
        if f.code[:2] not in d.UNKNOWN_AGENT_ROOTS or not g.is_verbal(f.tok):
            return []
        # an unknown doer is coded with the country where it struck ("outside of the Iraqi city of Basra")
        if f.sources:  # "a roadside bombing [near Samarra] killed ...": the weapon stands for an unknown doer
            doer = f.sources[0][0]
            if not (g.lemmas(doer) & d.WEAPON_WORDS) or doer.ent_type_:
                return []
            start, end = g.char_span(article.doc, *g.core_span(doer))
            # the weapon is the means; where the text names no place, the country the sentence is about
            where = where or self._place(article, doer) or context_country(article, f.tok.sent)
            return [(Side(text=article.text[start:end], code=where[:3], start=start, end=end), None)]
        if not g.is_passive(f.tok) or (not where and d.UNKNOWN_AGENT_NEEDS_PLACE and not any(
                g.lemmas(x) & d.WEAPON_WORDS for x in f.tok.subtree)):  # "killed in a car bomb explosion"
            return []
        # "were killed in a car bombing"; "it was targeted with a captured Humvee": the country the sentence
        # (else the article) is about, when the text names the weapon but not the place
        return [(Side(text="", code=(where or context_country(article, f.tok.sent))[:3]), None)]

    def _people_target(self, article: Article, f: Found):
        """ "More than 1000 people have been arrested": people of no country of their own, done to by an
        act only an authority does, are of the country the sentence (else the article) is about."""
        if not f.targets or not f.targets[0] or implied_sector(f.code) is None or not agentless_passive(f.tok):
            return None
        slot = f.targets[0][0]
        if not slot or not names_people(slot[0]):
            return None
        got = self._side(article, slot, needed=False)
        if got is None or (got[1] is not None and not got[1].code.startswith(UNKNOWN_COUNTRY)):
            return None
        country = context_country(article, slot[0].sent)
        if not country:
            return None
        side, actor = got
        return replace(side, code=country + (actor.code[3:] if actor is not None else "")), actor

    def _place(self, article: Article, tok) -> str:
        """The code of the country where the act of `tok` happened, "" when the text does not say."""
        for x in d.place_of(tok):
            t = self._side(article, [x], needed=False)
            if t is not None and t[1] is not None and not t[0].code.startswith(UNKNOWN_COUNTRY):
                return t[0].code
        return ""

    def _requests(self, article: Article, sent) -> list[Event]:
        cfg = d.load_rules().on_request or {}
        make = self._voice_event(article, sent)
        return [make(d.Voice(asker[0], asker[1], set(), tok, cfg["id"]), doer[0], cameo, cfg["id"],
                     float(cfg["confidence"]), tok)
                for asker, doer, cameo, tok in requests_acted_on(article, sent, self._side)]

    def _voice_event(self, article: Article, sent):
        def make(voice: d.Voice, target: Side, cameo: str, pattern_id: str, conf: float, trig) -> Event:
            quote = d.quote_at(article, trig.idx)
            return Event(
                id="", source=voice.side, target=target, cameo=cameo, plover=self.tables.plover_type(cameo),
                goldstein=self.tables.goldstein_of(cameo), quad_class=quad_class(cameo),
                trigger=trig.text, trigger_start=trig.idx, trigger_end=trig.idx + len(trig),
                sentence=sent.text, sentence_start=sent.start_char, sentence_end=sent.end_char,
                pattern_id=pattern_id, mode=g.mode_of(voice.trigger) if voice.trigger.pos_ == "VERB" else "",
                confidence=conf, quote_id=quote.id if quote is not None else None)
        return make

    @staticmethod
    def _same(src, tgt, sent_start: int = -1) -> bool:
        """The target is the source itself: the same actor, or a pronoun of the same country, unless the
        pronoun is a person's whose name is told earlier in the sentence (from `sent_start`): "Other
        Republicans have broken with Trump and have urged him to ..." is an appeal to Trump. ("it" and
        "them" there mostly stand for things: "approved a bill, but it was dismissed by the senate".)"""
        (_, s_actor), (t_side, t_actor) = src, tgt
        if s_actor is None or t_actor is None:
            return False
        if s_actor.id == t_actor.id:
            return True
        if t_side.text.lower() not in g.PRONOUNS or s_actor.code[:3] != t_actor.code[:3]:
            return False
        return sent_start < 0 or t_side.text.lower() not in g.PERSON_PRONOUNS or t_actor.type != "PER" or not any(
            sent_start <= m.start < t_side.start and m.text.lower() not in g.PRONOUNS for m in t_actor.mentions)

    @staticmethod
    def _one_per_subject(f: Found, resolved: list) -> list:
        """The resolved sources (`resolved`: (slot, side or None) per source slot), less the second of two
        subjects of one verb that are not coordinated: "The Labour Party's leader, Jeremy Corbyn announced"
        parses as two subjects; a verb has one, so the two name one actor (an apposition), told once."""
        out, heads = [], []
        for slot, side in resolved:
            if not side:
                continue
            tok = slot[0] if slot else None
            if (tok is not None and tok.dep_ == "nsubj"
                    and any(h.head.i == tok.head.i and h.i != tok.i and h.dep_ == "nsubj" for h in heads)):
                continue
            out.append(side)
            if tok is not None:
                heads.append(tok)
        return out

    def _events(self, article: Article, sent, f: Found) -> list[Event]:
        sources = self._one_per_subject(f, [(slot, self._side(article, slot, needed=True)) for slot in f.sources])
        if f.statement:  # a plain statement is worth keeping only from a political actor we can place
            sources = [s for s in sources if s[0].code != UNKNOWN_COUNTRY and attitude.political_speaker(s[0].code)]
        unknown_agent = implied = False
        if not sources and not f.statement and self.unnamed:
            sources = self._agentless(article, f)
            implied = bool(sources)
            unknown_agent = bool(sources) and sources[0][1] is None and len(sources[0][0].code) <= 3
        if not sources:
            return []
        real = []
        for group in f.targets:  # the first target phrase that names another actor, with its conjuncts
            real = [t for slot in group if (t := self._other(article, slot, sources, sent.start_char)) is not None]
            if real:
                break
        if implied and not real:  # "More than 1000 people have been arrested": people of the sentence's country
            real = [t for t in [self._people_target(article, f)] if t is not None]
        code, pattern_id = f.code, f.pattern_id
        if f.sources and f.sources[0] and not implied:  # "a Kabul car bombing killed five": a car bombing (183)
            code = self._act_of_doer(f.sources[0][0], code)
            pattern_id += "+doer-act" if code != f.code else ""
        if f.statement and not real:  # "announced Benin was to join": what the words concern
            for v in self._voices:
                if v.trigger.i == f.tok.i and any(v.actor.id == s[1].id for s in sources if s[1] is not None):
                    got = d.statement_target(article, v, f.tok, self._side)
                    if got is not None:
                        real = [got]
                        if f.code == "010" and d.praise_of(article, v, f.tok, got, self._side):  # 'said of Chirac, "He incarnated ..."'
                            code, pattern_id = d.praise_code()
                        elif f.code == "013":  # "I hope that X will come back": an appeal to X
                            code, pattern_id = attitude.hope_appeal(article, f.tok, v.actor, got, self._side) or (
                                code, pattern_id)
                        break
        if not real and self.reported:  # "criticized the move", "denied the accusation": the author of the act
            exclude = {s[1].id for s in sources if s[1] is not None}
            # the target phrase, else the object ("attacked the proclamation": a thing the pattern names)
            nouns = ([f.targets[0][0][0]] if f.targets and not f.statement else []) + [
                c for c in f.tok.children if c.dep_ == "dobj"]
            if f.code[:2] in d.UNKNOWN_AGENT_ROOTS:  # "carried out the airstrike": the act itself, no other's
                nouns = []
            for noun in nouns:
                by = [t for x in d.act_agents(noun) if (t := self._side(article, [x], needed=False))
                      and t[1] is not None and t[1].id not in exclude]  # "attacked the proclamation ... by X"
                if by:
                    real = by[:1]
                    break
                got = d.act_author(article, noun, self._history, exclude)
                if got is not None:
                    real = [(got, article.actor(got.actor_id))]
                    break
        if not real and self.reported and f.code[:2] in d.RESPONSE_ROOTS:  # "Moscow has warned of countermeasures"
            for s_side, s_actor in sources:
                got = d.responds_to(article, s_actor, f.tok, self._history)
                if got is not None:
                    real = [(got, article.actor(got.actor_id))]
                    break
        skip = self._not_target_sectors.get(f.pattern_id)
        if skip:  # "spoke to the BBC": talking to the press, or to an outlet of no known country, consults no one;
            # nor does an interview told as its setting ("Speaking to Martin Smith of PBS, he said ...")
            real = [t for t in real if t[0].code[3:6] not in skip and t[0].code != UNKNOWN_COUNTRY]
            if not real or (f.tok.dep_ == "advcl" and f.tok.tag_ == "VBG"):
                return []
        if f.needs_target and not real and (self.require_source or not f.targets):
            return []  # "the killing of 300,000 pigs": a nominal event concerning no actor
        pairs = []
        if f.symmetric and len(sources) > 1 and not real:
            pairs = [(a, b) for a in sources for b in sources if a[0].start != b[0].start]
        else:
            if not real and f.targets and not self.require_source:  # the words of a target that names no actor
                real = [self._side(article, f.targets[0][0], needed=False)]
            # (with require_source, a target phrase that names no actor - "agreed to a ceasefire", "offered
            # concessions" - is what the act is about, not whom: the event has no target)
            for s in sources:
                for t in real or [(EMPTY, None)]:
                    if t[1] is not None and self._same(s, t, sent.start_char):
                        t = (EMPTY, None)  # an actor acting on itself: keep the act, drop the target
                    pairs.append((s, t))
        doc = article.doc
        lo, hi = min(f.trigger_tokens), max(f.trigger_tokens)
        if any(slot and slot[0].pos_ in ("NOUN", "PROPN") for group in f.targets for slot in group):
            self._phrased.add(doc[lo].idx)  # "opposes abortion", "asked his countrymen": a phrase names the target
        t_start, t_end = doc[lo].idx, doc[hi].idx + len(doc[hi])
        if f.context_target and not real:
            self._owned.add(t_start)  # "the protesters' demands": of whom the context names, else no event
        quote = next((q.id for q in article.quotes if q.start <= t_start < q.end), None)
        out = []
        for (src, _), (tgt, _) in pairs:
            out.append(Event(
                id="", source=src, target=tgt, cameo=code, plover=self.tables.plover_type(code),
                goldstein=self.tables.goldstein_of(code), quad_class=quad_class(code),
                trigger=article.text[t_start:t_end], trigger_start=t_start, trigger_end=t_end,
                sentence=sent.text, sentence_start=sent.start_char, sentence_end=sent.end_char,
                pattern_id=pattern_id, negated=f.negated, mode=f.mode,
                confidence=round(f.confidence - (d.UNKNOWN_AGENT_PENALTY if unknown_agent else 0), 3),
                quote_id=quote,  # the event is told inside this quote
            ))
        return out
