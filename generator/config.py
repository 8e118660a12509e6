"""Site configuration: one documented schema, read from ``site.toml``, overridden by flags."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import ConfigError

CONFIG_FILE_NAME = "site.toml"


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
    """Articles per front-page page."""
    feed_items: int = 50
    """Articles in the main RSS and Atom feeds."""
    timezone: str = "UTC"
    """IANA zone given to dates without an offset (Markdown seeds written without one)."""

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
    for name in ("per_page", "feed_items"):
        if getattr(config, name) < 1:
            raise ConfigError(f"{name}: must be at least 1")
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
