"""The eval entry point: the scorer's measures, ported, on small inline corpora."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.clean import load_rules
from generator.cli import main
from generator.evaluate import (
    boilerplate_lines,
    date_agrees,
    dump_days,
    evaluate_corpus,
    leaked_lines,
    meta_scores,
    precision,
    recall,
    shingles,
    split_markdown,
    tp_fp_fn,
)
from tests.test_clean import REAL_SEED_PARAGRAPHS

REAL_SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_3f5251a220b8a8fc.txt"


def test_shingles_are_four_token_multisets() -> None:
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b") == {("a", "b"): 1}
    assert sum(shingles("x y z w x y z w").values()) == 5


def test_scores_of_perfect_empty_and_half_output() -> None:
    body = "one two three four five six seven eight"
    assert tp_fp_fn(body, body) == (1.0, 0.0, 0.0)
    tp, fp, fn = tp_fp_fn(body, "")
    assert (precision(tp, fp, fn), recall(tp, fp, fn)) == (0.0, 0.0)
    tp, fp, fn = tp_fp_fn(body, "one two three four five")
    assert precision(tp, fp, fn) == 1.0
    assert recall(tp, fp, fn) == pytest.approx(2 / 5)


def test_leaks_count_boilerplate_lines_found_in_the_output() -> None:
    dump = "Menu\nThe article sentence one two three.\nShare this story with friends\n"
    body = "The article sentence one two three."
    bp = boilerplate_lines(dump, body)
    assert bp == ["menu", "share this story with friends"]
    assert leaked_lines(bp, "The article sentence one two three.\nMenu") == ["menu"]
    assert leaked_lines(bp, "x Share this story with friends x") == ["share this story with friends"]


def test_markdown_pages_are_split_like_the_scorer_does() -> None:
    meta, body = split_markdown('---\ntitle: "A: b"\ndate: 2020-01-01\n---\n\n\\# Not a heading\n')
    assert meta == {"title": "A: b", "date": "2020-01-01"}
    assert body.strip() == "# Not a heading"


def test_metadata_is_scored_where_the_dump_shows_it() -> None:
    case = {"page_declared": {"og_title": "The Title", "meta_published_time": "2020-11-05T20:06:00+07:00",
                              "meta_author": "Ann Lee"}}
    dump = "The Title\nBy Ann Lee\n"
    assert meta_scores({"title": "the title", "date": "2020-11-05T20:06:00+07:00", "author": "Ann Lee"},
                       case, dump) == {"title_ok": True, "date_given": True, "date_ok": True,
                                       "date_instant_ok": True, "author_ok": True}
    assert meta_scores({}, case, "nothing") == {"date_given": False}


def test_a_zoned_date_is_also_compared_as_an_instant() -> None:
    declared = "2019-11-19T02:24:00+00:00"
    assert date_agrees("2019-11-18T21:24:00-05:00", declared)
    assert not date_agrees("2019-11-18T22:24:00+07:00", declared)
    assert date_agrees("2019-11-19", "2019-11-19T23:00:00Z")
    assert not date_agrees("2019-11-18", declared)
    case = {"page_declared": {"meta_published_time": declared}}
    late = {"date": "2019-11-18T21:24:00-05:00"}
    assert meta_scores(late, case, "") == {"date_given": True, "date_ok": False, "date_instant_ok": True}


def test_a_time_without_its_zone_is_right_when_it_names_the_declared_instant() -> None:
    """"Nov. 19, 2019 5:50 PM" on a page that declares 2019-11-20T01:50:59Z: Pacific time,
    the same instant. A minute off, or an offset no zone uses, is not."""
    declared = "2019-11-20T01:50:59.403Z"
    assert date_agrees("2019-11-19T17:50:00", declared)
    assert date_agrees("2019-11-20T07:20:00", declared)  # +05:30
    assert not date_agrees("2019-11-19T17:51:00", declared)
    assert not date_agrees("2019-11-19T17:57:00", declared)  # -07:53: no such offset
    assert not date_agrees("2019-11-18T12:50:00", declared)  # -13:00: no such offset
    assert not date_agrees("2019-11-19T17:50:00", "2019-11-20")  # a declared day: by its text
    assert date_agrees("2019-11-20T06:38:00", "2019-11-20T01:22:37-05:00")  # the scorer's day


def test_a_date_is_shown_where_the_dump_prints_the_declared_day() -> None:
    rules = load_rules()
    days = dump_days("Menu\nNov. 18, 2019 9:24 pm ET\nA long paragraph of the article...\n", rules, "en")
    assert [day.isoformat() for day in days] == ["2019-11-18"]
    case = {"page_declared": {"meta_published_time": "2019-11-19T02:24:00+00:00"}}
    zoned = meta_scores({"date": "2019-11-18T21:24:00-05:00"}, case, "", shown_days=days)
    assert zoned["date_shown_ok"]
    assert not meta_scores({}, case, "", shown_days=days)["date_shown_ok"]
    placeholder = {"page_declared": {"meta_published_time": "0001-01-01T00:00:00Z"}}
    assert "date_shown_ok" not in meta_scores({}, placeholder, "", shown_days=days)


def test_eval_prints_the_report_for_a_corpus_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = REAL_SEED.read_text(encoding="utf-8")
    (tmp_path / "case-001.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "case-001.body.txt").write_text("\n\n".join(REAL_SEED_PARAGRAPHS), encoding="utf-8")
    (tmp_path / "case-001.json").write_text(json.dumps({"key": "seed", "page_declared": {
        "og_title": "Pejabat Tinggi Korea Selatan akan Kunjungi AS di Tengah Situasi Ketidakpastian Pemilu",
        "meta_published_time": "2020-11-05T20:06:00+07:00", "meta_author": "Shintaloka Pradita Sicca"}}),
        encoding="utf-8")
    (tmp_path / "case-002.txt").write_text("Menu\n\nHome\n", encoding="utf-8")
    (tmp_path / "case-002.json").write_text(json.dumps({"key": "segments", "ground_truth": {
        "with": ["not in dump"], "without": ["Menu"]}}), encoding="utf-8")
    assert main(["eval", str(tmp_path), "--per-case"]) == 0
    out = capsys.readouterr().out
    assert "case-001 P=1.000 R=1.000 F1=1.000 leak=0/" in out
    assert "body cases 1:" in out
    assert "leak 0/" in out
    assert "segment cases 1: keep 0.000 (n=0)  drop-leak 0.000 (n=1)" in out
    assert "title 1.000 (n=1)  date 1.000 (n=1)  author 1.000 (n=1)" in out
    assert "errors 1" in out
    assert main(["eval", str(tmp_path / "missing")]) == 1
    assert "missing: not a folder" in capsys.readouterr().err


def test_evaluate_corpus_returns_the_report_the_cli_prints(tmp_path: Path) -> None:
    (tmp_path / "case-001.txt").write_text(REAL_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "case-001.body.txt").write_text("\n\n".join(REAL_SEED_PARAGRAPHS), encoding="utf-8")
    (tmp_path / "case-001.json").write_text(json.dumps({"key": "seed"}), encoding="utf-8")
    report = evaluate_corpus(tmp_path, per_case=True)
    assert report.splitlines()[0].startswith("case-001 P=1.000 R=1.000 F1=1.000")
    assert "body cases 1: F1 1.000" in report
    assert report.endswith("errors 0\n")
