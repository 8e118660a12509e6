"""The page head: the lines around the article that metadata is read from, and what every
field's rules ask of a line (its phrase group, its words, whether it signs a quotation)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from generator.clean.lines import WIDE_CHAR, WORD
from generator.clean.rules import Concept, LanguageRules
from generator.models import LineVerdict

if TYPE_CHECKING:
    from generator.metadata.dates import LineDate

HEAD_MAX_LINES = 80
"""How far above the first paragraph the page head may reach (menus can be long)."""

FAR_HEAD_MAX_LINES = 160
"""How far above the first paragraph a date is still looked for, when the head shows none:
a long menu or a widget may stand between the article's header and its text."""

TAIL_MAX_LINES = 30
"""Lines after the body still searched for a date (some sites print it below the article)."""

BODY_DATE_LINES = 5
"""The first kept lines are searched for a date too: a byline with its date sometimes
passes for the article's first line."""


@dataclass(frozen=True, slots=True)
class PageHead:
    """The lines metadata is read from, with the page's language rules."""

    head: tuple[LineVerdict, ...]
    """Non-blank lines above the first kept line, nearest last."""
    opening: tuple[LineVerdict, ...]
    """The lines from the first kept line to the BODY_DATE_LINES-th (a byline with its date
    between the lead and the second paragraph included)."""
    tail: tuple[LineVerdict, ...]
    """Non-blank lines just after the last kept line."""
    body_words: frozenset[str]
    language: LanguageRules
    inline_byline: re.Pattern[str] | None
    """A byline word inside a line ("11/19/2019 by Lars Brandle"), the name after it."""
    head_dates: Mapping[int, tuple[LineDate, ...]] = field(default_factory=dict)
    """The dates each head line holds (``line_dates``), by position; lines without any left out."""
    opening_dates: Mapping[int, tuple[LineDate, ...]] = field(default_factory=dict)
    tail_dates: Mapping[int, tuple[LineDate, ...]] = field(default_factory=dict)
    far_dates: Mapping[int, tuple[LineDate, ...]] = field(default_factory=dict)
    """The dates of the lines above the head, up to FAR_HEAD_MAX_LINES above the article."""


STEM_CHARS = 5
"""Words are compared by their first letters, a crude stem that lets a headline's
"unite" meet the body's "uniting" and inflected forms meet in Russian or Finnish."""


def content_words(text: str, language: LanguageRules) -> list[str]:
    """Stems of the words that carry meaning; CJK text as character pairs."""
    folded = text.casefold()
    if WIDE_CHAR.search(folded):
        chars = [ch for ch in folded if WIDE_CHAR.match(ch)]
        return [a + b for a, b in pairwise(chars)]
    return [
        w[:STEM_CHARS] for w in WORD.findall(folded)
        if w not in language.stopwords and not w.isdigit()
    ]


ATTRIBUTION = re.compile(r"^[—–―]\s*[^\W\d_]")
ATTRIBUTION_MAX_CHARS = 120
"""A short line opening with a dash and a name signs a quotation above it ("— David
McKinley on Sunday, October 13th, 2019 in ...", "— Rep. Ilhan Omar (@Ilhan) November 19,
2019"): the line above is a quote or an embedded post, not the headline, and the date in the
signature is not the article's."""


def is_attribution(text: str) -> bool:
    """Whether the line signs the quotation above it (``ATTRIBUTION``)."""
    return len(text) <= ATTRIBUTION_MAX_CHARS and ATTRIBUTION.match(text) is not None


def concept_of(line: LineVerdict) -> Concept | None:
    """The phrase group the cleaner found for a line."""
    return Concept(line.concept) if line.concept else None


def clean_title(text: str) -> str:
    """The headline as printed, single-spaced."""
    return " ".join(text.split())
