"""Line features and the thresholds of the classifier, tested just below, at and above."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.clean import clean_text, load_rules
from generator.clean.classify import (
    LENGTH_HIGH,
    LENGTH_LOW,
    LIST_MIN_ITEMS,
    STOPWORDS_HIGH,
    LineClass,
    Rule,
    classify_line,
    line_shape,
    mark_lists,
)
from generator.clean.language import identify_language, language_by_function_words, language_by_script
from generator.clean.lead import read_lead_prefix, split_lead_prefix
from generator.clean.lines import Line, LineFeatures, line_concept, line_texts, measure_line, split_lines
from generator.clean.rules import (
    CONTAINS_MAX_CHARS,
    Concept,
    Rules,
    RulesError,
    _read_date_labels,
    _read_groups,
    normalise_phrase,
)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


def features(length: int, density: float, **changes: object) -> LineFeatures:
    values: dict[str, object] = {
        "length": length, "words": length // 6, "stopword_density": density, "sentences": 2,
        "sentence_end": True, "link_like": False, "digit_share": 0.0, "repeats": 1, "truncations": 0,
        "cut_off": False,
        "concept": None, "wide": False,
    }
    values.update(changes)
    return LineFeatures(**values)  # type: ignore[arg-type]


def run_on_line(text: str = "x") -> Line:
    return Line(index=0, text=text, gap_before=False, gap_after=False, indented=False)


def paragraph_line(text: str = "x") -> Line:
    return Line(index=0, text=text, gap_before=True, gap_after=True, indented=False)


@pytest.mark.parametrize(
    ("length", "expected"),
    [(LENGTH_HIGH - 1, LineClass.NEARGOOD), (LENGTH_HIGH, LineClass.GOOD), (LENGTH_HIGH + 1, LineClass.GOOD)],
)
def test_sure_prose_starts_at_length_high(length: int, expected: LineClass) -> None:
    verdict = classify_line(run_on_line(), features(length, STOPWORDS_HIGH), None, True)
    assert verdict.line_class is expected


@pytest.mark.parametrize(
    ("density", "expected"),
    [(STOPWORDS_HIGH - 0.01, LineClass.NEARGOOD), (STOPWORDS_HIGH, LineClass.GOOD), (0.5, LineClass.GOOD)],
)
def test_sure_prose_needs_function_words(density: float, expected: LineClass) -> None:
    verdict = classify_line(run_on_line(), features(LENGTH_HIGH, density), None, True)
    assert verdict.line_class is expected


@pytest.mark.parametrize(
    ("length", "expected"),
    [(LENGTH_LOW - 1, LineClass.SHORT), (LENGTH_LOW, LineClass.NEARGOOD), (LENGTH_LOW + 1, LineClass.NEARGOOD)],
)
def test_short_lines_are_left_to_context(length: int, expected: LineClass) -> None:
    verdict = classify_line(run_on_line(), features(length, 0.31), None, True)
    assert verdict.line_class is expected


def test_a_sentence_set_apart_as_a_paragraph_is_prose() -> None:
    verdict = classify_line(paragraph_line(), features(LENGTH_LOW, STOPWORDS_HIGH), None, True)
    assert (verdict.line_class, verdict.rule) == (LineClass.GOOD, Rule.PARAGRAPH)
    verdict = classify_line(paragraph_line(), features(LENGTH_LOW - 1, STOPWORDS_HIGH), None, True)
    assert verdict.line_class is LineClass.SHORT


def test_phrases_links_and_repeats_are_sure_boilerplate() -> None:
    line = paragraph_line()
    assert classify_line(line, features(300, 0.5, concept=Concept.READ_ALSO), None, True).rule is Rule.PHRASE
    assert classify_line(line, features(300, 0.5, concept=Concept.COMMENTS), None, True).rule is Rule.COMMENTS
    assert classify_line(line, features(30, 0.0, link_like=True), None, True).rule is Rule.LINK
    repeated = features(60, 0.4, repeats=2, sentence_end=False)
    assert classify_line(line, repeated, None, True).rule is Rule.REPEATED
    question = features(60, 0.4, repeats=2, sentence_end=True)
    assert classify_line(line, question, None, True).rule is not Rule.REPEATED


def test_without_a_stoplist_sentences_decide(rules: Rules) -> None:
    wide = features(LENGTH_HIGH, 0.0, wide=True, sentences=2)
    assert classify_line(run_on_line(), wide, None, False).line_class is LineClass.GOOD
    no_sentences = features(LENGTH_HIGH, 0.0, wide=True, sentences=0, sentence_end=False)
    assert classify_line(run_on_line(), no_sentences, None, False).line_class is LineClass.BAD


def test_measure_line_counts_function_words_and_wide_characters(rules: Rules) -> None:
    english = rules.language("en")
    measured = measure_line("The cat sat on the mat.", english)
    assert measured.words == 6
    assert measured.stopword_density == pytest.approx(3 / 6)
    assert measured.sentence_end
    japanese = measure_line("今日は晴れです。", rules.language("ja"))
    assert japanese.wide
    assert japanese.length == 1 + 7 * 3  # the full stop is narrow, seven characters are wide


def test_phrase_groups_match_whole_lines_and_starts(rules: Rules) -> None:
    indonesian = rules.language("id")
    assert indonesian.matcher.concept(normalise_phrase("Baca juga: Sesuatu")) is Concept.READ_ALSO
    assert indonesian.matcher.concept(normalise_phrase("Terkini Lainnya")) is Concept.END_OF_ARTICLE
    assert indonesian.matcher.concept(normalise_phrase("12 Komentar")) is Concept.COMMENTS
    assert indonesian.matcher.concept(normalise_phrase("Bacaan yang panjang")) is None
    assert indonesian.matcher.concept(normalise_phrase("Penulis")) is Concept.AUTHOR_LABEL
    assert indonesian.matcher.concept(normalise_phrase("REUTERS")) is Concept.AGENCY


def test_rule_files_are_validated() -> None:
    with pytest.raises(RulesError, match="unknown group"):
        _read_groups({"readalso": {"lines": ["x"]}}, "lang/xx.toml")
    with pytest.raises(RulesError, match="is empty"):
        _read_groups({"promo": {"lines": []}}, "lang/xx.toml")
    with pytest.raises(RulesError, match="bad pattern"):
        _read_groups({"promo": {"patterns": ["("]}}, "lang/xx.toml")
    with pytest.raises(RulesError, match=r"\[labels\] may only hold"):
        _read_date_labels({"posted": ["Posted"]})
    with pytest.raises(RulesError, match="list of non-empty strings"):
        _read_date_labels({"updated": ["Updated", ""]})
    assert _read_date_labels({"updated": ["Updated"]}) == {"published": (), "updated": ("Updated",), "before_date": ()}


def test_every_language_file_has_a_stoplist_or_is_common(rules: Rules) -> None:
    for code in rules.phrases:
        assert code in rules.stoplists or code in ("common", "ja"), code


def test_split_lines_keeps_gaps_and_indents() -> None:
    lines = split_lines("a\n\n\tb\nc\n")
    assert [(line.text, line.gap_before, line.gap_after, line.indented) for line in lines if line.text] == [
        ("a", True, True, False), ("b", True, False, True), ("c", False, True, False),
    ]


def test_language_is_identified_from_prose_lines(rules: Rules) -> None:
    sentence = "Para pejabat Korea Selatan mengatakan bahwa pejabat tingginya berencana untuk berkunjung.\n"
    text = "Menu\nHome\n" + sentence * 3
    assert identify_language(split_lines(text), rules) == "id"
    assert identify_language(split_lines(""), rules) is None


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("Pemerintah tidak akan menaikkan harga karena sudah ada kesepakatan dengan para pengusaha "
         "yang bisa dipakai untuk tahun depan, kata menteri tersebut kepada wartawan.", "id"),
        ("The government said on Monday that it would not raise prices because there is an "
         "agreement with the companies that can be used for next year.", "en"),
        ("Die Regierung sagte am Montag, dass sie die Preise nicht erhöhen werde, weil es eine "
         "Vereinbarung mit den Unternehmen gibt.", "de"),
    ],
)
def test_function_words_name_the_language(rules: Rules, sample: str, expected: str) -> None:
    assert language_by_function_words(sample, rules) == expected


def test_function_words_leave_close_or_foreign_samples_to_the_model(rules: Rules) -> None:
    malay = ("Kerajaan tidak akan menaikkan harga kerana telah ada persetujuan dengan para pengusaha "
             "yang boleh digunakan untuk tahun hadapan, kata menteri itu kepada pemberita.")
    assert language_by_function_words(malay, rules) is None  # as many Indonesian votes: too close
    assert identify_language(split_lines(malay), rules) == "ms"
    assert language_by_function_words("Latest News Applications Cloud Data Center Security Storage", rules) is None
    chinese = "北京市政府周一宣布新的交通措施以减少空气污染和拥堵 " * 3 + "the news of the day"
    assert language_by_function_words(chinese, rules) is None
    assert language_by_script(chinese) is None


def test_script_names_korean_and_japanese() -> None:
    assert language_by_script("서울시는 월요일 새로운 교통 대책을 발표했다") == "ko"
    assert language_by_script("東京都は月曜日、新しい交通対策を発表しました。") == "ja"
    assert language_by_script("The news of the day") is None


def test_rules_compile_a_language_on_first_use_only() -> None:
    fresh = load_rules()
    assert not fresh._compiled.values
    indonesian = fresh.language("id")
    assert fresh.language("id") is indonesian
    assert {kind for kind, _code in fresh._compiled.values} == {"language", "phrases"}
    assert "yang" in indonesian.stopwords and indonesian.months["november"] == 11
    assert fresh.language("xx") is fresh.language(None)


def test_rules_pickle_as_data_without_their_cache(rules: Rules) -> None:
    rules.language("id")
    copy = pickle.loads(pickle.dumps(rules))
    assert not copy._compiled.values
    assert copy.language("id").stopwords == rules.language("id").stopwords
    assert copy.zones == rules.zones and copy.phrases.keys() == rules.phrases.keys()


def test_data_lists_share_a_shape_with_figures(rules: Rules) -> None:
    assert line_shape("June 9 – West Palm Beach, FL @ Coral Sky") == line_shape("July 19 – Toronto, ON @ Stage")
    items = [f"June {day} – Some City, ST @ Some Arena Name" for day in range(1, LIST_MIN_ITEMS + 1)]
    menu = ["World", "Politics", "Business", "Technology", "Science"]
    for block, expected in ((items, Rule.LIST_ITEM), (menu, None)):
        lines = split_lines("\n".join(block))
        feats = [measure_line(line.text, rules.language("en")) for line in lines]
        verdicts = [classify_line(line, f, None, True) for line, f in zip(lines, feats, strict=True)]
        marked = mark_lists(verdicts, lines, feats)
        rules_found = {v.rule for v in marked}
        assert (expected in rules_found) if expected else Rule.LIST_ITEM not in rules_found
    short = items[: LIST_MIN_ITEMS - 1]
    lines = split_lines("\n".join(short))
    feats = [measure_line(line.text, rules.language("en")) for line in lines]
    verdicts = [classify_line(line, f, None, True) for line, f in zip(lines, feats, strict=True)]
    assert Rule.LIST_ITEM not in {v.rule for v in mark_lists(verdicts, lines, feats)}


@pytest.mark.parametrize(
    ("paragraph", "cut", "dateline", "source"),
    [
        ("SEOUL, KOMPAS.com - Para pejabat", "SEOUL, KOMPAS.com -", "SEOUL", "KOMPAS.com"),
        ("JAKARTA, investor.id - Harga saham", "JAKARTA, investor.id -", "JAKARTA", "investor.id"),
        # An agency's dateline and a place alone open the story: read, not cut.
        ("WASHINGTON (Reuters) - The U.S. said", None, "WASHINGTON", "Reuters"),
        ("HANOI, Vietnam (AP) — U.S. Defense Secretary", None, "HANOI, Vietnam", "AP"),
        ("KOBE – A total of 6,000 masks", None, "KOBE", None),
        # After the place's comma, a region or country is part of the dateline, not a source.
        ("BUFFALO, N.Y. — Hours before", None, "BUFFALO, N.Y.", None),
        ("DUBAI, United Arab Emirates — Dubai's carrier", None, "DUBAI, United Arab Emirates", None),
        ("NEW YORK, the city — it said", None, None, None),
        ("AS - Sebuah kapal", None, None, None),
        ("Seoul, Kompas - tidak", None, None, None),
        ("The lead sentence - with a dash", None, None, None),
    ],
)
def test_lead_prefix(paragraph: str, cut: str | None, dateline: str | None, source: str | None) -> None:
    found, rest = split_lead_prefix(paragraph)
    assert found == cut
    assert rest == (paragraph[len(cut):].lstrip() if cut else paragraph)
    lead = read_lead_prefix(paragraph)
    assert (lead.dateline if lead else None) == dateline
    assert (lead.source if lead else None) == source


def test_very_long_lines_are_measured_on_a_sample(rules: Rules) -> None:
    text = "The cat sat on the mat. " * 20_000
    measured = measure_line(text, rules.language("en"))
    assert measured.length == len(text)
    assert measured.words == pytest.approx(6 * 20_000, rel=0.01)
    assert measured.sentences == pytest.approx(20_000, rel=0.01)
    assert measured.stopword_density == pytest.approx(3 / 6, rel=0.01)
    assert measured.sentence_end


def test_lists_of_facts_with_separators_are_data(rules: Rules) -> None:
    facts = [
        "England (Group A): 10th appearance", "Czech Republic (Group A): Seventh appearance",
        "Ukraine (Group B): Third appearance", "Spain (Group F): 11th appearance",
    ]
    assert len({line_shape(fact) for fact in facts}) == 1
    lines = split_lines("\n".join(facts))
    feats = [measure_line(line.text, rules.language("en")) for line in lines]
    verdicts = [classify_line(line, f, None, True) for line, f in zip(lines, feats, strict=True)]
    assert {v.rule for v in mark_lists(verdicts, lines, feats)} == {Rule.LIST_ITEM}


@pytest.mark.parametrize(
    "caption",
    [
        "Vicente Aguiar loads garage door trims into his pickup truck. (AP Photo/Alan Diaz, File)",
        "The latest case was reported after a hunter ate a rabbitCredit: Getty - Contributor",
        "Roughly 13,000 US troops remain in Afghanistan [File: Reuters]",
        "The first global geologic map of Titan. (NASA/JPL-Caltech/ASU)",
        "Not all duvets have real feathers in them. If you are having an allergic reaction ... [+]",
        "A cross-section through the module showing the quarters that double as pods. Credit: ESA",
    ],
)
def test_caption_credits_are_promo(rules: Rules, caption: str) -> None:
    assert rules.language("en").matcher.concept(normalise_phrase(caption)) is Concept.PROMO


@pytest.mark.parametrize(
    "sentence",
    [
        "Residents can choose to pay monthly or yearly (and/or both).",
        "The car reached a top speed of 300 (km/h) on the test track near the city.",
        "Credit unions said on Monday that lending had grown.",
    ],
)
def test_sentences_are_not_caption_credits(rules: Rules, sentence: str) -> None:
    assert rules.language("en").matcher.concept(normalise_phrase(sentence)) is None


def test_contained_phrases_mark_short_lines_only(rules: Rules) -> None:
    english = rules.language("en").matcher
    pitch = "Sign-ups get the free daily newsletter delivered to your inbox daily."
    assert english.concept(normalise_phrase(pitch)) is Concept.PROMO
    padding = " The council met on Monday to discuss the budget for the coming year." * 4
    assert len(normalise_phrase(pitch + padding)) > CONTAINS_MAX_CHARS
    assert english.concept(normalise_phrase(pitch + padding)) is None
    assert english.concept(normalise_phrase("A newsletterish inbox")) is None


def test_contains_is_validated() -> None:
    groups = _read_groups({"promo": {"contains": ["to your inbox"]}}, "lang/xx.toml")
    assert groups[Concept.PROMO][3] == ("to your inbox",)
    with pytest.raises(RulesError, match="empty phrase"):
        _read_groups({"promo": {"contains": [" "]}}, "lang/xx.toml")


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("Über Moritz Bachmann", "de", Concept.PERSON_BOX),
        ("Sobre Carlos Nadalim", "pt", Concept.PERSON_BOX),
        ("About Jane van Doe", "en", Concept.PERSON_BOX),
        ("About the deal", "en", None),
        ("About 300 people protested", "en", None),
        ("About Jane", "en", None),
        ("About Jane Doe and her friends in the city", "en", None),
    ],
)
def test_a_person_box_heading_is_a_word_and_a_name(rules: Rules, text: str, code: str, expected: Concept) -> None:
    assert line_concept(text, rules.language(code)) is expected


def test_a_person_box_heading_ends_the_article(rules: Rules) -> None:
    line = paragraph_line("About Jane Doe")
    feature = measure_line(line.text, rules.language("en"))
    assert classify_line(line, feature, None, True).rule is Rule.END_MARKER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By", Concept.BYLINE),
        ("By Amy Kuperinsky | NJ Advance Media for NJ.com", Concept.BYLINE),
        ("By Matthew Digby , Minh Do on Monday, November 18th, 2019 at 11:08 a.m.", Concept.BYLINE),
        ("By the end of the year, the council had spent the budget.", None),
        ("By Monday, the company had sold 300 units.", None),
    ],
)
def test_a_byline_is_the_word_alone_or_with_a_name(rules: Rules, text: str, expected: Concept | None) -> None:
    assert line_concept(text, rules.language("en")) is expected


def test_a_byline_line_is_never_body(rules: Rules) -> None:
    line = paragraph_line("By Amy Kuperinsky | NJ Advance Media for NJ.com")
    feature = measure_line(line.text, rules.language("en"))
    assert classify_line(line, feature, None, True).line_class is LineClass.BAD


@pytest.mark.parametrize(
    "text",
    [
        "Jeff Foust (jeff@thespacereview.com) is the editor and publisher of The Space Review, and a writer.",
        "Roger Gonzalez is an award-winning writer based in Virginia that has covered pro soccer.",
        "A video showing the moment a girl was rescued was released on Monday. (Published Monday, Nov. 18, 2019)",
    ],
)
def test_bios_and_video_captions_are_promo(rules: Rules, text: str) -> None:
    assert line_concept(text, rules.language("en")) is Concept.PROMO


@pytest.mark.parametrize(
    ("text", "code", "bare"),
    [("Lee también...", "es", True), ("Lue myös:", "fi", True), ("Read also:", "en", True),
     ("Read also: Mayor unveils a plan", "en", False), ("Related", "en", True), ("Home", "en", False)],
)
def test_a_bare_read_also_heading(rules: Rules, text: str, code: str, bare: bool) -> None:
    assert measure_line(text, rules.language(code)).bare is bare


@pytest.mark.parametrize(("text", "rule"), [("Comments", Rule.COMMENTS), ("0 Comments", Rule.END_MARKER),
                                            ("Leave a reply", Rule.COMMENTS), ("15 comments", Rule.END_MARKER)])
def test_a_comment_count_is_a_heading_not_the_comment_section(rules: Rules, text: str, rule: Rule) -> None:
    """A count ("0 Comments") is a link in the byline as often as a section's heading: it
    may end the article like a "Related" heading, but does not cut the page in two."""
    line = paragraph_line(text)
    assert classify_line(line, measure_line(text, rules.language("en")), None, True).rule is rule


def test_a_line_of_zero_width_spaces_is_blank() -> None:
    """An empty paragraph an editor left ("<p>&#8203;</p>") sets paragraphs apart like a blank
    line; it is not a line of its own."""
    lines = split_lines("First paragraph.\n\u200b\nSecond paragraph.\n\ufeff \nThird.")
    assert [line.text for line in lines] == ["First paragraph.", "", "Second paragraph.", "", "Third."]
    assert lines[2].gap_before and lines[2].gap_after
    assert split_lines("\u200bWord")[0].text == "\u200bWord"


@given(st.text(alphabet=st.sampled_from(["a", "B", " ", "\t", "\n", "\r", "\u200b", "\ufeff", "\u00a0", "."]),
               max_size=60))
def test_line_texts_are_the_texts_of_split_lines(text: str) -> None:
    """The site profile counts ``line_texts``; the cleaner asks it about ``split_lines``' texts."""
    assert line_texts(text) == [line.text for line in split_lines(text)]


