"""Assemble: seed files -> articles -> every file of the site, streamed into the site writer.

What a build does once it knows something changed (``build`` decides that, cheaply): turn each
seed into an article (from the cache where its inputs are unchanged, else cleaned on the
executor; a bad seed is reported and skipped, never fatal); drop duplicates and drafts; order
newest first; make every output, stage by stage, each keyed by its inputs, and write them to
a staging folder that replaces the site in one step.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from generator.articles import make_articles
from generator.cache import BuildCache, Output
from generator.config import SiteConfig
from generator.feeds import build_feeds
from generator.ingest import SeedFile, SkippedSeed
from generator.markup import BodyRenderer, keep_bodies
from generator.models import Article
from generator.output import SiteManifest, SiteWriter, Spare
from generator.plan import plan_site
from generator.related import relate_articles
from generator.render import SiteRenderer, WithRemoved, listing_urls
from generator.search import build_search_files
from generator.sitemap import build_host_files, build_sitemap
from generator.theme import Theme, collect_static_files
from generator.urls import assign_article_urls

SPARE_FOLDER = "spare-site"
"""Where in the cache folder the site a build replaced is kept for the next build."""


@dataclass(frozen=True, slots=True)
class AssembledSite:
    """What a build made: the articles published and set aside, and the site written."""

    published: list[Article]
    skipped: list[SkippedSeed]
    duplicates: list[tuple[str, str]]
    """(seed, the seed whose article it repeats)."""
    drafts: tuple[str, ...]
    manifest: SiteManifest
    spare: Spare | None


def assemble_site(
    files: Sequence[SeedFile],
    out_dir: Path,
    config: SiteConfig,
    theme: Theme,
    cache: BuildCache,
    code: str,
    version: str,
    executor: Executor | None,
    on_progress: Callable[[int, int], None] | None,
    live_site: Callable[[], tuple[SiteManifest, Spare | None] | None],
    remove_in_background: bool,
) -> AssembledSite:
    """Make the site of ``files`` in ``out_dir``. ``live_site()``: the manifest of the site there
    and its spare, when that site is untouched since the build that wrote it (its files can then
    be kept and the spare updated); asked once the articles are made, so that the check runs
    meanwhile. ``version`` keys everything besides the seeds."""
    done = 0

    def count(seeds: int) -> None:
        nonlocal done
        done += seeds
        if on_progress:
            on_progress(done, len(files))

    renderer = SiteRenderer(config, theme, cache, version, executor)
    renderer.prepare_workers()
    made = make_articles(files, config, cache, code, executor, on_progress=count)
    outcomes = made.outcomes
    articles = [outcome for _, outcome in outcomes if isinstance(outcome, Article)]
    skipped = [outcome for _, outcome in outcomes if isinstance(outcome, SkippedSeed)]
    content_keys = {outcome.seed_name: key for key, outcome in outcomes if isinstance(outcome, Article)}
    articles, duplicates = drop_duplicates(articles)
    drafts = tuple(article.seed_name for article in articles if article.draft)
    published = order_articles([a for a in articles if not a.draft])
    article_keys = {article.seed_name: content_keys[article.seed_name] for article in published}
    live = live_site()
    writer = SiteWriter(out_dir, live[0] if live else None,
                        cache.folder / SPARE_FOLDER if cache.folder is not None else None,
                        live[1] if live else None, remove_in_background)
    try:
        for output in render_outputs(published, article_keys, config, collect_static_files(theme), renderer, cache,
                                     code, executor, writer.reusable, made.with_removed):
            if output.files is None:
                writer.reuse(output.key)
            else:
                writer.write_all(output.files, output.key)
        manifest, spare = writer.finish()
    except BaseException:
        writer.abandon()
        raise
    return AssembledSite(published, skipped, duplicates, drafts, manifest, spare)


def drop_duplicates(articles: Sequence[Article]) -> tuple[list[Article], list[tuple[str, str]]]:
    """The same capture twice (same bytes, or same title and body) is published once; the
    others are listed as (seed, the seed it repeats)."""
    kept: list[Article] = []
    duplicates: list[tuple[str, str]] = []
    first_by_key: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.seed_name):
        keys = (article.seed_digest, "content:" + article.text_digest)
        original = next((first_by_key[key] for key in keys if key in first_by_key), None)
        if original is not None:
            duplicates.append((article.seed_name, original))
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
    with_removed: WithRemoved = list,
) -> Iterator[Output]:
    """Every file of the site, by path relative to its root, as each stage makes it. Each stage
    keys its outputs by their inputs (``article_keys`` identify each article, by seed name, by
    its content): an output whose key is ``reusable`` is left as the live site has it, the
    others are made (a search shard's files from the cache when it holds them). Articles read
    from the cache lack their removed lines: ``with_removed`` gives those the pages to make show."""
    urls = assign_article_urls(articles, config.permalink, config.language)
    # Started first, on the executor: the changed search shards indexed and the related lists
    # ranked there while this process makes the pages and feeds that need neither.
    search_files = build_search_files(articles, config, cache, reusable, urls, executor)
    related = relate_articles(articles, config.related_items, article_keys, cache, code, executor)
    plan = plan_site(articles, config, [() for _ in articles], urls)  # related lists: once ranked

    bodies = {images: BodyRenderer(images, cache, code, executor) for images in {True, renderer.images}}
    for images in bodies:
        keep_bodies(articles, images, cache, code)

    yield Output("", theme_files)
    yield from build_feeds(plan, config, bodies[True], renderer.version, article_keys, reusable)
    yield Output("", {"sitemap.xml": build_sitemap(plan, listing_urls(plan, config.per_page), config),
                      **build_host_files(config)})
    yield from renderer.render_lists(plan, article_keys, reusable)
    yield from renderer.render_articles(plan.with_related(related()), bodies[renderer.images], article_keys,
                                        reusable, with_removed)
    yield from search_files
