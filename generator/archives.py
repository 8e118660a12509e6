"""Archives: the site's articles grouped by year, month, source, author and language.

One pass over the sorted articles files each into its groups; every group keeps the articles'
order (newest first, undated last). Dates are grouped by the article's own calendar (its
published offset), as its permalink and its page show it, so an article dated 30 November
23:00 in Jakarta stays in November.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from generator.models import Article
from generator.urls import (
    author_url,
    language_key,
    language_url,
    month_url,
    name_key,
    source_url,
    split_authors,
    undated_url,
    year_url,
)


class ArchiveKind(Enum):
    """What an archive groups by; each kind has its own page template branch and index."""

    YEAR = "year"
    MONTH = "month"
    UNDATED = "undated"
    SOURCE = "source"
    AUTHOR = "author"
    LANGUAGE = "language"


@dataclass(frozen=True, slots=True)
class Archive:
    """One group of articles, listed on its own paginated pages."""

    kind: ArchiveKind
    name: str
    """The group as written: the source's or author's name (first spelling met), the language
    code, ``2020`` or ``2020-11``; empty for the undated articles."""
    url: str
    """First page of the archive, relative to the site root."""
    articles: tuple[Article, ...]
    period: dt.date | None = None
    """First day of the year or month, for YEAR and MONTH archives."""


def collect_archives(articles: Sequence[Article], default_language: str) -> list[Archive]:
    """Every archive of the site: years (newest first) with their months, then the undated
    articles, then sources, authors and languages by name."""
    years: dict[int, list[Article]] = {}
    months: dict[tuple[int, int], list[Article]] = {}
    undated: list[Article] = []
    sources: dict[str, tuple[str, list[Article]]] = {}
    authors: dict[str, tuple[str, list[Article]]] = {}
    languages: dict[str, list[Article]] = {}
    for article in articles:
        if article.date is None:
            undated.append(article)
        else:
            years.setdefault(article.date.year, []).append(article)
            months.setdefault((article.date.year, article.date.month), []).append(article)
        if article.source:
            sources.setdefault(name_key(article.source), (article.source, []))[1].append(article)
        for author in split_authors(article.author):
            authors.setdefault(name_key(author), (author, []))[1].append(article)
        languages.setdefault(language_key(article.language or default_language), []).append(article)
    archives: list[Archive] = []
    for year in sorted(years, reverse=True):
        archives.append(Archive(ArchiveKind.YEAR, f"{year:04d}", year_url(year), tuple(years[year]),
                                dt.date(year, 1, 1)))
        for month in sorted((m for (y, m) in months if y == year), reverse=True):
            archives.append(Archive(ArchiveKind.MONTH, f"{year:04d}-{month:02d}", month_url(year, month),
                                    tuple(months[year, month]), dt.date(year, month, 1)))
    if undated:
        archives.append(Archive(ArchiveKind.UNDATED, "", undated_url(), tuple(undated)))
    for kind, groups, url_of in ((ArchiveKind.SOURCE, sources, source_url), (ArchiveKind.AUTHOR, authors, author_url)):
        for name, members in sorted(groups.values(), key=lambda group: (group[0].casefold(), group[0])):
            archives.append(Archive(kind, name, url_of(name), tuple(members)))
    for code in sorted(languages):
        archives.append(Archive(ArchiveKind.LANGUAGE, code, language_url(code), tuple(languages[code])))
    return archives


def archives_of_kind(archives: Sequence[Archive], *kinds: ArchiveKind) -> list[Archive]:
    return [archive for archive in archives if archive.kind in kinds]


T = TypeVar("T")


def stable_parts(items: Sequence[T], size: int) -> list[tuple[int, Sequence[T]]]:
    """A newest-first list cut into parts that keep their items when newer ones arrive, newest
    part first, each with its number: part 0 holds the newest items (between ``size`` and
    ``2 * size - 1`` of them, or all when fewer); the older parts hold exactly ``size`` each and
    are numbered from the oldest (part 1 holds the oldest). Adding an item changes part 0 only,
    and once every ``size`` items adds a part. Never empty."""
    older = max(0, len(items) // size - 1)
    newest = len(items) - older * size
    return [(0, items[:newest])] + [
        (number, items[newest + (older - number) * size : newest + (older - number + 1) * size])
        for number in range(older, 0, -1)
    ]
