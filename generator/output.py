"""Output: write a site's files into a staging folder, then swap it in whole.

The one writer of the output folder. Every path is checked to stay inside the site. A build
fills a staging folder as its outputs are made and swaps it with the site in one step (Linux
``renameat2`` RENAME_EXCHANGE), so a build that fails or is killed leaves the previous site
whole, and no build holds the whole site in memory.

With a build cache on the site's file system, the staging folder is not made from nothing:
the swap leaves the replaced site in the cache folder (the *spare*), and the next build updates
the spare into the new site, touching only the files that differ from it (a file equal to the
live site's is hard-linked from it, others are written), then swaps again. A file the live
site shares (a hard link) is never written into: its name is unlinked first; a file only the
spare holds is written over in place (creating a file costs the file system far more).
A build without a spare (the first, or after the site was edited) makes the staging folder
from nothing and keeps a hard-linked copy of the new site as the next spare.

Whether a site is untouched since the build that wrote it (so its files can be reused) is
told by its *stamp*: every file's and folder's size, modification time and inode as written.
Editing a file changes its own, adding, removing or renaming an entry its folder's.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import NamedTuple

from generator.errors import BuildError

STAGING_PREFIX = ".staging-"
RETIRED_PREFIX = ".retired-"
RENAME_EXCHANGE = 2
AT_FDCWD = -100
NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)

Stat = tuple[int, int, int]
"""A file's or folder's size, modification time (ns) and inode."""

STAMP_PROBE_ENTRIES = 512
PROBE_WAITS_IN_MEMORY = 16
"""``is_untouched`` checks this many entries first, alone, and counts the times its thread had
to wait in the kernel meanwhile: none when the file system's metadata is in memory (~1.5 ms),
nearly one a stat when it is read from the disk (~33 ms); past this many, threads check the
rest. Time would not tell: on a busy machine the probe is slow for want of a core (5 ms here,
with three other processes busy), and threads would only add work."""
STAMP_THREADS = 8
STAMP_CHUNK = 2000


class OutputFile(NamedTuple):
    """One file of a built site (a named tuple: a manifest holds tens of thousands, and every
    build reads one)."""

    digest: str
    """SHA-256 of its bytes."""
    size: int
    key: str = ""
    """The cache key it was made from: a later build that makes the same key reuses every file
    made from it. Empty for the files every build makes again."""


@dataclass(frozen=True, slots=True)
class SiteManifest:
    """What a build wrote, and the stamp of the folder as written."""

    files: dict[str, OutputFile]
    stamp: dict[str, Stat]
    """Each file's stat by path, each folder's by path and ``/``, the root's under ``""``."""


@dataclass(frozen=True, slots=True)
class Spare:
    """A former site kept in the cache folder, for the next build to update into the new one."""

    name: str
    """Its folder under the spare root."""
    manifest: SiteManifest


def stat_of(path: str, dir_fd: int | None = None) -> Stat:
    info = os.stat(path, dir_fd=dir_fd, follow_symlinks=False)
    return info.st_size, info.st_mtime_ns, info.st_ino


def kernel_waits() -> int:
    """How many times this thread has waited in the kernel (for the disk among others): its
    voluntary context switches."""
    return resource.getrusage(resource.RUSAGE_THREAD).ru_nvcsw


def is_untouched(out_dir: Path, manifest: SiteManifest) -> bool:
    """The output folder is exactly as the last build left it.

    Every entry is stat-ed: 3 us each when the metadata is in memory, here in this thread. A build
    that finds the page cache empty (a daily build may) waits on the disk instead, ~31 us an
    entry; threads then wait together: 53,895 entries in 0.62 s instead of 1.69 s (8 threads;
    with the metadata in memory they only contend for the GIL: 0.37 s instead of 0.16 s, hence
    the probe first)."""
    try:
        root = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return False
    entries = list(manifest.stamp.items())

    def unchanged(part: Sequence[tuple[str, Stat]]) -> bool:
        return all(stat_of(path or ".", root) == stamp for path, stamp in part)

    try:
        waits = kernel_waits()
        if not unchanged(entries[:STAMP_PROBE_ENTRIES]):
            return False
        rest = entries[STAMP_PROBE_ENTRIES:]
        if kernel_waits() - waits <= PROBE_WAITS_IN_MEMORY:
            return unchanged(rest)
        chunks = [rest[at : at + STAMP_CHUNK] for at in range(0, len(rest), STAMP_CHUNK)]
        with ThreadPoolExecutor(STAMP_THREADS) as pool:
            return all(pool.map(unchanged, chunks))
    except OSError:
        return False
    finally:
        os.close(root)


