"""Feeds: RSS 2.0, Atom 1.0 (with feedgen), JSON Feed 1.1 and an OPML list of them all.

Files, relative to the site root:

``feed.xml``, ``atom.xml``, ``feed.json``
    The newest ``config.feed_items`` articles, full content. ``atom.xml`` is also the
    subscription document of an RFC 5005 archived feed: its ``prev-archive`` link leads to the
    newest month's archive document.
``archive/YYYY/MM/atom.xml`` (and ``archive/undated/atom.xml``, the oldest)
    RFC 5005 archive documents: every article of the month, full content, with ``fh:archive``,
    ``current``, ``prev-archive`` and ``next-archive`` links, so a reader can page back through
    the whole archive. A month of more than ``ARCHIVE_DOCUMENT_ENTRIES`` articles is cut into
    parts that keep their articles (``stable_parts``): ``atom.xml`` holds its newest,
    ``archive/YYYY/MM/part/N/atom.xml`` the older ones, part 1 the oldest. The newest month's
    first document still grows while the month is current.
``sources/<source>/feed.xml`` and ``atom.xml``, ``languages/<code>/feed.xml`` and ``atom.xml``
    The newest ``config.feed_items`` articles of one source or one language.
``feeds.opml``
    Every feed above, grouped by format.

feedgen's camelCase API stays inside this module. Two of its defaults would break a
deterministic, correct feed and are overridden here: it stamps "now" as the feed's and each
entry's update time (we use the articles' own dates), and ``add_entry`` prepends (we append,
so the feed keeps the newest-first order it is given). It also keeps the last link added as
the RSS channel ``<link>``: the self link is added first, the page the feed belongs to last.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from email.utils import format_datetime

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from generator.archives import Archive, ArchiveKind, archives_of_kind, stable_parts
from generator.cache import Output, content_key, make_outputs, value_key
from generator.config import SiteConfig
from generator.i18n import language_name
from generator.models import Article
from generator.pages import format_date
from generator.plan import SitePlan
from generator.urls import ATOM_FILE, JSON_FEED_FILE, OPML_FILE, RSS_FILE, split_authors

RSS_PATH = RSS_FILE
ATOM_PATH = ATOM_FILE
JSON_FEED_PATH = JSON_FEED_FILE
OPML_PATH = OPML_FILE

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
HISTORY_NAMESPACE = "http://purl.org/syndication/history/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ARCHIVE_DOCUMENT_ENTRIES = 50
"""Articles in one archive document at most (up to twice as many in a month's newest): at
~10-20 KB of full content an entry, a document stays under the 2 MB feed budget however busy
the month (a month of 400 articles in one document weighed 4.5 MB)."""

UNDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""Stands in for a missing date where a feed requires one, so undated articles sort last and
the feed stays byte-identical from build to build."""


@dataclass(frozen=True, slots=True)
class ArchiveLinks:
    """RFC 5005 links of one document of the archived feed (URLs relative to the site root)."""

    is_archive: bool
    current: str | None = None
    prev_archive: str | None = None
    next_archive: str | None = None


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One logical feed: what it holds and where it lives."""

    title: str
    description: str
    folder: str
    """The folder of the feed's files and of the page it belongs to (``""`` for the site)."""
    language: str | None
    articles: tuple[Article, ...]
    atom_file: str = ATOM_FILE
    """Where in ``folder`` the Atom document lives."""


class HistoryExtension(BaseExtension):  # type: ignore[misc]
    """RFC 5005 elements for an Atom document: ``fh:archive`` and the archive links (plain
    ``link`` elements: feedgen declares the Atom namespace as the document's default)."""

    def __init__(self) -> None:
        self.links: tuple[tuple[str, str], ...] = ()
        self.is_archive = False

    def extend_ns(self) -> dict[str, str]:
        return {"fh": HISTORY_NAMESPACE}

    def extend_atom(self, feed: etree._Element) -> etree._Element:
        if self.is_archive:
            etree.SubElement(feed, f"{{{HISTORY_NAMESPACE}}}archive")
        for rel, href in self.links:
            etree.SubElement(feed, "link", rel=rel, href=href, type="application/atom+xml")
        return feed


class EntryLanguageExtension(BaseEntryExtension):  # type: ignore[misc]
    """``xml:lang`` on each Atom entry, so a mixed-language feed says each entry's language."""

    def __init__(self) -> None:
        self.language: str | None = None

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        if self.language:
            entry.set(XML_LANG, self.language)
        return entry


def build_feeds(
    plan: SitePlan,
    config: SiteConfig,
    bodies: Callable[[Sequence[Article]], Mapping[str, str]],
    version: str = "",
    article_keys: Mapping[str, str] | None = None,
    reusable: Collection[str] = (),
) -> Iterator[Output]:
    """Every feed file of the site and the OPML list of them. ``bodies`` gives some articles'
    HTML; a document is keyed by its settings and links, and each article by its
    ``article_keys`` entry (by default its ``value_key``) and URL: one whose key is
    ``reusable`` is kept as the live site has it."""
    keys = article_keys if article_keys is not None else {a.seed_name: value_key(a) for a in plan.articles}
    documents: dict[str, tuple[str, Callable[[Mapping[str, str]], bytes], tuple[Article, ...]]] = {}

    def add(path: str, spec: FeedSpec, history: ArchiveLinks | None, write: Callable[[Mapping[str, str]], bytes]
            ) -> None:
        entries = (part for article in spec.articles for part in (keys[article.seed_name], plan.url_of(article)))
        heading = repr((spec.title, spec.description, spec.folder, spec.language, history))
        documents[content_key(version, path, heading, *entries)] = (path, write, spec.articles)

    months = archive_documents(plan.archives)
    archived = archive_specs(months, config)
    newest_archive = atom_document_path(archived[0]) if archived else None
    latest = FeedSpec(config.title, config.description, "", config.language, plan.articles[: config.feed_items])
    latest_links = ArchiveLinks(False, prev_archive=newest_archive)
    add(RSS_PATH, latest, None, functools.partial(rss_document, latest, plan, config))
    add(ATOM_PATH, latest, latest_links, functools.partial(atom_document, latest, plan, config, history=latest_links))
    add(JSON_FEED_PATH, latest, None, functools.partial(json_feed, latest, plan, config))
    topics = topic_feeds(plan, config)
    for spec in topics:
        add(spec.folder + RSS_FILE, spec, None, functools.partial(rss_document, spec, plan, config))
        add(spec.folder + ATOM_FILE, spec, ArchiveLinks(False),
            functools.partial(atom_document, spec, plan, config, history=ArchiveLinks(False)))
    for position, spec in enumerate(archived):
        links = ArchiveLinks(
            is_archive=True,
            current=ATOM_PATH,
            prev_archive=atom_document_path(archived[position + 1]) if position + 1 < len(archived) else None,
            next_archive=atom_document_path(archived[position - 1]) if position > 0 else None,
        )
        add(atom_document_path(spec), spec, links, functools.partial(atom_document, spec, plan, config, history=links))

    def make(missing: Sequence[str]) -> Iterator[dict[str, bytes]]:
        # All the documents' bodies asked for at once: a month's few articles are rendered
        # here, a chunk of documents' many in batches on the executor.
        html = bodies(list({article.seed_name: article for key in missing for article in documents[key][2]}.values()))
        for key in missing:
            path, write, _articles = documents[key]
            yield {path: write(html)}

    yield from make_outputs(list(documents), make, reusable)
    yield Output("", {OPML_PATH: opml_document(latest, topics, months, plan, config)})


def archive_documents(archives: Sequence[Archive]) -> list[Archive]:
    """The months, newest first, then the undated articles: the archived feed's documents."""
    return archives_of_kind(archives, ArchiveKind.MONTH) + archives_of_kind(archives, ArchiveKind.UNDATED)


def archive_specs(months: Sequence[Archive], config: SiteConfig) -> list[FeedSpec]:
    """The archived feed's documents, newest first: each month's parts (``stable_parts``)."""
    return [
        FeedSpec(archive_title(month, config), config.description, month.url, config.language, tuple(part),
                 f"part/{number}/{ATOM_FILE}" if number else ATOM_FILE)
        for month in months for number, part in stable_parts(month.articles, ARCHIVE_DOCUMENT_ENTRIES)
    ]


def atom_document_path(spec: FeedSpec) -> str:
    """Where a feed's Atom document is, relative to the site root."""
    return spec.folder + spec.atom_file


def topic_feeds(plan: SitePlan, config: SiteConfig) -> list[FeedSpec]:
    """A feed per source and per language, of their newest articles."""
    specs = []
    for archive in archives_of_kind(plan.archives, ArchiveKind.SOURCE, ArchiveKind.LANGUAGE):
        if archive.kind is ArchiveKind.LANGUAGE:
            language, name = archive.name, language_name(archive.name, config.language)
        else:
            language, name = None, archive.name
        specs.append(FeedSpec(f"{config.title}: {name}", config.description, archive.url, language,
                              archive.articles[: config.feed_items]))
    return specs


def newest_date(articles: Sequence[Article]) -> dt.datetime:
    """The feed's update time: its newest article's, never the build's."""
    return max((article.date for article in articles if article.date), default=UNDATED)


def make_generator(spec: FeedSpec, config: SiteConfig, feed_id: str) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("dc")
    generator.register_extension("history", HistoryExtension, None, atom=True, rss=False)
    generator.register_extension("entrylanguage", BaseExtension, EntryLanguageExtension, atom=True, rss=False)
    generator.id(feed_id)
    generator.title(spec.title)
    generator.subtitle(spec.description)
    if spec.language:
        generator.language(spec.language)
    newest = newest_date(spec.articles)
    generator.updated(newest)
    generator.lastBuildDate(newest)
    return generator


def rss_document(spec: FeedSpec, plan: SitePlan, config: SiteConfig, bodies: Mapping[str, str]) -> bytes:
    """RSS 2.0; the channel ``<link>`` is the page the feed belongs to."""
    generator = make_generator(spec, config, config.base_url + spec.folder)
    generator.link(href=config.base_url + spec.folder + RSS_FILE, rel="self", type="application/rss+xml")
    generator.link(href=config.base_url + spec.folder, rel="alternate", type="text/html")
    add_entries(generator, spec.articles, plan, config, bodies)
    return generator.rss_str(pretty=True)


def atom_document(
    spec: FeedSpec, plan: SitePlan, config: SiteConfig, bodies: Mapping[str, str], history: ArchiveLinks
) -> bytes:
    """Atom 1.0. The site's archive documents share the subscription document's ``id``: they are
    one logical feed (RFC 5005)."""
    feed_id = config.base_url + ("" if history.is_archive else spec.folder)
    generator = make_generator(spec, config, feed_id)
    generator.link(href=config.base_url + atom_document_path(spec), rel="self", type="application/atom+xml")
    generator.link(href=config.base_url + spec.folder, rel="alternate", type="text/html")
    generator.history.is_archive = history.is_archive
    generator.history.links = tuple(
        (rel, config.base_url + url)
        for rel, url in (("current", history.current), ("prev-archive", history.prev_archive),
                         ("next-archive", history.next_archive))
        if url is not None
    )
    add_entries(generator, spec.articles, plan, config, bodies)
    return generator.atom_str(pretty=True)


def add_entries(
    generator: FeedGenerator, articles: Sequence[Article], plan: SitePlan, config: SiteConfig, bodies: Mapping[str, str]
) -> None:
    for article in articles:
        url = config.base_url + plan.url_of(article)
        entry = generator.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(article.title)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.updated(article.date or UNDATED)
        if article.date is not None:
            entry.published(article.date)
        for name in split_authors(article.author):
            entry.author(name=name)
        if article.author:
            entry.dc.dc_creator(article.author)
        if article.summary:
            entry.description(article.summary)
        entry.content(bodies[article.seed_name], type="html")
        for tag in article.tags:
            entry.category(term=tag)
        entry.entrylanguage.language = article.language or config.language


def json_feed(spec: FeedSpec, plan: SitePlan, config: SiteConfig, bodies: Mapping[str, str]) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1): compact, keys sorted, same input same
    bytes."""
    items = []
    for article in spec.articles:
        url = config.base_url + plan.url_of(article)
        item: dict[str, object] = {
            "id": url,
            "url": url,
            "title": article.title,
            "content_html": bodies[article.seed_name],
            "language": article.language or config.language,
        }
        if article.date is not None:
            item["date_published"] = format_date(article.date)
        if article.summary:
            item["summary"] = article.summary
        if article.author:
            item["authors"] = [{"name": name} for name in split_authors(article.author)]
        if article.tags:
            item["tags"] = list(article.tags)
        items.append(item)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": spec.title,
        "description": spec.description,
        "home_page_url": config.base_url + spec.folder,
        "feed_url": config.base_url + spec.folder + JSON_FEED_FILE,
        "language": spec.language or config.language,
        "items": items,
    }
    return (json.dumps(feed, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def opml_document(
    latest: FeedSpec, topics: Sequence[FeedSpec], months: Sequence[Archive], plan: SitePlan, config: SiteConfig
) -> bytes:
    """OPML 2.0 listing every feed, one group per format (import one group to subscribe once)."""
    opml = etree.Element("opml", version="2.0")
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = f"{config.title}: feeds"
    etree.SubElement(head, "dateModified").text = format_datetime(newest_date(plan.articles))
    body = etree.SubElement(opml, "body")
    subscriptions = (latest, *topics)
    groups = [
        ("Atom", [(spec.title, spec.folder, ATOM_FILE, spec.language) for spec in subscriptions]),
        ("RSS 2.0", [(spec.title, spec.folder, RSS_FILE, spec.language) for spec in subscriptions]),
        ("JSON Feed 1.1", [(latest.title, latest.folder, JSON_FEED_FILE, latest.language)]),
        ("Monthly archives (Atom, RFC 5005)",
         [(archive_title(month, config), month.url, ATOM_FILE, None) for month in months]),
    ]
    for label, members in groups:
        if not members:
            continue
        group = etree.SubElement(body, "outline", text=label)
        for title, folder, file_name, language in members:
            outline = etree.SubElement(group, "outline", type="rss", text=title, title=title,
                                       xmlUrl=config.base_url + folder + file_name, htmlUrl=config.base_url + folder)
            if language:
                outline.set("language", language)
    return etree.tostring(opml, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def archive_title(month: Archive, config: SiteConfig) -> str:
    return f"{config.title}: {month.name or 'undated'}"
