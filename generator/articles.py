"""Seeds to articles: the per-seed stage of a build, cached by content and run in parallel.

Each seed becomes an ``Article`` or a ``SkippedSeed``. What that takes depends only on the
seed's bytes and name, the lines it shares with other seeds (the site profile), the settings
that shape an article (the time zone), and the generator's code and rules; the cache key is a
hash of exactly those, so an unchanged seed is never cleaned twice and a changed input is
never served stale.

Cleaning runs on a ``concurrent.futures.Executor``: a local process pool by default, or any
executor with the same interface, such as a Dask cluster's ``Client.get_executor()``. Work
travels in batches of plain data (names, bytes, the profile), so it runs wherever the executor
puts it.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from generator.cache import BuildCache, content_key, value_key
from generator.clean import Rules, SiteProfile, clean_seed, load_rules
from generator.clean.profile import LineCounts, LineKeys, recount_lines, seed_line_keys, tally_lines, template_lines
from generator.config import SiteConfig
from generator.errors import SeedError
from generator.ingest import SeedFile, SkippedSeed, seed_from_bytes
from generator.metadata import extract_metadata
from generator.models import Article, SeedKind
from generator.pages import article_from_cleaned, article_from_markdown

SEEDS_PER_BATCH = 32
"""Seeds sent to a worker at a time: big enough to amortise the hand-over, small enough to
spread uneven seeds over the workers."""

PARALLEL_BATCHES_FROM = 2
"""Below this many batches of seeds, starting work elsewhere costs more than it saves (when
this process has what the work needs at hand)."""


ARTICLE_NAMESPACE = "article"
REMOVED_NAMESPACE = "article-removed"
"""Build-cache namespaces, by a seed's outcome key: the outcome with a hash of it (an article
without its removed lines), and the article's removed lines (packed; empty for a skipped seed).
Every build reads every stored outcome, and only the pages it makes show the lines: at 10,000
bench dumps, they are 40 of the 95 MB a build read."""

Outcome = Article | SkippedSeed
B = TypeVar("B")
T = TypeVar("T")
R = TypeVar("R")


NO_LINE_KEYS: LineKeys = np.empty(0, dtype=np.uint64)


def read_line_keys(
    files: Iterable[SeedFile], cache: BuildCache, code: str, executor: Executor | None = None
) -> dict[str, LineKeys]:
    """Each dump's line keys (what the site profile counts), cached by the seed's bytes and the
    generator's code (as raw bytes: loading ten thousand takes milliseconds); the missing ones
    made on the executor (1.4 ms a seed: a cold build of 10,000 dumps would wait 14 s for them
    in its own process)."""
    dumps = {file.digest: file for file in files if file.kind is not SeedKind.MARKDOWN}
    stored = stored_line_keys(dumps, cache, code)
    missing = [file for digest, file in dumps.items() if digest not in stored]
    batches = [missing[start : start + SEEDS_PER_BATCH] for start in range(0, len(missing), SEEDS_PER_BATCH)]

    def payload(batch: Sequence[SeedFile]) -> list[tuple[str, SeedKind, bytes | None]]:
        return [(file.name, file.kind, read_or_none(file)) for file in batch]

    results = run_here_or_on(executor, line_keys_batch, batches, payload)
    made = {file.digest: data for batch, keys in zip(batches, results, strict=True)
            for file, data in zip(batch, keys, strict=True)}
    cache.put_many(line_keys_namespace(code), made)
    return {**stored, **{digest: np.frombuffer(data, dtype=np.uint64) for digest, data in made.items()}}


def stored_line_keys(digests: Iterable[str], cache: BuildCache, code: str) -> dict[str, LineKeys]:
    """The line keys the cache holds for some seeds' digests."""
    return {digest: np.frombuffer(data, dtype=np.uint64)
            for digest, data in cache.get_many(line_keys_namespace(code), digests).items()}


def line_keys_namespace(code: str) -> str:
    return "line-keys:" + code


LINE_COUNTS = "line-counts"
"""Cache namespace: under the code, the line counts of the last build's dumps and the dumps
(by digest, how many files of each) they count."""