@pytest.mark.parametrize("text", ["メニューから「その他」→「ファイルの場所を開く」", "設定を開く（Windows10）",
                                  "He called it “a disaster.”"])
def test_closing_brackets_end_a_sentence(rules: Rules, text: str) -> None:
    assert measure_line(text, rules.language("ja")).sentence_end


def test_a_middling_line_printed_three_times_is_kept_nowhere(rules: Rules) -> None:
    """A caption printed under every photo is dropped, where it stands between paragraphs as
    much as elsewhere; a short line printed as often (an interview's question) is left to
    the context pass."""
    prose = (
        "The opening ceremony of the festival was held on a special stage in the park, and the "
        "crowd that had gathered since the afternoon filled every bench and the lawn around it."
    )
    caption = "2018 Theater Tradition Series Performance [The Palace: Tale of a Clown] ‘2018 Welcome Festival’"
    question = "What inspired you to start your cooking page?"
    blocks = []
    for number in range(3):
        blocks += [caption, f"{prose} Part {number}.", question, f"{prose} Answer {number}.",
                   f"{prose} More {number}.", f"{prose} Last {number}."]
    cleaned = clean_text("\n\n".join(blocks), load_rules())
    assert caption not in cleaned.paragraphs
    assert cleaned.paragraphs.count(question) == 3


