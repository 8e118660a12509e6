"""Build: seeds folder + theme + config -> a complete site folder, swapped in atomically.

Read top-down, a build is: hash every seed file; if nothing that shapes the site changed since
the last build, stop; otherwise turn each seed into an article (from the cache where its inputs
are unchanged, else cleaned on the executor; a bad seed is reported and skipped, never fatal);
drop duplicates and drafts; order newest first; render every output into memory; write it all
to a staging folder beside the output and swap it in. A failed or killed build leaves the
previous site whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.articles import SkippedSeed, make_articles, scan_seeds
from generator.budgets import check_size_budgets
from generator.cache import BuildCache, Output, code_version, content_key, folder_version
from generator.config import SiteConfig
from generator.feeds import build_feeds
from generator.markup import render_bodies
from generator.models import Article
from generator.output import SiteManifest, SiteWriter, Spare, is_untouched
from generator.plan import plan_site
from generator.render import (
    DEFAULT_THEMES_ROOT,
    SiteRenderer,
    Theme,
    collect_static_files,
    listing_urls,
    load_theme,
)
from generator.search import build_search_files
from generator.sitemap import build_host_files, build_sitemap

__all__ = ["BuildReport", "DuplicateSeed", "SkippedSeed", "build_site"]

SEEN_SEEDS = "seen-seeds"
"""Cache namespace: the seeds folder's files as the last scan read them (stat and hash)."""

SPARE_FOLDER = "spare-site"
"""Where in the cache folder the site a build replaced is kept for the next build."""


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
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


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
) -> BuildReport:
    """Build the whole site from ``seeds_dir`` into ``out_dir`` and report what happened.

    With ``cache_dir``, results of earlier builds are reused where all their inputs are
    unchanged (the output is the same as without it); ``executor`` cleans seeds in parallel;
    ``on_progress(done, total)`` is told how many seeds are done; ``remove_in_background``
    leaves deleting the replaced site to a detached process.
    """
    theme = load_theme(config.theme, themes_root)
    cache = BuildCache(cache_dir)
    try:
        report = build_with_cache(seeds_dir, out_dir, config, theme, cache, executor, on_progress,
                                  remove_in_background)
    except BaseException:
        cache.close(prune=False)
        raise
    cache.close(prune=True)
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
    untouched = state is not None and is_untouched(out_dir, state.manifest)
    if untouched and state.inputs == inputs:
        cache.keep_all()
        return state.report
    done = 0

    def count(seeds: int) -> None:
        nonlocal done
        done += seeds
        if on_progress:
            on_progress(done, len(files))

    outcomes = make_articles(files, config, cache, code, executor, on_progress=count)
    articles = [outcome for _, outcome in outcomes if isinstance(outcome, Article)]
    skipped = unreadable + [outcome for _, outcome in outcomes if isinstance(outcome, SkippedSeed)]
    content_keys = {outcome.seed_name: key for key, outcome in outcomes if isinstance(outcome, Article)}
    articles, duplicates = drop_duplicates(articles)
    drafts = tuple(article.seed_name for article in articles if article.draft)
    published = order_articles([a for a in articles if not a.draft])
    renderer = SiteRenderer(config, theme, cache, version, executor)
    article_keys = {article.seed_name: content_keys[article.seed_name] for article in published}
    writer = SiteWriter(out_dir, state.manifest if untouched else None,
                        cache.folder / SPARE_FOLDER if cache.folder is not None else None,
                        state.spare if untouched else None, remove_in_background)
    try:
        for output in render_outputs(published, article_keys, config, collect_static_files(theme), renderer, cache,
                                     code, executor, writer.reusable):
            if output.files is None:
                writer.reuse(output.key)
            else:
                writer.write_all(output.files, output.key)
        manifest, spare = writer.finish()
    except BaseException:
        writer.abandon()
        raise
    report = BuildReport(
        built=tuple(sorted(article.seed_name for article in published)),
        skipped=tuple(sorted(skipped, key=lambda skip: skip.seed)),
        duplicates=tuple(duplicates),
        drafts=drafts,
        files=len(manifest.files),
        warnings=check_size_budgets({path: file.size for path, file in manifest.files.items()}, config),
        languages=tuple(sorted({article.language for article in published if article.language})),
    )
    cache.put_many("site", {state_key: SiteState(inputs=inputs, manifest=manifest, spare=spare, report=report)})
    return report


def drop_duplicates(articles: Sequence[Article]) -> tuple[list[Article], list[DuplicateSeed]]:
    """The same capture twice (same bytes, or same title and body) is published once."""
    kept: list[Article] = []
    duplicates: list[DuplicateSeed] = []
    first_by_key: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.seed_name):
        keys = (article.seed_digest, "content:" + article.text_digest)
        original = next((first_by_key[key] for key in keys if key in first_by_key), None)
        if original is not None:
            duplicates.append(DuplicateSeed(article.seed_name, original))
            continue
        for key in keys:
            first_by_key[key] = article.seed_name
        kept.append(article)
    return kept, duplicates


def order_articles(articles: Iterable[Article]) -> list[Article]:
    """Newest first; undated articles last; ties broken by slug so the order is stable."""
    return sorted(
        articles,
        key=lambda a: (a.date is None, -(a.date.timestamp() if a.date else 0), a.slug, a.seed_name),
    )


def render_outputs(
    articles: Sequence[Article],
    article_keys: Mapping[str, str],
    config: SiteConfig,
    theme_files: Mapping[str, bytes],
    renderer: SiteRenderer,
    cache: BuildCache,
    code: str,
    executor: Executor | None = None,
    reusable: Collection[str] = (),
) -> Iterator[Output]:
    """Every file of the site, by path relative to its root, as each stage makes it. Each stage
    keys its outputs by their inputs (``article_keys`` identify each article, by seed name, by
    its content): an output whose key is ``reusable`` is left as the live site has it, one the
    cache holds is taken from it."""
    plan = plan_site(articles, config)

    def bodies(images: bool) -> Callable[[Sequence[Article]], Mapping[str, str]]:
        return lambda some: render_bodies(some, images, cache, code, executor)

    yield Output("", theme_files)
    yield from renderer.render_site(plan, bodies(renderer.images), article_keys, reusable)
    yield from build_feeds(plan, config, bodies(True), cache, renderer.version, article_keys, reusable)
    yield from build_search_files(articles, config, cache, reusable, plan.urls)
    yield Output("", {"sitemap.xml": build_sitemap(plan, listing_urls(plan, config.per_page), config),
                      **build_host_files(config)})