LineKeysOf = Callable[[Iterable[SeedFile]], Mapping[str, LineKeys]]
"""Reads the line keys of some seeds (``read_line_keys``), remembering those it read."""


def count_site_lines(dumps: Sequence[SeedFile], cache: BuildCache, code: str, line_keys_of: LineKeysOf) -> LineCounts:
    """How many of the dumps print each line: the last build's counts, with the dumps that came
    since counted in and those that went counted out (their keys are still cached: every build
    keeps the keys of the dumps it counted), or, without those, every dump counted afresh."""
    digests = Counter(file.digest for file in dumps)
    cache.keep(line_keys_namespace(code), digests)
    last: tuple[Counter[str], LineCounts] | None = cache.get_many(LINE_COUNTS, [code]).get(code)
    counts = None
    if last is not None:
        counted, before = last
        gone = counted - digests
        gone_keys = stored_line_keys(gone, cache, code)
        if len(gone_keys) == len(gone):
            came = digests - counted
            came_keys = line_keys_of(file for file in dumps if file.digest in came)
            counts = recount_lines(before, [came_keys[digest] for digest in came.elements()],
                                   [gone_keys[digest] for digest in gone.elements()])
    if counts is None:
        every = line_keys_of(dumps)
        counts = tally_lines([every[file.digest] for file in dumps])
    if last is None or last[0] != digests:
        cache.put_many(LINE_COUNTS, {code: (digests, counts)})
    return counts


def read_or_none(file: SeedFile) -> bytes | None:
    """A seed's bytes, or None when it can no longer be read (gone since the scan)."""
    try:
        return file.path.read_bytes()
    except OSError:
        return None


def line_keys_batch(payload: Sequence[tuple[str, SeedKind, bytes | None]]) -> list[bytes]:
    """The line keys of a batch of seeds, as raw bytes (none for an unreadable seed: it is
    reported when it is cleaned); runs in a worker process."""
    results = []
    for name, kind, data in payload:
        try:
            keys = NO_LINE_KEYS if data is None else seed_line_keys(seed_from_bytes(name, data, kind))
        except SeedError:
            keys = NO_LINE_KEYS
        results.append(keys.tobytes())
    return results


def run_here_or_on(
    executor: Executor | None, function: Callable[[T], R], batches: Sequence[B], payload_of: Callable[[B], T],
    parallel_from: int = PARALLEL_BATCHES_FROM,
) -> Iterable[R]:
    """``function`` of each batch's payload, in order: on the executor from ``parallel_from``
    batches, else here (below that, starting work elsewhere costs more than it saves). A
    payload is made as its batch is handed over and let go when its batch is done, so the
    seeds' bytes are never all held at once (110 MB of a cold build's peak at 10,000 dumps)."""
    payloads = map(payload_of, batches)
    if executor is None or len(batches) < parallel_from:
        return map(function, payloads)
    return in_order([executor.submit(function, payload) for payload in payloads])


def in_order(futures: Sequence[Future[R]]) -> Iterator[R]:
    """The futures' results in order; those not yet run are cancelled when the caller stops
    early, as ``Executor.map`` does (Dask's ``map`` refuses an iterator of payloads, so they are
    submitted one by one)."""
    try:
        for future in futures:
            yield future.result()
    finally:
        for future in futures:
            future.cancel()


@dataclass(frozen=True, slots=True)
class MadeArticles:
    """What ``make_articles`` made of the seed files."""

    outcomes: list[tuple[str, Outcome]]
    """One outcome per seed file, in the files' order, with a hash of the outcome itself."""
    with_removed: Callable[[Sequence[Article]], list[Article]]
    """Gives some of the articles with their removed lines (read from the cache for those that
    came from it without)."""