def test_the_article_goes_on_after_an_inline_box_of_links(rules: Rules) -> None:
    """A "Related stories" heading and its links printed one against the other, then a blank
    line and a paragraph of prose: the paragraph is the article's, the box is not."""
    paragraphs = [
        "A total of 6,000 surgical masks have been lost at a hospital in the city, it was learned on "
        "Tuesday, and the police are now investigating the case as a theft from a locked room.",
        "The masks had been kept in a machine room on the third floor of the hospital, which only the "
        "staff can enter, and four of the twelve boxes were gone when an employee checked them.",
        "The hospital said that the incident was regrettable, although it still has enough masks for "
        "its own staff and patients for the coming weeks, an official told reporters.",
    ]
    box = ["RELATED STORIES", "Do masks offer protection from the new virus? It depends",
           "Hoarding and price-gouging send mask prices soaring", "Wanted man arrested after re-entering"]
    last = ("The incident has occurred at a time when the country is seeing a shortage of face masks amid "
            "the continuing spread of the new virus.")
    text = "\n\n".join([*paragraphs, "\n".join(box), last, "Twitter\nFacebook\nMail the editor"])
    cleaned = clean_text(text, rules)
    assert cleaned.paragraphs == (*paragraphs, last)
    unboxed = "\n\n".join([*paragraphs, "\n".join(box * 3), last, "Twitter\nFacebook\nMail the editor"])
    assert last not in clean_text(unboxed, rules).paragraphs
    comments = "\n\n".join([*paragraphs, "3 Comments\nJohn Doe\nNovember 5, 2019 at 3:00 pm", last])
    assert last not in clean_text(comments, rules).paragraphs


