"""Line classification, in jusText's named steps, adapted to text dumps.

1. ``classify_lines`` gives each line a context-free verdict from its own features: sure
   boilerplate (a phrase group, a bare link, a short line printed twice, a line recurring
   across seeds, glued teasers), sure prose (long, sentences, the language's function
   words; or a sentence set apart as a paragraph), and the unsure rest (short or middling).
   ``mark_linked_lines`` drops the link under a bare "read also" heading,
   ``mark_lists`` recognises data lists and tables (same-shaped lines with figures or
   separators), ``mark_announced_lists`` the list a sentence ending with a colon
   announces, ``mark_code_blocks`` a listing between braces (a JSON record, code), and
   ``promote_when_no_prose`` lets the best lines of a page without any sure prose stand
   in for it.
2. ``revise_lines`` decides the unsure lines by their neighbours, as jusText's
   ``revise_paragraph_classification`` does: a short line between two prose lines is prose,
   one between boilerplate is boilerplate; runs of short lines are widgets, and so are two
   headlines printed against each other. Ad labels, captions' credits and pitches
   (``INTERRUPTIONS``) are looked past: sites print them between paragraphs.
3. ``find_main_block`` finds the article: the run of lines with the best balance of prose
   over boilerplate (a maximum-sum segment). Comment sections end it for good; an
   end-of-article heading (related, tags, more stories, a comment count, "About <name>")
   ends it unless mostly prose follows (an inline box); a heading with a few links run
   together and then sure prose is an inline box too; short closing sentences right
   after it belong to it.
4. ``select_body`` keeps the prose of the main block from its first real paragraph on
   (or from a lead sentence above it), and a line of sure prose above the block with
   only a widget between them; it drops what is printed twice close together, a
   middling line printed three times, and everything else.

Each decision is a ``Verdict`` naming the ``Rule`` that made it, so ``clean --explain`` can
show it. Thresholds are module constants, each with the reason for its value.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import groupby
from typing import NamedTuple

from generator.clean.lines import Line, LineFeatures, repetition_key
from generator.clean.profile import SiteProfile
from generator.clean.rules import DROPPING_CONCEPTS, Concept, IdentityEnum

LENGTH_LOW = 70
"""Below this a line is too short to judge alone (jusText's length_low)."""

LENGTH_HIGH = 200
"""From this length a line with enough function words is sure prose (jusText's length_high)."""

STOPWORDS_LOW = 0.30
"""Share of function words from which a line may be prose (jusText's stopwords_low)."""

STOPWORDS_HIGH = 0.32
"""Share of function words from which a long line is sure prose (jusText's stopwords_high)."""

STOPWORDS_PARAGRAPH = 0.15
"""Share of function words enough for a paragraph that ends like a sentence to be maybe prose
(names and figures crowd out function words in results and reports)."""

TEASER_TRUNCATIONS = 2
"""Ellipses inside one line from which it is a run of cut-off teaser summaries; one may be
an author's own ellipsis."""

TEASER_RUN_MIN = 3
"""Lines in a row that each stop with an ellipsis are a list of teaser summaries; an article
may leave one paragraph or two hanging, not three in a row."""

MAX_SENTENCE_LENGTH = 400
"""Prose ends a sentence at least this often; a long line with fewer sentence ends is a
ticker or a run of glued headlines."""

SENTENCES_FOR_PROSE = 2
"""A long line with this many sentence ends is prose even in a language without a stoplist."""

REPEAT_MAX_LENGTH = LENGTH_HIGH
"""A line printed twice is template (a banner, a teaser title listed twice) when shorter than
this; longer repeats (a caption that repeats the lead) are kept once instead."""

REPEAT_SHORT_LENGTH = 40
"""A repeated line that ends like a sentence (an interview's recurring question) is kept
unless it is this short; repeated labels and teaser titles rarely end like sentences."""

REPEAT_MANY = 3
"""A line that is not sure prose and is printed this often (a caption under every photo of a
gallery) is kept nowhere; it still counts as its neighbours' context, as a caption between
paragraphs does."""

SHORT_RUN_MAX = 3
"""Short lines between prose are kept (a subheading, a short quote) only in runs up to
this long; longer runs of short lines are widgets."""

BAD_LINE_COST = 40
"""What one boilerplate line costs the main block, besides its length: a menu of many short
entries weighs against the block even though each entry is short."""

SHORT_LINE_COST = 25
"""What an unsure short line costs the main block: a subheading between paragraphs costs
little, a teaser list (a short line or three per summary sentence) adds up. A short
paragraph that ends like a sentence (a line of dialogue) costs nothing."""

BAD_LENGTH_WEIGHT = 0.5
"""Share of a boilerplate line's length counted against the main block."""

NEARGOOD_WEIGHT = 0.5
"""Share of an unsure-but-likely prose line's length counted for the main block."""

LINE_WEIGHT_CAP = 800
"""One line counts at most as one long paragraph: a news ticker printed as a single
2,000-character line must not outweigh an article of several paragraphs."""

RUN_ON_WEIGHT = 0.25
"""Prose counts a quarter for the main block when no blank line sets it apart: articles
print paragraphs (blank lines between), teaser lists and mega-menus print one item per
line. Data-list items are exempt: a list is one item per line by nature."""

END_MARKER_COST = 600
"""An end-of-article heading costs as much as two or three paragraphs: the heaviest run goes
past it only when more article follows (an inline "Related" box mid-article)."""

DUPLICATE_WINDOW = 8
"""A kept line printed again within this many lines (a caption that repeats the lead) is
kept once; farther repeats (an interview's recurring question) are the article's own."""

LIST_MIN_ITEMS = 4
"""A data list has at least this many items in a row; fewer could be a byline block."""

LIST_MARKS = (":", "(", "@", " - ", "–", "—")
"""Separators that make a run of same-shaped lines a list of facts ("Spain (Group F): 11th
appearance") rather than a menu of words."""

TABLE_MIN_ROWS = 3
"""Rows of a table (cells separated by tabs): a header and two rows make a table."""

SERIES_WORDS = 3
"""Items that all open with the same words ("Milan Design Week 2018 | ...") are links to a
series of articles, not data."""

LIST_SHARE = 0.75
"""Share of a run's lines that must have the same shape for it to be one list."""

LIST_MIN_MEAN_LENGTH = 20
"""Data list items say something ("June 9 - Tampa, FL @ Amphitheatre"); a category menu
with counts ("World (3031)") is shorter."""

LIST_SHAPE_TOKENS = 3
"""Items are compared by the start of their shape; their ends vary (a venue's long name)."""

_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"[ \u00a0]+")
_WORD_RUN = re.compile(r"a(?: a)+")

