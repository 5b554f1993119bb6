"""Story text and metadata from an HTML page: trafilatura's fast extractor, then general clean-up.

One parse of the page feeds both trafilatura and our own rules. trafilatura's body tree (with its
links kept) is pruned of what its own rules let through: related-article lists and link teasers,
newsletter and follow-us promos, author contact lines, consent notices, share bars, date lines and
a heading that repeats the title (extract_rules.py). Paragraphs of the story that the extractor
missed because the page splits the body over several sibling containers of the same kind are put
back. Metadata: title, date (htmldate, through trafilatura), authors, site name, language,
canonical URL, description, tags.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from .deadline import check_deadline
from .extract_rules import (
    AUTHOR_PREFIX,
    CLOCK_OR_DAY,
    DATE_BLOCK,
    DATELINE_DIGIT_SHARE,
    DATELINE_MAX_WORDS,
    FALLBACK_MAX_SHARE,
    FALLBACK_MIN_CHARS,
    FLAT_MAX_BLOCKS,
    FLAT_MIN_LINES,
    JUNK_BLOCK,
    JUNK_MAX_WORDS,
    LABEL,
    LINK_BLOCK_DENSITY,
    LINK_BLOCK_MAX_WORDS,
    LINK_LIST_SHARE,
    PROSE_MIN_WORDS,
    PUNCTUATION_BLOCK,
    RESCUE_MIN_KEPT,
    RESCUE_MIN_WORDS,
    SEPARATOR_JOIN,
    SHOUT_MIN_WORDS,
    SHOUT_SHARE,
    TITLE_SEPARATOR,
    TITLE_SIMILARITY,
    YEAR,
)

INCLUDE_LINKS = False
BLOCK_TAGS = ("p", "head", "item", "quote", "cell")
WORD = re.compile(r"\w+")
BLANK_RUNS = re.compile(r"\n\s*\n\s*")
# Language codes as pages declare them ("en-US", "en_GB") reduced to the ISO 639-1 part.
LANG_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)


@dataclass(slots=True)
class Extracted:
    """What a page says: its story text and metadata ("" or [] when the page does not say)."""

    text: str
    title: str = ""
    published: str = ""  # ISO date
    authors: list[str] = field(default_factory=list)
    site_name: str = ""
    language: str = ""
    canonical_url: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (rule, text) cut from the body


def norm_words(text: str) -> list[str]:
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return WORD.findall(text.casefold())


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


class Links:
    """The page's link texts, to tell how much of a block of trafilatura's body (which has lost its
    link markup) is link text; with a cache of each block's words."""

    def __init__(self, tree: HtmlElement | None = None) -> None:
        self.texts: set[tuple[str, ...]] = set()
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        self._words: dict[etree._Element, list[str]] = {}
        for a in tree.iter("a") if tree is not None else ():
            words = tuple(norm_words(a.text_content()))
            if words and words not in self.texts:
                self.texts.add(words)
                self.by_first.setdefault(words[0], []).append(words)

    def words(self, el: etree._Element) -> list[str]:
        if el not in self._words:
            self._words[el] = norm_words(_text(el))
        return self._words[el]

    def share(self, el: etree._Element) -> float:
        """Share of a block's characters in the longest page link text found whole in it (1.0 when
        the block is a link text); 0.0 for long blocks, which are prose whatever their links."""
        words = self.words(el)
        if not words or len(words) > LINK_BLOCK_MAX_WORDS * 2:
            return 0.0
        if tuple(words) in self.texts:
            return 1.0
        size = sum(map(len, words)) + len(words) - 1
        best = 0
        for i, w in enumerate(words):
            for cand in self.by_first.get(w, ()):
                if len(cand) <= len(words) - i and tuple(words[i:i + len(cand)]) == cand:
                    best = max(best, sum(map(len, cand)) + len(cand) - 1)
        return best / size


def page_anchors(tree: HtmlElement) -> Links:
    """The page's link texts (trafilatura drops the link markup from its body)."""
    return Links(tree)


def _link_share(el: etree._Element, anchors: Links) -> float:
    return anchors.share(el)


