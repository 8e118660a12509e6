"""Shards: runs of a language's articles in time order, each indexed on its own.

BM25 is corpus-wide: a new article changes the document count, and with it the idf of every
term and so every score of an index. One index for the whole archive would be re-scored
whole for each new article. A shard's scores depend on its own articles only, so an archive
that gains an article re-indexes the shard the article falls in and nothing else.

Where shards are cut depends on the articles alone (a cold build and an incremental one cut
the same), and a change moves no cut far from it: walking the articles in time order, a shard
ends after an article whose URL hash hits ``SHARD_HASH_MODULUS`` once it holds at least
``SHARD_MIN_DOCS`` articles (and at ``SHARD_MAX_DOCS`` in any case). A new article, usually
the newest, joins the last shard (or ends it); an article added, edited or removed in the
middle changes its own shard, and only when that shard crosses the minimum its neighbour.

The browser undoes the main cost of sharding for ranking: it knows each shard's document
count and, from the partitions it fetched, each shard's document frequency of a query term,
so it rescales each shard's scores from the shard's idf to the idf of the whole language
(``search.js``); what remains is lunr's length normalisation by the shard's average length.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

SHARD_MIN_DOCS = 600
SHARD_HASH_MODULUS = 1400
"""A shard holds ``SHARD_MIN_DOCS + SHARD_HASH_MODULUS`` (2,000) articles on average: one added
article re-scores about 2,000, and a query term costs one partition per shard."""
SHARD_MAX_DOCS = 8000


def ends_shard(key: str) -> bool:
    """Whether a shard may end after the article with this key (a pure function of the key)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % SHARD_HASH_MODULUS == 0


def cut_shards(items: Sequence[T], key: Callable[[T], str]) -> list[list[T]]:
    """Items (already in time order) as consecutive shards; ``key`` gives an item's stable key."""
    shards: list[list[T]] = [[]]
    for item in items:
        shards[-1].append(item)
        size = len(shards[-1])
        if size >= SHARD_MAX_DOCS or (size >= SHARD_MIN_DOCS and ends_shard(key(item))):
            shards.append([])
    return [shard for shard in shards if shard]