CODE_MIN_LINES = 3
CODE_MAX_LINES = 200
"""A listing between braces has an opening line, at least one inside and a closing one; one
longer than CODE_MAX_LINES lines is not looked for (a page's stray script)."""

_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')

ARTICLE_MIN_WEIGHT = 400
"""An article candidate this heavy (two short paragraphs) before a comment section is the
article, however long the comments below it are."""

AFTER_END_FACTOR = 3
"""How much heavier a run after an end-of-article heading must be than an article run
before it to be taken instead."""

BOX_HEADING_LINES = 3
"""An inline box's heading follows the article's last line within this many lines; a run
farther up the page that ends long before the heading is not the article's first half."""

WIDGET_MAX_LINES = 12
"""Lines of a widget (an audio player, a paywall pitch, share buttons, a byline) that may stand
between the article's lead and the rest of it."""

BOX_MAX_LINKS = 6
"""Links an inline box under a heading holds ("Related stories" and three to five headlines)."""

CONTINUATION_RATIO = 2
"""Prose after an end-of-article heading must outweigh the boilerplate there this many
times over for the article to go on past the heading."""

HEADLINE_MAX_LENGTH = 150
"""Headlines are shorter than this; a longer line in sentence case that ends a paragraph under
the page head (run on from the date above it) is the lead."""

SENTENCE_CASE_WORD = 4
SENTENCE_CASE_MIN_WORDS = 6
SENTENCE_CASE_SHARE = 0.5
"""A line is in sentence case when fewer than half of its words of four letters or more
(at least six of them) start with a capital: prose, not a headline in title case."""


class LineClass(IdentityEnum):
    """jusText's classes: the verdict before and after the context pass."""

    GOOD = "good"
    NEARGOOD = "neargood"
    SHORT = "short"
    BAD = "bad"


class Rule(IdentityEnum):
    """The rule that decided a line's verdict (shown by ``clean --explain``)."""

    BLANK = "blank line"
    PHRASE = "boilerplate phrase"
    LINK = "bare link"
    TEASERS = "cut-off teasers in one line"
    TEASER_RUN = "one of several cut-off teasers in a row"
    CUT_OFF = "prose cut off with an ellipsis"
    REPEATED = "repeated in page"
    SITE_TEMPLATE = "recurs across seeds"
    PROSE = "prose"
    PARAGRAPH = "sentence set apart as a paragraph"
    NOT_PROSE = "not prose"
    MAYBE_PROSE = "maybe prose"
    SHORT = "short"
    BEST_ON_PAGE = "best on a page without prose"
    CONTEXT_GOOD = "short, between prose"
    CONTEXT_BAD = "short, beside boilerplate"
    LINKED = "the link under a read-also heading"
    OUTSIDE_BLOCK = "outside the main block"
    BEFORE_BODY = "above the first paragraph"
    LIST_ITEM = "list in the body"
    CODE = "code or data listing"
    DUPLICATE = "duplicate of a kept line"
    END_MARKER = "end of article"
    ABOVE_WIDGET = "prose above a widget"
    COMMENTS = "comment section"


BYLINE_CONCEPTS = frozenset({Concept.BYLINE, Concept.AUTHOR_LABEL, Concept.AGENCY})
"""A byline ("By Ann Lee | Reuters"), an author label and an agency's name alone are the page
head's, never article text (``lines.byline`` has already told a byline from a sentence that
starts with "By")."""

INTRO_MIN_WORDS = 3
ANNOUNCED_MIN_ITEMS = 2
"""A line of three words or more that ends with a colon ("List of forbidden foods:") announces
a list of two items or more; box headings of one or two words ("Related:", "Follow us:") do
not, and longer ones are phrases."""

LINK_MIN_WORDS = 7
"""Headlines of linked stories have this many words or more; shorter lines in a row are
items of a list."""

