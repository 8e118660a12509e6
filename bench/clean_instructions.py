"""Benchmark: machine instructions per bench dump cleaned and read (clean + metadata), counted
by valgrind, for comparing two versions of the cleaner on a noisy machine.

CPU times of the same code wander by 30% on a shared machine; an instruction count does not (it
repeats to 0.1%). The count is that of cleaning PAGES bench dumps (``bench/archive.py``, half
Indonesian, half English, with their sites' chrome) after WARM of them were cleaned first (as
in a build's worker, which has met its site's template lines), minus the same run with none:
startup, imports and the rules' compilation cancel out.

Not a timed test: run it by hand, ``python bench/clean_instructions.py [--pages N]``, once per
version to compare (``PYTHONPATH=<a checkout>`` picks the version). Needs ``valgrind`` (Debian
package ``valgrind``); takes about a minute.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from archive import write_archive

WARM = 20
"""Dumps cleaned before counting starts."""


def clean_some(seeds: Path, count: int) -> None:
    """Read every dump of ``seeds`` and profile the site, then clean and read the first
    ``count`` dumps (every run does the same but the cleaning, so the difference is that)."""
    from generator.clean import build_site_profile, clean_seed, load_rules
    from generator.metadata import extract_metadata
    from generator.models import Seed, SeedKind

    dumps = [Seed(path.name, SeedKind.TEXT, path.read_text(encoding="utf-8"), "0" * 64)
             for path in sorted(seeds.glob("*.txt"))]
    rules = load_rules()
    profile = build_site_profile(dumps, rules)
    for dump in dumps[:count]:
        extract_metadata(clean_seed(dump, rules, profile), rules)


def instructions(seeds: Path, count: int) -> int:
    """Instructions valgrind counts for a run of ``clean_some`` (a fixed hash seed: same run,
    same count)."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
               "--child", str(seeds), "--pages", str(count)]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
                            check=True)
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--warm", type=int, default=WARM)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        clean_some(args.child, args.pages)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        seeds = Path(folder) / "raw"
        write_archive(args.warm + args.pages, seeds, None)
        base = instructions(seeds, args.warm)
        counted = instructions(seeds, args.warm + args.pages)
    print(f"cleaning and reading a bench dump: {(counted - base) / args.pages / 1000:,.0f} Ki instructions "
          f"({args.pages} dumps after {args.warm})")


if __name__ == "__main__":
    main()
