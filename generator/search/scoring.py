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


Posting = tuple[list[int], list[int]]
"""Where a term occurs in one field: document numbers (ascending) and scores (thousandths).
A plain pair: a shard makes tens of thousands, and a named tuple's constructor costs a
Python call each (a quarter of a 2,000-article shard's scoring)."""


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

    The formula runs over all occurrences at once with numpy: its operations (IEEE products,
    quotients and sums, in lunr.py's order) give the very doubles Python's do; ``idf`` is
    taken from Python's ``math.log``, whose last bit numpy's may not share.
    """
    # Imported here, not at the top: importing numpy takes 0.15 s, which a build that scores
    # nothing (no change) should not pay.
    import numpy as np

    count = len(documents)
    field_count = len(boosts)
    if count == 0:
        return {}
    # A field empty in every document has no terms to normalise; 1 keeps the arithmetic defined.
    averages = [sum(document[f].length for document in documents) / count or 1.0 for f in range(field_count)]
    norms = np.array(
        [[K1 * (1 - B + B * (document[f].length / averages[f])) for document in documents] for f in range(field_count)]
    )
    terms: list[str] = []
    fields_of: list[int] = []
    numbers: list[int] = []
    frequencies: list[int] = []
    for number, document in enumerate(documents):
        for f in range(field_count):
            field_terms = document[f].frequencies
            terms += field_terms
            frequencies += field_terms.values()
            fields_of += [f] * len(field_terms)
            numbers += [number] * len(field_terms)
    # Terms numbered in order of first occurrence (the order of the result), without a Python
    # step per occurrence.
    term_numbers = {term: position for position, term in enumerate(dict.fromkeys(terms))}
    occurrences = list(map(term_numbers.__getitem__, terms))
    if not occurrences:
        return {}
    slots = np.array(occurrences) * field_count + np.array(fields_of)
    order = np.argsort(slots, kind="stable")
    slots, documents_of = slots[order], np.array(numbers)[order]
    tf = np.array(frequencies, dtype=np.float64)[order]
    fields = slots % field_count
    with_term = np.bincount(slots // field_count, minlength=len(term_numbers)).tolist()
    idf = np.array([math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for n in with_term])
    boost = np.array(boosts, dtype=np.float64)
    scores = idf[slots // field_count] * ((K1 + 1) * tf) / (norms[fields, documents_of] + tf) * boost[fields]
    # thousandths() of every score: the nearest integer of the scaled score (half to even, as
    # Python's round), and thousandths() itself for the few within the guard of a tie.
    scaled = scores * 1000
    nearest = np.rint(scaled)
    rounded_list = nearest.astype(np.int64).tolist()
    for index in np.flatnonzero(np.abs(np.abs(scaled - nearest) - 0.5) <= ROUNDING_GUARD).tolist():
        rounded_list[index] = thousandths(float(scores[index]))
    ends = np.cumsum(np.bincount(slots, minlength=len(term_numbers) * field_count)).tolist()
    documents_list = documents_of.tolist()
    postings: dict[str, tuple[Posting, ...]] = {}
    start = 0
    for term, term_number in term_numbers.items():
        fields_of_term = []
        for slot in range(term_number * field_count, (term_number + 1) * field_count):
            end = ends[slot]
            fields_of_term.append((documents_list[start:end], rounded_list[start:end]))
            start = end
        postings[term] = tuple(fields_of_term)
    return postings

