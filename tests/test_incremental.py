"""Incremental builds: after any kind of change, a cached build equals a cold build."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from generator import output
from generator.articles import run_here_or_on
from generator.build import build_site
from generator.cache import code_version
from generator.config import SiteConfig
from generator.models import SeedKind
from generator.theme import DEFAULT_THEMES_ROOT
from tests.conftest import PROJECT_ROOT, REAL_SEED, RecordingPool, markdown_page

CONFIG = SiteConfig(base_url="https://example.org/", per_page=2, language="en")


def tree(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def english_dump(title: str, number: int) -> str:
    body = "\n\n".join(
        f"Paragraph {part} of story {number}: the committee said on Monday that the {title.lower()} plan "
        f"would go ahead after a long debate about costs, and residents welcomed the decision."
        for part in range(4))
    return f"Home\nNews\nSport\n\n{title}\n\nBy Ann Writer\n\nMarch {number + 1}, 2021\n\n{body}\n\nShare\nComments"


def initial_seeds() -> dict[str, str]:
    seeds = {f"dump-{n}.txt": english_dump(f"Bridge repairs number {n}", n) for n in range(4)}
    seeds["real.txt"] = REAL_SEED.read_text(encoding="utf-8")
    seeds["page.md"] = markdown_page("A Markdown page", "Its body.", date="2021-05-01T10:00:00+02:00")
    return seeds


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def change_seeds(seeds: Path, kind: str) -> None:
    if kind == "add":
        (seeds / "dump-9.txt").write_text(english_dump("Ferry timetable", 9), encoding="utf-8")
    elif kind == "edit":
        (seeds / "dump-1.txt").write_text(english_dump("Tunnel repairs", 1), encoding="utf-8")
    elif kind == "delete":
        (seeds / "dump-2.txt").unlink()
    elif kind == "rename":
        (seeds / "page.md").rename(seeds / "renamed.md")
    elif kind == "edit-markdown":
        (seeds / "page.md").write_text(markdown_page("A Markdown page", "New body.", date="2021-05-02"), "utf-8")


@pytest.mark.parametrize("kind", ["add", "edit", "delete", "rename", "edit-markdown"])
def test_seed_changes_give_the_cold_build(tmp_path: Path, kind: str) -> None:
    seeds = write(tmp_path / "seeds", initial_seeds())
    cache = tmp_path / "cache"
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
    before = tree(tmp_path / "site")
    change_seeds(seeds, kind)
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
    build_site(seeds, tmp_path / "cold", CONFIG)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
    assert tree(tmp_path / "site") != before


def test_a_chain_of_changes_gives_the_cold_build_each_time(tmp_path: Path) -> None:
    """Each build updates the site the one before last replaced (kept in the cache folder)
    into the new one: after every step of a chain of changes the site is the cold build."""
    seeds = write(tmp_path / "seeds", initial_seeds())
    cache = tmp_path / "cache"
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
    for step, kind in enumerate(["edit", "add", "delete", "edit-markdown", "rename"]):
        change_seeds(seeds, kind)
        build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
        build_site(seeds, tmp_path / f"cold-{step}", CONFIG)
        assert tree(tmp_path / "site") == tree(tmp_path / f"cold-{step}"), kind
    (tmp_path / "site" / "index.html").write_text("defaced")
    (seeds / "dump-0.txt").write_text(english_dump("Harbour dredging", 0), encoding="utf-8")
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
    build_site(seeds, tmp_path / "cold-last", CONFIG)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold-last")


def test_no_change_returns_the_same_report_and_site(tmp_path: Path) -> None:
    seeds = write(tmp_path / "seeds", initial_seeds())
    first = build_site(seeds, tmp_path / "site", CONFIG, cache_dir=tmp_path / "cache")
    stamp = {path: path.stat().st_mtime_ns for path in (tmp_path / "site").rglob("*")}
    second = build_site(seeds, tmp_path / "site", CONFIG, cache_dir=tmp_path / "cache")
    assert second == first
    assert {path: path.stat().st_mtime_ns for path in (tmp_path / "site").rglob("*")} == stamp


def test_a_site_edited_by_hand_is_rebuilt(tmp_path: Path) -> None:
    seeds = write(tmp_path / "seeds", initial_seeds())
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=tmp_path / "cache")
    expected = tree(tmp_path / "site")
    (tmp_path / "site" / "index.html").write_text("defaced")
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=tmp_path / "cache")
    assert tree(tmp_path / "site") == expected


def assert_a_change_undoes_a_hand_edit(tmp_path: Path, kind: str) -> None:
    """Build, edit by hand a file of the site that the change of seeds (``kind``) leaves alone,
    build again with the change: the site is the cold build of the new seeds."""
    seeds, site, cache = write(tmp_path / "seeds", initial_seeds()), tmp_path / "site", tmp_path / "cache"
    build_site(seeds, site, CONFIG, cache_dir=cache)
    (site / "static" / "favicon.svg").write_text("defaced")
    change_seeds(seeds, kind)
    build_site(seeds, site, CONFIG, cache_dir=cache)
    build_site(seeds, tmp_path / "cold", CONFIG)
    assert tree(site) == tree(tmp_path / "cold")


def test_with_seeds_changed_the_site_is_checked_in_a_child_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When seeds changed, whether the site is untouched is asked in a child process while the
    articles are made; it still finds a file edited by hand that the change leaves alone."""
    checked_by = tmp_path / "checked-by"
    checked_by.mkdir()
    check = output.is_untouched

    def recorded_check(out_dir: Path, manifest: output.SiteManifest) -> bool:
        (checked_by / str(os.getpid())).touch()
        return check(out_dir, manifest)

    monkeypatch.setattr(output, "is_untouched", recorded_check)
    assert_a_change_undoes_a_hand_edit(tmp_path, "edit")
    checkers = [int(path.name) for path in checked_by.iterdir()]
    assert len(checkers) == 1 and checkers[0] != os.getpid()


