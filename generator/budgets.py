"""Size budgets: a page, feed or search file heavier than its configured budget is reported.

Budgets keep the site fast to read on a slow connection: the build names every file over its
budget as a warning, and ``--strict`` turns the warnings into a failed build.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.config import SiteConfig
from generator.urls import ATOM_FILE, JSON_FEED_FILE, OPML_FILE, RSS_FILE, SEARCH

FEED_FILES = (RSS_FILE, ATOM_FILE, JSON_FEED_FILE, OPML_FILE)


def budget_of(path: str, config: SiteConfig) -> tuple[str, int] | None:
    """The kind of file and its budget in KiB, or None for files without one (static assets)."""
    name = path.rsplit("/", 1)[-1]
    if path.startswith(SEARCH) and path.endswith(".json"):
        return "search file", config.search_budget_kb
    if name in FEED_FILES:
        return "feed", config.feed_budget_kb
    if path.endswith(".html") and not path.startswith("static/"):
        return "page", config.page_budget_kb
    return None


def check_size_budgets(sizes: Mapping[str, int], config: SiteConfig) -> tuple[str, ...]:
    """One warning per file over its budget (``sizes``: bytes by path), in path order."""
    warnings = []
    smallest = min(config.search_budget_kb, config.feed_budget_kb, config.page_budget_kb) * 1024
    for path in sorted(path for path, size in sizes.items() if size > smallest):
        budget = budget_of(path, config)
        if budget is None:
            continue
        kind, limit_kb = budget
        size = sizes[path]
        if size > limit_kb * 1024:
            warnings.append(f"{path}: {size / 1024:.1f} KiB, over the {kind} budget of {limit_kb} KiB")
    return tuple(warnings)
