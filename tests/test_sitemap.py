"""Sitemap and host files: every article at its planned URL, never at a redirect."""

import datetime as dt

from lxml import etree

from generator.config import SiteConfig
from generator.models import Article
from generator.plan import plan_site
from generator.sitemap import build_host_files, build_sitemap

WIB = dt.timezone(dt.timedelta(hours=7))
NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def make_article(slug: str, date: dt.datetime | None) -> Article:
    return Article(title=slug, slug=slug, body="Body.", seed_name=f"{slug}.md", seed_digest="0" * 64, date=date,
                   language="id")


ARTICLES = [make_article("berita", dt.datetime(2020, 11, 5, 20, 6, tzinfo=WIB)), make_article("lama", None)]


def locations(config: SiteConfig) -> list[tuple[str, str | None]]:
    sitemap = etree.fromstring(build_sitemap(plan_site(ARTICLES, config), ["", "archive/"], config))
    return [(url.findtext("s:loc", namespaces=NAMESPACE), url.findtext("s:lastmod", namespaces=NAMESPACE))
            for url in sitemap.findall("s:url", NAMESPACE)]


def test_sitemap_lists_listings_then_articles_with_their_dates() -> None:
    config = SiteConfig(base_url="https://example.org/news/")
    assert locations(config) == [
        ("https://example.org/news/", None),
        ("https://example.org/news/archive/", None),
        ("https://example.org/news/2020/11/berita/", "2020-11-05T20:06:00+07:00"),
        ("https://example.org/news/undated/lama/", None),
    ]


def test_sitemap_follows_a_custom_permalink() -> None:
    config = SiteConfig(base_url="https://example.org/", permalink="{language}/{slug}/")
    urls = [url for url, _ in locations(config)]
    assert urls[2:] == ["https://example.org/id/berita/", "https://example.org/id/lama/"]


def test_robots_points_at_the_sitemap_and_jekyll_is_off() -> None:
    files = build_host_files(SiteConfig(base_url="https://example.org/news/"))
    assert "Sitemap: https://example.org/news/sitemap.xml" in files["robots.txt"].decode()
    assert files[".nojekyll"] == b""


def test_sitemap_escapes_what_xml_reserves() -> None:
    """A base URL may hold ``&`` (a query string on a proxied host): the sitemap stays XML and
    gives the URL back as written."""
    config = SiteConfig(base_url="https://example.org/m?a=1&b=<2>/")
    assert locations(config)[0] == ("https://example.org/m?a=1&b=<2>/", None)
    assert b"&amp;b=&lt;2&gt;" in build_sitemap(plan_site(ARTICLES, config), [""], config)
