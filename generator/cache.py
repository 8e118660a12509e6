"""Build cache: results of earlier builds, keyed by the content hashes of their inputs.

A stage asks the cache before computing something expensive (cleaning a seed, rendering a
body, indexing a partition) and stores what it computed. Keys are content hashes of *every*
input of the result, always including the generator's own code and rule data
(``code_version``), so a changed seed, theme, setting or generator never meets a stale entry:
when in doubt, a key simply misses and the result is computed again. A build that uses the
cache produces the same bytes as one that does not.

The site's files themselves are not stored here: the live site holds those of the last build,
each with the key it was made from (``make_outputs`` keeps them by key), so storing them again
would only double a cold build's writing (and make the cache 2.5 times its size).

Entries live in one SQLite file (stdlib, atomic commits, fast for many small values) under
the cache folder. Entries a build did not use are pruned when it finishes, so the cache stays
the size of one build.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice, repeat
from pathlib import Path
from typing import Any

PICKLE_PROTOCOL = 5

OUTPUTS_PER_CHUNK = 256
"""Outputs made at a time: batches big enough to keep an executor busy, and a bounded amount of
bytes in memory however large the site."""

PACKAGE_ROOT = Path(__file__).resolve().parent
PRUNE_FROM = 2
"""Entries are pruned when there are more than this many times as many as a build used."""

SCHEMA = "CREATE TABLE IF NOT EXISTS entries (namespace TEXT, key TEXT, value BLOB, PRIMARY KEY (namespace, key))"


def pickle_value(value: object) -> bytes:
    """A value as the cache stores it."""
    return pickle.dumps(value, protocol=PICKLE_PROTOCOL)


def content_key(*parts: str | bytes) -> str:
    """One hash of several inputs; parts are length-prefixed so ("ab", "c") != ("a", "bc")."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def value_key(*values: object) -> str:
    """One hash of some records (frozen dataclasses, tuples, strings): their pickles are fast
    to make and show every field. Equal values pickled with different object sharing may
    differ, which only costs a cache miss, never a stale hit."""
    return content_key(*(pickle_value(value) for value in values))


