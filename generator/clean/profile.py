"""Cross-seed evidence: lines that recur in many seeds are the site's template, not articles.

A menu entry, a banner or a footer line is printed on every page of a site; an article
paragraph is printed on one. The profile is built from all seeds of a build before any is
cleaned and passed to ``clean_seed`` as an object, so the verdict on a seed never depends on
which seeds happened to be cleaned before it.

Seeds from several sites may share a folder: a line still has to recur in
TEMPLATE_MIN_SEEDS seeds, which a site's template does within the site and an article's
sentence does not.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from generator.clean.html import html_to_text
from generator.clean.lines import MEASURED_MAX_LINES, line_texts, repetition_key
from generator.models import Seed, SeedKind

TEMPLATE_MIN_SEEDS = 3
"""Two pages may quote the same sentence (or be the same story twice); three rarely do."""

LineKeys = npt.NDArray[np.uint64]
"""A seed's distinct line keys (``line_key``), sorted: one small array per seed, cheap to
cache, load and count across ten thousand seeds."""


@functools.lru_cache(maxsize=MEASURED_MAX_LINES)
def line_key(repetition_key: str) -> int:
    """A line's repetition key as 64 bits (a collision, about one in 10^8 among a million keys,
    only makes one line count as printed by more seeds than it is). Remembered, as the key
    itself is: a site's template lines are hashed for every seed."""
    return int.from_bytes(hashlib.blake2b(repetition_key.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """The line keys (``line_key``) of the lines that recur across seeds, and how many seeds
    were counted."""

    template: frozenset[int]
    seed_count: int

    def is_template(self, repetition_key: str) -> bool:
        """True when a line with this repetition key recurs across enough seeds."""
        return line_key(repetition_key) in self.template


def build_site_profile(seeds: Sequence[Seed]) -> SiteProfile:
    """Count, for each distinct line, how many seeds print it; keep the recurring ones."""
    return profile_from_line_keys(
        [seed_line_keys(seed) for seed in seeds if seed.kind in (SeedKind.TEXT, SeedKind.HTML)]
    )


def seed_line_keys(seed: Seed) -> LineKeys:
    """The line keys of a seed's lines: what the profile counts per seed.

    A build cache stores these per seed content, so a rebuild recounts without re-reading.
    """
    keys = {repetition_key(text) for text in line_texts(seed_text(seed)) if text}
    keys.discard("")
    return np.unique(np.array([line_key(key) for key in keys], dtype=np.uint64))


@dataclass(frozen=True, slots=True)
class LineCounts:
    """How many seeds print each line: the distinct line keys, sorted, and each one's count.

    A build keeps the counts of its seeds, so the next one counts in only the seeds that came
    and out those that went, instead of counting every seed's keys again."""

    keys: LineKeys
    counts: npt.NDArray[np.int64]

    def template(self) -> LineKeys:
        """The keys at least ``TEMPLATE_MIN_SEEDS`` seeds print, sorted."""
        return self.keys[self.counts >= TEMPLATE_MIN_SEEDS]


NO_LINES = LineCounts(np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64))


def tally_lines(key_sets: Sequence[LineKeys]) -> LineCounts:
    """The counts of some seeds' keys (a seed holds a key once), counted in one sort."""
    ordered = np.sort(np.concatenate([NO_LINES.keys, *key_sets]))
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.empty(0, dtype=np.int64)
    return LineCounts(ordered[starts], np.diff(np.r_[starts, len(ordered)]).astype(np.int64))


def recount_lines(counts: LineCounts, added: Sequence[LineKeys], removed: Sequence[LineKeys] = ()) -> LineCounts:
    """``counts`` with the seeds whose keys are ``added`` counted in and those whose keys are
    ``removed`` (counted in before) counted out."""
    more, fewer = tally_lines(added), tally_lines(removed)
    distinct, where = np.unique(np.concatenate([counts.keys, more.keys, fewer.keys]), return_inverse=True)
    totals = np.bincount(where, weights=np.concatenate([counts.counts, more.counts, -fewer.counts]),
                         minlength=len(distinct)).astype(np.int64)  # float sums, exact below 2**53
    printed = totals > 0
    return LineCounts(distinct[printed], totals[printed])


def site_template(key_sets: Sequence[LineKeys]) -> LineKeys:
    """The line keys at least ``TEMPLATE_MIN_SEEDS`` of the seeds print (each seed's keys in
    ``key_sets``), sorted."""
    return tally_lines(key_sets).template()


def template_lines(keys: LineKeys, template: LineKeys) -> LineKeys:
    """A seed's line keys (sorted, distinct) that are the site's ``template`` (sorted): each
    key looked up by bisection, a third of ``np.isin``'s time (a build whose template changed
    does this for every seed)."""
    if not len(template):
        return keys[:0]
    at = np.minimum(np.searchsorted(template, keys), len(template) - 1)
    return keys[template[at] == keys]


def profile_from_line_keys(key_sets: Sequence[LineKeys]) -> SiteProfile:
    """The profile of a build from each seed's line keys."""
    return SiteProfile(template=frozenset(site_template(key_sets).tolist()), seed_count=len(key_sets))


def seed_text(seed: Seed) -> str:
    """The seed as dump text: HTML seeds are turned into innerText-like lines first."""
    return html_to_text(seed.text) if seed.kind is SeedKind.HTML else seed.text
