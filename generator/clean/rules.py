"""Rule data for the cleaner and the metadata stage: read once, validated, immutable.

The algorithm never holds a phrase, a zone or a month name: they live in ``generator/rules/``
(TOML, package data) and in the libraries that already maintain them (jusText stoplists,
Babel's CLDR month names). ``load_rules`` turns them into one frozen ``Rules`` object that
every stage receives as an argument, so two builds with different rules never share state.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta, timezone, tzinfo
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names

from generator.errors import GeneratorError

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

    from generator.clean.lines import LineFeatures


class RulesError(GeneratorError):
    """A rules file is malformed: the message names the file and the problem."""

    exit_code = 2


class IdentityEnum(Enum):
    """An enum hashed by identity: its members are singletons, equal only to themselves, and
    Enum's own hash (of the member's name) is a Python call, while the cleaner looks its
    classes, rules and concepts up in sets and tables ~500 times a page."""

    __hash__ = object.__hash__


class Concept(IdentityEnum):
    """Phrase groups of a language file; what the cleaner does with each is its docstring."""

    READ_ALSO = "read_also"
    """"Read also: ..." lines inside the body: dropped, the article goes on."""
    COMMENTS = "comments"
    """The heading of a comment section: readers' text, always after the article."""
    END_OF_ARTICLE = "end_of_article"
    """Headings of what follows an article (related, comments, tags): the body ends here."""
    PROMO = "promo"
    """Subscription, app, cookie, legal and credit lines: dropped."""
    ADS = "ads"
    """Advertisement labels: dropped."""
    SHARE = "share"
    """Share and social widgets: dropped."""
    LOGIN = "login"
    """Account widgets: dropped."""
    NAVIGATION = "navigation"
    """Menu entries and controls: dropped."""
    COPYRIGHT = "copyright"
    """Copyright notices: dropped."""
    AUTHOR_LABEL = "author_label"
    """A label beside an author's name ("Penulis"): metadata evidence, never body."""
    BYLINE = "byline"
    """Words that introduce an author ("By", "Oleh"): metadata evidence."""
    NOT_AUTHOR = "not_author"
    """Labels of other roles (editor, photographer): their names are not the author."""
    DATE_LABEL = "date_label"
    """Words that introduce a publication date: metadata evidence."""
    AGENCY = "agency"
    """A news agency's name alone on a line ("REUTERS", "JIJI"): the article's byline when a
    date stands beside it (see ``metadata.author.agency_byline``); never body."""
    PERSON_BOX = "person_box"
    """Words that head a box about a person ("About", "Über", "Sobre") when only a name
    follows ("Über Moritz Bachmann"): the author's bio, after the article; the body ends
    there. The cleaner checks the name (see ``lines.person_box``)."""


DROPPING_CONCEPTS = frozenset(
    {Concept.READ_ALSO, Concept.COMMENTS, Concept.END_OF_ARTICLE, Concept.PROMO, Concept.ADS, Concept.SHARE,
     Concept.LOGIN, Concept.NAVIGATION, Concept.COPYRIGHT}
)
"""Concepts whose lines are never article text."""

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
"""The rule files: package data of ``generator`` (see its README)."""

COMMON_LANGUAGE = "common"
"""The language file whose phrases apply to pages in every language."""

FALLBACK_LANGUAGE = "en"
"""Phrases applied to every page besides its own language's: sites keep English widgets."""

_EDGE_PUNCTUATION = " \t:：.!|›»>«<‹-–—•·*▶►▸→#[]()"
_SPACE = re.compile(r"\s+")


def normalise_phrase(text: str) -> str:
    """The form phrases are compared in: case-folded, single spaces, no edge punctuation.
    (``str.split`` cuts at the same white space as ``\\s``, in a quarter of a regex's time;
    the space it leaves off the ends the strip would take.)"""
    return " ".join(text.casefold().split()).strip(_EDGE_PUNCTUATION)


class DatePatterns(tuple[re.Pattern[str], ...]):
    """A language's date patterns, made once per process: a tuple that is itself only (equal
    and hashed by identity), so that the caches the metadata stage keys by it do not hash
    every compiled pattern's code (10 us a call, more than a cache hit saves)."""

    __slots__ = ()
    __hash__ = object.__hash__

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other