def _remove(el: etree._Element) -> None:
    """Remove `el` from its tree, keeping its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _is_teaser(el: etree._Element, anchors: Links) -> bool:
    words = len(anchors.words(el))
    return 0 < words <= LINK_BLOCK_MAX_WORDS and _link_share(el, anchors) >= LINK_BLOCK_DENSITY


def _is_card(item: etree._Element, anchors: Links) -> bool:
    """A list item that is a link plus a heading or blurb: a teaser card for another page."""
    head = item.find(".//head")
    return head is not None and (_link_share(head, anchors) >= LINK_BLOCK_DENSITY
                                 or any(_link_share(c, anchors) >= LINK_BLOCK_DENSITY for c in item if c is not head))


def _is_dateline(text: str, n: int) -> bool:
    """A short line that is only a date and time, in any language; not a labelled date ("Deadline: ...")."""
    if n > DATELINE_MAX_WORDS or text.rstrip().endswith(".") or "@" in text or not YEAR.search(text):
        return False
    words = text.split()
    if LABEL.search(text) or sum(any(c.isdigit() for c in w) for w in words) < DATELINE_DIGIT_SHARE * len(words):
        return False
    return bool(CLOCK_OR_DAY.search(YEAR.sub(" ", text)))


def _is_prose(el: etree._Element, anchors: Links) -> bool:
    return len(anchors.words(el)) >= PROSE_MIN_WORDS and _link_share(el, anchors) < LINK_BLOCK_DENSITY


def _shouting(text: str) -> bool:
    """Whether a block is written in capitals (promo teasers), judged on its letters."""
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= SHOUT_MIN_WORDS and sum(c.isupper() for c in letters) >= SHOUT_SHARE * len(letters)


def _looks_flattened(body: etree._Element) -> bool:
    """Whether trafilatura's body is its baseline dump of the whole page (few blocks, many lines)."""
    blocks = list(body.iter(*BLOCK_TAGS))
    lines = sum((el.text or "").count("\n") + (el.tail or "").count("\n") for el in body.iter())
    return len(blocks) <= FLAT_MAX_BLOCKS and lines >= FLAT_MIN_LINES


