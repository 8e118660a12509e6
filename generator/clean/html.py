"""HTML seeds into the line model of a text dump, the way a browser's innerText would print them.

Cleaning works on lines, and the only structure it reads is what innerText keeps: block
elements start a new line, a paragraph is set apart by blank lines, list items follow each
other line by line, table cells are separated by tabs. So an HTML seed is first rendered to
that text, and from there cleaned exactly like a dump: one cleaner, one set of rules.
Scripts, styles, templates and elements a browser would hide are dropped.

The markup also says things a dump cannot: its headline, publication time with its zone,
authors and site name (Open Graph, JSON-LD, meta tags). ``read_html`` reads them with the
text, for the metadata stage, which weighs them against the page's text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import deque
from collections.abc import Iterator
from typing import Any

import lxml.etree
import lxml.html

from generator.models import DeclaredMetadata, parse_iso_date

DROPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
     "canvas", "iframe", "object", "embed", "select", "option", "datalist", "button", "input",
     "textarea", "audio", "video", "source", "track", "map", "math"}
)
"""Elements whose text a reader never sees as page text (noscript: we read as if JS ran)."""

PARAGRAPH_TAGS = frozenset({"p"})
"""innerText puts a blank line before and after these (a required line break count of 2)."""

BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
     "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
     "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
     "menu", "nav", "ol", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr",
     "ul", "caption"}
)
"""Elements that start and end a line."""

PREFORMATTED_TAGS = frozenset({"pre", "listing", "plaintext", "xmp"})
"""Elements whose text keeps its line breaks (``white-space: pre``)."""

CELL_TAGS = frozenset({"td", "th"})
"""Table cells: a tab between two cells of a row."""

EDGE = -1
"""Marks the start or end of an inline element among the rendered parts (see ``_join``)."""

LINE_BREAK = -2
CELL_BREAK = -3
"""A ``<br>`` and the tab between two table cells: markers, not text, so that a white-space
text node that happens to be a single newline is not taken for a line break."""

HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def read_html(html: str) -> tuple[str, DeclaredMetadata]:
    """An HTML page's innerText-like text and what its markup declares, from one parse; never
    raises (bad markup gives what lxml reads)."""
    root = _parse(html)
    if root is None:
        return "", DeclaredMetadata()
    return _text_of(root), _declared_of(root)


def html_to_text(html: str) -> str:
    """innerText-like text of an HTML page (``read_html``'s first part)."""
    root = _parse(html)
    return "" if root is None else _text_of(root)


def _text_of(root: lxml.html.HtmlElement) -> str:
    parts: list[str | int] = []
    _render(root, parts)
    return _join(parts)


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


TITLE_TAGS = ("og:title", "twitter:title")
DATE_TAGS = ("article:published_time", "og:published_time")
NEWS_TYPES = frozenset({"Article", "NewsArticle", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle",
                        "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "Report", "WebPage"})
"""JSON-LD types whose ``headline`` and ``datePublished`` are the page's own."""


def _declared_of(root: lxml.html.HtmlElement) -> DeclaredMetadata:
    """What the page's markup declares of itself; empty where it declares nothing readable."""
    tags: dict[str, str] = {}
    for element in root.iter("meta"):
        name = (element.get("property") or element.get("name") or "").strip().lower()
        content = " ".join((element.get("content") or "").split())
        if name and content:
            tags.setdefault(name, content)
    item = next((node for node in _json_ld_nodes(root) if _types(node) & NEWS_TYPES
                 and (node.get("headline") or node.get("datePublished"))), {})
    titles = [tags.get(name) for name in TITLE_TAGS] + [_text(item.get("headline"))]
    dates = [_text(item.get("datePublished")), *(tags.get(name) for name in DATE_TAGS)]
    authors = _names(item.get("author")) or ([tags["author"]] if tags.get("author") else [])
    publisher = item.get("publisher")
    return DeclaredMetadata(
        titles=tuple(dict.fromkeys(title for title in titles if title)),
        date=next((date for date in map(_date, dates) if date is not None), None),
        authors=tuple(dict.fromkeys(name for name in authors if not _is_url(name))),
        source=tags.get("og:site_name") or (_text(publisher.get("name")) if isinstance(publisher, dict) else None),
    )


def _json_ld_nodes(root: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every object of the page's JSON-LD blocks, those of an ``@graph`` included."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except (ValueError, RecursionError):
            continue
        pending = deque([data])
        while pending:
            node = pending.popleft()
            if isinstance(node, list):
                pending.extendleft(reversed(node))
            elif isinstance(node, dict):
                yield node
                if isinstance(node.get("@graph"), list):
                    pending.extendleft(reversed(node["@graph"]))


def _types(node: dict[str, Any]) -> set[str]:
    kinds = node.get("@type")
    return {kind for kind in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(kind, str)}


def _text(value: Any) -> str | None:
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


MAX_AUTHOR_NESTING = 3
"""Lists of authors are followed this deep: no page nests them further, and a hostile one
cannot exhaust the stack."""


def _names(value: Any, depth: int = 0) -> list[str]:
    """Author names of a JSON-LD ``author``: strings, persons (not organisations), lists."""
    if isinstance(value, list):
        return [name for item in value for name in _names(item, depth + 1)] if depth < MAX_AUTHOR_NESTING else []
    if isinstance(value, dict):
        name = _text(value.get("name"))
        return [name] if name and "Organization" not in _types(value) else []
    name = _text(value)
    return [name] if name else []


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "www.", "/"))


def _date(text: str | None) -> dt.date | dt.datetime | None:
    """An ISO 8601 date as declared: a day, or a time with or without its zone."""
    if not text:
        return None
    try:
        when = parse_iso_date(text)
    except ValueError:
        return None
    return when if when.year >= PLACEHOLDER_YEAR else None


PLACEHOLDER_YEAR = 1900
"""Declared dates before this ("0001-01-01T00:00:00Z") are a CMS's empty value."""


def _render(element: lxml.html.HtmlElement, parts: list[str | int], preformatted: bool = False) -> None:
    """Append text runs (str) and required line breaks (int: 1 or 2) in document order; inside
    ``<pre>`` the text's own line breaks are kept, as innerText keeps them."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag or tag.lower() in DROPPED_TAGS or _hidden(element):
        return
    tag = tag.lower()
    preformatted = preformatted or tag in PREFORMATTED_TAGS
    breaks = 2 if tag in PARAGRAPH_TAGS else 1 if tag in BLOCK_TAGS else 0
    if breaks:
        parts.append(breaks)
    else:
        parts.append(EDGE)
    if tag == "br":
        parts.append(LINE_BREAK)
    elif tag in CELL_TAGS and _follows_cell(element):
        parts.append(CELL_BREAK)
    _append_text(parts, element.text, preformatted)
    for child in element:
        _render(child, parts, preformatted)
        _append_text(parts, child.tail, preformatted)
    parts.append(breaks or EDGE)


def _append_text(parts: list[str | int], text: str | None, preformatted: bool) -> None:
    if not text:
        return
    if not preformatted:
        parts.append(text)
        return
    for number, line in enumerate(text.split("\n")):
        if number:
            parts.append(LINE_BREAK)
        if line:
            parts.append(line)


def _glued(before: str, after: str) -> bool:
    """A word of three lower-case letters or more runs straight into a capitalised word."""
    tail = before[-3:]
    return (
        len(tail) == 3 and tail.isalpha() and tail.islower()
        and len(after) >= 2 and after[0].isupper() and after[1].isalpha()
    )


def _follows_cell(element: lxml.html.HtmlElement) -> bool:
    previous = element.getprevious()
    return previous is not None and isinstance(previous.tag, str) and previous.tag.lower() in CELL_TAGS


def _hidden(element: lxml.html.HtmlElement) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style and HIDDEN_STYLE.search(style))


def _join(parts: list[str | int]) -> str:
    """Collapse white space inside runs and resolve line-break counts as innerText does.

    At an inline element's edge, a word glued to a capitalised word ("...WR Options" +
    "The 49ers and ...": a teaser's title and summary, set apart by the site's style sheet)
    starts a new line."""
    out: list[str] = []
    pending = 0
    edge = False
    line_has_text = False
    for part in parts:
        if part == EDGE:
            edge = True
            continue
        if part in (LINE_BREAK, CELL_BREAK):
            if out:
                out[-1] = out[-1].rstrip(" ")
            out.append("\n" if part == LINE_BREAK else "\t")
            line_has_text = line_has_text and part == CELL_BREAK
            continue
        if isinstance(part, int):
            pending = max(pending, part)
            continue
        text = _SPACES.sub(" ", part)
        if edge and not pending and line_has_text and _glued(out[-1], text):
            pending = 1
        edge = False
        if pending or not line_has_text:
            text = text.lstrip(" ")
            if not text:
                continue
        if pending and out:
            out.append("\n" * pending)
        pending = 0
        out.append(text)
        line_has_text = True
    lines = "".join(out).split("\n")
    return "\n".join(line.rstrip(" ") for line in lines).strip("\n") + "\n"
