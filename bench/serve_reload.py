"""How long `serve` takes from a seed edited on disk to the open page showing the change.

    python bench/serve_reload.py --seeds /path/to/raw-archive [--edits 5]

Builds and serves a copy of the archive, opens the newest article in headless Chromium
(Debian's /usr/bin/chromium), then edits its seed several times (a new word at the start of
the article) and measures, for each edit, the time until the page has reloaded and shows it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_served(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wait_for_page_with(page: Page, text: str) -> None:
    """Until the page has reloaded with ``text``. Its load event, not wait_for_selector: that
    polls at growing intervals (up to a second), which would be measured as the server's delay."""
    while True:
        page.wait_for_event("load", timeout=60_000)
        if page.get_by_text(text).count():
            return


def measure(archive: Path, edits: int) -> list[float]:
    work = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    seeds = work / "seeds"
    shutil.copytree(archive, seeds)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--seeds", str(seeds), "--out", str(work / "site"),
         "--config", str(work / "none.toml"), "--cache", str(work / "cache"), "--report", str(work / "r.json"),
         "--port", str(port)],
        cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    times = []
    try:
        wait_until_served(f"http://127.0.0.1:{port}/", timeout=1800)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            with page.expect_websocket() as connecting:
                page.goto(f"http://127.0.0.1:{port}/")
            connecting.value.wait_for_event("framereceived")
            article_url = f"http://127.0.0.1:{port}/" + page.locator("h2 a").first.get_attribute("href")
            with urllib.request.urlopen(article_url + "index.md") as response:
                seed_name = re.search(r"^seed: (.+)$", response.read().decode(), re.M).group(1).strip("'\"")
            edited = seeds / seed_name
            with page.expect_websocket() as connecting:
                page.goto(article_url)
            connecting.value.wait_for_event("framereceived")
            lead = page.locator(".article-body p").first.inner_text()[:60]
            text = edited.read_text(encoding="utf-8")
            if lead not in text:
                raise SystemExit(f"the article's first words {lead!r} are not in {edited.name}")
            for number in range(edits):
                marker = f"Benchmarkword{number}"
                started = time.monotonic()
                edited.write_text(text.replace(lead, f"{marker} {lead}", 1), encoding="utf-8")
                wait_for_page_with(page, marker)
                times.append(time.monotonic() - started)
                page.wait_for_timeout(500)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    times = measure(args.seeds, args.edits)
    count = len(list(args.seeds.iterdir()))
    print(f"serve, {count} seeds: edit -> page shows it: median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
