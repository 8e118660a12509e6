"""Every page type of both themes in headless Chromium: at 320 px and 1280 px, light and dark,
with a screenshot each and axe-core's accessibility rules run on each.

Each test hands a function to ``in_browser``, which runs it on the browser's own thread."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.theme_browser.conftest import (
    ARTIFACTS,
    AXE_SCRIPT,
    PAGE_TYPES,
    REAL_ARTICLE,
    SCHEMES,
    WIDTHS,
    PageLog,
    Served,
    open_context,
)

InBrowser = Callable[[Callable[[Browser], Any]], Any]

VIOLATIONS_INIT = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', event => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""
"""Installed before any page script (through the DevTools protocol, which CSP does not govern)."""

LAYOUT_PROBE = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(element => element.getBoundingClientRect().right > root.clientWidth + 1)
    .filter(element => getComputedStyle(element).position !== 'absolute')
    .map(element => element.tagName.toLowerCase() + (element.className ? '.' + element.className : ''));
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 5),
          background: getComputedStyle(document.body).backgroundColor,
          color: getComputedStyle(document.body).color,
          fonts: [...document.fonts].map(font => font.family)};
}"""

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(violation => ({
    id: violation.id, impact: violation.impact, help: violation.help,
    nodes: violation.nodes.map(node => node.target.join(' ') + ': ' + node.failureSummary)}));
}"""

RENDER_BLOCKING = """() => performance.getEntriesByType('resource')
  .filter(entry => entry.initiatorType === 'script' && entry.renderBlockingStatus === 'blocking')
  .map(entry => entry.name)"""


def artifact(*parts: str) -> Path:
    path = ARTIFACTS.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def open_page(page: Page, served: Served, path: str) -> None:
    response = page.goto(served.root_url + path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("load")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_fits_the_width_loads_nothing_foreign_and_is_captured(
    in_browser: InBrowser, served: Served, page_type: str, width: int, scheme: str
) -> None:
    log = PageLog(served.root_url)

    def check(browser: Browser) -> None:
        context = open_context(browser, width, scheme)
        page = context.new_page()
        page.add_init_script(VIOLATIONS_INIT)
        log.watch(page)
        try:
            open_page(page, served, PAGE_TYPES[page_type])
            layout = page.evaluate(LAYOUT_PROBE)
            page.screenshot(path=artifact("screenshots", served.theme, f"{page_type}-{width}px-{scheme}.png"),
                            full_page=True)
            assert layout["scrollWidth"] <= layout["clientWidth"], layout["wide"]
            assert page.evaluate("() => window.__cspViolations") == []
            assert page.evaluate(RENDER_BLOCKING) == []
            assert page.locator("h1").count() == 1
            expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$"))
        finally:
            context.close()

    in_browser(check)
    log.check()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_violation(in_browser: InBrowser, served: Served, page_type: str, width: int,
                                scheme: str) -> None:
    """axe-core needs eval, which the site's CSP forbids: only this context bypasses the CSP."""

    def check(browser: Browser) -> list[dict[str, Any]]:
        context = open_context(browser, width, scheme, bypass_csp=True)
        page = context.new_page()
        try:
            open_page(page, served, PAGE_TYPES[page_type])
            page.add_script_tag(path=str(AXE_SCRIPT))
            return page.evaluate(RUN_AXE)
        finally:
            context.close()

    violations = in_browser(check)
    report = artifact("axe", served.theme, f"{page_type}-{width}px-{scheme}.json")
    report.write_text(json.dumps(violations, indent=1, ensure_ascii=False), encoding="utf-8")
    assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)


def test_dark_scheme_and_print_change_the_look(in_browser: InBrowser, served: Served) -> None:
    def look(browser: Browser, scheme: str) -> dict[str, Any]:
        context = open_context(browser, 1280, scheme)
        page = context.new_page()
        try:
            open_page(page, served, REAL_ARTICLE)
            probe = page.evaluate(LAYOUT_PROBE)
            if scheme == "light":
                page.emulate_media(media="print")
                probe["print_nav"] = page.locator(".site-nav").evaluate("element => getComputedStyle(element).display")
                page.screenshot(path=artifact("screenshots", served.theme, "article-print.png"), full_page=True)
            return probe
        finally:
            context.close()

    light = in_browser(lambda browser: look(browser, "light"))
    dark = in_browser(lambda browser: look(browser, "dark"))
    assert light["fonts"] == [] and dark["fonts"] == [], "no web font may load"
    assert light["print_nav"] == "none"
    assert light["background"] != dark["background"]
    assert light["color"] != dark["color"]


def test_article_page_shows_reading_time_and_related_articles(in_browser: InBrowser, served: Served) -> None:
    def check(browser: Browser) -> None:
        context = open_context(browser, 1280, "light")
        page = context.new_page()
        try:
            open_page(page, served, REAL_ARTICLE)
            expect(page.get_by_text(re.compile(r"^\d+ menit baca$"))).to_be_visible()
            expect(page.get_by_role("heading", name="Artikel terkait")).to_be_visible()
            page.get_by_role("link", name="Rencana kunjungan Pompeo ke Seoul dibahas menteri").click()
            expect(page.locator("h1")).to_have_text("Rencana kunjungan Pompeo ke Seoul dibahas menteri")
            page.get_by_role("link", name="Kompas.com").first.click()
            expect(page.locator("h1")).to_have_text("Kompas.com")
        finally:
            context.close()

    in_browser(check)


def test_the_content_security_policy_blocks_inline_script(in_browser: InBrowser, served: Served) -> None:
    """The check axe's context must skip: in a normal context an injected inline script never runs."""

    def check(browser: Browser) -> bool:
        context = open_context(browser, 1280, "light")
        page = context.new_page()
        try:
            open_page(page, served, "")
            return page.evaluate("""() => {
              const script = document.createElement('script');
              script.textContent = 'window.__inlineRan = true;';
              document.head.appendChild(script);
              return window.__inlineRan === true;
            }""")
        finally:
            context.close()

    assert in_browser(check) is False


def test_search_works_in_both_themes_at_320_px(in_browser: InBrowser, served: Served) -> None:
    """The one script a lite page may have: the optional search."""
    log = PageLog(served.root_url)

    def check(browser: Browser) -> None:
        context = open_context(browser, 320, "light")
        page = context.new_page()
        log.watch(page)
        try:
            open_page(page, served, "search/?q=denuklirisasi")
            expect(page.locator(".search-hit h2").first).to_be_visible()
        finally:
            context.close()

    in_browser(check)
    log.check()


def test_axe_is_vendored_unmodified() -> None:
    sums = dict(reversed(line.split("  ", 1)) for line in
                (AXE_SCRIPT.parent / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    for name, digest in sums.items():
        assert hashlib.sha256((AXE_SCRIPT.parent / name).read_bytes()).hexdigest() == digest, name
    assert "axe.min.js" in sums and "LICENSE" in sums
    version = (AXE_SCRIPT.parent / "VERSION").read_text(encoding="utf-8").strip()
    assert AXE_SCRIPT.read_text(encoding="utf-8").startswith(f"/*! axe v{version}")