def make_articles(
    files: Sequence[SeedFile],
    config: SiteConfig,
    cache: BuildCache,
    code: str,
    executor: Executor | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> MadeArticles:
    """One outcome per seed file, in the files' order, with a hash of the outcome itself:
    from the cache, or computed.

    Later stages key their work by that hash, not by the seed's inputs: when a seed's inputs
    change but its article does not (another seed changed which of its lines are template,
    say), nothing downstream is redone.
    """
    line_keys: dict[str, LineKeys] = {}

    def line_keys_of(wanted: Iterable[SeedFile]) -> Mapping[str, LineKeys]:
        line_keys.update(read_line_keys([file for file in wanted if file.digest not in line_keys], cache, code,
                                        executor))
        return line_keys

    dumps = [file for file in files if file.kind is not SeedKind.MARKDOWN]
    template = count_site_lines(dumps, cache, code, line_keys_of).template()
    keys = outcome_keys(files, line_keys_of, template, config, cache, code)
    # In the files' order: read in the order written.
    with_lines = set(cache.stored_keys(REMOVED_NAMESPACE, keys))
    stored = [key for key in cache.stored_keys(ARTICLE_NAMESPACE, keys) if key in with_lines]
    present = set(stored)
    to_make = [(key, file) for key, file in zip(keys, files, strict=True) if key not in present]
    to_make_keys = line_keys_of(file for _, file in to_make)
    missing = [Work(key, file, template_lines(to_make_keys.get(file.digest, NO_LINE_KEYS), template))
               for key, file in to_make]
    batches = run_batches(missing, config, len(dumps), executor)  # started, if on the executor
    cached = cache.get_many(ARTICLE_NAMESPACE, stored)
    cache.keep(REMOVED_NAMESPACE, stored)
    if on_progress:
        on_progress(len(files) - len(missing))
    computed: dict[str, tuple[str, Outcome]] = {}
    for batch, outcomes in batches:
        made = {work.key: (value_key(outcome), outcome) for work, outcome in zip(batch, outcomes, strict=True)}
        # Stored batch by batch, while the workers clean the next ones: at the end, pickling
        # 10,000 articles would keep them waiting for the next stage.
        cache.put_many(ARTICLE_NAMESPACE, {key: (made_key, without_removed(outcome))
                                           for key, (made_key, outcome) in made.items()})
        cache.put_many(REMOVED_NAMESPACE, {key: outcome.removed if isinstance(outcome, Article) else b""
                                           for key, (_, outcome) in made.items()})
        computed.update(made)
        if on_progress:
            on_progress(len(outcomes))
    key_of = {file.name: key for file, key in zip(files, keys, strict=True)}

    def with_removed(articles: Sequence[Article]) -> list[Article]:
        unread = {article.seed_name: key_of[article.seed_name] for article in articles if article.removed is None}
        removed: dict[str, bytes] = cache.get_many(REMOVED_NAMESPACE, unread.values())
        return [article if article.removed is not None else article.with_removed(removed[unread[article.seed_name]])
                for article in articles]

    return MadeArticles([cached[key] if key in cached else computed[key] for key in keys], with_removed)


def without_removed(outcome: Outcome) -> Outcome:
    """An outcome as the cache keeps it: an article without its removed lines (stored apart)."""
    return outcome.with_removed(None) if isinstance(outcome, Article) else outcome


@dataclass(frozen=True, slots=True)
class Work:
    """A seed to clean: its cache key, its file, and which of its lines are site template."""

    key: str
    file: SeedFile
    template_lines: LineKeys


def outcome_key(file: SeedFile, lines: LineKeys, config: SiteConfig, code: str) -> str:
    """Everything an article depends on: bytes, name, its template lines (sorted), time zone,
    code."""
    return content_key(code, config.timezone, file.name, file.digest, lines.tobytes())


OUTCOME_KEYS = "outcome-keys"
"""Cache namespace: each seed's outcome key by name and digest, under the code, time zone and
site template they were made with."""


def outcome_keys(
    files: Sequence[SeedFile], line_keys_of: LineKeysOf, template: LineKeys, config: SiteConfig, cache: BuildCache,
    code: str,
) -> list[str]:
    """Each file's ``outcome_key``. A seed's template lines are its own line keys found in the
    site's ``template``, so while the template, code and time zone are those of an earlier
    build, an unchanged seed's key is the one that build made: it is looked up, not made again
    (finding 10,000 seeds' template lines and hashing them took 0.15 s of every rebuild)."""
    memory = content_key(code, config.timezone, template.tobytes())
    known: dict[tuple[str, str], str] = cache.get_many(OUTCOME_KEYS, [memory]).get(memory, {})
    line_keys = line_keys_of(file for file in files if (file.name, file.digest) not in known)
    keys = [known.get((file.name, file.digest))
            or outcome_key(file, template_lines(line_keys.get(file.digest, NO_LINE_KEYS), template), config, code)
            for file in files]
    made = {(file.name, file.digest): key for file, key in zip(files, keys, strict=True)}
    if made != known:
        cache.put_many(OUTCOME_KEYS, {memory: made})
    return keys


def run_batches(
    missing: Sequence[Work], config: SiteConfig, seed_count: int, executor: Executor | None
) -> Iterator[tuple[Sequence[Work], list[Outcome]]]:
    """Each batch with its outcomes, in order, on the executor or here; work sent to the
    executor is started at once (the caller reads the stored articles meanwhile).

    A batch carries each seed's bytes and its own template lines (not the whole profile), so
    it is small and runs on any machine an executor sends it to. A single batch goes there too
    unless this process has its cleaning rules loaded (a preview server's): a worker loads and
    compiles them (0.15 s) and cleans while this process reads 10,000 stored articles.
    """
    batches = [missing[start : start + SEEDS_PER_BATCH] for start in range(0, len(missing), SEEDS_PER_BATCH)]

    def payload(batch: Sequence[Work]) -> list[tuple[str, SeedKind, bytes, LineKeys]]:
        return [(work.file.name, work.file.kind, work.file.path.read_bytes(), work.template_lines) for work in batch]

    run = functools.partial(make_batch, config=config, seed_count=seed_count)
    parallel_from = PARALLEL_BATCHES_FROM if rules_loaded_here() else 1
    return zip(batches, run_here_or_on(executor, run, batches, payload, parallel_from), strict=True)


def make_batch(
    payload: Sequence[tuple[str, SeedKind, bytes, LineKeys]], config: SiteConfig, seed_count: int
) -> list[Outcome]:
    """Turn a batch of seeds into outcomes; runs in a worker process."""
    rules = worker_rules()
    return [
        make_outcome(name, kind, data, config, rules,
                     SiteProfile(template=frozenset(lines.tolist()), seed_count=seed_count))
        for name, kind, data, lines in payload
    ]


def rules_loaded_here() -> bool:
    """Whether this process has loaded its cleaning rules (a preview server has, after its
    first build)."""
    return worker_rules.cache_info().currsize > 0


@functools.cache
def worker_rules() -> Rules:
    """The rule data, loaded once per worker process: it is immutable, and what it compiles on
    first use (a language's phrase and date patterns, the language model) is kept with it."""
    return load_rules()


def warm_up(languages: Iterable[str]) -> None:
    """Load the rules and compile those of some languages in this process now, so that the first
    seed it cleans later (a preview server's first edit) does not wait ~0.2 s for them."""
    rules = worker_rules()
    rules.function_words()
    for code in (None, *languages):
        rules.language(code)
        rules.date_patterns(code)


def make_outcome(
    name: str, kind: SeedKind, data: bytes, config: SiteConfig, rules: Rules, profile: SiteProfile
) -> Outcome:
    """One seed to an article; any failure becomes a skipped seed with its reason."""
    try:
        seed = seed_from_bytes(name, data, kind)
        if seed.kind is SeedKind.MARKDOWN:
            return article_from_markdown(seed, config.tzinfo)
        cleaned = clean_seed(seed, rules, profile)
        return article_from_cleaned(seed, cleaned, extract_metadata(cleaned, rules), config.tzinfo)
    except SeedError as error:
        return SkippedSeed(error.seed_name, error.reason)
    except Exception as error:  # a bug met by one seed must not lose the others
        return SkippedSeed(name, f"internal error, please report it: {error!r}")
