"""Render: pages from a site plan, parsed with lxml; every assertion reads the built HTML."""

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import html as lxml_html

from generator import markup
from generator.cache import BuildCache, files_of
from generator.config import SiteConfig
from generator.errors import ThemeError
from generator.markup import BodyRenderer
from generator.models import Article, DatePrecision, pack_lines
from generator.pages import format_date
from generator.plan import plan_site
from generator.render import (
    SiteRenderer,
    canonical_path,
    display_date,
    paginate,
    reading_minutes,
    relative_root,
    safe_json,
)
from generator.theme import DEFAULT_THEMES_ROOT, load_theme

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


def render(articles: list[Article], config: SiteConfig = CONFIG, theme: str = "default") -> dict[str, bytes]:
    renderer = SiteRenderer(config, load_theme(theme, DEFAULT_THEMES_ROOT))
    bodies = BodyRenderer(renderer.images)
    return files_of(renderer.render_site(plan_site(articles, config), bodies))


def test_a_body_is_rendered_once_a_build_and_once_while_unchanged(tmp_path: Path, monkeypatch) -> None:
    rendered: list[str] = []

    def render_batch(bodies: list[str], images: bool) -> list[str]:
        rendered.extend(bodies)
        return [f"<p>{body}</p>" for body in bodies]

    monkeypatch.setattr(markup, "render_batch", render_batch)
    first, second = make_article(1), make_article(2)
    bodies = BodyRenderer(images=True)
    assert bodies([first]) == {"1.md": "<p>Paragraph 1.</p>"}
    assert bodies([first, second]) == {"1.md": "<p>Paragraph 1.</p>", "2.md": "<p>Paragraph 2.</p>"}
    assert rendered == ["Paragraph 1.", "Paragraph 2."]
    cache = BuildCache(tmp_path)
    BodyRenderer(True, cache)([first])
    assert BodyRenderer(True, cache)([first, make_article(3)])["1.md"] == "<p>Paragraph 1.</p>"
    assert rendered == ["Paragraph 1.", "Paragraph 2.", "Paragraph 1.", "Paragraph 3."]


