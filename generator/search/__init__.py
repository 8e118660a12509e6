"""Search, build-time half: the articles' lunr index, cut so a reader downloads only what a query needs.

Files, relative to the site root (compact JSON with sorted keys: same articles, same bytes):

``search/meta.json``
    What the browser needs before fetching anything else: each language's pipeline (step
    labels, see ``pipelines``), its shards with the first term of each partition, the first
    word of each word-table partition, the stop-word lists lunr.js lacks, the display-record
    layout and the sources.
``search/<lang>/<shard>/<n>.json``
    Partition ``n`` of a shard's index (compact; ``partitions`` says how the browser turns it
    into a lunr 2.3.9 index): a query fetches, in each shard, the partitions holding its terms.
    One index per language, because a lunr index has one pipeline.
``search/<lang>/<shard>/docs/<n>.json``
    Display records (URL, title, date, source, language, summary) of ``DOCS_PER_CHUNK``
    documents of the shard, fetched only for the hits shown.
``search/<lang>/words/<n>.json``
    For languages whose browser stemmer is not exactly the build's (see ``words``): the build's
    stem of every word of the language's articles, a range of words per file.

A shard is a run of a language's articles in time order (see ``shards``) indexed on its own.
Inside a shard a document's ref is its position, in base 36, in the order (source, date, URL):
refs stay short and one source's documents are one range (the source filter needs no
per-document data).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import pickle
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from generator.cache import BuildCache, Output, content_key, pickle_value
from generator.config import SiteConfig
from generator.models import Article
from generator.search.analysis import (
    DocumentAnalysis,
    analyse_document,
    analysis_version,
    markdown_to_text,
    pack_analysis,
    unpack_analysis,
)
from generator.search.partitions import first_terms, make_partitions
from generator.search.pipelines import (
    PipelineSet,
    browser_stop_words,
    make_pipeline_set,
    pipeline_labels,
    uses_word_table,
)
from generator.search.scoring import score_postings
from generator.search.shards import cut_shards
from generator.search.words import first_words, merge_tables, partition_words
from generator.urls import assign_article_urls

__all__ = ["build_search_files", "markdown_to_text"]

FORMAT_VERSION = 3
"""Bumped when the layout of the files changes; the browser refuses a version it does not know."""

LUNR_JS_VERSION = "2.3.9"
"""The lunr.js the theme vendors; lunr.Index.load warns when the index says otherwise."""

TITLE_FIELD = "t"
BODY_FIELD = "b"
FIELDS = (TITLE_FIELD, BODY_FIELD)
"""One-letter field names, in the index's order: every field ref in the browser repeats them."""

TITLE_BOOST = 3
"""A title word says more than a body word, but a passing title mention should not beat an
article about the word."""
BOOSTS = (TITLE_BOOST, 1)

PARTITION_TARGET_BYTES = 16_000
"""About 6 KB gzipped per partition: a term costs one partition per shard of each language."""

DOCS_PER_CHUNK = 8
"""Display records per file: ten hits cost at most ten small files."""

DOC_FIELDS = ("url", "title", "date", "dateText", "source", "lang", "summary")
"""Layout of a display record (an array, to keep the files small)."""
RECORD_INPUTS = ("url", "title", "date", "source", "lang", "summary")
"""What a display record is made of: ``dateText`` is written from the date when the shard is."""

LANGUAGE_CODE = re.compile("[a-z]{2,3}")
UNDETERMINED_LANGUAGE = "und"

ANALYSIS_NAMESPACE = "search-analysis"
SHARD_NAMESPACE = "search-shard"
SHARD_FILES_NAMESPACE = "search-shard-files"
"""Build-cache namespaces: a document's analysis, a shard's summary and its files."""