def test_a_check_that_fails_has_the_site_written_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A child process that dies without answering counts as a site edited by hand."""

    def failing_check(out_dir: Path, manifest: output.SiteManifest) -> bool:
        raise RuntimeError("the check failed")

    monkeypatch.setattr(output, "is_untouched", failing_check)
    assert_a_change_undoes_a_hand_edit(tmp_path, "add")


def recorded_thread_pools(monkeypatch: pytest.MonkeyPatch) -> list[ThreadPoolExecutor]:
    """The thread pools the output stage makes from now on."""
    pools = []

    class RecordedPool(ThreadPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(output, "ThreadPoolExecutor", RecordedPool)
    return pools


def test_a_site_whose_metadata_is_slow_to_read_is_checked_by_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When stat-ing the first entries of the site has to wait in the kernel (its metadata is
    not in memory), the rest are stat-ed by threads: they tell an untouched site, and one edited
    by hand, as one thread does."""
    pools = recorded_thread_pools(monkeypatch)
    monkeypatch.setattr(output, "STAMP_PROBE_ENTRIES", 1)
    monkeypatch.setattr(output, "PROBE_WAITS_IN_MEMORY", -1)
    monkeypatch.setattr(output, "STAMP_CHUNK", 3)
    seeds, site, cache = write(tmp_path / "seeds", initial_seeds()), tmp_path / "site", tmp_path / "cache"
    first = build_site(seeds, site, CONFIG, cache_dir=cache)
    expected = tree(site)
    stamp = {path: path.stat().st_mtime_ns for path in site.rglob("*")}
    assert build_site(seeds, site, CONFIG, cache_dir=cache) == first
    assert {path: path.stat().st_mtime_ns for path in site.rglob("*")} == stamp
    assert pools
    (site / "index.html").write_text("defaced")
    build_site(seeds, site, CONFIG, cache_dir=cache)
    assert tree(site) == expected


