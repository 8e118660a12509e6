"""Benchmark: cleaning a typical page (clean + metadata) must take under 10 ms once the
rules are loaded, and loading the rules plus the first clean of an Indonesian and an English
page (what every build and worker process pays once) under 150 ms.
Not a timed test: run it by hand, ``python bench/clean_speed.py [DIR]``.

DIR defaults to ``tests/cases`` (copied corpus pages); every ``case-*.txt`` is cleaned
REPEAT times and the median and 90th-percentile time per page are printed. Before each run the
cleaner forgets the lines it measured and keyed and the dates it read: a page's template lines
are not counted as known (in a build, they are for a site's second seed on). Times are the process's CPU time
(``time.process_time``), so other work on a shared machine does not count against the cleaner.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

from generator.clean import Rules, clean_seed, load_rules
from generator.clean.lines import forget_line_keys
from generator.metadata import extract_metadata
from generator.metadata.dates import find_date, shows_date, text_dates
from generator.models import Seed, SeedKind

REPEAT = 5
"""Runs per page; the fastest is kept (the others measure the machine's noise)."""

BUDGET_MS = 10.0
"""The issue's budget for a typical page."""

COLD_BUDGET_MS = 150.0
"""Budget for loading the rules and cleaning a first Indonesian and a first English page:
per-language data is compiled on first use, so this is what a new process pays."""

ROOT = Path(__file__).resolve().parent.parent
COLD_PAGES = (ROOT / "seeds" / "000_3f5251a220b8a8fc.txt", ROOT / "tests" / "cases" / "case-000.txt")
"""The real seed (Indonesian) and an English case: the first pages a fresh process cleans."""


def forget_what_was_met(rules: Rules) -> None:
    """Forget the lines measured and keyed and the dates read, so that each run cleans the page
    as if for the first time."""
    rules.forget_measured_lines()
    forget_line_keys()
    for remembered in (find_date, shows_date, text_dates):
        remembered.cache_clear()


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "cases"
    started = time.perf_counter()
    rules = load_rules()
    load_ms = (time.perf_counter() - started) * 1000
    for path in COLD_PAGES:
        seed = Seed(path.name, SeedKind.TEXT, path.read_text(encoding="utf-8"), "0" * 64)
        extract_metadata(clean_seed(seed, rules), rules)
    cold_ms = (time.perf_counter() - started) * 1000
    times = []
    for path in sorted(p for p in folder.glob("case-*.txt") if re.fullmatch(r"case-\d+\.txt", p.name)):
        seed = Seed(path.name, SeedKind.TEXT, path.read_text(encoding="utf-8"), "0" * 64)
        best = float("inf")
        for _ in range(REPEAT):
            forget_what_was_met(rules)
            start = time.process_time()
            extract_metadata(clean_seed(seed, rules), rules)
            best = min(best, time.process_time() - start)
        times.append(best * 1000)
    if not times:
        print(f"no case-*.txt in {folder}")
        return 1
    times.sort()
    median = statistics.median(times)
    p90 = times[int(0.9 * (len(times) - 1))]
    print(f"rules loaded in {load_ms:.0f} ms; with the first Indonesian and English page {cold_ms:.0f} ms "
          f"(budget {COLD_BUDGET_MS:.0f} ms: {'ok' if cold_ms < COLD_BUDGET_MS else 'OVER'})")
    print(f"{len(times)} pages: median {median:.2f} ms, p90 {p90:.2f} ms, max {times[-1]:.2f} ms "
          f"(budget {BUDGET_MS:.0f} ms for a typical page: {'ok' if median < BUDGET_MS else 'OVER'})")
    return 0 if median < BUDGET_MS and cold_ms < COLD_BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
