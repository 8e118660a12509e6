"""The site plan: which pages the site has and how they link, decided once from all articles.

Render and feeds take the plan as their explicit input, so each page's inputs are known:
an article page needs its article, its URL, its aliases and its related articles; a listing or
an archive page needs its archive's articles. A later build cache can compare exactly these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from generator.archives import Archive, collect_archives
from generator.config import SiteConfig
from generator.models import Article
from generator.related import find_related
from generator.urls import assign_aliases, assign_article_urls


@dataclass(frozen=True, slots=True)
class SitePlan:
    """Every article with its URL and related articles, and every archive."""

    articles: tuple[Article, ...]
    """Newest first, undated last: the order of the front page and of the feeds."""
    urls: Mapping[str, str]
    """Seed name -> the article's URL (a folder, relative to the site root)."""
    aliases: Mapping[str, str]
    """Seed name -> the article's old date+slug URL, now a redirect (after a ``permalink`` change)."""
    related: Mapping[str, tuple[Article, ...]]
    """Seed name -> its related articles, best first."""
    archives: tuple[Archive, ...]

    def url_of(self, article: Article) -> str:
        return self.urls[article.seed_name]

    def with_related(self, related: Sequence[tuple[int, ...]]) -> SitePlan:
        """The plan with these related lists (``find_related``'s: positions in ``articles``)."""
        return replace(self, related=related_by_name(self.articles, related))


def plan_site(
    articles: Sequence[Article],
    config: SiteConfig,
    related: Sequence[tuple[int, ...]] | None = None,
    urls: Mapping[str, str] | None = None,
) -> SitePlan:
    """URLs, redirects, related articles and archives of the (sorted, published) articles
    (``related``: ``find_related`` of them, and ``urls``: ``assign_article_urls``, when the
    caller has them)."""
    if urls is None:
        urls = assign_article_urls(articles, config.permalink, config.language)
    if related is None:
        related = find_related(articles, config.related_items)
    return SitePlan(
        articles=tuple(articles),
        urls=urls,
        aliases=assign_aliases(articles, urls),
        related=related_by_name(articles, related),
        archives=tuple(collect_archives(articles, config.language)),
    )


def related_by_name(articles: Sequence[Article], related: Sequence[tuple[int, ...]]) -> dict[str, tuple[Article, ...]]:
    return {
        article.seed_name: tuple(articles[other] for other in others)
        for article, others in zip(articles, related, strict=True)
    }
