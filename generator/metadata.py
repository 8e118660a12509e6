"""Metadata from a cleaned dump: title, date with its UTC offset, author, dateline, source.

One function per field, each a cascade of the evidence a dump offers (in the manner of
trafilatura's ``extract_metadata``). The evidence is the page head: the lines above the
article's first paragraph, where sites print the headline, the byline block and the date.
A field the dump does not support is None: nothing is guessed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import Enum
from itertools import pairwise
from typing import NamedTuple

from generator.clean.lead import read_lead_prefix
from generator.clean.lines import WIDE_CHAR, WORD, line_concept
from generator.clean.rules import Concept, LanguageRules, Rules, normalise_phrase
from generator.models import CleanedText, DeclaredMetadata, LineVerdict, Metadata

HEAD_MAX_LINES = 80
"""How far above the first paragraph the page head may reach (menus can be long)."""

FAR_HEAD_MAX_LINES = 160
"""How far above the first paragraph a date is still looked for, when the head shows none:
a long menu or a widget may stand between the article's header and its text."""

TAIL_MAX_LINES = 30
"""Lines after the body still searched for a date (some sites print it below the article)."""

DATE_LINE_MAX_CHARS = 100
"""A publication date stands on a short line (with a label, a byline, a time); a date inside
a longer line belongs to a caption or a sentence ("In this Nov. 10, 2019, photograph")."""

EMBED_ATTRIBUTION = re.compile(r"\(@\w{1,30}\)")
"""An embedded post's signature ("— Rep. Ilhan Omar (@Ilhan) November 19, 2019"): its date is
the post's, not the article's."""

BODY_DATE_LINES = 5
"""The first kept lines are searched for a date too: a byline with its date sometimes
passes for the article's first line."""

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

NAME_UNDER_TITLE_LINES = 5
NAME_UNDER_TITLE_MAX_WORDS = 4
"""A bare name counts as the author only close under the headline (a kicker, a standfirst
or a share bar may stand between) and only if short."""

NAME_MAX_WORDS = 6
NAME_MAX_CHARS = 60
"""An author's name (or two, "A and B") fits in a few words."""



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


ATTRIBUTION = re.compile(r"^[—–―]\s*[^\W\d_]")
ATTRIBUTION_MAX_CHARS = 120
"""A short line opening with a dash and a name signs a quotation above it ("— David
McKinley on Sunday, October 13th, 2019 in ...", "— Rep. Ilhan Omar (@Ilhan) November 19,
2019"): the line above is a quote or an embedded post, not the headline, and the date in the
signature is not the article's."""


def is_attribution(text: str) -> bool:
    """Whether the line signs the quotation above it (``ATTRIBUTION``)."""
    return len(text) <= ATTRIBUTION_MAX_CHARS and ATTRIBUTION.match(text) is not None


INNER_SENTENCE_END = re.compile(r"(\w{3})[.!?]\s+(\w)")
"""A word, a full stop and the next sentence ("...fuelled the crisis. It is up to..."): a
standfirst or a caption of two sentences; "Rep. Omar" and "U.S. Army" do not count, since
the word before the stop must be three lower-case letters long."""


def concept_of(line: LineVerdict) -> Concept | None:
    """The phrase group the cleaner found for a line."""
    return Concept(line.concept) if line.concept else None


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


def clean_title(text: str) -> str:
    """The headline as printed, single-spaced."""
    return " ".join(text.split())


