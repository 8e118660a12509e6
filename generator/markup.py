"""Markdown to HTML for article bodies: CommonMark with raw HTML switched off.

Seeds come from the open web, so their Markdown is rendered with markdown-it-py's ``html``
option off (any ``<script>`` is shown as text) and its link validation on (``javascript:``,
``vbscript:``, ``file:`` and non-image ``data:`` links are not turned into links). A text-only
theme can ask for images to be shown as their description instead, so pages load no image.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict


def make_markdown_renderer(images: bool = True) -> MarkdownIt:
    """A CommonMark renderer that never emits markup the article's text did not ask for; with
    ``images`` off, an image becomes its bracketed description (nothing when it has none)."""
    renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    if not images:
        renderer.add_render_rule("image", render_image_as_text)
    return renderer


def render_image_as_text(
    self: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    description = self.renderInlineAsText(tokens[index].children or [], options, env).strip()
    return f'<span class="image-alt">[{escapeHtml(description)}]</span>' if description else ""


def markdown_to_html(renderer: MarkdownIt, body: str) -> str:
    """Render an article body; the result is safe to place inside a page or a feed."""
    return renderer.render(body)
