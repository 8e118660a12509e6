"""Serve: preview the built site on 127.0.0.1 and rebuild it when its inputs change.

watchdog reports file events as they happen (inotify on Linux); an event only marks "rebuild
wanted", and a burst of events gives one rebuild once the files have been quiet for
``QUIET_SECONDS``, or only ``SETTLED_SECONDS`` when the last event was a file closed after
writing (an editor's save is over; a rename that ends an atomic save follows within a
millisecond).
Content changes (seeds, theme, configuration) are rebuilt in this process, where imports,
rules and the build cache are warm, so a one-seed edit reaches the browser within about a
second. A change to the generator's own code restarts the server process instead, so the new
code is what builds. Browsers reload only after a successful build; a failed one is logged and
the last good site stays served. The page loads livereload's client as an external script
(the site's Content-Security-Policy forbids the inline snippet livereload injects by default).
"""

from __future__ import annotations

import errno
import logging
import socket
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado import ioloop, web
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.errors import GeneratorError

logger = logging.getLogger("generator.serve")

CHECK_MS = 10
"""How often the server looks whether a marked change has gone quiet."""

QUIET_SECONDS = 0.15
"""Editors save a file in several writes, and a checkout touches many files: wait this long
after the last change before rebuilding."""

SETTLED_SECONDS = 0.03
"""The wait after a file was closed after writing: long enough for the rename or the next
file of the same save."""


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


class MarkChanges(FileSystemEventHandler):
    """Forwards watchdog's events (from its own thread) to the server's loop as marks;
    ``only`` limits them to one file of the folder watched."""

    def __init__(self, loop: ioloop.IOLoop, mark: Callable[[bool], None], only: str | None = None) -> None:
        self.loop = loop
        self.mark = mark
        self.only = only

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or "__pycache__" in str(event.src_path):
            return
        if event.is_directory and event.event_type == "modified":
            return  # echoes a change to an entry inside, which has its own event
        if self.only is not None and self.only not in (event.src_path, getattr(event, "dest_path", None)):
            return
        self.loop.add_callback(self.mark, event.event_type == "closed")


class RebuildOnChange:
    """Turns polled file changes into single rebuilds (or a restart) and reloads browsers."""

    def __init__(self, rebuild: Callable[[], bool], restart: Callable[[], None], reload: Callable[[], None]) -> None:
        self.rebuild = rebuild
        self.restart = restart
        self.reload = reload
        self.changed_at: float | None = None
        self.settled = False
        """Whether the last event closed a file after writing it."""
        self.code_changed = False

    def mark_changed(self, settled: bool = False) -> None:
        self.changed_at = time.monotonic()
        self.settled = settled

    def mark_code_changed(self, settled: bool = False) -> None:
        self.code_changed = True
        self.mark_changed(settled)

    def act_when_quiet(self) -> None:
        wait = SETTLED_SECONDS if self.settled else QUIET_SECONDS
        if self.changed_at is None or time.monotonic() - self.changed_at < wait:
            return
        self.changed_at = None
        if self.code_changed:
            logger.info("the generator's code changed: restarting")
            self.restart()
        elif self.rebuild():
            self.reload()
        else:
            logger.error("rebuild failed; still serving the last good site")


def ensure_port_free(host: str, port: int) -> None:
    """Fail early and clearly when another program listens there (connections of an earlier
    server still closing do not count: the server itself binds with SO_REUSEADDR too)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is already in use; choose another with --port") from exc
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def serve_site(
    site_dir: Path,
    content_paths: Sequence[Path],
    code_paths: Sequence[Path],
    rebuild: Callable[[], bool],
    restart: Callable[[], None],
    host: str = "127.0.0.1",
    port: int = 8000,
    mount_path: str = "/",
) -> None:
    """Serve ``site_dir`` at ``http://host:port{mount_path}`` until interrupted.

    ``mount_path`` rehearses a GitHub project-pages sub-path such as ``/repo/``.
    """
    ensure_port_free(host, port)
    mount = "/" + mount_path.strip("/") + "/" if mount_path.strip("/") else "/"
    actions = RebuildOnChange(rebuild, restart, reload=lambda: LiveReloadHandler.reload_waiters(path="*"))
    loop = ioloop.IOLoop.current()
    observer = Observer()
    for paths, mark in ((content_paths, actions.mark_changed), (code_paths, actions.mark_code_changed)):
        for path in (path.absolute() for path in paths):
            if path.is_dir():
                observer.schedule(MarkChanges(loop, mark), str(path), recursive=True)
            elif path.parent.is_dir():
                observer.schedule(MarkChanges(loop, mark, only=str(path)), str(path.parent), recursive=False)
    observer.start()
    HeadScriptInjector.tag = f'<script src="/livereload.js?port={port}" defer></script>'.encode()
    LiveReloadHandler.watcher = Watcher()  # livereload logs its last file path when reloading
    LiveReloadHandler.live_css = True
    handlers = [
        (r"/livereload", LiveReloadHandler),
        (r"/livereload.js", LiveReloadJSHandler),
        (mount + r"(.*)", StaticFileHandler, {"path": str(site_dir.absolute()), "default_filename": "index.html"}),
    ]
    application = web.Application(handlers=handlers, transforms=[HeadScriptInjector])
    application.listen(port, address=host)
    logger.info("serving %s at http://%s:%d%s", site_dir, host, port, mount)

    ioloop.PeriodicCallback(actions.act_when_quiet, CHECK_MS).start()
    try:
        loop.start()
    except KeyboardInterrupt:
        logger.info("stopped")
    finally:
        observer.stop()