def test_steps_among_short_sentence_paragraphs_are_kept(rules: Rules) -> None:
    """Short paragraphs that end like sentences do not make a run of short lines a widget: the
    steps of instructions between them are kept, with or without a full stop."""
    prose = ("Open the folder that holds the program's shortcut, which the start menu shows you when "
             "you choose to open the file location of the program from its menu.")
    steps = ["Click Properties in the menu that appears.", "Open the Shortcut tab",
             "Set the hotkey to None and click Apply.", "Restart and you are done"]
    text = "\n\n".join([prose, *steps, prose.replace("Open", "Then open")])
    assert clean_text(text, rules).paragraphs[1:5] == tuple(steps)
    widget = "\n\n".join([prose, "Mortgages", "Savings", "Pensions", "Insurance", prose.replace("Open", "Then open")])
    assert "Savings" not in clean_text(widget, rules).paragraphs


def test_a_listing_between_braces_is_kept_in_the_article(rules: Rules) -> None:
    """A JSON record printed in a story is the article's, line by line, and the braces' lines
    stay with it; a listing outside the article stays out."""
    prose = ("The cameras recognise me as soon as I set foot in the supermarket, and the screens above "
             "the aisles greet me by name while the servers log every item that I pick up.")
    record = ['{', '"Name": "Matthew Davis",', '"Age": 26,', '"Comment": {',
              '"Value": "afternoon snack on way home from work",', '"Confidence": "91%"', '},',
              '"Mood": [0.7, 0.05]', '}']
    text = "\n\n".join([prose, "\n".join(record), prose.replace("The cameras", "Then the cameras")])
    assert clean_text(text, rules).paragraphs[1:-1] == tuple(record)
    page = "\n\n".join(["\n".join(record), "Home\nNews\nSport", prose, prose.replace("The", "Then the")])
    assert '"Age": 26,' not in clean_text(page, rules).paragraphs