SHARD_PACKAGES = ("PySastrawi", "snowballstemmer", "lunr", "babel")


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """One article as the search sees it."""

    language: str
    title: str
    body: str | None
    """The article's Markdown body; None in a shard sent to be indexed when the document's
    analysis is sent with it (the text is then not needed, and was most of the bytes sent)."""
    time_order: tuple[bool, float, str]
    """Undated first, then by date, then by URL: the order shards are cut in."""
    record: tuple[str, ...]
    """The display record's inputs, in ``RECORD_INPUTS`` order."""
    analysis_key: str
    """Build-cache key of the document's analysis: its language, title, body and the pipelines."""

    @property
    def url(self) -> str:
        return self.record[0]

    @property
    def source(self) -> str:
        return self.record[RECORD_INPUTS.index("source")]

    @property
    def shard_order(self) -> tuple[str, bool, float, str]:
        """The order of refs inside a shard: by source, then in time order."""
        return (self.source, *self.time_order)


@dataclass(frozen=True, slots=True)
class Shard:
    """A language's documents indexed together, in ref order."""

    language: str
    documents: tuple[SearchDocument, ...]

    def key(self, version: str, site_language: str) -> str:
        """Build-cache key of the shard's files: every input of them."""
        parts = [version, site_language, self.language]
        for document in self.documents:
            parts += [document.analysis_key, repr(document.record)]  # a tuple's repr is unambiguous
        return content_key(*parts)


@dataclass(frozen=True, slots=True)
class ShardSummary:
    """What the site's other search files need of a shard's: its part of ``meta.json`` and the
    build's stems of its words (for languages with a word table, else empty)."""

    meta: dict[str, Any]
    stems: dict[str, str]


def build_search_files(
    articles: Sequence[Article],
    config: SiteConfig,
    cache: BuildCache | None = None,
    reusable: Collection[str] = (),
    urls: Mapping[str, str] | None = None,
    executor: Executor | None = None,
) -> Iterator[Output]:
    """The search files of a site (paths relative to its root), built from every article.

    With a build cache, a shard whose articles are unchanged is taken from it (or, when its key
    is ``reusable``, left as the live site has it), and a changed shard is re-scored from its
    articles' stored analyses: an archive that gains an article analyses that one and
    re-indexes its shard. The bytes are the same with or without a cache. ``urls`` are the
    articles' URLs by seed name when the build has them (the site plan's), else assigned here.

    With an ``executor``, the shards to index are sent to it when this is called, so they are
    indexed there while the caller makes its other files; the outputs come as they are iterated.
    """
    cache = cache if cache is not None else BuildCache(None)
    analysis_code = analysis_version()
    if urls is None:
        urls = assign_article_urls(articles, config.permalink, config.language)
    documents = [make_document(article, urls[article.seed_name], config, analysis_code) for article in articles]
    shards: dict[str, list[Shard]] = {}
    for language in sorted({document.language for document in documents}):
        members = sorted((d for d in documents if d.language == language), key=lambda d: d.time_order)
        shards[language] = [
            Shard(language, tuple(sorted(run, key=lambda d: d.shard_order)))
            for run in cut_shards(members, key=lambda d: d.url)
        ]
    version = search_version(analysis_code)
    planned = [(shard, shard.key(version, config.language), f"search/{language}/{number}/")
               for language, runs in shards.items() for number, shard in enumerate(runs)]
    summaries: dict[str, ShardSummary] = cache.get_many(SHARD_NAMESPACE, (key for _, key, _ in planned))
    started = {key: start_indexing(executor, shard, cache, config.language)
               for shard, key, _ in planned if key not in summaries} if executor is not None else {}
    return search_outputs(planned, summaries, started, config, cache, reusable)