def test_a_check_slowed_by_a_busy_processor_stays_in_one_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stats that are slow for want of a core (here each keeps the processor busy 0.1 ms), not
    for the disk, never wait in the kernel: the check stays in one thread, where threads would
    only add work."""
    pools = recorded_thread_pools(monkeypatch)
    stat = output.stat_of

    def busy_stat(path: str, dir_fd: int | None = None) -> output.Stat:
        busy_until = time.perf_counter() + 0.0001
        while time.perf_counter() < busy_until:
            pass
        return stat(path, dir_fd)

    monkeypatch.setattr(output, "stat_of", busy_stat)
    seeds, site, cache = write(tmp_path / "seeds", initial_seeds()), tmp_path / "site", tmp_path / "cache"
    first = build_site(seeds, site, CONFIG, cache_dir=cache)
    assert build_site(seeds, site, CONFIG, cache_dir=cache) == first
    assert not pools


def test_the_cache_does_not_store_the_files_the_site_holds(tmp_path: Path) -> None:
    """Pages and feeds are reused from the live site by key; a second copy in the cache would
    double a cold build's writing (and the site is rendered again when edited by hand)."""
    seeds = write(tmp_path / "seeds", initial_seeds())
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=tmp_path / "cache")
    stored = [value for (value,) in sqlite3.connect(tmp_path / "cache" / "cache.sqlite3").execute(
        "SELECT value FROM entries")]
    for name in ("index.html", "feed.xml", "atom.xml", "2021/05/a-markdown-page/index.html"):
        page = (tmp_path / "site" / name).read_bytes()
        assert not any(page in value for value in stored), name


def test_a_build_writes_over_the_spare_files_only_and_never_into_the_live_site(tmp_path: Path) -> None:
    """A build updates the spare (the site before last) into the new site: a file of it that
    the live site does not share is written over in place (the same file, not a new one); the
    live site's files, which the spare shares through hard links, are never written into. Read
    through files held open across the build."""
    seeds = write(tmp_path / "seeds", initial_seeds())
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_site(seeds, site, CONFIG, cache_dir=cache)
    change_seeds(seeds, "edit")
    build_site(seeds, site, CONFIG, cache_dir=cache)
    with contextlib.ExitStack() as stack:
        def held(folder: Path, spare_only: bool) -> dict[BinaryIO, bytes]:
            files = [path for path in folder.rglob("*") if path.is_file()]
            opened = [stack.enter_context(path.open("rb")) for path in files
                      if not spare_only or path.stat().st_nlink == 1]
            return {stream: stream.read() for stream in opened}

        live, spare_only = held(site, spare_only=False), held(cache / "spare-site", spare_only=True)
        change_seeds(seeds, "add")
        build_site(seeds, site, CONFIG, cache_dir=cache)

        def now(stream: BinaryIO) -> bytes:
            stream.seek(0)
            return stream.read()

        assert all(now(stream) == before for stream, before in live.items())
        written_over = [stream for stream, before in spare_only.items()
                        if os.fstat(stream.fileno()).st_nlink > 0 and now(stream) != before]
    assert written_over
    build_site(seeds, tmp_path / "cold", CONFIG)
    assert tree(site) == tree(tmp_path / "cold")


def test_a_link_left_in_the_spare_is_replaced_never_written_through(tmp_path: Path) -> None:
    """A spare's file is written over only when it is a plain file of its own: a symbolic link
    found in place of a file the build changes (the cache folder tampered with) is replaced, its
    target left as it was. (The spare's files are otherwise trusted as its manifest says.)"""
    seeds = write(tmp_path / "seeds", initial_seeds())
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_site(seeds, site, CONFIG, cache_dir=cache)
    change_seeds(seeds, "edit")
    build_site(seeds, site, CONFIG, cache_dir=cache)
    outside = tmp_path / "outside.xml"
    outside.write_text("not the site's")
    (spare_feed,) = (cache / "spare-site").glob("*/feed.xml")
    spare_feed.unlink()
    spare_feed.symlink_to(outside)
    change_seeds(seeds, "add")
    build_site(seeds, site, CONFIG, cache_dir=cache)
    build_site(seeds, tmp_path / "cold", CONFIG)
    assert outside.read_text() == "not the site's"
    assert not (site / "feed.xml").is_symlink()
    assert tree(site) == tree(tmp_path / "cold")


