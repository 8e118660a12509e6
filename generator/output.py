"""Output: write a site's files into a staging folder beside the site, then swap it in.

The one writer of the output folder. Every path is checked to stay inside the staging folder;
a build that fails or is killed before the swap leaves the previous site whole (and its
staging folder is removed by the next build). Files whose bytes equal those of the previous
build are hard-linked from the previous site instead of written again, when the previous
site is provably untouched since that build (same paths, sizes and modification times).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import BuildError

STAGING_PREFIX = ".staging-"
RETIRED_PREFIX = ".retired-"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


@dataclass(frozen=True, slots=True)
class SiteManifest:
    """What a build wrote: each file's content hash, and a stamp of the folder as written."""

    digests: dict[str, str]
    stamp: str


def site_stamp(out_dir: Path) -> str:
    """A hash of every file's path, size and modification time: changes if anyone edits."""
    digest = hashlib.sha256()
    folders = [("", str(out_dir))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda entry: entry.name):
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    info = entry.stat(follow_symlinks=False)
                    digest.update(f"{prefix}{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def write_site(
    files: Mapping[str, bytes],
    out_dir: Path,
    reuse: SiteManifest | None = None,
    remove_in_background: bool = False,
) -> SiteManifest:
    """Write every file into a staging folder beside ``out_dir``, then swap it in.

    ``reuse`` is the manifest of the site now in ``out_dir``, given only when that site is
    untouched since it was written: a file with the same bytes is hard-linked from it. The
    replaced site is deleted afterwards; with ``remove_in_background`` a detached process
    deletes it, so the command returns as soon as the new site is in place (deleting tens of
    thousands of files can take longer than building them).
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(out_dir)
    staging = out_dir.with_name(f".{out_dir.name}{STAGING_PREFIX}{os.getpid()}")
    digests = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    previous = reuse.digests if reuse is not None else {}
    try:
        made: set[str] = set()
        for path in sorted(files):
            check_output_path(path)
            folder = path.rpartition("/")[0]
            if folder not in made:
                os.makedirs(os.path.join(staging, folder), exist_ok=True)
                made.add(folder)
            target = os.path.join(staging, path)
            if previous.get(path) == digests[path]:
                os.link(os.path.join(out_dir, path), target)
            else:
                with open(target, "wb") as handle:
                    handle.write(files[path])
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retire(staging, out_dir, remove_in_background)
    return SiteManifest(digests=digests, stamp=site_stamp(out_dir))


def check_output_path(relative: str) -> None:
    """Refuse an output path that would land outside the site folder."""
    if not relative or relative.startswith("/") or "\\" in relative or any(
        part in ("", ".", "..") for part in relative.split("/")
    ):
        raise BuildError(f"refusing to write outside the site folder: {relative!r}")


def remove_stale_staging(out_dir: Path) -> None:
    """Staging folders left by builds that were killed before their swap."""
    for leftover in out_dir.parent.glob(f".{out_dir.name}{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)


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