def _similar(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # the title tag often carries the site name too: "Headline | Site"
    if len(short) >= 4 and " ".join(short) in " ".join(long_):
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= TITLE_SIMILARITY


def prune_body(body: etree._Element, *, title: str = "", description: str = "",
               anchors: Links | None = None, drop_standfirst: bool = False) -> list[tuple[str, str]]:
    """Cut page furniture from trafilatura's body tree in place; returns what was cut, by rule.

    `anchors` are the page's link texts (page_anchors). With `drop_standfirst`, a heading before the
    first paragraph that repeats the page's description (the summary under the headline) goes too.
    """
    dropped: list[tuple[str, str]] = []
    anchors = anchors if anchors is not None else Links()

    def cut(el: etree._Element, rule: str) -> None:
        dropped.append((rule, _text(el)[:200]))
        _remove(el)

    for lst in list(body.iter("list")):
        items = lst.findall("item")
        if len(items) >= 2 and sum(_is_teaser(i, anchors) or _is_card(i, anchors) for i in items) / len(items) >= LINK_LIST_SHARE:
            cut(lst, "link_list")
    title_words, dek_words = norm_words(title), norm_words(description)
    blocks = list(body.iter(*BLOCK_TAGS))
    prose = [i for i, el in enumerate(blocks) if el.tag == "p" and _is_prose(el, anchors)]
    first, last = (prose[0], prose[-1]) if prose else (len(blocks), -1)
    for i, el in enumerate(blocks):
        if _detached(el, body):
            continue
        text = _text(el)
        n = len(text.split())
        if i < first and el.tag in ("head", "p") and title_words and _similar(norm_words(text), title_words):
            cut(el, "title")
        elif drop_standfirst and i < first + 1 and el.tag == "head" and dek_words and _similar(norm_words(text), dek_words):
            cut(el, "standfirst")  # the summary under the headline, set as a heading
        elif el.tag == "cell":
            continue
        elif PUNCTUATION_BLOCK.match(text):
            cut(el, "punctuation")
        elif n <= JUNK_MAX_WORDS and JUNK_BLOCK.match(text):
            cut(el, "furniture")
        elif n <= 12 and DATE_BLOCK.match(text) or _is_dateline(text, n):
            cut(el, "date")
        elif _is_teaser(el, anchors) and not el.findall(".//p") and (i < first or i > last or _shouting(text)):
            cut(el, "link_teaser")
    for lst in list(body.iter("list")):
        if not _text(lst) and not _detached(lst, body):
            _remove(lst)
    return dropped


def _detached(el: etree._Element, root: etree._Element) -> bool:
    while el is not None and el is not root:
        el = el.getparent()
    return el is None


def body_text(body: etree._Element) -> str:
    """Plain text of a (pruned) body tree: links become their text, paragraphs blank-line separated."""
    etree.strip_tags(body, "ref")
    text = xmltotxt(body, include_formatting=False)
    lines = (ln.strip() for ln in text.replace("\r", "\n").split("\n"))
    return "\n\n".join(ln for ln in lines if ln)


def _paragraph_chars(tree: HtmlElement) -> int:
    """Characters of text in the page's <p> elements."""
    return sum(len(" ".join(p.text_content().split())) for p in tree.iter("p"))


def _signature(el: etree._Element | None) -> tuple[str, ...] | None:
    """A container's kind: its tag and class, and those of the element it sits in (the parts of a
    story split over several blocks are built alike)."""
    if el is None or not el.get("class", "").strip():
        return None
    parent = el.getparent()
    outer = (parent.tag, " ".join(parent.get("class", "").split())) if parent is not None else ("", "")
    return (el.tag, " ".join(el.get("class").split()), *outer)


def rescue_paragraphs(tree: HtmlElement, text: str) -> str:
    """`text` with the page's paragraphs that sit in containers of the same kind (tag and class, and
    those of their parent) as the paragraphs the extractor kept, but that it missed: a story split
    over several blocks of a page."""
    found = []
    for p in tree.iter("p"):
        words = norm_words(p.text_content())
        if words:
            found.append((p, words))
    inside = _occurs_in([w for _, w in found], norm_words(text), text.split("\n\n"))
    paras = [(p, w, ok) for (p, w), ok in zip(found, inside)]
    kept = Counter(_signature(p.getparent()) for p, w, inside in paras if inside and len(w) >= RESCUE_MIN_WORDS)
    kept.pop(None, None)
    signatures = {sig for sig, n in kept.items() if n >= RESCUE_MIN_KEPT}
    missing = [(i, p) for i, (p, w, inside) in enumerate(paras)
               if not inside and len(w) >= RESCUE_MIN_WORDS and _signature(p.getparent()) in signatures
               and _html_link_share(p) < LINK_BLOCK_DENSITY]
    if not missing:
        return text
    # put each rescued paragraph after the kept paragraph that comes before it on the page
    lines = text.split("\n\n")
    where = {" ".join(w): i for i, (p, w, inside) in enumerate(paras) if inside}
    order, last = [], -1
    for line in lines:
        last = where.get(" ".join(norm_words(line)), last)
        order.append((last, 0, line))
    order += [(i, 1, " ".join(p.text_content().split())) for i, p in missing]
    order.sort(key=lambda x: (x[0], x[1]))
    return "\n\n".join(line for _, _, line in order)


def _occurs_in(needles: list[list[str]], hay: list[str], lines: list[str]) -> list[bool]:
    """For each word list of `needles`, whether it stands whole, in a row, in `hay` (the words of
    `lines`). Near-linear: a needle that is one of the lines is in; any other is tried only where its
    rarest word stands in `hay` (a search of the whole text for each needle is quadratic)."""
    at: dict[str, list[int]] = {}
    for i, w in enumerate(hay):
        at.setdefault(w, []).append(i)
    known = dict.fromkeys((" ".join(norm_words(line)) for line in lines), True)
    out = []
    for words in needles:
        key = " ".join(words)
        if key not in known:
            k = len(words)
            off, rare = min(enumerate(words), key=lambda x: len(at.get(x[1], ())))
            known[key] = any(hay[s:s + k] == words for s in (i - off for i in at.get(rare, ())) if s >= 0)
            check_deadline()
        out.append(known[key])
    return out


def _html_link_share(el: etree._Element) -> float:
    total = len(" ".join(el.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return linked / total if total else 0.0


def _language(tree: HtmlElement, fallback: str) -> str:
    """The page's language (ISO 639-1 where it says one): <html lang>, then <meta> tags, then `fallback`."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    head = tree.find("head")
    for meta in head.iter("meta") if head is not None else ():
        if (meta.get("http-equiv") or "").lower() == "content-language" or meta.get("property") == "og:locale":
            candidates.append(meta.get("content"))
    candidates.append(fallback)
    for c in candidates:
        m = LANG_CODE.match((c or "").strip().split(",")[0].strip())
        if m:
            return m.group(1).lower()
    return ""


def tidy_title(title: str, tree: HtmlElement, site_name: str, url: str) -> str:
    """The headline in a page title that also names the site ("Headline | Site", "Site - Headline"):
    the part that is the page's <h1>, else the title without the part naming the site."""
    if site_name and norm_words(title) == norm_words(site_name):  # the site's name, not the headline
        head = tree.find("head")
        raw = " ".join((head.findtext("title") or "").split()) if head is not None else ""
        title = raw or title
    parts = [p.strip() for p in TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    heads = {" ".join(norm_words(h.text_content())) for h in tree.iter("h1")}
    for part in parts:
        if " ".join(norm_words(part)) in heads:
            return part
    host = urlsplit(url).hostname or ""
    site = {" ".join(norm_words(site_name))} - {""}
    site |= {w for w in norm_words(host) if len(w) > 3 and w not in ("www", "html")}
    for keep, drop in ((parts[:-1], parts[-1]), (parts[1:], parts[0])):
        words = " ".join(norm_words(drop))
        if words and any(s == words or s in words.split() or s.replace(" ", "") in words.replace(" ", "")
                         for s in site):
            return SEPARATOR_JOIN.join(keep) if len(keep) > 1 else keep[0]
    return title


def _split_names(value: str | None) -> list[str]:
    """trafilatura's author string ("A; B") as a list of names."""
    names = (AUTHOR_PREFIX.sub("", a).strip() for a in (value or "").split(";"))
    return [n for n in names if n]


def extract_html(html: str, *, url: str = "", favor_precision: bool = False,
                 drop_standfirst: bool = False) -> Extracted | None:
    """The story and metadata of one HTML page; None when the page has no extractable text."""
    try:
        tree = load_html(html)  # trafilatura's own parse (repairs, encoding checks), done once
    except (TypeError, ValueError):
        return None
    if tree is None:
        return None
    options = {"url": url or None, "include_links": INCLUDE_LINKS, "include_tables": True,
               "include_comments": False, "include_images": False, "favor_precision": favor_precision}
    anchors = page_anchors(tree)
    doc = trafilatura.bare_extraction(tree, fast=True, with_metadata=True, **options)
    text, dropped = "", []
    if doc is not None and doc.body is not None and not _looks_flattened(doc.body):
        dropped = prune_body(doc.body, title=doc.title or "", description=doc.description or "", anchors=anchors,
                              drop_standfirst=drop_standfirst)
        text = body_text(doc.body)
    if not text or (len(text) < FALLBACK_MIN_CHARS and len(text) < FALLBACK_MAX_SHARE * _paragraph_chars(tree)):
        # little or no article found on the fast path: trafilatura's full path compares its result
        # with readability and jusText; keep whichever gives more text once pruned
        slow = trafilatura.bare_extraction(tree, fast=False, with_metadata=doc is None, **options)
        if slow is not None and slow.body is not None:
            meta = doc or slow
            slow_dropped = prune_body(slow.body, title=meta.title or "", description=meta.description or "",
                                      anchors=anchors, drop_standfirst=drop_standfirst)
            slow_text = body_text(slow.body)
            if len(slow_text) > len(text):
                text, dropped = slow_text, slow_dropped
            doc = meta
    if doc is None or not text:
        return None
    title = tidy_title(doc.title or "", tree, doc.sitename or "", url or doc.url or "")
    tags = [t.strip() for tag in (doc.tags or []) + (doc.categories or []) for t in tag.split(",")]
    return Extracted(
        text=rescue_paragraphs(tree, text),
        title=title,
        published=doc.date or "",
        authors=_split_names(doc.author),
        site_name=doc.sitename or "",
        language=_language(tree, doc.language or ""),
        canonical_url=doc.url or "",
        description=doc.description or "",
        tags=list(dict.fromkeys(t for t in tags if t)),
        dropped=dropped,
    )