class UntouchedCheck:
    """``is_untouched``, asked in a forked child process: a build that has work to do starts it
    and reads its cache and makes its articles meanwhile, which takes longer (0.17 s of stats at
    10,000 seeds from memory, 0.6 s from the disk). A thread would not do: each stat would wait
    for the busy interpreter's lock. The child inherits the manifest (nothing is copied) and
    ends as soon as it has answered. ``result`` waits for the answer, once; a child that failed
    answers no: the site is then written whole."""

    def __init__(self, out_dir: Path, manifest: SiteManifest) -> None:
        context = multiprocessing.get_context("fork")
        self._answers, sender = context.Pipe(duplex=False)
        self._child = context.Process(target=answer_untouched, args=(sender, out_dir, manifest), daemon=True)
        self._child.start()
        sender.close()
        self._answer: bool | None = None

    def result(self) -> bool:
        if self._answer is None:
            try:
                self._answer = bool(self._answers.recv())
            except EOFError:
                self._answer = False
            self._answers.close()
            self._child.join()
        return self._answer


def answer_untouched(sender: Connection, out_dir: Path, manifest: SiteManifest) -> None:
    """The child's work: send the answer, then end without running anything of the parent's
    (exit handlers, flushing the output streams it shares)."""
    try:
        sender.send(is_untouched(out_dir, manifest))
    finally:
        os._exit(0)


def check_output_path(relative: str) -> None:
    """Refuse an output path that would land outside the site folder."""
    if not relative or relative.startswith("/") or "\\" in relative or any(
        part in ("", ".", "..") for part in relative.split("/")
    ):
        raise BuildError(f"refusing to write outside the site folder: {relative!r}")


def parent_folders(path: str) -> list[str]:
    """The folders above a path, outermost first (``""`` is the root)."""
    parts = path.split("/")[:-1]
    return ["", *("/".join(parts[: end + 1]) for end in range(len(parts)))]


def folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder above some paths (``""`` is the root): ``parent_folders`` of each, walking
    up only to a folder already found (a site has tens of thousands of files in few folders)."""
    found = {""}
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return found


def folder_key(folder: str) -> str:
    """A folder's key in a stamp: its path and a slash, the root as ``""``."""
    return folder + "/" if folder else ""


