"""The line model: a dump cut into lines, and the features the classifier reads from each.

A text dump (innerText) has no tags, but keeps two traces of them: a paragraph (``<p>``) is
set apart by blank lines while menu and list entries (``<div>``, ``<li>``) follow each other
line by line, and list entries are often indented by a tab. Those traces, the line's length,
its sentence punctuation and the share of the language's function words are what the
classifier weighs, in the manner of jusText's paragraph features.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from generator.clean.rules import Concept, LanguageRules, normalise_phrase

WORD = re.compile(r"\w+")
"""A token as the scorer counts them: a run of word characters."""

WIDE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
"""Kana, CJK ideographs and Hangul: one such character carries about a word's meaning."""

WIDE_CHAR_WEIGHT = 3
"""A wide character counts as three Latin characters of length (a short Japanese sentence
of 30 characters says what about 90 Latin characters say)."""

SENTENCE_END = re.compile(r"[.!?。！？…:;)\]）\"'”»’」』]\s*$")
"""A line that ends like a sentence (or a quote or parenthesis closing one)."""

SENTENCE_BREAK = re.compile(r"[.!?。！？](?:[\"'”»’)]*)(?:\s|$)")
"""Sentence ends inside a line; prose has several, labels have none."""

LINK_LIKE = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$", re.IGNORECASE)
"""A line that is only a URL or an e-mail address."""

DIGITS = re.compile(r"\d")

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
"""Zero-width spaces and joiners, the word joiner, a byte-order mark, a soft hyphen: a line
of nothing else is an empty paragraph an editor left (``<p>&#8203;</p>``), i.e. a blank line."""

SAMPLE_CHARS = 20_000
"""Characters of a line its rates are measured on (ten long paragraphs' worth)."""

CUT_OFF = re.compile(r"[^\s.](?:\.{3,}|…)$")
"""A line that stops mid-sentence with an ellipsis: a teaser's cut-off summary."""
ELLIPSES = ("...", "…")
"""What a line that ``CUT_OFF`` or ``TRUNCATION`` matches holds (the patterns are tried only
then: searched through a paragraph, they cost more than the rest of its features)."""

TRUNCATION = re.compile(r"(?<=\w)(?:\.\.\.|…)\s+(\w)")
"""An ellipsis glued to a word and followed by a capital ("may soon... Indian-origin man"):
where a teaser's summary was cut off and the next teaser begins. An author's elision
("create … [an] incubator") has spaces on both sides."""


class Line(NamedTuple):
    """One line of a seed with what its surroundings say about it (a named tuple: a page has
    hundreds)."""

    index: int
    """0-based position among all lines of the seed (blank ones included)."""
    text: str
    """The line without surrounding white space; empty for a blank line."""
    gap_before: bool
    """A blank line (or the start of the seed) comes before it: the mark of a paragraph."""
    gap_after: bool
    indented: bool
    """The raw line starts with a tab, as innerText writes list items."""

    @property
    def number(self) -> int:
        """1-based line number, as an editor shows it."""
        return self.index + 1


@dataclass(frozen=True, slots=True)
class LineFeatures:
    """What the classifier measures on one non-blank line."""

    length: int
    """Characters, wide characters weighted by WIDE_CHAR_WEIGHT."""
    words: int
    stopword_density: float
    """Share of tokens in the language's stoplist; 0 when the language has none."""
    sentences: int
    """Sentence ends inside the line."""
    sentence_end: bool
    link_like: bool
    digit_share: float
    repeats: int
    """How often the same (normalised) line occurs in the seed."""
    truncations: int
    """Ellipses inside the line: a carousel of cut-off teasers glued into one line has several."""
    cut_off: bool
    """The line ends with an ellipsis glued to a word ("may soon..."): a teaser's summary."""
    concept: Concept | None
    """The first phrase group the line belongs to, if any."""
    wide: bool
    """Mostly wide characters (Japanese, Chinese, Korean): no spaces between words."""
    bare: bool = False
    """The line is a "read also" phrase and nothing more ("Lee también...", "Lue myös:"): a
    heading whose link is the next line."""


