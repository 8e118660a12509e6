"""Related articles: shared rare words make a pair; common words and chance never do; the cost
stays linear (a 10,000-article site takes seconds)."""

import dataclasses
import datetime as dt
import random
import time

import pytest

from generator.models import Article
from generator.related import MAX_MAX_POSTINGS, MIN_SHARED_TERMS, describe, find_related

UTC = dt.UTC


def make_article(number: int, title: str, body: str = "", **changes) -> Article:
    values = dict(title=title, slug=f"a{number}", body=body or title, seed_name=f"{number}.md", seed_digest="0" * 64,
                  date=dt.datetime(2020, 11, 1, tzinfo=UTC) + dt.timedelta(days=number))
    values.update(changes)
    return Article(**values)


FILLER = "yang dan di ke dari untuk dengan pada adalah itu ini dalam tidak akan"


def unrelated(count: int) -> list[Article]:
    """Articles that share no word with anything: they make the others' words rare."""
    return [make_article(1000 + number, f"unik{chr(97 + number % 26)}{chr(97 + number // 26)}")
            for number in range(count)]


def test_articles_sharing_rare_words_are_related_and_others_are_not() -> None:
    articles = [
        make_article(0, "Pompeo kunjungi Seoul", f"Pompeo bahas denuklirisasi di Seoul {FILLER}"),
        make_article(1, "Menlu Pompeo tiba di Seoul", f"Denuklirisasi jadi agenda {FILLER}"),
        make_article(2, "Panen raya di Bali", f"Petani Bali menyambut panen {FILLER}"),
        make_article(3, "Festival panen di Bali", f"Warga Bali merayakan festival {FILLER}"),
        make_article(4, "Harga cabai naik", f"Pedagang pasar mengeluh {FILLER}"),
    ]
    related = find_related(articles, 3)
    assert related[0] == (1,) and related[1] == (0,)
    assert related[2] == (3,) and related[3] == (2,)
    assert related[4] == ()


def test_one_shared_word_is_not_enough() -> None:
    assert MIN_SHARED_TERMS == 2
    articles = [make_article(0, "Jakarta banjir"), make_article(1, "Jakarta macet"), make_article(2, "Bandung sejuk"),
                *unrelated(6)]  # "jakarta" is then rare enough to pair the first two
    assert find_related(articles, 3) == [() for _ in articles]


def test_same_source_and_close_dates_order_equal_matches() -> None:
    base = "Gempa Lombok guncang"
    articles = [
        make_article(0, base, source="Kompas.com"),
        make_article(1, base, source="Other"),
        make_article(2, base, source="Kompas.com"),
        make_article(40, base, source="Other"),
        *unrelated(6),
    ]
    assert find_related(articles, 3)[0] == (2, 1, 3)
    assert find_related(articles, 3)[1] == (3, 0, 2)


def test_count_limits_and_zero_turns_it_off() -> None:
    articles = [make_article(number, "Gempa Lombok guncang Mataram") for number in range(5)] + unrelated(6)
    assert [len(others) for others in find_related(articles, 2)] == [2] * 5 + [0] * 6
    assert find_related(articles, 0) == [()] * 11


def test_a_word_in_half_the_articles_is_common_even_in_a_small_site() -> None:
    quake = [make_article(number, "Gempa Lombok guncang Mataram") for number in range(4)]
    assert find_related(quake[:3] + unrelated(4), 3)[0] == (1, 2)
    assert find_related(quake + unrelated(3), 3)[0] == ()


def test_words_shared_by_too_many_articles_are_ignored() -> None:
    articles = [make_article(number, f"Laporan harian cuaca nomor{chr(97 + number % 26)}{number}")
                for number in range(200)]
    assert MAX_MAX_POSTINGS < 200
    assert all(others == () for others in find_related(articles, 5))


def test_only_the_title_and_the_lead_describe_an_article() -> None:
    article = make_article(0, "Judul", " ".join(f"kata{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}" for n in range(400)))
    words = describe(article)
    assert "judul" in words and "kataaa" in words
    assert "katazp" not in words
    assert len(words) <= 1 + 120


TOPIC_SIZE = 60
"""Articles per topic in the synthetic site: about the postings cap, the worst case it allows."""