class SiteWriter:
    """Fills one build's staging folder, file by file, then swaps it in (``finish``).

    ``live`` is the manifest of the site now in ``out_dir``, given only when that site is
    untouched: its files can then be reused by key. ``spare_root`` is a folder on the site's
    file system where spares are kept (None: no spare, the staging folder is made beside the
    site); ``spare`` is the one the last build left, usable only with ``live``.
    """

    def __init__(
        self,
        out_dir: Path,
        live: SiteManifest | None = None,
        spare_root: Path | None = None,
        spare: Spare | None = None,
        remove_in_background: bool = False,
    ) -> None:
        self.out_dir = out_dir.absolute()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.remove_in_background = remove_in_background
        self.live = live
        self.reusable: dict[str, list[str]] = {}
        """The keys the live site's files were made from, with their paths."""
        for path, entry in (live.files if live is not None else {}).items():
            if entry.key:
                self.reusable.setdefault(entry.key, []).append(path)
        remove_stale(self.out_dir.parent, f".{self.out_dir.name}{STAGING_PREFIX}", (), remove_in_background)
        self.spare_root = spare_root if spare_root is not None and on_same_device(spare_root, self.out_dir) else None
        usable = spare if live is not None and self.spare_root is not None else None
        if usable is not None and not (self.spare_root / usable.name).is_dir():
            usable = None  # a killed build took it
        if self.spare_root is not None:
            remove_stale(self.spare_root, "", [usable.name] if usable else [], remove_in_background)
            self.staging = self.spare_root / f"{STAGING_PREFIX}{os.getpid()}"
        else:
            self.staging = self.out_dir.with_name(f".{self.out_dir.name}{STAGING_PREFIX}{os.getpid()}")
        if usable is not None and self.spare_root is not None:
            (self.spare_root / usable.name).rename(self.staging)
            base = usable.manifest
        else:
            self.staging.mkdir()
            base = SiteManifest({}, {})
        self.base = dict(base.files)
        """Files in the staging folder (the spare's) that no output has claimed yet."""
        self.base_stamp = base.stamp
        self.folders = {key.removesuffix("/") for key in base.stamp if key.endswith("/")} | {""}
        """Folders in the staging folder."""
        self.files: dict[str, OutputFile] = {}
        self.changed: set[str] = {""}
        """Stamp keys of the entries this build changed: their stat is read again at the end."""

    def reuse(self, key: str) -> None:
        """Keep the files the live site made from ``key``."""
        paths = self.reusable.get(key)
        if not paths or self.live is None:
            raise BuildError(f"no file of the site was made from key {key}")
        for path in paths:
            entry = self.live.files[path]
            self.claim(path, entry)
            old = self.base.pop(path, None)
            if old is not None and old.digest == entry.digest:
                continue
            self.place(path, occupied=old is not None)
            os.link(os.path.join(self.out_dir, path), os.path.join(self.staging, path))

    def write(self, path: str, data: bytes, key: str = "") -> None:
        """Add one file; bytes equal to the spare's file are kept, to the live site's linked,
        others written over the spare's file when only the spare holds it, else anew."""
        check_output_path(path)
        entry = OutputFile(hashlib.sha256(data).hexdigest(), len(data), key)
        self.claim(path, entry)
        old = self.base.pop(path, None)
        if old is not None and old.digest == entry.digest:
            return
        target = os.path.join(self.staging, path)
        live = self.live.files.get(path) if self.live is not None else None
        as_live = live is not None and live.digest == entry.digest
        if old is not None and not as_live and write_over_unshared(target, data):
            self.changed.add(path)
            return
        self.place(path, occupied=old is not None)
        if as_live:
            os.link(os.path.join(self.out_dir, path), target)
            return
        with open(os.open(target, NEW_FILE_FLAGS, 0o644), "wb") as stream:
            stream.write(data)

    def write_all(self, files: Mapping[str, bytes], key: str = "") -> None:
        for path, data in files.items():
            self.write(path, data, key)

    def claim(self, path: str, entry: OutputFile) -> None:
        if path in self.files:
            raise BuildError(f"two outputs for the same file: {path}")
        self.files[path] = entry

    def place(self, path: str, occupied: bool) -> None:
        """Make room for a new file at ``path``: its folders exist, nothing is left at its name."""
        folder = path.rpartition("/")[0]
        if folder not in self.folders:
            for parent in parent_folders(path)[1:]:
                if parent not in self.folders:
                    self.remove(parent, occupied=self.base.pop(parent, None) is not None)
                    os.mkdir(os.path.join(self.staging, parent))
                    self.folders.add(parent)
                    self.changed.update((folder_key(parent), folder_key(parent.rpartition("/")[0])))
        self.remove(path, occupied)
        self.changed.update((path, folder_key(folder)))

    def remove(self, path: str, occupied: bool) -> None:
        """Remove the spare's file at ``path`` (``occupied``), or its folder of stale files."""
        if occupied:
            os.unlink(os.path.join(self.staging, path))
        elif path in self.folders:
            shutil.rmtree(os.path.join(self.staging, path))
            inside = path + "/"
            self.folders = {folder for folder in self.folders if folder != path and not folder.startswith(inside)}
            self.base = {name: entry for name, entry in self.base.items() if not name.startswith(inside)}

    def finish(self) -> tuple[SiteManifest, Spare | None]:
        """Remove what the spare held beyond this build's files, swap the staging folder in, and
        keep the replaced site as the next spare (or a hard-linked copy of the new one)."""
        for path in self.base:
            os.unlink(os.path.join(self.staging, path))
            self.changed.add(folder_key(path.rpartition("/")[0]))
        needed = folders_of(self.files)
        for folder in sorted(self.folders - needed, key=lambda name: -name.count("/")):
            os.rmdir(os.path.join(self.staging, folder))
            self.changed.add(folder_key(folder.rpartition("/")[0]))
        stamp = self.read_stamp(needed)
        had_site = self.out_dir.exists()
        swap_in(self.staging, self.out_dir)
        stamp[""] = stat_of(str(self.out_dir))
        manifest = SiteManifest(files=self.files, stamp=stamp)
        spare = None
        if self.spare_root is not None:
            name = f"{os.getpid()}-{time.monotonic_ns()}"
            if had_site and self.live is not None:
                self.staging.rename(self.spare_root / name)
                spare = Spare(name, self.live)
            else:
                spare = Spare(name, copy_site(self.out_dir, self.spare_root / name, manifest))
        retire(self.staging, self.out_dir, self.remove_in_background)
        return manifest, spare

    def read_stamp(self, folders: Iterable[str]) -> dict[str, Stat]:
        """The staging folder's stamp: the spare's, read again where this build changed it."""
        root = str(self.staging)
        stamp = {}
        for key in [*self.files, *(folder_key(folder) for folder in folders)]:
            known = self.base_stamp.get(key)
            stamp[key] = known if known is not None and key not in self.changed else stat_of(os.path.join(root, key))
        return stamp

    def abandon(self) -> None:
        """A failed build: remove its staging folder (and with it the spare it was made from)."""
        retire(self.staging, self.out_dir, self.remove_in_background)


