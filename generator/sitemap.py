"""Site files for crawlers and hosts: ``sitemap.xml``, ``robots.txt`` and ``.nojekyll``."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape as escape_html

from generator.config import SiteConfig
from generator.pages import format_date
from generator.plan import SitePlan


def build_sitemap(plan: SitePlan, listing_urls: Sequence[str], config: SiteConfig) -> bytes:
    """A sitemap of the listings and every article (at its planned URL, never at a redirect),
    with the article's date as ``lastmod``."""
    entries = [(config.base_url + url, None) for url in listing_urls]
    entries += [(config.base_url + plan.url_of(article), format_date(article.date)) for article in plan.articles]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in entries:
        lastmod_element = f"<lastmod>{escape_html(lastmod, quote=False)}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape_html(url, quote=False)}</loc>{lastmod_element}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def build_host_files(config: SiteConfig) -> dict[str, bytes]:
    """``robots.txt`` pointing at the sitemap, and ``.nojekyll`` so GitHub Pages serves the
    folder as it is (no Jekyll pass that would hide files starting with ``_``)."""
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n"
    return {"robots.txt": robots.encode("utf-8"), ".nojekyll": b""}