LINK_GAP = 1
"""Blank lines that may stand between a "read also" heading and its link."""

INTERRUPTIONS = frozenset({Concept.ADS, Concept.PROMO})
"""Phrase groups whose lines sites put between an article's paragraphs (an ad label, a
caption's credit, a subscription pitch) as much as anywhere else: they say nothing about
whether their neighbours are prose, so the context pass looks past them. (A "Related" or
"Read more" heading is not one: it opens a box of links.)"""

LIST_CANDIDATES = frozenset({Rule.SHORT, Rule.NOT_PROSE, Rule.MAYBE_PROSE})
"""Verdicts a data-list item may have on its own (never a phrase, a link, a repeat)."""


class Verdict(NamedTuple):
    """One line's class, the rule behind it and the score the rule read (a named tuple: each
    pass over a page makes one per line)."""

    line_class: LineClass
    rule: Rule
    score: float = 0.0


DROPPED = {rule: Verdict(LineClass.BAD, rule) for rule in (
    Rule.BLANK, Rule.COMMENTS, Rule.END_MARKER, Rule.PHRASE, Rule.LINK, Rule.SITE_TEMPLATE)}
"""The verdicts that drop a line with no score, made once each (a third of a page's lines are
blank, and many more are phrases or the site's template)."""


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


def mark_teaser_runs(verdicts: Sequence[Verdict], features: Sequence[LineFeatures | None]) -> list[Verdict]:
    """Step 1a: ``TEASER_RUN_MIN`` or more lines in a row (blank lines between them allowed)
    that each stop with an ellipsis are a teaser list, whatever each looks like alone."""
    marked = list(verdicts)
    printed = [(index, feature) for index, feature in enumerate(features) if feature is not None]
    for cut_off, group in groupby(printed, key=lambda item: item[1].cut_off):
        run = [index for index, _ in group]
        if cut_off and len(run) >= TEASER_RUN_MIN:
            for index in run:
                marked[index] = Verdict(LineClass.BAD, Rule.TEASER_RUN, len(run))
    return marked


def classify_line(
    line: Line, feature: LineFeatures | None, profile: SiteProfile | None, has_stoplist: bool
) -> Verdict:
    """The verdict on one line from its own features."""
    if feature is None:
        return DROPPED[Rule.BLANK]
    if feature.concept is Concept.COMMENTS and feature.digit_share == 0:
        return DROPPED[Rule.COMMENTS]
    # A comment count ("0 Comments") is as often a link in the byline as a section heading:
    # it may end the article like a "Related" heading, but does not cut the page in two.
    if feature.concept in (Concept.END_OF_ARTICLE, Concept.PERSON_BOX, Concept.COMMENTS):
        return DROPPED[Rule.END_MARKER]
    if feature.concept in DROPPING_CONCEPTS or feature.concept in BYLINE_CONCEPTS:
        return DROPPED[Rule.PHRASE]
    if feature.link_like:
        return DROPPED[Rule.LINK]
    if feature.truncations >= TEASER_TRUNCATIONS:
        return Verdict(LineClass.BAD, Rule.TEASERS, feature.truncations)
    if feature.repeats > 1 and feature.length < REPEAT_MAX_LENGTH and (
        feature.length < REPEAT_SHORT_LENGTH or not feature.sentence_end
    ):
        return Verdict(LineClass.BAD, Rule.REPEATED, feature.repeats)
    prose = is_sure_prose(feature, has_stoplist)
    if profile is not None and not prose and profile.is_template(repetition_key(line.text)):
        return DROPPED[Rule.SITE_TEMPLATE]
    density = feature.stopword_density
    if not prose and not feature.cut_off and is_paragraph_sentence(line, feature, has_stoplist):
        return Verdict(LineClass.GOOD, Rule.PARAGRAPH, density)
    if prose and feature.cut_off:
        return Verdict(LineClass.NEARGOOD, Rule.CUT_OFF, density)
    if prose:
        return Verdict(LineClass.GOOD, Rule.PROSE, density)
    if feature.length < LENGTH_LOW:
        return Verdict(LineClass.SHORT, Rule.SHORT, feature.length)
    if maybe_prose(line, feature, has_stoplist):
        return Verdict(LineClass.NEARGOOD, Rule.MAYBE_PROSE, density)
    return Verdict(LineClass.BAD, Rule.NOT_PROSE, density)


def is_sure_prose(feature: LineFeatures, has_stoplist: bool) -> bool:
    """Long, and either rich in function words or (without a stoplist) made of sentences."""
    if feature.length < LENGTH_HIGH:
        return False
    if feature.sentences < feature.length // MAX_SENTENCE_LENGTH:
        return False
    if has_stoplist and not feature.wide:
        return feature.stopword_density >= STOPWORDS_HIGH
    return feature.sentences >= SENTENCES_FOR_PROSE or (
        feature.sentence_end and feature.sentences >= 1
    )


def is_paragraph_sentence(line: Line, feature: LineFeatures, has_stoplist: bool) -> bool:
    """A middling line set apart as a paragraph that reads as a sentence: tabloids write
    one-sentence paragraphs, which jusText's length rule alone would leave unsure."""
    if feature.length < LENGTH_LOW or not (line.gap_before and line.gap_after):
        return False
    if not feature.sentence_end:
        return False
    if has_stoplist and not feature.wide:
        return feature.stopword_density >= STOPWORDS_HIGH
    return feature.sentences >= 1