def code_version(package_root: Path = PACKAGE_ROOT) -> str:
    """Hash of the generator's source and rule data, and of the Python running it (whose
    pickles make keys): any upgrade or local edit changes it."""
    files = sorted(path for path in package_root.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    return content_key(sys.version, *(part for path in files for part in (path.relative_to(package_root).as_posix(),
                                                                           path.read_bytes())))


def folder_version(folders: Iterable[Path]) -> str:
    """Hash of every file in some folders (a theme and its parents)."""
    parts: list[str | bytes] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return content_key(*parts)


class BuildCache:
    """A namespaced key-value store of pickled results; ``None`` as folder disables it."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        """Where the cache lives; a stage may keep its own files in a sub-folder."""
        self.connection: sqlite3.Connection | None = None
        self.used: set[tuple[str, str]] = set()
        self.prune_allowed = True
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(folder / "cache.sqlite3")
            self.connection.execute(SCHEMA)

    def get_many(self, namespace: str, keys: Iterable[str]) -> dict[str, Any]:
        """The stored values for those keys that are present."""
        return {key: pickle.loads(data) for key, data in self.rows(namespace, keys)}

    def get_pickled(self, namespace: str, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored values for those keys that are present, still pickled: for a worker to
        read (see ``pickle_value``), without unpickling and pickling them again here."""
        return dict(self.rows(namespace, keys))

    def stored_keys(self, namespace: str, keys: Iterable[str]) -> list[str]:
        """Those of the keys that have a stored value, in their order, without reading the values
        (the primary key's index answers)."""
        wanted = list(dict.fromkeys(keys))
        found = {key for (key,) in self.select("key", namespace, wanted)}
        return [key for key in wanted if key in found]

    def rows(self, namespace: str, keys: Iterable[str]) -> Iterator[tuple[str, bytes]]:
        """(key, pickled value) of those keys that are present."""
        wanted = list(dict.fromkeys(keys))
        self.used.update(zip(repeat(namespace), wanted))
        yield from self.select("key, value", namespace, wanted)

    def select(self, columns: str, namespace: str, keys: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """``columns`` of the entries of those keys that are present, a query per 500 keys."""
        if self.connection is None:
            return
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            yield from self.connection.execute(
                f"SELECT {columns} FROM entries WHERE namespace = ? AND key IN ({','.join('?' * len(chunk))})",
                [namespace, *chunk],
            )

    def put_many(self, namespace: str, values: Mapping[str, Any]) -> None:
        # A generator: one pickled value in memory at a time.
        self.store(namespace, values.keys(), ((key, pickle_value(value)) for key, value in values.items()))

    def put_pickled(self, namespace: str, values: Mapping[str, bytes]) -> None:
        """Store values pickled elsewhere (by a worker, with ``pickle_value``)."""
        self.store(namespace, values.keys(), values.items())

    def store(self, namespace: str, keys: Collection[str], rows: Iterable[tuple[str, bytes]]) -> None:
        """Store (key, pickled value) rows; ``keys`` are theirs, marked used at once."""
        self.used.update(zip(repeat(namespace), keys))
        if self.connection is None or not keys:
            return
        self.connection.executemany(
            "INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", ((namespace, key, data) for key, data in rows))

    def keep(self, namespace: str, keys: Iterable[str]) -> None:
        """Mark entries as used by this build without reading them (so pruning keeps them)."""
        self.used.update(zip(repeat(namespace), keys))

    def holds_much_unused(self) -> bool:
        """Pruning costs a pass over every entry: worth it once unused ones are the majority."""
        assert self.connection is not None
        (count,) = self.connection.execute("SELECT count(*) FROM entries").fetchone()
        return count > PRUNE_FROM * len(self.used)

    def keep_all(self) -> None:
        """Nothing was looked up because nothing changed: pruning must not empty the cache."""
        self.prune_allowed = False

    def close(self, prune: bool) -> None:
        """Commit; with ``prune``, drop every entry this build did not use."""
        if self.connection is None:
            return
        if prune and self.prune_allowed and self.holds_much_unused():
            self.connection.execute(
                "CREATE TEMP TABLE used (namespace TEXT, key TEXT, PRIMARY KEY (namespace, key)) WITHOUT ROWID")
            self.connection.executemany("INSERT INTO used VALUES (?, ?)", sorted(self.used))
            self.connection.execute(
                "DELETE FROM entries WHERE NOT EXISTS (SELECT 1 FROM used WHERE used.namespace = entries.namespace "
                "AND used.key = entries.key)"
            )
        self.connection.commit()
        self.connection.close()
        self.connection = None


@dataclass(frozen=True, slots=True)
class Output:
    """Files a stage made from one cache key (every input of them). ``files`` None: the same
    files the build that wrote the live site made from this key, which the writer keeps."""

    key: str
    files: Mapping[str, bytes] | None


def files_of(outputs: Iterable[Output]) -> dict[str, bytes]:
    """All the files of some outputs made with nothing to reuse, as one map (for tools and
    tests that want a stage's files without a site to write)."""
    files: dict[str, bytes] = {}
    for output in outputs:
        if output.files is None:
            raise ValueError(f"output {output.key} has no files: it was to be kept from a live site")
        clash = files.keys() & output.files.keys()
        if clash:
            raise ValueError(f"two outputs for the same file: {', '.join(sorted(clash))}")
        files.update(output.files)
    return files


def make_outputs(
    keys: Iterable[str],
    make: Callable[[Sequence[str]], Iterable[Mapping[str, bytes]]],
    reusable: Collection[str] = (),
) -> Iterator[Output]:
    """The outputs of some keys, in order: kept from the live site when it has files made from
    the key (``reusable``), else made by ``make`` (given the missing keys, it returns their
    files in the same order).

    Keys are taken in chunks, and a chunk's ``make`` is called before the previous chunk's
    outputs are handed on: a ``make`` that works on an executor keeps it busy while the caller
    writes, and keys made as they are taken are made meanwhile too."""
    remaining = iter(keys)
    chunks = iter(lambda: list(islice(remaining, OUTPUTS_PER_CHUNK)), [])

    def begin(chunk: Sequence[str]) -> tuple[Sequence[str], list[str], Iterable[Mapping[str, bytes]]]:
        missing = [key for key in dict.fromkeys(chunk) if key not in reusable]
        return chunk, missing, make(missing)

    begun = [begin(chunk) for chunk in islice(chunks, 1)]
    while begun:
        chunk, missing, making = begun.pop(0)
        begun += [begin(following) for following in islice(chunks, 1)]
        made = dict(zip(missing, making, strict=True))
        for key in chunk:
            yield Output(key, None if key in reusable else made[key])
