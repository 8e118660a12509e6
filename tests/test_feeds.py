"""Feeds are parsed, never string-matched: lxml for the exact structure the specs require,
feedparser as a reader would see them (``bozo`` must stay 0)."""

import datetime as dt
import json
import re
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from lxml import etree

from generator.cache import files_of
from generator.config import SiteConfig
from generator.feeds import (
    ARCHIVE_DOCUMENT_ENTRIES,
    ATOM_PATH,
    JSON_FEED_PATH,
    OPML_PATH,
    RSS_PATH,
    UNDATED,
    build_feeds,
)
from generator.markup import BodyRenderer
from generator.models import Article
from generator.plan import plan_site

WIB = dt.timezone(dt.timedelta(hours=7))
BASE = "https://user.github.io/repo/"
CONFIG = SiteConfig(base_url=BASE, feed_items=3, title="Mirror", language="en")
ATOM = "{http://www.w3.org/2005/Atom}"
FH = "{http://purl.org/syndication/history/1.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC_3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
RFC_822 = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}")


def make_article(day: int | None, month: int = 11, **changes) -> Article:
    values = dict(
        title=f"Title {month}-{day}", slug=f"title-{month}-{day}", body=f"Paragraph **{day}** <script>x</script>",
        seed_name=f"{month}-{day}.md", seed_digest="0" * 64, summary=f"Summary {day}", author="Writer",
        date=dt.datetime(2020, month, day, 20, 6, tzinfo=WIB) if day else None, tags=("news",),
        source="Kompas.com", language="id",
    )
    values.update(changes)
    return Article(**values)


ARTICLES = [make_article(5), make_article(4, source="Example Wire", language="en"), make_article(3),
            make_article(2), make_article(20, month=10), make_article(1, month=9), make_article(None)]


def feeds(articles: list[Article] = ARTICLES, config: SiteConfig = CONFIG) -> dict[str, bytes]:
    return files_of(build_feeds(plan_site(articles, config), config, BodyRenderer(images=True)))


FILES = feeds()
XML_FEEDS = sorted(path for path in FILES if path.endswith((RSS_PATH, ATOM_PATH)))


def test_the_site_has_main_topic_and_monthly_archive_feeds() -> None:
    assert sorted(FILES) == sorted([
        "feed.xml", "atom.xml", "feed.json", "feeds.opml",
        "sources/kompas-com/feed.xml", "sources/kompas-com/atom.xml",
        "sources/example-wire/feed.xml", "sources/example-wire/atom.xml",
        "languages/id/feed.xml", "languages/id/atom.xml", "languages/en/feed.xml", "languages/en/atom.xml",
        "archive/2020/11/atom.xml", "archive/2020/10/atom.xml", "archive/2020/09/atom.xml",
        "archive/undated/atom.xml",
    ])


def test_rss_channel_items_and_dates() -> None:
    rss = etree.fromstring(FILES[RSS_PATH])
    channel = rss.find("channel")
    assert rss.get("version") == "2.0"
    assert channel.findtext("title") == "Mirror"
    assert channel.findtext("description")
    assert channel.findtext("link") == BASE
    self_links = channel.findall(f"{ATOM}link[@rel='self']")
    assert [link.get("href") for link in self_links] == [BASE + "feed.xml"]
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Title 11-5", "Title 11-4", "Title 11-3"]
    first = items[0]
    assert first.findtext("link") == BASE + "2020/11/title-11-5/"
    assert first.findtext("guid") == first.findtext("link")
    assert first.find("guid").get("isPermaLink") == "true"
    assert RFC_822.fullmatch(first.findtext("pubDate"))
    assert parsedate_to_datetime(first.findtext("pubDate")) == dt.datetime(2020, 11, 5, 20, 6, tzinfo=WIB)
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == dt.datetime(2020, 11, 5, 20, 6, tzinfo=WIB)
    content = first.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "<strong>5</strong>" in content and "<script>" not in content


