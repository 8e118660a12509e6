"""Command line: ``python -m generator build|clean|serve|eval``; one function per command.

Exit codes: 0 success (a build that skipped bad seeds still succeeds, unless --strict);
1 an error in the input (a seed given to ``clean``, a theme); 2 a usage or configuration error;
3 a build that failed (or, with --strict, skipped seeds or files over their size budget).
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gc
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from generator.config import CONFIG_FILE_NAME, SiteConfig, load_config
from generator.errors import BuildError, GeneratorError

EXIT_OK = 0

PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal a process gets when its parent dies."""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn raw news pages into a clean, searchable static news site.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add_site_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--seeds", type=Path, default=Path("seeds"), help="seeds folder (default: seeds/)")
        command.add_argument("--out", type=Path, default=Path("site"), help="output folder (default: site/)")
        command.add_argument("--config", type=Path, default=Path(CONFIG_FILE_NAME),
                             help=f"site configuration file (default: {CONFIG_FILE_NAME})")
        command.add_argument("--base-url", help="absolute URL the site is published at")
        command.add_argument("--theme", help="theme name (a folder under themes/) or path")
        command.add_argument("--report", type=Path, default=Path(".cache/build-report.json"),
                             help="where to write the machine-readable build report")
        command.add_argument("--cache", type=Path, default=Path(".cache"),
                             help="build cache folder: unchanged seeds are not cleaned again (default: .cache/)")
        command.add_argument("--no-cache", action="store_true", help="build everything from scratch")
        command.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                             help="processes that clean seeds in parallel (default: one per core)")
        command.add_argument("--dask", metavar="SCHEDULER",
                             help="clean seeds on a Dask cluster instead, e.g. tcp://127.0.0.1:8786")

    build = commands.add_parser("build", help="build the site from the seeds")
    add_site_options(build)
    build.add_argument("--strict", action="store_true", help="fail (exit 3) on a skipped seed or a file over budget")

    clean = commands.add_parser("clean", help="print one seed as a front-matter Markdown page")
    clean.add_argument("seed", type=Path)
    clean.add_argument("--explain", action="store_true", help="show each line's verdict and the rule behind it")
    clean.add_argument("--config", type=Path, default=Path(CONFIG_FILE_NAME))

    serve = commands.add_parser("serve", help="build, serve on 127.0.0.1 and rebuild on changes")
    add_site_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--mount", default="/", help="serve under this sub-path, e.g. /repo/")

    evaluate = commands.add_parser("eval", help="score the cleaner on a corpus folder")
    evaluate.add_argument("corpus", type=Path)
    evaluate.add_argument("--per-case", action="store_true")
    evaluate.add_argument("--html", action="store_true",
                          help="clean each case's original HTML (case-NNN.html.gz) instead of its dump")
    return parser


def site_config(args: argparse.Namespace) -> SiteConfig:
    config = load_config(args.config)
    return config.with_overrides(base_url=getattr(args, "base_url", None), theme=getattr(args, "theme", None))


@contextmanager
def open_executor(workers: int, dask_scheduler: str | None) -> Iterator[Executor | None]:
    """Where seeds are cleaned: a Dask cluster, a local process pool, or this process."""
    if dask_scheduler:
        from distributed import Client

        with Client(dask_scheduler) as client:
            yield client.get_executor()
    elif workers > 1:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=start_worker, initargs=(os.getpid(),)) as pool:
            yield pool
    else:
        yield None


def start_worker(parent: int) -> None:
    """A pool worker's first steps: collect cycles as usual (a build's own process does not, see
    ``cycles_left_alone``; a worker's work is a stream of batches), and end with the build."""
    gc.enable()
    end_with_parent(parent)