def test_config_change_gives_the_cold_build(tmp_path: Path) -> None:
    seeds = write(tmp_path / "seeds", initial_seeds())
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=tmp_path / "cache")
    changed = CONFIG.with_overrides(title="Another Mirror", timezone="Asia/Jakarta", per_page=3)
    build_site(seeds, tmp_path / "site", changed, cache_dir=tmp_path / "cache")
    build_site(seeds, tmp_path / "cold", changed)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")


def own_theme(tmp_path: Path) -> tuple[Path, SiteConfig]:
    """A copy of the default theme, and the test config that uses it."""
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEMES_ROOT / "default", theme)
    return theme, CONFIG.with_overrides(theme=str(theme))


def change_footer(theme: Path) -> None:
    """Edit the template every page extends."""
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text().replace("</footer>", "<p>changed footer</p></footer>", 1))


def test_theme_change_gives_the_cold_build(tmp_path: Path) -> None:
    seeds = write(tmp_path / "seeds", initial_seeds())
    theme, config = own_theme(tmp_path)
    build_site(seeds, tmp_path / "site", config, cache_dir=tmp_path / "cache")
    before = tree(tmp_path / "site")
    css = theme / "static" / "css" / "style.css"
    css.write_text(css.read_text() + "\n.changed { color: red; }\n")
    change_footer(theme)
    build_site(seeds, tmp_path / "site", config, cache_dir=tmp_path / "cache")
    build_site(seeds, tmp_path / "cold", config)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold") != before


