"""Title: the headline among the page head's lines, scored by where it stands (above the
byline, the date and the standfirst, apart from lists of teasers) and by the words it shares
with the article."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import NamedTuple

from generator.clean.lines import WIDE_CHAR, line_concept
from generator.clean.rules import Concept, LanguageRules
from generator.metadata.dates import DATE_LINE_MAX_CHARS, date_runs, shows_date
from generator.metadata.page import PageHead, clean_title, concept_of, content_words, is_attribution

TITLE_MIN_CHARS = 8
TITLE_MAX_CHARS = 200
"""A headline is longer than a label and shorter than a paragraph."""

TITLE_MIN_WORDS = 3
"""Fewer words is a section label ("Lung Health", "CANNABIS") printed above the headline."""

LABEL_MAX_WORDS = 4
"""An all-capitals line of up to this many words is a kicker or section name, not a title."""

TITLE_MIN_OVERLAP = 0.2
"""Share of a candidate's content words that recur in the article for a far candidate to be
the headline; a teaser for another story shares almost none. Near candidates compete on
overlap and nearness alone."""

HEADLINE_MAX_WORDS = 16
"""Headlines are short; a longer line above the article is more often a standfirst or a
caption, and loses LONG_PENALTY per extra word."""

LONG_PENALTY = 0.03

PAIR_LINES = 2
PAIR_OVERLAP_SHARE = 0.5
"""A headline up to two lines above a standfirst (a comment count or a kicker may stand
between) wins if it shares at least this share of the standfirst's overlap with the article."""

PAIR_MAX_WORDS = 2 * HEADLINE_MAX_WORDS
"""A headline above its standfirst may run long (a quote in it); a line longer than this is
itself a standfirst."""

STANDFIRST_BONUS = 0.3
STANDFIRST_MIN_OVERLAP = 0.3
"""A headline stands right above its standfirst: a line longer than HEADLINE_MAX_WORDS that
ends a sentence and of whose content words at least this share recur in the article."""

SET_APART_MIN_WORDS = 2
"""A line set apart right above the byline, the date or the standfirst may be a headline of
two words ("Das Imperialismus-Phantom")."""

BYLINE_LINES = 6
BYLINE_BONUS = 0.3
"""A headline is followed within a few lines (share buttons may stand between) by the byline
or the date; a teaser for another story or a caption is not."""

HEAD_MARKER_LABELS = frozenset({Concept.BYLINE.value, Concept.AUTHOR_LABEL.value, Concept.DATE_LABEL.value})

WIDGET_LABELS = frozenset({
    Concept.SHARE.value, Concept.COMMENTS.value, Concept.NAVIGATION.value, Concept.LOGIN.value, Concept.ADS.value,
})
"""Lines that do not count when measuring how far a headline stands above its byline: share
buttons, a comment count, a "Close" or "Video" button."""

BELOW_BYLINE_PENALTY = 0.3
"""Taken from a candidate printed under the byline that ends the article's header."""

LIST_PENALTY = 0.3
LIST_MIN_RUN = 4
"""Taken from a candidate inside a run of at least LIST_MIN_RUN headline-like lines: an item
in a list of teasers. A headline stands apart, with at most a kicker above it and a
standfirst below (a run of three); at the end of a teaser list it stands above its byline."""

OVERLAP_PRIOR = 2
"""Words added to every candidate's count when measuring overlap: two words of a section
label ("Science & Technology") that recur in the article are weaker evidence than eight of
a ten-word headline."""

NEARNESS_WEIGHT = 0.5
"""How much being close above the article counts against sharing its words."""

TITLE_NEAR_LINES = 40
"""Headlines sit close above the article; farther candidates lose score linearly."""


def extract_title(page: PageHead, date_patterns: tuple[re.Pattern[str], ...] = ()) -> str | None:
    """The headline: among headline-like head lines, else among any short head lines."""
    return pick_title(page, date_patterns, strict=True) or pick_title(page, date_patterns, strict=False)


def pick_title(page: PageHead, date_patterns: tuple[re.Pattern[str], ...], strict: bool) -> str | None:
    """The head line that best matches the article: shares its words, sits close above it,
    and stands right above the byline or the date.

    Score = overlap + NEARNESS_WEIGHT * nearness + BYLINE_BONUS (within a few lines above a
    byline, an author label or a date, ``header_lines``) + STANDFIRST_BONUS (right above a
    standfirst, ``standfirst_lines``) - BELOW_BYLINE_PENALTY (under the byline that closes
    the article's header: a standfirst, a caption, a teaser) - LIST_PENALTY (inside a list
    of teasers, ``list_items``) - LONG_PENALTY per word past HEADLINE_MAX_WORDS. A headline
    and a headline-like standfirst both share the article's words and the standfirst sits
    closer, so the nearest headline-like line above the winner is taken instead when it
    reads as its headline (``is_headline_above``): headline first, standfirst under it, is
    how pages are laid out. Not when that line is a list item, nor when the winner has a
    standfirst of its own right under it (then the line above is a kicker)."""
    scored = score_titles(page, date_patterns, strict)
    if not scored:
        return None
    best = max(scored, key=lambda item: item.score)
    above = min(
        (item for item in scored if item.distance > best.distance), key=lambda item: item.distance, default=None
    )
    if (
        above is not None and not above.listed and not best.over_standfirst
        and is_headline_above(above, best, page)
    ):
        return clean_title(above.text)
    return clean_title(best.text)


