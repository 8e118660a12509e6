"""Dates: every date a line shows, with its time and UTC offset where printed (site formats
such as "05/11/2020, 20:06 WIB"), and the publication date among the page's lines."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo
from enum import Enum
from typing import NamedTuple

from generator.clean.lines import WIDE_CHAR
from generator.clean.rules import Concept, Rules, normalise_phrase
from generator.metadata.page import PageHead, clean_title, concept_of, is_attribution
from generator.models import LineVerdict

DATE_LINE_MAX_CHARS = 100
"""A publication date stands on a short line (with a label, a byline, a time); a date inside
a longer line belongs to a caption or a sentence ("In this Nov. 10, 2019, photograph")."""

EMBED_ATTRIBUTION = re.compile(r"\(@\w{1,30}\)")
"""An embedded post's signature ("— Rep. Ilhan Omar (@Ilhan) November 19, 2019"): its date is
the post's, not the article's."""


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
