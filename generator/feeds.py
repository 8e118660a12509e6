"""Feeds: RSS 2.0 and Atom 1.0 of the newest articles, full content, built with feedgen.

feedgen's camelCase API stays inside this module. Two of its defaults would break a
deterministic, correct feed and are overridden here: it stamps "now" as the feed's and each
entry's update time (we use the articles' own dates), and ``add_entry`` prepends (we append,
so the feed keeps the newest-first order it is given).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from feedgen.feed import FeedGenerator
from markdown_it import MarkdownIt

from generator.config import SiteConfig
from generator.markup import make_markdown_renderer, markdown_to_html
from generator.models import Article
from generator.pages import permalink

RSS_PATH = "feed.xml"
ATOM_PATH = "atom.xml"

UNDATED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
"""Stands in for a missing date where a feed requires one, so undated articles sort last and
the feed stays byte-identical from build to build."""


def build_feeds(articles: Sequence[Article], config: SiteConfig) -> dict[str, bytes]:
    """The RSS and Atom files for the first ``config.feed_items`` of the (sorted) articles."""
    latest = list(articles[: config.feed_items])
    renderer = make_markdown_renderer()
    generator = FeedGenerator()
    generator.load_extension("dc")
    generator.id(config.base_url)
    generator.title(config.title)
    generator.subtitle(config.description)
    generator.language(config.language)
    # The RSS channel <link> is the last link added: the self link goes first.
    generator.link(href=config.base_url + RSS_PATH, rel="self", type="application/rss+xml")
    generator.link(href=config.base_url, rel="alternate", type="text/html")
    newest = max((article.date for article in latest if article.date), default=UNDATED)
    generator.updated(newest)
    generator.lastBuildDate(newest)
    for article in latest:
        add_entry(generator, article, config, renderer)
    rss = generator.rss_str(pretty=True)
    generator.link(
        [
            {"href": config.base_url + ATOM_PATH, "rel": "self", "type": "application/atom+xml"},
            {"href": config.base_url, "rel": "alternate", "type": "text/html"},
        ],
        replace=True,
    )
    return {RSS_PATH: rss, ATOM_PATH: generator.atom_str(pretty=True)}


def add_entry(
    generator: FeedGenerator, article: Article, config: SiteConfig, renderer: MarkdownIt
) -> None:
    url = config.base_url + permalink(article)
    entry = generator.add_entry(order="append")
    entry.id(url)
    entry.guid(url, permalink=True)
    entry.title(article.title)
    entry.link(href=url, rel="alternate", type="text/html")
    date = article.date or UNDATED
    entry.updated(date)
    if article.date is not None:
        entry.published(article.date)
    if article.author:
        entry.author(name=article.author)
        entry.dc.dc_creator(article.author)
    if article.summary:
        entry.description(article.summary)
    entry.content(markdown_to_html(renderer, article.body), type="html")
    for tag in article.tags:
        entry.category(term=tag)
