"""Related articles: for each article, the few others that share its rare words.

An article is described by the words of its title and lead (the first ``LEAD_WORDS`` words of
its summary and body: a news article says what it is about first). The words it shares with
few others (names, places, topics) link it to them; common words link everything and are left
out by a document-frequency cap. Each candidate scores the inverse document frequency of the
words it shares; being from the same source or published close in time adds a little, enough
to order near-equals, never to make an unrelated article related.

Cost stays linear in the number of articles: each article keeps at most ``TERMS_PER_ARTICLE``
words, and a word shared by more than ``max_postings`` articles is never followed, so an
article meets at most ``TERMS_PER_ARTICLE * max_postings`` candidates, whatever the site's size.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Executor
from datetime import UTC, datetime, timedelta
from itertools import chain, groupby

import numpy as np
import numpy.typing as npt

from generator.cache import BuildCache, content_key
from generator.models import Article

LEAD_WORDS = 120
"""Words of the summary and body read per article, after the title."""

TERMS_PER_ARTICLE = 12
"""The rarest words an article is matched by; more adds cost, not better neighbours."""

MIN_TERM_CHARS = 4
"""Shorter words are mostly function words and affixes in the languages we publish."""

MAX_POSTINGS_SHARE = 0.02
"""A word in more than 2% of the articles is a topic of the whole site, not of two articles."""

MIN_MAX_POSTINGS = 5
MAX_MAX_POSTINGS = 60
"""Bounds of the cap: small sites still relate a handful, large ones stay linear."""

MAX_SHARE_IN_SMALL_SITES = 0.5
"""However small the site, a word in half of its articles describes none of them."""

MIN_SHARED_TERMS = 2
"""One shared rare word is often chance (a common name); two are a topic."""

SAME_SOURCE_BONUS = 0.5
"""Added to a candidate's score when it comes from the same source (in units of idf)."""

TIME_BONUS = 0.5
TIME_SCALE_DAYS = 7.0
"""Up to ``TIME_BONUS`` for a candidate published close in time, halving every week apart."""

LEAD_CHARS_PER_WORD = 16
"""Generous upper bound of a word's length with its space: only this much of a body is read."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
"""Dates become whole microseconds since the epoch: their differences are then exact, as
``timedelta`` arithmetic is."""

WORD = re.compile(rf"[^\W\d_]{{{MIN_TERM_CHARS},}}")


def describe(article: Article) -> set[str]:
    """The words an article can be related by: its title and the start of its text."""
    lead = (article.summary or "") + " " + article.body[: LEAD_WORDS * LEAD_CHARS_PER_WORD]
    words = lead.split(maxsplit=LEAD_WORDS)[:LEAD_WORDS]
    return set(WORD.findall((article.title + " " + " ".join(words)).casefold()))


RELATED_WORDS = "related-words"
"""Build-cache namespace: under the code, the words of the last build's articles, by article key."""


def describe_articles(
    articles: Sequence[Article], article_keys: Mapping[str, str], cache: BuildCache, code: str
) -> list[str]:
    """Every article's ``describe``, in order, as its words sorted and joined by spaces; the
    last build's are kept in the cache as one table by the article's key (``article_keys``:
    seed name -> a hash of the article), under the code: describing is the largest pass over the
    whole archive a one-seed rebuild makes, and an article's words only change with it (read
    as 10,000 entries, they took 0.17 s of such a rebuild; as one table, 0.02 s)."""
    known: dict[str, str] = cache.get_many(RELATED_WORDS, [code]).get(code, {})
    keys = [article_keys[article.seed_name] for article in articles]
    words = {key: known[key] if key in known else " ".join(sorted(describe(article)))
             for key, article in zip(keys, articles, strict=True)}
    if words != known:
        cache.put_many(RELATED_WORDS, {code: words})
    return [words[key] for key in keys]


RELATED_NAMESPACE = "related"
"""Build-cache namespace of the archive's related lists, by ``relate_articles``'s key."""


