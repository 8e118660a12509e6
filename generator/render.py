"""Render: articles to HTML pages with the theme's Jinja2 templates.

Rendering returns ``{output path: bytes}`` and writes nothing; ``build`` owns the disk.
Every page links to others relatively (``root`` is the way from a page up to the site root),
so one build works at a domain root, under a sub-path and from a folder on disk. Only what
must be absolute (canonical links, feeds, OpenGraph) uses ``config.base_url``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime
from markdown_it import MarkdownIt

from generator.config import SiteConfig
from generator.errors import ThemeError
from generator.markup import make_markdown_renderer, markdown_to_html
from generator.models import Article
from generator.pages import format_date, permalink, render_markdown_page

DEFAULT_THEMES_ROOT = Path(__file__).resolve().parent.parent / "themes"
"""The project's ``themes/`` folder; a theme named by path may live anywhere."""

THEME_FILE = "theme.toml"
"""Optional file in a theme folder; ``extends = "default"`` names a parent theme."""

DISPLAY_DATE_PATTERN = "EEEE, d MMMM y HH:mm"
"""CLDR pattern for dates on pages, localised by Babel: "Kamis, 5 November 2020 20:06"."""

ZONE_NAMES = {
    "id": {420: "WIB", 480: "WITA", 540: "WIT"},
}
"""Local names of UTC offsets (minutes) by language; other offsets show as ``UTC+07:00``."""


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme and its ancestors, most specific first."""

    name: str
    folders: tuple[Path, ...]

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
    current: str | None = name
    while current is not None:
        folder = Path(current) if "/" in current else themes_root / current
        if not (folder / "templates").is_dir():
            raise ThemeError(f"theme {current!r}: no templates folder at {folder / 'templates'}")
        if folder.resolve() in [known.resolve() for known in folders]:
            raise ThemeError(f"theme {name!r}: themes extend each other in a loop")
        folders.append(folder)
        settings_file = folder / THEME_FILE
        settings = tomllib.loads(settings_file.read_text("utf-8")) if settings_file.exists() else {}
        current = settings.get("extends")
    return Theme(name=name, folders=tuple(folders))


def make_environment(theme: Theme) -> jinja2.Environment:
    """One Jinja environment per build: autoescape on, undefined names are errors."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in theme.template_folders]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What templates show of an article: plain values, formatted once."""

    url: str
    """Folder of the article relative to the site root, e.g. ``2020/11/slug/``."""
    title: str
    language: str
    date_iso: str | None
    date_display: str | None
    author: str | None
    dateline: str | None
    source: str | None
    summary: str | None
    body_html: str
    tags: tuple[str, ...]
    removed: tuple[str, ...]
    json_ld: str


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of a paginated list of articles (the front page and its following pages)."""

    articles: tuple[ArticleView, ...]
    number: int
    count: int
    path: str
    previous_url: str | None
    next_url: str | None


def relative_root(output_path: str) -> str:
    """The way up from an output file to the site root: ``a/b/index.html`` -> ``../../``."""
    return "../" * (len(PurePosixPath(output_path).parts) - 1)


def babel_locale(language: str | None, fallback: str) -> Locale:
    for code in (language, fallback, "en"):
        if code:
            try:
                return Locale.parse(code)
            except (UnknownLocaleError, ValueError):
                continue
    return Locale.parse("en")


def display_date(value: dt.datetime | None, language: str, fallback: str) -> str | None:
    """The date in the article's language and its own time zone, e.g. "Kamis, 5 November 2020
    20:06 WIB"."""
    if value is None:
        return None
    locale = babel_locale(language, fallback)
    shown = format_datetime(value, DISPLAY_DATE_PATTERN, tzinfo=value.tzinfo, locale=locale)
    offset = value.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    zone = ZONE_NAMES.get(locale.language, {}).get(minutes)
    if zone is None:
        sign = "+" if minutes >= 0 else "-"
        zone = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{shown} {zone}"


