"""Text pipelines of the search index, one per language, mirrored by ``static/search/pipelines.js``.

The browser runs the reader's query through the same steps the build ran the articles
through, so every step has a name shared by both sides (the label lunr serialises into an
index and ``lunr.Pipeline.registerFunction`` looks up):

``trimmer-unicode``
    Strip everything but letters, digits and combining marks from both ends of a token.
    lunr's own ``trimmer`` uses ``\\W``, which is Unicode-aware in Python and ASCII-only in
    JavaScript: it would cut "café" to "caf" in the browser only.
``stopWordFilter`` / ``stemmer``
    lunr.js's English stop words and Porter stemmer (built into lunr.js; the stemmer's build
    side is ``porter``, because lunr.py's own stems some words differently).
``stopWordFilter-id`` / ``stemmer-id``
    Sastrawi's Indonesian stop words (their list is shipped to the browser in ``meta.json``,
    so it is declared once, here) and the Sastrawi stemmer (PySastrawi; sastrawijs in the
    browser, both the Sastrawi algorithm and dictionary). Only all-ASCII-letter words are
    stemmed: PySastrawi drops every other character before stemming.
``stopwords-<lang>`` / ``snowball-<lang>``
    For the languages lunr-languages has a Snowball stemmer for (``SNOWBALL_LANGUAGES``):
    lunr-languages' stop words (``stopwords``, taken from its files) and the Snowball stemmer
    (snowballstemmer here, lunr-languages' port in the browser). The two ports come from
    different Snowball releases and disagree on some words, so these languages, like
    Indonesian, ship a word table (``words``).
``bigram-cjk``
    Runs of Han, kana and Hangul become overlapping character bigrams, so text without
    spaces between words is searchable; other languages get no stemmer rather than a wrong one.

Tokens are split where lunr.js splits them: on JavaScript's ``\\s`` and on ``-``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter as english_stop_word_filter
from lunr.token import Token
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

from generator.search.porter import stem_english
from generator.search.stopwords import STOP_WORDS

SEPARATOR_CHARACTERS = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-"
"""lunr.js's ``lunr.tokenizer.separator`` (``/[\\s\\-]+/``), with JavaScript's ``\\s`` spelt out
(as the inside of a character class)."""
TOKEN = re.compile(f"[^{SEPARATOR_CHARACTERS}]+")
"""What lunr.js keeps between separators."""

CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
"""Kana, CJK ideographs and Hangul syllables (all in the BMP, so JS code units = code points)."""

ASCII_WORD = re.compile("[a-z]+")
"""What the Sastrawi stemmer is given; anything else is kept as it is."""

TRIMMER = "trimmer-unicode"
STOP_WORDS_EN = "stopWordFilter"
STEMMER_EN = "stemmer"
STOP_WORDS_ID = "stopWordFilter-id"
STEMMER_ID = "stemmer-id"
BIGRAM_CJK = "bigram-cjk"

SNOWBALL_LANGUAGES = {
    "da": "danish", "de": "german", "es": "spanish", "fi": "finnish", "fr": "french", "hu": "hungarian",
    "it": "italian", "nl": "dutch_porter", "no": "norwegian", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sv": "swedish", "tr": "turkish",
}  # fmt: skip
"""Languages with a lunr-languages Snowball stemmer (``lunr.<lang>.min.js``, vendored), and the
snowballstemmer algorithm of each (lunr-languages' Dutch is Snowball's original, Porter-based one)."""


def snowball_stop_words(language: str) -> str:
    return f"stopwords-{language}"


def snowball_stemmer(language: str) -> str:
    return f"snowball-{language}"


LANGUAGE_PIPELINES: dict[str, tuple[str, ...]] = {
    "en": (TRIMMER, STOP_WORDS_EN, STEMMER_EN),
    "id": (TRIMMER, STOP_WORDS_ID, STEMMER_ID),
    **{
        language: (TRIMMER, snowball_stop_words(language), snowball_stemmer(language))
        for language in SNOWBALL_LANGUAGES
    },
}
"""The steps for each language with a stemmer on both sides; one table for build and browser."""

FALLBACK_PIPELINE: tuple[str, ...] = (TRIMMER, BIGRAM_CJK)
"""Languages without a stemmer on both sides: words as written, CJK as bigrams."""

TABLE_STEMMERS = frozenset({STEMMER_ID, *(snowball_stemmer(language) for language in SNOWBALL_LANGUAGES)})
"""Stemmers whose browser twin differs on some words: the build ships its own stem of every
word of the archive (``words``), and the browser uses its stemmer only for unseen words."""

PipelineFunction = Callable[..., Token | list[Token] | None]


def pipeline_labels(language: str) -> tuple[str, ...]:
    """The named steps a language's text goes through (build and browser alike)."""
    return LANGUAGE_PIPELINES.get(language, FALLBACK_PIPELINE)


