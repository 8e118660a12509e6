"""Build: seeds folder + theme + config -> a complete site folder, swapped in atomically.

Read top-down, a build is: hash every seed file (trusting an unchanged stat); if nothing that
shapes the site changed since the last build and the site is as that build left it, stop;
otherwise ``assemble`` the site: seeds to articles, articles to every output, written to a
staging folder that replaces the site in one step. A failed or killed build leaves the previous
site whole. The assembling stages are imported only when needed: a no-change build loads none
of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, fields
from pathlib import Path

from generator.cache import BuildCache, code_version, content_key, folder_version
from generator.config import SiteConfig
from generator.ingest import SkippedSeed, scan_seeds, settle_seen
from generator.output import SiteManifest, Spare, UntouchedCheck, is_untouched
from generator.theme import DEFAULT_THEMES_ROOT, Theme, load_theme

__all__ = ["BuildReport", "DuplicateSeed", "SkippedSeed", "build_site"]

SEEN_SEEDS = "seen-seeds"
"""Cache namespace: the seeds folder's files as the last scan read them (stat and hash)."""


@dataclass(frozen=True, slots=True)
class DuplicateSeed:
    seed: str
    duplicate_of: str


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did, for the summary line and the machine-readable report."""

    built: tuple[str, ...]
    skipped: tuple[SkippedSeed, ...]
    duplicates: tuple[DuplicateSeed, ...]
    drafts: tuple[str, ...]
    files: int
    warnings: tuple[str, ...] = ()
    """Files over their size budget (``--strict`` makes them an error)."""
    languages: tuple[str, ...] = ()
    """The languages of the published articles."""

    def summary(self) -> str:
        return (
            f"built {len(self.built)} article(s), skipped {len(self.skipped)}, "
            f"duplicates {len(self.duplicates)}, drafts {len(self.drafts)}; wrote {self.files} files"
        )

    def to_json(self) -> str:
        # Records become objects of their fields as json meets them (``asdict`` would first copy
        # every name of a large archive).
        return json.dumps(self, default=lambda record: {field.name: getattr(record, field.name)
                                                        for field in fields(record)},
                          ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@dataclass(frozen=True, slots=True)
class SiteState:
    """What the cache remembers of the last build of an output folder."""

    inputs: str
    manifest: SiteManifest
    spare: Spare | None
    """The site that build replaced, kept for the next build to update into the new one."""
    report: BuildReport


def build_site(
    seeds_dir: Path,
    out_dir: Path,
    config: SiteConfig,
    themes_root: Path = DEFAULT_THEMES_ROOT,
    cache_dir: Path | None = None,
    executor: Executor | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    remove_in_background: bool = False,
    prune: bool = True,
) -> BuildReport:
    """Build the whole site from ``seeds_dir`` into ``out_dir`` and report what happened.

    With ``cache_dir``, results of earlier builds are reused where all their inputs are
    unchanged (the output is the same as without it); ``executor`` cleans seeds in parallel;
    ``on_progress(done, total)`` is told how many seeds are done; ``remove_in_background``
    leaves deleting the replaced site to a detached process. ``prune`` drops the cache entries
    this build did not use once they are the majority; the preview server leaves that to the
    next build from the command line (a prune of a large cache takes seconds).
    """
    theme = load_theme(config.theme, themes_root)
    cache = BuildCache(cache_dir)
    try:
        report = build_with_cache(seeds_dir, out_dir, config, theme, cache, executor, on_progress,
                                  remove_in_background)
    except BaseException:
        cache.close(prune=False)
        raise
    cache.close(prune=prune)
    return report


def build_with_cache(
    seeds_dir: Path,
    out_dir: Path,
    config: SiteConfig,
    theme: Theme,
    cache: BuildCache,
    executor: Executor | None,
    on_progress: Callable[[int, int], None] | None,
    remove_in_background: bool,
) -> BuildReport:
    code = code_version()
    # What every output depends on besides the seeds: the generator, the theme, the settings.
    version = content_key(code, folder_version(theme.folders), repr(config))
    seeds_key = content_key(str(seeds_dir.absolute()))
    seen_before = cache.get_many(SEEN_SEEDS, [seeds_key]).get(seeds_key)
    files, unreadable, seen = scan_seeds(seeds_dir, seen_before)
    if seen != seen_before:
        cache.put_many(SEEN_SEEDS, {seeds_key: seen})
    inputs = content_key(version, *(part for file in files for part in (file.name, file.digest)),
                         *(part for skip in unreadable for part in (skip.seed, skip.reason)))
    state_key = content_key(code, str(out_dir.absolute()))
    state = cache.get_many("site", [state_key]).get(state_key)
    if state is not None and state.inputs == inputs and is_untouched(out_dir, state.manifest):
        cache.keep_all()
        return state.report
    # Whether the live site is untouched (its files kept, its spare updated) is asked in a child
    # process while the articles are made; with its seeds unchanged, it was just found touched.
    check = UntouchedCheck(out_dir, state.manifest) if state is not None and state.inputs != inputs else None
    previous = (state.manifest, state.spare) if state is not None else None

    def live_site() -> tuple[SiteManifest, Spare | None] | None:
        return previous if check is not None and check.result() else None

    from generator.assemble import assemble_site  # only now: ~0.5 s of imports a no-change build skips
    from generator.budgets import check_size_budgets

    try:
        site = assemble_site(files, out_dir, config, theme, cache, code, version, executor, on_progress,
                             live_site, remove_in_background)
    finally:
        if check is not None:
            check.result()  # the child is waited for, whatever happened here
    report = BuildReport(
        built=tuple(sorted(article.seed_name for article in site.published)),
        skipped=tuple(sorted(unreadable + site.skipped, key=lambda skip: skip.seed)),
        duplicates=tuple(DuplicateSeed(seed, original) for seed, original in site.duplicates),
        drafts=site.drafts,
        files=len(site.manifest.files),
        warnings=check_size_budgets({path: file.size for path, file in site.manifest.files.items()}, config),
        languages=tuple(sorted({article.language for article in site.published if article.language})),
    )
    cache.put_many("site", {state_key: SiteState(inputs=inputs, manifest=site.manifest, spare=site.spare,
                                                 report=report)})
    settled = settle_seen(files, seen)
    if settled != seen:
        cache.put_many(SEEN_SEEDS, {seeds_key: settled})
    return report