def test_sure_prose_above_a_widget_is_the_articles_lead(rules: Rules) -> None:
    """A long lead printed with the page head, then an audio player and a paywall pitch, then
    the article: the lead is kept, the widget is not; a short summary there is left out."""
    lead = ("Although the protected area joined the national system in 2019, its management plan is still "
            "being discussed; meanwhile, neighbours' organisations are worried by statements of authorities "
            "who consider its size excessive.")
    widget = ["This audio is a feature for subscribers only.", "Subscribe or log in", "Listen to this article",
              "Read by Abril Mederos.", "Our journalism depends on you", "Subscribe for $195 a month"]
    body = [
        "The rural school is located at the centre of one of the protected landscapes of the country, where "
        "a producer sprayed a field next to it with a herbicide last month, according to the neighbours.",
        "Since 2011 aerial spraying of agrochemicals has been forbidden near schools, and the inspectors "
        "found that the producer had not respected the distance that the rules set for ground spraying.",
    ]
    head = ["Producer sprayed a field next to a rural school", "Published on May 11", "8 minutes of reading"]
    cleaned = clean_text("\n".join([*head, lead, *widget]) + "\n\n" + "\n\n".join(body), rules)
    assert cleaned.paragraphs == (lead, *body)
    summary = "Neighbours are worried by statements of the authorities."
    cleaned = clean_text("\n".join([*head, summary, *widget]) + "\n\n" + "\n\n".join(body), rules)
    assert cleaned.paragraphs == tuple(body)


