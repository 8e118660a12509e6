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

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from generator.config import SiteConfig
from generator.models import Article
from generator.pages import permalink
from generator.search.analysis import DocumentAnalysis, analyse_document
from generator.search.partitions import first_terms, make_partitions
from generator.search.pipelines import (
    PipelineSet,
    browser_stop_words,
    make_pipeline_set,
    pipeline_labels,
    uses_word_table,
)
from generator.search.scoring import score_postings
from generator.search.words import first_words, merge_tables, partition_words

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

LANGUAGE_CODE = re.compile("[a-z]{2,3}")
UNDETERMINED_LANGUAGE = "und"

MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """One article as the search sees it."""

    language: str
    title: str
    body: str
    """The article's Markdown body (``markdown_to_text`` gives what is indexed)."""
    time_order: tuple[bool, float, str]
    """Undated first, then by date, then by URL: the order shards are cut in."""
    record: tuple[str, ...]
    """The display record, in ``DOC_FIELDS`` order."""

    @property
    def source(self) -> str:
        return self.record[DOC_FIELDS.index("source")]

    @property
    def shard_order(self) -> tuple[str, bool, float, str]:
        """The order of refs inside a shard: by source, then in time order."""
        return (self.source, *self.time_order)


@dataclass(frozen=True, slots=True)
class Shard:
    """A language's documents indexed together, in ref order."""

    language: str
    documents: tuple[SearchDocument, ...]


@dataclass(frozen=True, slots=True)
class ShardOutput:
    """A shard's files (paths relative to its folder) and what ``meta.json`` says of it."""

    files: dict[str, bytes]
    meta: dict[str, Any]
    stems: dict[str, str]
    """The build's stems of the shard's words (languages with a word table)."""


def build_search_files(articles: Sequence[Article], config: SiteConfig) -> dict[str, bytes]:
    """The search files of a site (paths relative to its root), built from every article."""
    documents = [make_document(article, config) for article in articles]
    pipelines: list[PipelineSet] = []

    def pipeline_set() -> PipelineSet:
        if not pipelines:
            pipelines.append(make_pipeline_set())
        return pipelines[0]

    files: dict[str, bytes] = {}
    languages: dict[str, Any] = {}
    for language in sorted({document.language for document in documents}):
        members = sorted((d for d in documents if d.language == language), key=lambda d: d.time_order)
        shards = [Shard(language, tuple(sorted(members, key=lambda d: d.shard_order)))]
        outputs = [index_shard(shard, pipeline_set()) for shard in shards]
        for number, output in enumerate(outputs):
            files.update((f"search/{language}/{number}/{path}", data) for path, data in output.files.items())
        languages[language] = {
            "docs": len(members),
            "pipeline": list(pipeline_labels(language)),
            "shards": [output.meta for output in outputs],
        }
        if uses_word_table(language):
            word_partitions = partition_words(merge_tables(output.stems for output in outputs))
            for number, word_partition in enumerate(word_partitions):
                files[f"search/{language}/words/{number}.json"] = encode_json(word_partition)
            languages[language]["words"] = first_words(word_partitions)
    files["search/meta.json"] = encode_json(make_meta(documents, languages))
    return files


def index_shard(shard: Shard, pipelines: PipelineSet) -> ShardOutput:
    """A shard's index partitions and display records."""
    analyses = [
        analyse_document(pipelines, shard.language, document.title, markdown_to_text(document.body))
        for document in shard.documents
    ]
    return write_shard(shard, analyses)


def write_shard(shard: Shard, analyses: Sequence[DocumentAnalysis]) -> ShardOutput:
    """The files of a shard from its documents' analyses (in the shard's order)."""
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
    for start in range(0, len(shard.documents), DOCS_PER_CHUNK):
        chunk = [list(document.record) for document in shard.documents[start : start + DOCS_PER_CHUNK]]
        files[f"docs/{start // DOCS_PER_CHUNK}.json"] = encode_json(chunk)
    sources = []
    for name, group in groupby(enumerate(shard.documents), key=lambda item: item[1].source):
        members = list(group)
        sources.append([name, members[0][0], len(members)])
    meta = {"docs": len(shard.documents), "partitions": first_terms(partitions), "sources": sources}
    return ShardOutput(files=files, meta=meta, stems=stems)


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


def make_document(article: Article, config: SiteConfig) -> SearchDocument:
    language = search_language(article.language or config.language)
    url = permalink(article)
    record = (
        url,
        article.title,
        article.date.isoformat() if article.date else "",
        display_date(article.date, language, config.language),
        article.source or "",
        language,
        article.summary or "",
    )
    time_order = (article.date is not None, article.date.timestamp() if article.date else 0.0, url)
    return SearchDocument(language=language, title=article.title, body=article.body, time_order=time_order,
                          record=record)  # fmt: skip


def search_language(code: str) -> str:
    """The primary subtag, lower-cased (``en-US`` -> ``en``); it also names a folder."""
    primary = re.split("[-_]", code.strip().lower(), maxsplit=1)[0]
    return primary if LANGUAGE_CODE.fullmatch(primary) else UNDETERMINED_LANGUAGE


def display_date(date: datetime | None, language: str, site_language: str) -> str:
    """The article's local date in its own language, as the article page shows it."""
    if date is None:
        return ""
    for candidate in (language, site_language, "en"):
        try:
            return format_date(date.date(), format="long", locale=Locale.parse(candidate))
        except (UnknownLocaleError, ValueError):
            continue
    return date.date().isoformat()


def markdown_to_text(body: str) -> str:
    """What a reader reads: link and image text without their URLs, escapes resolved."""
    return MARKDOWN_ESCAPE.sub(r"\1", MARKDOWN_LINK.sub(r"\1", body))


def encode_json(value: Any) -> bytes:
    """Compact, key-sorted UTF-8 JSON: the same value always gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