def end_with_parent(parent: int) -> None:
    """Ask Linux to kill this pool worker when the build process dies (even by SIGKILL), instead
    of leaving it waiting forever for work (``prctl(PR_SET_PDEATHSIG)``)."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is not None:
        ctypes.CDLL(libc_name, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the request took effect
        os._exit(1)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on an interactive terminal; nothing in CI logs (the summary line says it)."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    with tqdm(unit="seed", desc="cleaning", leave=False) as bar:

        def update(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        yield update


@contextmanager
def cycles_left_alone() -> Iterator[None]:
    """No cycle collection in this process while a build runs: what it makes (articles,
    manifests, keys) lives until the build ends, so the collector would only walk it (4 passes,
    74 ms of a one-seed rebuild at 10,000 seeds). What is left then is frozen, not walked by the
    next collection; the workers collect as usual (``start_worker``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def run_build(args: argparse.Namespace) -> int:
    from generator.build import build_site

    with cycles_left_alone(), open_executor(args.workers, args.dask) as executor, \
            progress_bar(sys.stderr.isatty()) as on_progress:
        report = build_site(args.seeds, args.out, site_config(args), cache_dir=None if args.no_cache else args.cache,
                            executor=executor, on_progress=on_progress, remove_in_background=True)
    for skip in report.skipped:
        print(f"skipped {skip.seed}: {skip.reason}", file=sys.stderr)
    for duplicate in report.duplicates:
        print(f"duplicate {duplicate.seed}: same article as {duplicate.duplicate_of}", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report.to_json(), encoding="utf-8")
    print(f"{report.summary()} -> {args.out}")
    problems = [f"{len(report.skipped)} seed(s) skipped"] if report.skipped else []
    problems += [f"{len(report.warnings)} file(s) over their size budget"] if report.warnings else []
    if args.strict and problems:
        raise BuildError(f"--strict: {', '.join(problems)}")
    return EXIT_OK


def run_clean(args: argparse.Namespace) -> int:
    from generator.clean import clean_seed, explain, load_rules
    from generator.ingest import read_seed
    from generator.metadata import extract_metadata
    from generator.models import SeedKind
    from generator.pages import article_from_cleaned, article_from_markdown, render_markdown_page

    config = load_config(args.config)
    seed = read_seed(args.seed)
    if seed.kind is SeedKind.MARKDOWN:
        article = article_from_markdown(seed, config.tzinfo)
    else:
        rules = load_rules()
        cleaned = clean_seed(seed, rules)
        if args.explain:
            sys.stdout.write(explain(cleaned))
            return EXIT_OK
        article = article_from_cleaned(seed, cleaned, extract_metadata(cleaned, rules), config.tzinfo)
    sys.stdout.write(render_markdown_page(article))
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from generator.articles import warm_up
    from generator.build import BuildReport, build_site
    from generator.serve import ensure_port_free, serve_site
    from generator.theme import DEFAULT_THEMES_ROOT, load_theme

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    config = site_config(args)
    ensure_port_free(args.host, args.port)
    theme = load_theme(config.theme, DEFAULT_THEMES_ROOT)
    with open_executor(args.workers, args.dask) as executor:

        def rebuild() -> BuildReport | None:
            try:
                report = build_site(args.seeds, args.out, site_config(args),
                                    cache_dir=None if args.no_cache else args.cache, executor=executor,
                                    remove_in_background=True, prune=False)
            except GeneratorError as error:
                logging.error("build failed: %s", error)
                return None
            except Exception:  # a bug must not stop the preview; the last good site stays served
                logging.exception("build failed")
                return None
            logging.info(report.summary())
            return report

        first = rebuild()
        if first is None:
            raise BuildError("the first build failed; fix the error above and run serve again")
        warm_up(first.languages)  # an edited seed is cleaned in this process
        serve_site(args.out, [args.seeds, *theme.folders, args.config], [Path(__file__).parent],
                   lambda: rebuild() is not None, restart_server, host=args.host, port=args.port,
                   mount_path=args.mount)
    return EXIT_OK


def restart_server() -> None:
    """Replace this process by a fresh ``serve`` with the same arguments (new code)."""
    os.execv(sys.executable, [sys.executable, "-m", "generator", *sys.argv[1:]])


def run_eval(args: argparse.Namespace) -> int:
    from generator.evaluate import evaluate_corpus

    if not args.corpus.is_dir():
        raise GeneratorError(f"{args.corpus}: not a folder (a corpus folder of case-NNN files)")
    print(evaluate_corpus(args.corpus, per_case=args.per_case, html=args.html))
    return EXIT_OK


COMMANDS = {"build": run_build, "clean": run_clean, "serve": run_serve, "eval": run_eval}


GC_THRESHOLDS = (100_000, 20, 20)
"""A build keeps hundreds of thousands of small objects alive (articles, manifests, keys), and
at Python's default thresholds (700, 10, 10) the cycle collector walks them again and again:
0.3 s of a 2.8 s one-seed rebuild at 10,000 seeds. Collecting after every 100,000 allocations
instead keeps its cost in proportion to what a build makes."""


def main(argv: Sequence[str] | None = None) -> int:
    gc.set_threshold(*GC_THRESHOLDS)
    args = make_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except GeneratorError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