def test_a_long_lead_run_on_from_the_date_opens_the_article(rules: Rules) -> None:
    """A sentence-case line longer than any headline that ends a paragraph right under the
    date is the lead, and maybe-prose lines after it up to the first sure paragraph go with
    it; a headline-length line there stays out."""
    head = ["BREAKING NEWS: Chelsea Activate Release Clause To Sign Their New Keeper", "August 08, 2018"]
    lead = ("Chelsea have this morning paid the £71.6million fee to the Spanish league this morning to secure "
            "the world record signing of Athletic Bilbao keeper Kepa Arrizabalaga")
    second = "This has freed up the £38million move of Thibaut Courtois to Real Madrid"
    body = [
        "Kepa Arrizabalaga will undergo a medical at Stamford Bridge today ahead of making the move which "
        "will see him become the most expensive keeper in history.",
        "The 23-year-old flew to London yesterday evening and will spend the day completing the formalities "
        "of the deal, which Chelsea hope to announce later today.",
    ]
    text = "\n".join([*head, lead]) + "\n\n" + "\n\n".join([second, *body]) + "\n\nTags:\nLatest News"
    assert clean_text(text, rules).paragraphs == (lead, second, *body)
    short = "Chelsea have paid the fee to the Spanish league to secure the signing of their keeper"
    text = "\n".join([*head, short]) + "\n\n" + "\n\n".join(body) + "\n\nTags:\nLatest News"
    assert clean_text(text, rules).paragraphs == tuple(body)


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("On HoustonChronicle.com: Car sales plunge nearly 17 percent in August", "en", Concept.READ_ALSO),
        ("Also: See Black Friday coverage at CNET", "en", Concept.READ_ALSO),
        ("On Nov. 15: the council voted", "en", None),
        ("Michael Conroy, AP", "en", Concept.COPYRIGHT),
        ("Jason Kempin/Getty Images", "de", Concept.COPYRIGHT),
        ("Getty", "fr", Concept.COPYRIGHT),
        ("The report was published by the EPA", "en", None),
    ],
)
def test_links_to_sister_sites_and_agency_credits(rules: Rules, text: str, code: str, expected: Concept | None) -> None:
    assert line_concept(text, rules.language(code)) is expected


