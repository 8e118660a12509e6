import datetime as dt
import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from generator.config import SiteConfig
from generator.errors import ThemeError
from generator.models import Article
from generator.render import (
    DEFAULT_THEMES_ROOT,
    SiteRenderer,
    canonical_path,
    display_date,
    load_theme,
    paginate,
    relative_root,
    safe_json,
)

WIB = dt.timezone(dt.timedelta(hours=7))
CONFIG = SiteConfig(base_url="https://user.github.io/repo/", per_page=2, language="en")


def make_article(number: int, **changes) -> Article:
    values = dict(
        title=f"Title {number}", slug=f"title-{number}", body=f"Paragraph {number}.",
        seed_name=f"{number}.md", seed_digest=str(number) * 64,
        date=dt.datetime(2020, 11, number, 20, 6, tzinfo=WIB), language="id", summary=f"Paragraph {number}.",
    )
    values.update(changes)
    return Article(**values)


@pytest.fixture
def renderer() -> SiteRenderer:
    return SiteRenderer(CONFIG, load_theme("default", DEFAULT_THEMES_ROOT))


@pytest.mark.parametrize(
    ("path", "root"),
    [("index.html", ""), ("search/index.html", "../"), ("2020/11/slug/index.html", "../../../")],
)
def test_relative_root(path: str, root: str) -> None:
    assert relative_root(path) == root


def test_canonical_path_uses_folder_urls() -> None:
    assert canonical_path("index.html") == ""
    assert canonical_path("2020/11/x/index.html") == "2020/11/x/"
    assert canonical_path("404.html") == "404.html"


def test_dates_show_in_the_articles_language_and_zone() -> None:
    date = dt.datetime(2020, 11, 5, 20, 6, tzinfo=WIB)
    assert display_date(date, "id", "en") == "Kamis, 5 November 2020 20:06 WIB"
    assert display_date(date, "en", "en") == "Thursday, 5 November 2020 20:06 UTC+07:00"
    eastern = dt.datetime(2019, 11, 19, 8, 3, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert display_date(eastern, "xx", "en").endswith("UTC-05:00")
    assert display_date(None, "id", "en") is None


def test_safe_json_cannot_close_a_script_element() -> None:
    text = safe_json({"headline": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"].startswith("</script>")


def test_pagination_paths_and_links() -> None:
    listings = paginate(list(range(5)), 2)
    assert [listing.path for listing in listings] == ["index.html", "page/2/index.html", "page/3/index.html"]
    assert listings[0].previous_url is None and listings[0].next_url == "page/2/"
    assert listings[1].previous_url == "" and listings[2].next_url is None
    assert paginate([], 2)[0].path == "index.html"


def test_article_page_shows_metadata_and_escapes_text(renderer: SiteRenderer) -> None:
    article = make_article(5, title="<b>Bold</b> & {{ 7*7 }}", author="Shintaloka", dateline="SEOUL",
                           source="Kompas.com", body="Text <script>alert(1)</script> {% raw %}")
    files = renderer.render_site([article])
    page = files["2020/11/title-5/index.html"].decode()
    tree = lxml_html.fromstring(page)
    assert tree.get("lang") == "id"
    assert tree.findtext(".//h1") == "<b>Bold</b> & {{ 7*7 }}"
    assert not tree.xpath("//script[not(@src) and not(@type='application/ld+json')]")
    assert "<script>alert" not in page
    assert tree.xpath("//time/@datetime") == ["2020-11-05T20:06:00+07:00"]
    assert "Kamis, 5 November 2020 20:06 WIB" in page
    assert tree.xpath("//link[@rel='canonical']/@href") == ["https://user.github.io/repo/2020/11/title-5/"]
    assert tree.xpath("//link[@type='application/rss+xml']/@href") == ["../../../feed.xml"]
    json_ld = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert json_ld["@type"] == "NewsArticle" and json_ld["author"]["name"] == "Shintaloka"
    assert json_ld["datePublished"] == "2020-11-05T20:06:00+07:00"
    assert tree.xpath("//meta[@property='og:title']/@content") == ["<b>Bold</b> & {{ 7*7 }}"]
    assert files["2020/11/title-5/index.md"].startswith(b"---\ntitle:")


def test_front_page_is_paginated_newest_first(renderer: SiteRenderer) -> None:
    files = renderer.render_site([make_article(n) for n in (5, 4, 3)])
    front = lxml_html.fromstring(files["index.html"])
    assert front.xpath("//ol[@class='article-list']//h2/a/@href") == ["2020/11/title-5/", "2020/11/title-4/"]
    assert front.xpath("//a[@rel='next']/@href") == ["page/2/"]
    second = lxml_html.fromstring(files["page/2/index.html"])
    assert second.xpath("//ol[@class='article-list']//h2/a/@href") == ["../../2020/11/title-3/"]
    assert second.xpath("//a[@rel='prev']/@href") == ["../.././"]


def test_404_links_from_the_base_path(renderer: SiteRenderer) -> None:
    page = lxml_html.fromstring(renderer.render_site([])["404.html"])
    assert "/repo/archive/" in page.xpath("//main//a/@href")
    assert page.xpath("//link[@rel='stylesheet']/@href") == ["/repo/static/css/style.css"]


def test_removed_view_lists_dropped_lines(renderer: SiteRenderer) -> None:
    files = renderer.render_site([make_article(1, removed=("Baca juga: x", "<img onerror=alert(1)>"))])
    page = files["2020/11/title-1/removed.html"].decode()
    assert "Baca juga: x" in page and "&lt;img onerror=alert(1)&gt;" in page
    assert b'href="removed.html"' in files["2020/11/title-1/index.html"]


def test_unknown_theme_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ThemeError, match="no templates folder"):
        load_theme("missing", tmp_path)


def test_child_theme_overrides_and_inherits(tmp_path: Path) -> None:
    child = tmp_path / "child"
    (child / "templates").mkdir(parents=True)
    (child / "static" / "css").mkdir(parents=True)
    (child / "theme.toml").write_text(f'extends = "{DEFAULT_THEMES_ROOT / "default"}"\n')
    (child / "templates" / "404.html").write_text("custom 404 {{ root }}")
    (child / "static" / "css" / "style.css").write_text("body{}")
    theme = load_theme(str(child), tmp_path)
    files = SiteRenderer(CONFIG, theme).render_site([])
    assert files["404.html"] == b"custom 404 /repo/"
    assert b"<html" in files["index.html"]