def test_removed_lines_are_read_for_the_article_pages_made_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache keeps an article's removed lines apart from it (most of a dump's bytes, shown
    by its own pages only): a build reads those of the cached articles whose pages it makes, so
    a theme change reads them all and gives the cold build, and an edit reads fewer."""
    from generator.articles import REMOVED_NAMESPACE
    from generator.cache import BuildCache

    seeds = write(tmp_path / "seeds", initial_seeds())
    theme, config = own_theme(tmp_path)
    build_site(seeds, tmp_path / "site", config, cache_dir=tmp_path / "cache")
    asked: list[str] = []
    get_many = BuildCache.get_many

    def recorded_get_many(self: BuildCache, namespace: str, keys: Iterable[str]) -> dict[str, Any]:
        keys = list(keys)
        if namespace == REMOVED_NAMESPACE:
            asked.extend(keys)
        return get_many(self, namespace, keys)

    monkeypatch.setattr(BuildCache, "get_many", recorded_get_many)
    change_footer(theme)
    build_site(seeds, tmp_path / "site", config, cache_dir=tmp_path / "cache")
    build_site(seeds, tmp_path / "cold", config)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
    assert len(set(asked)) == len(initial_seeds())
    asked.clear()
    (seeds / "dump-1.txt").write_text(english_dump("Tunnel repairs", 1), encoding="utf-8")
    build_site(seeds, tmp_path / "site", config, cache_dir=tmp_path / "cache")
    assert len(set(asked)) < len(initial_seeds()) - 1


def test_an_article_whose_removed_lines_the_cache_lost_is_made_again(tmp_path: Path) -> None:
    """An article is read from the cache only with its removed lines: with them lost, its seed
    is cleaned again (when in doubt, rebuild)."""
    from generator.articles import REMOVED_NAMESPACE

    seeds = write(tmp_path / "seeds", initial_seeds())
    theme, config = own_theme(tmp_path)
    build_site(seeds, tmp_path / "site", config, cache_dir=tmp_path / "cache")
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite3") as connection:
        lost = connection.execute("DELETE FROM entries WHERE namespace = ?", [REMOVED_NAMESPACE]).rowcount
    assert lost == len(initial_seeds())
    change_footer(theme)
    build_site(seeds, tmp_path / "site", config, cache_dir=tmp_path / "cache")
    build_site(seeds, tmp_path / "cold", config)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
    assert any(path.endswith("/removed.html") for path in tree(tmp_path / "site"))


def test_generator_upgrade_gives_the_cold_build(tmp_path: Path) -> None:
    """A new generator version (here: a rule that drops one more line) invalidates the cache."""
    seeds = write(tmp_path / "seeds", initial_seeds())
    upgraded = tmp_path / "v2"
    shutil.copytree(PROJECT_ROOT / "generator", upgraded / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    rules = upgraded / "generator" / "rules" / "lang" / "common.toml"
    text = rules.read_text(encoding="utf-8")
    assert 'starts = ["©"' in text
    rules.write_text(text.replace('starts = ["©"', 'starts = ["paragraph 3 of story 1", "©"'), encoding="utf-8")
    assert code_version(upgraded / "generator") != code_version()

    def build(package_parent: Path, out: Path, cache: bool) -> None:
        command = [sys.executable, "-m", "generator", "build", "--seeds", str(seeds), "--out", str(out),
                   "--config", str(tmp_path / "none.toml"), "--report", str(tmp_path / "report.json"),
                   "--base-url", "https://example.org/", "--theme", str(DEFAULT_THEMES_ROOT / "default")]
        command += ["--cache", str(tmp_path / "cache")] if cache else ["--no-cache"]
        subprocess.run(command, cwd=package_parent, check=True, capture_output=True)

    build(PROJECT_ROOT, tmp_path / "site", cache=True)
    before = tree(tmp_path / "site")
    build(upgraded, tmp_path / "site", cache=True)
    build(upgraded, tmp_path / "cold", cache=False)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold") != before


def test_a_local_dask_cluster_builds_the_same_site(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    seeds = write(tmp_path / "seeds", {**initial_seeds(), **{
        f"more-{n}.txt": english_dump(f"Harbour works {n}", n + 10) for n in range(80)}})
    build_site(seeds, tmp_path / "serial", CONFIG)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        report = build_site(seeds, tmp_path / "dask", CONFIG, executor=client.get_executor())
    assert len(report.built) == 86
    assert tree(tmp_path / "dask") == tree(tmp_path / "serial")


def test_batches_not_yet_run_are_cancelled_when_their_results_are_no_longer_wanted() -> None:
    """A build that stops early (an error, Ctrl-C) does not wait for the rest of its seeds."""
    from concurrent.futures import ThreadPoolExecutor

    ran: list[int] = []

    def slow(batch: int) -> int:
        ran.append(batch)
        time.sleep(0.2)
        return batch

    with ThreadPoolExecutor(1) as pool:
        results = run_here_or_on(pool, slow, list(range(20)), lambda batch: batch)
        assert next(iter(results)) == 0
        results.close()
    assert len(ran) < 5


def test_a_process_pool_builds_the_same_site(tmp_path: Path) -> None:
    """Seeds cleaned, bodies and article pages rendered in worker processes (each with its own
    copy of the theme) give the bytes of a build in one process."""
    from concurrent.futures import ProcessPoolExecutor

    seeds = write(tmp_path / "seeds", {**initial_seeds(), **{
        f"more-{n}.txt": english_dump(f"Harbour works {n}", n + 10) for n in range(80)}})
    build_site(seeds, tmp_path / "serial", CONFIG)
    theme_copies = set(Path(tempfile.gettempdir()).glob("news-mirror-theme-*"))
    with ProcessPoolExecutor(2) as pool:
        report = build_site(seeds, tmp_path / "pool", CONFIG, executor=pool)
    assert len(report.built) == 86
    assert tree(tmp_path / "pool") == tree(tmp_path / "serial")
    assert set(Path(tempfile.gettempdir()).glob("news-mirror-theme-*")) <= theme_copies, "a worker left files"


def test_the_workers_are_sent_the_theme_before_any_work(tmp_path: Path) -> None:
    """A build has the executor's workers load its theme first, while they would wait anyway:
    a worker's first pages then do not wait for it to compile the templates."""
    from generator.render import prepare_worker

    seeds = write(tmp_path / "seeds", initial_seeds())
    with RecordingPool(2) as pool:
        build_site(seeds, tmp_path / "site", CONFIG, executor=pool)
    assert [function for function, _ in pool.submitted[:2]] == [prepare_worker, prepare_worker]


