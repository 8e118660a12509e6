"""Front-matter Markdown pages: the product of cleaning, the form a user edits, the cache unit.

An article is written with a fixed key order and deterministic text, and read back with
python-frontmatter. A seed that already is such a page (ours, or one written for Hugo, Jekyll
or Pelican) is read with the same function, so correcting a page means dropping the corrected
Markdown into ``seeds/``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import frontmatter
import yaml
from slugify import slugify

from generator.errors import SeedError
from generator.models import Article, CleanedText, DatePrecision, Metadata, Seed, pack_lines, parse_iso_date

SUMMARY_MAX_CHARS = 280
"""A summary is the lead paragraph, cut at a word boundary to fit a listing or a feed."""

SLUG_MAX_CHARS = 80
"""Long titles make long URLs; 80 characters keep them readable and inside file-name limits."""

FRONT_MATTER_KEYS = (
    "title", "date", "author", "dateline", "source", "language", "summary", "slug",
    "tags", "categories", "draft", "seed", "seed_sha256",
)
"""Output order of the front matter: what a reader of the page wants first comes first."""

YAML_NO_WRAP = 2**31 - 1
"""PyYAML folds long values at 80 columns; one value per line keeps the page greppable."""

KEY_ALIASES = {
    "lang": "language",
    "category": "categories",
    "description": "summary",
    "authors": "author",
    "seed_name": "seed",
}
"""Front-matter keys of other generators (Hugo, Jekyll, Pelican) and their names here."""

SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def make_slug(text: str) -> str:
    """An ASCII URL slug for a title (transliterated), at most SLUG_MAX_CHARS long."""
    return slugify(text, max_length=SLUG_MAX_CHARS, word_boundary=True)


def make_summary(body: str) -> str | None:
    """The lead paragraph as plain text, shortened at a word boundary."""
    lead = next((part.strip() for part in body.split("\n\n") if part.strip()), "")
    lead = " ".join(lead.split())
    if len(lead) <= SUMMARY_MAX_CHARS:
        return lead or None
    cut = lead[:SUMMARY_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:-–—")
    return cut + "…"


def article_from_cleaned(
    seed: Seed, cleaned: CleanedText, metadata: Metadata, default_zone: dt.tzinfo = dt.UTC
) -> Article:
    """Assemble an article from a cleaned dump; a seed with no body or no title is an error.

    A date the page shows without its zone is placed in ``default_zone`` (the site's time zone).
    """
    if not cleaned.paragraphs:
        raise SeedError(seed.name, "no article text found in the page")
    if not metadata.title:
        raise SeedError(seed.name, "no title found in the page")
    body = "\n\n".join(escape_markdown(paragraph) for paragraph in cleaned.paragraphs)
    date, date_precision = placed_date(metadata.date, default_zone)
    return Article(
        title=metadata.title,
        slug=make_slug(metadata.title) or seed.digest[:12],
        body=body,
        seed_name=seed.name,
        seed_digest=seed.digest,
        date=date,
        date_precision=date_precision,
        author=metadata.author,
        dateline=metadata.dateline,
        source=metadata.source,
        language=metadata.language or cleaned.language,
        summary=make_summary("\n\n".join(cleaned.paragraphs)),
        removed=pack_lines(line.text for line in cleaned.lines if not line.keep and line.text.strip()),
    )


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
LINE_START_SPECIAL = re.compile(r"^(\s*)(\d*)([-+=>.)])(?=\s|$)")


def escape_markdown(paragraph: str) -> str:
    """Dump text is plain text: escape what Markdown would otherwise read as syntax."""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", paragraph)
    return LINE_START_SPECIAL.sub(r"\1\2\\\3", escaped)


def article_from_markdown(seed: Seed, default_zone: dt.tzinfo) -> Article:
    """Read a front-matter Markdown seed as it is, accepting other generators' keys."""
    try:
        post = frontmatter.loads(seed.text)
    except (yaml.YAMLError, ValueError) as exc:
        reason = " ".join(str(exc).split())
        raise SeedError(seed.name, f"invalid front matter: {reason}") from exc
    meta = normalise_front_matter(seed.name, post.metadata)
    body = post.content.strip()
    title = meta.get("title")
    if not title:
        raise SeedError(seed.name, "front matter has no title")
    if not body:
        raise SeedError(seed.name, "the page has no body text")
    slug = meta.get("slug") or make_slug(title) or seed.digest[:12]
    date, date_precision = placed_date(parse_date(seed.name, meta.get("date")), default_zone)
    if not SAFE_SLUG.fullmatch(slug):
        raise SeedError(seed.name, f"slug {slug!r} is not lower-case letters, digits and dashes")
    return Article(
        title=title,
        slug=slug,
        body=body,
        seed_name=seed.name,
        seed_digest=seed.digest,
        date=date,
        date_precision=date_precision,
        author=meta.get("author"),
        dateline=meta.get("dateline"),
        source=meta.get("source"),
        language=meta.get("language"),
        summary=meta.get("summary") or make_summary(body),
        tags=meta.get("tags", ()),
        categories=meta.get("categories", ()),
        draft=meta.get("draft", False),
    )


def normalise_front_matter(seed_name: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Map aliases to our keys and check each value's type; unknown keys are ignored."""
    meta: dict[str, Any] = {}
    for key, value in raw.items():
        name = KEY_ALIASES.get(str(key).lower(), str(key).lower())
        if value is None or name in meta:
            continue
        if name in ("tags", "categories"):
            meta[name] = as_string_tuple(seed_name, name, value)
        elif name == "author" and isinstance(value, list):
            meta[name] = ", ".join(as_string_tuple(seed_name, name, value))
        elif name == "draft":
            if not isinstance(value, bool):
                raise SeedError(seed_name, f"front matter 'draft' must be true or false, got {value!r}")
            meta[name] = value
        elif name == "date":
            meta[name] = value
        elif name in FRONT_MATTER_KEYS:
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                raise SeedError(seed_name, f"front matter '{key}' must be text, got {type(value).__name__}")
            meta[name] = " ".join(str(value).split())
    return meta


def as_string_tuple(seed_name: str, key: str, value: Any) -> tuple[str, ...]:
    """Tags and categories as a list or as one comma-separated string (Pelican's form)."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str | int) for item in items):
        raise SeedError(seed_name, f"front matter '{key}' must be a list of words")
    return tuple(word for word in (" ".join(str(item).split()) for item in items) if word)


def parse_date(seed_name: str, value: Any) -> dt.date | dt.datetime | None:
    """A front-matter date (YAML timestamp, date, or ISO 8601 text) as the page gives it: a
    ``date`` for a day, a ``datetime`` with or without its zone."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise SeedError(seed_name, f"front matter date {value!r} is not a date")
    try:
        return parse_iso_date(value)
    except ValueError as exc:
        raise SeedError(seed_name, f"front matter date {value!r} is not ISO 8601") from exc


def placed_date(
    shown: dt.date | dt.datetime | None, default_zone: dt.tzinfo
) -> tuple[dt.datetime | None, DatePrecision]:
    """An article's aware date and how much of it its source showed. Ordering and feeds need
    an instant: a day is read as its midnight and a time without a zone as local time in
    ``default_zone`` (the site's time zone), but only what was shown is ever written."""
    if shown is None:
        return None, DatePrecision.ZONED
    if not isinstance(shown, dt.datetime):
        return dt.datetime(shown.year, shown.month, shown.day, tzinfo=default_zone), DatePrecision.DAY
    if shown.tzinfo is None:
        return shown.replace(tzinfo=default_zone), DatePrecision.LOCAL
    return shown, DatePrecision.ZONED


def format_date(value: dt.datetime | None, precision: DatePrecision = DatePrecision.ZONED) -> str | None:
    """ISO 8601 with no more than was shown: ``2020-11-05T20:06:00+07:00`` with the source's
    own UTC offset, ``2019-11-19T17:50:00`` for a time without its zone, ``2019-11-18`` for a
    day. Feeds and sitemaps, whose formats need an offset, take the default."""
    if value is None:
        return None
    if precision is DatePrecision.DAY:
        return value.date().isoformat()
    if precision is DatePrecision.LOCAL:
        return value.replace(tzinfo=None).isoformat()
    offset = value.utcoffset()
    fixed = dt.timezone(offset) if offset is not None else None
    return value.replace(tzinfo=fixed).isoformat()


def render_markdown_page(article: Article) -> str:
    """The article as a front-matter Markdown page; same article, same bytes."""
    values: dict[str, Any] = {
        "title": article.title,
        "date": format_date(article.date, article.date_precision),
        "author": article.author,
        "dateline": article.dateline,
        "source": article.source,
        "language": article.language,
        "summary": article.summary,
        "slug": article.slug,
        "tags": list(article.tags) or None,
        "categories": list(article.categories) or None,
        "draft": article.draft or None,
        "seed": article.seed_name,
        "seed_sha256": article.seed_digest,
    }
    metadata = {key: values[key] for key in FRONT_MATTER_KEYS if values[key] is not None}
    post = frontmatter.Post(article.body, **metadata)
    return frontmatter.dumps(post, sort_keys=False, allow_unicode=True, width=YAML_NO_WRAP) + "\n"


def permalink(article: Article) -> str:
    """The article's folder, relative to the site root: ``YYYY/MM/slug/`` or ``undated/slug/``."""
    if article.date is None:
        return f"undated/{article.slug}/"
    return f"{article.date.year:04d}/{article.date.month:02d}/{article.slug}/"
