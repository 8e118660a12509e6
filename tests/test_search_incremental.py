"""Search, incremental: shards, the build cache, and bytes equal to a cold build after each change."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import generator.search as search
from generator.cache import BuildCache, files_of
from generator.config import SiteConfig
from generator.models import Article
from generator.search.shards import cut_shards
from generator.urls import assign_article_urls
from tests.conftest import RecordingPool
from tests.test_search import search_files

CONFIG = SiteConfig(language="id")
WORDS = (Path(__file__).parent / "data" / "search_vocabulary_id.txt").read_text(encoding="utf-8").split()


def make_articles(count: int, seed: int = 1) -> list[Article]:
    rng = random.Random(seed)
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    return [
        Article(
            title=" ".join(rng.choices(WORDS, k=6)),
            slug=f"a{number}",
            body=" ".join(rng.choices(WORDS, k=120)),
            seed_name=f"{number}.md",
            seed_digest=str(number),
            date=start + dt.timedelta(hours=number),
            language="id" if number % 3 else "en",
            source=f"Source {number % 2}",
        )
        for number in range(count)
    ]


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shards of about 6 articles, so a small archive has several."""
    monkeypatch.setattr("generator.search.shards.SHARD_MIN_DOCS", 3)
    monkeypatch.setattr("generator.search.shards.SHARD_HASH_MODULUS", 3)
    monkeypatch.setattr("generator.search.shards.SHARD_MAX_DOCS", 12)


@dataclasses.dataclass
class Counts:
    analysed: int = 0
    shards_written: int = 0


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counts:
    """How many documents were analysed and shards written (the work a build did)."""
    counted = Counts()
    analyse, write = search.analyse_document, search.write_shard

    def counting_analyse(*args: object) -> object:
        counted.analysed += 1
        return analyse(*args)

    def counting_write(*args: object) -> object:
        counted.shards_written += 1
        return write(*args)

    monkeypatch.setattr(search, "analyse_document", counting_analyse)
    monkeypatch.setattr(search, "write_shard", counting_write)
    return counted


@pytest.fixture
def cached_build(tmp_path: Path, counts: Counts) -> Iterator[Callable[[list[Article]], dict[str, bytes]]]:
    """Build with a build cache kept between calls (closed and pruned after each, as a build does)."""

    def build(articles: list[Article]) -> dict[str, bytes]:
        counts.analysed = counts.shards_written = 0
        cache = BuildCache(tmp_path / "cache")
        try:
            return search_files(articles, CONFIG, cache)
        finally:
            cache.close(prune=True)

    yield build


def shard_count(files: dict[str, bytes]) -> int:
    meta = json.loads(files["search/meta.json"])
    return sum(len(spec["shards"]) for spec in meta["languages"].values())


def test_a_cached_build_gives_the_bytes_of_an_uncached_one(small_shards: None, cached_build: Callable) -> None:
    articles = make_articles(60)
    assert cached_build(articles) == search_files(articles, CONFIG) == search_files(articles, CONFIG, None)
    assert shard_count(search_files(articles, CONFIG)) > 4


def test_an_unchanged_archive_is_taken_from_the_cache(
    small_shards: None, cached_build: Callable, counts: Counts
) -> None:
    articles = make_articles(60)
    cached_build(articles)
    assert counts.analysed == 60
    again = cached_build(articles)
    assert (counts.analysed, counts.shards_written) == (0, 0)
    assert again == search_files(articles, CONFIG)
    assert counts.analysed == 60  # the check itself, uncached


