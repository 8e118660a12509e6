"""Search, build side: pipelines, partitions, display records, determinism."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from lunr.builder import Builder

from generator.cache import BuildCache, files_of
from generator.config import SiteConfig
from generator.models import Article
from generator.search import (
    BOOSTS,
    DOC_FIELDS,
    FIELDS,
    LUNR_JS_VERSION,
    build_search_files,
    markdown_to_text,
    search_language,
)
from generator.search.analysis import analyse_document
from generator.search.partitions import encode_ref, expand_partition, first_terms, js_order, make_partitions
from generator.search.pipelines import make_pipeline_set, pipeline_labels, split_cjk, tokenize, trim
from generator.search.porter import stem_english
from generator.search.scoring import score_postings, thousandths
from generator.search.words import first_words, merge_tables, partition_words


def search_files(articles: list[Article], config: SiteConfig, cache: BuildCache | None = None) -> dict[str, bytes]:
    return files_of(build_search_files(articles, config, cache))

WIB = dt.timezone(dt.timedelta(hours=7))


def article(slug: str, title: str, body: str, language: str | None, **fields: object) -> Article:
    values: dict = {"date": dt.datetime(2020, 11, 5, 20, 6, tzinfo=WIB), "source": "Kompas.com"} | fields
    return Article(
        title=title, slug=slug, body=body, seed_name=f"{slug}.md", seed_digest=slug, language=language, **values
    )


ARTICLES = [
    article(
        "pejabat",
        "Pejabat Tinggi Korea Selatan akan Kunjungi AS",
        "Menteri Luar Negeri AS, Mike Pompeo, membatalkan kunjungannya ke Seoul.\n\n"
        "Tujuan denuklirisasi semenanjung Korea tetap, terlepas dari hasil pemilihan presiden.",
        "id",
    ),
    article("pasar", "Menteri berkunjung ke pasar", "Para menteri berkunjung dan memilih sayur.", "id"),
    article(
        "harbour",
        "Ministers visited the harbour",
        "The ministers were visiting on election day.",
        "en-US",
        source="Example Wire",
        date=dt.datetime(2020, 11, 6, 9, 0, tzinfo=dt.UTC),
    ),
    article("emoji", "Pesta 🎉", "ab😀cd 𝐀lpha ｆｕｌｌ \uffff 東京都", None, source=None, date=None),
]


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return search_files(ARTICLES, SiteConfig(language="id"))


def expanded(files: dict[str, bytes], language: str, shard: int = 0) -> list[dict]:
    """A shard's partitions as the lunr indexes the browser loads."""
    meta = json.loads(files["search/meta.json"])
    spec = meta["languages"][language]
    return [
        expand_partition(partition, FIELDS, spec["pipeline"], LUNR_JS_VERSION)
        for partition in (
            json.loads(files[f"search/{language}/{shard}/{number}.json"])
            for number in range(len(spec["shards"][shard]["partitions"]))
        )
    ]


def partition_terms(files: dict[str, bytes], language: str, shard: int = 0) -> dict[str, dict]:
    return {term: posting for index in expanded(files, language, shard) for term, posting in index["invertedIndex"]}


def shard_urls(files: dict[str, bytes], language: str, shard: int = 0) -> dict[str, str]:
    """URL -> ref of a shard's documents."""
    meta = json.loads(files["search/meta.json"])
    urls = {}
    for number in range(0, meta["languages"][language]["shards"][shard]["docs"], meta["docsPerChunk"]):
        chunk = json.loads(files[f"search/{language}/{shard}/docs/{number // meta['docsPerChunk']}.json"])
        urls |= {record[0]: encode_ref(number + i) for i, record in enumerate(chunk)}
    return urls


def test_same_articles_give_the_same_bytes(files: dict[str, bytes]) -> None:
    again = search_files(list(reversed(ARTICLES)), SiteConfig(language="id"))
    assert again == files
    assert all(path.startswith("search/") for path in files)


