"""Ingest: find the seed files, read and decode each one into a ``Seed`` record.

The kind of a seed is decided by its file name: ``.md``/``.markdown`` is a front-matter
Markdown page, ``.html``/``.htm`` a saved HTML page, anything else a text dump. Reading never
writes anything; a file that cannot be a seed raises ``SeedError`` naming it and the reason.
``scan_seeds`` lists the folder's seeds with their content hashes, trusting an unchanged stat
as git's index does, so a build that finds nothing changed reads no seed.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from generator.errors import SeedError
from generator.models import Seed, SeedKind

MAX_SEED_BYTES = 10 * 1024 * 1024
"""A news page is well under 2 MB of text; past 10 MB a file is not one article."""

SNIFF_BYTES = 8192
"""How much of a file is looked at to tell binary from text: enough for any file header."""

KIND_BY_SUFFIX = {
    ".md": SeedKind.MARKDOWN,
    ".markdown": SeedKind.MARKDOWN,
    ".html": SeedKind.HTML,
    ".htm": SeedKind.HTML,
}

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one)."""

BINARY_SIGNATURES = (
    b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"BZh",
    b"\x7fELF", b"RIFF", b"OggS", b"\x00\x00\x01\x00",
)
"""File headers of formats that are never a news page (PDF, zip, images, gzip, ...)."""

ODD_LINE_BREAK = re.compile("[\v\f\x1c-\x1e\x85\u2028\u2029]")
STRAY_CHARACTER = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f\ufffe\uffff]")
"""Decoded text keeps tabs and newlines; other line separators become newlines, and control
characters (which XML feeds and sitemaps cannot carry) are dropped."""

CONTROL_CHAR_SHARE = 0.02
"""Text has almost no C0 control characters besides tab and newlines; binary data has many."""
CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13))