def test_a_build_process_leaves_cycles_alone_and_its_workers_collect_them() -> None:
    """A build's own process keeps what it makes until the build ends, so the cycle collector
    would only walk it: it is off during the build and what is left is frozen after; the
    workers, forked meanwhile, collect as usual (their work is a stream of batches)."""
    import gc

    from generator import cli

    frozen = gc.get_freeze_count()
    try:
        with cli.cycles_left_alone(), cli.open_executor(2, None) as executor:
            assert not gc.isenabled()
            made = [[number] for number in range(1000)]
            assert executor.submit(gc.isenabled).result()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(made)
    finally:
        gc.unfreeze()
        gc.enable()


def test_one_changed_seed_is_cleaned_on_the_executor_unless_this_process_has_its_rules(tmp_path: Path) -> None:
    """A build from the command line has no rules loaded: its worker loads them and cleans the
    changed seed while this process reads the stored articles. A preview server has loaded its
    rules after its first build: it cleans the seed itself, at once."""
    from generator.articles import make_batch, worker_rules

    def cleaned_on_the_executor(pool: RecordingPool) -> list[list[str]]:
        return [[name for name, *_ in args[0]] for function, args in pool.submitted
                if getattr(function, "func", None) is make_batch]

    seeds, site, cache = write(tmp_path / "seeds", initial_seeds()), tmp_path / "site", tmp_path / "cache"
    with RecordingPool(2) as pool:
        build_site(seeds, site, CONFIG, cache_dir=cache, executor=pool)
        worker_rules.cache_clear()
        change_seeds(seeds, "edit")
        build_site(seeds, site, CONFIG, cache_dir=cache, executor=pool)
        assert cleaned_on_the_executor(pool)[-1] == ["dump-1.txt"]
        worker_rules()
        made = len(cleaned_on_the_executor(pool))
        change_seeds(seeds, "add")
        build_site(seeds, site, CONFIG, cache_dir=cache, executor=pool)
        assert len(cleaned_on_the_executor(pool)) == made
    build_site(seeds, tmp_path / "cold", CONFIG)
    assert tree(site) == tree(tmp_path / "cold")


def test_after_warm_up_cleaning_a_seed_of_those_languages_compiles_no_rules() -> None:
    """What `serve` does after its first build: the first edited seed, cleaned in the server's
    process, then finds its language's rules compiled."""
    from generator.articles import make_outcome, warm_up, worker_rules
    from generator.clean import SiteProfile
    from generator.models import Article, SeedKind

    warm_up(["id"])
    rules = worker_rules()
    compiled = set(rules._compiled.values)
    outcome = make_outcome(REAL_SEED.name, SeedKind.TEXT, REAL_SEED.read_bytes(), CONFIG, rules,
                           SiteProfile(template=frozenset(), seed_count=1))
    assert isinstance(outcome, Article) and outcome.language == "id"
    assert set(rules._compiled.values) == compiled


def test_a_build_without_prune_keeps_what_it_did_not_use(tmp_path: Path) -> None:
    """serve builds with prune=False: pruning a large cache takes seconds, which would land on
    the edit that happened to cross the threshold; the next command-line build prunes."""
    import sqlite3

    def articles_cached(cache: Path) -> int:
        with sqlite3.connect(cache / "cache.sqlite3") as connection:
            return connection.execute("SELECT count(*) FROM entries WHERE namespace = 'article'").fetchone()[0]

    for prune, left in ((True, 3), (False, 20 + 3)):
        folder = tmp_path / str(prune)
        seeds = write(folder / "seeds", {f"dump-{n}.txt": english_dump(f"Bridge repairs {n}", n) for n in range(20)})
        build_site(seeds, folder / "site", CONFIG, cache_dir=folder / "cache")
        for old in list(seeds.iterdir()):
            old.unlink()
        write(seeds, {f"other-{n}.txt": english_dump(f"Ferry timetable {n}", n) for n in range(3)})
        build_site(seeds, folder / "site", CONFIG, cache_dir=folder / "cache", prune=prune)
        assert articles_cached(folder / "cache") == left