def test_meta_describes_languages_pipelines_and_sources(files: dict[str, bytes]) -> None:
    meta = json.loads(files["search/meta.json"])
    assert meta["docs"] == 4
    assert meta["docFields"] == list(DOC_FIELDS)
    assert meta["fields"] == list(FIELDS)
    assert meta["languages"]["id"]["pipeline"] == ["trimmer-unicode", "stopWordFilter-id", "stemmer-id"]
    assert meta["languages"]["en"]["pipeline"] == ["trimmer-unicode", "stopWordFilter", "stemmer"]
    assert "yang" in meta["stopWords"]["stopWordFilter-id"]
    assert meta["sources"] == ["Example Wire", "Kompas.com"]
    assert meta["languages"]["id"]["docs"] == 3
    assert [shard["sources"] for shard in meta["languages"]["id"]["shards"]] == [[["", 0, 1], ["Kompas.com", 1, 2]]]
    assert [shard["sources"] for shard in meta["languages"]["en"]["shards"]] == [[["Example Wire", 0, 1]]]


def test_display_records_are_fetched_by_ref(files: dict[str, bytes]) -> None:
    records = json.loads(files["search/id/0/docs/0.json"])
    by_url = {record[0]: dict(zip(DOC_FIELDS, record, strict=True)) for record in records}
    seed = by_url["2020/11/pejabat/"]
    assert seed["date"] == "2020-11-05T20:06:00+07:00"
    assert seed["dateText"] == "5 November 2020"
    assert seed["lang"] == "id"
    assert by_url["undated/emoji/"]["date"] == ""


def test_indonesian_queries_find_the_seed_article(files: dict[str, bytes]) -> None:
    pipelines = make_pipeline_set()
    postings = partition_terms(files, "id")
    refs = shard_urls(files, "id")
    for query in ("Pompeo", "denuklirisasi", "pemilihan"):
        (term,) = pipelines.terms("id", query)
        assert refs["2020/11/pejabat/"] in postings[term]["b"]
    assert refs["2020/11/pasar/"] not in postings["pompeo"]["b"]


@pytest.mark.parametrize(
    ("query", "other_form"),
    [("kunjungan", "berkunjung"), ("berkunjung", "kunjungannya"), ("pemilihan", "memilih"), ("menteri", "Menteri")],
)
def test_affixed_indonesian_forms_share_a_term(query: str, other_form: str) -> None:
    pipelines = make_pipeline_set()
    assert pipelines.terms("id", query) == pipelines.terms("id", other_form) != []


@pytest.mark.parametrize(
    ("query", "other_form"), [("visiting", "visited"), ("ministers", "minister"), ("elections", "election")]
)
def test_english_inflections_share_a_term(query: str, other_form: str) -> None:
    pipelines = make_pipeline_set()
    assert pipelines.terms("en", query) == pipelines.terms("en", other_form) != []


def test_english_stems_are_lunr_js_stems() -> None:
    """lunr.py's own stemmer gives "dai" for "day"; lunr.js keeps "day"."""
    assert [stem_english(word) for word in ("day", "attorney", "buying", "dry", "relational", "yield")] == [
        "day", "attorney", "buy", "dri", "relat", "yield",
    ]  # fmt: skip


def test_stop_words_are_left_out() -> None:
    pipelines = make_pipeline_set()
    assert pipelines.terms("id", "yang dan di") == []
    assert pipelines.terms("en", "the and of") == []


def test_tokens_split_as_lunr_js_splits_them() -> None:
    assert tokenize("Kyung-wha\u2003SEOUL\u00a0kata\tKang") == ["kyung", "wha", "seoul", "kata", "kang"]
    assert trim("«café»,") == "café"
    assert trim("...") == ""


def test_cjk_runs_become_bigrams() -> None:
    assert split_cjk("東京都") == ["東京", "京都"]
    assert split_cjk("東") == ["東"]
    assert split_cjk("(東京)tokyo!") == ["東京", "tokyo"]
    assert make_pipeline_set().terms("ja", "東京都に") == ["東京", "京都", "都に"]


def test_language_codes_name_folders() -> None:
    assert [search_language(code) for code in ("en-US", "id", "pt_BR", "EN", "x", "../..")] == [
        "en", "id", "pt", "en", "und", "und",
    ]  # fmt: skip


