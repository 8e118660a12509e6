import codecs
import hashlib
import os
import time
from pathlib import Path

import pytest

from generator.errors import SeedError
from generator.ingest import (
    MAX_SEED_BYTES,
    SETTLED_NS,
    find_seed_files,
    read_seed,
    scan_seeds,
    seed_from_bytes,
    settle_seen,
)
from generator.models import SeedKind

TEXT = "Berita hari ini – café, naïve, “quotes”\nBaris kedua.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_unicode_encodings_decode_exactly(data: bytes) -> None:
    assert seed_from_bytes("a.txt", data, SeedKind.TEXT).text == TEXT


def test_windows_1252_is_detected() -> None:
    text = ("Le café de la gare a rouvert ses portes “ce matin” – une très bonne nouvelle pour "
            "les habitués du quartier, qui attendaient ce moment depuis des mois.\n")
    seed = seed_from_bytes("a.txt", text.encode("cp1252"), SeedKind.TEXT)
    assert seed.text == text


def test_latin_1_is_detected() -> None:
    text = "Der Bürgermeister äußerte sich am Dienstag über die Größe des neuen Parks in München.\n"
    assert seed_from_bytes("a.txt", text.encode("latin-1"), SeedKind.TEXT).text == text


def test_line_endings_are_normalised() -> None:
    seed = seed_from_bytes("a.txt", b"one\r\ntwo\rthree\nfour", SeedKind.TEXT)
    assert seed.text == "one\ntwo\nthree\nfour"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\t\r\n ", "the file holds only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file"),
        (b"PK\x03\x04\x14\x00\x00\x00", "binary file"),
        (b"text\x00with\x00nuls", "binary file"),
        (codecs.BOM_UTF8 + b"\xff\xfe broken", "not valid UTF-8"),
    ],
)
def test_files_that_are_not_text_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(SeedError, match=reason) as error:
        seed_from_bytes("bad.bin", data, SeedKind.TEXT)
    assert str(error.value).startswith("bad.bin: ")


def test_kind_follows_the_suffix(write_seeds) -> None:
    folder = write_seeds({"a.md": "x", "b.HTML": "x", "c.htm": "x", "d.txt": "x", "e": "x", "f.markdown": "x"})
    kinds = {path.name: read_seed(path, folder).kind for path in find_seed_files(folder)}
    assert kinds == {
        "a.md": SeedKind.MARKDOWN, "b.HTML": SeedKind.HTML, "c.htm": SeedKind.HTML,
        "d.txt": SeedKind.TEXT, "e": SeedKind.TEXT, "f.markdown": SeedKind.MARKDOWN,
    }


def test_seed_files_are_sorted_hidden_skipped_symlinks_not_followed(write_seeds, tmp_path: Path) -> None:
    folder = write_seeds({"b.txt": "b", "a/z.txt": "z", ".hidden.txt": "h", ".git/x.txt": "x", "a b ü.txt": "u"})
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    os.symlink(outside, folder / "link.txt")
    names = [path.relative_to(folder).as_posix() for path in find_seed_files(folder)]
    assert names == ["a b ü.txt", "a/z.txt", "b.txt", "link.txt"]
    with pytest.raises(SeedError, match=r"link\.txt: symbolic link, not followed"):
        read_seed(folder / "link.txt", folder)


def test_seed_name_is_relative_and_digest_is_of_the_bytes(write_seeds) -> None:
    folder = write_seeds({"sub/page.txt": "hello"})
    seed = read_seed(folder / "sub" / "page.txt", folder)
    assert seed.name == "sub/page.txt"
    assert seed.digest == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"


def test_oversized_seed_is_refused_without_reading_it(write_seeds) -> None:
    folder = write_seeds({"big.txt": "x"})
    with open(folder / "big.txt", "r+b") as handle:
        handle.truncate(MAX_SEED_BYTES + 1)
    with pytest.raises(SeedError, match="over the 10 MB limit"):
        read_seed(folder / "big.txt", folder)


def test_missing_seeds_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="does not exist"):
        find_seed_files(tmp_path / "nope")


def test_control_characters_are_dropped_and_odd_line_breaks_normalised() -> None:
    text = "An ordinary line of text, long enough to be text.\n" * 4
    seed = seed_from_bytes("a.txt", (text + "ab\x1fc\x7f\td\x0be\x0cf\u2028g\u2029h\x1ei").encode(), SeedKind.TEXT)
    assert seed.text == text + "abc\td\ne\nf\ng\nh\ni"


def test_a_long_build_vouches_for_the_files_it_scanned_too_new(write_seeds) -> None:
    """A cold build of seeds copied just before it outlasts the settle window: at its end, the
    files it read too soon are read again and entered, so the next build (serve's first edit)
    reads nothing; a file changed since the scan is left for the next build to read."""
    folder = write_seeds({"a.txt": "first seed", "b.txt": "second seed"})
    files, _, seen = scan_seeds(folder)
    assert seen == {}
    assert settle_seen(files, seen) == {}, "still too new to vouch for"
    (folder / "b.txt").write_text("second seed, changed during the build")
    time.sleep(SETTLED_NS / 1e9 + 0.1)
    settled = settle_seen(files, seen)
    assert set(settled) == {"a.txt"}
    assert settled["a.txt"][1] == hashlib.sha256(b"first seed").hexdigest()
    again = {file.name: file.digest for file in scan_seeds(folder, settled)[0]}
    assert again["b.txt"] == hashlib.sha256(b"second seed, changed during the build").hexdigest()


def test_a_scan_reads_only_files_whose_stat_changed(write_seeds) -> None:
    folder = write_seeds({"a.txt": "first seed", "b.txt": "second seed"})
    # Two writes within one clock tick can leave the same stat: a file changed just before
    # the scan is not vouched for by its stat.
    assert scan_seeds(folder)[2] == {}
    time.sleep(SETTLED_NS / 1e9 + 0.1)
    files, _, seen = scan_seeds(folder)
    assert {file.name: file.digest for file in files} == {name: digest for name, (_, digest) in seen.items()}
    assert set(seen) == {"a.txt", "b.txt"}
    # A table entry whose stat matches is trusted as it is (here: a recognisable fake hash).
    vouched = {**seen, "a.txt": (seen["a.txt"][0], "f" * 64)}
    assert {file.name: file.digest for file in scan_seeds(folder, vouched)[0]}["a.txt"] == "f" * 64
    # Rewritten with the same size and modification time: the change time still differs.
    mtime = (folder / "a.txt").stat().st_mtime_ns
    (folder / "a.txt").write_text("FIRST SEED")
    os.utime(folder / "a.txt", ns=(mtime, mtime))
    again = {file.name: file.digest for file in scan_seeds(folder, vouched)[0]}
    assert again["a.txt"] == hashlib.sha256(b"FIRST SEED").hexdigest()
