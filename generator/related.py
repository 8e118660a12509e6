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

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain

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

WORD = re.compile(rf"[^\W\d_]{{{MIN_TERM_CHARS},}}")


def describe(article: Article) -> set[str]:
    """The words an article can be related by: its title and the start of its text."""
    lead = (article.summary or "") + " " + article.body[: LEAD_WORDS * LEAD_CHARS_PER_WORD]
    words = lead.split(maxsplit=LEAD_WORDS)[:LEAD_WORDS]
    return set(WORD.findall((article.title + " " + " ".join(words)).casefold()))


def find_related(articles: Sequence[Article], count: int) -> list[tuple[int, ...]]:
    """For each article, the positions of up to ``count`` related articles, best first."""
    if count <= 0:
        return [() for _ in articles]
    descriptions = [describe(article) for article in articles]
    frequency: Counter[str] = Counter()
    for words in descriptions:
        frequency.update(words)
    max_postings = min(MAX_MAX_POSTINGS, max(MIN_MAX_POSTINGS, int(len(articles) * MAX_POSTINGS_SHARE)),
                       int(len(articles) * MAX_SHARE_IN_SMALL_SITES))
    total = len(articles)
    chosen = [
        sorted((word for word in words if 2 <= frequency[word] <= max_postings),
               key=lambda word: (frequency[word], word))[:TERMS_PER_ARTICLE]
        for words in descriptions
    ]
    postings: dict[str, list[int]] = {}
    for position, words in enumerate(chosen):
        for word in words:
            postings.setdefault(word, []).append(position)
    weight = {word: math.log(total / frequency[word]) for word in postings}
    chosen_sets = [frozenset(words) for words in chosen]
    return [rank_candidates(articles, position, chosen, chosen_sets, postings, weight, count)
            for position in range(len(articles))]


def rank_candidates(
    articles: Sequence[Article],
    position: int,
    chosen: Sequence[Sequence[str]],
    chosen_sets: Sequence[frozenset[str]],
    postings: dict[str, list[int]],
    weight: dict[str, float],
    count: int,
) -> tuple[int, ...]:
    """Score the articles sharing at least ``MIN_SHARED_TERMS`` of this one's chosen words;
    keep the best ``count``. Counting shared words first leaves the scoring (most of the cost)
    to the few candidates that pass."""
    words = chosen[position]
    shared = Counter(chain.from_iterable(postings[word] for word in words))
    article = articles[position]
    ranked = []
    for other, times in shared.most_common():
        if times < MIN_SHARED_TERMS:
            break
        if other == position:
            continue
        theirs = chosen_sets[other]
        score = 0.0
        for word in words:
            if word in theirs:
                score += weight[word]
        candidate = articles[other]
        if article.source and candidate.source == article.source:
            score += SAME_SOURCE_BONUS
        apart = days_apart(article, candidate)
        if apart is not None:
            score += TIME_BONUS * 0.5 ** (apart / TIME_SCALE_DAYS)
        ranked.append((-score, apart if apart is not None else math.inf, other))
    ranked.sort()
    return tuple(other for _, _, other in ranked[:count])


def days_apart(first: Article, second: Article) -> float | None:
    if first.date is None or second.date is None:
        return None
    return abs((first.date - second.date).total_seconds()) / 86400
