"""Quality gate: every copied corpus case stays at or above its pinned floor.

The floors live in ``tests/cases/floors.json`` (see its ``about``); ``MEAN_F1_FLOOR`` pins
their level here too, so lowering floors means editing this file as well: never silently.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.clean import load_rules
from generator.clean.rules import Rules
from generator.evaluate import CaseResult, case_stems, clean_page, score_case, summarize

CASES = Path(__file__).resolve().parent / "cases"
FLOORS = json.loads((CASES / "floors.json").read_text(encoding="utf-8"))["floors"]

MEAN_F1_FLOOR = 0.93
"""The mean of the per-case F1 floors as pinned; the floors may rise, never fall below it."""

MIN_CASES = 30
MIN_LANGUAGES = 8


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="module")
def results(rules: Rules) -> dict[str, CaseResult]:
    return {
        stem.name: score_case(stem, clean_page(stem.with_suffix(".txt"), rules))
        for stem in case_stems(CASES)
    }


def test_the_case_set_is_large_and_multilingual() -> None:
    stems = case_stems(CASES)
    assert len(stems) >= MIN_CASES
    assert {stem.name for stem in stems} == set(FLOORS)
    languages = set()
    for stem in stems:
        declared = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        lang = (declared.get("page_declared") or {}).get("html_lang") or ""
        languages.add(lang.split("-")[0].lower())
    assert len(languages - {""}) >= MIN_LANGUAGES


def test_floors_are_not_lowered() -> None:
    f1_floors = [floor["f1"] for floor in FLOORS.values() if "f1" in floor]
    assert sum(f1_floors) / len(f1_floors) >= MEAN_F1_FLOOR


@pytest.mark.parametrize("case", sorted(FLOORS))
def test_case_meets_its_floor(results: dict[str, CaseResult], case: str) -> None:
    result, floor = results[case], FLOORS[case]
    assert not result.error, f"{case}: {result.error}"
    if result.kind == "body":
        assert result.f1 >= floor["f1"], f"{case}: F1 {result.f1:.3f} < {floor['f1']}"
        assert len(result.leaked) <= floor["leaked_max"], f"{case}: leaked {result.leaked}"
    else:
        assert result.with_kept >= floor["kept_min"]
        assert result.without_leaked <= floor["leaked_max"]


def test_the_whole_set_meets_the_issue_targets_it_reached(results: dict[str, CaseResult]) -> None:
    summary = summarize(list(results.values()))
    assert summary["f1"] >= 0.94
    assert summary["leak_rate"] <= 0.01
    assert summary["with_keep"] >= 0.94
    assert summary["without_leak"] <= 0.05
    assert summary["title_acc"] >= 0.95
    assert summary["date_acc"] >= 0.90
