"""The whole pipeline into a temporary folder: pages, feeds, sitemap, links, report."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from generator.build import BuildReport, build_site
from generator.config import SiteConfig
from generator.errors import ThemeError
from tests.conftest import GOLDEN_PAGE, PROJECT_ROOT, REAL_SEED, markdown_page

BASE_URL = "https://user.github.io/repo/"
CONFIG = SiteConfig(base_url=BASE_URL, per_page=2, feed_items=3, language="en", timezone="Asia/Jakarta")

ID_PAGE = markdown_page(
    "Kunjungan Menteri ke Seoul", "Menteri berkunjung ke Seoul pada Kamis.\n\nParagraf kedua.",
    date="2020-11-05T20:06:00+07:00", language="id", author="Penulis Satu", source="Kompas.com",
)
SEEDS = {
    "id-1.md": ID_PAGE,
    "en-1.md": markdown_page("Minister visits Seoul", "The minister visited Seoul on Thursday.",
                             date="2020-11-06T08:00:00-05:00", lang="en", tags="[politics]"),
    "en-2.md": markdown_page("Older story", "An older story.", date="2019-01-02"),
    "undated.md": markdown_page("No date here", "This one has no date."),
    "draft.md": markdown_page("Draft", "Not yet.", draft="true", date="2020-01-01"),
    "copy-of-id-1.md": ID_PAGE,
    "same-slug.md": markdown_page("Older story", "A different article with the same title.", date="2019-01-20"),
    "broken.md": "---\ntitle: [unclosed\n---\nbody\n",
    "empty.txt": "",
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
}


def tree_digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def built(write_seeds, tmp_path: Path) -> tuple[Path, BuildReport]:
    seeds = write_seeds(SEEDS)
    out = tmp_path / "site"
    return out, build_site(seeds, out, CONFIG)


def test_report_counts_built_skipped_duplicates_and_drafts(built) -> None:
    _, report = built
    assert report.built == ("copy-of-id-1.md", "en-1.md", "en-2.md", "same-slug.md", "undated.md")
    assert {skip.seed: skip.reason.split(":")[0] for skip in report.skipped} == {
        "broken.md": "invalid front matter", "empty.txt": "the file is empty", "image.txt": "binary file, not text",
    }
    assert [(dup.seed, dup.duplicate_of) for dup in report.duplicates] == [("id-1.md", "copy-of-id-1.md")]
    assert report.drafts == ("draft.md",)
    assert report.languages == ("en", "id")


def test_site_has_every_page_and_host_file(built) -> None:
    out, _ = built
    for path in ["index.html", "page/1/index.html", "archive/index.html", "search/index.html",
                 "404.html", "sitemap.xml", "robots.txt", ".nojekyll", "feed.xml", "atom.xml",
                 "static/css/style.css", "2020/11/kunjungan-menteri-ke-seoul/index.html",
                 "2020/11/kunjungan-menteri-ke-seoul/index.md", "undated/no-date-here/index.html"]:
        assert (out / path).is_file(), path
    assert not (out / "2020/01/draft").exists()


def test_front_page_is_newest_first_and_undated_last(built) -> None:
    out, _ = built
    titles = []
    for page in ["index.html", "page/1/index.html"]:
        titles += lxml_html.parse(str(out / page)).xpath("//ol[@class='article-list']//h2/a/text()")
    assert titles == [
        "Minister visits Seoul", "Kunjungan Menteri ke Seoul", "Older story", "Older story", "No date here"
    ]


def test_same_slug_articles_get_distinct_stable_urls(built) -> None:
    out, _ = built
    older = sorted(p.relative_to(out).as_posix() for p in out.glob("2019/01/older-story*/index.html"))
    suffix = hashlib.sha256(b"same-slug.md").hexdigest()[:6]
    assert older == ["2019/01/older-story-" + suffix + "/index.html", "2019/01/older-story/index.html"]


def test_feeds_parse_with_the_newest_items_and_absolute_links(built) -> None:
    out, _ = built
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((out / name).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        titles = [entry.title for entry in feed.entries]
        assert titles == ["Minister visits Seoul", "Kunjungan Menteri ke Seoul", "Older story"]
        assert feed.entries[0].link == BASE_URL + "2020/11/minister-visits-seoul/"
        assert feed.entries[1].published_parsed[:5] == (2020, 11, 5, 13, 6)


def test_sitemap_lists_listings_and_articles(built) -> None:
    out, _ = built
    sitemap = etree.parse(str(out / "sitemap.xml"))
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = sitemap.xpath("//s:loc/text()", namespaces=namespace)
    articles = [BASE_URL + url for url in ("2020/11/minister-visits-seoul/", "2020/11/kunjungan-menteri-ke-seoul/",
                                           "2019/01/older-story/", "undated/no-date-here/")]
    listings = [BASE_URL + url for url in ("", "page/1/", "archive/", "archive/2020/11/", "sources/",
                                           "sources/kompas-com/", "languages/id/", "authors/penulis-satu/")]
    assert set(articles + listings) <= set(locs)
    assert len(locs) == len(set(locs))
    assert not any("search" in loc or loc.endswith(".html") for loc in locs)
    assert "Sitemap: " + BASE_URL + "sitemap.xml" in (out / "robots.txt").read_text()


def internal_links(page: Path, site: Path) -> list[str]:
    """Every same-site href/src of a page, as a path relative to the site root."""
    tree = lxml_html.parse(str(page))
    page_url = "https://site.test/repo/" + page.relative_to(site).as_posix()
    targets = []
    for link in tree.xpath("//@href | //@src"):
        absolute = urljoin(page_url, link)
        parts = urlsplit(absolute)
        if parts.netloc == "site.test":
            assert parts.path.startswith("/repo/"), f"{page}: {link} escapes the sub-path"
            targets.append(parts.path.removeprefix("/repo/"))
        else:
            assert absolute.startswith(BASE_URL), f"{page}: external link {link}"
    return targets


def test_every_internal_link_resolves_under_a_sub_path(built) -> None:
    out, _ = built
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        for target in internal_links(page, out):
            path = out / target
            if target == "" or target.endswith("/"):
                path = path / "index.html"
            assert path.is_file(), f"{page.relative_to(out)} links to missing {target}"


def test_two_builds_are_byte_identical_and_seeds_untouched(write_seeds, tmp_path: Path) -> None:
    seeds = write_seeds(SEEDS)
    before = tree_digest(seeds)
    build_site(seeds, tmp_path / "one", CONFIG)
    build_site(seeds, tmp_path / "two", CONFIG)
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")
    assert tree_digest(seeds) == before


def test_rebuild_replaces_the_site_and_leaves_no_staging(write_seeds, tmp_path: Path) -> None:
    seeds = write_seeds(SEEDS)
    out = tmp_path / "site"
    build_site(seeds, out, CONFIG)
    (seeds / "en-2.md").unlink()
    (out / "stray.txt").write_text("left by hand")
    build_site(seeds, out, CONFIG)
    assert not (out / "stray.txt").exists()
    assert "A different article" in (out / "2019/01/older-story/index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds", "site"]


def test_failed_build_keeps_the_previous_site(write_seeds, tmp_path: Path) -> None:
    seeds = write_seeds(SEEDS)
    out = tmp_path / "site"
    build_site(seeds, out, CONFIG)
    before = tree_digest(out)
    broken = tmp_path / "broken-theme"
    (broken / "templates").mkdir(parents=True)
    (broken / "templates" / "base.html").write_text("{% block content %}{{ undefined_name.attr }}{% endblock %}")
    for name in ("index.html", "article.html", "archive.html", "search.html", "404.html", "removed.html"):
        (broken / "templates" / name).write_text('{% extends "base.html" %}')
    with pytest.raises(ThemeError, match="undefined_name"):
        build_site(seeds, out, CONFIG.with_overrides(theme=str(broken)))
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken-theme", "seeds", "site"]


def test_the_command_lines_output_and_status_reach_the_caller_whole() -> None:
    """The program ends without the interpreter's teardown (``generator/__main__.py``): what a
    command printed into a pipe, and its exit status, must still arrive."""
    command = [sys.executable, "-m", "generator", "clean"]
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    cleaned = subprocess.run([*command, str(REAL_SEED)], cwd=PROJECT_ROOT, env=buffered, capture_output=True,
                             text=True)
    assert (cleaned.returncode, cleaned.stdout) == (0, GOLDEN_PAGE.read_text(encoding="utf-8"))
    missing = subprocess.run([*command, "no-such-seed.txt"], cwd=PROJECT_ROOT, env=buffered, capture_output=True,
                             text=True)
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: no-such-seed.txt: cannot read the file (")
    assert missing.stderr.endswith(")\n") and missing.stderr.count("\n") == 1


def test_real_seed_becomes_the_golden_page(write_seeds, tmp_path: Path) -> None:
    seeds = write_seeds({REAL_SEED.name: REAL_SEED.read_bytes()})
    out = tmp_path / "site"
    report = build_site(seeds, out, CONFIG)
    assert report.built == (REAL_SEED.name,) and not report.skipped
    folder = out / "2020/11/pejabat-tinggi-korea-selatan-akan-kunjungi-as-di-tengah-situasi-ketidakpastian"
    assert (folder / "index.md").read_text(encoding="utf-8") == GOLDEN_PAGE.read_text(encoding="utf-8")
    page = lxml_html.parse(str(folder / "index.html"))
    assert page.getroot().get("lang") == "id"
    assert len(page.xpath("//div[@class='article-body']/p")) == 13
    assert "Kamis, 5 November 2020 20:06 WIB" in page.xpath("string(//time)")
    removed = (folder / "removed.html").read_text(encoding="utf-8")
    assert "Baca juga: Deteksi Personel Tak Dikenal" in removed


def test_the_same_article_captured_twice_with_other_bytes_is_published_once(write_seeds, tmp_path: Path) -> None:
    first = markdown_page("Banjir di Jakarta", "Hujan deras sejak pagi.\n\nWarga mengungsi.", date="2020-11-05")
    second = markdown_page("Banjir  di Jakarta", "Hujan deras  sejak pagi.\n\n\nWarga mengungsi.", date="2020-11-06")
    other = markdown_page("Banjir di Jakarta", "Hujan deras sejak sore.", date="2020-11-06")
    seeds = write_seeds({"a.md": first, "b.md": second, "c.md": other})
    report = build_site(seeds, tmp_path / "site", CONFIG)
    assert [(dup.seed, dup.duplicate_of) for dup in report.duplicates] == [("b.md", "a.md")]
    assert report.built == ("a.md", "c.md")
