"""Word tables: the build's own stem of every word of the archive, for the browser's queries.

The browser's Indonesian stemmer (sastrawijs) and the build's (PySastrawi) disagree on a few
words (``tests/data/sastrawi_differences.tsv``: "pemilu" is "milu" here and "ilu" there), and
such a word typed in the search box would not find the articles that contain it. So the build
ships, for every language whose browser stemmer is not exactly the build's, a table of every
word of the archive (the stemmer's input: trimmed, lower-cased, not a stop word) with the stem
the build gave it. The browser looks a query's words up in it and uses the browser stemmer only
for words the archive does not contain, loading that stemmer only then.

The table is cut into partitions of consecutive words (JavaScript string order). A partition
ends before every word whose hash hits ``WORDS_PER_PARTITION``, so where the cuts fall depends
on the words alone: an archive that gains a word changes one partition, not every one after it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence

from generator.search.partitions import js_order

WORDS_PER_PARTITION = 192
"""Expected words per partition: about 4 KB of JSON, 1.5 KB gzipped, fetched per query word."""


def starts_partition(word: str) -> bool:
    """Whether a partition begins at ``word`` (a pure function of the word)."""
    return zlib.crc32(word.encode("utf-8")) % WORDS_PER_PARTITION == 0


def partition_words(table: Mapping[str, str]) -> list[dict[str, str]]:
    """The table as partitions of consecutive words, each a ``{word: stem}`` map."""
    partitions: list[dict[str, str]] = []
    for word in sorted(table, key=js_order):
        if not partitions or starts_partition(word):
            partitions.append({})
        partitions[-1][word] = table[word]
    return partitions


def first_words(partitions: Sequence[Mapping[str, str]]) -> list[str]:
    """The first word of each partition (in order): what the browser searches to route a word."""
    return [min(partition, key=js_order) for partition in partitions]


def merge_tables(tables: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """One table from several (a word has one stem in a build, whichever document it came from)."""
    merged: dict[str, str] = {}
    for table in tables:
        merged.update(table)
    return merged
