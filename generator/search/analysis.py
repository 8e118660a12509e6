"""One document through its language's pipeline: what the index needs of it, computed once.

A document's analysis depends on its language, its title and its text and on the pipelines'
code alone, so the build cache keeps it under a key of exactly those (``analysis_key``): an
archive that gains an article analyses that article, and re-indexing a part of the archive
starts from stored analyses instead of running Sastrawi again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.search.pipelines import PipelineSet, tokenize, uses_word_table
from generator.search.scoring import FieldTerms

ANALYSIS_CODE = ("pipelines.py", "porter.py", "stopwords.py", "analysis.py")
"""The modules whose code decides an analysis (their bytes are part of every analysis key)."""

ANALYSIS_PACKAGES = ("PySastrawi", "snowballstemmer", "lunr")
"""Packages whose data or code decides an analysis (their versions are part of the key)."""

MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True, slots=True)
class DocumentAnalysis:
    """A document's index terms, field by field, and the build's stems of its words."""

    fields: tuple[FieldTerms, ...]
    """Title, then body (the index's field order)."""
    stems: dict[str, str]
    """Each word the stemmer was given and its stem, for languages with a word table (else empty)."""


def analysis_version() -> str:
    """A hash of everything an analysis depends on besides the document itself."""
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent
    for name in ANALYSIS_CODE:
        digest.update((folder / name).read_bytes())
    for package in ANALYSIS_PACKAGES:
        digest.update(f"{package}={importlib.metadata.version(package)};".encode())
    return digest.hexdigest()


def analyse_field(pipelines: PipelineSet, language: str, text: str) -> tuple[FieldTerms, Counter[str]]:
    """A field's terms, and its tokens with their counts (each distinct token goes through the
    pipeline once, however often it occurs)."""
    tokens = Counter(tokenize(text))
    frequencies: dict[str, int] = {}
    length = 0
    known = pipelines.known.get(language, {})
    for token, count in tokens.items():
        terms = known.get(token)
        if terms is None:
            terms = pipelines.token_terms(language, token)
        for term in terms:
            frequencies[term] = frequencies.get(term, 0) + count
            length += count
    return FieldTerms(length, frequencies), tokens


def markdown_to_text(body: str) -> str:
    """What a reader reads: link and image text without their URLs, escapes resolved."""
    return MARKDOWN_ESCAPE.sub(r"\1", MARKDOWN_LINK.sub(r"\1", body))


def analyse_document(pipelines: PipelineSet, language: str, title: str, body: str) -> DocumentAnalysis:
    """The title's and the Markdown body's terms, and the stems of their words if the language
    has a word table."""
    title_terms, title_tokens = analyse_field(pipelines, language, title)
    body_terms, body_tokens = analyse_field(pipelines, language, markdown_to_text(body))
    stems: dict[str, str] = {}
    if uses_word_table(language):
        for token in title_tokens.keys() | body_tokens.keys():
            entry = pipelines.table_entry(language, token)
            if entry is not None:
                stems[entry[0]] = entry[1]
    return DocumentAnalysis(fields=(title_terms, body_terms), stems=stems)


def pack_analysis(analysis: DocumentAnalysis) -> tuple:
    """The analysis as plain values, for the build cache."""
    return tuple((terms.length, dict(terms.frequencies)) for terms in analysis.fields), analysis.stems


def unpack_analysis(packed: tuple) -> DocumentAnalysis:
    fields, stems = packed
    return DocumentAnalysis(tuple(FieldTerms(length, frequencies) for length, frequencies in fields), stems)
