"""Render: the site plan to HTML pages with the theme's Jinja2 templates.

Rendering returns ``{output path: bytes}`` and writes nothing; ``build`` owns the disk. It is cut
so that a cache can re-render only what changed: ``render_article`` is a pure function of one
article and its ``ArticleContext`` (URL, old URL, related articles); the front pages, each
archive and the archive indexes each take their articles as explicit input.

Every page links to others relatively (``root`` is the way from a page up to the site root),
so one build works at a domain root, under a sub-path and from a folder on disk. Only what
must be absolute (canonical links, feeds, OpenGraph, JSON-LD) uses ``config.base_url``.
Formatting (dates, language names, reading time) happens here, in Python, into view records;
templates only loop and branch.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from itertools import chain, groupby
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from urllib.parse import urlsplit

import jinja2
from babel.dates import format_date, format_datetime

from generator.archives import Archive, ArchiveKind, archives_of_kind, stable_parts
from generator.cache import BuildCache, Output, content_key, make_outputs, value_key
from generator.config import SiteConfig
from generator.errors import ThemeError
from generator.i18n import Catalogs, babel_locale, install_gettext, language_name, load_catalogs
from generator.models import Article, DatePrecision
from generator.pages import format_date as format_iso_date
from generator.pages import render_markdown_page
from generator.plan import SitePlan
from generator.theme import Theme
from generator.urls import (
    ARCHIVE,
    ATOM_FILE,
    AUTHORS,
    JSON_FEED_FILE,
    LANGUAGES,
    RSS_FILE,
    SOURCES,
    author_url,
    language_key,
    language_url,
    month_url,
    output_path,
    page_url,
    source_url,
    split_authors,
)

PAGES_PER_BATCH = 32
"""Pages (or articles' sets of pages) a worker renders at a time: each batch costs a round trip
through the executor, which a worker waits for (16 pages a batch: 7 ms of rendering, 3 ms
between batches)."""

PARALLEL_PAGES_FROM = 2 * PAGES_PER_BATCH
"""Below this many to render, shipping them to workers costs more than it saves."""

WORKERS_TO_PREPARE = 2
"""Theme loads sent to the executor as a build starts (``prepare_workers``): one for each
worker of the default pool; a worker sent two loads the theme once."""

DISPLAY_DATE_PATTERN = "EEEE, d MMMM y HH:mm"
"""CLDR pattern for dates on pages, localised by Babel: "Kamis, 5 November 2020 20:06"."""

DAY_PATTERN = "EEEE, d MMMM y"
MONTH_PATTERN = "LLLL y"
MONTH_NAME_PATTERN = "LLLL"
"""CLDR patterns of the day and month headings ("LLLL": the month's name standing alone)."""

ZONE_NAMES = {
    "id": {420: "WIB", 480: "WITA", 540: "WIT"},
}
"""Local names of UTC offsets (minutes) by language; other offsets show as ``UTC+07:00``."""

WORDS_PER_MINUTE = 200
"""Reading speed for the reading time: a common, slightly careful figure for news prose."""

FRONT_PAGE_SOURCES = 12
"""Sources listed on the front page (the most published first); all are on ``sources/``."""

FEED_FORMATS = {
    "RSS": "application/rss+xml",
    "Atom": "application/atom+xml",
    "JSON Feed": "application/feed+json",
}
"""Feed formats by their short name, with their media types."""

T = TypeVar("T")


def make_environment(theme: Theme, catalogs: Catalogs, bytecode_folder: Path | None = None) -> jinja2.Environment:
    """One Jinja environment per build: autoescape on, undefined names are errors, and the
    i18n extension translating into each page's interface language. With ``bytecode_folder``,
    compiled templates are kept there (Jinja checks each against its source)."""
    if bytecode_folder is not None:
        bytecode_folder.mkdir(parents=True, exist_ok=True)
    environment = jinja2.Environment(
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(bytecode_folder)) if bytecode_folder else None,
        loader=jinja2.FileSystemLoader([str(folder) for folder in theme.template_folders]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.policies["ext.i18n.trimmed"] = True
    install_gettext(environment, catalogs)
    return environment


# The records a page is rendered from travel to the workers by the thousand: without slots,
# pickle restores each from its ``__dict__`` in C, where a frozen dataclass with slots is
# restored field by field in Python (a batch of 16 list pages: 0.47 against 1.02 ms).
@dataclass(frozen=True)
class Link:
    """A link to a page of the site: URL relative to the site root, and its text."""

    url: str
    label: str


@dataclass(frozen=True)
class FeedLink:
    """A feed for a page's ``<link rel="alternate">``: URL relative to the site root."""

    url: str
    type: str
    title: str
    format: str
    """Short name of the format, the link's text: ``RSS``, ``Atom``, ``JSON Feed``."""


@dataclass(frozen=True)
class ArticleCard:
    """An article as lists show it (front page, archives, related articles): plain values."""

    url: str
    """Folder of the article relative to the site root, e.g. ``2020/11/slug/``."""
    title: str
    language: str
    direction: str
    """``ltr`` or ``rtl``: the writing direction of the article's language."""
    date_iso: str | None
    date_display: str | None
    month_url: str | None
    source: Link | None
    authors: tuple[Link, ...]
    dateline: str | None
    summary: str | None


@dataclass(frozen=True)
class ArticleView(ArticleCard):
    """What the article page shows besides the card: the text and its surroundings."""

    body_html: str = ""
    tags: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    json_ld: str = "{}"
    reading_minutes: int = 1
    language_link: Link | None = None
    """The article's language archive, named in the page's interface language."""
    related: tuple[ArticleCard, ...] = ()


@dataclass(frozen=True)
class ArticleContext:
    """Everything an article page needs from the rest of the site."""

    url: str
    alias: str | None
    """An old URL of the article that redirects to it, or None."""
    related: tuple[ArticleCard, ...]


@dataclass(frozen=True)
class ArticleGroup:
    """Articles of one day or month on a listing page; ``label`` None means undated."""

    label: str | None
    articles: tuple[ArticleCard, ...]
    latest: bool = False
    """The newest day of the site, at the top of the front page."""


@dataclass(frozen=True)
class Listing:
    """One page of a paginated list (the front page or an archive)."""

    articles: tuple[Any, ...]
    number: int
    """0 on the first page; older pages count from the oldest, so a number always shows the
    same articles however many newer ones arrive."""
    path: str
    """Output path, e.g. ``page/2/index.html``."""
    previous_url: str | None
    """URL (relative to the site root) of the page before, or None on the first."""
    next_url: str | None
    groups: tuple[ArticleGroup, ...] = ()


@dataclass(frozen=True)
class ArchiveView:
    """The heading part of an archive's pages."""

    kind: str
    """An ``ArchiveKind`` value: templates branch on it for the kind's wording."""
    title: str
    """The year, the month ("November 2020"), the source or author name, or the language's name;
    empty for the undated articles."""
    url: str
    count: int | None
    """How many articles the archive holds; only on its first page (None on the others), so
    that an article added or removed does not change every numbered page of its archives."""
    trail: tuple[Link, ...]
    """Breadcrumbs, from the archive's index down to its parent."""


@dataclass(frozen=True)
class DirectoryEntry:
    """One archive in an index of archives: a year, month, source, author or language."""

    link: Link
    count: int
    language: str | None = None
    """Set when the label is written in a language (a language's own name)."""
    children: tuple[DirectoryEntry, ...] = ()
    feeds: tuple[FeedLink, ...] = ()


def relative_root(output_path: str) -> str:
    """The way up from an output file to the site root: ``a/b/index.html`` -> ``../../``."""
    return "../" * (len(PurePosixPath(output_path).parts) - 1)


def canonical_path(output_path: str) -> str:
    """``a/index.html`` is served as ``a/``: canonical URLs use the folder form."""
    if output_path == "index.html":
        return ""
    if output_path.endswith("/index.html"):
        return output_path[: -len("index.html")]
    return output_path


def display_date(
    value: dt.datetime | None, precision: DatePrecision, language: str, fallback: str
) -> str | None:
    """The date in the article's language and as much of it as its source showed: "Kamis,
    5 November 2020 20:06 WIB" with its own time zone, the time alone for a zone the page did
    not name, the day alone for a page that printed no time."""
    if value is None:
        return None
    locale = babel_locale(language, fallback)
    if precision is DatePrecision.DAY:
        return format_date(value.date(), DAY_PATTERN, locale=locale)
    shown = format_datetime(value, DISPLAY_DATE_PATTERN, tzinfo=value.tzinfo, locale=locale)
    if precision is DatePrecision.LOCAL:
        return shown
    offset = value.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    zone = ZONE_NAMES.get(locale.language, {}).get(minutes)
    if zone is None and minutes == 0:
        zone = "UTC"
    elif zone is None:
        sign = "+" if minutes >= 0 else "-"
        zone = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{shown} {zone}"


def day_label(day: dt.date, language: str) -> str:
    return format_date(day, DAY_PATTERN, locale=babel_locale(language, "en"))


def month_label(month: dt.date, language: str, with_year: bool = True) -> str:
    pattern = MONTH_PATTERN if with_year else MONTH_NAME_PATTERN
    return format_date(month, pattern, locale=babel_locale(language, "en"))


def text_direction(language: str) -> str:
    return "rtl" if babel_locale(language, "en").character_order == "right-to-left" else "ltr"


def reading_minutes(word_count: int) -> int:
    """Minutes a reader needs for a text of that many words, at least one."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


def safe_json(data: Any) -> str:
    """JSON that cannot close the ``<script>`` element it is embedded in."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def article_json_ld(article: Article, config: SiteConfig, url: str, word_count: int) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": config.base_url + url,
        "mainEntityOfPage": config.base_url + url,
        "inLanguage": article.language or config.language,
        "wordCount": word_count,
    }
    if article.date is not None:
        data["datePublished"] = format_iso_date(article.date, article.date_precision)
    if article.author:
        data["author"] = [{"@type": "Person", "name": name} for name in split_authors(article.author)]
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source}
    if article.summary:
        data["description"] = article.summary
    return safe_json(data)


def make_card(article: Article, url: str, config: SiteConfig) -> ArticleCard:
    language = article.language or config.language
    return ArticleCard(
        url=url,
        title=article.title,
        language=language,
        direction=text_direction(language),
        date_iso=format_iso_date(article.date, article.date_precision),
        date_display=display_date(article.date, article.date_precision, language, config.language),
        month_url=month_url(article.date.year, article.date.month) if article.date else None,
        source=Link(source_url(article.source), article.source) if article.source else None,
        authors=tuple(Link(author_url(name), name) for name in split_authors(article.author)),
        dateline=article.dateline,
        summary=article.summary,
    )


def make_article_view(
    article: Article, context: ArticleContext, config: SiteConfig, body_html: str, ui_lang: str
) -> ArticleView:
    card = make_card(article, context.url, config)
    code = language_key(card.language)
    word_count = len(article.body.split())
    return ArticleView(
        **{name: getattr(card, name) for name in ArticleCard.__dataclass_fields__},
        body_html=body_html,
        tags=article.tags,
        removed=article.removed_lines,
        json_ld=article_json_ld(article, config, context.url, word_count),
        reading_minutes=reading_minutes(word_count),
        language_link=Link(language_url(code), language_name(code, ui_lang)),
        related=context.related,
    )


def paginate(items: Sequence[T], per_page: int, first_page: str = "") -> list[Listing]:
    """Pages of a newest-first list whose pages keep their articles when newer ones arrive
    (``stable_parts``): the first page (at ``first_page``, ``""`` being the front page) shows
    the newest articles, the older pages are numbered from the oldest (``first_page/page/1/``
    holds the oldest). Stable pages keep links to them valid and let a build reuse them."""
    parts = stable_parts(items, per_page)
    older = len(parts) - 1

    def url_of(number: int) -> str:
        return first_page if number == 0 or number > older else page_url(first_page, number)

    def next_url(number: int) -> str | None:
        following = number - 1 if number else older
        return page_url(first_page, following) if following else None

    return [
        Listing(articles=tuple(part), number=number, path=output_path(url_of(number)),
                previous_url=url_of(number + 1) if number else None, next_url=next_url(number))
        for number, part in parts
    ]


def listing_urls(plan: SitePlan, per_page: int) -> list[str]:
    """Every page a crawler should find besides the articles: the front pages, the archives'
    pages and the archive indexes."""
    lists = [("", plan.articles), *((archive.url, archive.articles) for archive in plan.archives)]
    urls = [listing.path.removesuffix("index.html") for first_page, items in lists
            for listing in paginate(items, per_page, first_page)]
    return sorted([*urls, ARCHIVE, SOURCES, AUTHORS, LANGUAGES])


def group_cards(cards: Iterable[ArticleCard], by_month: bool, ui_lang: str) -> tuple[ArticleGroup, ...]:
    """Consecutive articles of one day (or month), by each article's own calendar."""
    width = 7 if by_month else 10

    def period(card: ArticleCard) -> str:
        return card.date_iso[:width] if card.date_iso else ""

    groups = []
    for key, members in groupby(cards, key=period):
        if not key:
            label = None
        elif by_month:
            label = month_label(dt.date.fromisoformat(key + "-01"), ui_lang)
        else:
            label = day_label(dt.date.fromisoformat(key), ui_lang)
        groups.append(ArticleGroup(label=label, articles=tuple(members)))
    return tuple(groups)


def feed_link(url: str, format_name: str, title: str) -> FeedLink:
    return FeedLink(url, FEED_FORMATS[format_name], f"{title} ({format_name})", format_name)


Cards = Callable[[str], ArticleCard]
"""An article's card by seed name."""

Identities = Mapping[str, str]
"""Each article's key and URL by seed name, joined (the key is a hex digest of fixed length):
all its card is made from, one part of the key of each list page that shows it."""


def article_identities(plan: SitePlan, article_keys: Mapping[str, str] | None) -> Identities:
    """``Identities`` of the plan's articles (``article_keys``: by default their ``value_key``)."""
    keys = article_keys if article_keys is not None else {a.seed_name: value_key(a) for a in plan.articles}
    return {article.seed_name: keys[article.seed_name] + plan.url_of(article) for article in plan.articles}


def card_maker(plan: SitePlan, config: SiteConfig) -> Cards:
    """Cards of the plan's articles, each made once, and only when a page to make shows it."""
    articles = {article.seed_name: article for article in plan.articles}

    @functools.cache
    def card(seed_name: str) -> ArticleCard:
        return make_card(articles[seed_name], plan.urls[seed_name], config)

    return card


Bodies = Callable[[Sequence[Article]], Mapping[str, str]]
"""Gives some articles' bodies as HTML, by seed name (rendered or from the cache, in one go)."""

WithRemoved = Callable[[Sequence[Article]], list[Article]]
"""Gives some articles with their removed lines, which articles read from the cache lack (in one
go)."""


@dataclass(frozen=True)
class TemplateCall:
    """A page to render: its template, its path and the context the template gets (records and
    strings: it can travel to a worker)."""

    name: str
    output_path: str
    context: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class PageJob:
    """A page to make: the key of everything shown on it, and how to prepare its template call
    (only for a page that is made: preparing a list's page makes its cards)."""

    key: str
    prepare: Callable[[], TemplateCall]


class SiteRenderer:
    """Renders every HTML page of a site from its plan, as outputs keyed by their inputs."""

    def __init__(
        self,
        config: SiteConfig,
        theme: Theme,
        cache: BuildCache | None = None,
        version: str = "",
        executor: Executor | None = None,
    ) -> None:
        """``cache``'s folder keeps the compiled templates across builds; each page is keyed by
        ``version`` (a hash of the code, theme and config) and its own inputs; ``executor``
        renders the articles' pages in parallel, each worker with its own copy of the theme."""
        self.config = config
        self.theme = theme
        self.executor = executor
        self.catalogs = load_catalogs(theme.folders)
        bytecode = cache.folder / "templates" if cache is not None and cache.folder is not None else None
        self.environment = make_environment(theme, self.catalogs, bytecode)
        self.images = bool(theme.settings["images"])
        self.base_path = urlsplit(config.base_url).path
        self.version = version

    @functools.cached_property
    def site_ui_lang(self) -> str:
        return self.catalogs.choose(self.config.language)

    def page_job(self, name: str, output_path: str, context: Mapping[str, Any],
                 prepare: Callable[[], TemplateCall], *parts: str) -> PageJob:
        """A page of template ``name``: its key is the template, the path, the context's small
        records (their ``repr`` shows every field) and ``parts`` standing for the rest (the
        articles listed, by their keys and URLs)."""
        key = content_key(self.version, name, output_path, repr(sorted(context.items())), *parts)
        return PageJob(key, prepare)

    def template_job(self, name: str, output_path: str, **context: Any) -> PageJob:
        return self.page_job(name, output_path, context, lambda: TemplateCall(name, output_path, context))

    def prepare_workers(self) -> None:
        """Have the executor's workers load the theme now, while they wait for work: a worker
        compiles every template once a build (0.07 s), and its first batch of pages, often on
        the build's critical path, no longer waits for that."""
        if self.executor is not None:
            for _ in range(WORKERS_TO_PREPARE):
                self.executor.submit(prepare_worker, self.config, self.theme_snapshot, self.version)

    @functools.cached_property
    def theme_snapshot(self) -> ThemeSnapshot:
        return snapshot_theme(self.theme)

    def render_in_batches(
        self, jobs: Sequence[T], render_here: Callable[[T], dict[str, bytes]],
        render_batch: Callable[[Sequence[T], SiteConfig, ThemeSnapshot, str], list[dict[str, bytes]]],
    ) -> Iterable[dict[str, bytes]]:
        """Each job's files, in order: rendered here, or, from ``PARALLEL_PAGES_FROM`` jobs, in
        batches on the executor (``render_batch`` runs there with the theme's snapshot)."""
        if self.executor is None or len(jobs) < PARALLEL_PAGES_FROM:
            return map(render_here, jobs)
        batches = [jobs[start : start + PAGES_PER_BATCH] for start in range(0, len(jobs), PAGES_PER_BATCH)]
        count = len(batches)
        return chain.from_iterable(self.executor.map(
            render_batch, batches, [self.config] * count, [self.theme_snapshot] * count, [self.version] * count))

    def render_call(self, call: TemplateCall) -> dict[str, bytes]:
        return {call.output_path: self.expand_template(call.name, call.output_path, **call.context)}

    def expand_template(self, name: str, output_path: str, **context: Any) -> bytes:
        """Render one template; ``root`` is relative except on pages served from any URL."""
        context.setdefault("root", relative_root(output_path))
        context.setdefault("lang", self.config.language)
        context.setdefault("ui_lang", self.catalogs.choose(context["lang"], self.config.language))
        context.setdefault("canonical", self.config.base_url + canonical_path(output_path))
        context.setdefault("alternates", ())
        context.setdefault("feeds", self.site_feeds())
        context.setdefault("dir", "ltr")
        try:
            template = self.environment.get_template(name)
            return template.render(config=self.config, **context).encode("utf-8")
        except jinja2.TemplateError as exc:
            where = f"{exc.filename}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else name
            raise ThemeError(f"template {where}: {exc}") from exc

    def site_feeds(self) -> tuple[FeedLink, ...]:
        """The main feeds, linked from every page."""
        return tuple(
            feed_link(path, kind, self.config.title)
            for path, kind in ((RSS_FILE, "RSS"), (ATOM_FILE, "Atom"), (JSON_FEED_FILE, "JSON Feed"))
        )

    def topic_feeds(self, folder: str, name: str) -> tuple[FeedLink, ...]:
        """The RSS and Atom feeds of a source or a language, kept in its archive's folder."""
        title = f"{self.config.title}: {name}"
        return feed_link(folder + RSS_FILE, "RSS", title), feed_link(folder + ATOM_FILE, "Atom", title)

    def archive_feeds(self, archive: Archive) -> tuple[FeedLink, ...]:
        """Feeds that apply to an archive's pages, besides the site's own."""
        if archive.kind is ArchiveKind.SOURCE:
            return self.topic_feeds(archive.url, archive.name)
        if archive.kind is ArchiveKind.LANGUAGE:
            return self.topic_feeds(archive.url, language_name(archive.name, self.config.language))
        if archive.kind in (ArchiveKind.MONTH, ArchiveKind.UNDATED):
            return (feed_link(archive.url + ATOM_FILE, "Atom", f"{self.config.title}: {archive.name or 'undated'}"),)
        return ()

    def render_site(
        self,
        plan: SitePlan,
        bodies: Bodies,
        article_keys: Mapping[str, str] | None = None,
        reusable: Collection[str] = (),
    ) -> Iterator[Output]:
        """Every page: ``render_lists``, then ``render_articles``. ``article_keys`` (seed name
        -> a hash of the article) key the pages (by default each article's ``value_key``); a
        page whose key is ``reusable`` is not made again."""
        yield from self.render_lists(plan, article_keys, reusable)
        yield from self.render_articles(plan, bodies, article_keys, reusable)

    def render_lists(
        self, plan: SitePlan, article_keys: Mapping[str, str] | None = None, reusable: Collection[str] = ()
    ) -> Iterator[Output]:
        """Front pages, archives and their indexes, search, 404: every page but the articles'.
        None shows related articles, so a plan still without them will do."""
        identities, cards = article_identities(plan, article_keys), card_maker(plan, self.config)
        sources = archives_of_kind(plan.archives, ArchiveKind.SOURCE)
        most_published = sorted(sources, key=lambda archive: -len(archive.articles))[:FRONT_PAGE_SOURCES]

        def jobs() -> Iterator[PageJob]:
            yield from self.front_page_jobs(
                [article.seed_name for article in plan.articles], identities, cards,
                self.directory_entries(sorted(most_published, key=lambda archive: archive.name.casefold())),
                self.directory_entries(archives_of_kind(plan.archives, ArchiveKind.LANGUAGE)),
            )
            for archive in plan.archives:
                yield from self.archive_jobs(archive, [article.seed_name for article in archive.articles], identities,
                                             cards)
            yield from self.archive_index_jobs(plan.archives)
            yield self.template_job("search.html", "search/index.html")
            yield self.template_job("404.html", "404.html", root=self.base_path)

        prepared: dict[str, Callable[[], TemplateCall]] = {}

        def keys() -> Iterator[str]:
            # Made as ``make_outputs`` takes them: the workers render the first pages to make
            # while the later pages are keyed (5,447 pages at 10,000 articles: 0.15 s).
            for job in jobs():
                prepared[job.key] = job.prepare
                yield job.key

        def make(missing: Sequence[str]) -> Iterable[dict[str, bytes]]:
            return self.render_in_batches([prepared[key]() for key in missing], self.render_call,
                                          render_page_batch)

        yield from make_outputs(keys(), make, reusable)

    def render_articles(
        self, plan: SitePlan, bodies: Bodies, article_keys: Mapping[str, str] | None = None,
        reusable: Collection[str] = (), with_removed: WithRemoved = list,
    ) -> Iterator[Output]:
        """Each article's files (HTML, Markdown, removed-lines view, redirect), keyed by
        ``article_page_key``; bodies and removed lines are asked for only for the pages to make."""
        identities, cards = article_identities(plan, article_keys), card_maker(plan, self.config)
        by_key = {self.article_page_key(article, plan, identities): article for article in plan.articles}

        def make(missing: Sequence[str]) -> Iterable[dict[str, bytes]]:
            articles = with_removed([by_key[key] for key in missing])
            html = bodies(articles)
            jobs = [
                ArticleJob(article, html[article.seed_name], ArticleContext(
                    url=plan.url_of(article),
                    alias=plan.aliases.get(article.seed_name),
                    related=tuple(cards(other.seed_name) for other in plan.related.get(article.seed_name, ())),
                ))
                for article in articles
            ]
            return self.render_in_batches(jobs, self.render_job, render_article_batch)

        yield from make_outputs(list(by_key), make, reusable)

    def article_page_key(self, article: Article, plan: SitePlan, identities: Identities) -> str:
        """An article's pages depend on the article and its URL, its alias and its related
        articles (each shown as a card made from that article and its URL), the theme and the
        config."""
        return content_key(self.version, identities[article.seed_name], plan.aliases.get(article.seed_name, ""),
                           *(identities[other.seed_name] for other in plan.related.get(article.seed_name, ())))

    def render_job(self, job: ArticleJob) -> dict[str, bytes]:
        return self.render_article(job.article, job.context, job.body_html)

    def render_article(self, article: Article, context: ArticleContext, body_html: str) -> dict[str, bytes]:
        """One article's files: its page, its Markdown, the removed-lines view, a redirect from
        its old URL. Depends on nothing but the article, its context, the config and theme."""
        language = article.language or self.config.language
        ui_lang = self.catalogs.choose(language, self.config.language)
        view = make_article_view(article, context, self.config, body_html, ui_lang)
        page_path = view.url + "index.html"
        feeds = self.site_feeds()
        if article.source:
            feeds += self.topic_feeds(source_url(article.source), article.source)
        feeds += self.topic_feeds(language_url(view.language), view.language_link.label if view.language_link else "")
        page_context = dict(lang=view.language, ui_lang=ui_lang, dir=view.direction, article=view, feeds=feeds)
        files = {
            page_path: self.expand_template(
                "article.html", page_path, alternates=(("text/markdown", "index.md"),), **page_context
            ),
            view.url + "index.md": render_markdown_page(article).encode("utf-8"),
        }
        if view.removed:
            removed_path = view.url + "removed.html"
            files[removed_path] = self.expand_template("removed.html", removed_path, **page_context)
        if context.alias is not None:
            alias_path = context.alias + "index.html"
            files[alias_path] = self.expand_template(
                "redirect.html", alias_path, target=view.url, title=view.title,
                canonical=self.config.base_url + view.url, lang=view.language, ui_lang=ui_lang,
            )
        return files

    def listing_job(
        self, name: str, listing: Listing, identities: Identities, cards: Cards, by_month: bool, latest: bool,
        **context: Any,
    ) -> PageJob:
        """A page of a list: keyed by its place in the list and its articles' identities, made
        with their cards, grouped by day (or by month)."""
        ui_lang = self.site_ui_lang

        def prepare() -> TemplateCall:
            shown = tuple(cards(seed_name) for seed_name in listing.articles)
            groups = group_cards(shown, by_month=by_month, ui_lang=ui_lang)
            if latest and groups and groups[0].label is not None:
                groups = (replace(groups[0], latest=True), *groups[1:])
            return TemplateCall(name, listing.path, {
                "listing": replace(listing, articles=shown, groups=groups), "lang": ui_lang, **context})

        return self.page_job(name, listing.path, {**context, "listing": replace(listing, articles=())}, prepare,
                             *map(identities.__getitem__, listing.articles))

    def front_page_jobs(
        self, names: Sequence[str], identities: Identities, cards: Cards,
        sources: Sequence[DirectoryEntry], languages: Sequence[DirectoryEntry],
    ) -> list[PageJob]:
        """The front page and its following pages, newest first, grouped by day; the first page
        opens with the newest day's articles and lists the main sources and the languages."""
        return [
            self.listing_job("index.html", listing, identities, cards, by_month=False, latest=listing.number == 0,
                             sources=tuple(sources) if listing.number == 0 else (),
                             languages=tuple(languages) if listing.number == 0 else ())
            for listing in paginate(names, self.config.per_page)
        ]

    def archive_jobs(self, archive: Archive, names: Sequence[str], identities: Identities, cards: Cards
                     ) -> list[PageJob]:
        """An archive's pages: its articles, newest first, grouped by day within a month and by
        month otherwise."""
        view = self.archive_view(archive, self.site_ui_lang)
        own_feeds = self.archive_feeds(archive)
        older_pages_view = replace(view, count=None)
        return [
            self.listing_job("archive_page.html", listing, identities, cards,
                             by_month=archive.kind is not ArchiveKind.MONTH, latest=False,
                             archive=view if listing.number == 0 else older_pages_view,
                             feeds=self.site_feeds() + own_feeds, own_feeds=own_feeds)
            for listing in paginate(names, self.config.per_page, archive.url)
        ]

    def archive_view(self, archive: Archive, ui_lang: str) -> ArchiveView:
        index = {
            ArchiveKind.YEAR: ARCHIVE, ArchiveKind.MONTH: ARCHIVE, ArchiveKind.UNDATED: ARCHIVE,
            ArchiveKind.SOURCE: SOURCES, ArchiveKind.AUTHOR: AUTHORS, ArchiveKind.LANGUAGE: LANGUAGES,
        }[archive.kind]
        trail = [Link(index, "")]
        if archive.kind is ArchiveKind.MONTH and archive.period is not None:
            trail.append(Link(archive.url.rsplit("/", 2)[0] + "/", f"{archive.period.year:04d}"))
        return ArchiveView(
            kind=archive.kind.value,
            title=self.archive_title(archive, ui_lang),
            url=archive.url,
            count=len(archive.articles),
            trail=tuple(trail),
        )

    @staticmethod
    def archive_title(archive: Archive, ui_lang: str) -> str:
        if archive.kind is ArchiveKind.MONTH and archive.period is not None:
            return month_label(archive.period, ui_lang)
        if archive.kind is ArchiveKind.LANGUAGE:
            return language_name(archive.name, ui_lang)
        return archive.name

    def directory_entries(self, archives: Sequence[Archive], with_feeds: bool = False) -> tuple[DirectoryEntry, ...]:
        ui_lang = self.site_ui_lang
        return tuple(
            DirectoryEntry(
                link=Link(archive.url, self.archive_title(archive, ui_lang)),
                count=len(archive.articles),
                feeds=self.archive_feeds(archive) if with_feeds else (),
            )
            for archive in archives
        )

    def archive_index_jobs(self, archives: Sequence[Archive]) -> list[PageJob]:
        """``archive/`` (years with their months, then the undated), ``sources/``, ``authors/``
        and ``languages/``."""
        ui_lang = self.site_ui_lang
        months_of: dict[str, list[Archive]] = {}
        for month in archives_of_kind(archives, ArchiveKind.MONTH):
            months_of.setdefault(month.name[:4], []).append(month)
        years = tuple(
            DirectoryEntry(
                link=Link(year.url, year.name),
                count=len(year.articles),
                children=tuple(
                    DirectoryEntry(Link(month.url, month_label(month.period, ui_lang, with_year=False)
                                        if month.period else month.name), len(month.articles))
                    for month in months_of.get(year.name, ())
                ),
            )
            for year in archives_of_kind(archives, ArchiveKind.YEAR)
        )
        undated = archives_of_kind(archives, ArchiveKind.UNDATED)
        jobs = [self.template_job("archive.html", output_path(ARCHIVE), years=years, lang=ui_lang,
                                  undated=self.directory_entries(undated)[0] if undated else None)]
        for kind, url in ((ArchiveKind.SOURCE, SOURCES), (ArchiveKind.AUTHOR, AUTHORS),
                          (ArchiveKind.LANGUAGE, LANGUAGES)):
            with_feeds = kind is not ArchiveKind.AUTHOR
            entries = self.directory_entries(archives_of_kind(archives, kind), with_feeds)
            jobs.append(self.template_job("directory.html", output_path(url), kind=kind.value, entries=entries,
                                          lang=ui_lang))
        return jobs


@dataclass(frozen=True, slots=True)
class ArticleJob:
    """An article whose pages to render, with its body as HTML and its place in the site."""

    article: Article
    body_html: str
    context: ArticleContext


@dataclass(frozen=True, slots=True)
class ThemeSnapshot:
    """A theme's files for rendering (templates, catalogs, settings; not its static files), as
    bytes: how a theme travels to a worker that may not share this machine's disk."""

    name: str
    folders: tuple[tuple[tuple[str, bytes], ...], ...]
    """Each folder's files (path relative to it, bytes), most specific folder first."""
    settings: str
    """The merged settings, as JSON."""


def snapshot_theme(theme: Theme) -> ThemeSnapshot:
    folders = tuple(
        tuple((path.relative_to(folder).as_posix(), path.read_bytes()) for path in sorted(folder.rglob("*"))
              if path.is_file() and path.relative_to(folder).parts[0] != "static")
        for folder in theme.folders
    )
    return ThemeSnapshot(theme.name, folders, json.dumps(theme.settings, sort_keys=True))


def render_article_batch(
    jobs: Sequence[ArticleJob], config: SiteConfig, snapshot: ThemeSnapshot, version: str
) -> list[dict[str, bytes]]:
    """Render some articles' pages; runs in a worker process."""
    renderer = worker_renderer(config, snapshot, version)
    return [renderer.render_job(job) for job in jobs]


def prepare_worker(config: SiteConfig, snapshot: ThemeSnapshot, version: str) -> None:
    """Load a build's theme in a worker before its first page (``worker_renderer``)."""
    worker_renderer(config, snapshot, version)


def render_page_batch(
    calls: Sequence[TemplateCall], config: SiteConfig, snapshot: ThemeSnapshot, version: str
) -> list[dict[str, bytes]]:
    """Render some pages; runs in a worker process."""
    renderer = worker_renderer(config, snapshot, version)
    return [renderer.render_call(call) for call in calls]


@functools.lru_cache(maxsize=1)
def worker_renderer(config: SiteConfig, snapshot: ThemeSnapshot, version: str) -> SiteRenderer:
    """A worker's renderer for one build, from the theme's snapshot: written to a temporary
    folder just long enough to load its catalogs and compile every template (kept compiled,
    never reloaded), then removed, so no worker leaves files behind (a pool worker exits
    without running ``atexit`` handlers)."""
    with tempfile.TemporaryDirectory(prefix="news-mirror-theme-") as folder:
        root = Path(folder)
        folders = []
        for number, files in enumerate(snapshot.folders):
            for relative, data in files:
                (root / str(number) / relative).parent.mkdir(parents=True, exist_ok=True)
                (root / str(number) / relative).write_bytes(data)
            folders.append(root / str(number))
        renderer = SiteRenderer(config, Theme(snapshot.name, tuple(folders), json.loads(snapshot.settings)),
                                version=version)
        environment = renderer.environment
        environment.auto_reload = False
        for name in environment.list_templates():
            environment.get_template(name)
    return renderer
