"""Markdown to HTML for article bodies: CommonMark with raw HTML switched off.

Seeds come from the open web, so their Markdown is rendered with markdown-it-py's ``html``
option off (any ``<script>`` is shown as text) and its link validation on (``javascript:``,
``vbscript:``, ``file:`` and non-image ``data:`` links are not turned into links). A text-only
theme can ask for images to be shown as their description instead, so pages load no image.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Executor

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from generator.cache import BuildCache
from generator.models import Article

BODY_NAMESPACE = "body-html"
BODIES_PER_BATCH = 64
"""Bodies handed to a worker at a time when rendering on an executor."""


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


class BodyRenderer:
    """Articles' bodies as HTML for one build, each rendered at most once however many feeds
    and pages show it: from the cache (with one, once while the article's text is unchanged),
    else rendered on the executor and kept for the rest of the build."""

    def __init__(self, images: bool, cache: BuildCache | None = None, code: str = "",
                 executor: Executor | None = None) -> None:
        self.images = images
        self.cache = cache
        self.code = code
        self.executor = executor
        self.rendered: dict[str, str] = {}
        """Bodies rendered this build, by key."""

    def __call__(self, articles: Sequence[Article]) -> dict[str, str]:
        """Some articles' bodies, by seed name."""
        keys = {article.seed_name: body_key(article, self.images, self.code) for article in articles}
        wanted = [key for key in keys.values() if key not in self.rendered]
        known = self.cache.get_many(BODY_NAMESPACE, wanted) if self.cache else {}
        missing = sorted({key: article.body for article in articles
                          if (key := keys[article.seed_name]) not in known and key not in self.rendered}.items())
        batches = [missing[start : start + BODIES_PER_BATCH] for start in range(0, len(missing), BODIES_PER_BATCH)]
        texts = [[body for _, body in batch] for batch in batches]
        results = (self.executor.map(render_batch, texts, [self.images] * len(texts))
                   if self.executor and len(batches) > 1 else (render_batch(batch, self.images) for batch in texts))
        computed = {key: html for batch, htmls in zip(batches, results, strict=True)
                    for (key, _), html in zip(batch, htmls, strict=True)}
        if self.cache:
            self.cache.put_many(BODY_NAMESPACE, computed)
        self.rendered.update(computed)
        return {name: known[key] if key in known else self.rendered[key] for name, key in keys.items()}


def body_key(article: Article, images: bool, code: str) -> str:
    """Cache key of an article's rendered body: the code, the images setting and the digest of
    the article's title and body (made with the article), joined: every build keys every body."""
    return f"{code}:{images:d}:{article.content_digest}"


def keep_bodies(articles: Iterable[Article], images: bool, cache: BuildCache, code: str) -> None:
    """Keep the articles' rendered bodies through pruning, rendered this build or not: the
    next build that makes a feed or a page of them again needs them."""
    cache.keep(BODY_NAMESPACE, (body_key(article, images, code) for article in articles))


def render_batch(bodies: Sequence[str], images: bool) -> list[str]:
    """Render some bodies with one renderer; runs in a worker process."""
    renderer = make_markdown_renderer(images=images)
    return [markdown_to_html(renderer, body) for body in bodies]