def synthetic_site(count: int, seed: int) -> list[Article]:
    """Topics of ``TOPIC_SIZE`` articles, each article with a dozen of its topic's twenty words
    among common words; a bigger site has more topics, not bigger ones."""
    randomness = random.Random(seed)
    vocabulary = ["".join(randomness.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(randomness.randint(5, 10)))
                  for _ in range(30_000)]
    common = vocabulary[:300]
    articles = []
    for number in range(count):
        topic = vocabulary[1000 + (number // TOPIC_SIZE) * 20: 1020 + (number // TOPIC_SIZE) * 20]
        words = randomness.choices(common, k=100) + randomness.sample(topic, 12) + randomness.choices(vocabulary, k=8)
        randomness.shuffle(words)
        articles.append(make_article(number, " ".join(words[:8]), " ".join(words), source=f"S{number % 20}"))
    return articles


def timed_related(articles: list[Article]) -> tuple[float, list[tuple[int, ...]]]:
    started = time.perf_counter()
    related = find_related(articles, 5)
    return time.perf_counter() - started, related


def test_ten_thousand_articles_take_seconds_and_time_grows_linearly() -> None:
    """About two seconds here for 10,000 articles; the bound leaves room for a slow, busy
    machine, and the ratio to a quarter of the site tells linear from quadratic either way."""
    articles = synthetic_site(10_000, 20201105)
    quarter, _ = timed_related(articles[:2_500])
    elapsed, related = timed_related(articles)
    assert elapsed < 12.0, f"{elapsed:.1f} s for 10,000 articles"
    assert elapsed / quarter < 6, f"{quarter:.2f} s for 2,500 articles, {elapsed:.2f} s for 10,000"
    assert sum(1 for others in related if others) > 9_000
    topic_of = {article.seed_name: number // TOPIC_SIZE for number, article in enumerate(articles)}
    agree = sum(topic_of[articles[other].seed_name] == topic_of[article.seed_name]
                for article, others in zip(articles, related, strict=True) for other in others)
    assert agree / sum(len(others) for others in related) > 0.95


def test_described_words_are_kept_in_the_cache_by_article(tmp_path, monkeypatch) -> None:
    from generator import related
    from generator.cache import BuildCache, value_key
    from generator.related import describe_articles

    articles = [make_article(0, "Gempa Lombok guncang Mataram"), make_article(1, "Banjir rendam Jakarta"),
                make_article(2, "Tiga")]
    keys = {article.seed_name: value_key(article) for article in articles}
    cache = BuildCache(tmp_path)
    assert describe_articles(articles, keys, cache, "code") == [
        " ".join(sorted(describe(article))) for article in articles]

    def refuse(article: Article) -> set[str]:
        raise AssertionError(f"{article.seed_name} described again")

    monkeypatch.setattr(related, "describe", refuse)
    assert describe_articles(articles, keys, cache, "code") == ["gempa guncang lombok mataram",
                                                                 "banjir jakarta rendam", "tiga"]
    with pytest.raises(AssertionError, match="described again"):
        describe_articles(articles, keys, cache, "other code")


def test_related_lists_are_kept_in_the_cache_by_all_they_are_made_of(tmp_path, monkeypatch) -> None:
    """Relating the whole archive again is skipped when no article's words, source or date
    changed (a correction below a lead); a changed date relates again, and gives what a cache
    that never saw the articles gives."""
    from generator import related
    from generator.cache import BuildCache, value_key
    from generator.related import relate_articles

    base = "Gempa Lombok guncang"
    long_body = " ".join([base, *[FILLER] * 12])  # longer than the lead that describes it
    articles = [make_article(0, base, long_body, source="Kompas.com"), make_article(1, base, source="Other"),
                make_article(2, base, source="Kompas.com"), make_article(40, base, source="Other"), *unrelated(6)]
    keys = {article.seed_name: value_key(article) for article in articles}
    cache = BuildCache(tmp_path / "cache")
    first = relate_articles(articles, 3, keys, cache, "code")()
    assert first == find_related(articles, 3)
    corrected = [dataclasses.replace(articles[0], body=articles[0].body + " A line below the lead."), *articles[1:]]
    corrected_keys = {**keys, articles[0].seed_name: value_key(corrected[0])}

    def refuse(*args: object) -> list[tuple[int, ...]]:
        raise AssertionError("related again")

    with monkeypatch.context() as patch:
        patch.setattr(related, "relate_words", refuse)
        assert relate_articles(corrected, 3, corrected_keys, cache, "code")() == first
    moved = [dataclasses.replace(articles[0], date=articles[0].date - dt.timedelta(days=400)), *articles[1:]]
    moved_keys = {**keys, articles[0].seed_name: value_key(moved[0])}
    assert find_related(moved, 3) != first
    assert relate_articles(moved, 3, moved_keys, cache, "code")() == relate_articles(
        moved, 3, moved_keys, BuildCache(tmp_path / "fresh"), "code")() == find_related(moved, 3)


def test_the_cached_words_relate_as_the_articles_do() -> None:
    """The executor relates the words as the cache keeps them (each article's joined by spaces,
    each word once), counted without making sets of them again: the same lists as from the
    articles."""
    from generator.related import instant, relate_words

    articles = synthetic_site(600, 20201106)
    words = [" ".join(sorted(describe(article))) for article in articles]
    assert relate_words(words, [article.source or "" for article in articles], [instant(a) for a in articles], 5) == (
        find_related(articles, 5))
