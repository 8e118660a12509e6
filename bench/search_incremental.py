"""Build cost of the search stage: cold, unchanged and one-article-added, with the build cache.

    .venv/bin/python bench/search_incremental.py 1000 10000 real1000 real10000

For each size: the search files of the bench archive (``search_bench.make_archive``; with
``real``, the Markdown articles of ``bench/archive.py``, bigram prose) built without a cache,
cold into an empty cache, again unchanged, then with one newer article and with one older
article added (each time checked byte for byte against a build without a
cache), plus the files' count and size.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive import write_archive
from search_bench import make_archive

from generator.cache import BuildCache, files_of
from generator.config import SiteConfig
from generator.ingest import find_seed_files, read_seed
from generator.models import Article
from generator.pages import article_from_markdown
from generator.search import build_search_files

CONFIG = SiteConfig(language="id")


def realistic_archive(count: int) -> list[Article]:
    """The Markdown articles of ``bench/archive.py``, read as the build reads them."""
    with tempfile.TemporaryDirectory() as folder:
        markdown = Path(folder)
        write_archive(count, None, markdown)
        return sorted((article_from_markdown(read_seed(path, markdown), dt.UTC) for path in find_seed_files(markdown)),
                      key=lambda article: article.date or dt.datetime.min.replace(tzinfo=dt.UTC))  # fmt: skip


class Timing:
    def __init__(self, wall: float, cpu: float, closing: float) -> None:
        self.wall, self.cpu, self.closing = wall, cpu, closing

    def __str__(self) -> str:
        return f"{self.wall:6.2f} s ({self.cpu:5.2f} CPU-s; then {self.closing:5.2f} s to commit and prune the cache)"


def timed(articles: list, cache_folder: Path | None) -> tuple[Timing, dict[str, bytes]]:
    cache = BuildCache(cache_folder)
    started, cpu = time.perf_counter(), time.process_time()
    files = files_of(build_search_files(articles, CONFIG, cache))
    built, cpu = time.perf_counter(), time.process_time() - cpu
    cache.close(prune=True)
    return Timing(built - started, cpu, time.perf_counter() - built), files


def main(argument: str) -> None:
    size = int(argument.removeprefix("real"))
    articles = realistic_archive(size + 1) if argument.startswith("real") else make_archive(size + 1)
    newest, articles = articles[-1], articles[:-1]
    oldest = dataclasses.replace(newest, slug="backfilled", date=dt.datetime(2014, 6, 1, tzinfo=dt.UTC))
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "cache"
        plain, files = timed(articles, None)
        packed = sum(len(gzip.compress(data, 6, mtime=0)) for data in files.values())
        print(f"{argument} articles: {len(files)} files, {sum(map(len, files.values())) / 1e6:.1f} MB "
              f"({packed / 1e6:.1f} MB gzip)")  # fmt: skip
        print(f"  no cache            {plain}  ({plain.wall / size * 1000:.2f} ms per article)")
        cold, cold_files = timed(articles, cache)
        print(f"  cold, into a cache  {cold}  (cache {(cache / 'cache.sqlite3').stat().st_size / 1e6:.0f} MB)")
        assert cold_files == files
        unchanged, same = timed(articles, cache)
        print(f"  unchanged           {unchanged}")
        assert same == files
        for label, changed in (("one newer article", [*articles, newest]), ("one older article", [*articles, oldest])):
            seconds, result = timed(changed, cache)
            rewritten = sum(1 for path, data in result.items() if files.get(path) != data)
            print(f"  {label:19} {seconds}  ({rewritten} files differ)")
            assert result == files_of(build_search_files(changed, CONFIG))
            timed(articles, cache)


if __name__ == "__main__":
    for argument in sys.argv[1:] or ["1000"]:
        main(argument)