class TitleCandidate(NamedTuple):
    """A head line scored as the headline (see ``pick_title``)."""

    score: float
    overlap: float
    distance: int
    """Lines above the article."""
    text: str
    listed: bool
    """Headline-like lines stand right above and below it: an item in a list of teasers."""
    over_standfirst: bool
    """A standfirst stands right under it."""


def score_titles(
    page: PageHead, date_patterns: tuple[re.Pattern[str], ...], strict: bool
) -> list[TitleCandidate]:
    """Each candidate line with its score; see ``pick_title``. Candidates are the head lines
    that pass ``is_title_like`` (bar dates and lines signed as quotations), and when strict
    also the lines set apart where a headline stands (``set_apart_lines``)."""
    markers = head_markers(page, date_patterns)
    candidates: dict[int, tuple[str, list[str]]] = {}
    for position, line in enumerate(page.head):
        text = line.text
        if not is_title_like(text, page.language, strict, concept_of(line)):
            continue
        if shows_date(text, date_patterns):
            continue
        if position + 1 < len(page.head) and is_attribution(page.head[position + 1].text):
            continue
        words = list(dict.fromkeys(content_words(text, page.language)))
        if words:
            candidates[position] = (text, words)
    standfirsts = standfirst_lines(page, candidates, markers)
    if strict:
        candidates.update(set_apart_lines(page, markers | standfirsts, candidates, date_patterns, standfirsts))
    if not candidates:
        return []
    headed, header_end = header_lines(page, markers, candidates)
    inner = list_items(candidates)
    scored: list[TitleCandidate] = []
    last = len(page.head) - 1
    for position, (text, words) in candidates.items():
        distance = last - position
        overlap = sum(1 for w in words if w in page.body_words) / (len(words) + OVERLAP_PRIOR)
        nearness = max(0.0, 1.0 - distance / TITLE_NEAR_LINES)
        if overlap < TITLE_MIN_OVERLAP and nearness <= 0:
            continue
        excess = max(0, len(text.split()) - HEADLINE_MAX_WORDS)
        listed = position in inner
        score = (
            overlap + NEARNESS_WEIGHT * nearness - LONG_PENALTY * excess
            + (BYLINE_BONUS if position in headed else 0.0)
            + (STANDFIRST_BONUS if position + 1 in standfirsts else 0.0)
            - (BELOW_BYLINE_PENALTY if header_end is not None and position > header_end else 0.0)
            - (LIST_PENALTY if listed else 0.0)
        )
        scored.append(TitleCandidate(score, overlap, distance, text, listed, position + 1 in standfirsts))
    return scored


def set_apart_lines(
    page: PageHead, markers: frozenset[int], candidates: Collection[int],
    date_patterns: tuple[re.Pattern[str], ...], standfirsts: frozenset[int] = frozenset(),
) -> dict[int, tuple[str, list[str]]]:
    """Lines the strict test refused for their form alone, standing where a headline stands.

    Right above a byline or a date, with no headline-like line right above them: a two-word
    headline ("Classificação NASCAR") or one with full stops ("... They just might be."); a
    standfirst there would stand under its headline, so is left out. Right above a
    standfirst: a two-word headline only (a kicker may stand above it). Up to
    HEADLINE_MAX_WORDS words."""
    found: dict[int, tuple[str, list[str]]] = {}
    for marker in markers:
        position = marker - 1
        if position < 0 or position in candidates or position in markers or (
            position - 1 in candidates and marker not in standfirsts
        ):
            continue
        line = page.head[position]
        text = line.text
        if not is_title_like(
            text, page.language, marker in standfirsts, concept_of(line), min_words=SET_APART_MIN_WORDS
        ):
            continue
        if not SET_APART_MIN_WORDS <= len(text.split()) <= HEADLINE_MAX_WORDS:
            continue
        if shows_date(text, date_patterns):
            continue
        words = list(dict.fromkeys(content_words(text, page.language)))
        if words:
            found[position] = (text, words)
    return found


def standfirst_lines(page: PageHead, candidates: Collection[int], markers: Collection[int]) -> frozenset[int]:
    """Head lines that read as a standfirst: not headline-like, no widget, byline or date,
    longer than a headline, ending a sentence, and speaking of the article (at least
    STANDFIRST_MIN_OVERLAP of their content words recur in it)."""
    found: set[int] = set()
    for position, line in enumerate(page.head):
        if position in candidates or position in markers or concept_of(line) is not None:
            continue
        text = line.text
        if len(text.split()) <= HEADLINE_MAX_WORDS or not text.endswith((".", "!", "?")):
            continue
        words = list(dict.fromkeys(content_words(text, page.language)))
        if words and sum(1 for w in words if w in page.body_words) / len(words) >= STANDFIRST_MIN_OVERLAP:
            found.add(position)
    return frozenset(found)