def maybe_prose(line: Line, feature: LineFeatures, has_stoplist: bool) -> bool:
    """A middling line that may be prose: enough function words, or ends like a sentence.

    A paragraph (blank lines around) that ends like a sentence needs fewer function words:
    sports results and lists of names are prose with many proper nouns; one of two sentences
    or more (market figures, a results round-up) is prose however few it has."""
    if has_stoplist and not feature.wide:
        if line.gap_before and line.gap_after and feature.sentence_end:
            return (
                feature.stopword_density >= STOPWORDS_PARAGRAPH or feature.sentences >= SENTENCES_FOR_PROSE
            )
        return feature.stopword_density >= STOPWORDS_LOW
    return feature.sentence_end


def mark_linked_lines(
    verdicts: Sequence[Verdict], lines: Sequence[Line], features: Sequence[LineFeatures | None]
) -> list[Verdict]:
    """Step 1a: the line right under a bare "read also" heading ("Lee también...", then a
    headline) is the link it announces, unless it is a paragraph that ends like a sentence.
    A label of a phrase group between them ("Mira también", "Video", the headline) is the
    link's kicker, not the link."""
    marked = list(verdicts)

    def next_line(index: int) -> int | None:
        following = next((i for i in range(index + 1, len(lines)) if lines[i].text), None)
        return following if following is not None and following - index <= LINK_GAP + 1 else None

    for index, feature in enumerate(features):
        if feature is None or not feature.bare:
            continue
        following = next_line(index)
        kicker = features[following] if following is not None else None
        if following is not None and kicker is not None and kicker.concept is not None and (
            marked[following].line_class is LineClass.BAD
        ):
            following = next_line(following)
        if following is None:
            continue
        linked = features[following]
        if linked is not None and not linked.sentence_end and marked[following].line_class is not LineClass.BAD:
            marked[following] = Verdict(LineClass.BAD, Rule.LINKED, marked[following].score)
    return marked


def promote_when_no_prose(
    verdicts: Sequence[Verdict], lines: Sequence[Line], features: Sequence[LineFeatures | None]
) -> list[Verdict]:
    """Step 1b: a page without one sure-prose line (a short post, a list of tips) still has
    an article; its best lines stand in for prose: NEARGOOD lines become GOOD, or when there
    are none either, paragraphs (short or without function words: results, figures) that
    end like sentences do."""
    if any(v.line_class is LineClass.GOOD for v in verdicts):
        return list(verdicts)
    if any(v.line_class is LineClass.NEARGOOD for v in verdicts):
        return [
            Verdict(LineClass.GOOD, Rule.BEST_ON_PAGE, v.score)
            if v.line_class is LineClass.NEARGOOD else v
            for v in verdicts
        ]
    promoted = []
    for verdict, line, feature in zip(verdicts, lines, features, strict=True):
        if (
            verdict.rule in (Rule.SHORT, Rule.NOT_PROSE)
            and feature is not None
            and feature.sentence_end
            and line.gap_before
            and line.gap_after
        ):
            verdict = Verdict(LineClass.GOOD, Rule.BEST_ON_PAGE, verdict.score)
        promoted.append(verdict)
    return promoted


def mark_code_blocks(
    verdicts: Sequence[Verdict], lines: Sequence[Line], features: Sequence[LineFeatures | None]
) -> list[Verdict]:
    """Step 1e (after 1b, so that a stray listing never counts as prose found on the page): a
    listing of code or data printed in the article (a JSON record, a function):
    a line that opens a brace or bracket, the lines up to the one that closes it, no blank
    line between. No menu or teaser is printed between braces. The listing is kept where it
    stands in the main block but weighs nothing in finding it (``block_weight``): a page's
    stray script text must not pass for its article."""
    marked = list(verdicts)
    index = 0
    while index < len(lines):
        text = lines[index].text
        if not text.endswith(("{", "[")):
            index += 1
            continue
        depth, last = 0, None
        for i in range(index, min(len(lines), index + CODE_MAX_LINES)):
            if not lines[i].text:
                break
            depth += _bracket_balance(lines[i].text)
            if depth <= 0:
                last = i
                break
        if last is None or last - index + 1 < CODE_MIN_LINES:
            index += 1
            continue
        for i in range(index, last + 1):
            marked[i] = Verdict(LineClass.GOOD, Rule.CODE, last - index + 1)
        index = last + 1
    return marked


def _bracket_balance(text: str) -> int:
    """Opening minus closing braces and brackets of a line (quoted strings skipped)."""
    plain = _QUOTED.sub("", text)
    return plain.count("{") + plain.count("[") - plain.count("}") - plain.count("]")


