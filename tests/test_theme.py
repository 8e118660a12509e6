"""The themes as built: size limits, no third-party requests, no script beyond the optional
search, a Content-Security-Policy on every page. Built sites are read back and parsed."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from generator.build import build_site
from generator.config import SiteConfig
from tests.conftest import REAL_SEED, markdown_page

BASE_URL = "https://user.github.io/repo/"
CSS_LIMIT = 20 * 1024
LITE_ARTICLE_LIMIT = 10 * 1024

LONG_TITLE = "Menteri Luar Negeri bertemu mitra di Seoul untuk membahas denuklirisasi dan kerja sama"
TOPICS = {
    number: " ".join(words for first, last, words in ((1, 5, "Delegasi membicarakan zebrafauna kalimantronik."),
                                                      (3, 7, "Pejabat menyinggung orkestrasi ventilatorium."))
                     if first <= number <= last)
    for number in range(1, 8)
}
"""Two topics overlapping on articles 3 to 5: article 4 has six related articles, and lists five."""

SEEDS = {
    f"related-{number}.md": markdown_page(
        f"{LONG_TITLE} bagian {number}", TOPICS[number] + "\n\n" + "Paragraf penjelasan yang panjang. " * 40,
        date=f"2020-11-0{number}T10:00:00+07:00", language="id", source="Kompas.com",
        author="Shintaloka Pradita Sicca", dateline="SEOUL", slug=f"menteri-{number}",
    )
    for number in range(1, 8)
} | {
    f"other-{letter}.md": markdown_page(f"Kabar{letter}a hari ini", f"Isi{letter}b berita.",
                                        date="2020-09-01T10:00:00+07:00", language="id")
    for letter in "bcdfghjklmnp"
} | {
    "english.md": markdown_page("Ministers visited the harbour", "The ministers visited the harbour.",
                                date="2020-10-07T09:30:00+00:00", language="en", source="Example Wire"),
    "undated.md": markdown_page("No date here", "This one has no date."),
}

def build(tmp_path: Path, theme: str) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / REAL_SEED.name).write_bytes(REAL_SEED.read_bytes())
    for name, text in SEEDS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    report = build_site(seeds, out, SiteConfig(base_url=BASE_URL, language="id", per_page=3, theme=theme))
    assert not report.skipped
    return out


@pytest.fixture(scope="module", params=["default", "lite"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    return request.param, build(tmp_path_factory.mktemp(request.param), request.param)


def html_pages(out: Path) -> list[Path]:
    return sorted(path for path in out.rglob("*.html") if not path.is_relative_to(out / "static"))


def stylesheets(page: Path, out: Path) -> list[Path]:
    tree = lxml_html.parse(str(page))
    return [out / local_path(page, out, href) for href in tree.xpath("//link[@rel='stylesheet']/@href")]


def local_path(page: Path, out: Path, link: str) -> str:
    page_url = "https://site.test/repo/" + page.relative_to(out).as_posix()
    return urlsplit(urljoin(page_url, link)).path.removeprefix("/repo/")


def test_every_page_has_a_strict_content_security_policy(site: tuple[str, Path]) -> None:
    _, out = site
    for page in html_pages(out):
        tree = lxml_html.parse(str(page))
        policy = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert len(policy) == 1, page
        directives = dict(part.strip().split(" ", 1) for part in policy[0].split(";"))
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'", page
        assert "unsafe" not in policy[0]
        assert not tree.xpath("//script[not(@src) and not(@type='application/ld+json')] | //@style | //style"), page


def test_no_request_leaves_the_site_and_no_web_font_is_loaded(site: tuple[str, Path]) -> None:
    _, out = site
    for page in html_pages(out):
        tree = lxml_html.parse(str(page))
        for link in tree.xpath("//@src | //link/@href | //a/@href"):
            absolute = urljoin("https://site.test/repo/" + page.relative_to(out).as_posix(), link)
            assert absolute.startswith(("https://site.test/repo/", BASE_URL, "data:")), (page, link)
    for css in out.glob("static/**/*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@font-face" not in text and "@import" not in text, css
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css


def test_scripts_never_block_rendering(site: tuple[str, Path]) -> None:
    _, out = site
    for page in html_pages(out):
        for script in lxml_html.parse(str(page)).xpath("//script[@src]"):
            assert script.get("defer") is not None or script.get("async") is not None, page


def test_default_theme_css_is_under_its_limit(tmp_path: Path) -> None:
    out = build(tmp_path, "default")
    for page in html_pages(out):
        total = sum(path.stat().st_size for path in stylesheets(page, out))
        assert 0 < total < CSS_LIMIT, (page, total)
    assert (out / "static/css/style.css").stat().st_size < CSS_LIMIT


def test_lite_pages_have_no_image_and_no_script_except_search(tmp_path: Path) -> None:
    out = build(tmp_path, "lite")
    for page in html_pages(out):
        tree = lxml_html.parse(str(page))
        assert not tree.xpath("//img | //picture | //svg | //video | //iframe"), page
        assert all(icon.startswith("data:") for icon in tree.xpath("//link[contains(@rel, 'icon')]/@href")), page
        if page.relative_to(out).as_posix() != "search/index.html":
            assert not tree.xpath("//script"), page


def test_lite_article_pages_weigh_under_10_kb_besides_the_article_text(tmp_path: Path) -> None:
    out = build(tmp_path, "lite")
    articles = [page for page in html_pages(out) if lxml_html.parse(str(page)).xpath("//div[@class='article-body']")]
    assert len(articles) == len(SEEDS) + 1
    for page in articles:
        text = page.read_text(encoding="utf-8")
        body = re.search(r'<div class="article-body">(.*?)</div>', text, re.S)
        assert body is not None
        weight = len(text.encode()) - len(body.group(1).encode()) + sum(
            path.stat().st_size for path in stylesheets(page, out))
        assert weight < LITE_ARTICLE_LIMIT, (page, weight)
    related = lxml_html.parse(str(out / "2020/11/menteri-4/index.html"))
    assert len(related.xpath("//section[@aria-labelledby='related-heading']//li")) == 5