def test_a_pruning_build_keeps_the_bodies_it_did_not_render(tmp_path: Path) -> None:
    """Pruning keeps every published article's rendered body, not only those rendered by the
    pruning build: the next build that remakes a month's feed needs them all."""
    import dataclasses
    import sqlite3

    from generator.cache import BuildCache

    config = dataclasses.replace(CONFIG, feed_items=1)
    months = ("January", "February", "March", "April")
    seeds = write(tmp_path / "seeds", {f"dump-{n}.txt": english_dump(f"Bridge repairs {n}", n).replace("March", month)
                                       for n, month in enumerate(months)})
    build_site(seeds, tmp_path / "site", config, cache_dir=tmp_path / "cache")
    stale = BuildCache(tmp_path / "cache")  # what an upgraded generator leaves behind
    stale.put_many("stale", {str(n): n for n in range(100)})
    stale.close(prune=False)
    (seeds / "dump-0.txt").write_text(english_dump("Tunnel repairs", 0).replace("March", "January"), "utf-8")
    build_site(seeds, tmp_path / "site", config, cache_dir=tmp_path / "cache")
    with sqlite3.connect(tmp_path / "cache" / "cache.sqlite3") as connection:
        counts = dict(connection.execute("SELECT namespace, count(*) FROM entries GROUP BY namespace").fetchall())
    assert "stale" not in counts, "the build did not prune"
    assert counts["body-html"] == len(months)
    assert counts["article-removed"] == counts["article"] == len(months)


def test_the_cache_tells_which_keys_it_holds_without_their_values(tmp_path: Path) -> None:
    from generator.cache import BuildCache

    cache = BuildCache(tmp_path / "cache")
    cache.put_many("numbers", {"one": 1, "three": 3})
    assert cache.stored_keys("numbers", ["three", "two", "one", "three"]) == ["three", "one"]
    assert cache.stored_keys("words", ["one"]) == []
    cache.close(prune=False)
    assert BuildCache(None).stored_keys("numbers", ["one"]) == []


def test_stored_articles_are_read_in_the_order_they_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With nothing in the page cache, rows read out of the order they lie in cost random
    reads (0.4 s more for a one-seed build at 10,000 seeds): a build asks for its stored
    articles in the seeds' order, the order a build writes them in."""
    from generator.cache import BuildCache

    seeds = write(tmp_path / "seeds", {f"dump-{n:02d}.txt": english_dump(f"Bridge repairs {n}", n) for n in range(20)})
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_site(seeds, site, CONFIG, cache_dir=cache)
    asked: list[list[str]] = []
    get_many = BuildCache.get_many

    def recorded_get_many(self: BuildCache, namespace: str, keys: Iterable[str]) -> dict[str, Any]:
        keys = list(keys)
        if namespace == "article":
            asked.append(keys)
        return get_many(self, namespace, keys)

    monkeypatch.setattr(BuildCache, "get_many", recorded_get_many)
    (seeds / "dump-05.txt").write_text(english_dump("Tunnel repairs", 5), encoding="utf-8")
    build_site(seeds, site, CONFIG, cache_dir=cache)
    with sqlite3.connect(cache / "cache.sqlite3") as connection:
        written = [key for (key,) in connection.execute(
            "SELECT key FROM entries WHERE namespace = 'article' ORDER BY rowid")]
    assert len(asked[-1]) == 19
    assert asked[-1] == [key for key in written if key in set(asked[-1])]


