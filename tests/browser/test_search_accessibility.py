"""The search page under axe-core (tests/vendor/axe-core, vendored by scripts/vendor_axe.sh)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Served

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("query", ["", "Pompeo", "zzzyxwv", "pemilihan Korea"], ids=["empty", "hits", "none", "two"])
def test_search_page_has_no_axe_violations(browser: Browser, served: Served, query: str) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/vendor_axe.sh (the accessibility tests never skip)")
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    page = context.new_page()
    page.goto(served.root_url + "search/" + (f"?q={query}" if query else ""))
    if query:
        expect(page.locator("#search-status")).to_have_text(re.compile(r"hasil untuk “.*”\.$"))
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "axe.run(document).then(result => result.violations.map("
        "v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))]))"
    )
    context.close()
    assert violations == []
