"""Size budgets: a page, feed or search file over its budget is a warning in the build report,
printed by the command line, and an error with --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.budgets import budget_of, check_size_budgets
from generator.build import build_site
from generator.config import SiteConfig
from tests.conftest import PROJECT_ROOT, markdown_page

CONFIG = SiteConfig(page_budget_kb=2, feed_budget_kb=3, search_budget_kb=1)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", ("page", 2)),
        ("2020/11/slug/removed.html", ("page", 2)),
        ("feed.xml", ("feed", 3)),
        ("sources/kompas-com/atom.xml", ("feed", 3)),
        ("feed.json", ("feed", 3)),
        ("feeds.opml", ("feed", 3)),
        ("search/id/0.json", ("search file", 1)),
        ("search/meta.json", ("search file", 1)),
        ("static/css/style.css", None),
        ("static/vendor/readme.html", None),
        ("sitemap.xml", None),
        ("2020/11/slug/index.md", None),
    ],
)
def test_each_file_kind_has_its_budget(path: str, expected: tuple[str, int] | None) -> None:
    assert budget_of(path, CONFIG) == expected


def test_files_just_over_their_budget_are_reported_in_path_order() -> None:
    sizes = {
        "index.html": 2048,
        "page/2/index.html": 2049,
        "feed.xml": 3 * 1024 + 1,
        "atom.xml": 3 * 1024,
        "search/meta.json": 1025,
        "static/css/style.css": 100_000,
    }
    assert check_size_budgets(sizes, CONFIG) == (
        "feed.xml: 3.0 KiB, over the feed budget of 3 KiB",
        "page/2/index.html: 2.0 KiB, over the page budget of 2 KiB",
        "search/meta.json: 1.0 KiB, over the search file budget of 1 KiB",
    )


def test_the_build_report_carries_the_warnings(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "long.md").write_text(markdown_page("Long", "Kalimat panjang sekali. " * 400), encoding="utf-8")
    report = build_site(seeds, tmp_path / "site", SiteConfig(page_budget_kb=8))
    assert report.warnings
    assert all("over the page budget of 8 KiB" in warning for warning in report.warnings)
    assert any(warning.startswith("undated/long/index.html: ") for warning in report.warnings)
    relaxed = build_site(seeds, tmp_path / "site", SiteConfig())
    assert relaxed.warnings == ()


def test_strict_turns_budget_warnings_into_a_failed_build(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "long.md").write_text(markdown_page("Long", "Kalimat panjang sekali. " * 400), encoding="utf-8")
    config = tmp_path / "site.toml"
    config.write_text("page_budget_kb = 8\n", encoding="utf-8")
    command = [sys.executable, "-m", "generator", "build", "--seeds", str(seeds), "--out", str(tmp_path / "site"),
               "--config", str(config), "--report", str(tmp_path / "report.json"), "--no-cache"]
    relaxed = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "warning: undated/long/index.html: " in relaxed.stderr
    strict = subprocess.run([*command, "--strict"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert strict.returncode == 3
    assert "--strict: " in strict.stderr and "file(s) over their size budget" in strict.stderr
    assert '"warnings": [' in (tmp_path / "report.json").read_text(encoding="utf-8")