def relate_articles(
    articles: Sequence[Article], count: int, article_keys: Mapping[str, str], cache: BuildCache, code: str,
    executor: Executor | None = None,
) -> Callable[[], list[tuple[int, ...]]]:
    """``find_related``, stored in the cache by everything it reads: each article's words
    (``describe_articles``), source and instant, in order, and ``count``. An edit that leaves
    them as they were (a correction below an article's lead) does not relate the whole archive
    again (0.5 s at 10,000 articles); any other change does, on the ``executor`` when there is
    one. Returns a function giving the lists (waiting for the executor), to call once."""
    if count <= 0 or not articles:
        return lambda: [() for _ in articles]
    words = describe_articles(articles, article_keys, cache, code)
    sources = [article.source or "" for article in articles]
    instants = [instant(article) for article in articles]
    key = content_key(code, str(count), *map(repr, zip(words, sources, instants, strict=True)))
    known = cache.get_many(RELATED_NAMESPACE, [key])
    if key in known:
        return lambda: known[key]
    ranking = executor.submit(relate_words, words, sources, instants, count).result if executor is not None else (
        functools.partial(relate_words, words, sources, instants, count))

    def related() -> list[tuple[int, ...]]:
        lists = ranking()
        cache.put_many(RELATED_NAMESPACE, {key: lists})
        return lists

    return related


def instant(article: Article) -> int | None:
    """The article's date as whole microseconds since the epoch (None when undated)."""
    return (article.date - EPOCH) // MICROSECOND if article.date else None


def find_related(
    articles: Sequence[Article], count: int, descriptions: Sequence[set[str]] | None = None
) -> list[tuple[int, ...]]:
    """For each article, the positions of up to ``count`` related articles, best first
    (``descriptions``: each article's ``describe``, when the caller has them)."""
    if count <= 0 or not articles:
        return [() for _ in articles]
    if descriptions is None:
        descriptions = [describe(article) for article in articles]
    return relate_described(descriptions, [article.source or "" for article in articles],
                            [instant(article) for article in articles], count)


def relate_words(
    words: Sequence[str], sources: Sequence[str], instants: Sequence[int | None], count: int
) -> list[tuple[int, ...]]:
    """``relate_described`` of descriptions kept as their words joined by spaces (as the cache
    keeps them: each word once); runs on the executor."""
    return relate_described([described.split() for described in words], sources, instants, count)


def relate_described(
    descriptions: Sequence[Collection[str]], sources: Sequence[str], instants: Sequence[int | None], count: int
) -> list[tuple[int, ...]]:
    """``find_related`` from all it reads of the articles: their descriptions (each word once),
    sources ("" for none) and instants (``instant``)."""
    chosen, weight = choose_words(descriptions)
    first, second, shared_weight = candidate_pairs(chosen, weight)
    return rank_candidates(sources, instants, first, second, shared_weight, count)


def choose_words(descriptions: Sequence[Collection[str]]) -> tuple[list[list[int]], npt.NDArray[np.float64]]:
    """Each article's rarest words (at most ``TERMS_PER_ARTICLE``, rarest first) among those
    shared by few articles, and each word's weight (its inverse document frequency). Words are
    numbered rarest first, ties in alphabetical order, so an article's choice is a sort of
    numbers (no Python key function per word)."""
    frequency = Counter(chain.from_iterable(descriptions))
    total = len(descriptions)
    max_postings = min(MAX_MAX_POSTINGS, max(MIN_MAX_POSTINGS, int(total * MAX_POSTINGS_SHARE)),
                       int(total * MAX_SHARE_IN_SMALL_SITES))
    eligible = sorted((word for word, count in frequency.items() if 2 <= count <= max_postings),
                      key=lambda word: (frequency[word], word))
    number = {word: position for position, word in enumerate(eligible)}
    chosen = [sorted(map(number.__getitem__, filter(number.__contains__, words)))[:TERMS_PER_ARTICLE]
              for words in descriptions]
    weight = np.array([math.log(total / frequency[word]) for word in eligible])
    return chosen, weight


