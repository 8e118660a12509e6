"""Metadata from a cleaned dump: title, date with its UTC offset, author, dateline, source.

One function per field, each a cascade of the evidence a dump offers (in the manner of
trafilatura's ``extract_metadata``). The evidence is the page head: the lines above the
article's first paragraph, where sites print the headline, the byline block and the date.
A field the dump does not support is None: nothing is guessed.

Here: the whole (``extract_metadata``), reading the page head, and weighing the text's fields
against what an HTML page's markup declares. One module per field: ``title``, ``dates``,
``author``; ``page`` holds the page head they all read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from generator.clean.lead import read_lead_prefix
from generator.clean.rules import Concept, Rules, normalise_phrase
from generator.metadata.author import extract_author
from generator.metadata.dates import LineDate, extract_date, line_dates
from generator.metadata.page import (
    BODY_DATE_LINES,
    FAR_HEAD_MAX_LINES,
    HEAD_MAX_LINES,
    TAIL_MAX_LINES,
    PageHead,
    content_words,
)
from generator.metadata.title import extract_title
from generator.models import CleanedText, DeclaredMetadata, LineVerdict, Metadata


def extract_metadata(cleaned: CleanedText, rules: Rules) -> Metadata:
    """Every field the dump supports, each from its own cascade; for an HTML seed, weighed
    against what its markup declares (``with_declared``)."""
    page = read_page_head(cleaned, rules)
    date_patterns = rules.date_patterns(cleaned.language)
    title = extract_title(page, date_patterns)
    opening = " ".join((cleaned.lead_prefix or "", *cleaned.paragraphs[:1])).strip()
    lead = read_lead_prefix(opening)  # the site's stamp the cleaner cut, or the dateline left in the text
    metadata = Metadata(
        title=title,
        date=extract_date(page, title),
        author=extract_author(page, title, date_patterns),
        dateline=lead.dateline if lead else None,
        source=extract_source(page, lead.source if lead else None),
        language=cleaned.language,
    )
    if cleaned.declared is None:
        return metadata
    return with_declared(metadata, cleaned.declared, [line.text for line in cleaned.lines if line.text])


def with_declared(metadata: Metadata, declared: DeclaredMetadata, lines: Sequence[str]) -> Metadata:
    """The text's metadata corrected by what the page's markup declares, where the text
    bears it out:

    - a declared headline printed as a line of the page is the title, unless the text's title
      is one of the declared headlines;
    - a declared date with its zone is the date unless the text printed one with its zone; a
      time the text printed without one that is the declared instant in some UTC offset, to
      the minute, is that instant in that offset ("5:50 PM" and ``01:50Z``: ``17:50-08:00``);
    - declared authors are the author when the page prints every one of their names
      (``declared_author``);
    - the declared site name is the source when the text names none."""
    shown = {normalise_phrase(line): line for line in lines}
    title = metadata.title
    if not title or normalise_phrase(title) not in {normalise_phrase(t) for t in declared.titles}:
        title = next((shown[key] for key in map(normalise_phrase, declared.titles) if key in shown), title)
    return replace(
        metadata,
        title=title,
        date=declared_date(metadata.date, declared.date),
        author=declared_author(metadata.author, declared, normalise_phrase(" ".join(lines))),
        source=metadata.source or declared.source,
    )


def declared_author(shown: str | None, declared: DeclaredMetadata, text: str) -> str | None:
    """The author from the text's (``shown``) and the markup's (see ``with_declared``): the
    text's byline when it names every declared author (it may say more: "Todd Bates" for a
    declared "Todd"); the site's own name is no author."""
    site = normalise_phrase(declared.source or "")
    names = [name for name in declared.authors if normalise_phrase(name) != site]
    if not names or any(normalise_phrase(name) not in text for name in names):
        return shown
    if shown and all(normalise_phrase(name) in normalise_phrase(shown) for name in names):
        return shown
    return ", ".join(names)


def declared_date(shown: date | datetime | None, declared: date | datetime | None) -> date | datetime | None:
    """The publication date from the text's (``shown``) and the markup's: see ``with_declared``."""
    if isinstance(shown, datetime) and shown.tzinfo is not None:
        return shown
    if not isinstance(declared, datetime) or declared.tzinfo is None:
        return shown if shown is not None else declared
    offset = local_offset(shown, declared) if isinstance(shown, datetime) else None
    return declared if offset is None else declared.astimezone(timezone(offset))


MIN_OFFSET, MAX_OFFSET = timedelta(hours=-12), timedelta(hours=14)
"""The UTC offsets in use (Baker Island to Kiribati)."""

OFFSET_STEP = timedelta(minutes=15)
"""Every UTC offset in use is a whole number of quarter hours."""


def local_offset(local: datetime, instant: datetime) -> timedelta | None:
    """The UTC offset in use in which ``instant`` (aware) reads as the time ``local`` (naive),
    to the minute; None when there is none."""
    gap = local.replace(second=0, microsecond=0) - instant.astimezone(UTC).replace(
        tzinfo=None, second=0, microsecond=0)
    return gap if MIN_OFFSET <= gap <= MAX_OFFSET and gap % OFFSET_STEP == timedelta(0) else None


def read_page_head(cleaned: CleanedText, rules: Rules) -> PageHead:
    """Split a cleaned dump into the page head and tail around the kept body."""
    lines = [line for line in cleaned.lines if line.text]
    kept = [i for i, line in enumerate(lines) if line.keep]
    first = kept[0] if kept else len(lines)
    last = kept[-1] if kept else len(lines)
    head = tuple(lines[max(0, first - HEAD_MAX_LINES): first])
    tail = tuple(line for line in lines[last + 1: last + 1 + TAIL_MAX_LINES] if not line.keep)
    lead = " ".join(cleaned.paragraphs)
    byline_words = sorted(
        {word for phrases in rules.phrase_sources(cleaned.language)
         for word in phrases.get(Concept.BYLINE, ((), (), (), ()))[1]},
        key=len, reverse=True,
    )
    inline = (
        re.compile(
            r"(?:^|[\s|·•,/])(?:" + "|".join(re.escape(w.rstrip(":")) for w in byline_words)
            + r")\s*:?\s+(?P<rest>\S.*)$",
            re.IGNORECASE,
        )
        if byline_words else None
    )
    opening = tuple(lines[first: kept[min(len(kept), BODY_DATE_LINES) - 1] + 1]) if kept else ()
    patterns = rules.date_patterns(cleaned.language)

    def dated(lines: Sequence[LineVerdict]) -> dict[int, tuple[LineDate, ...]]:
        return {
            index: found for index, line in enumerate(lines)
            if (found := line_dates(
                line, patterns, cleaned.language, rules, lines[index + 1].text if index + 1 < len(lines) else None
            ))
        }

    return PageHead(
        head=head,
        opening=opening,
        tail=tail,
        body_words=frozenset(content_words(lead, rules.language(cleaned.language))),
        language=rules.language(cleaned.language),
        inline_byline=inline,
        head_dates=dated(head),
        opening_dates=dated(opening),
        tail_dates=dated(tail),
        far_dates=dated(lines[max(0, first - FAR_HEAD_MAX_LINES): max(0, first - HEAD_MAX_LINES)]),
    )


def extract_source(page: PageHead, named: str | None) -> str | None:
    """The source the lead prefix names, spelt as the page head spells it."""
    if not named:
        return None
    wanted = named.casefold()
    for line in reversed(page.head):
        for word in line.text.split():
            if word.strip(",.:;()").casefold() == wanted:
                return word.strip(",.:;()")
    return named
