"""Search, build-time half: lunr.py indexes the articles, lunr.js answers queries in the browser.

Files, relative to the site root (all compact JSON with sorted keys, same articles = same bytes):

``search/meta.json``
    What the browser needs before fetching anything else: each language's pipeline (step
    labels, see ``pipelines``), the first term of each of its partitions, the stop-word lists
    lunr.js lacks, the display-record layout, and the sources with their document ranges.
``search/<lang>/<n>.json``
    Partition ``n`` of a language's lunr index (see ``partitions``): a query fetches only the
    partitions holding its terms. One index per language, because a lunr index has one pipeline.
``search/<lang>/words/<n>.json``
    For languages whose browser stemmer is not exactly the build's (see ``words``): the build's
    stem of every word of the language's articles, a range of words per file.
``search/docs/<n>.json``
    Display records (URL, title, date, source, language, summary) of ``DOCS_PER_CHUNK``
    documents, fetched only for the hits shown; the index itself stores nothing but short refs.

A document's ref is its position, in base 36, in the order (source, date, URL): refs stay short,
one source's documents are one range (the source filter needs no per-document data), and an
archive that gains a newer article mostly appends.
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
from lunr.builder import Builder

from generator.config import SiteConfig
from generator.models import Article
from generator.pages import permalink
from generator.search.partitions import first_terms, partition_index
from generator.search.pipelines import PipelineSet, make_pipeline_set, pipeline_labels, uses_word_table
from generator.search.words import first_words, merge_tables, partition_words

FORMAT_VERSION = 2
"""Bumped when the layout of the files changes; the browser refuses a version it does not know."""

LUNR_JS_VERSION = "2.3.9"
"""The lunr.js the theme vendors; lunr.Index.load warns when the index says otherwise."""

TITLE_FIELD = "t"
BODY_FIELD = "b"
"""One-letter field names: every field ref in every partition repeats them."""

TITLE_BOOST = 3
"""A title word says more than a body word, but a passing title mention should not beat an
article about the word."""

PARTITION_TARGET_BYTES = 32_000
"""About 10 KB gzipped per partition: a one-word query fetches one per language."""

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

    ref: str
    language: str
    title: str
    text: str
    """Plain text of the body (Markdown links reduced to their text, escapes removed)."""
    record: tuple[str, ...]
    """The display record, in ``DOC_FIELDS`` order."""


def build_search_files(articles: Sequence[Article], config: SiteConfig) -> dict[str, bytes]:
    """The search files of a site (paths relative to its root), built from every article."""
    pipelines = make_pipeline_set()
    documents = make_documents(articles, config)
    files: dict[str, bytes] = {}
    languages: dict[str, Any] = {}
    for language in sorted({document.language for document in documents}):
        members = [document for document in documents if document.language == language]
        partitions = partition_index(
            build_index(members, language, pipelines), PARTITION_TARGET_BYTES
        )
        for number, partition in enumerate(partitions):
            files[f"search/{language}/{number}.json"] = encode_json(partition)
        languages[language] = {
            "docs": len(members),
            "pipeline": list(pipeline_labels(language)),
            "partitions": first_terms(partitions),
        }
        if uses_word_table(language):
            table = merge_tables(pipelines.word_stems(language, f"{m.title} {m.text}") for m in members)
            word_partitions = partition_words(table)
            for number, word_partition in enumerate(word_partitions):
                files[f"search/{language}/words/{number}.json"] = encode_json(word_partition)
            languages[language]["words"] = first_words(word_partitions)
    for number in range(0, len(documents), DOCS_PER_CHUNK):
        chunk = [list(document.record) for document in documents[number : number + DOCS_PER_CHUNK]]
        files[f"search/docs/{number // DOCS_PER_CHUNK}.json"] = encode_json(chunk)
    files["search/meta.json"] = encode_json(make_meta(documents, languages, pipelines))
    return files


def make_meta(
    documents: Sequence[SearchDocument], languages: Mapping[str, Any], pipelines: PipelineSet
) -> dict[str, Any]:
    """The browser's table of contents for the search files."""
    used = {label for spec in languages.values() for label in spec["pipeline"]}
    source_of = DOC_FIELDS.index("source")
    sources = []
    for name, group in groupby(enumerate(documents), key=lambda item: item[1].record[source_of]):
        members = list(group)
        sources.append([name, members[0][0], len(members)])
    return {
        "version": FORMAT_VERSION,
        "docs": len(documents),
        "docFields": list(DOC_FIELDS),
        "docsPerChunk": DOCS_PER_CHUNK,
        "languages": dict(languages),
        "sources": sources,
        "stopWords": {
            label: list(words) for label, words in pipelines.stop_words.items() if label in used
        },
    }


def make_documents(articles: Sequence[Article], config: SiteConfig) -> list[SearchDocument]:
    """Search documents in ref order (source, date, URL), refs assigned by position."""
    ordered = sorted(articles, key=document_order)
    return [
        make_document(article, encode_ref(position), config)
        for position, article in enumerate(ordered)
    ]


def document_order(article: Article) -> tuple[str, bool, float, str]:
    return (
        article.source or "",
        article.date is not None,
        article.date.timestamp() if article.date else 0.0,
        permalink(article),
    )


def make_document(article: Article, ref: str, config: SiteConfig) -> SearchDocument:
    language = search_language(article.language or config.language)
    record = (
        permalink(article),
        article.title,
        article.date.isoformat() if article.date else "",
        display_date(article.date, language, config.language),
        article.source or "",
        language,
        article.summary or "",
    )
    return SearchDocument(
        ref=ref,
        language=language,
        title=article.title,
        text=markdown_to_text(article.body),
        record=record,
    )


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


def encode_ref(number: int) -> str:
    """Base 36: ten thousand documents need three characters."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if number == 0:
            return text


def build_index(documents: Sequence[SearchDocument], language: str, pipelines: PipelineSet) -> dict[str, Any]:
    """One language's whole lunr index, serialised (lunr.py scores it; ``partitions`` cuts it).

    The builder is given each field's terms, already through the language's pipeline (computed
    once per distinct word); the index records that pipeline, which the browser runs on queries.
    """
    builder = Builder()
    builder.search_pipeline = pipelines.pipeline(language)
    builder.ref("id")
    builder.field(TITLE_FIELD, boost=TITLE_BOOST)
    builder.field(BODY_FIELD)
    for document in documents:
        builder.add(
            {
                "id": document.ref,
                TITLE_FIELD: pipelines.terms(language, document.title),
                BODY_FIELD: pipelines.terms(language, document.text),
            }
        )
    serialised = builder.build().serialize()
    serialised["version"] = LUNR_JS_VERSION
    return serialised


def encode_json(value: Any) -> bytes:
    """Compact, key-sorted UTF-8 JSON: the same value always gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )
