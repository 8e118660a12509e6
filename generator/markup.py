"""Markdown to HTML for article bodies: CommonMark with raw HTML switched off.

Seeds come from the open web, so their Markdown is rendered with markdown-it-py's ``html``
option off (any ``<script>`` is shown as text) and its link validation on (``javascript:``,
``vbscript:``, ``file:`` and non-image ``data:`` links are not turned into links).
"""

from __future__ import annotations

from markdown_it import MarkdownIt


def make_markdown_renderer() -> MarkdownIt:
    """A CommonMark renderer that never emits markup the article's text did not ask for."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown_to_html(renderer: MarkdownIt, body: str) -> str:
    """Render an article body; the result is safe to place inside a page or a feed."""
    return renderer.render(body)