def parse(files: dict[str, bytes], path: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(files[path])


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
    zoned = DatePrecision.ZONED
    assert display_date(date, zoned, "id", "en") == "Kamis, 5 November 2020 20:06 WIB"
    assert display_date(date, zoned, "en", "en") == "Thursday, 5 November 2020 20:06 UTC+07:00"
    eastern = dt.datetime(2019, 11, 19, 8, 3, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert display_date(eastern, zoned, "xx", "en").endswith("UTC-05:00")
    assert display_date(eastern, zoned, "und", "id") == "Selasa, 19 November 2019 08:03 UTC-05:00"
    assert display_date(date.astimezone(dt.UTC), zoned, "en", "en") == "Thursday, 5 November 2020 13:06 UTC"
    assert display_date(None, zoned, "id", "en") is None


def test_dates_show_no_more_than_the_source_showed() -> None:
    """A page that printed no zone gets none on its article page, one that printed no time
    gets no midnight; the front matter writes the same."""
    date = dt.datetime(2019, 11, 19, 17, 50, tzinfo=WIB)
    assert display_date(date, DatePrecision.LOCAL, "en", "en") == "Tuesday, 19 November 2019 17:50"
    assert display_date(date, DatePrecision.DAY, "id", "en") == "Selasa, 19 November 2019"
    assert format_date(date, DatePrecision.LOCAL) == "2019-11-19T17:50:00"
    assert format_date(date, DatePrecision.DAY) == "2019-11-19"
    assert format_date(date, DatePrecision.ZONED) == "2019-11-19T17:50:00+07:00"


def test_reading_time_rounds_up_and_is_never_zero() -> None:
    assert reading_minutes(0) == 1
    assert reading_minutes(200) == 1
    assert reading_minutes(201) == 2


def test_safe_json_cannot_close_a_script_element() -> None:
    text = safe_json({"headline": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"].startswith("</script>")


def test_pagination_paths_and_links() -> None:
    listings = paginate(list(range(7)), 2)
    assert [listing.path for listing in listings] == ["index.html", "page/2/index.html", "page/1/index.html"]
    assert [listing.articles for listing in listings] == [(0, 1, 2), (3, 4), (5, 6)]
    assert [listing.number for listing in listings] == [0, 2, 1]
    assert listings[0].previous_url is None and listings[0].next_url == "page/2/"
    assert listings[1].previous_url == "" and listings[1].next_url == "page/1/"
    assert listings[2].previous_url == "page/2/" and listings[2].next_url is None
    assert [listing.path for listing in paginate([], 2)] == ["index.html"]
    assert [listing.articles for listing in paginate([1, 2, 3], 2)] == [(1, 2, 3)]
    nested = paginate(list(range(4)), 2, "sources/kompas-com/")
    assert [listing.path for listing in nested] == ["sources/kompas-com/index.html",
                                                    "sources/kompas-com/page/1/index.html"]
    assert nested[1].previous_url == "sources/kompas-com/"


@pytest.mark.parametrize("count", [7, 8, 9, 20])
def test_older_pages_keep_their_articles_when_newer_ones_arrive(count: int) -> None:
    """Numbered pages count from the oldest: a new article changes the first page (and every
    per_page articles adds a page), never what an existing numbered page shows."""
    before = {listing.path: listing for listing in paginate(list(range(count, 0, -1)), 3)}
    after = {listing.path: listing for listing in paginate(list(range(count + 1, 0, -1)), 3)}
    for path, listing in before.items():
        if path != "index.html" and path in after:
            assert after[path].articles == listing.articles
    assert set(before) - {"index.html"} <= set(after)
    assert 3 <= len(after["index.html"].articles) <= 5


def test_an_added_article_changes_only_the_first_page_of_its_archives() -> None:
    """An archive's numbered pages show neither the newest articles nor the archive's size, so
    adding an article leaves them byte for byte as they were (an archive of 5,000 articles has
    500 of them); its first page says how many articles there are."""
    config = replace(CONFIG, related_items=0)
    articles = [make_article(number, source="Kompas.com") for number in range(8, 0, -1)]
    before = render(articles, config)
    after = render([make_article(9, source="Kompas.com"), *articles], config)
    for archive in ("languages/id/", "sources/kompas-com/", "archive/2020/11/"):
        numbered = [path for path in before if path.startswith(archive + "page/")]
        assert len(numbered) == 3
        assert all(after[path] == before[path] for path in numbered), archive
        assert "9 articles" in parse(after, archive + "index.html").text_content()
        assert "articles" not in parse(after, numbered[0]).xpath("string(//header)")


def test_article_page_shows_metadata_and_escapes_text() -> None:
    article = make_article(5, title="<b>Bold</b> & {{ 7*7 }}", author="Shintaloka", dateline="SEOUL",
                           source="Kompas.com", body="Text <script>alert(1)</script> {% raw %}")
    files = render([article])
    page = files["2020/11/title-5/index.html"].decode()
    tree = lxml_html.fromstring(page)
    assert tree.get("lang") == "id"
    assert tree.findtext(".//h1") == "<b>Bold</b> & {{ 7*7 }}"
    assert not tree.xpath("//script[not(@src) and not(@type='application/ld+json')]")
    assert "<script>alert" not in page
    assert tree.xpath("//time/@datetime") == ["2020-11-05T20:06:00+07:00"]
    assert "Kamis, 5 November 2020 20:06 WIB" in page
    assert tree.xpath("//link[@rel='canonical']/@href") == ["https://user.github.io/repo/2020/11/title-5/"]
    json_ld = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert json_ld["@type"] == "NewsArticle" and json_ld["author"] == [{"@type": "Person", "name": "Shintaloka"}]
    assert json_ld["datePublished"] == "2020-11-05T20:06:00+07:00"
    assert tree.xpath("//meta[@property='og:title']/@content") == ["<b>Bold</b> & {{ 7*7 }}"]
    assert files["2020/11/title-5/index.md"].startswith(b"---\ntitle:")


def test_article_metadata_links_to_its_archives_and_feeds() -> None:
    article = make_article(5, author="Shintaloka Pradita Sicca, Ana", source="Kompas.com", body="word " * 450)
    tree = parse(render([article]), "2020/11/title-5/index.html")
    meta = tree.xpath("//header[@class='article-header']//a/@href")
    assert meta == ["../../../sources/kompas-com/", "../../../authors/shintaloka-pradita-sicca/",
                    "../../../authors/ana/", "../../../archive/2020/11/", "../../../languages/id/"]
    assert tree.xpath("string(//span[@class='reading-time'])") == "3 menit baca"
    feeds = {link.get("href"): link.get("type") for link in tree.xpath("//link[@rel='alternate']")}
    assert feeds == {
        "../../../feed.xml": "application/rss+xml", "../../../atom.xml": "application/atom+xml",
        "../../../feed.json": "application/feed+json",
        "../../../sources/kompas-com/feed.xml": "application/rss+xml",
        "../../../sources/kompas-com/atom.xml": "application/atom+xml",
        "../../../languages/id/feed.xml": "application/rss+xml",
        "../../../languages/id/atom.xml": "application/atom+xml",
        "index.md": "text/markdown",
    }


def test_interface_follows_the_article_language_and_falls_back_to_the_site() -> None:
    config = SiteConfig(base_url="https://example.org/", language="id")
    articles = [make_article(3, language="en", title="English"), make_article(2, language="fr", title="Français"),
                make_article(1, language="id", title="Indonesia")]
    files = render(articles, config)
    english = parse(files, "2020/11/title-3/index.html")
    assert english.get("lang") == "en"
    assert english.xpath("//nav[@class='site-nav']/a/text()") == ["Archive", "Sources", "Languages", "Search"]
    assert english.xpath("//nav[@class='site-nav']/@lang") == ["en"]
    french = parse(files, "2020/11/title-2/index.html")
    assert french.get("lang") == "fr"
    assert french.xpath("//nav[@class='site-nav']/a/text()") == ["Arsip", "Sumber", "Bahasa", "Cari"]
    assert french.xpath("//nav[@class='site-nav']/@lang") == ["id"]
    assert french.xpath("//span[@class='reading-time']/ancestor::*[@lang][1]/@lang") == ["id"]
    assert "lundi, 2 novembre 2020" in french.xpath("string(//time)")
    front = parse(files, "index.html")
    assert front.get("lang") == "id"
    assert [item.get("lang") for item in front.xpath("//ol[@class='article-list']/li")] == ["en", "fr", "id"]


def test_related_articles_are_listed_under_the_article() -> None:
    articles = [
        make_article(5, title="Pompeo visits Seoul for denuclearization talks", language="en", source="Wire"),
        make_article(4, title="Denuclearization: Pompeo leaves Seoul", language="en", source="Wire"),
        make_article(3, title="Harvest festival in Bali", language="en"),
        make_article(2, title="Markets close higher", language="en"),
        make_article(1, title="Rain expected tomorrow", language="en"),
    ]
    files = render(articles)
    tree = parse(files, "2020/11/title-5/index.html")
    assert tree.xpath("//aside[@class='related']//li/a/@href") == ["../../../2020/11/title-4/"]
    assert tree.xpath("//aside[@class='related']//li/@lang") == ["en"]
    assert not parse(files, "2020/11/title-3/index.html").xpath("//aside[@class='related']")


def test_front_page_groups_the_newest_day_first_then_recent_days() -> None:
    late = make_article(5, date=dt.datetime(2020, 11, 5, 22, 0, tzinfo=WIB), slug="late", seed_name="late.md")
    older = [make_article(3), make_article(2), make_article(1)]
    files = render([late, make_article(5), make_article(4), *older], SiteConfig(
        base_url="https://user.github.io/repo/", per_page=3, language="en"))
    front = parse(files, "index.html")
    headings = [" ".join(heading.text_content().split()) for heading in front.xpath("//h2[@class='group-heading']")]
    assert headings == ["Latest Thursday, 5 November 2020", "Wednesday, 4 November 2020"]
    assert front.xpath("//ol[@class='article-list']//h2/a/@href") == ["2020/11/late/", "2020/11/title-5/",
                                                                      "2020/11/title-4/"]
    assert front.xpath("//a[@rel='next']/@href") == ["page/1/"]
    second = parse(files, "page/1/index.html")
    assert not second.xpath("//span[@class='kicker']")
    assert second.xpath("//ol[@class='article-list']//h2/a/@href") == [
        "../../2020/11/title-3/", "../../2020/11/title-2/", "../../2020/11/title-1/"]
    assert second.xpath("//a[@rel='prev']/@href") == ["../.././"]


def test_archives_by_date_source_author_and_language() -> None:
    articles = [make_article(5, source="Kompas.com", author="Ana"), make_article(4, source="Example Wire",
                language="en"), make_article(3, source="Kompas.com", author="Ana, Budi"),
                make_article(2, date=dt.datetime(2019, 1, 2, tzinfo=WIB), slug="old"), make_article(1, date=None)]
    files = render(articles)

    def listed(path: str) -> list[str]:
        return parse(files, path).xpath("//ol[@class='article-list']//h2/a/text()")

    assert listed("archive/2020/index.html") == ["Title 5", "Title 4", "Title 3"]
    assert "archive/2020/page/1/index.html" not in files
    assert listed("archive/2020/11/index.html") == ["Title 5", "Title 4", "Title 3"]
    assert listed("archive/2019/01/index.html") == ["Title 2"]
    assert listed("archive/undated/index.html") == ["Title 1"]
    assert listed("sources/kompas-com/index.html") == ["Title 5", "Title 3"]
    assert listed("authors/budi/index.html") == ["Title 3"]
    assert listed("languages/en/index.html") == ["Title 4"]
    source = parse(files, "sources/kompas-com/index.html")
    assert source.findtext(".//h1") == "Kompas.com"
    assert source.xpath("//nav[@class='breadcrumb']//a/@href") == ["../../sources/"]
    assert source.xpath("//link[@rel='alternate']/@href")[-2:] == ["../../sources/kompas-com/feed.xml",
                                                                   "../../sources/kompas-com/atom.xml"]
    month = parse(files, "archive/2020/11/index.html")
    assert month.findtext(".//h1") == "November 2020"
    assert month.xpath("//nav[@class='breadcrumb']//a/@href") == ["../../../archive/", "../../../archive/2020/"]
    assert month.xpath("//link[@rel='alternate']/@href")[-1] == "../../../archive/2020/11/atom.xml"
    assert parse(files, "languages/en/index.html").findtext(".//h1") == "English"


def test_archive_indexes_list_every_archive_with_counts() -> None:
    articles = [make_article(5, source="Kompas.com"), make_article(4),
                make_article(2, date=dt.datetime(2019, 1, 2, tzinfo=WIB), slug="old"), make_article(1, date=None)]
    files = render(articles)
    archive = parse(files, "archive/index.html")
    assert archive.xpath("//section/h2/a/@href") == ["../archive/2020/", "../archive/2019/"]
    assert archive.xpath("//ul[@class='months']//a/@href") == ["../archive/2020/11/", "../archive/2019/01/"]
    assert archive.xpath("//section/h2/text()")[-1] == "Undated"
    assert archive.xpath("//section[last()]//a/@href") == ["../archive/undated/"]
    assert archive.xpath("//ul[@class='months']//span[@class='count']/text()") == ["2", "1"]
    assert archive.xpath("//ul[@class='months']//a/text()") == ["November", "January"]
    sources = parse(files, "sources/index.html")
    assert sources.xpath("//ul[@class='directory']/li/a[1]/@href") == ["../sources/kompas-com/"]
    assert sources.xpath("string(//ul[@class='directory']/li/span[@class='count'])") == "1 article"
    assert sources.xpath("//ul[@class='directory']//span[@class='feeds']/a/@href") == [
        "../sources/kompas-com/feed.xml", "../sources/kompas-com/atom.xml"]
    assert parse(files, "languages/index.html").xpath("//ul[@class='directory']/li/a[1]/text()") == ["Indonesian"]


def test_a_custom_permalink_moves_pages_and_the_old_urls_redirect() -> None:
    config = SiteConfig(base_url="https://example.org/news/", language="en", permalink="{language}/{slug}/")
    files = render([make_article(5)], config)
    assert "id/title-5/index.html" in files
    redirect = parse(files, "2020/11/title-5/index.html")
    assert redirect.xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=../../../id/title-5/"]
    assert redirect.xpath("//link[@rel='canonical']/@href") == ["https://example.org/news/id/title-5/"]
    assert redirect.xpath("//main//a/@href") == ["../../../id/title-5/"]
    front = parse(files, "index.html")
    assert front.xpath("//ol[@class='article-list']//h2/a/@href") == ["id/title-5/"]


def test_404_links_from_the_base_path() -> None:
    page = parse(render([]), "404.html")
    assert "/repo/archive/" in page.xpath("//main//a/@href")
    assert page.xpath("//link[@rel='stylesheet']/@href") == ["/repo/static/css/style.css"]


def test_removed_view_lists_dropped_lines() -> None:
    files = render([make_article(1, removed=pack_lines(["Baca juga: x", "<img onerror=alert(1)>"]))])
    page = files["2020/11/title-1/removed.html"].decode()
    assert "Baca juga: x" in page and "&lt;img onerror=alert(1)&gt;" in page
    assert b'href="removed.html"' in files["2020/11/title-1/index.html"]


def test_every_page_has_one_title_heading_a_language_and_no_inline_style_or_script() -> None:
    articles = [make_article(5, source="Kompas.com", author="Ana", removed=pack_lines(["x"])),
                make_article(1, date=None)]
    files = render(articles)
    pages = [path for path in files if path.endswith(".html")]
    assert len(pages) > 15
    for path in pages:
        tree = parse(files, path)
        assert len(tree.xpath("//h1")) == 1, path
        assert tree.get("lang"), path
        assert all(value for value in tree.xpath("//@lang")), path
        assert not tree.xpath("//@style | //style"), path
        assert not tree.xpath("//script[not(@src) and not(@type='application/ld+json')]"), path
        assert not tree.xpath("//@*[starts-with(name(), 'on')]"), path
        assert tree.xpath("//a[@href='search/' or substring(@href, string-length(@href) - 6) = 'search/']"), path


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
    bodies = BodyRenderer(images=True)
    files = files_of(SiteRenderer(CONFIG, theme).render_site(plan_site([], CONFIG), bodies))
    assert files["404.html"] == b"custom 404 /repo/"
    assert b"<html" in files["index.html"]


def test_theme_settings_are_checked_and_inherited(tmp_path: Path) -> None:
    child = tmp_path / "child"
    (child / "templates").mkdir(parents=True)
    (child / "theme.toml").write_text('extends = "lite"\n')
    assert load_theme(str(child), DEFAULT_THEMES_ROOT).settings == {"images": False}
    (child / "theme.toml").write_text('extends = "lite"\nimgaes = true\n')
    with pytest.raises(ThemeError, match=r"unknown setting\(s\) imgaes"):
        load_theme(str(child), DEFAULT_THEMES_ROOT)


def test_lite_theme_shows_images_as_their_description() -> None:
    article = make_article(1, body="Before ![Crowd at the harbour](https://tracker.example/p.png) after.")
    lite = parse(render([article], theme="lite"), "2020/11/title-1/index.html")
    assert not lite.xpath("//img")
    assert lite.xpath("string(//span[@class='image-alt'])") == "[Crowd at the harbour]"
    default = parse(render([article]), "2020/11/title-1/index.html")
    assert default.xpath("//img/@alt") == ["Crowd at the harbour"]