def extract_date(page: PageHead, title: str | None = None) -> date | datetime | None:
    """The publication date, from the strongest evidence the page offers:

    1. a date labelled as the publication's ("Published ...", "Diterbitkan ...": a line the
       cleaner found to start with a date label, or a publish label before the date);
    2. a date in the article's header: the head lines under the headline (nearest it first;
       with no headline in the head, all head lines, nearest the article first), then the
       article's first lines; a revision's date ("Updated ...") only after them;
    3. a date above the headline (nearest it first: a kicker's date, not a masthead's "today"),
       a revision's after;
    4. a date further up, above the head (``FAR_HEAD_MAX_LINES``), nearest the article first;
    5. a date in the lines just after the article.

    Dates in a list of other stories or in comments are never the article's
    (``listed_lines``), nor is an embedded post's, a quotation's signature's or one inside a
    long line (``line_dates``). Relative dates ("2 hours ago", "Monday") name no day: none is
    invented, nor a time for a date printed without one (that is a ``date``), nor a zone for a
    time printed without one (a naive ``datetime``)."""
    anchor = title_position(page, title)
    head_skip = listed_lines(page.head_dates, page.head, anchor if anchor is not None else -1, after_heading=True)
    tail_skip = listed_lines(page.tail_dates, page.tail, -1, after_heading=False)
    kept_head = [i for i in page.head_dates if i not in head_skip]
    if anchor is None:
        below, above = sorted(kept_head, reverse=True), []
    else:
        below = sorted(i for i in kept_head if i > anchor)
        above = sorted((i for i in kept_head if i < anchor), reverse=True)
    header = [*(page.head_dates[i] for i in below), *page.opening_dates.values()]
    over = [page.head_dates[i] for i in above]
    tail = [page.tail_dates[i] for i in sorted(page.tail_dates) if i not in tail_skip]
    far_skip = date_runs(page.far_dates)
    far = [page.far_dates[i] for i in sorted(page.far_dates, reverse=True) if i not in far_skip]
    for kinds, lines in (
        ((DateKind.PUBLISHED,), [*header, *over, *tail]),
        ((DateKind.PLAIN,), header),
        ((DateKind.UPDATED,), header),
        ((DateKind.PLAIN,), over),
        ((DateKind.UPDATED,), over),
        ((DateKind.PUBLISHED, DateKind.PLAIN, DateKind.UPDATED), far),
        ((DateKind.PLAIN, DateKind.UPDATED), tail),
    ):
        for dates in lines:
            for found in dates:
                if found.kind in kinds:
                    return found.as_shown()
    return None


class DateKind(Enum):
    """What a date's label says of it."""

    PUBLISHED = "published"
    PLAIN = "plain"
    UPDATED = "updated"


class LineDate(NamedTuple):
    """A date found in a line, with what its label says of it and whether the line showed
    its time of day (without one, ``when`` is that day's midnight, which no page shows)."""

    when: datetime
    kind: DateKind
    timed: bool = True

    def as_shown(self) -> date | datetime:
        """The date as the page shows it: a ``date`` when no time of day was printed."""
        return self.when if self.timed else self.when.date()


DIGIT = re.compile(r"\d")
"""Every date pattern has a digit in it (a day, a year): a line without one holds no date."""

TIME_LINE = re.compile(r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s*[aApP]\.?\s?[mM]\.?)?(?:\s*\(?[A-Z]{1,5}\)?)?")
"""A line that is only a time of day, perhaps with a zone ("5:50 PM", "20:06 WIB"): printed
under a date-only line, it is that date's time."""


DATES_REMEMBERED = 8192
"""Texts whose dates ``text_dates``, ``find_date`` and ``shows_date`` remember, each (the least
recently used are forgotten). Their keys hold the language's ``DatePatterns``, hashed by
identity."""


def line_dates(
    line: LineVerdict, patterns: tuple[re.Pattern[str], ...], language: str | None, rules: Rules,
    following: str | None = None,
) -> tuple[LineDate, ...]:
    """The dates a candidate line holds, in its order, one per labelled part: the text before
    the first label, then each label's part up to the next label ("November 19, 2019 | 4:20am
    | Updated November 19, 2019 | 9:32pm" holds a plain date and a revision's). A line the
    cleaner found to start with a date label gives its unlabelled date as the publication's.
    A time without a zone takes the zone of another time in the line (``line_zone``). A date
    without a time takes the one on the ``following`` line when that line is only a time
    (``TIME_LINE``: "Nov. 19, 2019" over "5:50 PM"); otherwise it stays without one. None for
    a long line, an embedded post's signature or a quotation's."""
    text = line.text
    first_kind = DateKind.PUBLISHED if concept_of(line) is Concept.DATE_LABEL else DateKind.PLAIN
    found = text_dates(text, first_kind, patterns, language, rules)
    if (
        found and following is not None and not any(found_date.timed for found_date in found)
        and TIME_LINE.fullmatch(following.strip())
        and len(text) + len(following) < DATE_LINE_MAX_CHARS
    ):
        return text_dates(f"{text} {following.strip()}", first_kind, patterns, language, rules)
    return found


