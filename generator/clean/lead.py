"""The dateline prefix of a lead paragraph: "SEOUL, KOMPAS.com - Para pejabat ..." .

Agencies and many sites open the first paragraph with the place (in capitals), sometimes the
source, and a dash. It is metadata, not article text: the cleaner moves it out of the body
into ``CleanedText.lead_prefix`` and the metadata stage reads the dateline from it.
"""

from __future__ import annotations

import re

LEAD_PREFIX = re.compile(
    r"^(?P<prefix>"
    r"(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’ -]{1,40}?)"  # the place, in capitals
    r"(?:\s*\((?P<agency>[^)]{2,40})\))?"  # (Reuters), (AP)
    r"(?:,\s*(?P<source>[A-Za-z][\w.&' -]{1,40}?))?"  # , KOMPAS.com
    r"\s*[-–—]+\s+)"  # the dash
    r"(?=\S)"
)
"""Capitals only for the place: "JAKARTA" or "NEW YORK", never an ordinary sentence start."""

MIN_PLACE_LETTERS = 3
"""Fewer capitals ("AS - ", "PM - ") are an abbreviation, not a place."""


def split_lead_prefix(paragraph: str) -> tuple[str | None, str]:
    """(prefix without the dash's trailing space, rest of the paragraph) or (None, paragraph).

    Only a prefix that names a source ("SEOUL, KOMPAS.com -", "WASHINGTON (Reuters) -") is
    cut: it is the site's stamp. A bare place ("KOBE –") is the writer's own opening and
    stays in the text; ``dateline_in`` still reads the place from it."""
    match = _place_match(paragraph)
    if match is None or not (match.group("source") or match.group("agency")):
        return None, paragraph
    rest = paragraph[match.end():]
    if not rest:
        return None, paragraph
    return match.group("prefix").strip(), rest


def dateline_in(paragraph: str) -> str | None:
    """The place a lead paragraph opens with ("KOBE – A total ..." -> "KOBE"), if any."""
    match = _place_match(paragraph)
    return match.group("place").strip() if match else None


def _place_match(paragraph: str) -> re.Match[str] | None:
    match = LEAD_PREFIX.match(paragraph)
    if match is None:
        return None
    place = match.group("place").strip()
    if sum(ch.isalpha() for ch in place) < MIN_PLACE_LETTERS or place != place.upper():
        return None
    return match


def dateline_of(prefix: str | None) -> str | None:
    """The place named in a lead prefix ("SEOUL, KOMPAS.com -" -> "SEOUL")."""
    if not prefix:
        return None
    match = LEAD_PREFIX.match(prefix + " x")
    return match.group("place").strip() if match else None


def source_of(prefix: str | None) -> str | None:
    """The source named in a lead prefix ("SEOUL, KOMPAS.com -" -> "KOMPAS.com")."""
    if not prefix:
        return None
    match = LEAD_PREFIX.match(prefix + " x")
    if match is None:
        return None
    return (match.group("source") or match.group("agency") or "").strip() or None
