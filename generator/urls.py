"""URLs: where every page and feed of the site lives, as a path relative to the site root.

Render, feeds and the sitemap take their paths from here, so they cannot disagree. A URL is a
folder (``2020/11/slug/``, served as its ``index.html``) or a file (``feed.xml``).

An article's URL comes from the ``permalink`` pattern and from the article alone: adding seeds
never moves an existing page. When two articles would share a URL, the earlier one (by date,
then seed name) keeps it and the other gets a suffix made from its own seed name, as
``build.give_distinct_urls`` does for the default pattern.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping

from generator.config import PERMALINK_FIELD
from generator.i18n import UNDETERMINED_LANGUAGE
from generator.models import Article
from generator.pages import make_slug, permalink

ARCHIVE = "archive/"
SOURCES = "sources/"
AUTHORS = "authors/"
LANGUAGES = "languages/"
SEARCH = "search/"
RSS_FILE = "feed.xml"
ATOM_FILE = "atom.xml"
JSON_FEED_FILE = "feed.json"
OPML_FILE = "feeds.opml"
UNDATED = "undated"

RESERVED_SEGMENTS = frozenset({"archive", "sources", "authors", "languages", "search", "page", "static"})
"""First folders the site's own pages use: an article URL starting with one gets a suffix."""

DATE_FIELDS = frozenset({"year", "month", "day"})
DATE_FIELD_IN_SEGMENT = re.compile(r"{(?:year|month|day)}[-_]?")
LANGUAGE_CODE = re.compile("[a-z]{2,3}")
SUFFIX_CHARS = 6


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The URL part of a source's or author's name: a slug, or a hash when it has no letters.
    Cached: an archive names the same few sources and authors thousands of times."""
    return make_slug(name) or "x" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


@functools.lru_cache(maxsize=1024)
def language_key(code: str) -> str:
    """An article's language as a URL part: the primary subtag (``en-US`` -> ``en``). Cached
    like ``name_key``: an archive has a few languages."""
    primary = re.split("[-_]", code.strip().lower(), maxsplit=1)[0]
    return primary if LANGUAGE_CODE.fullmatch(primary) else UNDETERMINED_LANGUAGE


def year_url(year: int) -> str:
    return f"{ARCHIVE}{year:04d}/"


def month_url(year: int, month: int) -> str:
    return f"{ARCHIVE}{year:04d}/{month:02d}/"


def undated_url() -> str:
    return f"{ARCHIVE}{UNDATED}/"


def source_url(name: str) -> str:
    return f"{SOURCES}{name_key(name)}/"


def author_url(name: str) -> str:
    return f"{AUTHORS}{name_key(name)}/"


def language_url(code: str) -> str:
    return f"{LANGUAGES}{language_key(code)}/"


def page_url(first_page: str, number: int) -> str:
    """Older page ``number`` (counted from the oldest) of a list whose first page is at
    ``first_page``."""
    return f"{first_page}page/{number}/"


def output_path(url: str) -> str:
    """The file a URL is served from: folders by their ``index.html``."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def split_authors(author: str | None) -> tuple[str, ...]:
    """Authors as listed: several are joined by commas (as ``pages`` writes a list)."""
    if not author:
        return ()
    return tuple(name for name in (" ".join(part.split()) for part in author.split(",")) if name)


def format_permalink(article: Article, pattern: str, default_language: str) -> str:
    """The article's URL by ``pattern``; an undated article has ``undated`` for its date."""
    if article.date is None:
        pattern = undated_pattern(pattern)
    date = article.date or dt.datetime(1970, 1, 1)
    values = {
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "slug": article.slug,
        "source": name_key(article.source) if article.source else "unknown",
        "language": language_key(article.language or default_language),
    }
    return pattern.format_map(values)  # a valid pattern has only its fields in braces


def undated_pattern(pattern: str) -> str:
    """The first folder made only of date fields becomes ``undated``; other date fields go."""
    segments, marked = [], False
    for segment in pattern.rstrip("/").split("/"):
        names = set(PERMALINK_FIELD.findall(segment))
        if names and names <= DATE_FIELDS and not PERMALINK_FIELD.sub("", segment).strip("-_"):
            if not marked:
                segments.append(UNDATED)
                marked = True
            continue
        if names & DATE_FIELDS:
            segment = DATE_FIELD_IN_SEGMENT.sub("", segment)
            if not marked:
                segment = f"{UNDATED}-{segment}"
                marked = True
        segments.append(segment)
    return "/".join(segments) + "/"


def assign_article_urls(articles: Iterable[Article], pattern: str, default_language: str) -> dict[str, str]:
    """Each article's URL by seed name: distinct, clear of the site's own folders, stable."""
    wanted: dict[str, list[Article]] = {}
    for article in articles:
        wanted.setdefault(format_permalink(article, pattern, default_language), []).append(article)
    urls: dict[str, str] = {}
    for url, group in wanted.items():
        ordered = sorted(group, key=lambda a: (a.date is None, a.date.timestamp() if a.date else 0, a.seed_name))
        for position, article in enumerate(ordered):
            clashes = position > 0 or url.split("/", 1)[0] in RESERVED_SEGMENTS
            urls[article.seed_name] = with_suffix(url, article.seed_name) if clashes else url
    return urls


def with_suffix(url: str, seed_name: str) -> str:
    suffix = hashlib.sha256(seed_name.encode("utf-8")).hexdigest()[:SUFFIX_CHARS]
    return f"{url.rstrip('/')}-{suffix}/"


def assign_aliases(articles: Iterable[Article], urls: Mapping[str, str]) -> dict[str, str]:
    """Seed name -> the article's old date+slug URL, when a custom ``permalink`` moved it.

    The old URL becomes a redirect; it never replaces an article's page, and cannot meet the
    site's other pages, whose first folders (``RESERVED_SEGMENTS``) are neither a year nor
    ``undated``.
    """
    occupied = set(urls.values())
    aliases: dict[str, str] = {}
    for article in articles:
        old = permalink(article)
        if old != urls[article.seed_name] and old not in occupied:
            occupied.add(old)
            aliases[article.seed_name] = old
    return aliases
