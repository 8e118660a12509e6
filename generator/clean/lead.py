"""The dateline prefix of a lead paragraph: "SEOUL, KOMPAS.com - Para pejabat ..." .

Agencies and many sites open the first paragraph with the place (in capitals), sometimes its
region, the agency or the site's name, and a dash. A site's stamp is metadata, not article
text: the cleaner moves it out of the body into ``CleanedText.lead_prefix``. An agency's
dateline is how the story opens and stays in it. The metadata stage reads the dateline and the
source from either (``read_lead_prefix``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEAD_PREFIX = re.compile(
    r"^(?P<prefix>"
    r"(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’ -]{1,40}?)"  # the place, in capitals
    r"(?:,\s*(?P<after>[A-Za-zÀ-ÖØ-öø-ÿ][\w.&'’ -]{1,40}?))?"  # , KOMPAS.com / , N.Y.
    r"(?:\s*\((?P<agency>[^)]{2,40})\))?"  # (Reuters), (AP)
    r"\s*[-–—]+\s+)"  # the dash
    r"(?=\S)"
)
"""Capitals only for the place: "JAKARTA" or "NEW YORK", never an ordinary sentence start."""

SITE_NAME = re.compile(r"\.[A-Za-z]{2,}\b")
"""A site names itself by its domain ("KOMPAS.com", "Tribunnews.com", "KOMPAS.TV"); after the
place's comma anything else is the place's region or country ("BUFFALO, N.Y.", "DUBAI, United
Arab Emirates")."""

MIN_PLACE_LETTERS = 3
"""Fewer capitals ("AS - ", "PM - ") are an abbreviation, not a place."""


@dataclass(frozen=True, slots=True)
class LeadPrefix:
    """The parts of a dateline prefix."""

    text: str
    """The prefix with its dash, without the space after it."""
    dateline: str
    """The place, with its region when the page names one: "SEOUL", "BUFFALO, N.Y."."""
    site: str | None
    """The site that stamps its own name on the lead: "KOMPAS.com"."""
    agency: str | None
    """The agency the story comes from: "Reuters", "AP"."""

    @property
    def source(self) -> str | None:
        return self.site or self.agency


def split_lead_prefix(paragraph: str) -> tuple[str | None, str]:
    """(prefix without the dash's trailing space, rest of the paragraph) or (None, paragraph).

    Only a site's stamp ("SEOUL, KOMPAS.com -") is cut: it brands the page, not the story. An
    agency's dateline ("WASHINGTON (Reuters) -") opens the story as the agency wrote it, and a
    place alone ("KOBE –", "BUFFALO, N.Y. —") is the writer's own opening: both stay in the
    text, and ``read_lead_prefix`` still reads the place and the agency from them."""
    lead = read_lead_prefix(paragraph)
    if lead is None or lead.site is None:
        return None, paragraph
    return lead.text, paragraph[len(lead.text) :].lstrip()


def read_lead_prefix(paragraph: str) -> LeadPrefix | None:
    """The dateline prefix a paragraph opens with, read into its parts; None when it opens
    with none (a place not in capitals, an abbreviation, a lower-case word after the comma
    that names no site)."""
    match = LEAD_PREFIX.match(paragraph)
    if match is None:
        return None
    place = match.group("place").strip()
    if sum(ch.isalpha() for ch in place) < MIN_PLACE_LETTERS or place != place.upper():
        return None
    after = (match.group("after") or "").strip()
    site = after if SITE_NAME.search(after) else None
    if after and not site and not after[0].isupper():
        return None
    dateline = f"{place}, {after}" if after and not site else place
    return LeadPrefix(match.group("prefix").strip(), dateline, site, (match.group("agency") or "").strip() or None)
