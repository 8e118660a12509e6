"""Cut one serialised lunr index into smaller lunr indexes, each holding a range of terms.

A reader's query needs only the postings of its own terms, so the browser fetches the
partitions that hold them and nothing else. Each partition is a complete lunr 2.3.9 index
(``lunr.Index.load`` takes it as it is) whose inverted index holds a contiguous range of
terms and whose document vectors hold only those terms' entries. A document's score for a
one-term query is therefore the same in its partition as in the whole index, and the scores
of several terms add up as the whole index would add them (up to lunr's division of every
score by the query vector's length, which does not change the order).

Terms are ordered by UTF-16 code units, the order of JavaScript's ``<``: lunr.js builds its
token set in the serialised order and refuses a term that sorts before the previous one
("Out of order word insertion"), which Python's code-point order produces for astral-plane
characters such as emoji.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

POSTING_ENTRY_BYTES = 16
"""Rough serialised bytes per (term, field, document): ``"ref":{},`` plus a vector entry."""


def js_order(term: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units, big-endian bytes)."""
    return term.encode("utf-16-be", "surrogatepass")


def estimate_bytes(term: str, posting: Mapping[str, Any]) -> int:
    """Roughly what a term adds to a serialised partition; only used to balance partitions."""
    size = len(term.encode("utf-8")) + 16
    for field, documents in posting.items():
        if field != "_index":
            size += sum(len(ref) + POSTING_ENTRY_BYTES for ref in documents)
    return size


def group_terms(
    terms: Sequence[str], inverted_index: Mapping[str, Mapping[str, Any]], target_bytes: int
) -> list[list[str]]:
    """Consecutive terms in groups of about ``target_bytes``; a bigger term stands alone."""
    groups: list[list[str]] = []
    size = 0
    for term in terms:
        cost = estimate_bytes(term, inverted_index[term])
        if groups and size + cost <= target_bytes:
            groups[-1].append(term)
            size += cost
        else:
            groups.append([term])
            size = cost
    return groups


def partition_index(serialised: Mapping[str, Any], target_bytes: int) -> list[dict[str, Any]]:
    """Split a serialised lunr index (lunr.py's ``Index.serialize()``) into term-range indexes.

    Partitions come in term order; a term's partition is the last one whose first term is not
    after it (see ``first_terms``). Every partition renumbers its terms from 0 and keeps, for
    each field of each document it mentions, only the vector entries of its own terms.
    """
    inverted_index = dict(serialised["invertedIndex"])
    terms = sorted(inverted_index, key=js_order)
    groups = group_terms(terms, inverted_index, target_bytes)
    place: dict[int, tuple[int, int]] = {}
    for number, group in enumerate(groups):
        for local, term in enumerate(group):
            place[inverted_index[term]["_index"]] = (number, local)

    vectors: list[dict[str, list[tuple[int, float]]]] = [defaultdict(list) for _ in groups]
    for field_ref, elements in serialised["fieldVectors"]:
        for position in range(0, len(elements), 2):
            number, local = place[elements[position]]
            vectors[number][field_ref].append((local, elements[position + 1]))

    partitions = []
    for number, group in enumerate(groups):
        partitions.append(
            {
                "version": serialised["version"],
                "fields": serialised["fields"],
                "pipeline": serialised["pipeline"],
                "invertedIndex": [
                    [term, {**inverted_index[term], "_index": local}]
                    for local, term in enumerate(group)
                ],
                "fieldVectors": [
                    [field_ref, [value for pair in sorted(entries) for value in pair]]
                    for field_ref, entries in sorted(vectors[number].items())
                ],
            }
        )
    return partitions


def first_terms(partitions: Sequence[Mapping[str, Any]]) -> list[str]:
    """The first term of each partition: what the browser searches to route a query term."""
    return [partition["invertedIndex"][0][0] for partition in partitions]
