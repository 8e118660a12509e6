"""The search page in headless Chromium, at a domain root and under a sub-path."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageLog, Served

SEED_TITLE = "Pejabat Tinggi Korea Selatan akan Kunjungi AS di Tengah Situasi Ketidakpastian Pemilu"


def search(page: Page, served: Served, query: str) -> None:
    page.goto(served.root_url + "search/")
    page.get_by_role("searchbox").fill(query)
    page.get_by_role("searchbox").press("Enter")


def hit_titles(page: Page) -> list[str]:
    """Titles of the hits once the search has answered (the page's CSP forbids eval'd waits)."""
    expect(page.locator("#search-status")).to_have_text(re.compile(r"hasil untuk “.*”\.$"))
    return page.locator(".search-hit h2").all_inner_texts()


def test_index_is_loaded_only_when_used(page: Page, served: Served, page_log: PageLog) -> None:
    page.goto(served.root_url + "search/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in page_log.requests if "/search/meta.json" in url or "lunr" in url]
    page.get_by_role("searchbox").fill("Pompeo")
    expect(page.locator(".search-hit h2").first).to_have_text(SEED_TITLE)
    assert any(url.endswith("search/meta.json") for url in page_log.requests)


def test_indonesian_query_finds_the_real_seed_and_the_result_opens(page: Page, served: Served) -> None:
    search(page, served, "denuklirisasi")
    hit = page.locator(".search-hit").first
    expect(hit.locator("h2")).to_have_text(SEED_TITLE)
    expect(hit.locator("time")).to_have_attribute("datetime", "2020-11-05T20:06:00+07:00")
    expect(hit.locator(".search-hit-snippet")).not_to_be_empty()
    assert "q=denuklirisasi" in page.url
    hit.locator("a").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith(urlsplit(served.root_url).path + "2020/11/")
    expect(page.locator("h1")).to_have_text(SEED_TITLE)


def test_query_in_the_url_is_searched_on_load(page: Page, served: Served) -> None:
    page.goto(served.root_url + "search/?q=Pompeo")
    expect(page.get_by_role("searchbox")).to_have_value("Pompeo")
    expect(page.locator(".search-hit h2").first).to_have_text(SEED_TITLE)


def test_affixed_forms_and_inflections_match(page: Page, served: Served) -> None:
    search(page, served, "berkunjung")
    assert "Rencana kunjungan menteri ke Jakarta" in hit_titles(page)
    expect(page.locator(".search-hit mark").first).to_be_visible()
    search(page, served, "visiting")
    assert hit_titles(page) == ["Ministers visited the harbour"]


def test_two_words_rank_the_article_with_both_first(page: Page, served: Served) -> None:
    search(page, served, "Korea pemilihan")
    assert hit_titles(page)[0] == SEED_TITLE


def test_text_with_astral_characters_is_searchable(page: Page, served: Served) -> None:
    search(page, served, "ab😀cd")
    assert hit_titles(page) == ["Festival kembang api 🎆 di pantai"]


def test_no_results_are_said_clearly(page: Page, served: Served) -> None:
    search(page, served, "zzzyxwv")
    expect(page.locator("#search-status")).to_have_text("Tidak ada hasil untuk “zzzyxwv”.")
    assert hit_titles(page) == []


def test_page_without_javascript_says_what_to_do(browser, served: Served) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served.root_url + "search/")
    expect(page.locator(".search-noscript")).to_contain_text("memerlukan JavaScript")
    expect(page.locator(".search-noscript a")).to_have_attribute("href", "../archive/")
    context.close()


def test_no_internal_link_is_broken(page: Page, served: Served) -> None:
    """Crawl every internal link and asset from the front page and the search results."""
    search(page, served, "Pompeo")
    hit_titles(page)
    start = [served.root_url, page.url]
    seen: set[str] = set()
    queue = list(start)
    broken = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = page.request.get(url)
        if response.status != 200:
            broken.append((url, response.status))
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        page.goto(url)
        targets = page.eval_on_selector_all(
            "a[href], link[href], script[src], img[src]",
            "elements => elements.map(e => e.href || e.src)",
        )
        for target in targets:
            target = urldefrag(urljoin(url, target)).url
            if target.startswith(served.root_url) and target not in seen:
                queue.append(target)
    assert broken == []
    assert any("/2020/11/" in url for url in seen)


@pytest.mark.parametrize("query", ["pemilu", "menuduh", "terlepas"])
def test_words_sastrawijs_stems_differently_find_the_seed(
    page: Page, served: Served, page_log: PageLog, query: str
) -> None:
    """The build's stems come from the word table: sastrawijs is neither needed nor loaded."""
    search(page, served, query)
    assert SEED_TITLE in hit_titles(page)
    assert any("/search/id/words/" in url for url in page_log.requests)
    assert not [url for url in page_log.requests if "sastrawijs" in url]


def test_a_word_the_archive_lacks_is_stemmed_by_sastrawijs(page: Page, served: Served, page_log: PageLog) -> None:
    """"dikunjungi" is in no article; its stem "kunjung" is (in "kunjungan")."""
    search(page, served, "dikunjungi")
    assert "Rencana kunjungan menteri ke Jakarta" in hit_titles(page)
    assert any("sastrawijs" in url for url in page_log.requests)


def test_german_words_of_the_archive_need_no_stemmer_download(page: Page, served: Served, page_log: PageLog) -> None:
    search(page, served, "Häuser")
    assert hit_titles(page) == ["Die Bundesregierung plant neue Wahlgesetze"]
    assert any("/search/de/words/" in url for url in page_log.requests)
    assert not [url for url in page_log.requests if "lunr-languages" in url]


def test_a_german_word_the_archive_lacks_loads_the_lunr_languages_stemmer(
    page: Page, served: Served, page_log: PageLog
) -> None:
    """"Regierung" is in no article; its stem "regier" is (in "Regierungen")."""
    search(page, served, "Regierung")
    assert hit_titles(page) == ["Die Bundesregierung plant neue Wahlgesetze"]
    assert any(url.endswith("lunr-languages/lunr.de.min.js") for url in page_log.requests)
    expect(page.locator(".search-hit mark").first).to_have_text("Regierungen")
