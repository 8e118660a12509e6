"""Feeds are parsed, never string-matched: lxml for the exact structure, feedparser as a
reader would see them."""

import datetime as dt
from email.utils import parsedate_to_datetime

import feedparser
from lxml import etree

from generator.config import SiteConfig
from generator.feeds import ATOM_PATH, RSS_PATH, UNDATED, build_feeds
from generator.models import Article

WIB = dt.timezone(dt.timedelta(hours=7))
CONFIG = SiteConfig(base_url="https://user.github.io/repo/", feed_items=3, title="Mirror")
ATOM = "{http://www.w3.org/2005/Atom}"


def make_article(day: int | None, **changes) -> Article:
    values = dict(
        title=f"Title {day}", slug=f"title-{day}", body=f"Paragraph **{day}** <script>x</script>",
        seed_name=f"{day}.md", seed_digest="0" * 64, summary=f"Summary {day}", author="Writer",
        date=dt.datetime(2020, 11, day, 20, 6, tzinfo=WIB) if day else None, tags=("news",),
    )
    values.update(changes)
    return Article(**values)


ARTICLES = [make_article(day) for day in (5, 4, 3, 2)]


def test_rss_channel_items_and_dates() -> None:
    rss = etree.fromstring(build_feeds(ARTICLES, CONFIG)[RSS_PATH])
    channel = rss.find("channel")
    assert rss.get("version") == "2.0"
    assert channel.findtext("title") == "Mirror"
    assert channel.findtext("link") == "https://user.github.io/repo/"
    self_links = channel.findall(f"{ATOM}link[@rel='self']")
    assert [link.get("href") for link in self_links] == ["https://user.github.io/repo/feed.xml"]
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Title 5", "Title 4", "Title 3"]
    first = items[0]
    assert first.findtext("link") == "https://user.github.io/repo/2020/11/title-5/"
    assert first.findtext("guid") == first.findtext("link")
    assert parsedate_to_datetime(first.findtext("pubDate")) == dt.datetime(2020, 11, 5, 20, 6, tzinfo=WIB)
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == dt.datetime(2020, 11, 5, 20, 6, tzinfo=WIB)
    content = first.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "<strong>5</strong>" in content and "<script>" not in content


def test_atom_feed_ids_links_and_rfc3339_dates() -> None:
    atom = etree.fromstring(build_feeds(ARTICLES, CONFIG)[ATOM_PATH])
    assert atom.tag == f"{ATOM}feed"
    assert atom.findtext(f"{ATOM}id") == "https://user.github.io/repo/"
    assert atom.find(f"{ATOM}link[@rel='self']").get("href") == "https://user.github.io/repo/atom.xml"
    assert atom.find(f"{ATOM}link[@rel='alternate']").get("href") == "https://user.github.io/repo/"
    assert atom.findtext(f"{ATOM}updated") == "2020-11-05T20:06:00+07:00"
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 3
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == 3
    assert entries[0].findtext(f"{ATOM}published") == "2020-11-05T20:06:00+07:00"
    assert entries[0].find(f"{ATOM}content").get("type") == "html"


def test_feedparser_reads_both_without_errors() -> None:
    files = build_feeds(ARTICLES, CONFIG)
    for path in (RSS_PATH, ATOM_PATH):
        parsed = feedparser.parse(files[path])
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert len(parsed.entries) == 3
        assert parsed.entries[0].link == "https://user.github.io/repo/2020/11/title-5/"
        assert parsed.entries[0].published_parsed[:5] == (2020, 11, 5, 13, 6)
        assert parsed.entries[0].author == "Writer"


def test_feeds_are_deterministic_and_undated_articles_get_a_fixed_date() -> None:
    articles = [make_article(None, slug="undated", title="Undated")]
    first, second = build_feeds(articles, CONFIG), build_feeds(articles, CONFIG)
    assert first == second
    atom = etree.fromstring(first[ATOM_PATH])
    assert atom.findtext(f"{ATOM}updated") == UNDATED.isoformat()
    assert atom.find(f"{ATOM}entry/{ATOM}published") is None
