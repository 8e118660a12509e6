"""Rule data for the cleaner and the metadata stage: read once, validated, immutable.

The algorithm never holds a phrase, a zone or a month name: they live in ``generator/rules/``
(TOML, package data) and in the libraries that already maintain them (jusText stoplists,
Babel's CLDR month names). ``load_rules`` turns them into one frozen ``Rules`` object that
every stage receives as an argument, so two builds with different rules never share state.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta, timezone, tzinfo
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import justext
from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from generator.errors import GeneratorError


class RulesError(GeneratorError):
    """A rules file is malformed: the message names the file and the problem."""

    exit_code = 2


class Concept(Enum):
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
    """The form phrases are compared in: case-folded, single spaces, no edge punctuation."""
    return _SPACE.sub(" ", text.casefold()).strip(_EDGE_PUNCTUATION)


@dataclass(frozen=True, slots=True)
class PhraseMatcher:
    """Phrase groups compiled into two anchored patterns, one named group per concept.

    Alternatives are in Concept order, so a line in two groups gets the first concept.
    """

    whole: re.Pattern[str] | None
    """Matches a normalised line that is exactly one of the phrases."""
    start: re.Pattern[str] | None
    """Matches a normalised line that begins with one of the phrases (a phrase ending in a
    letter must end a word: "more" does not start "moreover")."""

    def concept(self, normalised: str) -> Concept | None:
        """The first concept whose phrase is, or starts, the normalised line."""
        found = []
        for pattern in (self.whole, self.start):
            match = pattern.match(normalised) if pattern is not None else None
            if match is not None and match.lastgroup is not None:
                found.append(Concept[match.lastgroup])
        return min(found, key=_CONCEPT_ORDER.__getitem__) if found else None


Phrases = Mapping[Concept, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
"""Validated phrase groups of one file: concept -> (whole-line phrases, line-start phrases,
whole-line regular expressions such as ``\\d+ comments``)."""

_CONCEPT_ORDER = {concept: position for position, concept in enumerate(Concept)}


def compile_matcher(sources: Iterable[Phrases]) -> PhraseMatcher:
    """One matcher for the union of several files' phrase groups (e.g. id + en + common)."""
    whole: dict[Concept, set[str]] = {}
    start: dict[Concept, set[str]] = {}
    for phrases in sources:
        for concept, (lines, starts, patterns) in phrases.items():
            whole.setdefault(concept, set()).update(re.escape(p) for p in lines)
            whole[concept].update(f"(?:{p})" for p in patterns)
            start.setdefault(concept, set()).update(
                re.escape(p) + (r"(?!\w)" if p[-1].isalnum() else "") for p in starts
            )

    def build(table: dict[Concept, set[str]], tail: str) -> re.Pattern[str] | None:
        parts = [
            f"(?P<{concept.name}>" + "|".join(sorted(table[concept], key=len, reverse=True)) + ")"
            for concept in Concept
            if table.get(concept)
        ]
        return re.compile("(?:" + "|".join(parts) + ")" + tail) if parts else None

    return PhraseMatcher(whole=build(whole, "$"), start=build(start, ""))


@dataclass(frozen=True, slots=True, repr=False)
class LanguageRules:
    """What the rules know about one language."""

    code: str
    stopwords: frozenset[str]
    """jusText's stoplist for the language; empty when jusText has none."""
    phrases: Phrases
    """This language's own phrase groups (empty when it has no file)."""
    matcher: PhraseMatcher
    """The phrases that apply to a page in this language: its own, English, the common set."""
    months: Mapping[str, int]
    """Case-folded month names and abbreviations (CLDR) -> month number."""

    def __repr__(self) -> str:
        return f"LanguageRules({self.code!r}, {len(self.stopwords)} stopwords, {len(self.phrases)} groups)"