def uses_word_table(language: str) -> bool:
    """Whether the browser gets the build's stems of the language's words (see ``TABLE_STEMMERS``)."""
    return any(label in TABLE_STEMMERS for label in pipeline_labels(language))


def is_table_word(language: str, word: str) -> bool:
    """Whether the word table holds a word: the Indonesian stemmer is only given ASCII words."""
    return language != "id" or ASCII_WORD.fullmatch(word) is not None


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens split as lunr.js splits them (empty pieces dropped)."""
    return TOKEN.findall(text.lower())


def is_word_character(char: str) -> bool:
    """Letters, numbers and combining marks: JavaScript's ``[\\p{L}\\p{N}\\p{M}]``."""
    return unicodedata.category(char)[0] in "LNM"


def trim(text: str) -> str:
    """The token without the non-word characters at either end."""
    start, end = 0, len(text)
    while start < end and not is_word_character(text[start]):
        start += 1
    while end > start and not is_word_character(text[end - 1]):
        end -= 1
    return text[start:end]


def split_cjk(text: str) -> list[str]:
    """CJK runs as overlapping bigrams (a lone character as itself); other runs trimmed."""
    pieces: list[str] = []
    position = 0
    for run in CJK.finditer(text):
        pieces.append(trim(text[position : run.start()]))
        chars = run.group()
        pieces.extend(
            [chars] if len(chars) == 1 else [chars[i : i + 2] for i in range(len(chars) - 1)]
        )
        position = run.end()
    pieces.append(trim(text[position:]))
    return [piece for piece in pieces if piece]


def sastrawi_stop_words() -> tuple[str, ...]:
    """Sastrawi's Indonesian stop words, sorted (they are shipped to the browser)."""
    return tuple(sorted(set(StopWordRemoverFactory().get_stop_words())))


def labelled(label: str, function: PipelineFunction) -> PipelineFunction:
    """Give a step the label lunr serialises, without touching lunr's global registry."""
    function.label = label  # type: ignore[attr-defined]
    return function


def make_trimmer() -> PipelineFunction:
    def trimmer(
        token: Token, i: int | None = None, tokens: list[Token] | None = None
    ) -> Token | None:
        token.update(lambda text, metadata=None: trim(text))
        return token if token.string else None

    return labelled(TRIMMER, trimmer)


def make_stop_word_filter(label: str, words: Iterable[str]) -> PipelineFunction:
    stop_words = frozenset(words)

    def stop_word_filter(
        token: Token, i: int | None = None, tokens: list[Token] | None = None
    ) -> Token | None:
        return None if token.string in stop_words else token

    return labelled(label, stop_word_filter)


def make_indonesian_stemmer() -> PipelineFunction:
    # The stemmers are imported when made (here and below): a build analyses documents on its
    # workers, and its own process, which only writes the search's table of contents, then
    # does not load them (~50 ms).
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    sastrawi = StemmerFactory().create_stemmer()

    def stem(text: str, metadata: object = None) -> str:
        return sastrawi.stem(text) if ASCII_WORD.fullmatch(text) else text

    def stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
        return token.update(stem)

    return labelled(STEMMER_ID, stemmer)


def make_english_stemmer() -> PipelineFunction:
    def stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
        return token.update(lambda text, metadata=None: stem_english(text))

    return labelled(STEMMER_EN, stemmer)


