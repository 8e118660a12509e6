"""The clean stage: a seed's text in, the article's paragraphs (and every line's verdict) out.

The steps, each in its own module:

    lines     split the dump into lines, measure each (length, punctuation, function words,
              repetition, phrase groups)                                   -> lines.py
    language  identify the page's language from its prose                  -> language.py
    classify  context-free verdicts, context pass, main block, body        -> classify.py
    lead      cut a dateline prefix ("SEOUL, KOMPAS.com - ") off the lead  -> lead.py

HTML seeds are first rendered to innerText-like lines (html.py); lines recurring across the
seeds of a build are template (profile.py); ``explain`` prints every verdict (explain.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from generator.clean.classify import (
    LineClass,
    Rule,
    Verdict,
    classify_lines,
    find_main_block,
    mark_announced_lists,
    mark_code_blocks,
    mark_linked_lines,
    mark_lists,
    mark_teaser_runs,
    promote_when_no_prose,
    revise_lines,
    select_body,
)
from generator.clean.explain import explain
from generator.clean.html import read_html
from generator.clean.language import identify_language
from generator.clean.lead import split_lead_prefix
from generator.clean.lines import LineFeatures, measure_lines, split_lines
from generator.clean.profile import SiteProfile
from generator.clean.profile import build_site_profile as _build_profile
from generator.clean.rules import Concept, Rules, RulesError, load_rules
from generator.models import CleanedText, LineVerdict, Seed, SeedKind

__all__ = [
    "Rules",
    "RulesError",
    "SiteProfile",
    "build_site_profile",
    "clean_seed",
    "clean_text",
    "explain",
    "load_rules",
]


def build_site_profile(seeds: Sequence[Seed], rules: Rules) -> SiteProfile:
    """Cross-seed facts for a build: the lines that recur across seeds are template.

    ``rules`` is taken for a uniform stage signature; repetition needs no rule data.
    """
    del rules
    return _build_profile(seeds)


def clean_seed(seed: Seed, rules: Rules, profile: SiteProfile | None = None) -> CleanedText:
    """Clean a TEXT or HTML seed; never raises on any text (no body gives no paragraphs). An
    HTML seed's cleaned text carries what its markup declares of the page."""
    if seed.kind is not SeedKind.HTML:
        return clean_text(seed.text, rules, profile)
    text, declared = read_html(seed.text)
    return replace(clean_text(text, rules, profile), declared=declared)


def clean_text(text: str, rules: Rules, profile: SiteProfile | None = None) -> CleanedText:
    """Clean dump text: verdicts for every line, the body's paragraphs, the lead prefix."""
    lines = split_lines(text)
    language = identify_language(lines, rules)
    language_rules = rules.language(language)
    features = measure_lines(lines, language_rules)
    has_stoplist = bool(language_rules.stopwords)
    verdicts = classify_lines(lines, features, profile, has_stoplist)
    verdicts = mark_teaser_runs(verdicts, features)
    verdicts = mark_linked_lines(verdicts, lines, features)
    verdicts = mark_lists(verdicts, lines, features)
    verdicts = mark_announced_lists(verdicts, lines, features)
    initial = promote_when_no_prose(verdicts, lines, features)
    initial = mark_code_blocks(initial, lines, features)
    verdicts = revise_lines(initial, lines, features)
    block = find_main_block(lines, initial, features)
    verdicts = select_body(lines, features, initial, verdicts, block)
    paragraphs = [line.text for line, v in zip(lines, verdicts, strict=True) if _kept(v, line.text)]
    lead_prefix = None
    if paragraphs:
        lead_prefix, paragraphs[0] = split_lead_prefix(paragraphs[0])
    return CleanedText(
        lines=tuple(
            _line_verdict(line.number, line.text, verdict, feature)
            for line, verdict, feature in zip(lines, verdicts, features, strict=True)
        ),
        paragraphs=tuple(p for p in paragraphs if p),
        language=language,
        lead_prefix=lead_prefix,
    )


def _kept(verdict: Verdict, text: str) -> bool:
    return bool(text) and verdict.line_class is not LineClass.BAD


RULE_NAMES = {rule: rule.name.lower() for rule in Rule}
"""Each rule as ``clean --explain`` and a line's verdict name it."""


def _line_verdict(
    number: int, text: str, verdict: Verdict, feature: LineFeatures | None
) -> LineVerdict:
    keep = _kept(verdict, text)
    concept = feature.concept.value if feature is not None and feature.concept is not None else None
    label = "blank" if not text else "body" if keep else concept or "boilerplate"
    return LineVerdict(number, text, keep, label, RULE_NAMES[verdict.rule], round(float(verdict.score), 3), concept)


__all__ += ["Concept"]
