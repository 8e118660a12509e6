"""Site configuration: one documented schema, read from ``site.toml``, overridden by flags."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import ConfigError

CONFIG_FILE_NAME = "site.toml"

PERMALINK_FIELDS = ("year", "month", "day", "slug", "source", "language")
"""Names a ``permalink`` pattern may use in braces; ``{slug}`` is required."""

PERMALINK_FIELD = re.compile(r"{([^{}]*)}")


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Every site setting, with its default. ``site.toml`` sets any of them by name."""

    title: str = "News Mirror"
    """The site's name, in every page header and in the feeds."""
    description: str = "Clean, fast, searchable copies of news articles."
    """One line about the site, for feeds and the front page."""
    base_url: str = "http://127.0.0.1:8000/"
    """Absolute URL the site is published at; always ends in ``/`` once loaded."""
    language: str = "en"
    """ISO 639-1 language of the site's own pages and the fallback for articles."""
    theme: str = "default"
    """A folder name under ``themes/`` or a path to a theme folder."""
    per_page: int = 10
    """Articles per page of the front page and of each archive (by date, source, author, language)."""
    feed_items: int = 50
    """Articles in the main RSS, Atom and JSON feeds, and in each source's and language's feeds."""
    timezone: str = "UTC"
    """IANA zone in which ordering and feeds read a date given without an offset (a day, or a
    time printed without its zone); pages show such a date as it was given."""
    permalink: str = "{year}/{month}/{slug}/"
    """Folder of each article, from the fields in ``PERMALINK_FIELDS``; ends in ``/``. An undated
    article puts ``undated`` in place of its date fields. Changing it keeps the old date+slug
    URLs working: they become redirects to the new ones."""
    related_items: int = 5
    """Related articles listed under each article (0 turns the list off)."""
    page_budget_kb: int = 100
    """Size budget of one HTML page, in KiB: a page over it is a warning (an error with --strict)."""
    feed_budget_kb: int = 2048
    """Size budget of one feed file (RSS, Atom, JSON Feed, OPML), in KiB; monthly archive feeds
    carry every article of their month in full."""
    search_budget_kb: int = 128
    """Size budget of one search file (``search/**.json``), in KiB: a query fetches several."""

    def with_overrides(self, **overrides: Any) -> SiteConfig:
        """A validated copy with the given settings replaced (None means "keep")."""
        given = {key: value for key, value in overrides.items() if value is not None}
        return validate_config(dataclasses.replace(self, **given))

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def validate_config(config: SiteConfig) -> SiteConfig:
    """Check every value and normalise the base URL; raise ConfigError naming the key."""
    for spec in fields(config):
        value = getattr(config, spec.name)
        expected = int if spec.type == "int" else str
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(f"{spec.name}: expected {expected.__name__}, got {value!r}")
    for name in ("per_page", "feed_items", "page_budget_kb", "feed_budget_kb", "search_budget_kb"):
        if getattr(config, name) < 1:
            raise ConfigError(f"{name}: must be at least 1")
    if config.related_items < 0:
        raise ConfigError("related_items: must be 0 or more")
    validate_permalink(config.permalink)
    parts = urlsplit(config.base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"base_url: must be an absolute http(s) URL, got {config.base_url!r}")
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"timezone: unknown time zone {config.timezone!r}") from exc
    if not config.base_url.endswith("/"):
        config = dataclasses.replace(config, base_url=config.base_url + "/")
    return config


def validate_permalink(pattern: str) -> None:
    """A pattern names known fields, includes ``{slug}`` and makes a folder URL inside the site."""
    names = PERMALINK_FIELD.findall(pattern)
    unknown = sorted(set(names) - set(PERMALINK_FIELDS))
    if unknown:
        raise ConfigError(f"permalink: unknown field(s) {', '.join(unknown)}; known: {', '.join(PERMALINK_FIELDS)}")
    literal = PERMALINK_FIELD.sub("", pattern)
    if "slug" not in names:
        raise ConfigError("permalink: must contain {slug}, so that every article has its own URL")
    if not pattern.endswith("/") or pattern.startswith("/") or "//" in pattern:
        raise ConfigError(f"permalink: must be a relative folder ending in '/', got {pattern!r}")
    if not re.fullmatch(r"[a-z0-9/_-]*", literal):
        raise ConfigError(f"permalink: outside fields only a-z, 0-9, '-', '_' and '/', got {pattern!r}")


def load_config(path: Path | None) -> SiteConfig:
    """Read a ``site.toml``; a missing file gives the defaults, an unknown key is an error."""
    if path is None or not path.exists():
        return validate_config(SiteConfig())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    known = {spec.name for spec in fields(SiteConfig)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}")
    try:
        return validate_config(SiteConfig(**data))
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
