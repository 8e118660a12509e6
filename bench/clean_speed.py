"""Benchmark: cleaning a typical page (clean + metadata) must take under 10 ms once the
rules are loaded. Not a timed test: run it by hand, ``python bench/clean_speed.py [DIR]``.

DIR defaults to ``tests/cases`` (copied corpus pages); every ``case-*.txt`` is cleaned
REPEAT times and the median and 90th-percentile time per page are printed. Times are the
process's CPU time (``time.process_time``), so other work on a shared machine does not
count against the cleaner.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

from generator.clean import clean_seed, load_rules
from generator.metadata import extract_metadata
from generator.models import Seed, SeedKind

REPEAT = 5
"""Runs per page; the fastest is kept (the others measure the machine's noise)."""

BUDGET_MS = 10.0
"""The issue's budget for a typical page."""


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "tests" / "cases"
    started = time.perf_counter()
    rules = load_rules()
    load_ms = (time.perf_counter() - started) * 1000
    times = []
    for path in sorted(p for p in folder.glob("case-*.txt") if re.fullmatch(r"case-\d+\.txt", p.name)):
        seed = Seed(path.name, SeedKind.TEXT, path.read_text(encoding="utf-8"), "0" * 64)
        best = float("inf")
        for _ in range(REPEAT):
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
    print(f"rules loaded once in {load_ms:.0f} ms")
    print(f"{len(times)} pages: median {median:.2f} ms, p90 {p90:.2f} ms, max {times[-1]:.2f} ms "
          f"(budget {BUDGET_MS:.0f} ms for a typical page: {'ok' if median < BUDGET_MS else 'OVER'})")
    return 0 if median < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