@dataclass(frozen=True, slots=True, repr=False)
class Rules:
    """All rule data, as loaded by ``load_rules``; never changed after loading."""

    languages: Mapping[str, LanguageRules]
    """Per ISO 639-1 code (every code with a phrase file or a stoplist)."""
    default: LanguageRules
    """For a page whose language is unknown: English and common phrases, no stoplist."""
    zones: Mapping[str, tzinfo]
    """Zone abbreviation (upper case) -> fixed offset or IANA zone."""
    date_templates: tuple[str, ...]
    time_template: str
    month_first: frozenset[str]
    """Languages writing numeric dates month first (11/19/2019)."""
    identifier: LanguageIdentifier
    """py3langid's model, loaded here once rather than inside py3langid on first use."""

    def __repr__(self) -> str:
        return f"Rules({len(self.languages)} languages, {len(self.zones)} zones)"

    def language(self, code: str | None) -> LanguageRules:
        """The rules of a page's language, or the default set when it has none."""
        return self.languages.get(code or "", self.default)

    def phrase_sources(self, code: str | None) -> tuple[Phrases, ...]:
        """Phrase groups that apply to a page: its language's, English, the common set."""
        codes = dict.fromkeys([code or "", FALLBACK_LANGUAGE, COMMON_LANGUAGE])
        return tuple(self.languages[c].phrases for c in codes if c in self.languages)

    def months_for(self, code: str | None) -> Mapping[str, int]:
        """Month names of the page's language and English (English last: the page wins)."""
        months = dict(self.language(FALLBACK_LANGUAGE).months)
        months.update(self.language(code).months)
        return months

    def date_patterns(self, code: str | None) -> tuple[re.Pattern[str], ...]:
        """Date patterns with the month names of the page's language and English."""
        months = self.months_for(code)
        month_alt = _alternation(months) if months else "(?!)"
        zone_alt = _alternation(self.zones)
        time = self.time_template.format(zone=zone_alt)
        return tuple(
            re.compile(template.format(month=month_alt, zone=zone_alt, time=time), re.IGNORECASE)
            for template in self.date_templates
        )


def load_rules() -> Rules:
    """Read every rules file and the stoplists it names; raise RulesError on bad data."""
    root = RULES_DIR
    stoplist_names = _read_toml(root / "stoplists.toml", "stoplists.toml").get("stoplists", {})
    if not isinstance(stoplist_names, dict) or not stoplist_names:
        raise RulesError("stoplists.toml: [stoplists] must map language codes to names")
    available = set(justext.get_stoplists())
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
        for code, entry in phrase_files.items()
    }
    shared = (phrases[FALLBACK_LANGUAGE], phrases[COMMON_LANGUAGE])
    languages: dict[str, LanguageRules] = {}
    for code in sorted(set(phrase_files) | set(stoplist_names)):
        own = phrases.get(code, MappingProxyType({}))
        stopwords: frozenset[str] = frozenset()
        if code in stoplist_names:
            stopwords = frozenset(w.casefold() for w in justext.get_stoplist(stoplist_names[code]))
        languages[code] = LanguageRules(
            code=code,
            stopwords=stopwords,
            phrases=own,
            matcher=compile_matcher((own, *shared)),
            months=_month_names(code),
        )
    default = LanguageRules(
        code="", stopwords=frozenset(), phrases=MappingProxyType({}),
        matcher=compile_matcher(shared), months=languages[FALLBACK_LANGUAGE].months,
    )
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
        languages=MappingProxyType(languages),
        default=default,
        zones=MappingProxyType(zones),
        date_templates=tuple(templates),
        time_template=time_template,
        month_first=frozenset(dates.get("month_first", [])),
        identifier=LanguageIdentifier.from_model_file(MODEL_FILE),
    )


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
        if not isinstance(body, dict) or set(body) - {"lines", "starts", "patterns"}:
            raise RulesError(f"{label}: [{name}] may only hold 'lines', 'starts', 'patterns'")
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
        if not whole and not start and not patterns:
            raise RulesError(f"{label}: [{name}] is empty")
        groups[known[name]] = (tuple(whole), tuple(start), tuple(patterns))
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


def _month_names(code: str) -> Mapping[str, int]:
    """CLDR month names of a language, wide and abbreviated, both grammatical contexts."""
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return MappingProxyType({})
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, context, locale).items():
                key = name.casefold().rstrip(".")
                if len(key) >= 3:
                    names.setdefault(key, number)
    return MappingProxyType(names)