@functools.lru_cache(maxsize=DATES_REMEMBERED)
def text_dates(
    text: str, first_kind: DateKind, patterns: tuple[re.Pattern[str], ...], language: str | None, rules: Rules
) -> tuple[LineDate, ...]:
    """``line_dates`` of a line's own text, its unlabelled part of ``first_kind``; remembered
    as ``find_date`` is."""
    if (len(text) > DATE_LINE_MAX_CHARS or not DIGIT.search(text) or EMBED_ATTRIBUTION.search(text)
            or is_attribution(text)):
        return ()
    labels = date_labels(rules)
    cuts = [
        (match.start(), kind) for match in labels.pattern.finditer(text)
        if (kind := labels.kinds.get(normalise_phrase(match.group()))) is not None
    ]
    parts = [(0, first_kind), *cuts]
    found: list[LineDate] = []
    for (start, kind), (end, _) in zip(parts, [*cuts, (len(text), first_kind)], strict=True):
        shown = find_date(text[start:end], patterns, language, rules)
        if shown is not None:
            found.append(LineDate(shown[0], kind, timed=shown[1]))
    zone = next((found_date.when.tzinfo for found_date in found if found_date.when.tzinfo is not None), None) or (
        line_zone(text, rules) if found else None
    )
    return tuple(
        found_date._replace(when=found_date.when.replace(tzinfo=zone))
        if found_date.timed and found_date.when.tzinfo is None and zone else found_date
        for found_date in found
    )


@functools.cache
def zoned_time(rules: Rules) -> re.Pattern[str]:
    """A time of day with a zone abbreviation of the rules after it ("5:36 PM CST", "17:36 GMT+7")."""
    zones = "|".join(sorted((re.escape(name) for name in rules.zones), key=len, reverse=True))
    return re.compile(
        r"\b\d\d?[:.]\d\d\s*(?:[ap]\.?\s?m\.?)?\s*\(?(?-i:(?P<zone>" + zones
        + r")(?![^\W\d_A-Z]))(?:\s?(?P<offset>[+-]\d\d?(?::?\d\d)?))?",
        re.IGNORECASE,
    )


def line_zone(text: str, rules: Rules) -> tzinfo | None:
    """The zone of a time printed in the line: a line prints its times in one zone, so a date
    without one beside "Updated at 5:36 PM CST" is in CST."""
    match = zoned_time(rules).search(text)
    return zone_of(match.group("zone"), match.group("offset"), rules) if match else None


class DateLabels(NamedTuple):
    """The date labels of ``dates.toml``: one pattern for all, each label's kind."""

    pattern: re.Pattern[str]
    kinds: dict[str, DateKind]


@functools.cache
def date_labels(rules: Rules) -> DateLabels:
    """The rules' date labels (``[labels]`` of ``rules/dates.toml``) as one pattern: words of a
    Latin or Cyrillic script match as whole words, CJK labels anywhere."""
    kinds: dict[str, DateKind] = {}
    for kind in (DateKind.PUBLISHED, DateKind.UPDATED):
        for word in rules.date_labels.get(kind.value, ()):
            kinds[normalise_phrase(word)] = kind
    words = sorted(kinds, key=len, reverse=True)
    # The word edges are tested once around all the words, not in each alternative: the
    # pattern is tried at every position of every dated line (eight times faster).
    latin = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words if not WIDE_CHAR.search(word))
    wide = "|".join(re.escape(word) for word in words if WIDE_CHAR.search(word))
    alternatives = ([r"(?<![^\W\d_])(?:" + latin + r")(?![^\W\d_])"] if latin else []) + ([wide] if wide else [])
    return DateLabels(re.compile("|".join(alternatives) or "(?!)", re.IGNORECASE), kinds)


def title_position(page: PageHead, title: str | None) -> int | None:
    """The headline's line in the head (the one nearest the article when printed twice)."""
    if not title:
        return None
    positions = [index for index, line in enumerate(page.head) if clean_title(line.text) == title]
    return positions[-1] if positions else None


LIST_GAP_LINES = 5
LIST_MIN_DATES = 3
"""A run of at least LIST_MIN_DATES dated lines, each within LIST_GAP_LINES lines of the next
and naming at least two days, is a list of other stories with their dates: an article's
header prints one date, and perhaps its revision's."""

