"""Author: the byline's names, from the strongest evidence the page offers (a byline or an
author label, a name beside the date, an agency, a name under the headline or beside an
e-mail address), never a guess."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from generator.clean.lines import WIDE_CHAR, line_concept
from generator.clean.rules import Concept, LanguageRules, normalise_phrase
from generator.metadata.dates import shows_date
from generator.metadata.page import PageHead, concept_of
from generator.models import LineVerdict

NAME_UNDER_TITLE_LINES = 5
NAME_UNDER_TITLE_MAX_WORDS = 4
"""A bare name counts as the author only close under the headline (a kicker, a standfirst
or a share bar may stand between) and only if short."""

NAME_MAX_WORDS = 6
NAME_MAX_CHARS = 60
"""An author's name (or two, "A and B") fits in a few words."""


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
    4. a news agency's name with the date beside it or under it ("REUTERS" over "19 NOV
       2019", ``agency_byline``);
    5. a line that is only a person's name, just under the headline (agency style);
    6. a line that is only a person's name, next to an e-mail address (an author box).

    A name loses what the dump printed on its line beside it (``without_affiliation``)."""
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