def list_items(candidates: Collection[int]) -> frozenset[int]:
    """The candidates inside a run of at least LIST_MIN_RUN consecutive headline-like lines,
    its first and last excepted: items of a list of teasers. A headline may end such a run
    (standing above its byline) or start it (above captions), not sit inside it."""
    inner: set[int] = set()
    for position in candidates:
        if position - 1 in candidates:
            continue
        end = position
        while end + 1 in candidates:
            end += 1
        if end - position + 1 >= LIST_MIN_RUN:
            inner.update(range(position + 1, end))
    return frozenset(inner)


def header_lines(
    page: PageHead, markers: frozenset[int], candidates: dict[int, object]
) -> tuple[frozenset[int], int | None]:
    """The candidates that stand above a byline or a date, and where the article's header ends.

    A candidate within BYLINE_LINES lines above a marker (widget lines such as share
    buttons not counted) may be the headline that byline or date belongs to. The lowest
    byline (or author label) with a candidate above it ends the article's header: what
    follows it down to the article is a standfirst, a caption or a teaser, not the headline."""
    headed: set[int] = set()
    header_end: int | None = None
    for marker in sorted(markers):
        counted = 0
        for position in range(marker - 1, -1, -1):
            if position in candidates:
                headed.add(position)
                if concept_of(page.head[marker]) in (Concept.BYLINE, Concept.AUTHOR_LABEL):
                    header_end = marker
            elif page.head[position].label in WIDGET_LABELS:
                continue
            counted += 1
            if counted >= BYLINE_LINES:
                break
    return frozenset(headed), header_end


def is_headline_above(above: TitleCandidate, best: TitleCandidate, page: PageHead) -> bool:
    """Whether the nearest candidate above the winner is its headline: within PAIR_LINES,
    at most PAIR_MAX_WORDS long, sharing PAIR_OVERLAP_SHARE of the winner's overlap with the article,
    and either shorter and right above it, or sharing a word with it (a headline and its
    standfirst speak of the same thing) without being a breadcrumb that holds it."""
    overlap, distance, text = above.overlap, above.distance, above.text
    words = len(text.split())
    if (
        distance - best[2] > PAIR_LINES
        or overlap < PAIR_OVERLAP_SHARE * best[1]
        or not TITLE_MIN_WORDS <= words <= PAIR_MAX_WORDS
    ):
        return False
    if distance - best[2] == 1 and words < len(best[3].split()):
        return True
    shared = set(content_words(text, page.language)) & set(content_words(best[3], page.language))
    return bool(shared) and clean_title(best[3]).casefold() not in clean_title(text).casefold()


def head_markers(page: PageHead, date_patterns: tuple[re.Pattern[str], ...]) -> frozenset[int]:
    """Positions in the head of the lines that follow a headline: bylines, author and date
    labels, short lines with a date (not an item's in a list of dated stories)."""
    listed = date_runs(page.head_dates)
    return frozenset(
        index for index, line in enumerate(page.head)
        if line.label in HEAD_MARKER_LABELS
        or (
            len(line.text) <= DATE_LINE_MAX_CHARS and not is_attribution(line.text) and index not in listed
            and shows_date(line.text, date_patterns)
        )
    )


INNER_SENTENCE_END = re.compile(r"(\w{3})[.!?]\s+(\w)")
"""A word, a full stop and the next sentence ("...fuelled the crisis. It is up to..."): a
standfirst or a caption of two sentences; "Rep. Omar" and "U.S. Army" do not count, since
the word before the stop must be three lower-case letters long."""


def is_title_like(
    text: str, language: LanguageRules, strict: bool = True, concept: Concept | str | None = "unknown",
    min_words: int = TITLE_MIN_WORDS,
) -> bool:
    """Long enough, not a widget; when strict also not a sentence (a standfirst or caption
    ends with a full stop) nor a section label. ``concept``: the line's phrase group when
    the caller knows it (a ``LineVerdict``'s), else it is matched here."""
    if isinstance(concept, str):
        concept = line_concept(text, language)
    wide = len(WIDE_CHAR.findall(text))
    size = len(text) + 2 * wide
    if not TITLE_MIN_CHARS <= size <= TITLE_MAX_CHARS:
        return False
    if not strict:
        return concept is None
    if text.endswith((":", ",", ";", ",...")) or text.startswith(("http", "www.")) or "©" in text:
        return False
    if text.endswith(".") and not text.endswith(("...", "..")):
        return False
    if any(
        match.group(1).isalpha() and match.group(1).islower() and match.group(2).isupper()
        for match in INNER_SENTENCE_END.finditer(text)
    ):
        return False
    words = text.split()
    if not wide and sum(1 for w in words if any(ch.isalnum() for ch in w)) < min_words:
        return False
    if len(words) <= LABEL_MAX_WORDS and text == text.upper() and any(ch.isalpha() for ch in text):
        return False
    return concept is None