PERSON_NAME_WORDS = (2, 4)
"""A name under an "About" heading has two to four words ("Moritz Bachmann")."""

NAME_PARTICLE_MAX = 3
"""Lower-case words a name may hold ("de", "van", "von")."""


def line_concept(text: str, language: LanguageRules) -> Concept | None:
    """The line's phrase group; a person-box heading only when a name is all that follows,
    a byline only when the byline word stands alone or a name follows it ("By Ann Lee |
    Reuters", not "By the end of the year, ...")."""
    normalised = normalise_phrase(text)
    concept = language.matcher.concept(normalised)
    if concept is Concept.PERSON_BOX and not person_box(text, language):
        return None
    if concept is Concept.BYLINE and not byline(text, language):
        return None
    return concept


def byline(text: str, language: LanguageRules) -> bool:
    """True for "By", "By Ann Lee", "Oleh Ann Lee | Kompas": the byline word alone or
    followed by two capitalised words."""
    found = language.matcher.starting(normalise_phrase(text))
    if found is None or found[0] is not Concept.BYLINE:
        return False
    words = [word.strip(",;|:·•") for word in text.split()[len(found[1].split()):]][:2]
    return not words or (len(words) == 2 and all(word[:1].isupper() for word in words))


def person_box(text: str, language: LanguageRules) -> bool:
    """True for "About Jane Doe": a person-box word and then only a capitalised name."""
    found = language.matcher.starting(normalise_phrase(text))
    if found is None or found[0] is not Concept.PERSON_BOX:
        return False
    words = text.split()[len(found[1].split()):]
    low, high = PERSON_NAME_WORDS
    return (
        low <= len(words) <= high
        and words[0][:1].isupper()
        and all(
            (word[:1].isupper() and word.isalpha()) or (word.islower() and len(word) <= NAME_PARTICLE_MAX)
            for word in words
        )
    )


def split_lines(text: str) -> tuple[Line, ...]:
    """Cut a seed into lines, remembering blank-line gaps and tab indents."""
    raw = raw_lines(text)
    stripped = [_visible(line) for line in raw]
    blank = [not line for line in stripped]
    before = [True, *blank[:-1]]
    after = [*blank[1:], True]
    return tuple(
        Line(index, line, gap_before, gap_after, written.startswith("\t"))
        for index, (line, written, gap_before, gap_after) in enumerate(zip(stripped, raw, before, after, strict=True))
    )


