"""Interface strings: Babel catalogs for every template message, compiled at build time, chosen
per page, and no process-global locale."""

import locale
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator.errors import ThemeError
from generator.i18n import CATALOG_FOLDER, DOMAIN, babel_locale, language_name, load_catalogs
from generator.theme import DEFAULT_THEMES_ROOT, load_theme
from tests.conftest import PROJECT_ROOT

MAPPING = PROJECT_ROOT / "themes" / "babel.cfg"
THEMES = ["default", "lite"]


def template_messages(theme_folder: Path) -> set[str | tuple[str, ...]]:
    """What ``make translations`` extracts from a theme's templates (its own, not its parent's)."""
    with MAPPING.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(theme_folder / "templates", method_map, options_map)
    return {message if isinstance(message, str) else tuple(message) for _, _, message, _, _ in found}


def catalog_messages(path: Path) -> dict[str | tuple[str, ...], object]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {message.id if isinstance(message.id, str) else tuple(message.id): message.string
            for message in catalog if message.id}


@pytest.mark.parametrize("theme", THEMES)
def test_every_template_message_has_an_indonesian_translation(theme: str) -> None:
    folders = load_theme(theme, DEFAULT_THEMES_ROOT).folders
    catalogs = load_catalogs(folders)
    messages = template_messages(DEFAULT_THEMES_ROOT / theme)
    assert messages or theme == "lite"
    for message in messages:
        singular = message if isinstance(message, str) else message[0]
        translated = (catalogs.gettext("id", singular) if isinstance(message, str)
                      else catalogs.ngettext("id", message[0], message[1], 2))
        assert translated != singular or singular in ("RSS", "Atom"), f"{theme}: {message!r} is not translated"


@pytest.mark.parametrize("theme", THEMES)
def test_the_message_template_is_up_to_date(theme: str) -> None:
    """A theme with catalogs has them for its own templates; a theme without (lite) takes every
    message from its parent's, which the test above checks."""
    folder = DEFAULT_THEMES_ROOT / theme
    if not (folder / CATALOG_FOLDER).is_dir():
        assert theme != "default"
        return
    messages = template_messages(folder)
    assert set(catalog_messages(folder / CATALOG_FOLDER / f"{DOMAIN}.pot")) == messages, "run `make translations`"
    for po in (folder / CATALOG_FOLDER).glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        assert set(catalog_messages(po)) == messages, f"{po}: run `make translations`"


def test_catalog_choice_falls_back_from_the_page_to_the_site_to_english() -> None:
    catalogs = load_catalogs(load_theme("default", DEFAULT_THEMES_ROOT).folders)
    assert set(catalogs.languages) >= {"en", "id"}
    assert catalogs.choose("id-ID", "en") == "id"
    assert catalogs.choose("en_GB", "id") == "en"
    assert catalogs.choose("fr", "id") == "id"
    assert catalogs.choose("fr", "xx") == "en"
    assert catalogs.choose(None, "") == "en"
    assert catalogs.gettext("id", "Archive") == "Arsip"
    assert catalogs.gettext("en", "Archive") == "Archive"
    assert catalogs.gettext("id", "a message nobody wrote") == "a message nobody wrote"
    assert catalogs.ngettext("id", "%(count)s article", "%(count)s articles", 5) == "%(count)s artikel"
    assert catalogs.ngettext("en", "%(count)s article", "%(count)s articles", 1) == "%(count)s article"


def write_po(path: Path, entries: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f'msgid "{key}"\nmsgstr "{value}"\n\n' for key, value in entries.items())
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n' + body, encoding="utf-8")


def test_a_child_theme_overrides_its_parents_catalog_message_by_message(tmp_path: Path) -> None:
    child = tmp_path / "child"
    (child / "templates").mkdir(parents=True)
    (child / "theme.toml").write_text('extends = "default"\n')
    write_po(child / CATALOG_FOLDER / "id" / "LC_MESSAGES" / f"{DOMAIN}.po", {"Archive": "Arsip Berita"})
    write_po(child / CATALOG_FOLDER / "ms" / "LC_MESSAGES" / f"{DOMAIN}.po", {"Search": "Carian"})
    catalogs = load_catalogs(load_theme(str(child), DEFAULT_THEMES_ROOT).folders)
    assert catalogs.gettext("id", "Archive") == "Arsip Berita"
    assert catalogs.gettext("id", "Search") == "Cari"
    assert catalogs.gettext("ms", "Search") == "Carian"
    assert catalogs.choose("ms") == "ms"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('msgid "Archive"\n', "missing msgstr"),
        ('#, python-format\nmsgid "Page %(number)s"\nmsgstr "Halaman %(nomor)s"\n', "nomor"),
    ],
)
def test_a_broken_catalog_is_a_theme_error(tmp_path: Path, text: str, reason: str) -> None:
    broken = tmp_path / CATALOG_FOLDER / "id" / "LC_MESSAGES" / f"{DOMAIN}.po"
    broken.parent.mkdir(parents=True)
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ThemeError, match=reason):
        load_catalogs([tmp_path])


def test_language_names_and_locales_need_no_process_locale() -> None:
    before = locale.setlocale(locale.LC_ALL)
    assert language_name("id", "id") == "Indonesia"
    assert language_name("id", "en") == "Indonesian"
    assert language_name("en", "id") == "Inggris"
    assert language_name("und", "en") == "und"
    assert language_name("zz", "en") == "zz"
    assert babel_locale("und", "id").language == "id"
    assert babel_locale("xx", "yy").language == "en"
    assert locale.setlocale(locale.LC_ALL) == before
