"""Serve: preview the built site on 127.0.0.1 and rebuild it when its inputs change.

File events only mark "rebuild wanted"; a burst of events gives one rebuild once the files
have been quiet for a moment. Each rebuild runs the ``build`` command in a fresh process, so
changes to the generator's own code are picked up and a crash cannot take the server down.
Browsers reload only after a successful build; a failed one is logged and the last good site
stays served. The page loads livereload's client as an external script (the site's
Content-Security-Policy forbids the inline snippet livereload injects by default).
"""

from __future__ import annotations

import errno
import logging
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from tornado import ioloop, web

from generator.errors import GeneratorError

logger = logging.getLogger("generator.serve")

QUIET_SECONDS = 0.3
"""Editors save a file in several writes, and a checkout touches many files: wait this long
after the last change before rebuilding."""

CHECK_INTERVAL_MS = 100


class ServeError(GeneratorError):
    """The preview server cannot start (the port is taken, say)."""


class HeadScriptInjector(web.OutputTransform):
    """Adds ``<script src="/livereload.js">`` before ``</head>`` of every HTML response."""

    tag = b""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):  # type: ignore[no-untyped-def]
        if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
            chunk = chunk.replace(b"</head>", self.tag + b"</head>", 1)
            if "Content-Length" in headers:
                headers["Content-Length"] = str(len(chunk))
        return status_code, headers, chunk


class RebuildOnChange:
    """Debounces file events into single rebuilds and reloads browsers after each good one."""

    def __init__(self, rebuild: Callable[[], bool]) -> None:
        self.rebuild = rebuild
        self.changed_at: float | None = None

    def mark_changed(self) -> None:
        self.changed_at = time.monotonic()

    def rebuild_when_quiet(self) -> None:
        if self.changed_at is None or time.monotonic() - self.changed_at < QUIET_SECONDS:
            return
        self.changed_at = None
        if self.rebuild():
            LiveReloadHandler.reload_waiters(path="*")
        else:
            logger.error("rebuild failed; still serving the last good site")


def ensure_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is already in use; choose another with --port") from exc
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def subprocess_rebuild(command: Sequence[str]) -> Callable[[], bool]:
    """A rebuild that runs ``command`` and says whether it succeeded."""

    def rebuild() -> bool:
        logger.info("rebuilding: %s", " ".join(command))
        return subprocess.run(list(command), check=False).returncode == 0

    return rebuild


def serve_site(
    site_dir: Path,
    watch_paths: Sequence[Path],
    rebuild: Callable[[], bool],
    host: str = "127.0.0.1",
    port: int = 8000,
    mount_path: str = "/",
) -> None:
    """Serve ``site_dir`` at ``http://host:port{mount_path}`` until interrupted.

    ``mount_path`` rehearses a GitHub project-pages sub-path such as ``/repo/``.
    """
    ensure_port_free(host, port)
    mount = "/" + mount_path.strip("/") + "/" if mount_path.strip("/") else "/"
    watcher = RebuildOnChange(rebuild)
    server = Server()
    for path in watch_paths:
        if path.exists():
            server.watch(str(path), watcher.mark_changed, delay="forever")
    HeadScriptInjector.tag = f'<script src="/livereload.js?port={port}" defer></script>'.encode()
    LiveReloadHandler.watcher = server.watcher
    LiveReloadHandler.live_css = True
    handlers = [
        (r"/livereload", LiveReloadHandler),
        (r"/livereload.js", LiveReloadJSHandler),
        (mount + r"(.*)", StaticFileHandler, {"path": str(site_dir.absolute()), "default_filename": "index.html"}),
    ]
    application = web.Application(handlers=handlers, transforms=[HeadScriptInjector])
    application.listen(port, address=host)
    logger.info("serving %s at http://%s:%d%s", site_dir, host, port, mount)
    LiveReloadHandler.start_tasks()
    ioloop.PeriodicCallback(watcher.rebuild_when_quiet, CHECK_INTERVAL_MS).start()
    try:
        ioloop.IOLoop.current().start()
    except KeyboardInterrupt:
        logger.info("stopped")