def mark_announced_lists(
    verdicts: Sequence[Verdict], lines: Sequence[Line], features: Sequence[LineFeatures | None]
) -> list[Verdict]:
    """Step 1d: a run of short lines printed one against the other right under a sentence
    that ends with a colon ("I know it's a lot of graphs, so I'll summarize them:") is the
    list that sentence announces: each item becomes GOOD, up to the first line that is not
    an unsure one. Box headings ("Related:", "Follow us:") are phrases or too short to
    announce anything, and teasers cut off with an ellipsis are no list."""
    marked = list(verdicts)
    for index, line in enumerate(lines):
        feature = features[index]
        if (
            feature is None or feature.concept is not None or not line.text.endswith((":", "："))
            or feature.words < INTRO_MIN_WORDS or verdicts[index].line_class is LineClass.BAD
        ):
            continue
        start = next((i for i in range(index + 1, len(lines)) if lines[i].text), None)
        if start is None or start - index > LINK_GAP + 1:
            continue
        run = [start] if verdicts[start].rule in LIST_CANDIDATES else []
        while run and run[-1] + 1 < len(lines) and lines[run[-1] + 1].text and (
            verdicts[run[-1] + 1].rule in LIST_CANDIDATES
        ):
            run.append(run[-1] + 1)
        if len(run) < ANNOUNCED_MIN_ITEMS or any(f.cut_off for f in (features[i] for i in run) if f):
            continue
        for i in run:
            marked[i] = Verdict(LineClass.GOOD, Rule.LIST_ITEM, len(run))
    return marked


def mark_lists(
    verdicts: Sequence[Verdict], lines: Sequence[Line], features: Sequence[LineFeatures | None]
) -> list[Verdict]:
    """Step 1c: runs of lines that share one shape with figures in it (tour dates, a results
    table, a calendar) are the article's data, not a menu: each item becomes GOOD.

    Menus are runs of words; a data list repeats a pattern of numbers and separators
    ("June 9 - City @ Venue", "1<tab>Name<tab>5040"), which ``line_shape`` keeps. A table
    (tab-separated cells) counts from three rows."""
    marked = list(verdicts)
    run: list[int] = []
    for index in range(len(lines) + 1):
        if index < len(lines) and lines[index].text and verdicts[index].rule in LIST_CANDIDATES:
            run.append(index)
            if not lines[index].gap_after:
                continue
        table = all("\t" in lines[i].text for i in run)
        if len(run) >= (TABLE_MIN_ROWS if table else LIST_MIN_ITEMS):
            shapes = [
                str(lines[i].text.count("\t")) if table else line_shape(lines[i].text) for i in run
            ]
            common, count = Counter(shapes).most_common(1)[0]
            mean_length = sum(features[i].length for i in run if features[i]) / len(run)
            openings = Counter(
                " ".join(lines[i].text.split()[:SERIES_WORDS])
                for i, shape in zip(run, shapes, strict=True) if shape == common
            )
            series = openings.most_common(1)[0][1] >= LIST_SHARE * count
            figures = sum(1 for i in run if _DIGITS.search(lines[i].text)) >= LIST_SHARE * len(run)
            if (
                count >= LIST_SHARE * len(run)
                and (figures or table or any(mark in common for mark in LIST_MARKS))
                and mean_length >= LIST_MIN_MEAN_LENGTH
                and not series
            ):
                for i in run:
                    if shapes[i - run[0]] == common:
                        marked[i] = Verdict(LineClass.GOOD, Rule.LIST_ITEM, len(run))
        run = []
    return marked


def line_shape(text: str) -> str:
    """The start of a line reduced to its separators: every run of words and numbers is
    ``a`` ("June 9 - Tampa, FL @ ..." -> "a - a, a @", "Spain (Group F): 11th ..." and
    "Wales (Group E): Second ..." -> "a (a): a"); abbreviation dots are dropped."""
    shape = _WORDS.sub("a", text.replace(".", ""))
    shape = _WORD_RUN.sub("a", _SPACE.sub(" ", shape))
    return " ".join(shape.split(" ")[:LIST_SHAPE_TOKENS])


def revise_lines(
    verdicts: Sequence[Verdict], lines: Sequence[Line], features: Sequence[LineFeatures | None]
) -> list[Verdict]:
    """Step 2: decide NEARGOOD and SHORT lines by the nearest sure neighbours (jusText).

    One change to jusText: a run of more than SHORT_RUN_MAX unsure or bad lines between two
    prose lines is a widget (a byline block, share buttons, a comment's header), not a
    subheading, so its short lines stay boilerplate; short paragraphs that end like
    sentences ("Restart, and you are done.") are exempt: blogs write them in a row."""
    classes = [v.line_class for v in verdicts]
    interruptions = [
        v.rule is Rule.LINKED or (v.rule is Rule.PHRASE and f is not None and f.concept in INTERRUPTIONS)
        for v, f in zip(verdicts, features, strict=True)
    ]
    runs = _short_runs(classes, lines, features)
    text_positions = [i for i, line in enumerate(lines) if line.text]
    revised = list(verdicts)
    for position in text_positions:
        verdict = verdicts[position]
        if verdict.line_class is LineClass.SHORT:
            before = _neighbour(classes, lines, position, -1, skip_neargood=True)
            after = _neighbour(classes, lines, position, 1, skip_neargood=True)
            feature = features[position]
            sentence = feature is not None and feature.sentence_end and lines[position].gap_before and (
                lines[position].gap_after
            )
            good = before is LineClass.GOOD and after is LineClass.GOOD
            if not good and LineClass.GOOD in (before, after):
                near_before = _neighbour(classes, lines, position, -1, skip_neargood=False)
                near_after = _neighbour(classes, lines, position, 1, skip_neargood=False)
                good = sentence or LineClass.NEARGOOD in (near_before, near_after)
            good = good and (runs[position] <= SHORT_RUN_MAX or sentence) and not _link_pair(lines, features, position)
            rule, line_class = (
                (Rule.CONTEXT_GOOD, LineClass.GOOD) if good else (Rule.CONTEXT_BAD, LineClass.BAD)
            )
            revised[position] = Verdict(line_class, rule, verdict.score)
    classes = [v.line_class for v in revised]
    for position in text_positions:
        verdict = revised[position]
        if verdict.line_class is LineClass.NEARGOOD:
            before = _neighbour(classes, lines, position, -1, skip_neargood=True, skip=interruptions)
            after = _neighbour(classes, lines, position, 1, skip_neargood=True, skip=interruptions)
            if before is LineClass.BAD and after is LineClass.BAD:
                revised[position] = Verdict(LineClass.BAD, Rule.CONTEXT_BAD, verdict.score)
    return revised