def find_seed_files(seeds_dir: Path) -> list[Path]:
    """Every file under the seeds folder, in a stable order (by name relative to the folder);
    hidden names (``.gitkeep``, ``.git/``) are left out. Symbolic links are listed, so
    ``read_seed`` can refuse them by name, but never followed: a seed is a file that lives in
    the seeds folder."""
    if not seeds_dir.is_dir():
        raise SeedError(str(seeds_dir), "the seeds folder does not exist")
    found: list[tuple[str, str]] = []
    folders = [("", str(seeds_dir))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_symlink() or entry.is_file(follow_symlinks=False):
                    found.append((prefix + entry.name, entry.path))
    return [Path(path) for _, path in sorted(found)]


def seed_kind(path: Path) -> SeedKind:
    return KIND_BY_SUFFIX.get(path.suffix.lower(), SeedKind.TEXT)


def read_seed(path: Path, seeds_dir: Path | None = None) -> Seed:
    """Read one seed file; its name is relative to ``seeds_dir`` when given."""
    name = path.relative_to(seeds_dir).as_posix() if seeds_dir else path.name
    data, _ = read_seed_bytes(path, name)
    return seed_from_bytes(name, data, seed_kind(path))


def read_seed_bytes(path: Path, name: str) -> tuple[bytes, str]:
    """A seed file's bytes and their SHA-256; links and oversized files are refused unread."""
    if path.is_symlink():
        raise SeedError(name, "symbolic link, not followed (copy the file into the seeds folder)")
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            raise SeedError(name, f"file is {size / 1024 / 1024:.1f} MB, over the 10 MB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(name, f"cannot read the file ({exc.strerror})") from exc
    return data, hashlib.sha256(data).hexdigest()


def seed_from_bytes(name: str, data: bytes, kind: SeedKind) -> Seed:
    """Decode raw bytes into a Seed; empty, binary or undecodable data raises SeedError."""
    text = decode_text(name, data).replace("\r\n", "\n").replace("\r", "\n")
    text = STRAY_CHARACTER.sub("", ODD_LINE_BREAK.sub("\n", text))
    if not text.strip():
        raise SeedError(name, "the file is empty" if not data else "the file holds only whitespace")
    return Seed(name=name, kind=kind, text=text, digest=hashlib.sha256(data).hexdigest())


def decode_text(name: str, data: bytes) -> str:
    """Bytes to text: a BOM decides, then strict UTF-8, then charset detection."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SeedError(name, f"not valid {encoding.upper()} despite its byte-order mark") from exc
    head = data[:SNIFF_BYTES]
    if head.startswith(BINARY_SIGNATURES) or looks_binary(head):
        raise SeedError(name, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Imported here: most seeds are UTF-8, and every build's process would load it for none.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise SeedError(name, "not text in any known encoding")
    return str(best)


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control characters mean the bytes are not text."""
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return bool(head) and controls / len(head) > CONTROL_CHAR_SHARE


@dataclass(frozen=True, slots=True)
class SeedFile:
    """A seed as found on disk: its name, kind and the hash of its bytes (read once)."""

    name: str
    path: Path
    kind: SeedKind
    digest: str


@dataclass(frozen=True, slots=True)
class SkippedSeed:
    seed: str
    reason: str


FileStat = tuple[int, int, int, int]
"""A file's size, modification and change times (ns) and inode."""

SeenSeeds = Mapping[str, tuple[FileStat, str]]
"""Seed files by name as an earlier scan read them: their stat, and the hash of their bytes."""

SETTLED_NS = 2_000_000_000
"""A stat vouches for a file's bytes only if the file was last changed this long before it was
read: two writes within one tick of the file system's clock can leave the same stat (git's
"racy" files)."""


def scan_seeds(
    seeds_dir: Path, seen: SeenSeeds | None = None
) -> tuple[list[SeedFile], list[SkippedSeed], dict[str, tuple[FileStat, str]]]:
    """Every seed file with its content hash; files that cannot be read are skipped.

    A file whose stat is the one ``seen`` holds for it keeps that hash unread (as git's index
    does); the third result is the table for the next scan.
    """
    found, skipped, table = [], [], {}
    seen = seen or {}
    root = str(seeds_dir) + os.sep
    for path in find_seed_files(seeds_dir):
        name = str(path).removeprefix(root).replace(os.sep, "/")
        now = time.time_ns()
        stat = file_stat(path)
        known = seen.get(name)
        if stat is not None and known is not None and known[0] == stat:
            digest = known[1]
        else:
            try:
                _, digest = read_seed_bytes(path, name)
            except SeedError as error:
                skipped.append(SkippedSeed(error.seed_name, error.reason))
                continue
        if stat is not None and now - max(stat[1], stat[2]) >= SETTLED_NS:
            table[name] = (stat, digest)
        found.append(SeedFile(name=name, path=path, kind=seed_kind(path), digest=digest))
    return found, skipped, table


def settle_seen(
    files: Sequence[SeedFile], table: Mapping[str, tuple[FileStat, str]]
) -> dict[str, tuple[FileStat, str]]:
    """A scan's table, with the files that were too new to be vouched for by their stat when
    scanned (``SETTLED_NS``) and are settled now, read again: each is entered if its bytes are
    still the ones the build used. A build that outlasts the settle window (a cold build of
    seeds just copied) so spares the next one reading them all again."""
    settled = dict(table)
    for file in files:
        if file.name in table:
            continue
        now = time.time_ns()
        stat = file_stat(file.path)
        if stat is None or now - max(stat[1], stat[2]) < SETTLED_NS:
            continue
        try:
            _, digest = read_seed_bytes(file.path, file.name)
        except SeedError:
            continue
        if digest == file.digest:
            settled[file.name] = (stat, digest)
    return settled


def file_stat(path: Path) -> FileStat | None:
    """A regular file's stat; None for links and what cannot be stat'ed (reading them says why)."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    if not S_ISREG(info.st_mode):
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino
