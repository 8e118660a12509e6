"""Archives: which articles each group holds, in which order, at which URL."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from generator.archives import ArchiveKind, collect_archives, stable_parts
from generator.models import Article

WIB = dt.timezone(dt.timedelta(hours=7))
NEW_YORK = dt.timezone(dt.timedelta(hours=-5))


def make_article(name: str, date: dt.datetime | None, **changes) -> Article:
    values = dict(title=name, slug=name, body="Body.", seed_name=f"{name}.md", seed_digest="0" * 64, date=date)
    values.update(changes)
    return Article(**values)


ARTICLES = [
    make_article("a", dt.datetime(2021, 1, 1, 1, 0, tzinfo=WIB), source="Kompas.com", author="Ana, Budi Santoso",
                 language="id"),
    make_article("b", dt.datetime(2020, 12, 31, 23, 0, tzinfo=NEW_YORK), source="Example Wire", author="Ana",
                 language="en-US"),
    make_article("c", dt.datetime(2020, 11, 5, 20, 6, tzinfo=WIB), source="KOMPAS.com", language=None),
    make_article("d", None, source="Kompas.com", author="  Budi   Santoso "),
]


def groups(kind: ArchiveKind) -> dict[str, tuple[str, list[str]]]:
    return {archive.url: (archive.name, [article.slug for article in archive.articles])
            for archive in collect_archives(ARTICLES, "id") if archive.kind is kind}


def test_dates_are_grouped_by_each_articles_own_calendar() -> None:
    assert groups(ArchiveKind.YEAR) == {"archive/2021/": ("2021", ["a"]), "archive/2020/": ("2020", ["b", "c"])}
    assert groups(ArchiveKind.MONTH) == {
        "archive/2021/01/": ("2021-01", ["a"]),
        "archive/2020/12/": ("2020-12", ["b"]),
        "archive/2020/11/": ("2020-11", ["c"]),
    }
    assert groups(ArchiveKind.UNDATED) == {"archive/undated/": ("", ["d"])}


def test_sources_and_authors_merge_spellings_of_one_name() -> None:
    assert groups(ArchiveKind.SOURCE) == {
        "sources/example-wire/": ("Example Wire", ["b"]),
        "sources/kompas-com/": ("Kompas.com", ["a", "c", "d"]),
    }
    assert groups(ArchiveKind.AUTHOR) == {
        "authors/ana/": ("Ana", ["a", "b"]),
        "authors/budi-santoso/": ("Budi Santoso", ["a", "d"]),
    }


def test_languages_use_the_primary_subtag_and_the_site_default() -> None:
    assert groups(ArchiveKind.LANGUAGE) == {"languages/en/": ("en", ["b"]), "languages/id/": ("id", ["a", "c", "d"])}


def test_archives_come_in_a_stable_order() -> None:
    kinds = [archive.kind for archive in collect_archives(ARTICLES, "id")]
    assert kinds == [ArchiveKind.YEAR, ArchiveKind.MONTH, ArchiveKind.YEAR, ArchiveKind.MONTH, ArchiveKind.MONTH,
                     ArchiveKind.UNDATED, ArchiveKind.SOURCE, ArchiveKind.SOURCE, ArchiveKind.AUTHOR,
                     ArchiveKind.AUTHOR, ArchiveKind.LANGUAGE, ArchiveKind.LANGUAGE]
    assert collect_archives(ARTICLES, "id") == collect_archives(list(ARTICLES), "id")
    assert collect_archives([], "id") == []


@given(count=st.integers(0, 300), size=st.integers(1, 60), added=st.integers(1, 80))
def test_stable_parts_hold_every_item_once_and_keep_older_parts_as_items_arrive(count, size, added) -> None:
    items = list(range(count))
    parts = stable_parts(items, size)
    assert [item for _, part in parts for item in part] == items
    assert [number for number, _ in parts] == [0, *range(len(parts) - 1, 0, -1)]
    newest = parts[0][1]
    assert len(newest) == count if count < size else size <= len(newest) < 2 * size
    assert all(len(part) == size for _, part in parts[1:])
    grown = dict(stable_parts([*range(-added, 0), *items], size))
    assert all(grown[number] == part for number, part in parts[1:])