def _link_pair(lines: Sequence[Line], features: Sequence[LineFeatures | None], position: int) -> bool:
    """True for a short line of words printed right against another short line (no blank
    line between), neither ending like a sentence: links in a row, not a subheading. A line
    with figures is more likely an item of a list (a date and a venue, a price)."""
    for other in (position - 1, position + 1):
        if not 0 <= other < len(lines) or not lines[other].text:
            continue
        mine, theirs = features[position], features[other]
        if (
            mine is not None and theirs is not None
            and not mine.sentence_end and not theirs.sentence_end
            and mine.length < LENGTH_LOW and theirs.length < LENGTH_LOW
            and min(mine.words, theirs.words) >= LINK_MIN_WORDS
            and mine.digit_share == 0
        ):
            return True
    return False


def _short_runs(
    classes: Sequence[LineClass], lines: Sequence[Line], features: Sequence[LineFeatures | None]
) -> list[int]:
    """For each line, the length of the run of non-blank SHORT/BAD lines it belongs to.

    Short paragraphs that end like sentences do not count: they are kept whatever the run's
    length, and a step of instructions among them ("Restart and you are done") is no widget."""
    runs = [0] * len(classes)
    start = None
    members: list[int] = []
    for index in range(len(classes) + 1):
        inside = index < len(classes) and (
            not lines[index].text or classes[index] in (LineClass.SHORT, LineClass.BAD)
        )
        if inside:
            if lines[index].text and not _sentence_paragraph(lines[index], features[index]):
                members.append(index)
            start = index if start is None else start
            continue
        for member in members:
            runs[member] = len(members)
        members = []
        start = None
    return runs


def _sentence_paragraph(line: Line, feature: LineFeatures | None) -> bool:
    """A short paragraph (blank lines around it) that ends like a sentence."""
    return feature is not None and feature.sentence_end and line.gap_before and line.gap_after


def _neighbour(
    classes: Sequence[LineClass],
    lines: Sequence[Line],
    position: int,
    step: int,
    skip_neargood: bool,
    skip: Sequence[bool] = (),
) -> LineClass:
    """The nearest GOOD or BAD class in one direction (SHORT, blank, ``skip`` lines and maybe
    NEARGOOD skipped)."""
    index = position + step
    while 0 <= index < len(classes):
        if lines[index].text and not (skip and skip[index]):
            found = classes[index]
            if found is LineClass.GOOD or found is LineClass.BAD:
                return found
            if found is LineClass.NEARGOOD and not skip_neargood:
                return found
        index += step
    return LineClass.BAD


def block_weight(line: Line, verdict: Verdict, feature: LineFeatures | None) -> float:
    """What a line adds to (prose) or takes from (boilerplate) the main block."""
    if feature is None:
        return 0.0
    if verdict.rule in (Rule.END_MARKER, Rule.COMMENTS):
        return -END_MARKER_COST
    if verdict.rule is Rule.LINKED:
        return -BAD_LINE_COST
    if verdict.rule is Rule.CODE:
        return 0.0
    paragraph = line.gap_before or line.gap_after or verdict.rule is Rule.LIST_ITEM
    factor = 1.0 if paragraph else RUN_ON_WEIGHT
    length = min(feature.length, LINE_WEIGHT_CAP)
    if verdict.line_class is LineClass.GOOD:
        return factor * length
    if verdict.line_class is LineClass.NEARGOOD:
        return factor * NEARGOOD_WEIGHT * length
    if verdict.line_class is LineClass.SHORT:
        if feature.sentence_end and line.gap_before and line.gap_after:
            return 0.0
        return -(SHORT_LINE_COST + BAD_LENGTH_WEIGHT * feature.length)
    return -(BAD_LINE_COST + BAD_LENGTH_WEIGHT * feature.length)


