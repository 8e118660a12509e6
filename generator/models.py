"""The records that flow one way between the stages.

    Seed  --clean-->  CleanedText  --metadata-->  Metadata  --pages-->  Article  --render/feeds/search-->  files

Every record is frozen: a stage returns a new record and never edits the one it was given.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class DatePrecision(Enum):
    """How much of its publication date a page showed: its Markdown page and article page never
    claim more (feeds, which need an instant, read the rest in the site's time zone)."""

    DAY = "day"  # "November 18, 2019": no time of day
    LOCAL = "local"  # "Nov. 19, 2019 5:50 PM": a time, in a zone the page does not name
    ZONED = "zoned"  # "05/11/2020, 20:06 WIB": a time and its UTC offset


class SeedKind(Enum):
    """How a seed is read; decided by `ingest` from the file name and content."""

    TEXT = "text"  # a text dump of a whole news page (innerText): cleaned
    HTML = "html"  # a saved HTML page: turned into lines, then cleaned like a dump
    MARKDOWN = "markdown"  # an already clean front-matter Markdown page: taken as it is


@dataclass(frozen=True, slots=True)
class Seed:
    """One decoded input file."""

    name: str
    """Path relative to the seeds folder, POSIX separators; the seed's identity in reports."""
    kind: SeedKind
    text: str
    """Decoded text with line endings normalised to ``\\n`` and no BOM."""
    digest: str
    """SHA-256 (hex) of the raw bytes: the seed's content hash."""


class LineVerdict(NamedTuple):
    """The cleaner's decision on one line of a seed, with the rule that made it (a named tuple:
    a page has hundreds)."""

    number: int
    """1-based line number in the seed text."""
    text: str
    keep: bool
    label: str
    """What the line is: ``body``, ``title``, ``byline``, ``date``, ``boilerplate``, ..."""
    rule: str
    """The rule that decided, as named in ``generator.clean`` (shown by ``clean --explain``)."""
    score: float = 0.0
    concept: str | None = None
    """The phrase group the line belongs to (``byline``, ``date_label``, ...), kept or not;
    the metadata stage reads it instead of matching the phrases again."""


@dataclass(frozen=True, slots=True)
class CleanedText:
    """A seed cut into lines, each with a verdict, plus what the cleaner learnt on the way."""

    lines: tuple[LineVerdict, ...]
    paragraphs: tuple[str, ...]
    """The article body, in order, nothing else (a dateline prefix already taken off)."""
    language: str | None = None
    """ISO 639-1 code identified from the text, or None when unsure."""
    lead_prefix: str | None = None
    """The dateline/source prefix cut from the first paragraph, e.g. ``SEOUL, KOMPAS.com -``."""
    declared: DeclaredMetadata | None = None
    """What an HTML seed's markup says of the page; None for a text dump."""


@dataclass(frozen=True, slots=True)
class DeclaredMetadata:
    """What an HTML page's markup says of itself (Open Graph, JSON-LD, meta tags): the
    metadata stage weighs it against the page's text."""

    titles: tuple[str, ...] = ()
    """Its headlines (``og:title``, ``twitter:title``, JSON-LD ``headline``), first first."""
    date: dt.date | dt.datetime | None = None
    """Its publication date (JSON-LD ``datePublished``, ``article:published_time``)."""
    authors: tuple[str, ...] = ()
    """Its authors' names (JSON-LD persons, the ``author`` meta tag); never a profile URL."""
    source: str | None = None
    """Its site's name (``og:site_name``, the JSON-LD publisher)."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """Fields the dump supports; a field it does not support is None, never a guess."""

    title: str | None = None
    date: dt.date | dt.datetime | None = None
    """Publication date as the page shows it: a ``date`` without a time of day, a naive
    ``datetime`` without a zone, an aware one when the page names the zone."""
    author: str | None = None
    dateline: str | None = None
    source: str | None = None
    """The source site's name as it shows itself, e.g. ``Kompas.com``."""
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One clean page: what is written as front-matter Markdown and rendered."""

    title: str
    slug: str
    body: str
    """Markdown: the article's paragraphs separated by blank lines."""
    seed_name: str
    seed_digest: str
    date: dt.datetime | None = None
    """Always timezone-aware when set, for ordering and feeds (a date shown without its zone
    is read in the site's time zone)."""
    date_precision: DatePrecision = DatePrecision.ZONED
    """What the source showed of ``date``: the Markdown page and the article page show that
    much and no more (no invented midnight, no invented zone)."""
    author: str | None = None
    dateline: str | None = None
    source: str | None = None
    language: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    draft: bool = False
    removed: bytes | None = field(default=b"", compare=False)
    """Lines the cleaner dropped, for the article's "what was removed" view (``removed_lines``),
    packed by ``pack_lines``. None when not read: the build cache keeps them apart from the
    article (``with_removed``), since every build reads every stored article and only the pages
    it makes show them, while a dump's chrome is hundreds of lines, most of an article's bytes
    (kept as text, decoding it was a third of reading 10,000 cached articles)."""
    text_digest: str = field(init=False, compare=False, repr=False)
    """Hash of the title and body with their spacing normalised: the same article captured
    twice has the same one. Made once with the article (and cached with it), not on every
    build that compares the archive's articles."""
    content_digest: str = field(init=False, compare=False, repr=False)
    """Hash of the title and body exactly as written: what the search's analysis of the
    article depends on, made once like ``text_digest``."""

    @property
    def removed_lines(self) -> tuple[str, ...]:
        """The removed lines, unpacked."""
        if self.removed is None:
            raise ValueError(f"{self.seed_name}: the article's removed lines were not read")
        return tuple(zlib.decompress(self.removed).decode("utf-8").split("\n")) if self.removed else ()

    def with_removed(self, removed: bytes | None) -> Article:
        """The article with these removed lines (None: without them, as the cache stores it);
        its digests, made from its title and body, are kept as they are."""
        article = copy.copy(self)
        object.__setattr__(article, "removed", removed)
        return article

    def __post_init__(self) -> None:
        text = " ".join(self.title.split()) + "\n" + " ".join(self.body.split())
        object.__setattr__(self, "text_digest", hashlib.sha256(text.encode("utf-8")).hexdigest())
        exact = hashlib.sha256(len(self.title).to_bytes(8, "big") + (self.title + self.body).encode("utf-8"))
        object.__setattr__(self, "content_digest", exact.hexdigest())


PACK_LEVEL = 1
"""zlib's fastest level: half the time of its default on a dump's removed lines (~9 KB), for 7%
more bytes."""


def pack_lines(lines: Iterable[str]) -> bytes:
    """Lines as one zlib-compressed UTF-8 blob (``Article.removed``); none as ``b""``."""
    text = "\n".join(lines)
    return zlib.compress(text.encode("utf-8"), PACK_LEVEL) if text else b""


def parse_iso_date(text: str) -> dt.date | dt.datetime:
    """An ISO 8601 date as written: ``YYYY-MM-DD`` is a day, anything longer a time (a space
    may stand for the ``T``), with or without its zone. Raises ``ValueError`` otherwise."""
    text = text.strip()
    if len(text) == len("YYYY-MM-DD"):
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text.replace(" ", "T", 1))
