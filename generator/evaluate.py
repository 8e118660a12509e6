"""``eval``: score the cleaner on a corpus folder (``case-NNN.txt`` + ``.body.txt`` + ``.json``).

The measures are those of ``shared/tools/clean_score.py`` (ported here so the project runs
without that folder), which follows the public article-extraction benchmark: 4-token shingles,
precision and recall averaged over pages, F1 of the averages; leaked boilerplate lines;
must-keep / must-drop segments for cases without a body; title, date and author accuracy.
Each case is run through the same path as ``python -m generator clean``: clean, metadata,
the front-matter page, so the numbers match the scorer run on that command with --markdown.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import charset_normalizer

from generator.clean import Rules, clean_seed, load_rules
from generator.clean.html import PLACEHOLDER_YEAR
from generator.errors import SeedError
from generator.metadata import extract_metadata, local_offset
from generator.metadata.dates import DATE_LINE_MAX_CHARS, date_from_match
from generator.models import Seed, SeedKind
from generator.pages import article_from_cleaned, render_markdown_page

TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4
"""The benchmark's shingle length in tokens."""


def tokens(text: str | None) -> list[str]:
    """Word tokens as the benchmark counts them."""
    return TOKEN.findall(text or "")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """4-token shingles as a multiset; a text shorter than 4 tokens is one shingle."""
    toks = tokens(text)
    out: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(toks) - SHINGLE_SIZE + 1)):
        shingle = tuple(toks[i:i + SHINGLE_SIZE])
        if shingle:
            out[shingle] += 1
    return out


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """Shingle true/false positives and false negatives, normalised to sum 1."""
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in set(t) | set(p):
        a, b = t.get(key, 0), p.get(key, 0)
        tp += min(a, b)
        fp += max(0, b - a)
        fn += max(0, a - b)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total > 0 else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def norm_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def token_string(text: str) -> str:
    return " " + " ".join(t.lower() for t in tokens(text)) + " "


def boilerplate_lines(dump: str, body: str) -> list[str]:
    """Distinct dump lines whose token run does not occur in the true body."""
    body_ts = token_string(body)
    seen: set[str] = set()
    out = []
    for line in dump.splitlines():
        normal = norm_line(line)
        if not normal or normal in seen or not tokens(normal):
            continue
        seen.add(normal)
        if token_string(normal) not in body_ts:
            out.append(normal)
    return out


def leaked_lines(bp_lines: Sequence[str], output: str) -> list[str]:
    """Boilerplate lines found in the output (long ones as a token run, short ones whole)."""
    out_lines = {norm_line(line) for line in output.splitlines() if line.strip()}
    out_ts = token_string(output)
    leaked = []
    for line in bp_lines:
        if len(tokens(line)) >= SHINGLE_SIZE:
            if token_string(line) in out_ts:
                leaked.append(line)
        elif line in out_lines:
            leaked.append(line)
    return leaked


FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)---[ \t]*\n?(.*)\Z", re.S)