def test_a_paragraph_of_two_sentences_is_maybe_prose_with_few_function_words(rules: Rules) -> None:
    """Market figures crowd out function words; two sentences set apart as a paragraph are
    still prose, one such sentence alone is not."""
    two = ("Emerging market stocks rose 0.48%. MSCI’s broadest index of Asia-Pacific shares outside Japan "
           "closed 0.1% higher, Nikkei 225 gained 0.6%, Kospi 0.3%.")
    one = "MSCI Asia-Pacific ex-Japan index 0.1% higher, Nikkei 225 0.6% higher, Kospi 0.3% higher, Hang Seng flat."
    for text, expected in ((two, LineClass.NEARGOOD), (one, LineClass.BAD)):
        feature = measure_line(text, rules.language("en"))
        assert feature.stopword_density < 0.15
        assert classify_line(paragraph_line(text), feature, None, True).line_class is expected


def test_a_three_word_heading_with_a_colon_announces_a_list(rules: Rules) -> None:
    prose = ("The diet forbids some foods for the whole of its first phase, and it limits the amount of some "
             "others, so that the body starts to burn its own reserves instead of what you eat.")
    items = ["alcohol in any form", "artificial fats", "sugar in any form", "bakery products"]
    text = "\n\n".join([prose, "List of forbidden foods:\n" + "\n".join(items), prose.replace("The", "Then the")])
    assert set(items) <= set(clean_text(text, rules).paragraphs)
    text = "\n\n".join([prose, "Follow us:\n" + "\n".join(items), prose.replace("The", "Then the")])
    assert not set(items) & set(clean_text(text, rules).paragraphs)