LIST_HEADINGS = frozenset({Concept.READ_ALSO, Concept.END_OF_ARTICLE, Concept.COMMENTS})
"""Headings of lists of other stories and of comments ("More stories like this one",
"Lesen Sie auch", "Comments"): the dates under them are the stories' and the readers'."""


def listed_lines(
    found: Mapping[int, tuple[LineDate, ...]], lines: Sequence[LineVerdict], start: int, after_heading: bool
) -> frozenset[int]:
    """Positions of dated lines that belong to a list of other stories or to comments: under
    a list heading below ``start`` (the headline's position; -1 when none) - in the head
    under the last such heading when the lines under it name at least two days
    (``after_heading``: a list stands between the header and the article; a lone heading
    there may be a widget's), in the tail under the first (the article's own date may stand
    right after it, before the lists and comments) - and the runs of dated lines
    (``date_runs``) split at those headings."""
    skipped: set[int] = set()
    headings = [
        index for index, line in enumerate(lines)
        if index > start and concept_of(line) in LIST_HEADINGS
    ]
    if headings:
        heading = headings[-1] if after_heading else headings[0]
        under = [index for index in found if index > heading]
        if not after_heading or len({date.when.date() for index in under for date in found[index]}) >= 2:
            skipped.update(under)
    rest = {index: dates for index, dates in found.items() if index not in skipped}
    return frozenset(skipped | date_runs(rest, headings))


def date_runs(found: Mapping[int, tuple[LineDate, ...]], breaks: Collection[int] = ()) -> frozenset[int]:
    """Positions of dated lines in a run of at least LIST_MIN_DATES, each within
    LIST_GAP_LINES lines of the next (no position of ``breaks`` between) and naming at
    least two days: a list of other stories with their dates."""
    listed: set[int] = set()
    run: list[int] = []
    for index in [*sorted(found), None]:
        if index is not None and (
            not run or (index - run[-1] <= LIST_GAP_LINES and not any(run[-1] < b < index for b in breaks))
        ):
            run.append(index)
            continue
        days = {date.when.date() for position in run for date in found[position]}
        if len(run) >= LIST_MIN_DATES and len(days) >= 2:
            listed.update(run)
        run = [index] if index is not None else []
    return frozenset(listed)


