"""`serve` for real: a server process, a headless Chromium page, a seed edited on disk."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from generator.serve import QUIET_SECONDS, SETTLED_SECONDS, RebuildOnChange
from tests.conftest import PROJECT_ROOT, launch_chromium, markdown_page


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def server(write_seeds, tmp_path: Path):
    seeds = write_seeds({"a.md": markdown_page("First title", "Body one.", date="2020-11-05T20:06:00+07:00")})
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--seeds", str(seeds), "--out", str(tmp_path / "site"),
         "--config", str(tmp_path / "none.toml"), "--report", str(tmp_path / "report.json"),
         "--cache", str(tmp_path / "cache"), "--port", str(port), "--mount", "/repo/"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/repo/")
        yield seeds, port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_edit_a_seed_and_the_open_page_reloads(server) -> None:
    seeds, port = server
    # Playwright's sync API runs one instance per thread; other browser tests may hold this one's.
    with ThreadPoolExecutor(max_workers=1) as thread:
        errors = thread.submit(edit_while_watching, seeds, port).result(timeout=120)
    assert errors == []


def edit_while_watching(seeds: Path, port: int) -> list[str]:
    """Open the front page, edit the seed on disk, wait for the page to show the new title."""
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)
        with page.expect_websocket() as connecting:
            page.goto(f"http://127.0.0.1:{port}/repo/")
        connecting.value.wait_for_event("framereceived")
        title = page.locator("ol.article-list h2")
        expect(title).to_have_text("First title")
        (seeds / "a.md").write_text(markdown_page("Second title", "Body two.", date="2020-11-05T20:06:00+07:00"))
        expect(title).to_have_text("Second title", timeout=20000)
        browser.close()
    return errors


def test_a_busy_port_is_a_clear_error(write_seeds, tmp_path: Path) -> None:
    seeds = write_seeds({"a.md": markdown_page("T", "Body.")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "--seeds", str(seeds), "--out", str(tmp_path / "site"),
             "--config", str(tmp_path / "none.toml"), "--report", str(tmp_path / "r.json"),
             "--cache", str(tmp_path / "cache"), "--port", str(port)],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
        )
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr


def test_serve_binds_loopback_and_refuses_paths_outside_the_site(server) -> None:
    _, port = server
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/repo/..%2f..%2fseeds/a.md", timeout=5)
    assert error.value.code in (403, 404)


def serve_command(seeds: Path, out: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "generator", "serve", "--seeds", str(seeds), "--out", str(out),
            "--config", str(out.parent / "site.toml"), "--report", str(out.parent / "report.json"),
            "--cache", str(out.parent / "cache"), "--port", str(port)]


def test_config_edits_rebuild_and_code_edits_restart_but_nothing_else_does(write_seeds, tmp_path: Path) -> None:
    """Its own writes (staging, retired sites, cache) never trigger the server; the config
    file does; a change in the generator's code restarts it with the new code."""
    seeds = write_seeds({"a.md": markdown_page("First title", "Body one.")})
    package = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "generator", package / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT_ROOT / "themes", package / "themes")
    port = free_port()
    (tmp_path / "site.toml").write_text('title = "Before"\n')
    process = subprocess.Popen(serve_command(seeds, tmp_path / "site", port), cwd=package,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert b"Before" in wait_for(f"http://127.0.0.1:{port}/")
        time.sleep(2)
        (tmp_path / "site.toml").write_text('title = "After"\n')
        deadline = time.monotonic() + 20
        while b"After" not in wait_for(f"http://127.0.0.1:{port}/") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert b"After" in wait_for(f"http://127.0.0.1:{port}/")
        time.sleep(2)
        init = package / "generator" / "__init__.py"
        init.write_text(init.read_text() + "\n")
        deadline = time.monotonic() + 30
        time.sleep(1)
        while time.monotonic() < deadline:
            try:
                wait_for(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert output.count("built 1 article(s)") == 3, output
    assert output.count("restarting") == 1, output


def test_a_closed_file_rebuilds_sooner_than_a_file_still_being_written() -> None:
    builds: list[float] = []

    def rebuild() -> bool:
        builds.append(time.monotonic())
        return True

    actions = RebuildOnChange(rebuild, restart=lambda: None, reload=lambda: None)

    def wait_for_build(settled: bool) -> float:
        builds.clear()
        actions.mark_changed(settled)
        marked = time.monotonic()
        while not builds:
            actions.act_when_quiet()
            time.sleep(0.002)
        return builds[0] - marked

    assert SETTLED_SECONDS <= wait_for_build(settled=True) < QUIET_SECONDS
    assert wait_for_build(settled=False) >= QUIET_SECONDS
    # A write after the close (an editor writing another file of the same save) waits again.
    actions.mark_changed(True)
    actions.mark_changed(False)
    time.sleep(SETTLED_SECONDS * 2)
    builds.clear()
    actions.act_when_quiet()
    assert builds == []