def make_snowball_stemmer(language: str) -> PipelineFunction:
    import snowballstemmer

    algorithm = snowballstemmer.stemmer(SNOWBALL_LANGUAGES[language])

    def stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
        return token.update(lambda text, metadata=None: algorithm.stemWord(text))

    return labelled(snowball_stemmer(language), stemmer)


def make_cjk_bigrams() -> PipelineFunction:
    def bigrams(
        token: Token, i: int | None = None, tokens: list[Token] | None = None
    ) -> list[Token]:
        return [Token(piece, dict(token.metadata)) for piece in split_cjk(token.string)]

    return labelled(BIGRAM_CJK, bigrams)


@dataclass(frozen=True, slots=True)
class PipelineSet:
    """The steps of one build, made once (the Sastrawi dictionary loads in a fraction of a second,
    and its per-word cache lives as long as the build)."""

    functions: dict[str, PipelineFunction]
    stop_words: dict[str, tuple[str, ...]]
    """Stop-word lists the browser cannot get from lunr.js itself, by step label."""
    known: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    """Terms of each token met so far, by language: a news archive repeats its words, and
    running Sastrawi once per distinct word instead of once per occurrence is most of the
    indexing time."""
    pipelines: dict[str, Pipeline] = field(default_factory=dict)
    table_entries: dict[str, dict[str, tuple[str, str] | None]] = field(default_factory=dict)
    """Each token's (word, stem) for the word table, by language (None: not a table word)."""

    def pipeline(self, language: str) -> Pipeline:
        """A lunr.py pipeline with the language's steps, in order."""
        pipeline = Pipeline()
        pipeline.add(*(self.functions[label] for label in pipeline_labels(language)))
        return pipeline

    def terms(self, language: str, text: str) -> list[str]:
        """The index terms of a text in a language (what the browser computes for a query)."""
        return [term for token in tokenize(text) for term in self.token_terms(language, token)]

    def token_terms(self, language: str, token: str) -> tuple[str, ...]:
        """The terms one token becomes (none for a stop word, several for CJK bigrams)."""
        known = self.known.get(language)
        if known is None:
            known = self.known[language] = {}
            self.pipelines[language] = self.pipeline(language)
        terms = known.get(token)
        if terms is None:
            terms = known[token] = tuple(str(term) for term in self.pipelines[language].run([Token(token)]))
        return terms

    def table_entry(self, language: str, token: str) -> tuple[str, str] | None:
        """The word a token gives the stemmer and its stem, if the word table holds it."""
        entries = self.table_entries.setdefault(language, {})
        if token not in entries:
            terms = self.token_terms(language, token)
            word = trim(token)
            entries[token] = (word, terms[0]) if terms and is_table_word(language, word) else None
        return entries[token]


def browser_stop_words() -> dict[str, tuple[str, ...]]:
    """The stop-word lists the browser cannot get from lunr.js itself, by step label."""
    lists = {snowball_stop_words(language): words for language, words in STOP_WORDS.items()}
    return {STOP_WORDS_ID: sastrawi_stop_words(), **lists}


def make_pipeline_set() -> PipelineSet:
    """Every step, named as the browser names them."""
    stop_words = browser_stop_words()
    indonesian_stop_words = stop_words[STOP_WORDS_ID]
    functions = {
        TRIMMER: make_trimmer(),
        STOP_WORDS_EN: english_stop_word_filter,
        STEMMER_EN: make_english_stemmer(),
        STOP_WORDS_ID: make_stop_word_filter(STOP_WORDS_ID, indonesian_stop_words),
        STEMMER_ID: make_indonesian_stemmer(),
        BIGRAM_CJK: make_cjk_bigrams(),
    }
    for language in SNOWBALL_LANGUAGES:
        label = snowball_stop_words(language)
        functions[label] = make_stop_word_filter(label, stop_words[label])
        functions[snowball_stemmer(language)] = make_snowball_stemmer(language)
    return PipelineSet(functions=functions, stop_words=stop_words)