def split_markdown(page: str) -> tuple[dict[str, str], str]:
    """Flat front matter and the body with Markdown syntax removed (as the scorer does)."""
    meta: dict[str, str] = {}
    body = page
    match = FRONT_MATTER.match(page)
    if match:
        body = match.group(2)
        for line in match.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key and not key[0].isspace():
                value = value.strip()
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                    value = value[1:-1]
                meta[key.strip().lower()] = value
    body = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", body)
    body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)
    body = re.sub(r"(?m)^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", "", body)
    body = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>~])", r"\1", body)
    body = re.sub(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1", r"\2", body)
    return meta, body


def norm_meta(text: str | None) -> str:
    return " ".join(tokens((text or "").lower()))


def meta_scores(
    meta: dict[str, str], case: dict[str, Any], dump: str, shown_days: frozenset[date] | None = None,
) -> dict[str, bool]:
    """Title and author where the dump shows them; the date's day wherever one is given.

    ``date_ok`` is the scorer's test (the first ten characters); ``date_instant_ok`` also
    reads the printed date as the instant it names (``date_agrees``). ``shown_days``: the days
    the dump shows (``dump_days``); where one of them is the declared day or a day beside it
    (the page's own zone), the date counts as shown (``date_shown``) and ``date_shown_ok`` says
    whether the cleaner gave it."""
    truth = case.get("ground_truth", {})
    declared = case.get("page_declared", {}) or {}
    out: dict[str, bool] = {}
    dump_n = norm_meta(dump)
    titles = [t for t in (truth.get("title"), declared.get("og_title"),
                          declared.get("jsonld_headline")) if t]
    shown = [t for t in titles if norm_meta(t) and norm_meta(t) in dump_n]
    if shown:
        out["title_ok"] = norm_meta(meta.get("title")) in {norm_meta(t) for t in shown}
    date = (truth.get("date") or declared.get("jsonld_datePublished")
            or declared.get("meta_published_time") or declared.get("time_datetime"))
    if date and re.match(r"\d{4}-\d{2}-\d{2}", date):
        out["date_given"] = bool(meta.get("date"))
        if meta.get("date"):
            out["date_ok"] = meta["date"][:10] == date[:10]
            out["date_instant_ok"] = date_agrees(meta["date"], date)
        declared_day = _day(date)
        if shown_days is not None and declared_day is not None and any(
            abs((day - declared_day).days) <= 1 for day in shown_days
        ):
            out["date_shown_ok"] = bool(out.get("date_instant_ok"))
    authors = truth.get("author") or declared.get("meta_author") or declared.get("jsonld_author")
    if isinstance(authors, str):
        authors = [authors]
    authors = [a for a in authors or [] if isinstance(a, str)]
    shown_authors = [a for a in authors if norm_meta(a) and norm_meta(a) in dump_n]
    if shown_authors:
        got = norm_meta(meta.get("author"))
        out["author_ok"] = bool(got) and all(norm_meta(a) in got for a in shown_authors)
    return out


def _day(declared: str) -> date | None:
    try:
        day = date.fromisoformat(declared[:10])
    except ValueError:
        return None
    return day if day.year >= PLACEHOLDER_YEAR else None


def date_agrees(given: str, declared: str) -> bool:
    """The scorer's date test made zone-aware. A date printed with its offset ("Nov 18, 9:24 pm
    ET" -> ``2019-11-18T21:24:00-05:00``) is compared in the declared offset, so it is right
    for a declared ``2019-11-19T02:24:00+00:00``. A time printed without its zone
    (``2019-11-19T17:50:00``) is right as the scorer has it, or when it is the declared
    instant read in some UTC offset in use, to the minute: the page printed the publication
    time in its own zone. Otherwise, as the scorer does, the first ten characters are
    compared."""
    try:
        ours, theirs = datetime.fromisoformat(given), datetime.fromisoformat(declared)
    except ValueError:
        return given[:10] == declared[:10]
    if theirs.tzinfo is not None and ours.tzinfo is not None:
        return ours.astimezone(theirs.tzinfo).date() == theirs.date()
    if theirs.tzinfo is not None and "T" in given and given[:10] != declared[:10]:
        return local_offset(ours, theirs) is not None
    return given[:10] == declared[:10]


def segment_in(segment: str, text: str) -> bool:
    return re.sub(r"\s+", " ", segment).strip() in text


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One case's scores; ``kind`` is ``body`` or ``segments``."""

    case: str
    key: str
    kind: str
    error: str = ""
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0
    accuracy: float = 0.0
    bp_lines: int = 0
    leaked: tuple[str, ...] = ()
    with_n: int = 0
    with_kept: int = 0
    without_n: int = 0
    without_leaked: int = 0
    meta: dict[str, bool] = field(default_factory=dict)


def dump_days(dump: str, rules: Rules, language: str | None) -> frozenset[date]:
    """The days a dump shows on lines short enough to hold a publication date, read with the
    metadata stage's own patterns: where the dump shows the declared date, the cleaner is
    expected to find it."""
    patterns = rules.date_patterns(language)
    days = set()
    for line in dump.splitlines():
        text = line.strip()
        if not text or len(text) > DATE_LINE_MAX_CHARS:
            continue
        for pattern in patterns:
            for match in pattern.finditer(text):
                found = date_from_match(match, language, rules)
                if found is not None:
                    days.add(found.date())
    return frozenset(days)


def clean_page(path: Path, rules: Rules) -> str:
    """What ``python -m generator clean PATH`` prints: the front-matter page ("" if none).

    A ``.html.gz`` path is read as an HTML seed (the corpus keeps each page's original)."""
    return clean_case(path, rules)[0]


def clean_case(path: Path, rules: Rules) -> tuple[str, str | None]:
    """The printed page and the page's language."""
    if path.name.endswith(".html.gz"):
        raw = gzip.decompress(path.read_bytes())
        match = charset_normalizer.from_bytes(raw).best()
        text = str(match) if match is not None else raw.decode("utf-8", "replace")
        seed = Seed(name=path.name[:-3], kind=SeedKind.HTML, text=text, digest="0" * 64)
    else:
        text = path.read_text(encoding="utf-8")
        seed = Seed(name=path.name, kind=SeedKind.TEXT, text=text, digest="0" * 64)
    cleaned = clean_seed(seed, rules)
    metadata = extract_metadata(cleaned, rules)
    try:
        article = article_from_cleaned(seed, cleaned, metadata)
    except SeedError:
        return "", cleaned.language
    return render_markdown_page(article), cleaned.language


def score_case(stem: Path, page: str, shown_days: frozenset[date] | None = None) -> CaseResult:
    """Score one case's printed page against its truth files (``shown_days``: see
    ``meta_scores``)."""
    dump = stem.with_suffix(".txt").read_text(encoding="utf-8")
    case = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    meta, out = split_markdown(page)
    base = {"case": stem.name, "key": case.get("key", ""), "error": "" if page else "no page",
            "meta": meta_scores(meta if page else {}, case, dump, shown_days)}
    body_path = stem.with_suffix(".body.txt")
    if body_path.exists():
        body = body_path.read_text(encoding="utf-8")
        tp, fp, fn = tp_fp_fn(body, out)
        bp = boilerplate_lines(dump, body)
        p, r = precision(tp, fp, fn), recall(tp, fp, fn)
        return CaseResult(kind="body", precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0,
                          tp=tp, fp=fp, fn=fn, accuracy=float(tokens(body) == tokens(out)),
                          bp_lines=len(bp), leaked=tuple(leaked_lines(bp, out)), **base)
    truth = case.get("ground_truth", {})
    dump_flat = re.sub(r"\s+", " ", dump)
    out_flat = re.sub(r"\s+", " ", out)
    keep = [s for s in truth.get("with", []) if segment_in(s, dump_flat)]
    drop = [s for s in truth.get("without", []) if segment_in(s, dump_flat)]
    return CaseResult(kind="segments", with_n=len(keep),
                      with_kept=sum(segment_in(s, out_flat) for s in keep),
                      without_n=len(drop), without_leaked=sum(segment_in(s, out_flat) for s in drop),
                      **base)


def case_stems(corpus: Path) -> list[Path]:
    """Every ``case-NNN`` of a corpus folder, in order."""
    return sorted(corpus / p.name[:-4] for p in corpus.glob("case-*.txt")
                  if re.fullmatch(r"case-\d+\.txt", p.name))


def evaluate(corpus: Path, rules: Rules, html: bool = False) -> list[CaseResult]:
    """Clean and score every case of a corpus folder (from the HTML originals if asked)."""
    suffix = ".html.gz" if html else ".txt"
    results = []
    for stem in case_stems(corpus):
        source = stem.with_name(stem.name + suffix)
        if not source.exists():
            continue
        page, language = clean_case(source, rules)
        days = dump_days(stem.with_suffix(".txt").read_text(encoding="utf-8"), rules, language)
        results.append(score_case(stem, page, days))
    return results


def summarize(results: Sequence[CaseResult]) -> dict[str, float]:
    """The scorer's summary figures."""
    body = [r for r in results if r.kind == "body"]
    seg = [r for r in results if r.kind == "segments"]
    s: dict[str, float] = {"cases": len(results), "errors": sum(1 for r in results if r.error)}
    for name in ("title", "date", "author", "date_instant", "date_shown"):
        oks = [r.meta[name + "_ok"] for r in results if name + "_ok" in r.meta]
        if oks:
            s[name + "_acc"], s[name + "_n"] = sum(oks) / len(oks), len(oks)
    given = [r.meta["date_given"] for r in results if "date_given" in r.meta]
    if given:
        s["date_coverage"] = sum(given) / len(given)
    if body:
        scored_p = [r.precision for r in body if r.tp + r.fp > 0]
        p = statistics.mean(scored_p) if scored_p else 0.0
        r_ = statistics.mean(r.recall for r in body if r.tp + r.fn > 0)
        s.update({"body_cases": len(body), "precision": p, "recall": r_,
                  "f1": 2 * p * r_ / (p + r_) if p + r_ else 0.0,
                  "mean_case_f1": statistics.mean(r.f1 for r in body),
                  "accuracy": statistics.mean(r.accuracy for r in body),
                  "bp_lines": sum(r.bp_lines for r in body),
                  "leaked": sum(len(r.leaked) for r in body)})
        s["leak_rate"] = s["leaked"] / s["bp_lines"] if s["bp_lines"] else 0.0
    if seg:
        wn, wk = sum(r.with_n for r in seg), sum(r.with_kept for r in seg)
        on, ol = sum(r.without_n for r in seg), sum(r.without_leaked for r in seg)
        s.update({"seg_cases": len(seg), "with_keep": wk / wn if wn else 0.0, "with_n": wn,
                  "without_leak": ol / on if on else 0.0, "without_n": on})
    return s


def format_report(results: Sequence[CaseResult], per_case: bool = False) -> str:
    """The report as the scorer prints it (per-case rows first when asked)."""
    rows = []
    if per_case:
        for r in results:
            if r.kind == "body":
                rows.append(f"{r.case} P={r.precision:.3f} R={r.recall:.3f} F1={r.f1:.3f} "
                            f"leak={len(r.leaked)}/{r.bp_lines} {r.key}")
            else:
                rows.append(f"{r.case} keep={r.with_kept}/{r.with_n} "
                            f"drop-leak={r.without_leaked}/{r.without_n} {r.key}")
    s = summarize(results)
    if "body_cases" in s:
        rows.append(f"  body cases {s['body_cases']}: F1 {s['f1']:.3f}  P {s['precision']:.3f}  "
                    f"R {s['recall']:.3f}  mean-case-F1 {s['mean_case_f1']:.3f}  "
                    f"acc {s['accuracy']:.3f}  leak {s['leaked']}/{s['bp_lines']} "
                    f"({s['leak_rate']:.3f})")
    if "seg_cases" in s:
        rows.append(f"  segment cases {s['seg_cases']}: keep {s['with_keep']:.3f} (n={s['with_n']})  "
                    f"drop-leak {s['without_leak']:.3f} (n={s['without_n']})")
    meta = "  ".join(f"{f} {s[f + '_acc']:.3f} (n={s[f + '_n']})" for f in ("title", "date", "author")
                     if f + "_acc" in s)
    if "date_coverage" in s:
        meta += f"  date-coverage {s['date_coverage']:.3f}"
    if "date_instant_acc" in s:
        meta += f"  date-same-instant {s['date_instant_acc']:.3f}"
    if "date_shown_acc" in s:
        meta += f"  date-where-shown {s['date_shown_acc']:.3f} (n={s['date_shown_n']})"
    if meta:
        rows.append(f"  metadata (exact where shown; date = right day where given): {meta}")
    rows.append(f"  errors {s['errors']}")
    return "\n".join(rows) + "\n"


def evaluate_corpus(corpus: Path, per_case: bool = False, html: bool = False) -> str:
    """``python -m generator eval DIR``: the report for a corpus folder, as text."""
    return format_report(evaluate(corpus, load_rules(), html=html), per_case=per_case)

