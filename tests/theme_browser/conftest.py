"""Fixtures for the themes in a real browser: a built site per theme, served under ``/repo/``
(a GitHub project page) from 127.0.0.1, and Debian's headless Chromium.

Without Chromium the tests fail; they are never skipped. Screenshots and axe-core reports go
to ``test-artifacts/`` (git-ignored), one file per page type, width and colour scheme.

Playwright's sync API allows one running instance per thread, and ``tests/browser`` keeps one
open in the main thread for the whole session: this package drives its own Chromium from a
thread of its own (``BrowserThread``), so both sets of tests run in one pytest session.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from generator.build import build_site
from generator.config import SiteConfig
from tests.conftest import PROJECT_ROOT, REAL_SEED, launch_chromium, markdown_page

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
AXE_SCRIPT = PROJECT_ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
MOUNT = "repo/"
THEMES = ("default", "lite")
T = TypeVar("T")
WIDTHS = (320, 1280)
SCHEMES = ("light", "dark")

REAL_ARTICLE = "2020/11/pejabat-tinggi-korea-selatan-akan-kunjungi-as-di-tengah-situasi-ketidakpastian/"
PAGE_TYPES = {
    "front": "",
    "front-page-older": "page/1/",
    "article": REAL_ARTICLE,
    "article-en": "2020/11/ministers-visited-the-harbour-to-talk-about-elections/",
    "removed": REAL_ARTICLE + "removed.html",
    "archive": "archive/",
    "year": "archive/2020/",
    "month": "archive/2020/11/",
    "undated": "archive/undated/",
    "sources": "sources/",
    "source": "sources/kompas-com/",
    "authors": "authors/",
    "author": "authors/shintaloka-pradita-sicca/",
    "languages": "languages/",
    "language": "languages/id/",
    "search": "search/",
    "not-found": "404.html",
}
"""Every kind of page the site has, by a name used in test ids and artifact file names."""

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis"
SEEDS = {
    "ministers.md": markdown_page(
        "Ministers visited the harbour to talk about elections",
        "The ministers visited the harbour on Friday and talked about elections and denuclearization.\n\n"
        f"Fishermen were visiting the market when the delegation arrived. A word like {LONG_WORD} must wrap.\n\n"
        "> A quotation from the harbour master, who spoke about [the report](https://example.org/report).",
        date="2020-11-07T09:30:00+00:00", language="en", source="Example Wire", author="Jane Reporter",
        tags="[politics, harbour]",
    ),
    "kunjungan.md": markdown_page(
        "Rencana kunjungan Pompeo ke Seoul dibahas menteri",
        "Kunjungan itu membahas pemilihan umum, Pompeo, Seoul dan kerja sama ekonomi.\n\n"
        "Para menteri berkunjung ke pasar dan bertemu pedagang.",
        date="2020-11-06T10:00:00+07:00", language="id", source="Kompas.com", author="Shintaloka Pradita Sicca",
        dateline="JAKARTA",
    ),
    "seoul.md": markdown_page(
        "Seoul dan Washington bahas denuklirisasi setelah kunjungan Pompeo",
        "Pejabat Seoul membahas denuklirisasi dengan Pompeo.", date="2020-11-04T08:00:00+07:00", language="id",
        source="Kompas.com",
    ),
    "october.md": markdown_page("Harvest festival opens in the hills", "The festival opened on Sunday.",
                                date="2020-10-11T12:00:00+00:00", language="en", source="Example Wire"),
    "undated.md": markdown_page("Catatan tanpa tanggal", "Tulisan ini tidak bertanggal.", language="id"),
}


@dataclass(frozen=True)
class Served:
    """A built site behind a running server: ``root_url`` ends in ``/repo/``."""

    theme: str
    root_url: str
    site: Path


def build_theme_site(folder: Path, theme: str, port: int) -> Path:
    seeds = folder / "seeds"
    seeds.mkdir()
    (seeds / REAL_SEED.name).write_bytes(REAL_SEED.read_bytes())
    for name, text in SEEDS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    out = folder / "serve" / MOUNT.strip("/")
    config = SiteConfig(base_url=f"http://127.0.0.1:{port}/{MOUNT}", language="id", per_page=3, theme=theme)
    report = build_site(seeds, out, config)
    assert not report.skipped and not report.warnings, report
    return out


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session", params=THEMES)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One theme's site at ``http://127.0.0.1:<port>/repo/``; the server serves its parent."""
    folder = tmp_path_factory.mktemp(f"theme-{request.param}")
    (folder / "serve").mkdir()
    handler = functools.partial(QuietHandler, directory=str(folder / "serve"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    site = build_theme_site(folder, request.param, server.server_port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(request.param, f"http://127.0.0.1:{server.server_port}/{MOUNT}", site)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class BrowserThread:
    """Headless Chromium owned by one worker thread; ``run`` executes a function there."""

    def __init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="theme-browser")
        self.browser: Browser | None = None
        self.executor.submit(self.start).result()

    def start(self) -> None:
        self.manager = sync_playwright()
        running = self.manager.__enter__()
        self.browser = launch_chromium(running)

    def run(self, function: Callable[[Browser], T]) -> T:
        """Call ``function(browser)`` on the browser's thread; its exception is raised here."""
        return self.executor.submit(lambda: function(self.browser)).result()

    def stop(self) -> None:
        def close() -> None:
            if self.browser is not None:
                self.browser.close()
            self.manager.__exit__(None, None, None)

        self.executor.submit(close).result()
        self.executor.shutdown()


@pytest.fixture(scope="session")
def in_browser() -> Iterator[Callable[[Callable[[Browser], T]], T]]:
    thread = BrowserThread()
    yield thread.run
    thread.stop()


@dataclass
class PageLog:
    """What a page reported: console errors, uncaught errors, failed and foreign requests."""

    root_url: str
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.errors.append(message.text)

        def on_request(url: str) -> None:
            if not url.startswith((self.root_url, "data:")):
                self.foreign.append(url)

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: on_request(request.url))
        page.on("response", lambda response: response.status >= 400 and self.failed.append(response.url))

    def check(self) -> None:
        assert self.errors == [], "browser console errors"
        assert self.failed == [], "failed requests"
        assert self.foreign == [], "requests that leave the site"


def open_context(browser: Browser, width: int, scheme: str, bypass_csp: bool = False) -> BrowserContext:
    """A fresh context at a width and colour scheme; ``bypass_csp`` only to inject axe-core."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  bypass_csp=bypass_csp, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    return context