def find_main_block(
    lines: Sequence[Line], verdicts: Sequence[Verdict], features: Sequence[LineFeatures | None]
) -> tuple[int, int] | None:
    """Step 3: the line range (start, end inclusive) holding the article.

    Within each stretch between comment-section headings, the article candidate is the run
    of lines with the highest total weight (a maximum-sum segment). Comments come after
    the article and may well be longer, so the first stretch whose candidate weighs at
    least ARTICLE_MIN_WEIGHT wins; a page with no such stretch gets its heaviest run.

    Weighed on the context-free verdicts: the context pass lets short lines follow their
    neighbours, which is right for keeping a subheading but would let a list of teasers
    (a title, a label, a summary sentence, again and again) pass for an article."""
    weights = [
        block_weight(line, verdict, feature)
        for line, verdict, feature in zip(lines, verdicts, features, strict=True)
    ]
    stretches: list[tuple[int, int]] = []
    start = 0
    for index, verdict in enumerate(verdicts):
        if verdict.rule is Rule.COMMENTS:
            stretches.append((start, index))
            start = index + 1
    stretches.append((start, len(verdicts)))
    best: tuple[float, int, int] | None = None
    for low, high in stretches:
        found = _heaviest_run(weights, low, high)
        if found is None:
            continue
        if found[0] >= ARTICLE_MIN_WEIGHT:
            found = _earlier_article(weights, verdicts, low, found)
            return found[1], _free_tail(lines, weights, _past_box(lines, verdicts, features, found[2], high), high)
        if best is None or found[0] > best[0]:
            best = found
    if best is None:
        return None
    return best[1], _free_tail(lines, weights, _past_box(lines, verdicts, features, best[2], len(lines)), len(lines))


def _past_box(
    lines: Sequence[Line], verdicts: Sequence[Verdict], features: Sequence[LineFeatures | None], end: int, high: int
) -> int:
    """The block's end moved past an inline box to the paragraphs that follow it.

    A box of links inside an article is a heading ("Related stories") and its links printed
    one against the other, with no blank line between; when a blank line and a paragraph of
    sure prose come right after it, the article goes on there (the box stays out: it is
    boilerplate by its own verdicts). A run of links too long for a box, or anything but
    sure prose after it, leaves the end where it was. A comment count or an "About <name>"
    heading opens no such box: comments and a bio follow them."""
    heading = next((i for i in range(end + 1, high) if lines[i].text), None)
    if heading is None or verdicts[heading].rule is not Rule.END_MARKER:
        return end
    feature = features[heading]
    if feature is None or feature.concept is not Concept.END_OF_ARTICLE:
        return end
    last = heading
    while last + 1 < high and lines[last + 1].text and verdicts[last + 1].line_class is not LineClass.GOOD:
        last += 1
    if not 0 < last - heading <= BOX_MAX_LINKS:
        return end
    index = last + 1
    while True:
        following = next((i for i in range(index, high) if lines[i].text), None)
        if following is None or following == index or not _sure_paragraph(lines[following], verdicts[following]):
            return end
        end = index = following
        index += 1
        if not lines[following].gap_after:
            return end


def _sure_paragraph(line: Line, verdict: Verdict) -> bool:
    return verdict.rule in (Rule.PROSE, Rule.PARAGRAPH) and line.gap_before and line.gap_after


def _free_tail(lines: Sequence[Line], weights: Sequence[float], end: int, high: int) -> int:
    """The block's end moved past the short sentence paragraphs right after it: they weigh
    nothing (a one-line closing paragraph, "Authorities say the cases are unrelated."), so the
    heaviest run stops before them; the context pass decides whether they are prose."""
    index = end + 1
    while index < high:
        if lines[index].text:
            if weights[index] != 0:
                break
            end = index
        index += 1
    return end


def _earlier_article(
    weights: Sequence[float], verdicts: Sequence[Verdict], low: int, heaviest: tuple[float, int, int]
) -> tuple[float, int, int]:
    """Where the article ends at an end-of-article heading ("Related", "Tags", "More stories").

    The article goes on past such a heading only if what follows is mostly prose
    (CONTINUATION_RATIO times more prose weight than boilerplate weight), as after an inline
    "Related" box; a feed of teasers (label, title, summary, again and again) is not.
    So an article run that ends at a heading before the heaviest run is joined to it when
    prose follows, and otherwise wins over it unless the heaviest run is AFTER_END_FACTOR
    times heavier (a sidebar of teasers adds up to more text than a short article); a
    heaviest run that crosses a heading is cut there unless prose follows."""
    start = low
    for index in range(low, heaviest[1]):
        if verdicts[index].rule is not Rule.END_MARKER:
            continue
        found = _heaviest_run(weights, start, index)
        if found is not None and found[0] >= ARTICLE_MIN_WEIGHT:
            box_heading = sum(1 for w in weights[found[2] + 1: index] if w) <= BOX_HEADING_LINES
            if box_heading and _mostly_prose(weights[index + 1: heaviest[2] + 1]):
                return found[0] + heaviest[0], found[1], heaviest[2]
            if found[0] * AFTER_END_FACTOR >= heaviest[0]:
                return found
        start = index + 1
    first, last = heaviest[1], heaviest[2]
    for index in range(first, last + 1):
        if verdicts[index].rule is not Rule.END_MARKER:
            continue
        if not _mostly_prose(weights[index + 1: last + 1]):
            found = _heaviest_run(weights, first, index)
            if found is not None and found[0] >= ARTICLE_MIN_WEIGHT:
                return found
    return heaviest


