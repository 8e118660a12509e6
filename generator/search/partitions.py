"""Cut an index into partitions of consecutive terms, shipped compact and expanded to lunr in the browser.

A reader's query needs only the postings of its own terms, so the browser fetches the
partitions that hold them and nothing else. On disk a partition is compact JSON::

    {"terms": [term, ...],                       # JavaScript string order
     "postings": [[refs, scores, refs, scores],  # per term, per field (title, body):
                  ...],                          # refs as gaps between document numbers,
                                                 # scores in thousandths of a point
     "forms": [[word, ...], ...]}                # per term, the words of the archive with
                                                 # that stem (languages with a word table)

``static/search/pipelines.js`` (``expandPartition``) turns it into exactly the serialised
lunr 2.3.9 index lunr.py would write for those terms (``expand_partition`` here is the same
function, for the tests): an inverted index of the partition's terms, numbered from 0, with
empty metadata, and the field vectors of the documents that hold them, restricted to those
terms. ``lunr.Index.load`` takes it as it is. A document's score for a term is therefore the
same as in an index of all terms: lunr.js scores a field by the dot product of the query
vector with the field vector, and the entries of other terms contribute nothing to it.

Terms are ordered by UTF-16 code units, the order of JavaScript's ``<``: lunr.js builds its
token set in the serialised order and refuses a term that sorts before the previous one
("Out of order word insertion"), which Python's code-point order produces for astral-plane
characters such as emoji.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generator.search.scoring import Posting

POSTING_BYTES = 7
"""Rough bytes of one (gap, score) pair in a partition: only used to balance partitions."""
TERM_BYTES = 24
"""Rough bytes of a term's own entry (its string, brackets, the empty-field lists)."""


def js_order(term: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units, big-endian bytes)."""
    return term.encode("utf-16-be", "surrogatepass")


def estimate_bytes(term: str, postings: Sequence[Posting]) -> int:
    """Roughly what a term adds to a partition."""
    return len(term.encode("utf-8")) + TERM_BYTES + POSTING_BYTES * sum(len(documents) for documents, _ in postings)


def group_terms(postings: Mapping[str, Sequence[Posting]], target_bytes: int) -> list[list[str]]:
    """All terms in JavaScript order, in consecutive groups of about ``target_bytes``."""
    groups: list[list[str]] = []
    size = 0
    for term in sorted(postings, key=js_order):
        cost = estimate_bytes(term, postings[term])
        if groups and size + cost <= target_bytes:
            groups[-1].append(term)
            size += cost
        else:
            groups.append([term])
            size = cost
    return groups


def gaps(numbers: Sequence[int]) -> list[int]:
    """Ascending numbers as the first one and the differences between neighbours."""
    return [number - previous for previous, number in zip([0, *numbers], numbers, strict=False)]


def make_partitions(
    postings: Mapping[str, Sequence[Posting]],
    target_bytes: int,
    forms: Mapping[str, Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """The compact partitions of an index, in term order; ``forms`` maps terms to their words."""
    partitions = []
    for group in group_terms(postings, target_bytes):
        partition: dict[str, Any] = {
            "terms": group,
            "postings": [
                [values for documents, scores in postings[term] for values in (gaps(documents), scores)]
                for term in group
            ],
        }
        if forms is not None:
            partition["forms"] = [sorted(forms.get(term, ()), key=js_order) for term in group]
        partitions.append(partition)
    return partitions


def first_terms(partitions: Sequence[Mapping[str, Any]]) -> list[str]:
    """The first term of each partition: what the browser searches to route a query term."""
    return [partition["terms"][0] for partition in partitions]


def encode_ref(number: int) -> str:
    """A document's lunr ref: its number in base 36 (JavaScript's ``number.toString(36)``)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if number == 0:
            return text


def expand_partition(
    partition: Mapping[str, Any],
    fields: Sequence[str],
    pipeline: Sequence[str],
    version: str,
    only: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The serialised lunr index a compact partition stands for (``expandPartition`` in JS),
    or the index of ``only`` some of its terms."""
    inverted_index = []
    vectors: dict[str, list[float]] = {}
    for term, lists in zip(partition["terms"], partition["postings"], strict=True):
        if only is not None and term not in only:
            continue
        local = len(inverted_index)
        posting: dict[str, Any] = {"_index": local}
        for f, field in enumerate(fields):
            documents: dict[str, dict] = {}
            number = 0
            for gap, score in zip(lists[2 * f], lists[2 * f + 1], strict=True):
                number += gap
                ref = encode_ref(number)
                documents[ref] = {}
                vectors.setdefault(f"{field}/{ref}", []).extend((local, score / 1000))
            posting[field] = documents
        inverted_index.append([term, posting])
    return {
        "version": version,
        "fields": list(fields),
        "pipeline": list(pipeline),
        "invertedIndex": inverted_index,
        "fieldVectors": [[field_ref, elements] for field_ref, elements in vectors.items()],
    }
