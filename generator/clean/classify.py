"""Line classification, in jusText's named steps, adapted to text dumps.

1. ``classify_lines`` gives each line a context-free class from its own features: sure
   boilerplate (a phrase group, a bare link, a short line printed twice, a site template
   line), sure prose (long, sentence punctuation, the language's function words), and the
   unsure rest (short or middling lines).
2. ``revise_lines`` decides the unsure lines by their neighbours, as jusText's
   ``revise_paragraph_classification`` does: a short line between two prose lines is prose,
   one between boilerplate is boilerplate.
3. ``find_main_block`` finds the article: the run of lines with the best balance of prose
   over boilerplate (a maximum-sum segment), where an end-of-article heading (related
   stories, comments) weighs heavily against going on.
4. ``select_body`` keeps the prose of the main block, keeps short lines that read as
   subheadings or list items of the article, and drops everything else, once.

Each decision is a ``Verdict`` naming the ``Rule`` that made it, so ``clean --explain`` can
show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from generator.clean.lines import Line, LineFeatures, repetition_key
from generator.clean.profile import SiteProfile
from generator.clean.rules import DROPPING_CONCEPTS, Concept

LENGTH_LOW = 70
"""Below this a line is too short to judge alone (jusText's length_low)."""

LENGTH_HIGH = 200
"""From this length a line with enough function words is sure prose (jusText's length_high)."""

STOPWORDS_LOW = 0.30
"""Share of function words from which a line may be prose (jusText's stopwords_low)."""

STOPWORDS_HIGH = 0.32
"""Share of function words from which a long line is sure prose (jusText's stopwords_high)."""

SENTENCES_FOR_PROSE = 2
"""A long line with this many sentence ends is prose even in a language without a stoplist."""

REPEAT_MAX_LENGTH = LENGTH_HIGH
"""A line printed twice is template (a banner, a teaser title listed twice) when shorter than
this; longer repeats (a caption that repeats the lead) are kept once instead."""

BAD_LINE_COST = 40
"""What one boilerplate line costs the main block, besides its length: a menu of many short
entries weighs against the block even though each entry is short."""

BAD_LENGTH_WEIGHT = 0.5
"""Share of a boilerplate line's length counted against the main block."""

NEARGOOD_WEIGHT = 0.5
"""Share of an unsure-but-likely prose line's length counted for the main block."""

END_MARKER_COST = 1500
"""An end-of-article heading costs as much as several paragraphs: the block goes past it only
when clearly more article follows (an inline "Related" box mid-article)."""


class LineClass(Enum):
    """jusText's classes: the verdict before and after the context pass."""

    GOOD = "good"
    NEARGOOD = "neargood"
    SHORT = "short"
    BAD = "bad"


class Rule(Enum):
    """The rule that decided a line's verdict (shown by ``clean --explain``)."""

    BLANK = "blank line"
    PHRASE = "boilerplate phrase"
    LINK = "bare link"
    REPEATED = "repeated in page"
    SITE_TEMPLATE = "recurs across seeds"
    PROSE = "prose"
    NOT_PROSE = "not prose"
    MAYBE_PROSE = "maybe prose"
    SHORT = "short"
    CONTEXT_GOOD = "short, between prose"
    CONTEXT_BAD = "short, beside boilerplate"
    OUTSIDE_BLOCK = "outside the main block"
    BEFORE_BODY = "above the first paragraph"
    HEADING = "subheading in the body"
    LIST_ITEM = "list in the body"
    DUPLICATE = "duplicate of a kept line"
    END_MARKER = "end of article"


@dataclass(frozen=True, slots=True)
class Verdict:
    """One line's class, the rule behind it and the score the rule read."""

    line_class: LineClass
    rule: Rule
    score: float = 0.0


def classify_lines(
    lines: Sequence[Line],
    features: Sequence[LineFeatures | None],
    profile: SiteProfile | None,
    has_stoplist: bool,
) -> list[Verdict]:
    """Step 1: a context-free verdict for every line."""
    return [
        classify_line(line, feature, profile, has_stoplist)
        for line, feature in zip(lines, features, strict=True)
    ]


def classify_line(
    line: Line, feature: LineFeatures | None, profile: SiteProfile | None, has_stoplist: bool
) -> Verdict:
    """The verdict on one line from its own features."""
    if feature is None:
        return Verdict(LineClass.BAD, Rule.BLANK)
    if feature.concept is Concept.END_OF_ARTICLE:
        return Verdict(LineClass.BAD, Rule.END_MARKER)
    if feature.concept in DROPPING_CONCEPTS:
        return Verdict(LineClass.BAD, Rule.PHRASE)
    if feature.link_like:
        return Verdict(LineClass.BAD, Rule.LINK)
    if feature.repeats > 1 and feature.length < REPEAT_MAX_LENGTH:
        return Verdict(LineClass.BAD, Rule.REPEATED, feature.repeats)
    prose = is_sure_prose(feature, has_stoplist)
    if profile is not None and not prose and profile.is_template(repetition_key(line.text)):
        return Verdict(LineClass.BAD, Rule.SITE_TEMPLATE)
    density = feature.stopword_density
    if prose:
        return Verdict(LineClass.GOOD, Rule.PROSE, density)
    if feature.length < LENGTH_LOW:
        return Verdict(LineClass.SHORT, Rule.SHORT, feature.length)
    if maybe_prose(feature, has_stoplist):
        return Verdict(LineClass.NEARGOOD, Rule.MAYBE_PROSE, density)
    return Verdict(LineClass.BAD, Rule.NOT_PROSE, density)


def is_sure_prose(feature: LineFeatures, has_stoplist: bool) -> bool:
    """Long, and either rich in function words or (without a stoplist) made of sentences."""
    if feature.length < LENGTH_HIGH:
        return False
    if has_stoplist and not feature.wide:
        return feature.stopword_density >= STOPWORDS_HIGH
    return feature.sentences >= SENTENCES_FOR_PROSE or (
        feature.sentence_end and feature.sentences >= 1
    )


def maybe_prose(feature: LineFeatures, has_stoplist: bool) -> bool:
    """A middling line that may be prose: enough function words, or ends like a sentence."""
    if has_stoplist and not feature.wide:
        return feature.stopword_density >= STOPWORDS_LOW
    return feature.sentence_end


def revise_lines(verdicts: Sequence[Verdict], lines: Sequence[Line]) -> list[Verdict]:
    """Step 2: decide NEARGOOD and SHORT lines by the nearest sure neighbours (jusText)."""
    classes = [v.line_class for v in verdicts]
    text_positions = [i for i, line in enumerate(lines) if line.text]
    revised = list(verdicts)
    for position in text_positions:
        verdict = verdicts[position]
        if verdict.line_class is LineClass.SHORT:
            before = _neighbour(classes, lines, position, -1, skip_neargood=True)
            after = _neighbour(classes, lines, position, 1, skip_neargood=True)
            good = before is LineClass.GOOD and after is LineClass.GOOD
            if not good and LineClass.GOOD in (before, after):
                near_before = _neighbour(classes, lines, position, -1, skip_neargood=False)
                near_after = _neighbour(classes, lines, position, 1, skip_neargood=False)
                good = LineClass.NEARGOOD in (near_before, near_after)
            rule, line_class = (
                (Rule.CONTEXT_GOOD, LineClass.GOOD) if good else (Rule.CONTEXT_BAD, LineClass.BAD)
            )
            revised[position] = Verdict(line_class, rule, verdict.score)
    classes = [v.line_class for v in revised]
    for position in text_positions:
        verdict = revised[position]
        if verdict.line_class is LineClass.NEARGOOD:
            before = _neighbour(classes, lines, position, -1, skip_neargood=True)
            after = _neighbour(classes, lines, position, 1, skip_neargood=True)
            if before is LineClass.BAD and after is LineClass.BAD:
                revised[position] = Verdict(LineClass.BAD, Rule.CONTEXT_BAD, verdict.score)
    return revised


def _neighbour(
    classes: Sequence[LineClass],
    lines: Sequence[Line],
    position: int,
    step: int,
    skip_neargood: bool,
) -> LineClass:
    """The nearest GOOD or BAD class in one direction (SHORT, blank and maybe NEARGOOD skipped)."""
    index = position + step
    while 0 <= index < len(classes):
        if lines[index].text:
            found = classes[index]
            if found is LineClass.GOOD or found is LineClass.BAD:
                return found
            if found is LineClass.NEARGOOD and not skip_neargood:
                return found
        index += step
    return LineClass.BAD


def block_weight(verdict: Verdict, feature: LineFeatures | None) -> float:
    """What a line adds to (prose) or takes from (boilerplate) the main block."""
    if feature is None:
        return 0.0
    if verdict.rule is Rule.END_MARKER:
        return -END_MARKER_COST
    if verdict.line_class is LineClass.GOOD:
        return float(feature.length)
    if verdict.line_class is LineClass.NEARGOOD:
        return NEARGOOD_WEIGHT * feature.length
    return -(BAD_LINE_COST + BAD_LENGTH_WEIGHT * feature.length)


def find_main_block(
    verdicts: Sequence[Verdict], features: Sequence[LineFeatures | None]
) -> tuple[int, int] | None:
    """Step 3: the line range (start, end inclusive) with the highest total weight."""
    best_sum = 0.0
    best: tuple[int, int] | None = None
    running = 0.0
    start = 0
    for index, (verdict, feature) in enumerate(zip(verdicts, features, strict=True)):
        weight = block_weight(verdict, feature)
        if running <= 0:
            running = weight
            start = index
        else:
            running += weight
        if running > best_sum:
            best_sum = running
            best = (start, index)
    return best


def select_body(
    lines: Sequence[Line],
    features: Sequence[LineFeatures | None],
    verdicts: Sequence[Verdict],
    block: tuple[int, int] | None,
) -> list[Verdict]:
    """Step 4: final verdicts: prose inside the main block is kept, everything else dropped."""
    final = list(verdicts)
    if block is None:
        return [_drop(v, Rule.OUTSIDE_BLOCK) if v.line_class is not LineClass.BAD else v for v in final]
    start, end = block
    first_good = next(
        (i for i in range(start, end + 1) if verdicts[i].line_class is LineClass.GOOD), start
    )
    seen: set[str] = set()
    for index, verdict in enumerate(verdicts):
        line = lines[index]
        if not line.text:
            continue
        if not start <= index <= end:
            if verdict.line_class is not LineClass.BAD:
                final[index] = _drop(verdict, Rule.OUTSIDE_BLOCK)
            continue
        if verdict.line_class is LineClass.BAD:
            continue
        if index < first_good and not features[index].sentence_end:
            final[index] = _drop(verdict, Rule.BEFORE_BODY)
            continue
        key = repetition_key(line.text)
        if key in seen:
            final[index] = _drop(verdict, Rule.DUPLICATE)
            continue
        seen.add(key)
        final[index] = Verdict(LineClass.GOOD, verdict.rule, verdict.score)
    return final


def _drop(verdict: Verdict, rule: Rule) -> Verdict:
    return Verdict(LineClass.BAD, rule, verdict.score)
