"""``clean --explain``: every line of the seed with its verdict, label, rule and score."""

from __future__ import annotations

from generator.models import CleanedText

TEXT_WIDTH = 72
"""Line text is cut to this width so each verdict stays on one terminal line."""


def explain(cleaned: CleanedText) -> str:
    """One row per seed line: number, keep/drop mark, label, rule, score, text."""
    rows = [
        f"# language: {cleaned.language or 'unknown'}"
        + (f"; lead prefix cut: {cleaned.lead_prefix!r}" if cleaned.lead_prefix else ""),
        f"{'line':>5}  {'':1} {'label':<14} {'rule':<15} {'score':>7}  text",
    ]
    for verdict in cleaned.lines:
        if not verdict.text:
            continue
        mark = "+" if verdict.keep else "-"
        text = verdict.text if len(verdict.text) <= TEXT_WIDTH else verdict.text[: TEXT_WIDTH - 1] + "…"
        rows.append(
            f"{verdict.number:>5}  {mark} {verdict.label:<14} {verdict.rule:<15} "
            f"{verdict.score:>7.2f}  {text}"
        )
    return "\n".join(rows) + "\n"
