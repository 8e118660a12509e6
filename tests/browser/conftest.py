"""Fixtures for the real-browser tests: a built site served on 127.0.0.1, headless Chromium.

The site is served twice: at the server's root and under ``/repo/`` (a GitHub project page),
from a folder holding ``repo -> site``. The sub-path copy is built with one search shard per
article (the root one has one shard per language), so every test runs against both layouts:
results merged over shards, idf rescaled, records fetched from each shard. Chromium is
Debian's (never Playwright's download); without it the tests fail, they are never skipped.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from generator.build import build_site
from generator.config import SiteConfig
from tests.conftest import REAL_SEED, launch_chromium, markdown_page

SEEDS = {
    "kunjungan.md": markdown_page(
        "Rencana kunjungan menteri ke Jakarta",
        "Kunjungan itu membahas pemilihan umum dan kerja sama ekonomi.\n\n"
        "Para menteri berkunjung ke pasar dan bertemu pedagang.",
        date="2020-11-06T10:00:00+07:00",
        language="id",
        source="Contoh Berita",
    ),
    "ministers.md": markdown_page(
        "Ministers visited the harbour",
        "The ministers visited the harbour on Friday and talked about elections.\n\n"
        "Fishermen were visiting the market when the delegation arrived.",
        date="2020-11-07T09:30:00+00:00",
        language="en",
        source="Example Wire",
    ),
    "wahlen.md": markdown_page(
        "Die Bundesregierung plant neue Wahlgesetze",
        "Die Regierungen der Länder beraten über die Wahlgesetze.\n\n"
        "In der Stadt wurden viele neue Häuser gebaut.",
        date="2020-11-09T08:00:00+01:00",
        language="de",
        source="Beispiel Zeitung",
    ),
    "emoji.md": markdown_page(
        "Festival kembang api 🎆 di pantai",
        "Penonton bersorak 🎉 dan ab😀cd 𝐀lpha 𝐁eta 𠀀han muncul di layar.",
        date="2020-11-08T20:00:00+07:00",
        language="id",
        source="Contoh Berita",
    ),
}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Served:
    """A running server and the URL of the site's root on it."""

    root_url: str
    site: Path


def build_test_site(base: Path, base_url: str) -> Path:
    """The real build of a small site: the real seed plus Indonesian and English pages."""
    seeds = base / "seeds"
    seeds.mkdir()
    shutil.copy(REAL_SEED, seeds / REAL_SEED.name)
    for name, text in SEEDS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    out = base / "serve" / "repo"
    report = build_site(seeds, out, SiteConfig(base_url=base_url, language="id"))
    assert len(report.built) == 1 + len(SEEDS), report
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_test_site(tmp_path_factory.mktemp("browser-site"), "http://127.0.0.1/")


@pytest.fixture(scope="session")
def built_site_sharded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with every article in a search shard of its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("generator.search.shards.SHARD_MIN_DOCS", 1)
        patch.setattr("generator.search.shards.SHARD_HASH_MODULUS", 1)
        site = build_test_site(tmp_path_factory.mktemp("browser-site-sharded"), "http://127.0.0.1/repo/")
    meta = json.loads((site / "search" / "meta.json").read_text(encoding="utf-8"))
    assert [len(spec["shards"]) for spec in meta["languages"].values()] == [1, 1, 3]
    return site


@pytest.fixture(scope="session", params=["", "repo/"], ids=["domain-root", "sub-path-sharded"])
def served(request: pytest.FixtureRequest) -> Iterator[Served]:
    """The site at ``/`` (serving the site folder) or at ``/repo/`` (serving its parent)."""
    if request.param == "":
        site = request.getfixturevalue("built_site")
        directory = site
    else:
        site = request.getfixturevalue("built_site_sharded")
        directory = site.parent
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(root_url=f"http://127.0.0.1:{server.server_port}/{request.param}", site=site)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Per module: a running Sync API holds this thread's event loop, and other test modules
    (tests/test_serve.py) start their own afterwards."""
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = launch_chromium(playwright)
    yield launched
    launched.close()


@dataclass
class PageLog:
    """What a page reported while a test used it: console errors, uncaught errors, requests."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser: Browser, page_log: PageLog) -> Iterator[Page]:
    """A fresh page; the test fails if the console showed an error or a request failed."""
    context = browser.new_context()
    opened = context.new_page()
    opened.set_default_timeout(10_000)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            page_log.errors.append(message.text)

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: page_log.errors.append(str(error)))
    opened.on("request", lambda request: page_log.requests.append(request.url))
    opened.on("response", lambda response: response.status >= 400 and page_log.failed.append(response.url))
    yield opened
    context.close()
    assert page_log.errors == [], "browser console errors"
    assert page_log.failed == [], "failed requests"
