"""Language identification from the text of a dump (py3langid, ISO 639-1 codes).

Menus and labels are short and often English on any site, so only lines long enough to be
prose are shown to the identifier. py3langid's model is fixed, so the result is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence

from py3langid.langid import LanguageIdentifier

from generator.clean.lines import WIDE_CHAR, Line

SAMPLE_MIN_LINE_CHARS = 40
"""Lines shorter than this (menus, buttons, labels) say little about the page's language."""

SAMPLE_MAX_CHARS = 1500
"""Enough text for a stable answer; more only costs time."""

MIN_SAMPLE_CHARS = 20
"""Below this there is not enough prose to tell: the language stays unknown."""


def identify_language(lines: Sequence[Line], identifier: LanguageIdentifier) -> str | None:
    """ISO 639-1 code of the page's prose, or None when there is too little of it."""
    sample = language_sample(lines)
    if len(sample) < MIN_SAMPLE_CHARS:
        return None
    code, _score = identifier.classify(sample)
    return code if isinstance(code, str) and len(code) == 2 else None


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
