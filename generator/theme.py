"""Theme: find a theme folder (templates, static files, ``theme.toml``) and the themes it extends.

A theme is a folder a user can copy and change: ``templates/`` (Jinja2), ``static/`` (copied to
``static/`` in the site) and an optional ``theme.toml``. Kept apart from rendering so that a
build that finds nothing changed can hash the theme without loading the renderer.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ThemeError

DEFAULT_THEMES_ROOT = Path(__file__).resolve().parent.parent / "themes"
"""The project's ``themes/`` folder; a theme named by path may live anywhere."""

THEME_FILE = "theme.toml"
"""Optional file in a theme folder: ``extends = "default"`` names a parent theme; the other keys
are the theme's settings (``THEME_SETTINGS``), a child's replacing its parent's."""

THEME_SETTINGS = {"images": True}
"""Theme settings and their defaults: ``images = false`` shows an article's images as their
description, so its pages load no image."""


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme and its ancestors, most specific first."""

    name: str
    folders: tuple[Path, ...]
    settings: Mapping[str, Any] = field(default_factory=lambda: dict(THEME_SETTINGS))

    @property
    def template_folders(self) -> list[Path]:
        return [folder / "templates" for folder in self.folders]

    @property
    def static_folders(self) -> list[Path]:
        """Static folders, parent first, so a child theme's file replaces its parent's."""
        return [folder / "static" for folder in reversed(self.folders) if (folder / "static").is_dir()]


def load_theme(name: str, themes_root: Path) -> Theme:
    """Find a theme by name (a folder under ``themes_root``) or path, with its parents."""
    folders: list[Path] = []
    layers: list[dict[str, Any]] = []
    current: str | None = name
    while current is not None:
        folder = Path(current) if "/" in current else themes_root / current
        if not (folder / "templates").is_dir():
            raise ThemeError(f"theme {current!r}: no templates folder at {folder / 'templates'}")
        if folder.resolve() in [known.resolve() for known in folders]:
            raise ThemeError(f"theme {name!r}: themes extend each other in a loop")
        folders.append(folder)
        settings_file = folder / THEME_FILE
        try:
            layer = tomllib.loads(settings_file.read_text("utf-8")) if settings_file.exists() else {}
        except tomllib.TOMLDecodeError as exc:
            raise ThemeError(f"{settings_file}: {exc}") from exc
        current = layer.pop("extends", None)
        unknown = sorted(set(layer) - set(THEME_SETTINGS))
        if unknown:
            raise ThemeError(f"{settings_file}: unknown setting(s) {', '.join(unknown)}")
        layers.append(layer)
    settings = dict(THEME_SETTINGS)
    for layer in reversed(layers):
        settings.update(layer)
    return Theme(name=name, folders=tuple(folders), settings=settings)


def collect_static_files(theme: Theme) -> dict[str, bytes]:
    """The theme's static files (parents first, children override) under ``static/``."""
    files: dict[str, bytes] = {}
    for folder in theme.static_folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files["static/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    return files