@dataclass(frozen=True, slots=True)
class PhrasePatterns:
    """One file's phrase groups compiled into two anchored patterns, one named group per
    concept, alternatives in Concept order (and longest phrase first within a concept)."""

    whole: re.Pattern[str] | None
    """Matches a normalised line that is exactly one of the phrases."""
    start: re.Pattern[str] | None
    """Matches a normalised line that begins with one of the phrases (a phrase ending in a
    letter must end a word: "more" does not start "moreover")."""
    inside: tuple[tuple[str, Concept], ...] = ()
    """Phrases found anywhere in a normalised line of up to CONTAINS_MAX_CHARS, as whole
    words ("... delivered to your inbox daily"), in Concept order (``contains_concept``)."""

    def contains_concept(self, normalised: str) -> Concept | None:
        """The first concept one of whose ``contains`` phrases the line holds as whole words.

        Plain substring search: an alternation searched at every position of the line costs
        ten times as much."""
        for phrase, concept in self.inside:
            start = normalised.find(phrase)
            while start >= 0:
                end = start + len(phrase)
                if _word_edge(normalised, start - 1, phrase[0]) and _word_edge(normalised, end, phrase[-1]):
                    return concept
                start = normalised.find(phrase, start + 1)
        return None


def _word_edge(text: str, index: int, inner: str) -> bool:
    """True when ``text[index]`` (beside a phrase whose edge character is ``inner``) does not
    continue a word: a phrase edge that is a letter or digit must meet a non-word character."""
    if not inner.isalnum() or not 0 <= index < len(text):
        return True
    neighbour = text[index]
    return not (neighbour.isalnum() or neighbour == "_")


CONTAINS_MAX_CHARS = 300
"""A phrase of a group's ``contains`` list marks only lines up to this long: a promotion or a
caption credit says its piece in a sentence or two, while a longer paragraph that mentions
a newsletter is the article's own."""


@dataclass(frozen=True, slots=True)
class PhraseMatcher:
    """The phrase groups that apply to a page (its language's file, English, the common set),
    each file compiled once and shared by every language that uses it.

    A line in two groups gets the first concept in Concept order."""

    parts: tuple[PhrasePatterns, ...]

    def concept(self, normalised: str) -> Concept | None:
        """The first concept whose phrase is, or starts, the normalised line."""
        found = []
        short = len(normalised) <= CONTAINS_MAX_CHARS
        for part in self.parts:
            for pattern in (part.whole, part.start):
                match = pattern.match(normalised) if pattern is not None else None
                if match is not None and match.lastgroup is not None:
                    found.append(Concept[match.lastgroup])
            if short and part.inside:
                inside = part.contains_concept(normalised)
                if inside is not None:
                    found.append(inside)
        return min(found, key=_CONCEPT_ORDER.__getitem__) if found else None

    def starting(self, normalised: str) -> tuple[Concept, str] | None:
        """The first concept a line starts with and the (longest) phrase it starts with."""
        found = []
        for part in self.parts:
            match = part.start.match(normalised) if part.start is not None else None
            if match is not None and match.lastgroup is not None:
                found.append((_CONCEPT_ORDER[Concept[match.lastgroup]], -len(match.group(0)), match.group(0)))
        if not found:
            return None
        order, _length, phrase = min(found)
        return list(Concept)[order], phrase


