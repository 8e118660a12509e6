"""URLs: permalink patterns, stable and distinct article URLs, redirects from the old ones."""

import datetime as dt

import pytest

from generator.config import SiteConfig
from generator.errors import ConfigError
from generator.models import Article
from generator.pages import permalink
from generator.urls import (
    assign_aliases,
    assign_article_urls,
    format_permalink,
    name_key,
    undated_pattern,
    year_url,
)

WIB = dt.timezone(dt.timedelta(hours=7))


def make_article(slug: str, day: int | None = 5, **changes) -> Article:
    values = dict(title=slug, slug=slug, body="Body.", seed_name=f"{slug}-{day}.md", seed_digest="0" * 64,
                  date=dt.datetime(2020, 11, day, 20, 6, tzinfo=WIB) if day else None, source="Kompas.com",
                  language="id")
    values.update(changes)
    return Article(**values)


@pytest.mark.parametrize(
    ("pattern", "dated", "undated"),
    [
        ("{year}/{month}/{slug}/", "2020/11/berita/", "undated/berita/"),
        ("{year}/{month}/{day}/{slug}/", "2020/11/05/berita/", "undated/berita/"),
        ("{slug}/", "berita/", "berita/"),
        ("{source}/{year}-{month}-{day}-{slug}/", "kompas-com/2020-11-05-berita/", "kompas-com/undated-berita/"),
        ("news/{language}/{slug}/", "news/id/berita/", "news/id/berita/"),
    ],
)
def test_permalink_patterns(pattern: str, dated: str, undated: str) -> None:
    assert format_permalink(make_article("berita"), pattern, "en") == dated
    assert format_permalink(make_article("berita", None), pattern, "en") == undated


def test_an_early_year_has_four_digits_as_in_its_archives_url() -> None:
    early = make_article("berita", date=dt.datetime(999, 3, 1, tzinfo=WIB))
    assert format_permalink(early, "{year}/{month}/{slug}/", "en") == "0999/03/berita/"
    assert permalink(early) == "0999/03/berita/"
    assert year_url(999) == "archive/0999/"


def test_undated_pattern_keeps_one_undated_marker() -> None:
    assert undated_pattern("{year}/{month}/{slug}/") == "undated/{slug}/"
    assert undated_pattern("{slug}-{year}/") == "undated-{slug}-/"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{year}/{title}/", "unknown field(s) title"),
        ("{year}/{month}/", "must contain {slug}"),
        ("{slug}", "ending in '/'"),
        ("/{slug}/", "relative folder"),
        ("{year}//{slug}/", "relative folder"),
        ("News/{slug}/", "only a-z"),
        ("../{slug}/", "only a-z"),
    ],
)
def test_invalid_permalink_patterns_are_configuration_errors(pattern: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("{", r"\{")
                       .replace("}", r"\}")):
        SiteConfig().with_overrides(permalink=pattern)


def test_colliding_urls_are_distinct_and_do_not_move_when_seeds_are_added() -> None:
    first, second = make_article("same", 3), make_article("same", 9)
    urls = assign_article_urls([second, first], "{slug}/", "en")
    assert urls[first.seed_name] == "same/"
    assert urls[second.seed_name].startswith("same-") and urls[second.seed_name].endswith("/")
    later = make_article("same", 20)
    grown = assign_article_urls([later, second, first], "{slug}/", "en")
    assert {name: grown[name] for name in urls} == urls
    assert len(set(grown.values())) == 3


def test_urls_never_take_the_sites_own_folders() -> None:
    urls = assign_article_urls([make_article("archive"), make_article("sources")], "{slug}/", "en")
    assert all(url.split("-")[0] in ("archive", "sources") and url.count("-") == 1 for url in urls.values())
    assert "archive/" not in urls.values() and "sources/" not in urls.values()


def test_old_urls_redirect_only_when_the_pattern_moved_the_page() -> None:
    articles = [make_article("berita"), make_article("lain", None)]
    default = assign_article_urls(articles, "{year}/{month}/{slug}/", "en")
    assert assign_aliases(articles, default) == {}
    moved = assign_article_urls(articles, "{slug}/", "en")
    assert assign_aliases(articles, moved) == {"berita-5.md": "2020/11/berita/", "lain-None.md": "undated/lain/"}


def test_names_become_ascii_keys() -> None:
    assert name_key("Kompas.com") == "kompas-com"
    assert name_key("Shintaloka Pradita Sicca") == "shintaloka-pradita-sicca"
    assert name_key("Đặng Thị Hương") == "dang-thi-huong"
    assert name_key("!!!").startswith("x") and len(name_key("!!!")) == 9