def test_outcome_keys_are_remembered_until_the_site_template_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit leaves the site's template lines as they were: only the edited seed's outcome
    key is made again. A line that a third seed now prints becomes template for every seed
    printing it, and their articles change with it, as in a cold build."""
    from generator import articles

    made: list[str] = []
    make_key = articles.outcome_key
    monkeypatch.setattr(articles, "outcome_key", lambda file, *rest: made.append(file.name) or make_key(file, *rest))
    shared = "The harbour office opens at nine every weekday morning for questions from residents."

    def with_shared(title: str, number: int) -> str:
        return english_dump(title, number).replace("\n\nParagraph 1", f"\n\n{shared}\n\nParagraph 1")

    seeds = write(tmp_path / "seeds", {**initial_seeds(), "dump-0.txt": with_shared("Bridge repairs number 0", 0),
                                       "dump-1.txt": with_shared("Bridge repairs number 1", 1)})
    cache = tmp_path / "cache"
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
    assert shared in (tmp_path / "site" / "2021" / "03" / "bridge-repairs-number-0" / "index.html").read_text()
    made.clear()
    (seeds / "dump-2.txt").write_text(english_dump("Tunnel repairs", 2), encoding="utf-8")
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
    assert made == ["dump-2.txt"]
    (seeds / "dump-9.txt").write_text(with_shared("Ferry timetable", 9), encoding="utf-8")
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
    build_site(seeds, tmp_path / "cold", CONFIG)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
    assert shared not in (tmp_path / "site" / "2021" / "03" / "bridge-repairs-number-0" / "index.html").read_text()


def test_line_counts_are_updated_by_the_dumps_that_came_and_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild reads the line keys of the dumps added or edited only (the others are counted
    in the last build's line counts); when a removed dump's keys are no longer cached, every
    dump is counted again. Either way the site is the cold build's."""
    from generator import articles

    asked: list[str] = []
    read = articles.read_line_keys
    monkeypatch.setattr(articles, "read_line_keys",
                        lambda files, *rest: read([asked.append(file.name) or file for file in files
                                                   if file.kind is not SeedKind.MARKDOWN], *rest))
    seeds = write(tmp_path / "seeds", initial_seeds())
    cache = tmp_path / "cache"
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
    assert sorted(asked) == ["dump-0.txt", "dump-1.txt", "dump-2.txt", "dump-3.txt", "real.txt"]
    asked.clear()
    change_seeds(seeds, "add")
    change_seeds(seeds, "edit")
    change_seeds(seeds, "delete")
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
    assert sorted(asked) == ["dump-1.txt", "dump-9.txt"]
    build_site(seeds, tmp_path / "cold", CONFIG)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")

    # Copies count once each: with two copies of a dump, each of its lines is printed by three
    # files (site template); with one, by two.
    for copies in (["copy-a.txt", "copy-b.txt"], ["copy-a.txt"]):
        for name in ("copy-a.txt", "copy-b.txt"):
            (seeds / name).unlink(missing_ok=True)
        for name in copies:
            shutil.copyfile(seeds / "dump-0.txt", seeds / name)
        build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
        shutil.rmtree(tmp_path / "cold")
        build_site(seeds, tmp_path / "cold", CONFIG)
        assert tree(tmp_path / "site") == tree(tmp_path / "cold"), copies
    (seeds / "copy-a.txt").unlink()

    with sqlite3.connect(cache / "cache.sqlite3") as connection:
        connection.execute("DELETE FROM entries WHERE namespace LIKE 'line-keys:%'")
    asked.clear()
    (seeds / "dump-3.txt").unlink()
    build_site(seeds, tmp_path / "site", CONFIG, cache_dir=cache)
    assert sorted(asked) == ["dump-0.txt", "dump-1.txt", "dump-9.txt", "real.txt"]
    shutil.rmtree(tmp_path / "cold")
    build_site(seeds, tmp_path / "cold", CONFIG)
    assert tree(tmp_path / "site") == tree(tmp_path / "cold")