Phrases = Mapping[Concept, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
"""Validated phrase groups of one file: concept -> (whole-line phrases, line-start phrases,
whole-line regular expressions such as ``\\d+ comments``, phrases found anywhere in a
short line)."""

_CONCEPT_ORDER = {concept: position for position, concept in enumerate(Concept)}


def compile_phrases(phrases: Phrases) -> PhrasePatterns:
    """One file's phrase groups as anchored patterns."""
    whole: dict[Concept, set[str]] = {}
    start: dict[Concept, set[str]] = {}
    inside: dict[Concept, set[str]] = {}
    for concept, (lines, starts, patterns, contains) in phrases.items():
        whole.setdefault(concept, set()).update(re.escape(p) for p in lines)
        whole[concept].update(f"(?:{p})" for p in patterns)
        start.setdefault(concept, set()).update(
            re.escape(p) + (r"(?!\w)" if p[-1].isalnum() else "") for p in starts
        )
        inside.setdefault(concept, set()).update(contains)

    def build(table: dict[Concept, set[str]], tail: str) -> re.Pattern[str] | None:
        parts = [
            f"(?P<{concept.name}>" + "|".join(sorted(table[concept], key=len, reverse=True)) + ")"
            for concept in Concept
            if table.get(concept)
        ]
        return re.compile("(?:" + "|".join(parts) + ")" + tail) if parts else None

    contained = tuple(
        (phrase, concept)
        for concept in Concept
        for phrase in sorted(inside.get(concept, ()), key=lambda p: (-len(p), p))
    )
    return PhrasePatterns(whole=build(whole, "$"), start=build(start, ""), inside=contained)


@dataclass(frozen=True, slots=True, repr=False)
class LanguageRules:
    """What the rules know about one language, compiled on first use (``Rules.language``)."""

    code: str
    stopwords: frozenset[str]
    """jusText's stoplist for the language; empty when jusText has none."""
    phrases: Phrases
    """This language's own phrase groups (empty when it has no file)."""
    matcher: PhraseMatcher
    """The phrases that apply to a page in this language: its own, English, the common set."""
    months: Mapping[str, int]
    """Case-folded month names and abbreviations (CLDR) -> month number."""
    weekdays: frozenset[str] = frozenset()
    """Case-folded weekday names and abbreviations (CLDR)."""
    byline_date_words: frozenset[str] = frozenset()
    """Case-folded words that join a byline's name to its date, of every language (``[labels]
    before_date`` of ``dates.toml``)."""
    measured: dict[tuple[str, int], LineFeatures] = field(default_factory=dict, compare=False)
    """Features of short lines already measured in this process, by text and repeats: a site's
    template lines recur in every seed of it (``lines.measure_lines`` fills and bounds it)."""

    def __repr__(self) -> str:
        return f"LanguageRules({self.code!r}, {len(self.stopwords)} stopwords, {len(self.phrases)} groups)"


IDENTIFY_WORDS = 100
"""Words of each jusText stoplist that vote in language identification: the lists are in
order of frequency, and a language's hundred commonest words tell it from the others as well
as its whole list does, at a tenth of the reading."""


T = TypeVar("T")
_MISSING = object()


class _Compiled:
    """What ``Rules`` derives from its data on first use: one language's matcher, stoplist and
    month names, date patterns, the identification index, py3langid's model.

    Filled lazily because a build or a worker process uses a handful of the ~90 languages;
    a value is computed from the immutable rule data alone, so filling it never changes an
    answer, and two threads racing on one key compute the same value."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], object] = {}


@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Rules:
    """All rule data, as loaded by ``load_rules``; never changed after loading.

    Per-language data (phrase matchers, stoplists, CLDR month names, date patterns) is
    compiled the first time a page in that language needs it and kept in the object's own
    cache: loading stays cheap for every build and worker, and nothing is process-global."""

    stoplists: Mapping[str, str]
    """ISO 639-1 code -> jusText stoplist name."""
    phrases: Mapping[str, Phrases]
    """ISO 639-1 code (and ``common``) -> that file's validated phrase groups."""
    zones: Mapping[str, tzinfo]
    """Zone abbreviation (upper case) -> fixed offset or IANA zone."""
    date_templates: tuple[str, ...]
    time_template: str
    month_first: frozenset[str]
    """Languages writing numeric dates month first (11/19/2019)."""
    date_labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Words that label a date, by kind (``published``, ``updated``), in every language."""
    _compiled: _Compiled = field(default_factory=_Compiled, repr=False, compare=False)

    def __repr__(self) -> str:
        return f"Rules({len(self.codes)} languages, {len(self.zones)} zones)"

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as its data, without the cache: a worker compiles what it uses."""
        return (
            _rules_from_data,
            (dict(self.stoplists), {code: dict(groups) for code, groups in self.phrases.items()},
             dict(self.zones), self.date_templates, self.time_template, self.month_first, dict(self.date_labels)),
        )

    @property
    def codes(self) -> frozenset[str]:
        """Every language code the rules know (a phrase file or a stoplist)."""
        return frozenset(self.phrases) | frozenset(self.stoplists)

    def _cached(self, kind: str, key: str, build: Callable[[], T]) -> T:
        values = self._compiled.values
        found = values.get((kind, key), _MISSING)
        if found is _MISSING:
            found = values[(kind, key)] = build()
        return found  # type: ignore[return-value]

    def language(self, code: str | None) -> LanguageRules:
        """The rules of a page's language, or the default set (English and common phrases, no
        stoplist) when it has none."""
        known = code if code and code in self.codes else ""
        return self._cached("language", known, lambda: self._compile_language(known))

    def forget_measured_lines(self) -> None:
        """Empty every language's memory of measured lines (``LanguageRules.measured``), as in a
        fresh process: for a benchmark that times each page as if met for the first time."""
        for value in self._compiled.values.values():
            if isinstance(value, LanguageRules):
                value.measured.clear()

    def _compile_language(self, code: str) -> LanguageRules:
        own = self.phrases.get(code, MappingProxyType({})) if code else MappingProxyType({})
        files = dict.fromkeys(c for c in (code, FALLBACK_LANGUAGE, COMMON_LANGUAGE) if c in self.phrases)
        matcher = PhraseMatcher(tuple(self._file_patterns(c) for c in files))
        stopwords = frozenset(_stoplist_words(self.stoplists[code])) if code in self.stoplists else frozenset()
        months = _month_names(code) if code else self.language(FALLBACK_LANGUAGE).months
        weekdays = _weekday_names(code) if code else self.language(FALLBACK_LANGUAGE).weekdays
        date_words = frozenset(word.casefold() for word in self.date_labels.get("before_date", ()))
        return LanguageRules(code=code, stopwords=stopwords, phrases=own, matcher=matcher, months=months,
                             weekdays=weekdays, byline_date_words=date_words)

    def _file_patterns(self, code: str) -> PhrasePatterns:
        """One phrase file compiled, once for all the languages that apply it."""
        return self._cached("phrases", code, lambda: compile_phrases(self.phrases[code]))

    def phrase_sources(self, code: str | None) -> tuple[Phrases, ...]:
        """Phrase groups that apply to a page: its language's, English, the common set."""
        codes = dict.fromkeys([code or "", FALLBACK_LANGUAGE, COMMON_LANGUAGE])
        return tuple(self.phrases[c] for c in codes if c in self.phrases)

    def months_for(self, code: str | None) -> Mapping[str, int]:
        """Month names of the page's language and English (English last: the page wins)."""
        def build() -> Mapping[str, int]:
            months = dict(self.language(FALLBACK_LANGUAGE).months)
            months.update(self.language(code).months)
            return MappingProxyType(months)

        return self._cached("months", code or "", build)

    def date_patterns(self, code: str | None) -> DatePatterns:
        """Date patterns with the month names of the page's language and English."""
        def build() -> DatePatterns:
            months = self.months_for(code)
            month_alt = _alternation(months) if months else "(?!)"
            zone_alt = _alternation(self.zones)
            time = self.time_template.format(zone=zone_alt)
            return DatePatterns(
                re.compile(template.format(month=month_alt, zone=zone_alt, time=time), re.IGNORECASE)
                for template in self.date_templates
            )

        return self._cached("dates", code or "", build)

    def function_words(self) -> Mapping[str, tuple[str, ...]]:
        """The IDENTIFY_WORDS commonest words of every stoplist -> the languages listing them."""
        def build() -> Mapping[str, tuple[str, ...]]:
            index: dict[str, list[str]] = {}
            for code in sorted(self.stoplists):
                for word in _stoplist_words(self.stoplists[code], IDENTIFY_WORDS):
                    index.setdefault(word, []).append(code)
            return MappingProxyType({word: tuple(codes) for word, codes in index.items()})

        return self._cached("function_words", "", build)

    @property
    def identifier(self) -> LanguageIdentifier:
        """py3langid's model, loaded on first use (half a second): only pages the stoplists
        cannot place (close languages, scripts without a stoplist) need it."""
        def build() -> LanguageIdentifier:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            return LanguageIdentifier.from_model_file(MODEL_FILE)

        return self._cached("identifier", "", build)


def _rules_from_data(
    stoplists: dict[str, str], phrases: dict[str, dict[Concept, tuple[tuple[str, ...], ...]]],
    zones: dict[str, tzinfo], date_templates: tuple[str, ...], time_template: str, month_first: frozenset[str],
    date_labels: dict[str, tuple[str, ...]],
) -> Rules:
    return Rules(
        stoplists=MappingProxyType(stoplists),
        phrases=MappingProxyType({code: MappingProxyType(groups) for code, groups in phrases.items()}),
        zones=MappingProxyType(zones), date_templates=date_templates, time_template=time_template,
        month_first=month_first, date_labels=MappingProxyType(date_labels),
    )


@functools.cache
def justext_stoplists() -> Path:
    """The folder of the justext package's stoplists, found without importing the package (its
    HTML parser and HTTP client took 40 ms of every build's imports)."""
    spec = importlib.util.find_spec("justext")
    if spec is None or spec.origin is None:
        raise RulesError("the justext package is not installed: its stoplists are the cleaner's stop words")
    return Path(spec.origin).parent / "stoplists"


def _stoplist_words(name: str, limit: int | None = None) -> list[str]:
    """A jusText stoplist's words in its file order (commonest first), case-folded; the first
    ``limit`` only when given. Read from the justext package's data, as ``justext.get_stoplist``
    reads it, but keeping the order and reading no further than needed."""
    with (justext_stoplists() / f"{name}.txt").open("r", encoding="utf-8") as handle:
        lines = itertools.islice(handle, limit) if limit is not None else handle
        return [word for word in (line.strip().casefold() for line in lines) if word]


def load_rules() -> Rules:
    """Read every rules file and check the stoplists it names; raise RulesError on bad data.

    Only the rule files are read and validated here; what is derived from them per language
    is compiled on first use (see ``Rules``)."""
    root = RULES_DIR
    stoplist_names = _read_toml(root / "stoplists.toml", "stoplists.toml").get("stoplists", {})
    if not isinstance(stoplist_names, dict) or not stoplist_names:
        raise RulesError("stoplists.toml: [stoplists] must map language codes to names")
    available = {path.stem for path in justext_stoplists().glob("*.txt")}
    for code, name in stoplist_names.items():
        if name not in available:
            raise RulesError(f"stoplists.toml: {code} = {name!r} is not a jusText stoplist")
    lang_dir = root / "lang"
    phrase_files = {
        entry.name[: -len(".toml")]: entry
        for entry in lang_dir.iterdir()
        if entry.name.endswith(".toml")
    }
    if COMMON_LANGUAGE not in phrase_files or FALLBACK_LANGUAGE not in phrase_files:
        raise RulesError(f"lang/: {COMMON_LANGUAGE}.toml and {FALLBACK_LANGUAGE}.toml are required")
    phrases = {
        code: _read_groups(_read_toml(entry, f"lang/{code}.toml"), f"lang/{code}.toml")
        for code, entry in sorted(phrase_files.items())
    }
    zones = _load_zones(_read_toml(root / "zones.toml", "zones.toml"))
    dates = _read_toml(root / "dates.toml", "dates.toml")
    templates = dates.get("patterns")
    time_template = dates.get("time")
    if not isinstance(templates, list) or not templates or not isinstance(time_template, str):
        raise RulesError("dates.toml: needs a 'time' pattern and a non-empty 'patterns' list")
    for template in templates:
        try:
            re.compile(template.format(month="x", zone="UTC", time=time_template.format(zone="UTC")))
        except (re.error, KeyError, IndexError) as exc:
            raise RulesError(f"dates.toml: bad pattern {template!r}: {exc}") from exc
    return Rules(
        stoplists=MappingProxyType(dict(stoplist_names)),
        phrases=MappingProxyType(phrases),
        zones=MappingProxyType(zones),
        date_templates=tuple(templates),
        time_template=time_template,
        month_first=frozenset(dates.get("month_first", [])),
        date_labels=MappingProxyType(_read_date_labels(dates.get("labels", {}))),
    )


def _read_date_labels(labels: object) -> dict[str, tuple[str, ...]]:
    kinds = ("published", "updated", "before_date")
    if not isinstance(labels, dict) or set(labels) - set(kinds):
        raise RulesError(f"dates.toml: [labels] may only hold {', '.join(kinds)}")
    for kind, words in labels.items():
        if not isinstance(words, list) or not all(isinstance(word, str) and word.strip() for word in words):
            raise RulesError(f"dates.toml: [labels] {kind} must be a list of non-empty strings")
    return {kind: tuple(labels.get(kind, ())) for kind in kinds}


def _read_toml(entry: Path, label: str) -> dict[str, object]:
    try:
        return tomllib.loads(entry.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{label}: {exc}") from exc


def _read_groups(data: Mapping[str, object], label: str) -> Phrases:
    known = {concept.value: concept for concept in Concept}
    groups: dict[Concept, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
    for name, body in data.items():
        if name not in known:
            raise RulesError(f"{label}: unknown group [{name}] (known: {', '.join(sorted(known))})")
        if not isinstance(body, dict) or set(body) - {"lines", "starts", "patterns", "contains"}:
            raise RulesError(f"{label}: [{name}] may only hold 'lines', 'starts', 'patterns', 'contains'")
        whole = _phrases(body.get("lines", []), label, name)
        start = _phrases(body.get("starts", []), label, name, start=True)
        patterns = body.get("patterns", [])
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise RulesError(f"{label}: [{name}] patterns must be a list of strings")
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise RulesError(f"{label}: [{name}] bad pattern {pattern!r}: {exc}") from exc
        contains = _phrases(body.get("contains", []), label, name)
        if not whole and not start and not patterns and not contains:
            raise RulesError(f"{label}: [{name}] is empty")
        groups[known[name]] = (tuple(whole), tuple(start), tuple(patterns), tuple(contains))
    return MappingProxyType(groups)


def _phrases(values: object, label: str, group: str, start: bool = False) -> list[str]:
    """Phrases in the form lines are compared in. A line-start phrase keeps its trailing
    punctuation: "more:" must not match "More than 2,500 civilians ..."."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise RulesError(f"{label}: [{group}] phrases must be a list of strings")
    if start:
        phrases = [_SPACE.sub(" ", value.casefold()).lstrip(_EDGE_PUNCTUATION).rstrip() for value in values]
    else:
        phrases = [normalise_phrase(value) or value.strip() for value in values]
    if any(not phrase for phrase in phrases):
        raise RulesError(f"{label}: [{group}] has an empty phrase")
    return phrases


def _alternation(phrases: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True)) + ")"


def _load_zones(data: Mapping[str, object]) -> dict[str, tzinfo]:
    table = data.get("zones")
    if not isinstance(table, dict) or not table:
        raise RulesError("zones.toml: [zones] must map abbreviations to offsets or zone names")
    zones: dict[str, tzinfo] = {}
    offset = re.compile(r"([+-])(\d\d):(\d\d)")
    for name, value in table.items():
        if not isinstance(value, str):
            raise RulesError(f"zones.toml: {name} must be a string")
        fixed = offset.fullmatch(value)
        if fixed:
            sign = -1 if fixed.group(1) == "-" else 1
            delta = timedelta(hours=int(fixed.group(2)), minutes=int(fixed.group(3)))
            zones[name.upper()] = timezone(sign * delta)
            continue
        try:
            zones[name.upper()] = ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise RulesError(f"zones.toml: {name} = {value!r} is neither +HH:MM nor a zone") from exc
    return zones


def _weekday_names(code: str) -> frozenset[str]:
    """CLDR weekday names of a language, wide and abbreviated, both grammatical contexts."""
    return frozenset(_cldr_names(code, get_day_names))


def _month_names(code: str) -> Mapping[str, int]:
    """CLDR month names of a language, wide and abbreviated, both grammatical contexts."""
    return MappingProxyType(_cldr_names(code, get_month_names))


def _cldr_names(code: str, names_of: Callable[[str, str, Locale], Mapping[int, str]]) -> dict[str, int]:
    """Case-folded names (three letters or more) -> number, from one of babel's name tables."""
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return {}
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in names_of(width, context, locale).items():
                key = name.casefold().rstrip(".")
                if len(key) >= 3:
                    names.setdefault(key, number)
    return names
