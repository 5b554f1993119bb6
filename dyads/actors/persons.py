"""Persons: names from spaCy and the article's own surnames, their titles and appositives, and their
codes (the text's titles first, then the dated office-holder dictionary, then context)."""
from __future__ import annotations

from .coding import OFFICIAL_SECTORS, Hit, code_tokens
from .common import NAME_LABELS, POSSESSIVE, Cluster, _strip_span
from .lexicon import fold, lookup_holders, words


class PersonsMixin:
    """Part of Builder (see builder.py for the attributes it uses)."""

    # ------------------------------------------------------------------ persons
    def persons(self) -> None:
        doc, lex = self.doc, self.lex
        spans = []
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                i, j = _strip_span(doc, ent.start, ent.end, lex)
                if i < j and not (all(t in self.hit_at for t in range(i, j))
                                  and not lex.holder_surnames.get(words(doc[j - 1].text))
                                  and not lex.holder_names.get(words(doc[i:j].text))):
                    spans.append((i, j))
        full = {}  # surname -> [full-name cluster key]
        for i, j in spans:
            if j - i >= 2:
                key = "P:" + " ".join(words(doc[i:j].text))
                c = self.cluster(key, doc[i:j].text, "PER", i)
                self.mention(c, i, j, "name")
                full.setdefault(fold(doc[j - 1].text), []).append(key)
                for t in range(i, j):
                    self.person_tok[t] = key
        # single tokens: PERSON ones, and other entities that carry a surname of this article
        singles = [(i, j) for i, j in spans if j - i == 1]
        for ent in doc.ents:
            if ent.label_ in NAME_LABELS and ent.label_ != "PERSON":
                i, j = _strip_span(doc, ent.start, ent.end, lex)
                if j - i == 1 and fold(doc[i].text) in full:
                    singles.append((i, j))
        # the article's surnames wherever they occur (the small model misses some)
        by_word: dict[str, list[int]] = {}
        for t in doc:
            if t.text[:1].isupper():
                by_word.setdefault(fold(t.text), []).append(t.i)
        for sur in full:
            singles.extend((k, k + 1) for k in by_word.get(sur, ()) if k not in self.person_tok)
        for i, j in sorted(set(singles)):
            if i in self.person_tok:
                continue
            sur = fold(doc[i].text)
            if sur in full:
                keys = full[sur]
                key = keys[0]
                if len(keys) > 1:  # the nearest full name before it
                    before = [k for k in keys if self.clusters[k].first_tok < i]
                    key = before[-1] if before else keys[0]
                self.mention(self.clusters[key], i, j, "surname")
                self.person_tok[i] = key
                continue
            holders = lookup_holders(lex, words(doc[i].text), self.date, surname=True)
            names = {h.name for h in holders}
            if len(names) == 1:
                name = holders[0].name
                c = self.cluster("P:" + " ".join(words(name)), name, "PER", i)
                self.mention(c, i, j, "surname")
            else:
                c = self.cluster("P:" + sur, doc[i].text, "PER", i)
                self.mention(c, i, j, "name")
                if holders and len({h.code for h in holders}) == 1:
                    c.holders = holders  # "Bush": two presidents, one code
            self.person_tok[i] = c.key
        # entities of other labels that are an office holder's surname (no full name in the article)
        for ent in doc.ents:
            if ent.label_ in ("ORG", "GPE", "NORP") and len(ent) <= 2:
                i, j = _strip_span(doc, ent.start, ent.end, lex)
                if j - i != 1 or i in self.person_tok or i in self.hit_at:
                    continue
                holders = lookup_holders(lex, words(doc[i].text), self.date, surname=True)
                if len({h.name for h in holders}) == 1 and (not self.date or holders[0].in_office(self.date)):
                    name = holders[0].name
                    c = self.cluster("P:" + " ".join(words(name)), name, "PER", i)
                    self.mention(c, i, j, "surname")
                    self.person_tok[i] = c.key

    def person_titles(self) -> None:
        """Titles written before a name ("US Defense Secretary Chuck Hagel") or as its appositive."""
        doc = self.doc
        for c in [c for c in self.clusters.values() if c.type == "PER"]:
            for m in list(c.mentions):
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                pre = self._pre_title(span.start, span.root)
                if pre:
                    self._add_role(c, *pre)
                for i, j, extra in self._appositives(span.root):
                    self._add_role(c, i, j, extra)

    def _pre_title(self, ns: int, root) -> tuple[int, int, list[Hit]] | None:
        doc = self.doc
        sent_start = root.sent.start
        k = ns - 1
        extra: list[Hit] = []
        while k >= sent_start:
            t = doc[k]
            if t.text in POSSESSIVE and k - 1 >= sent_start and (k - 1) in self.hit_at:
                h = self.hit_at[k - 1]
                extra.append(h)
                k = h.i - 1
                break
            if (t.is_space or t.is_punct and t.text != "-"
                    or t.pos_ in ("DET", "ADP", "AUX", "PRON", "CCONJ", "SCONJ", "NUM", "PART")
                    or t.pos_ == "VERB" and t.dep_ != "amod"
                    or k in self.person_tok or k in self.taken):
                break
            if k - 2 >= sent_start and fold(doc[k - 1].text) == "of" and (
                    (fold(doc[k - 2].text),) in self.lex.sector_words or (fold(doc[k - 2].text),) in self.lex.titles):
                k -= 2  # "Secretary of State", "Minister of Defence"
                continue
            if not (ns <= t.head.i <= root.i or k < t.head.i < ns):
                break
            k -= 1
        i = k + 1
        if i >= ns:
            return None
        if extra:
            i = extra[0].i
        return i, ns, extra

    def _appositives(self, root):
        doc, out = self.doc, []
        heads = []
        if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN") and root.head.i not in self.person_tok:
            heads.append(root.head)
        heads += [ch for ch in root.children if ch.dep_ == "appos" and ch.i not in self.person_tok]
        for h in heads:
            i = h.left_edge.i
            while i < h.i and (doc[i].pos_ == "DET" or doc[i].is_punct):
                i += 1
            if any(t in self.person_tok for t in range(i, h.i + 1)):
                continue
            extra = self._of_country(h)
            out.append((i, h.i + 1, extra))
        return out

    def _add_role(self, c: Cluster, i: int, j: int, extra: list[Hit]) -> None:
        pc = code_tokens(self.doc[i:j], extra_country=extra, lexicon=self.lex)
        if not (pc.informative or pc.head_kind in ("title", "person")):
            return
        c.roles.append((self.doc[i:j].text.strip(" ,"), pc))
        if pc.office:
            c.offices.add(pc.office)
        self.mention(c, i, j, "title")

    def code_persons(self) -> None:
        for c in [c for c in self.clusters.values() if c.type == "PER"]:
            self._code_person(c)

    def _code_person(self, c: Cluster) -> None:
        lex, date = self.lex, self.date
        name_words = words(c.name)
        holders = lookup_holders(lex, name_words, date) if len(name_words) >= 2 else c.holders
        if len({h.name for h in holders}) > 1 and len({h.code for h in holders}) > 1:
            holders = []
        c.holders = holders
        country = sector = ""
        sources = []
        former = False
        for text, pc in c.roles:
            former = former or pc.former
            if pc.country and not country:
                country = pc.country
                sources.append(f"title '{text}'")
            if pc.sector and (not sector or lex.sector_rank.get(pc.sector, 2) < lex.sector_rank.get(sector, 2)):
                sector = pc.sector
                if f"title '{text}'" not in sources:
                    sources.append(f"title '{text}'")
        if holders:
            current = [h for h in holders if not date or h.in_office(date)]
            h = (current or holders)[-1]
            c.offices.update(x.office for x in (current or holders))
            if current and country.startswith("IGO") and not h.code.startswith("IGO"):
                country = ""  # "AU chairperson President el-Sisi": his own country's office first
            if not country:
                country = h.code[:3] if not h.code.startswith("IGO") else h.code
            if current:
                sector = sector or h.code[3:]
            elif date and date > max(x.end or "9999" for x in holders):
                sector = "ELI" if not sector or sector in OFFICIAL_SECTORS else sector
            span = f"{h.start}..{h.end}" if h.end else f"since {h.start}"
            sources.append(f"dictionary: {h.role} ({span})")
            c.role = h.role
        if not country:
            country, why = self.context(c.first_tok, "actor" if (sector or c.roles) else "article")
            if country:
                sources.append(why)
        if former and sector in OFFICIAL_SECTORS:
            sector = "ELI"
        if country.startswith(("IGO", "NGO")):
            c.code = country
        else:
            c.code = (country or "---") + sector
        if c.roles and (any(pc.country for _, pc in c.roles) or not holders):
            c.role = ", ".join(dict.fromkeys(t for t, _ in c.roles))
        c.source = "; ".join(sources) or "name only"
