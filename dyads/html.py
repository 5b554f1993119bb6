"""HTML helpers that need no extraction: a page's full visible text, and the charset it declares."""
from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

# Elements whose text is never shown to a reader.
INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object")
# Elements that start a new line when a page is flattened to text.
BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    "caption", "option", "select", "textarea", "button", "label",
))
# Table cells: side by side on their row's line, as a browser shows them.
CELLS = frozenset(("td", "th"))
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")


def parse_html(html: str) -> etree._Element | None:
    """An lxml tree of `html`, or None when there is nothing to parse."""
    if not html or not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


def visible_text(html: str) -> str:
    """All the text a reader sees on the page, one block element per line; no extraction."""
    tree = parse_html(html)
    if tree is None:
        return ""
    body = tree.find("body")
    root = body if body is not None else tree
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = SPACES.sub(" ", "".join(buf).replace("\n", " ").replace("\r", " ")).strip()
        if line:
            lines.append(line)
        buf.clear()

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in INVISIBLE or el.get("hidden") is not None or HIDDEN_STYLE.search(el.get("style", "")):
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in BLOCKS
        if block:
            flush()
        elif tag in CELLS and buf:
            buf.append(" ")
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush()
    return "\n".join(lines)


def declared_charset(data: bytes) -> str:
    """The charset a page declares in a <meta> tag in its first 4 KB, lower-cased; "" when none."""
    m = META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore").lower() if m else ""