def safe_json(data: Any) -> str:
    """JSON that cannot close the ``<script>`` element it is embedded in."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def article_json_ld(article: Article, config: SiteConfig, url: str) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": config.base_url + url,
        "mainEntityOfPage": config.base_url + url,
        "inLanguage": article.language or config.language,
    }
    if article.date is not None:
        data["datePublished"] = format_date(article.date)
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source}
    if article.summary:
        data["description"] = article.summary
    return safe_json(data)


def make_article_view(article: Article, config: SiteConfig, renderer: MarkdownIt) -> ArticleView:
    url = permalink(article)
    language = article.language or config.language
    return ArticleView(
        url=url,
        title=article.title,
        language=language,
        date_iso=format_date(article.date),
        date_display=display_date(article.date, language, config.language),
        author=article.author,
        dateline=article.dateline,
        source=article.source,
        summary=article.summary,
        body_html=markdown_to_html(renderer, article.body),
        tags=article.tags,
        removed=article.removed,
        json_ld=article_json_ld(article, config, url),
    )


def paginate(views: Sequence[ArticleView], per_page: int) -> list[Listing]:
    """Front page first (``index.html``), then ``page/2/index.html`` and on; never empty."""
    count = max(1, math.ceil(len(views) / per_page))

    def path_of(number: int) -> str:
        return "index.html" if number == 1 else f"page/{number}/index.html"

    def url_of(number: int) -> str:
        return "" if number == 1 else f"page/{number}/"

    return [
        Listing(
            articles=tuple(views[(number - 1) * per_page : number * per_page]),
            number=number,
            count=count,
            path=path_of(number),
            previous_url=url_of(number - 1) if number > 1 else None,
            next_url=url_of(number + 1) if number < count else None,
        )
        for number in range(1, count + 1)
    ]


def group_by_month(views: Sequence[ArticleView]) -> list[tuple[str, list[ArticleView]]]:
    """Archive sections, newest month first; undated articles last under ``""``."""
    def month(view: ArticleView) -> str:
        return view.date_iso[:7] if view.date_iso else ""

    return [(key, list(group)) for key, group in groupby(views, key=month)]


class SiteRenderer:
    """Renders every HTML page of a site from sorted articles, returning ``{path: bytes}``."""

    def __init__(self, config: SiteConfig, theme: Theme) -> None:
        self.config = config
        self.environment = make_environment(theme)
        self.markdown = make_markdown_renderer()
        self.base_path = urlsplit(config.base_url).path

    def render_template(self, name: str, output_path: str, **context: Any) -> bytes:
        """Render one template; ``root`` is relative except on pages served from any URL."""
        context.setdefault("root", relative_root(output_path))
        context.setdefault("lang", self.config.language)
        context.setdefault("canonical", self.config.base_url + canonical_path(output_path))
        context.setdefault("alternates", ())
        try:
            template = self.environment.get_template(name)
            return template.render(config=self.config, **context).encode("utf-8")
        except jinja2.TemplateError as exc:
            where = f"{exc.filename}:{exc.lineno}" if isinstance(exc, jinja2.TemplateSyntaxError) else name
            raise ThemeError(f"template {where}: {exc}") from exc

    def render_site(self, articles: Sequence[Article]) -> dict[str, bytes]:
        """All pages: articles (HTML, Markdown, removed-lines view), listings, archive, search,
        404."""
        views = [make_article_view(article, self.config, self.markdown) for article in articles]
        files: dict[str, bytes] = {}
        for article, view in zip(articles, views, strict=True):
            files.update(self.render_article(article, view))
        for listing in paginate(views, self.config.per_page):
            files[listing.path] = self.render_template(
                "index.html", listing.path, listing=listing, title=None
            )
        files["archive/index.html"] = self.render_template(
            "archive.html", "archive/index.html", months=group_by_month(views)
        )
        files["search/index.html"] = self.render_template("search.html", "search/index.html")
        files["404.html"] = self.render_template("404.html", "404.html", root=self.base_path)
        return files

    def render_article(self, article: Article, view: ArticleView) -> dict[str, bytes]:
        page_path = view.url + "index.html"
        markdown_path = view.url + "index.md"
        alternates = (("text/markdown", "index.md"),)
        files = {
            page_path: self.render_template(
                "article.html", page_path, article=view, lang=view.language, alternates=alternates
            ),
            markdown_path: render_markdown_page(article).encode("utf-8"),
        }
        if article.removed:
            removed_path = view.url + "removed.html"
            files[removed_path] = self.render_template(
                "removed.html", removed_path, article=view, lang=view.language
            )
        return files


def canonical_path(output_path: str) -> str:
    """``a/index.html`` is served as ``a/``: canonical URLs use the folder form."""
    if output_path == "index.html":
        return ""
    if output_path.endswith("/index.html"):
        return output_path[: -len("index.html")]
    return output_path


def collect_static_files(theme: Theme) -> dict[str, bytes]:
    """The theme's static files (parents first, children override) under ``static/``."""
    files: dict[str, bytes] = {}
    for folder in theme.static_folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files["static/" + path.relative_to(folder).as_posix()] = path.read_bytes()
    return files