@functools.lru_cache(maxsize=DATES_REMEMBERED)
def shows_date(text: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    """Whether a date pattern matches somewhere in the text, a real date or not (a headline
    holds none). Remembered, as ``find_date``: the page head is the site's template."""
    return any(pattern.search(text) for pattern in patterns)


def parse_date(
    text: str, patterns: tuple[re.Pattern[str], ...], language: str | None, rules: Rules
) -> datetime | None:
    """The first date a pattern finds in the text, with its zone when the text shows one."""
    found = find_date(text, patterns, language, rules)
    return found[0] if found else None


@functools.lru_cache(maxsize=DATES_REMEMBERED)
def find_date(
    text: str, patterns: tuple[re.Pattern[str], ...], language: str | None, rules: Rules
) -> tuple[datetime, bool] | None:
    """``parse_date``'s date, and whether the text showed its time of day. Remembered: a site's
    template prints the same dated lines on every page, and a page's lines are read for dates
    in several passes (in 380 bench dumps, one text in four is new)."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            found = date_from_match(match, language, rules)
            if found is not None:
                return found, match.groupdict().get("hour") is not None
    return None


SHORT_YEAR_LIMIT = 100
SHORT_YEAR_CENTURY = 2000
"""A two-digit year ("11/18/19 11:04 PM") is read in this century."""


def date_from_match(match: re.Match[str], language: str | None, rules: Rules) -> datetime | None:
    """Build a datetime from a pattern's named groups; None when they make no real date."""
    parts = match.groupdict()
    year = int(parts["year"])
    if year < SHORT_YEAR_LIMIT:
        year += SHORT_YEAR_CENTURY
    if parts.get("monthname"):
        month = rules.months_for(language).get(parts["monthname"].casefold().rstrip("."))
        day = int(parts["day"])
    elif parts.get("first") is not None:
        first, second = int(parts["first"]), int(parts["second_part"])
        month_first = (language or "") in rules.month_first
        if first > 12 or (second <= 12 and not month_first):
            day, month = first, second
        else:
            month, day = first, second
    else:
        month, day = int(parts["month"]), int(parts["day"])
    if month is None:
        return None
    hour = int(parts["hour"]) if parts.get("hour") else 0
    minute = int(parts["minute"]) if parts.get("minute") else 0
    second_value = int(parts["second"]) if parts.get("second") else 0
    ampm = (parts.get("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        naive = datetime(year, month, day, hour, minute, second_value)
    except ValueError:
        return None
    zone = zone_of(parts.get("zone"), parts.get("offset") or parts.get("zone_offset"), rules)
    if zone is None:
        return naive
    return naive.replace(tzinfo=zone)


OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d\d?):?(?P<minutes>\d\d)?")


def zone_of(name: str | None, offset: str | None, rules: Rules) -> tzinfo | None:
    """The zone a date names: an abbreviation from the rules or a numeric offset ("+07:00",
    "-0500"); both for an offset from a zone of offset zero ("GMT+7", "UTC+08:00")."""
    zone = rules.zones.get(name.upper()) if name else None
    if zone is not None and (not offset or zone.utcoffset(None) != timedelta(0)):
        return zone
    if name and zone is None:
        return None
    match = OFFSET.fullmatch(offset or "")
    if match is None:
        return zone
    sign = -1 if match["sign"] == "-" else 1
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if hours > MAX_OFFSET_HOURS or minutes >= 60:
        return zone
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


MAX_OFFSET_HOURS = 14
"""No zone is further from UTC (Kiribati, +14:00)."""


BYLINE_SPLIT = re.compile(r"\s*(?:[|•·/,@(｜／，（]|\s[-–—]\s|\d)\s*")
"""What ends the name in a byline line: a separator, a comma (their full-width forms too), a
handle or a date ("By Ann Lee | Reuters", "por Raúl Espina 4 mayo, 2022", "By Ann Lee@annlee
Nov 19", "by 山田太郎 ／ 2016.12.01")."""


def name_part(text: str, language: LanguageRules) -> str:
    """The start of a byline or name line, up to what ends the name (``BYLINE_SPLIT``); when
    that is a date's number, the month names before it belong to the date ("By Ann Lee Nov 19"
    -> "Ann Lee", "Monday November 18, 2019 by ..." -> "Monday", "Online: Feb 18" -> no name),
    and so do the word that leads to a date and the day's name after it ("BY ANN LEE ON
    11/13/19" and "By Ann Lee on Monday, Nov. 18" -> "Ann Lee"; "By Lena Sun, ..." keeps Sun)."""
    end = BYLINE_SPLIT.search(text)
    if end is None:
        return text
    words = text[: end.start()].split()
    dated = end.group().strip().isdigit()
    if dated:
        while words and words[-1].casefold().strip(".,") in language.months:
            words.pop()
        if words and words[-1].endswith(":"):
            return ""  # a label and its date: "Last Modified: Feb 18, 2020"
    named_day = len(words)
    while named_day and words[named_day - 1].casefold().strip(".,") in language.weekdays:
        named_day -= 1
    if named_day > 1 and words[named_day - 1].casefold() in language.byline_date_words and (
        dated or named_day < len(words)
    ):
        words = words[: named_day - 1]
    return " ".join(words)


CO_AUTHOR_SEPARATOR = "/"
"""Between two authors' names in a byline ("E. BARRENECHE / J. I. DA SILVA"), and between a
name and its agency ("Hanna Matikainen / Lehtikuva"): a part of one word is the agency."""


def byline_names(
    text: str, language: LanguageRules, accept: Callable[[str, LanguageRules], str | None]
) -> str | None:
    """The names a byline line starts with, as ``accept`` takes them: the first name part, and
    each further one of two words or more after a CO_AUTHOR_SEPARATOR; joined by commas, as
    a page lists several authors."""
    names: list[str] = []
    while True:
        name = accept(name_part(text, language), language)
        if name is None or (names and len(name.split()) < 2):
            break
        names.append(name)
        end = BYLINE_SPLIT.search(text)
        if end is None or end.group().strip() != CO_AUTHOR_SEPARATOR:
            break
        text = text[end.end():]
    return ", ".join(names) or None


def extract_author(
    page: PageHead, title: str | None, date_patterns: tuple[re.Pattern[str], ...] = ()
) -> str | None:
    """The author, from the strongest evidence the page offers:

    1. a byline line or an author label beside a name (``author_from_labels``), in the
       head, among the first paragraphs or in an author box after the article;
    2. a byline word after a date or a separator: "11/19/2019 by Lars Brandle", "5:45 AM
       PST 11/19/2019 by ..." (not after other words: "Photo by ...", "peu estimé par ..."
       name no author);
    3. a name with the date beside it: "Marie Merlet | lundi 9 décembre 2019 à 09h08";
    4. a line that is only a person's name, just under the headline (agency style);
    5. a line that is only a person's name, next to an e-mail address (an author box).
    """
    found = author_from_labels(page, title)
    if found:
        return found
    near = (*page.head, *(line for line in page.opening if not line.keep))
    if page.inline_byline is not None:
        for line in near:
            match = page.inline_byline.search(line.text)
            prefix = CLOCK_TIME.sub("", line.text[: match.start()] if match else "")
            for pattern in date_patterns:
                prefix = pattern.sub("", prefix)
            prefix = " ".join(word for word in prefix.split()
                              if word.casefold().strip(".,") not in page.language.weekdays)
            if match and not any(ch.isalpha() for ch in prefix):
                name = byline_names(match.group("rest"), page.language, as_name)
                if name and name != title:
                    return name
    for line in near:
        parts = NAME_DATE_SPLIT.split(line.text, maxsplit=1)
        if len(parts) == 2 and shows_date(parts[1], date_patterns):
            name = full_name(parts[0], page.language)
            if name and name != title:
                return name
    return agency_byline(near, page.language, date_patterns) or name_under_title(page, title) or name_beside_mail(
        page, title)


AGENCY_MAX_WORDS = 3
"""An agency's name has at most three words ("The Associated Press"): a longer line is not
looked up."""


def agency_byline(
    lines: Sequence[LineVerdict], language: LanguageRules, date_patterns: tuple[re.Pattern[str], ...]
) -> str | None:
    """A news agency's name (``Concept.AGENCY``) with the date beside it, on its line
    ("Reuters November 18, 2019 11:03 PM") or on the next ("REUTERS" over "19 NOV 2019"): the
    agency wrote the article. Spelt as the page prints it."""
    for index, line in enumerate(lines):
        name = name_part(line.text, language)
        if not name or len(name.split()) > AGENCY_MAX_WORDS or line_concept(name, language) is not Concept.AGENCY:
            continue
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if shows_date(line.text, date_patterns) or shows_date(following, date_patterns):
            return name
    return None


CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d\d(?:\s*[AaPp]\.?\s?[Mm]\.?)?(?:\s+[A-Z]{2,5}\b)?")
"""A time of day with its zone ("5:45 AM PST"), which may stand before a byline's date."""

NAME_DATE_SPLIT = re.compile(r"\s+[|•·–—-]\s+")
"""Between a name and the date printed beside it."""

MAIL = re.compile(r"^\S+@\S+\.\w+$")


def full_name(text: str, language: LanguageRules) -> str | None:
    """The text as a name of two to NAME_UNDER_TITLE_MAX_WORDS capitalised words, or None."""
    name = as_name(text, language)
    if name and 2 <= len(name.split()) <= NAME_UNDER_TITLE_MAX_WORDS and all(
        word[0].isupper() for word in name.split()
    ):
        return name
    return None


def name_beside_mail(page: PageHead, title: str | None) -> str | None:
    """A name line right above or below an e-mail address (an author box)."""
    lines = [*page.head, *page.opening, *page.tail]
    for index, line in enumerate(lines):
        if not MAIL.match(line.text):
            continue
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(lines):
                name = full_name(lines[neighbour].text, page.language)
                if name and name != title:
                    return name
    return None


def name_under_title(page: PageHead, title: str | None) -> str | None:
    """A two-to-four-word name printed within NAME_UNDER_TITLE_LINES lines below the title,
    not in a photo's credit ("Hanna Matikainen / Lehtikuva" under a caption)."""
    if not title:
        return None
    texts = [line.text for line in page.head]
    if title not in texts:
        return None
    start = texts.index(title) + 1
    for line in page.head[start:start + NAME_UNDER_TITLE_LINES]:
        name = byline_names(line.text, page.language, full_name) if concept_of(line) is not Concept.COPYRIGHT else None
        if name:
            return name
    return None


def author_from_labels(page: PageHead, title: str | None) -> str | None:
    """From a byline ("By ...", "Oleh ...") or a name beside an author label ("Penulis").

    A byline word alone on its line is followed by the name; a label may stand above or
    below it, so for a label the line above is tried first (Kompas prints the name, then
    "Penulis"), for a byline word the line below."""
    head = [*page.head, *(line for line in page.opening if not line.keep), *page.tail]
    for index, line in enumerate(head):
        concept = concept_of(line)
        if concept not in (Concept.BYLINE, Concept.AUTHOR_LABEL):
            continue
        name = name_after_byline(line.text, page.language) if concept is Concept.BYLINE else None
        order = (index + 1, index - 1) if concept is Concept.BYLINE else (index - 1, index + 1)
        for neighbour in order if name is None else ():
            if 0 <= neighbour < len(head) and not _labelled_other_role(head, neighbour, index, page):
                name = as_name(head[neighbour].text, page.language)
                if name and name != title:
                    break
                name = None
        if name:
            return name
    return None


def _labelled_other_role(
    head: Sequence[LineVerdict], candidate: int, label: int, page: PageHead
) -> bool:
    """True when the candidate name has another role's label on its far side ("Editor")."""
    far = candidate + (candidate - label)
    if not 0 <= far < len(head):
        return False
    return concept_of(head[far]) is Concept.NOT_AUTHOR


def name_after_byline(text: str, language: LanguageRules) -> str | None:
    """The name in "By Ann Lee" / "Oleh Ann Lee | Reuters" (None when only the word is there)."""
    normalised = normalise_phrase(text)
    found = language.matcher.starting(normalised)
    if found is None or found[0] is not Concept.BYLINE:
        return None
    rest = " ".join(text.split()[len(found[1].split()):]).lstrip(" :：-–—")
    return byline_names(rest, language, as_name) if rest else None


def as_name(text: str, language: LanguageRules) -> str | None:
    """The text as a person's name, or None when it does not look like one."""
    text = " ".join(text.strip(" ,;:").split())
    if not text or len(text) > NAME_MAX_CHARS or any(ch.isdigit() for ch in text):
        return None
    words = text.split()
    if len(words) > NAME_MAX_WORDS or text.endswith(("!", "?")) or (text.endswith(".") and not is_initial(words[-1])):
        return None
    if line_concept(text, language) not in (None, Concept.AGENCY) or byline_word(words[-1], language):
        return None
    if not WIDE_CHAR.search(text) and not (
        words[0][0].isupper() and all(w[0].isupper() or (w.islower() and len(w) <= 3) for w in words)
    ):
        return None
    return without_affiliation(text, language)


GLUED_WORD = re.compile(r"(?<=[a-z])(?=[A-Z])")
"""A small letter followed by a capital: where a dump glued two elements of the page."""


def without_affiliation(name: str, language: LanguageRules) -> str:
    """The name without what the page printed beside it and the dump put on its line: a role
    glued to it ("Meg JamesStaff Writer") or a news agency after it ("Tom Davies Associated
    Press"). Only a whole author label or agency name is cut, so "Bryan DeArdo" and "Ann
    McDonald Staff Writer" keep their capitals (what "Donald Staff Writer" is, a role or a name
    and a role, only the page could tell), and a name keeps at least two words ("The Associated
    Press" is the agency's own)."""
    for glue in GLUED_WORD.finditer(name):
        if line_concept(name[glue.start():], language) is Concept.AUTHOR_LABEL:
            return name[: glue.start()]
    words = name.split()
    for start in range(max(2, len(words) - AGENCY_MAX_WORDS), len(words)):
        if line_concept(" ".join(words[start:]), language) is Concept.AGENCY:
            return " ".join(words[:start])
    return name


def is_initial(word: str) -> bool:
    """A capital and a full stop: a name may end with one ("Nicolas Gutierrez C."), a
    sentence hardly."""
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def byline_word(word: str, language: LanguageRules) -> bool:
    """True for a byline word ("Von", "By"): it starts a name, never ends one ("Disko Von", a
    section's label and the byline word of the name on the next line)."""
    found = language.matcher.starting(normalise_phrase(word))
    return found is not None and found[0] is Concept.BYLINE


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