@pytest.mark.parametrize("change", ["add newest", "add oldest", "edit", "delete", "rename"])
def test_one_change_reindexes_one_shard_and_matches_a_cold_build(
    small_shards: None, cached_build: Callable, counts: Counts, change: str
) -> None:
    articles = make_articles(60)
    cached_build(articles)
    extra = make_articles(61, seed=2)[60]
    if change == "add newest":
        changed = [*articles, extra]
    elif change == "add oldest":
        changed = [*articles, dataclasses.replace(extra, date=dt.datetime(2019, 1, 1, tzinfo=dt.UTC))]
    elif change == "edit":
        edited = dataclasses.replace(articles[30], body=articles[30].body + " pemilu")
        changed = [*articles[:30], edited, *articles[31:]]
    elif change == "delete":
        changed = articles[:30] + articles[31:]
    else:
        changed = [*articles[:30], dataclasses.replace(articles[30], slug="renamed"), *articles[31:]]
    files = cached_build(changed)
    assert counts.analysed == (0 if change in ("delete", "rename") else 1)
    assert 1 <= counts.shards_written <= 2
    assert files == search_files(changed, CONFIG)
    assert shard_count(files) > 4


def test_an_executor_is_sent_the_text_of_the_documents_it_analyses_only(
    small_shards: None, cached_build: Callable, counts: Counts, tmp_path: Path
) -> None:
    """A changed shard goes to the executor with its documents' stored analyses; of their texts,
    only the new document's travels with them. The files are a cold build's."""
    articles = make_articles(60)
    cached_build(articles)
    changed = [*articles, make_articles(61, seed=2)[60]]
    counts.analysed = 0
    cache = BuildCache(tmp_path / "cache")
    with RecordingPool(2) as pool:
        files = files_of(search.build_search_files(changed, CONFIG, cache, executor=pool))
    cache.close(prune=True)
    sent: list[list[str]] = []
    for function, args in pool.submitted:
        if function is search.index_shard:
            shard, stored = args[0], args[1]
            assert all((document.body is None) == (document.analysis_key in stored) for document in shard.documents)
            sent.append([document.url for document in shard.documents if document.body is not None])
    new_url = assign_article_urls(changed, CONFIG.permalink, CONFIG.language)["60.md"]
    assert [urls for urls in sent if urls] == [[new_url]]
    assert counts.analysed == 1
    assert files == search_files(changed, CONFIG)


def test_pruned_cache_keeps_the_analyses_of_unchanged_shards(
    small_shards: None, cached_build: Callable, counts: Counts
) -> None:
    """The second change falls in a shard the first did not touch: its analyses were kept."""
    articles = make_articles(60)
    cached_build(articles)
    cached_build([*articles, make_articles(61, seed=2)[60]])
    edited = [dataclasses.replace(articles[0], body=articles[0].body + " lagi"), *articles[1:]]
    cached_build([*edited, make_articles(61, seed=2)[60]])
    assert counts.analysed == 1


def test_a_new_pipeline_version_analyses_again(
    small_shards: None, cached_build: Callable, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = make_articles(20)
    before = cached_build(articles)
    monkeypatch.setattr(search, "analysis_version", lambda: "another stemmer")
    assert cached_build(articles) == before
    assert counts.analysed == 20


def test_appending_in_time_order_changes_only_the_last_shard(small_shards: None) -> None:
    items = [f"item-{n}" for n in range(300)]
    before = cut_shards(items, key=str)
    after = cut_shards([*items, "item-new"], key=str)
    assert after[: len(before) - 1] == before[:-1]
    assert sum(len(shard) for shard in after[len(before) - 1 :]) == len(before[-1]) + 1


def test_shards_keep_their_sizes_and_a_change_moves_few_cuts(small_shards: None) -> None:
    rng = random.Random(5)
    items = [f"item-{n}" for n in range(3000)]
    shards = cut_shards(items, key=str)
    assert [item for shard in shards for item in shard] == items
    assert all(3 <= len(shard) <= 12 for shard in shards[:-1])
    assert 3000 / 12 < len(shards) < 3000 / 3
    changed = []
    for trial in range(200):
        position = rng.randrange(len(items))
        if trial % 2:
            variant = [*items[:position], f"new-{trial}", *items[position:]]
        else:
            variant = items[:position] + items[position + 1 :]
        old = {tuple(shard) for shard in shards}
        changed.append(sum(1 for shard in cut_shards(variant, key=str) if tuple(shard) not in old))
    assert sum(changed) / len(changed) <= 2.5