def test_a_listing_does_not_stop_a_page_without_prose_from_promoting_its_best_lines(rules: Rules) -> None:
    maybe = "Run the command below to print the settings of the service that you want to change"
    record = ["{", '"name": "cache",', '"size": 64', "}"]
    text = "\n\n".join(["Home\nMenu", maybe, "Share\nTweet", "Contact us\nPrivacy policy", "\n".join(record)])
    assert clean_text(text, rules).paragraphs == (maybe,)


def test_remembered_line_features_are_those_measured_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short lines are measured once per language and process (a site's template lines recur
    in all its seeds): what is remembered is what measuring gives, and the memory is bounded."""
    from generator.clean import lines as line_module
    from generator.clean.lines import measure_lines

    page = split_lines((Path(__file__).resolve().parent / "cases" / "case-000.txt").read_text(encoding="utf-8"))
    twice = page + page  # every line printed twice: other repeat counts, other features
    rules = load_rules()
    language = rules.language("en")
    monkeypatch.setattr(line_module, "MEASURED_MAX_CHARS", -1)
    afresh = measure_lines(page, language), measure_lines(twice, language)
    assert not language.measured
    monkeypatch.setattr(line_module, "MEASURED_MAX_CHARS", 200)
    assert (measure_lines(page, language), measure_lines(twice, language)) == afresh
    assert (measure_lines(page, language), measure_lines(twice, language)) == afresh
    monkeypatch.setattr(line_module, "MEASURED_MAX_LINES", 7)
    rules.forget_measured_lines()
    assert not language.measured
    assert measure_lines(twice, language) == afresh[1]
    assert 0 < len(language.measured) <= 7