def test_refs_are_short() -> None:  # JavaScript: number.toString(36)
    assert [encode_ref(number) for number in (0, 35, 36, 9999)] == ["0", "z", "10", "7pr"]


def test_markdown_is_read_as_text() -> None:
    assert markdown_to_text(r"See [the report](https://x.test/a) \*now\* ![map](m.png)") == "See the report *now* map"


def test_terms_are_in_javascript_order() -> None:
    """Python puts U+FFFF before an emoji (code points); JavaScript after (UTF-16 code units)."""
    assert sorted(["\uffff", "😀", "a"], key=js_order) == ["a", "😀", "\uffff"]


def lunr_py_index(analyses: list, refs: list[str]) -> dict:
    """The reference: lunr.py's own Builder, given the same terms, serialised."""
    builder = Builder()
    builder.ref("id")
    for field, boost in zip(FIELDS, BOOSTS, strict=True):
        builder.field(field, boost=boost)
    for ref, analysis in zip(refs, analyses, strict=True):
        document = {"id": ref}
        for field, terms in zip(FIELDS, analysis.fields, strict=True):
            document[field] = [term for term, count in terms.frequencies.items() for _ in range(count)]
        builder.add(document)
    return builder.build().serialize()


def scores_of(serialised: dict) -> tuple[dict, dict]:
    """(term -> field -> refs, (field ref, term) -> score) of a serialised lunr index."""
    terms = {posting["_index"]: term for term, posting in serialised["invertedIndex"]}
    refs = {term: {f: set(posting[f]) for f in FIELDS} for term, posting in serialised["invertedIndex"]}
    scores = {
        (field_ref, terms[index]): value
        for field_ref, elements in serialised["fieldVectors"]
        for index, value in zip(elements[::2], elements[1::2], strict=True)
    }
    return refs, scores


def corpus_analyses(count: int) -> tuple[list, list[str]]:
    pipelines = make_pipeline_set()
    words = (Path(__file__).parent / "data" / "search_vocabulary_id.txt").read_text(encoding="utf-8").split()
    extra = ["ab😀cd", "𝐀lpha", "\uffff", "東京都", "pemilu", "PEMILU", "terlepas"]
    rng = random.Random(count)
    analyses = []
    for _ in range(count):
        title = " ".join(rng.choices(words + extra, k=rng.randint(0, 9)))
        body = " ".join(rng.choices(words + extra, k=rng.randint(0, 400)))
        analyses.append(analyse_document(pipelines, "id", title, body))
    return analyses, [encode_ref(number) for number in range(count)]


@pytest.mark.parametrize("count", [1, 7, 150])
def test_partitions_are_lunr_py_index_exactly(count: int) -> None:
    """Scores computed from term frequencies equal lunr.py's Builder's, float for float."""
    analyses, refs = corpus_analyses(count)
    reference_refs, reference_scores = scores_of(lunr_py_index(analyses, refs))
    postings = score_postings(BOOSTS, [analysis.fields for analysis in analyses])
    partitions = make_partitions(postings, target_bytes=3000)
    assert len(partitions) > (3 if count > 100 else 0)
    ours = [expand_partition(p, FIELDS, pipeline_labels("id"), LUNR_JS_VERSION) for p in partitions]
    seen_refs: dict = {}
    seen_scores: dict = {}
    for index in ours:
        terms = [term for term, _ in index["invertedIndex"]]
        assert terms == sorted(terms, key=js_order)
        assert [posting["_index"] for _, posting in index["invertedIndex"]] == list(range(len(terms)))
        for _, elements in index["fieldVectors"]:
            assert elements[::2] == sorted(elements[::2])
        part_refs, part_scores = scores_of(index)
        assert not part_refs.keys() & seen_refs.keys()
        seen_refs |= part_refs
        seen_scores |= part_scores
    assert seen_refs == reference_refs
    assert seen_scores == reference_scores
    firsts = first_terms(partitions)
    assert firsts == sorted(firsts, key=js_order)