def search_outputs(
    planned: Sequence[tuple[Shard, str, str]],
    summaries: dict[str, ShardSummary],
    started: Mapping[str, Future[IndexedShard]],
    config: SiteConfig,
    cache: BuildCache,
    reusable: Collection[str],
) -> Iterator[Output]:
    """Each shard's files (``planned``: the shard, its key and its folder), indexed where
    ``summaries`` lacks it (or the cache lost its files), then the files made from all shards.
    ``started``: shards being indexed on the executor, by key."""
    for shard, key, folder in planned:
        # A shard's files are stored by its documents alone, so a shard moved to another
        # number is not re-indexed; in the site, they are made from that and the folder.
        output_key = content_key(key, folder)
        reuse = output_key in reusable and key in summaries
        files = None if reuse or key not in summaries else cache.get_many(SHARD_FILES_NAMESPACE, [key]).get(key)
        if reuse or files is not None:
            # The analyses are not read now, but the next change in the shard re-scores it
            # from them: keep them through pruning.
            cache.keep(ANALYSIS_NAMESPACE, (document.analysis_key for document in shard.documents))
            cache.keep(SHARD_FILES_NAMESPACE, [key])
        else:
            indexed = started[key].result() if key in started else index_shard(
                shard, stored_analyses(shard, cache), config.language)
            summaries[key], files, analysed = indexed
            cache.put_pickled(ANALYSIS_NAMESPACE, analysed)
            cache.put_many(SHARD_NAMESPACE, {key: summaries[key]})
            cache.put_many(SHARD_FILES_NAMESPACE, {key: files})
        yield Output(output_key, None if files is None else {folder + path: data for path, data in files.items()})

    files: dict[str, bytes] = {}
    languages: dict[str, Any] = {}
    for language, entries in groupby(planned, key=lambda entry: entry[0].language):
        mine = [(shard, summaries[key]) for shard, key, _ in entries]
        languages[language] = {
            "docs": sum(len(shard.documents) for shard, _ in mine),
            "pipeline": list(pipeline_labels(language)),
            "shards": [summary.meta for _, summary in mine],
        }
        if uses_word_table(language):
            word_partitions = partition_words(merge_tables(summary.stems for _, summary in mine))
            for number, word_partition in enumerate(word_partitions):
                files[f"search/{language}/words/{number}.json"] = encode_json(word_partition)
            languages[language]["words"] = first_words(word_partitions)
    files["search/meta.json"] = encode_json(make_meta([d for shard, _, _ in planned for d in shard.documents],
                                                      languages))
    yield Output("", files)


