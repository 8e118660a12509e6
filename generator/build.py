"""Build: seeds folder + theme + config -> a complete site folder, swapped in atomically.

Read top-down, a build is: read every seed; learn what repeats across seeds; turn each seed into
an article (a bad seed is reported and skipped, never fatal); drop duplicates and drafts; order
newest first; render every output into memory; write it all to a staging folder beside the
output; swap the staging folder in. A failed or killed build leaves the previous site whole.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path, PurePosixPath

from generator.clean import Rules, SiteProfile, build_site_profile, clean_seed, load_rules
from generator.config import SiteConfig
from generator.errors import BuildError, SeedError
from generator.feeds import build_feeds
from generator.ingest import find_seed_files, read_seed
from generator.metadata import extract_metadata
from generator.models import Article, Seed, SeedKind
from generator.pages import article_from_cleaned, article_from_markdown, permalink
from generator.render import (
    DEFAULT_THEMES_ROOT,
    SiteRenderer,
    collect_static_files,
    load_theme,
    paginate,
)
from generator.search import build_search_files
from generator.sitemap import build_host_files, build_sitemap

STAGING_PREFIX = ".staging-"


@dataclass(frozen=True, slots=True)
class SkippedSeed:
    seed: str
    reason: str


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

    def summary(self) -> str:
        return (
            f"built {len(self.built)} article(s), skipped {len(self.skipped)}, "
            f"duplicates {len(self.duplicates)}, drafts {len(self.drafts)}; wrote {self.files} files"
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def build_site(
    seeds_dir: Path,
    out_dir: Path,
    config: SiteConfig,
    themes_root: Path = DEFAULT_THEMES_ROOT,
) -> BuildReport:
    """Build the whole site from ``seeds_dir`` into ``out_dir`` and report what happened."""
    theme = load_theme(config.theme, themes_root)
    seeds, skipped = read_seeds(seeds_dir)
    articles, failed = make_articles(seeds, config)
    skipped += failed
    articles, duplicates = drop_duplicates(articles)
    drafts = tuple(article.seed_name for article in articles if article.draft)
    published = order_articles(give_distinct_urls([a for a in articles if not a.draft]))
    files = render_outputs(published, config, theme_root_files=collect_static_files(theme),
                           renderer=SiteRenderer(config, theme))
    write_site(files, out_dir)
    return BuildReport(
        built=tuple(sorted(article.seed_name for article in published)),
        skipped=tuple(sorted(skipped, key=lambda skip: skip.seed)),
        duplicates=tuple(duplicates),
        drafts=drafts,
        files=len(files),
    )


def read_seeds(seeds_dir: Path) -> tuple[list[Seed], list[SkippedSeed]]:
    seeds, skipped = [], []
    for path in find_seed_files(seeds_dir):
        try:
            seeds.append(read_seed(path, seeds_dir))
        except SeedError as error:
            skipped.append(SkippedSeed(error.seed_name, error.reason))
    return seeds, skipped


def make_articles(seeds: Sequence[Seed], config: SiteConfig) -> tuple[list[Article], list[SkippedSeed]]:
    """Each seed to an article; a seed that fails is reported with its reason, the rest go on."""
    rules = load_rules()
    profile = build_site_profile([seed for seed in seeds if seed.kind is not SeedKind.MARKDOWN], rules)
    articles, skipped = [], []
    for seed in seeds:
        try:
            articles.append(make_article(seed, config, rules, profile))
        except SeedError as error:
            skipped.append(SkippedSeed(error.seed_name, error.reason))
        except Exception as error:  # a bug met by one seed must not lose the others
            skipped.append(SkippedSeed(seed.name, f"internal error, please report it: {error!r}"))
    return articles, skipped


def make_article(seed: Seed, config: SiteConfig, rules: Rules, profile: SiteProfile) -> Article:
    """One seed to one article: Markdown is read as it is, dumps and HTML are cleaned."""
    if seed.kind is SeedKind.MARKDOWN:
        return article_from_markdown(seed, config.tzinfo)
    cleaned = clean_seed(seed, rules, profile)
    return article_from_cleaned(seed, cleaned, extract_metadata(cleaned, rules), config.tzinfo)


def drop_duplicates(articles: Sequence[Article]) -> tuple[list[Article], list[DuplicateSeed]]:
    """The same capture twice (same bytes, or same title and body) is published once."""
    kept: list[Article] = []
    duplicates: list[DuplicateSeed] = []
    first_by_key: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.seed_name):
        keys = (article.seed_digest, content_key(article))
        original = next((first_by_key[key] for key in keys if key in first_by_key), None)
        if original is not None:
            duplicates.append(DuplicateSeed(article.seed_name, original))
            continue
        for key in keys:
            first_by_key[key] = article.seed_name
        kept.append(article)
    return kept, duplicates


def content_key(article: Article) -> str:
    text = " ".join(article.title.split()) + "\n" + " ".join(article.body.split())
    return "content:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def give_distinct_urls(articles: Sequence[Article]) -> list[Article]:
    """Articles whose permalinks collide keep distinct, stable URLs.

    The earliest (by date, then seed name) keeps the plain slug; each other one gets a suffix
    made from its own seed name, so its URL does not depend on which other seeds exist.
    """
    by_url: dict[str, list[Article]] = {}
    for article in articles:
        by_url.setdefault(permalink(article), []).append(article)
    result = []
    for group in by_url.values():
        first, *others = sorted(group, key=lambda a: (a.date is None, a.date and a.date.timestamp(), a.seed_name))
        result.append(first)
        for article in others:
            suffix = hashlib.sha256(article.seed_name.encode("utf-8")).hexdigest()[:6]
            result.append(replace(article, slug=f"{article.slug}-{suffix}"))
    return result


def order_articles(articles: Iterable[Article]) -> list[Article]:
    """Newest first; undated articles last; ties broken by slug so the order is stable."""
    return sorted(
        articles,
        key=lambda a: (a.date is None, -(a.date.timestamp() if a.date else 0), a.slug, a.seed_name),
    )


def render_outputs(
    articles: Sequence[Article],
    config: SiteConfig,
    theme_root_files: Mapping[str, bytes],
    renderer: SiteRenderer,
) -> dict[str, bytes]:
    """Every file of the site, by path relative to its root; two outputs on one path is an
    error."""
    listings = [listing.path.removesuffix("index.html") for listing in paginate(articles, config.per_page)]
    parts = [
        theme_root_files,
        renderer.render_site(articles),
        build_feeds(articles, config),
        build_search_files(articles, config),
        {"sitemap.xml": build_sitemap(articles, [*listings, "archive/"], config)},
        build_host_files(config),
    ]
    files: dict[str, bytes] = {}
    for part in parts:
        clash = files.keys() & part.keys()
        if clash:
            raise BuildError(f"two outputs for the same file: {', '.join(sorted(clash))}")
        files.update(part)
    return files


def write_site(files: Mapping[str, bytes], out_dir: Path) -> None:
    """Write every file into a staging folder beside ``out_dir``, then swap it in."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out_dir)
    staging = out_dir.with_name(f".{out_dir.name}{STAGING_PREFIX}{os.getpid()}")
    try:
        for path in sorted(files):
            target = safe_output_path(staging, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[path])
        swap_in(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def safe_output_path(root: Path, relative: str) -> Path:
    """Join an output path to the root, refusing anything that would land outside it."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or any(part in ("..", "") for part in parts):
        raise BuildError(f"refusing to write outside the site folder: {relative!r}")
    return root.joinpath(*parts)


def remove_stale_staging(out_dir: Path) -> None:
    """Staging folders left by builds that were killed before their swap."""
    for leftover in out_dir.parent.glob(f".{out_dir.name}{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def swap_in(staging: Path, out_dir: Path) -> None:
    """Make ``staging`` the new ``out_dir`` in one step; the old site ends up in ``staging``.

    Linux exchanges the two folders atomically (renameat2 RENAME_EXCHANGE), so readers see the
    old site or the new one, never neither. Elsewhere the old site is moved aside first.
    """
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None) if libc_name else None
    if renameat2 is not None:
        done = renameat2(AT_FDCWD, os.fsencode(staging), AT_FDCWD, os.fsencode(out_dir), RENAME_EXCHANGE)
        if done == 0:
            return
    aside = staging.with_name(staging.name + "-old")
    out_dir.rename(aside)
    staging.rename(out_dir)
    aside.rename(staging)
