"""Search at scale: generate an archive, build its search files, measure them in headless Chromium.

    .venv/bin/python bench/search_bench.py 1000 10000

For each size: N articles of ~600 words, half Indonesian, half English (words drawn with a
Zipf-like law from the test vocabularies and the Sastrawi dictionary with affixes, so stems
repeat across forms as in real text). Prints the build time, the site's search bytes, and per
query type the bytes fetched (gzip -6, what GitHub Pages sends) and the time from Enter to
the results on screen.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import random
import re
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import Sastrawi
from playwright.sync_api import Page, expect, sync_playwright

from generator.cache import files_of
from generator.config import SiteConfig
from generator.models import Article
from generator.render import SiteRenderer
from generator.search import build_search_files
from generator.theme import collect_static_files, load_theme

PROJECT = Path(__file__).resolve().parent.parent
WORDS_PER_ARTICLE = 600
INDONESIAN_AFFIXES = (("", ""), ("di", "kan"), ("ber", ""), ("me", "i"), ("pe", "an"), ("ke", "an"), ("", "nya"))
QUERIES = [
    ("id one word (cold: first query)", "pemilihan"),
    ("en one word", "government"),
    ("id affixed form", "berkunjung"),
    ("two words", "presiden election"),
    ("three words", "menteri washington kunjungan"),
    ("no results", "qqqzzzxxx"),
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    english = (PROJECT / "tests/data/search_vocabulary_en.txt").read_text().split()
    roots = [line.strip() for line in (Path(Sastrawi.__file__).parent / "Stemmer/data/kata-dasar.txt")
             .read_text().splitlines() if re.fullmatch("[a-z]{3,}", line.strip())]  # fmt: skip
    seed_words = (PROJECT / "tests/data/search_vocabulary_id.txt").read_text().split()
    indonesian = list(seed_words)
    for root in rng.sample(roots, 8000):
        prefix, suffix = rng.choice(INDONESIAN_AFFIXES)
        indonesian.append(prefix + root + suffix)
    rng.shuffle(english)
    rng.shuffle(indonesian)
    return english, indonesian


def text(rng: random.Random, words: list[str], count: int, weights: list[float]) -> str:
    chosen = rng.choices(words, weights=weights, k=count)
    sentences = [" ".join(chosen[i : i + 15]).capitalize() + "." for i in range(0, count, 15)]
    return "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def make_archive(size: int) -> list[Article]:
    rng = random.Random(size)
    english, indonesian = vocabulary(rng)
    weights = {id(words): [1 / (rank + 10) for rank in range(len(words))] for words in (english, indonesian)}
    start = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    articles = []
    for number in range(size):
        words, language = (indonesian, "id") if number % 2 else (english, "en")
        body = text(rng, words, WORDS_PER_ARTICLE, weights[id(words)])
        articles.append(Article(
            title=text(rng, words, 8, weights[id(words)]).rstrip("."), slug=f"article-{number}", body=body,
            seed_name=f"{number}.md", seed_digest=str(number), date=start + dt.timedelta(hours=7 * number),
            language=language, source=f"Source {number % 5}", summary=body[:280],
        ))  # fmt: skip
    return articles


def write_site(articles: list[Article], out: Path) -> tuple[float, dict[str, bytes]]:
    config = SiteConfig(language="id")
    started = time.perf_counter()
    files = files_of(build_search_files(articles, config))
    elapsed = time.perf_counter() - started
    renderer = SiteRenderer(config, load_theme(config.theme, PROJECT / "themes"))
    files = files | collect_static_files(load_theme(config.theme, PROJECT / "themes"))
    files["search/index.html"] = renderer.expand_template("search.html", "search/index.html")
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return elapsed, files


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def measure(page: Page, root: str, files: dict[str, bytes], fetched: list[str], query: str) -> tuple[int, float]:
    before = len(fetched)
    box = page.get_by_role("searchbox")
    box.fill(query)
    started = time.perf_counter()
    box.press("Enter")
    # Done when the status names this query (results or none, in the site's language).
    expect(page.locator("#search-status")).to_have_text(re.compile(f"“{re.escape(query.strip())}”\\.$"),
                                                        timeout=60_000)
    elapsed = time.perf_counter() - started
    return sum(gzipped(files[path]) for path in site_paths(root, fetched[before:])), elapsed


def site_paths(root: str, urls: list[str]) -> list[str]:
    paths = [urlsplit(url).path.removeprefix(urlsplit(root).path) for url in urls]
    return [path + "index.html" if path.endswith("/") or path == "" else path for path in paths]


def bench(size: int) -> None:
    articles = make_archive(size)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        build_seconds, files = write_site(articles, out)
        search_files = {path: data for path, data in files.items() if path.endswith(".json")}
        raw = sum(len(data) for data in search_files.values())
        packed = sum(gzipped(data) for data in search_files.values())
        meta = gzipped(files["search/meta.json"]) / 1e3
        print(f"\n{size} articles: search files built in {build_seconds:.1f} s; {len(search_files)} files, "
              f"{raw / 1e6:.1f} MB ({packed / 1e6:.1f} MB gzip); meta.json {meta:.1f} KB gzip")  # fmt: skip
        handler = functools.partial(QuietHandler, directory=str(out))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        root = f"http://127.0.0.1:{server.server_port}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            fetched: list[str] = []
            page.on("requestfinished", lambda request: fetched.append(request.url))
            page.goto(root + "search/")
            page.wait_for_load_state("networkidle")
            page_bytes = sum(gzipped(files[path]) for path in site_paths(root, fetched) if path in files)
            print(f"  search page before a query: {page_bytes / 1e3:.1f} KB gzip ({len(fetched)} requests)")
            for label, query in QUERIES:
                fetched_bytes, seconds = measure(page, root, files, fetched, query)
                status = page.locator("#search-status").inner_text()
                print(f"  {label:34} {query!r:32} {fetched_bytes / 1e3:7.1f} KB  {seconds * 1000:6.0f} ms  {status}")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    for argument in sys.argv[1:] or ["1000"]:
        bench(int(argument))