def raw_lines(text: str) -> list[str]:
    """A seed's lines as written, whatever its line breaks."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def line_texts(text: str) -> list[str]:
    """Each line's text as ``split_lines`` gives it, without the rest of the line model: what
    the site profile counts, in a third less time than ``split_lines``."""
    return [_visible(line) for line in raw_lines(text)]


def _visible(line: str) -> str:
    """The line without surrounding white space; empty when nothing visible is left."""
    text = line.strip()
    return "" if not text.strip(INVISIBLE).strip() else text


MEASURED_MAX_CHARS = 200
"""Lines up to this long are remembered once measured: menus, labels and widgets are short,
and a long line is prose, met once."""
MEASURED_MAX_LINES = 50_000
"""Lines remembered at most: their features per language, their keys in all (a memory
that is full is emptied, the keys' forgets the least recently used)."""


def repetition_key(text: str) -> str:
    """Lines compared for repetition: case, spacing, quotes and edge punctuation ignored.
    Remembered for short lines, as their features are: the profile, the measuring and the
    classifier all key a page's lines, half of which are the site's template."""
    return _remembered_key(text) if len(text) <= MEASURED_MAX_CHARS else _key(_tokens(text), text)


@functools.lru_cache(maxsize=MEASURED_MAX_LINES)
def _remembered_key(text: str) -> str:
    return _key(_tokens(text), text)


def forget_line_keys() -> None:
    """Empty the memory of line keys, as in a fresh process (for the cleaning benchmark)."""
    _remembered_key.cache_clear()


def _tokens(text: str) -> list[str]:
    """Case-folded word tokens of a line's first SAMPLE_CHARS characters."""
    return WORD.findall(text[:SAMPLE_CHARS].casefold())


def _key(tokens: list[str], text: str) -> str:
    """Beyond SAMPLE_CHARS a line is keyed by its start and its length: lines that long are
    never template, and keying them whole would cost time in proportion to their size."""
    joined = " ".join(tokens)
    return joined if len(text) <= SAMPLE_CHARS else f"{joined} {len(text)}"


def measure_lines(
    lines: Sequence[Line], language: LanguageRules
) -> tuple[LineFeatures | None, ...]:
    """Features of every non-blank line (None for blank ones), in the page's language."""
    keys = [repetition_key(line.text) if line.text else "" for line in lines]
    counts = Counter(key for key, line in zip(keys, lines, strict=True) if line.text)
    return tuple(
        remembered_features(line.text, language, counts[key]) if line.text else None
        for line, key in zip(lines, keys, strict=True)
    )


def remembered_features(text: str, language: LanguageRules, repeats: int) -> LineFeatures:
    """``measure_line``, remembered for short lines: a site's template lines (half of a dump's
    lines, and most of its phrase matching) recur in every seed of the site."""
    if len(text) > MEASURED_MAX_CHARS:
        return measure_line(text, language, repeats)
    memory = language.measured
    features = memory.get((text, repeats))
    if features is None:
        if len(memory) >= MEASURED_MAX_LINES:
            memory.clear()
        features = memory[(text, repeats)] = measure_line(text, language, repeats)
    return features


def measure_line(text: str, language: LanguageRules, repeats: int = 1) -> LineFeatures:
    """Features of one line; ``repeats`` is how often the seed prints it.

    Rates (function words, wide characters, digits, sentence ends) are measured on the
    first SAMPLE_CHARS characters and scaled: a 10 MB line costs no more than a long
    paragraph, and a sample that size gives the same rates."""
    sample = text[:SAMPLE_CHARS]
    scale = len(text) / len(sample)
    tokens = _tokens(text)
    wide_chars = round(len(WIDE_CHAR.findall(sample)) * scale)
    stopwords = language.stopwords
    stop_hits = sum(1 for token in tokens if token in stopwords) if stopwords else 0
    digits = len(DIGITS.findall(sample))
    concept = line_concept(sample, language)
    return LineFeatures(
        length=len(text) + (WIDE_CHAR_WEIGHT - 1) * wide_chars,
        words=round(len(tokens) * scale),
        stopword_density=stop_hits / len(tokens) if tokens else 0.0,
        sentences=round(len(SENTENCE_BREAK.findall(sample)) * scale),
        sentence_end=bool(SENTENCE_END.search(text[-SAMPLE_CHARS:])),
        link_like=bool(LINK_LIKE.match(sample)) and len(text) == len(sample),
        digit_share=digits / len(sample),
        repeats=repeats,
        truncations=round(
            sum(1 for initial in TRUNCATION.findall(sample) if initial.isupper()) * scale
            if any(mark in sample for mark in ELLIPSES) else 0
        ),
        cut_off=text.endswith(ELLIPSES) and bool(CUT_OFF.search(text[-SAMPLE_CHARS:])),
        concept=concept,
        wide=wide_chars * 2 > len(text),
        bare=concept is Concept.READ_ALSO and bare_phrase(sample, language),
    )


def bare_phrase(text: str, language: LanguageRules) -> bool:
    """True when the line is one of its group's phrases and nothing more."""
    normalised = normalise_phrase(text)
    if any(part.whole is not None and part.whole.match(normalised) for part in language.matcher.parts):
        return True
    found = language.matcher.starting(normalised)
    return found is not None and found[1].strip(" :：.…") == normalised
