"""Shared fixtures: small seed folders written inline, the project's real seed."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REAL_SEED = PROJECT_ROOT / "seeds" / "000_3f5251a220b8a8fc.txt"
GOLDEN_PAGE = PROJECT_ROOT / "tests" / "golden" / "000_3f5251a220b8a8fc.md"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Debian's Chromium, never a downloaded one; the flags keep it off this closed network."""


def launch_chromium(playwright: Playwright) -> Browser:
    """Headless Chromium for a browser test; without it the test fails (never skips)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (the browser tests never skip)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class RecordingPool(ThreadPoolExecutor):
    """A thread pool that keeps what it is sent: each submission's function and arguments."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.submitted: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []

    def submit(self, function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted.append((function, args))
        return super().submit(function, *args, **kwargs)


def markdown_page(title: str, body: str, **meta: str) -> str:
    """A front-matter Markdown seed; values are written as given (quote them if YAML needs it)."""
    lines = ["---", f"title: {title}", *(f"{key}: {value}" for key, value in meta.items()), "---", "", body, ""]
    return "\n".join(lines)


@pytest.fixture
def write_seeds(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write ``{file name: text or bytes}`` into a fresh seeds folder and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "seeds"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return write