def test_scores_round_as_lunr_py_rounds() -> None:
    """Thousandths of ties and near-ties: k / 1000 must be lunr.py's round(score, 3)."""
    values = [k / 1000 + 0.0005 for k in range(0, 20000, 7)] + [k / 1000 + 0.0004999999 for k in range(0, 9000, 11)]
    assert [thousandths(value) / 1000 for value in values] == [round(value, 3) for value in values]


def test_no_articles_give_an_empty_search() -> None:
    files = search_files([], SiteConfig())
    assert json.loads(files["search/meta.json"])["docs"] == 0
    assert json.loads(files["search/meta.json"])["languages"] == {}
    assert list(files) == ["search/meta.json"]


def test_indonesian_words_ship_with_the_build_stems(files: dict[str, bytes]) -> None:
    meta = json.loads(files["search/meta.json"])
    firsts = meta["languages"]["id"]["words"]
    assert "words" not in meta["languages"]["en"]
    table = {}
    for number, first in enumerate(firsts):
        partition = json.loads(files[f"search/id/words/{number}.json"])
        assert min(partition, key=js_order) == first
        table |= partition
    assert firsts == sorted(firsts, key=js_order)
    pipelines = make_pipeline_set()
    assert table["terlepas"] == "lepas" == pipelines.terms("id", "Terlepas")[0]
    assert table["kunjungannya"] == "kunjung"
    assert "dari" not in table  # a stop word never reaches the stemmer
    assert "🎉" not in table and "pesta" in table


def test_word_partitions_are_cut_by_the_words_alone() -> None:
    """Adding a word changes the partition it falls in, never where the other cuts are."""
    words = {f"kata{n}": f"k{n}" for n in range(3000)}
    before = partition_words(words)
    assert 5 < len(before) < 40
    after = partition_words(words | {"kata1500x": "k"})
    changed = [p for p in after if p not in before]
    assert len(after) - len(before) in (0, 1)
    assert len(changed) <= 2
    assert sum(len(p) for p in changed) - sum(len(p) for p in before if p not in after) == 1
    assert merge_tables(after) == words | {"kata1500x": "k"}
    assert first_words(after) == [min(p, key=js_order) for p in after]


def test_one_term_of_a_partition_is_an_index_with_that_term_scores() -> None:
    """The page loads one small lunr index per query term: same postings, same scores."""
    analyses, _ = corpus_analyses(40)
    partitions = make_partitions(score_postings(BOOSTS, [a.fields for a in analyses]), target_bytes=3000)
    for partition in partitions[:3]:
        whole_refs, whole_scores = scores_of(expand_partition(partition, FIELDS, pipeline_labels("id"), "2.3.9"))
        for term in partition["terms"][:5]:
            alone = expand_partition(partition, FIELDS, pipeline_labels("id"), "2.3.9", only=[term])
            assert [entry[0] for entry in alone["invertedIndex"]] == [term]
            refs, scores = scores_of(alone)
            assert refs == {term: whole_refs[term]}
            assert scores == {key: value for key, value in whole_scores.items() if key[1] == term}


def test_a_field_empty_in_every_document_is_indexed_without_error() -> None:
    """Titles made only of stop words leave the title field empty in the whole shard."""
    articles = [article(f"s{n}", "yang dan", f"Kunjungan menteri nomor {n}.", "id") for n in range(3)]
    files = search_files(articles, SiteConfig(language="id"))
    postings = partition_terms(files, "id")
    assert all(posting["t"] == {} for posting in postings.values())
    assert len(postings["kunjung"]["b"]) == 3


def test_results_link_to_the_articles_own_urls_under_a_custom_permalink() -> None:
    """Search links to where the article is, not to the redirect its date+slug URL becomes."""
    from generator.urls import assign_article_urls

    config = SiteConfig(permalink="{language}/{slug}/")
    article = Article(title="Pejabat Korea", slug="pejabat-korea", body="Kunjungan pejabat.", seed_name="a.md",
                      seed_digest="0" * 64, language="id")
    files = search_files([article], config)
    docs = b"".join(data for path, data in files.items() if "/docs/" in path)
    url = assign_article_urls([article], config.permalink, config.language)["a.md"]
    assert url == "id/pejabat-korea/"
    assert url.encode() in docs