def _mostly_prose(weights: Sequence[float]) -> bool:
    """True when prose outweighs the boilerplate CONTINUATION_RATIO times over (headings of
    further boxes not counted): the article goes on after an inline box."""
    prose = sum(w for w in weights if w > 0)
    other = -sum(w for w in weights if -END_MARKER_COST < w < 0)
    return prose >= CONTINUATION_RATIO * other


def _heaviest_run(weights: Sequence[float], low: int, high: int) -> tuple[float, int, int] | None:
    """Maximum-sum run of ``weights[low:high]``: (sum, first, last) or None if all <= 0."""
    best: tuple[float, int, int] | None = None
    running = 0.0
    start = low
    for index in range(low, high):
        if running <= 0:
            running = weights[index]
            start = index
        else:
            running += weights[index]
        if running > 0 and (best is None or running > best[0]):
            best = (running, start, index)
    return best


def select_body(
    lines: Sequence[Line],
    features: Sequence[LineFeatures | None],
    initial: Sequence[Verdict],
    verdicts: Sequence[Verdict],
    block: tuple[int, int] | None,
) -> list[Verdict]:
    """Step 4: final verdicts: prose inside the main block is kept, everything else dropped.

    The article starts at the block's first line that was prose on its own (``initial``,
    the verdicts before the context pass): the headline, byline and date lines just above
    it read as neighbours of prose but belong to the page head."""
    final = list(verdicts)
    if block is None:
        return [_drop(v, Rule.OUTSIDE_BLOCK) if v.line_class is not LineClass.BAD else v for v in final]
    start, end = block
    first_good = next(
        (i for i in range(start, end + 1) if initial[i].line_class is LineClass.GOOD),
        next((i for i in range(start, end + 1) if verdicts[i].line_class is LineClass.GOOD), start),
    )
    lead = _prose_above_widget(lines, features, initial, start)
    seen: dict[str, int] = {}
    lead_started = False
    for index, verdict in enumerate(verdicts):
        line = lines[index]
        if not line.text:
            continue
        if index == lead:
            final[index] = Verdict(LineClass.GOOD, Rule.ABOVE_WIDGET, verdict.score)
            continue
        if not start <= index <= end:
            if verdict.line_class is not LineClass.BAD:
                final[index] = _drop(verdict, Rule.OUTSIDE_BLOCK)
            continue
        if verdict.line_class is LineClass.BAD:
            continue
        if index < first_good:
            maybe = initial[index].line_class is LineClass.NEARGOOD
            if not (_lead_sentence(line, initial[index], features[index]) or (lead_started and maybe)):
                final[index] = _drop(verdict, Rule.BEFORE_BODY)
                continue
            lead_started = True
        key = repetition_key(line.text)
        feature = features[index]
        recurring = (
            feature is not None and feature.repeats >= REPEAT_MANY
            and initial[index].line_class is LineClass.NEARGOOD
        )
        repeated = verdict.rule is not Rule.CODE and index - seen.get(key, -DUPLICATE_WINDOW - 1) <= DUPLICATE_WINDOW
        if recurring or repeated:
            final[index] = _drop(verdict, Rule.DUPLICATE)
            continue
        seen[key] = index
        final[index] = Verdict(LineClass.GOOD, verdict.rule, verdict.score)
    return final


def _prose_above_widget(
    lines: Sequence[Line], features: Sequence[LineFeatures | None], initial: Sequence[Verdict], start: int
) -> int | None:
    """A line of sure prose that ends like a sentence, above the main block with only a widget
    between them (an audio player, a paywall pitch, share buttons, a byline: at most
    WIDGET_MAX_LINES short or boilerplate lines, no end-of-article heading): the article's
    lead, which the widget's cost cut off from the block. Shorter lines there (a summary
    under the headline, a caption) are left out, as everything above the block is."""
    between = 0
    for index in range(start - 1, -1, -1):
        if not lines[index].text:
            continue
        verdict, feature = initial[index], features[index]
        if verdict.line_class in (LineClass.GOOD, LineClass.NEARGOOD):
            sure = verdict.rule is Rule.PROSE and feature is not None and feature.sentence_end
            return index if sure and between else None
        between += 1
        if between > WIDGET_MAX_LINES or verdict.rule in (Rule.END_MARKER, Rule.COMMENTS):
            return None
    return None


def _lead_sentence(line: Line, verdict: Verdict, feature: LineFeatures | None) -> bool:
    """A maybe-prose line may open the article above its first sure paragraph (a short
    lead) if it ends like a sentence, or if it is a paragraph in sentence case; headlines
    capitalise their words, bylines and dates are not maybe-prose."""
    if verdict.line_class is not LineClass.NEARGOOD or feature is None:
        return False
    if feature.sentence_end:
        return True
    words = [w for w in line.text.split() if len(w) >= SENTENCE_CASE_WORD and w[0].isalpha()]
    capitals = sum(1 for w in words if w[0].isupper())
    paragraph = line.gap_after and (line.gap_before or feature.length >= HEADLINE_MAX_LENGTH)
    return paragraph and len(words) >= SENTENCE_CASE_MIN_WORDS and capitals < SENTENCE_CASE_SHARE * len(words)


def _drop(verdict: Verdict, rule: Rule) -> Verdict:
    return Verdict(LineClass.BAD, rule, verdict.score)