def test_atom_feed_ids_links_and_rfc3339_dates() -> None:
    atom = etree.fromstring(FILES[ATOM_PATH])
    assert atom.tag == f"{ATOM}feed"
    assert atom.findtext(f"{ATOM}id") == BASE
    assert atom.findtext(f"{ATOM}title") == "Mirror"
    assert atom.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "atom.xml"
    assert atom.find(f"{ATOM}link[@rel='alternate']").get("href") == BASE
    assert atom.findtext(f"{ATOM}updated") == "2020-11-05T20:06:00+07:00"
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 3
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == 3
    for entry in entries:
        for element in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{element}"), element
        assert RFC_3339.fullmatch(entry.findtext(f"{ATOM}updated"))
        assert RFC_3339.fullmatch(entry.findtext(f"{ATOM}published"))
        assert entry.find(f"{ATOM}content").get("type") == "html"
        links = [link for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
        assert [link.get("href") for link in links] == [entry.findtext(f"{ATOM}id")]
    assert [entry.get(XML_LANG) for entry in entries] == ["id", "en", "id"]


@pytest.mark.parametrize("path", XML_FEEDS)
def test_every_xml_feed_has_the_required_elements_and_absolute_links(path: str) -> None:
    root = etree.fromstring(FILES[path])
    urls = root.xpath("//@href") + root.xpath("//*[local-name()='link' or local-name()='guid' or "
                                              "local-name()='id' or local-name()='uri']/text()")
    assert urls and all(url.startswith(BASE) for url in urls), path
    if path.endswith(RSS_PATH):
        channel = root.find("channel")
        for element in ("title", "link", "description"):
            assert channel.findtext(element), (path, element)
        assert channel.findtext("link") == BASE + path.removesuffix(RSS_PATH)
        assert channel.find(f"{ATOM}link[@rel='self']").get("href") == BASE + path
        dates = [item.findtext("pubDate") for item in channel.findall("item") if item.find("pubDate") is not None]
        assert all(RFC_822.fullmatch(date) for date in dates), path
        guids = [item.findtext("guid") for item in channel.findall("item")]
    else:
        for element in ("id", "title", "updated"):
            assert root.findtext(f"{ATOM}{element}"), (path, element)
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == BASE + path
        dates = root.xpath("//a:updated/text() | //a:published/text()", namespaces={"a": ATOM[1:-1]})
        assert all(RFC_3339.fullmatch(date) for date in dates), path
        guids = [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]
    assert guids and len(guids) == len(set(guids)), path


@pytest.mark.parametrize("path", XML_FEEDS)
def test_feedparser_reads_every_feed_without_errors(path: str) -> None:
    parsed = feedparser.parse(FILES[path])
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.entries
    assert all(entry.link.startswith(BASE) for entry in parsed.entries)


def test_feedparser_sees_dates_authors_and_links() -> None:
    for path in (RSS_PATH, ATOM_PATH):
        parsed = feedparser.parse(FILES[path])
        assert len(parsed.entries) == 3, path
        assert parsed.entries[0].link == BASE + "2020/11/title-11-5/"
        assert parsed.entries[0].published_parsed[:5] == (2020, 11, 5, 13, 6)
        assert parsed.entries[0].author == "Writer"


def test_topic_feeds_hold_their_newest_articles_only() -> None:
    def titles(path: str) -> list[str]:
        return [entry.title for entry in feedparser.parse(FILES[path]).entries]

    assert titles("sources/kompas-com/atom.xml") == ["Title 11-5", "Title 11-3", "Title 11-2"]
    assert titles("sources/example-wire/feed.xml") == ["Title 11-4"]
    assert titles("languages/en/atom.xml") == ["Title 11-4"]
    english = etree.fromstring(FILES["languages/en/feed.xml"]).find("channel")
    assert english.findtext("language") == "en"
    assert english.findtext("link") == BASE + "languages/en/"


def follow_archive(files: dict[str, bytes]) -> list[str]:
    """Page back from the subscription document as an RFC 5005 client does; every document
    but the subscription one must say it is an archive and point at the current feed."""
    seen: list[str] = []
    link = etree.fromstring(files[ATOM_PATH]).find(f"{ATOM}link[@rel='prev-archive']")
    previous_url = None
    while link is not None:
        url = link.get("href")
        document = etree.fromstring(files[url.removeprefix(BASE)])
        assert document.find(f"{FH}archive") is not None, url
        assert document.find(f"{ATOM}link[@rel='current']").get("href") == BASE + ATOM_PATH
        assert document.findtext(f"{ATOM}id") == BASE
        next_link = document.find(f"{ATOM}link[@rel='next-archive']")
        assert (next_link.get("href") if next_link is not None else None) == previous_url, url
        seen += [entry.findtext(f"{ATOM}title") for entry in document.findall(f"{ATOM}entry")]
        previous_url = url
        link = document.find(f"{ATOM}link[@rel='prev-archive']")
    return seen


def test_monthly_archive_documents_page_back_through_every_article() -> None:
    assert follow_archive(FILES) == [article.title for article in ARTICLES]
    subscription = etree.fromstring(FILES[ATOM_PATH])
    assert subscription.find(f"{FH}archive") is None
    assert subscription.find(f"{ATOM}link[@rel='prev-archive']").get("href") == BASE + "archive/2020/11/atom.xml"
    november = etree.fromstring(FILES["archive/2020/11/atom.xml"])
    assert len(november.findall(f"{ATOM}entry")) == 4
    assert november.findtext(f"{ATOM}updated") == "2020-11-05T20:06:00+07:00"
    assert november.find(f"{ATOM}entry/{ATOM}content") is not None


def test_a_busy_month_is_archived_in_parts_that_keep_their_articles() -> None:
    """A month of 120 articles: its ``atom.xml`` holds the newest 70, ``part/1/atom.xml`` the
    oldest 50 (``ARCHIVE_DOCUMENT_ENTRIES``), and paging back still meets every article once,
    newest first. A newer article of the month changes the newest part only."""
    assert ARCHIVE_DOCUMENT_ENTRIES == 50
    busy = [make_article(28 - number // 5, title=f"Busy {number}", slug=f"busy-{number}",
                         seed_name=f"busy-{number}.md", date=dt.datetime(2020, 11, 28 - number // 5, 20 - number % 5,
                                                                         tzinfo=WIB))
            for number in range(120)]
    older = [make_article(20, month=10)]
    files = feeds(busy + older)
    assert follow_archive(files) == [article.title for article in busy + older]
    parts = {path: etree.fromstring(data) for path, data in files.items() if path.startswith("archive/2020/11/")}
    assert sorted(parts) == ["archive/2020/11/atom.xml", "archive/2020/11/part/1/atom.xml"]
    assert len(parts["archive/2020/11/atom.xml"].findall(f"{ATOM}entry")) == 70
    oldest = parts["archive/2020/11/part/1/atom.xml"]
    assert oldest.find(f"{ATOM}link[@rel='self']").get("href") == BASE + "archive/2020/11/part/1/atom.xml"
    assert [entry.findtext(f"{ATOM}title") for entry in oldest.findall(f"{ATOM}entry")] == [
        f"Busy {number}" for number in range(70, 120)]
    newer = make_article(29, title="Newer", slug="newer", seed_name="newer.md")
    more = feeds([newer, *busy, *older])
    assert more["archive/2020/11/part/1/atom.xml"] == files["archive/2020/11/part/1/atom.xml"]
    assert more["archive/2020/11/atom.xml"] != files["archive/2020/11/atom.xml"]
    assert follow_archive(more) == [article.title for article in [newer, *busy, *older]]


def test_json_feed_follows_version_1_1() -> None:
    """feedparser 6.0 does not read JSON Feed: the spec's required and used fields are checked."""
    feed = json.loads(FILES[JSON_FEED_PATH])
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Mirror"
    assert feed["home_page_url"] == BASE and feed["feed_url"] == BASE + "feed.json"
    assert len(feed["items"]) == 3
    for item in feed["items"]:
        assert item["id"] == item["url"] and item["url"].startswith(BASE)
        assert item["content_html"] and item["title"]
        assert RFC_3339.fullmatch(item["date_published"])
        assert item["authors"] == [{"name": "Writer"}]
    assert [item["language"] for item in feed["items"]] == ["id", "en", "id"]
    assert dt.datetime.fromisoformat(feed["items"][0]["date_published"]) == dt.datetime(2020, 11, 5, 20, 6, tzinfo=WIB)
    assert len({item["id"] for item in feed["items"]}) == 3


def test_opml_lists_every_feed_and_only_feeds_that_exist() -> None:
    opml = etree.fromstring(FILES[OPML_PATH])
    assert opml.get("version") == "2.0"
    assert opml.findtext("head/title")
    assert parsedate_to_datetime(opml.findtext("head/dateModified")) == dt.datetime(2020, 11, 5, 20, 6, tzinfo=WIB)
    listed = opml.xpath("//outline[@type='rss']")
    assert all(outline.get("text") and outline.get("htmlUrl").startswith(BASE) for outline in listed)
    urls = [outline.get("xmlUrl") for outline in listed]
    assert len(urls) == len(set(urls))
    feed_files = {path for path in FILES if path != OPML_PATH}
    assert {url.removeprefix(BASE) for url in urls} == feed_files


def test_feeds_are_deterministic_and_ids_stay_when_articles_are_added() -> None:
    assert feeds() == FILES
    more = feeds([make_article(6, seed_name="new.md", slug="new"), *ARTICLES])
    old_ids = {entry.findtext(f"{ATOM}id") for entry in etree.fromstring(FILES[ATOM_PATH]).findall(f"{ATOM}entry")}
    new_ids = {entry.findtext(f"{ATOM}id") for entry in etree.fromstring(more[ATOM_PATH]).findall(f"{ATOM}entry")}
    assert old_ids - new_ids == {BASE + "2020/11/title-11-3/"}
    assert more["archive/2020/10/atom.xml"] == FILES["archive/2020/10/atom.xml"]


def test_undated_articles_get_a_fixed_date_and_no_published_time() -> None:
    files = feeds([make_article(None, slug="undated", title="Undated")])
    atom = etree.fromstring(files[ATOM_PATH])
    assert atom.findtext(f"{ATOM}updated") == UNDATED.isoformat()
    assert atom.find(f"{ATOM}entry/{ATOM}published") is None
    assert etree.fromstring(files[RSS_PATH]).find("channel/item/pubDate") is None
    assert "date_published" not in json.loads(files[JSON_FEED_PATH])["items"][0]


def test_the_feeds_ask_for_all_their_bodies_at_once() -> None:
    """A month holds too few articles to be worth an executor; asked for together, the
    bodies of every month are rendered in batches there."""
    asked: list[list[str]] = []
    renderer = BodyRenderer(images=True)

    def bodies(articles):
        asked.append(sorted(article.seed_name for article in articles))
        return renderer(articles)

    files = files_of(build_feeds(plan_site(ARTICLES, CONFIG), CONFIG, bodies))
    assert files == FILES
    assert asked == [sorted(article.seed_name for article in ARTICLES)]
