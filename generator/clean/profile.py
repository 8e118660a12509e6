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

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.clean.html import html_to_text
from generator.clean.lines import repetition_key, split_lines
from generator.models import Seed, SeedKind

TEMPLATE_MIN_SEEDS = 3
"""Two pages may quote the same sentence (or be the same story twice); three rarely do."""


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """Repetition keys of the lines that recur across seeds, with their seed counts."""

    template: frozenset[str]
    seed_count: int

    def is_template(self, key: str) -> bool:
        """True when a line with this repetition key recurs across enough seeds."""
        return key in self.template


def build_site_profile(seeds: Sequence[Seed]) -> SiteProfile:
    """Count, for each distinct line, how many seeds print it; keep the recurring ones."""
    return profile_from_line_keys(
        [seed_line_keys(seed) for seed in seeds if seed.kind in (SeedKind.TEXT, SeedKind.HTML)]
    )


def seed_line_keys(seed: Seed) -> frozenset[str]:
    """The distinct repetition keys of a seed's lines: what the profile counts per seed.

    A build cache stores these per seed content, so a rebuild recounts without re-reading.
    """
    keys = {repetition_key(line.text) for line in split_lines(seed_text(seed)) if line.text}
    keys.discard("")
    return frozenset(keys)


def profile_from_line_keys(key_sets: Sequence[frozenset[str]]) -> SiteProfile:
    """The profile of a build from each seed's line keys."""
    counts: Counter[str] = Counter()
    for keys in key_sets:
        counts.update(keys)
    template = frozenset(key for key, count in counts.items() if count >= TEMPLATE_MIN_SEEDS)
    return SiteProfile(template=template, seed_count=len(key_sets))


def seed_text(seed: Seed) -> str:
    """The seed as dump text: HTML seeds are turned into innerText-like lines first."""
    return html_to_text(seed.text) if seed.kind is SeedKind.HTML else seed.text