def write_over_unshared(target: str, data: bytes) -> bool:
    """Write ``data`` over the file at ``target`` if no other name links to it (a spare's file
    the live site does not share), and say whether it did. A file written over keeps its inode:
    15 us a page here, against 180 us to unlink it and create another (the file system
    allocating an inode, and avoiding those freed in the last minute). A file that cannot be
    opened for writing (made read-only, or not a plain file) is left to be replaced."""
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    with open(descriptor, "wb") as stream:
        if os.fstat(descriptor).st_nlink != 1:
            return False
        stream.write(data)
        stream.truncate()
    return True


def on_same_device(folder: Path, out_dir: Path) -> bool:
    """A spare can only be swapped with a site on the same file system."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder.stat().st_dev == out_dir.parent.stat().st_dev


def copy_site(site: Path, target: Path, manifest: SiteManifest) -> SiteManifest:
    """A hard-linked copy of a site (new folders, the same files), and its manifest."""
    folders = sorted(folders_of(manifest.files))
    for folder in folders:
        os.mkdir(os.path.join(target, folder))
    for path in manifest.files:
        os.link(os.path.join(site, path), os.path.join(target, path))
    stamp = {path: manifest.stamp[path] for path in manifest.files}
    stamp.update((folder_key(folder), stat_of(os.path.join(target, folder))) for folder in folders)
    return SiteManifest(files=manifest.files, stamp=stamp)


def remove_stale(folder: Path, prefix: str, keep: Iterable[str], in_background: bool) -> None:
    """Remove entries of ``folder`` starting with ``prefix`` (staging folders of killed builds,
    spares no build will use), except ``keep``."""
    if not folder.is_dir():
        return
    kept = set(keep)
    for entry in folder.iterdir():
        if entry.name.startswith(prefix) and entry.name not in kept and RETIRED_PREFIX not in entry.name:
            retire(entry, entry, in_background)


def retire(old_site: Path, out_dir: Path, in_background: bool) -> None:
    """Delete a replaced site, now or from a detached process (under a name no build reuses)."""
    if not old_site.exists():
        return
    if not in_background:
        shutil.rmtree(old_site, ignore_errors=True)
        return
    retired = out_dir.with_name(f".{out_dir.name}{RETIRED_PREFIX}{os.getpid()}-{time.monotonic_ns()}")
    old_site.rename(retired)
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(retired)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def swap_in(staging: Path, out_dir: Path) -> None:
    """Make ``staging`` the new ``out_dir`` in one step; the old site ends up in ``staging``.

    Linux exchanges the two folders atomically (renameat2 RENAME_EXCHANGE), so readers see the
    old site or the new one, never neither. Elsewhere the old site is moved aside first.
    """
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None) if libc_name else None
    if renameat2 is not None:
        done = renameat2(AT_FDCWD, os.fsencode(staging), AT_FDCWD, os.fsencode(out_dir), RENAME_EXCHANGE)
        if done == 0:
            return
    aside = staging.with_name(staging.name + "-old")
    out_dir.rename(aside)
    staging.rename(out_dir)
    aside.rename(staging)
