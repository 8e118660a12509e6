"""Language identification from the text of a dump (ISO 639-1 codes).

Menus and labels are short and often English on any site, so only lines long enough to be
prose are looked at. Three steps, cheapest first:

1. the script: Hangul is Korean, kana is Japanese;
2. function words: every word of the sample that is among the commonest words of a jusText
   stoplist votes for that language; a clear winner (enough votes, a lead over the runner-up)
   is the page's language. Close languages (Indonesian and Malay, Portuguese and Galician)
   share most function words, so the lead is counted in the words that differ;
3. otherwise py3langid's model decides (loaded on first need: scripts without a stoplist,
   mixed or close calls).

Every step is deterministic, so a page always gets the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.clean.lines import WIDE_CHAR, WORD, Line
from generator.clean.rules import Rules

SAMPLE_MIN_LINE_CHARS = 40
"""Lines shorter than this (menus, buttons, labels) say little about the page's language."""

SAMPLE_MAX_CHARS = 1500
"""Enough text for a stable answer; more only costs time."""

MIN_SAMPLE_CHARS = 20
"""Below this there is not enough prose to tell: the language stays unknown."""

MIN_VOTE_SHARE = 0.10
"""Share of the sample's words that must be the winner's function words. Prose has a fifth to
a third (Finnish, whose endings do the work of function words, 13% and up); below this the
sample is mostly names, figures or menus, and the model decides."""

MIN_LETTER_SHARE = 0.04
"""Share of the sample's letters in the winner's function words (prose: 6% and up). Words
count as runs of letters, so a Chinese or Thai sample of long runs with a few English words
among them has many votes per word but few per letter: the model decides."""

MIN_LEAD_SHARE = 0.02
MIN_LEAD_WORDS = 3
"""The winner's lead over the runner-up, as a share of the sample's words and in words: the
words that tell Indonesian from Malay or Portuguese from Galician are few but steady (a lead
of 4-7% on a page); a closer call is the model's."""

SCRIPT_SHARE = 0.5
"""Share of a sample's letters in one script for the script alone to name the language."""

NOT_LETTERS = re.compile(r"[\W\d_]+")
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
KANA = re.compile(r"[\u3040-\u30ff]")
KANA_SHARE = 0.05
"""Japanese writes kana among its kanji (particles, endings); Chinese never does."""


def identify_language(lines: Sequence[Line], rules: Rules) -> str | None:
    """ISO 639-1 code of the page's prose, or None when there is too little of it."""
    sample = language_sample(lines)
    if len(sample) < MIN_SAMPLE_CHARS:
        return None
    code = language_by_script(sample) or language_by_function_words(sample, rules)
    if code is not None:
        return code
    code, _score = rules.identifier.classify(sample)
    return code if isinstance(code, str) and len(code) == 2 else None


def language_by_script(sample: str) -> str | None:
    """Korean or Japanese when the sample is mostly written in their scripts."""
    if not (WIDE_CHAR.search(sample) or HANGUL.search(sample)):
        return None
    letters = count_letters(sample)
    if not letters:
        return None
    hangul = len(HANGUL.findall(sample))
    if hangul >= SCRIPT_SHARE * letters:
        return "ko"
    wide = len(WIDE_CHAR.findall(sample))
    kana = len(KANA.findall(sample))
    if wide >= SCRIPT_SHARE * letters and kana >= KANA_SHARE * wide:
        return "ja"
    return None


def language_by_function_words(sample: str, rules: Rules) -> str | None:
    """The stoplist language whose commonest words make up the sample, if it clearly wins."""
    words = WORD.findall(sample.casefold())
    if not words:
        return None
    index = rules.function_words()
    votes: dict[str, int] = {}
    for word in words:
        for code in index.get(word, ()):
            votes[code] = votes.get(code, 0) + 1
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    code, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    lead = count - runner_up
    if count < MIN_VOTE_SHARE * len(words) or lead < max(MIN_LEAD_WORDS, MIN_LEAD_SHARE * len(words)):
        return None
    letters = count_letters(sample)
    voting_letters = sum(len(word) for word in words if code in index.get(word, ()))
    return code if voting_letters >= MIN_LETTER_SHARE * letters else None


def count_letters(text: str) -> int:
    """Letters in the text (word characters but digits and "_"), counted by removing the rest."""
    return len(NOT_LETTERS.sub("", text))


def language_sample(lines: Sequence[Line]) -> str:
    """The page's longer lines, joined, up to SAMPLE_MAX_CHARS."""
    parts: list[str] = []
    size = 0
    for line in lines:
        long_enough = len(line.text) + 2 * len(WIDE_CHAR.findall(line.text))
        if long_enough >= SAMPLE_MIN_LINE_CHARS:
            parts.append(line.text)
            size += len(line.text)
            if size >= SAMPLE_MAX_CHARS:
                break
    if not parts:
        parts = [line.text for line in lines if line.text]
    return "\n".join(parts)[:SAMPLE_MAX_CHARS]
