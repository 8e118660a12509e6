"""A build killed at any moment leaves the previous site whole; bad seeds never stop the rest."""

from __future__ import annotations

import hashlib
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, markdown_page

ARTICLES = 300


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def processes_building(seeds: Path) -> list[int]:
    """Processes (a build and its pool workers, which share its command line) building from
    ``seeds``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"build" in arguments and str(seeds).encode() in arguments:
            found.append(int(entry.name))
    return found


def wait_until_gone(seeds: Path, seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while processes_building(seeds) and time.monotonic() < deadline:
        time.sleep(0.1)
    return processes_building(seeds)


def write_archive(folder: Path, edition: str) -> None:
    folder.mkdir(exist_ok=True)
    for number in range(ARTICLES):
        body = " ".join(f"Word{number} {edition} paragraph text." for _ in range(40))
        (folder / f"{number:04d}.md").write_text(
            markdown_page(f"Article {number} {edition}", body, date=f"2020-{number % 12 + 1:02d}-01"), encoding="utf-8"
        )


def build_command(seeds: Path, out: Path, report: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--seeds", str(seeds), "--out", str(out),
            "--config", str(out.parent / "none.toml"), "--report", str(report), "--cache", str(out.parent / "cache")]


@pytest.mark.parametrize("kill_signal", [signal.SIGKILL, signal.SIGINT])
def test_killed_builds_leave_the_previous_site_whole(tmp_path: Path, kill_signal: signal.Signals) -> None:
    seeds, out, report = tmp_path / "seeds", tmp_path / "site", tmp_path / "report.json"
    write_archive(seeds, "first")
    started = time.monotonic()
    subprocess.run(build_command(seeds, out, report), cwd=PROJECT_ROOT, check=True, capture_output=True)
    duration = time.monotonic() - started
    old = tree_digest(out)
    write_archive(seeds, "second")
    randomness = random.Random(20201105)
    outcomes = set()
    for _ in range(6):
        process = subprocess.Popen(build_command(seeds, out, report), cwd=PROJECT_ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(randomness.uniform(0.05, duration * 1.1))
        process.send_signal(kill_signal)
        process.wait(timeout=60)
        assert wait_until_gone(seeds) == [], "a killed build left processes behind"
        current = tree_digest(out)
        outcomes.add("old" if current == old else "new")
        if current != old:
            subprocess.run(build_command(seeds, out, report), cwd=PROJECT_ROOT, check=True, capture_output=True)
            assert tree_digest(out) == current, "a killed build's site differs from a complete build"
            write_archive(seeds, "first")
            subprocess.run(build_command(seeds, out, report), cwd=PROJECT_ROOT, check=True, capture_output=True)
            assert tree_digest(out) == old
            write_archive(seeds, "second")
    assert "old" in outcomes
    subprocess.run(build_command(seeds, out, report), cwd=PROJECT_ROOT, check=True, capture_output=True)
    deadline = time.monotonic() + 60
    while any(path.name.startswith(".site.retired-") for path in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cache", "report.json", "seeds", "site"]


def test_strict_makes_skipped_seeds_an_error(write_seeds, tmp_path: Path) -> None:
    seeds = write_seeds({"good.md": markdown_page("Good", "Body."), "empty.txt": ""})
    command = build_command(seeds, tmp_path / "site", tmp_path / "report.json")
    relaxed = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert relaxed.returncode == 0
    assert "skipped empty.txt: the file is empty" in relaxed.stderr
    assert "built 1 article(s), skipped 1" in relaxed.stdout
    strict = subprocess.run([*command, "--strict"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert strict.returncode == 3
    assert "--strict: 1 seed(s) skipped" in strict.stderr
