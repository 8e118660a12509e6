"""lunr's BM25 field scores, computed from term frequencies exactly as lunr.py's Builder computes them.

lunr.py's ``Builder`` spends most of a build on work the site does not need: it tokenises each
field again (our fields come already through the pipeline), keeps a ``Token`` object per
occurrence, inserts every score into a ``Vector`` one by one, and builds a ``TokenSet`` of all
terms that is never serialised (lunr.js builds its own when it loads an index). This module
does the rest of ``Builder.build`` — average field lengths, ``idf``, the BM25 formula, the
rounding to three decimals — with the same operations in the same order, so every score is the
same float lunr.py would write; ``tests/test_search.py`` compares both over whole corpora.
The parameters are read from lunr.py itself.

Scores are kept as integers in thousandths of a point: ``k / 1000`` in JavaScript (an IEEE
division, correctly rounded) is the very double that parsing lunr.py's ``round(score, 3)``
gives, and an integer is shorter to ship than its decimal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lunr.builder import Builder

_LUNR_DEFAULTS = Builder()
K1: float = _LUNR_DEFAULTS._k1
B: float = _LUNR_DEFAULTS._b

ROUNDING_GUARD = 1e-6
"""How close to a half-thousandth a score must be for the slow, exact rounding to decide."""


@dataclass(frozen=True, slots=True)
class FieldTerms:
    """One field of one document after the pipeline: its length in terms and each term's count."""

    length: int
    frequencies: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Posting:
    """Where a term occurs in one field: document numbers (ascending) and scores (thousandths)."""

    documents: list[int]
    scores: list[int]


def thousandths(score: float) -> int:
    """``round(score, 3) * 1000`` as an integer, the way lunr.py rounds (fast unless at a tie)."""
    scaled = score * 1000
    nearest = round(scaled)
    if abs(abs(scaled - nearest) - 0.5) > ROUNDING_GUARD:
        return nearest
    return round(round(score, 3) * 1000)


def score_postings(
    boosts: Sequence[int], documents: Sequence[Sequence[FieldTerms]]
) -> dict[str, tuple[Posting, ...]]:
    """Every term's postings, field by field, for documents numbered by their position.

    ``boosts[f]`` is field ``f``'s boost and ``documents[d][f]`` the terms of field ``f`` of
    document ``d``. A term's score in a field of a document is lunr.py's: ``idf`` counts the
    term once per field it occurs in (as lunr does), lengths are normalised by the field's
    average over all documents, and the field boost multiplies the result.
    """
    count = len(documents)
    field_count = len(boosts)
    if count == 0:
        return {}
    # A field empty in every document has no terms to normalise; 1 keeps the arithmetic defined.
    averages = [sum(document[f].length for document in documents) / count or 1.0 for f in range(field_count)]
    norms = [
        [K1 * (1 - B + B * (document[f].length / averages[f])) for document in documents] for f in range(field_count)
    ]
    gathered: dict[str, list[tuple[list[int], list[int]]]] = {}
    for number, document in enumerate(documents):
        for f in range(field_count):
            for term, frequency in document[f].frequencies.items():
                lists = gathered.get(term)
                if lists is None:
                    lists = gathered[term] = [([], []) for _ in range(field_count)]
                numbers, frequencies = lists[f]
                numbers.append(number)
                frequencies.append(frequency)

    saturation = K1 + 1
    postings: dict[str, tuple[Posting, ...]] = {}
    for term, lists in gathered.items():
        with_term = sum(len(numbers) for numbers, _ in lists)
        ratio = (count - with_term + 0.5) / (with_term + 0.5)
        idf = math.log(1 + abs(ratio))
        fields = []
        for f, (numbers, frequencies) in enumerate(lists):
            norm, boost = norms[f], boosts[f]
            scores = [
                thousandths(idf * (saturation * tf) / (norm[number] + tf) * boost)
                for number, tf in zip(numbers, frequencies, strict=True)
            ]
            fields.append(Posting(numbers, scores))
        postings[term] = tuple(fields)
    return postings
