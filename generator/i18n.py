"""Interface strings in the reader's language: Babel message catalogs, read by Jinja2's i18n
extension.

Templates mark their strings with ``{% trans %}`` and ``_()``; ``make translations`` extracts them
(Jinja2's Babel extractor) into each theme's ``translations/messages.pot`` and updates the
``translations/<language>/LC_MESSAGES/messages.po`` catalogs. The build compiles the ``.po``
files in memory: they are the one source (a stale ``.mo`` cannot ship, none is committed) and
compiling takes milliseconds. A child theme's catalog overrides its parent's, message by message.

Each page picks its interface language (``ui_lang``): the first of the page's own language and
the site's language that has a catalog, else English, the language the messages are written in.
The gettext functions read ``ui_lang`` from the template context, so one environment serves
every language and nothing is process-global.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import jinja2
from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from generator.errors import ThemeError

UNDETERMINED_LANGUAGE = "und"
"""ISO 639 code for a language nobody identified; Babel would read it as English."""

SOURCE_LANGUAGE = "en"
"""The language the templates' messages are written in; it needs no catalog."""

DOMAIN = "messages"
CATALOG_FOLDER = "translations"


@dataclass(frozen=True, slots=True)
class Catalogs:
    """Compiled translations by language code (``id``), child theme first, parent as fallback."""

    translations: Mapping[str, gettext.NullTranslations]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted({SOURCE_LANGUAGE, *self.translations}))

    def choose(self, *candidates: str | None) -> str:
        """The first candidate with a catalog (``en-US`` uses ``en``), else the source language."""
        for candidate in candidates:
            if not candidate:
                continue
            for code in (candidate, candidate.replace("-", "_").split("_")[0].lower()):
                if code in self.translations or code == SOURCE_LANGUAGE:
                    return code
        return SOURCE_LANGUAGE

    def gettext(self, language: str, message: str) -> str:
        translations = self.translations.get(language)
        return translations.gettext(message) if translations else message

    def ngettext(self, language: str, singular: str, plural: str, number: int) -> str:
        translations = self.translations.get(language)
        if translations is None:
            return singular if number == 1 else plural
        return translations.ngettext(singular, plural, number)


def load_catalogs(theme_folders: Sequence[Path]) -> Catalogs:
    """Every ``.po`` catalog of a theme and its parents (``theme_folders``: most specific first)."""
    by_language: dict[str, gettext.NullTranslations] = {}
    for folder in reversed(theme_folders):
        for path in sorted((folder / CATALOG_FOLDER).glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            language = path.parent.parent.name
            translations = compile_catalog(path, language)
            if language in by_language:
                translations.add_fallback(by_language[language])
            by_language[language] = translations
    return Catalogs(by_language)


def compile_catalog(path: Path, language: str) -> Translations:
    """A ``.po`` file compiled to ``.mo`` in memory; fuzzy entries are left out, as msgfmt does.
    A translation whose placeholders differ from its message's is refused here, not met as a
    crash in the middle of rendering."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=DOMAIN, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        raise ThemeError(f"catalog {path}: {exc}") from exc
    problems = [f"{message.id!r}: {error}" for message, errors in catalog.check() for error in errors]
    if problems:
        raise ThemeError(f"catalog {path}: {'; '.join(problems)}")
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def install_gettext(environment: jinja2.Environment, catalogs: Catalogs) -> None:
    """Give the i18n extension gettext functions that translate into the page's ``ui_lang``."""

    @jinja2.pass_context
    def context_gettext(context: jinja2.runtime.Context, message: str) -> str:
        return catalogs.gettext(context["ui_lang"], message)

    @jinja2.pass_context
    def context_ngettext(context: jinja2.runtime.Context, singular: str, plural: str, number: int) -> str:
        return catalogs.ngettext(context["ui_lang"], singular, plural, number)

    environment.install_gettext_callables(context_gettext, context_ngettext, newstyle=True)  # type: ignore[attr-defined]


@functools.cache
def babel_locale(language: str | None, fallback: str) -> Locale:
    """Babel's locale for a language code, else for the fallback, else English; never the
    process's locale. Remembered: every date and card on every page asks for one."""
    for code in (language, fallback, "en"):
        if code and code != UNDETERMINED_LANGUAGE:
            try:
                return Locale.parse(code.replace("-", "_"))
            except (UnknownLocaleError, ValueError):
                continue
    return Locale.parse("en")


def language_name(code: str, in_language: str) -> str:
    """A language's name in the interface language ("Indonesia" in Indonesian); the code when
    Babel does not know it."""
    if code == UNDETERMINED_LANGUAGE:
        return code
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(babel_locale(in_language, "en"))
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:] if name else code