def search_version(analysis_code: str) -> str:
    """A hash of everything a shard's files depend on besides its documents."""
    digest = hashlib.sha256(analysis_code.encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in SHARD_PACKAGES:
        digest.update(f"{package}={importlib.metadata.version(package)};".encode())
    return digest.hexdigest()


def start_indexing(executor: Executor, shard: Shard, cache: BuildCache, site_language: str) -> Future[IndexedShard]:
    """``index_shard`` on the executor, sent the shard's stored analyses and the text only of the
    documents without one (a shard of 2,700 documents: 1.6 MB to send instead of 12)."""
    stored = stored_analyses(shard, cache)
    documents = tuple(replace(document, body=None) if document.analysis_key in stored else document
                      for document in shard.documents)
    return executor.submit(index_shard, Shard(shard.language, documents), stored, site_language)


def stored_analyses(shard: Shard, cache: BuildCache) -> dict[str, bytes]:
    """The analyses of a shard's documents that the cache holds, by key, as stored (pickled):
    only the worker that indexes the shard reads them."""
    return cache.get_pickled(ANALYSIS_NAMESPACE, (document.analysis_key for document in shard.documents))


IndexedShard = tuple[ShardSummary, dict[str, bytes], dict[str, bytes]]
"""A shard's summary, its files, and the analyses made for it (pickled for the cache, by key)."""


def index_shard(shard: Shard, stored: Mapping[str, bytes], site_language: str) -> IndexedShard:
    """Analyse the documents of a shard that have no ``stored`` analysis and write its files;
    runs on the executor (work and result are plain data; the analyses travel pickled, as the
    cache keeps them, and are read only here)."""
    analyses = {key: unpack_analysis(pickle.loads(data)) for key, data in stored.items()}
    made = {}
    for document in shard.documents:
        if document.analysis_key not in analyses:
            if document.body is None:
                raise ValueError(f"{document.url}: neither its analysis nor its text was sent to index it")
            analysis = analyse_document(shared_pipelines(), document.language, document.title, document.body)
            analyses[document.analysis_key] = analysis
            made[document.analysis_key] = pickle_value(pack_analysis(analysis))
    summary, files = write_shard(shard, [analyses[document.analysis_key] for document in shard.documents],
                                 site_language)
    return summary, files, made


def write_shard(
    shard: Shard, analyses: Sequence[DocumentAnalysis], site_language: str
) -> tuple[ShardSummary, dict[str, bytes]]:
    """A shard's summary and files (paths relative to its folder) from its documents' analyses
    (in the shard's order)."""
    postings = score_postings(BOOSTS, [analysis.fields for analysis in analyses])
    stems: dict[str, str] = {}
    forms = None
    if uses_word_table(shard.language):
        stems = merge_tables(analysis.stems for analysis in analyses)
        forms = {}
        for word, stem in stems.items():
            forms.setdefault(stem, []).append(word)
    partitions = make_partitions(postings, PARTITION_TARGET_BYTES, forms)
    files = {f"{number}.json": encode_json(partition) for number, partition in enumerate(partitions)}
    records = [display_record(document.record, site_language) for document in shard.documents]
    for start in range(0, len(records), DOCS_PER_CHUNK):
        files[f"docs/{start // DOCS_PER_CHUNK}.json"] = encode_json(records[start : start + DOCS_PER_CHUNK])
    sources = []
    for name, group in groupby(enumerate(shard.documents), key=lambda item: item[1].source):
        members = list(group)
        sources.append([name, members[0][0], len(members)])
    meta = {"docs": len(shard.documents), "partitions": first_terms(partitions), "sources": sources}
    return ShardSummary(meta=meta, stems=stems), files


def make_meta(documents: Sequence[SearchDocument], languages: Mapping[str, Any]) -> dict[str, Any]:
    """The browser's table of contents for the search files."""
    used = {label for spec in languages.values() for label in spec["pipeline"]}
    stop_words = browser_stop_words() if used else {}
    return {
        "version": FORMAT_VERSION,
        "lunr": LUNR_JS_VERSION,
        "docs": len(documents),
        "fields": list(FIELDS),
        "docFields": list(DOC_FIELDS),
        "docsPerChunk": DOCS_PER_CHUNK,
        "languages": dict(languages),
        "sources": sorted({document.source for document in documents} - {""}),
        "stopWords": {label: list(words) for label, words in stop_words.items() if label in used},
    }


def make_document(article: Article, url: str, config: SiteConfig, analysis_code: str) -> SearchDocument:
    language = search_language(article.language or config.language)
    record = (
        url,
        article.title,
        article.date.isoformat() if article.date else "",
        article.source or "",
        language,
        article.summary or "",
    )
    time_order = (article.date is not None, article.date.timestamp() if article.date else 0.0, url)
    return SearchDocument(
        language=language,
        title=article.title,
        body=article.body,
        time_order=time_order,
        record=record,
        # The parts joined, not hashed: each has a fixed form, and ten thousand hashes a build add up.
        analysis_key=f"{analysis_code}:{language}:{article.content_digest}",
    )


@functools.cache
def shared_pipelines() -> PipelineSet:
    """The pipelines, made when first needed and kept for the process: their stemmers remember
    the words they stemmed, which the preview server's next rebuild meets again."""
    return make_pipeline_set()


def display_record(record: Sequence[str], site_language: str) -> list[str]:
    """A document's display record in ``DOC_FIELDS`` order, with its date written out."""
    url, title, published, source, language, summary = record
    return [url, title, published, display_day(published[:10], language, site_language), source, language, summary]


@functools.lru_cache(maxsize=1024)
def search_language(code: str) -> str:
    """The primary subtag, lower-cased (``en-US`` -> ``en``); it also names a folder."""
    primary = re.split("[-_]", code.strip().lower(), maxsplit=1)[0]
    return primary if LANGUAGE_CODE.fullmatch(primary) else UNDETERMINED_LANGUAGE


@functools.lru_cache(maxsize=4096)
def display_day(day: str, language: str, site_language: str) -> str:
    """An article's local day (``YYYY-MM-DD``, or "" for none) in its own language, as the
    article page shows it. Cached: an archive has many articles a day, and babel is slow."""
    if not day:
        return ""
    for candidate in (language, site_language, "en"):
        try:
            return format_date(date.fromisoformat(day), format="long", locale=Locale.parse(candidate))
        except (UnknownLocaleError, ValueError):
            continue
    return day


def encode_json(value: Any) -> bytes:
    """Compact, key-sorted UTF-8 JSON: the same value always gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