def candidate_pairs(
    chosen: Sequence[Sequence[int]], weight: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Every ordered pair of articles sharing at least ``MIN_SHARED_TERMS`` chosen words, by the
    first article then the second, with the summed weights of the words they share.

    Done over arrays: each word pairs every two articles that chose it (at most
    ``max_postings`` squared pairs a word), and one sort of the pairs, keyed (first, second,
    the word's place in the first's list), groups them and adds each pair's weights in the
    order of the first article's list, as a loop over it would."""
    total = len(chosen)
    lengths = np.array([len(words) for words in chosen], dtype=np.int64)
    word = np.fromiter(chain.from_iterable(chosen), dtype=np.int64, count=int(lengths.sum()))
    article = np.repeat(np.arange(total, dtype=np.int64), lengths)
    place = np.arange(len(word), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    weights = np.zeros((total, TERMS_PER_ARTICLE))
    weights[article, place] = weight[word]
    by_word = np.argsort(word, kind="stable")
    word_starts = np.flatnonzero(np.r_[True, word[by_word][1:] != word[by_word][:-1]])
    sizes = np.diff(np.r_[word_starts, len(by_word)])
    keys = []
    for size in sorted(set(sizes[sizes >= 2].tolist())):
        members = by_word[word_starts[sizes == size][:, None] + np.arange(size)]
        one, other = np.broadcast_arrays(members[:, :, None], members[:, None, :])
        different = one != other
        one, other = one[different], other[different]
        keys.append((article[one] * total + article[other]) * TERMS_PER_ARTICLE + place[one])
    if not keys:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0)
    # Stable (timsort) sorts the keys' long runs four times faster than quicksort; equal
    # integers make the same array either way.
    key = np.sort(np.concatenate(keys), kind="stable")
    pair = key // TERMS_PER_ARTICLE
    starts = np.flatnonzero(np.diff(pair, prepend=-1))
    sizes = np.diff(np.r_[starts, len(pair)])
    # Most pairs share a single word: those are dropped before any weight is read.
    kept = np.repeat(sizes >= MIN_SHARED_TERMS, sizes)
    key, pair = key[kept], pair[kept]
    starts = np.diff(pair, prepend=-1) != 0
    summed = np.bincount(np.cumsum(starts) - 1, weights=weights[pair // total, key % TERMS_PER_ARTICLE])
    pair = pair[starts]
    return pair // total, pair % total, summed


def rank_candidates(
    sources: Sequence[str],
    instants: Sequence[int | None],
    first: npt.NDArray[np.int64],
    second: npt.NDArray[np.int64],
    shared_weight: npt.NDArray[np.float64],
    count: int,
) -> list[tuple[int, ...]]:
    """Score each candidate pair (shared weight, then the same-source and time bonuses) and keep
    each article's best ``count``: highest score, then closest in time, then first in order."""
    numbers: dict[str, int] = {}
    source_of = np.array([numbers.setdefault(source, len(numbers)) if source else -1 for source in sources])
    same_source = (source_of[first] >= 0) & (source_of[first] == source_of[second])
    scores = np.where(same_source, shared_weight + SAME_SOURCE_BONUS, shared_weight)
    dated = np.array([when is not None for when in instants])
    micros = np.array([when or 0 for when in instants])
    both_dated = dated[first] & dated[second]
    distance = np.where(both_dated, np.abs(micros[first] - micros[second]) / 1e6 / 86400, math.inf)
    scores = np.array([score + TIME_BONUS * 0.5 ** (days / TIME_SCALE_DAYS) if days != math.inf else score
                       for score, days in zip(scores.tolist(), distance.tolist(), strict=True)])
    order = np.lexsort((second, distance, -scores, first))
    first, second = first[order], second[order]
    starts = np.flatnonzero(np.r_[True, first[1:] != first[:-1]]) if len(first) else np.empty(0, dtype=np.int64)
    place = np.arange(len(first)) - np.repeat(starts, np.diff(np.r_[starts, len(first)]))
    best = place < count
    related: list[tuple[int, ...]] = [() for _ in sources]
    kept_first, kept_second = first[best].tolist(), second[best].tolist()
    for one, others in groupby(range(len(kept_first)), key=kept_first.__getitem__):
        related[one] = tuple(kept_second[index] for index in others)
    return related
