"""Metadata from cleaned dumps: the real seed exactly, dates with zones, authors, titles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.clean import clean_seed, clean_text, load_rules
from generator.clean.html import html_to_text, read_html
from generator.clean.rules import Rules
from generator.metadata import declared_author, declared_date, extract_metadata, with_declared
from generator.metadata.dates import DateKind, line_dates, parse_date, shows_date
from generator.metadata.page import PageHead, content_words
from generator.metadata.title import extract_title, is_title_like
from generator.models import DeclaredMetadata, LineVerdict, Metadata, Seed, SeedKind

REAL_SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_3f5251a220b8a8fc.txt"

ARTICLE = (
    "The city council approved the new budget on Tuesday after a long debate about the cost of "
    "public transport and the future of the harbour district, officials said.\n\n"
    "The budget includes money for two new bus lines and for the repair of the old bridge, which "
    "has been closed to heavy traffic since the spring floods damaged its foundations.\n\n"
    "Critics said the plan did not do enough for the outer districts, where many residents still "
    "wait more than an hour for a bus to the centre of the city in the morning.\n"
)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


def test_real_seed_metadata_is_exact(rules: Rules) -> None:
    seed = Seed("000.txt", SeedKind.TEXT, REAL_SEED.read_text(encoding="utf-8"), "0" * 64)
    metadata = extract_metadata(clean_seed(seed, rules), rules)
    assert metadata.title == (
        "Pejabat Tinggi Korea Selatan akan Kunjungi AS di Tengah Situasi Ketidakpastian Pemilu"
    )
    assert metadata.date == datetime(2020, 11, 5, 20, 6, tzinfo=timezone(timedelta(hours=7)))
    assert metadata.date.isoformat() == "2020-11-05T20:06:00+07:00"
    assert metadata.author == "Shintaloka Pradita Sicca"
    assert metadata.dateline == "SEOUL"
    assert metadata.source == "Kompas.com"
    assert metadata.language == "id"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Kompas.com - 05/11/2020, 20:06 WIB", "id", "2020-11-05T20:06:00+07:00"),
        ("Kamis, 5 November 2020 | 20:06 WITA", "id", "2020-11-05T20:06:00+08:00"),
        ("05/11/2020, 07:15 WIT", "id", "2020-11-05T07:15:00+09:00"),
        ("Nov. 19, 2019 8:03 am ET", "en", "2019-11-19T08:03:00-05:00"),
        ("July 4, 2019 8:03 pm ET", "en", "2019-07-04T20:03:00-04:00"),
        ("November 19, 2019 12:04AM ET", "en", "2019-11-19T00:04:00-05:00"),
        ("2019-11-19T05:04:02+00:00", None, "2019-11-19T05:04:02+00:00"),
        ("Published 2019-11-19 05:04", "en", "2019-11-19T05:04:00"),
        ("11/19/2019", "en", "2019-11-19T00:00:00"),
        ("19.11.2019 um 08:03 Uhr", "de", "2019-11-19T08:03:00"),
        ("19 de noviembre de 2019", "es", "2019-11-19T00:00:00"),
        ("19. November 2019", "de", "2019-11-19T00:00:00"),
        ("Published 11:26 pm EST, Tuesday, November 19, 2019", "en", "2019-11-19T23:26:00-05:00"),
        ("By Ann Lee | November 18, 2019 -- 19:14 GMT | Topic: Hardware", "en", "2019-11-18T19:14:00+00:00"),
        ("2018年8月16日", "ja", "2018-08-16T00:00:00"),
        ("2019.11.19 08:03", "ko", "2019-11-19T08:03:00"),
        ("By Ann Lee - 11/18/19 11:04 PM EST", "en", "2019-11-18T23:04:00-05:00"),
        ("BY ANN LEE ON 11/13/19 AT 4:00 PM EST", "en", "2019-11-13T16:00:00-05:00"),
        ("18.11.19 20:15", "de", "2019-11-18T20:15:00"),
        ("November 19, 2019 / 12:21 AM / Updated 14 hours ago", "en", "2019-11-19T00:21:00"),
        ("Nov 18, 2019 @17:19", "en", "2019-11-18T17:19:00"),
        ("Ann Lee - Nov 19, 2019, 10:31 pm CST", "en", "2019-11-19T22:31:00-06:00"),
        ("19.11.2019 08:03 CET", "de", "2019-11-19T08:03:00+01:00"),
        ("Nov. 19, 2019", "en", "2019-11-19T00:00:00"),
        ("5:45 AM PST 11/19/2019 by Ann Lee", "en", "2019-11-19T05:45:00-08:00"),
        ("Kamis, 5 November 2020 20:06 (GMT+7)", "id", "2020-11-05T20:06:00+07:00"),
        ("Nov 19, 2019 17:36 UTC+05:30", "en", "2019-11-19T17:36:00+05:30"),
        ("Nov 19, 2019 5:36 PM GMT", "en", "2019-11-19T17:36:00+00:00"),
        ("19.11.2019 08:03 OEZ", "de", "2019-11-19T08:03:00+02:00"),
        ("19 novembre 2019 10:00 HNE", "fr", "2019-11-19T10:00:00-05:00"),
        ("PUBLISHED WED, NOV 20 20194:29 AM ESTUPDATED AN HOUR AGO", "en", "2019-11-20T04:29:00-05:00"),
        ("4 de mayo de 2022 10:30 Hace 2 horas", "es", "2022-05-04T10:30:00"),
        ("Nov 19, 2019 10:00 Category: Sport", "en", "2019-11-19T10:00:00"),
        ("19.11.2019 10:30 Zürich", "de", "2019-11-19T10:30:00"),
    ],
)
def test_dates_and_zones(rules: Rules, text: str, language: str | None, expected: str) -> None:
    found = parse_date(text, rules.date_patterns(language), language, rules)
    assert found is not None
    assert found.isoformat() == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2020", "no date here", "Version 2.0.1", "13/13/2020", "Version 6.7.19", "Score 11/18/19",
        "Updated 14 hours ago", "Monday 5:30PM", "Yesterday 2:45PM", "Published 1 day ago", "Today 12:01 AM",
    ],
)
def test_no_date_is_invented(rules: Rules, text: str) -> None:
    assert parse_date(text, rules.date_patterns("en"), "en", rules) is None


@pytest.mark.parametrize("text", ["Nov. 19, 2019 8:03 am ET", "05/11/2020, 20:06 WIB", "no date here", "31/02/2020"])
def test_a_language_has_one_set_of_date_patterns_and_remembered_answers_are_its_own(rules: Rules, text: str) -> None:
    """The caches of the metadata stage are keyed by the pattern set: one object per language,
    equal only to itself (hashing the compiled patterns would cost more than the cache saves)."""
    english = rules.date_patterns("en")
    assert english is rules.date_patterns("en")
    assert english != tuple(english) and english != rules.date_patterns("id")
    assert shows_date(text, english) == any(pattern.search(text) for pattern in english)
    assert parse_date(text, english, "en", rules) == parse_date(text, tuple(english), "en", rules)


def test_zone_abbreviations_come_from_the_rules(rules: Rules) -> None:
    assert rules.zones["WIB"].utcoffset(None) == timedelta(hours=7)
    assert rules.zones["WITA"].utcoffset(None) == timedelta(hours=8)
    assert rules.zones["WIT"].utcoffset(None) == timedelta(hours=9)


def page(head: str) -> str:
    return f"Home\nWorld\nSport\n\n{head}\n\n{ARTICLE}\nRelated\nSome other story\n"


def test_byline_word_then_name(rules: Rules) -> None:
    text = page("City Council Approves New Budget After Long Debate\n\nBy\nJane Doe\n\nMarch 3, 2020")
    metadata = extract_metadata(clean_text(text, rules), rules)
    assert metadata.title == "City Council Approves New Budget After Long Debate"
    assert metadata.author == "Jane Doe"
    assert metadata.date == date(2020, 3, 3)


def test_byline_on_one_line_with_a_separator(rules: Rules) -> None:
    text = page("City council approves budget\n\nBy Jane Doe | Reuters")
    assert extract_metadata(clean_text(text, rules), rules).author == "Jane Doe"


def test_label_beside_a_name_and_other_roles(rules: Rules) -> None:
    text = page("City council approves budget\n\nEditor\nJohn Roe\nAuthor\nJane Doe")
    assert extract_metadata(clean_text(text, rules), rules).author == "Jane Doe"


def test_nothing_is_invented(rules: Rules) -> None:
    metadata = extract_metadata(clean_text(ARTICLE, rules), rules)
    assert metadata.title is None
    assert metadata.date is None
    assert metadata.author is None
    assert metadata.dateline is None
    assert metadata.source is None
    assert metadata.language == "en"


def test_headline_is_the_head_line_that_matches_the_article(rules: Rules) -> None:
    text = page(
        "City Council Approves New Budget After Long Debate\n\n"
        "Watch: Dog Rescued From Frozen Lake By Firefighters\n"
        "Most Recent Stories"
    )
    assert extract_metadata(clean_text(text, rules), rules).title == (
        "City Council Approves New Budget After Long Debate"
    )


def test_a_headline_above_a_shorter_subtitle_wins(rules: Rules) -> None:
    text = page(
        "Harbour budget plan passes in a late vote\n\n"
        "City council approves the budget\n\nMarch 3, 2020"
    )
    assert extract_metadata(clean_text(text, rules), rules).title == "Harbour budget plan passes in a late vote"


def test_a_breadcrumb_holding_the_headline_is_not_it(rules: Rules) -> None:
    text = page("Home News City Council Approves New Budget\n\nCity Council Approves New Budget\n\nMarch 3, 2020")
    assert extract_metadata(clean_text(text, rules), rules).title == "City Council Approves New Budget"


def test_the_headline_stands_above_the_byline(rules: Rules) -> None:
    text = page(
        "City council approves the budget\n\nBy Jane Doe\n\nMarch 3, 2020\n\nMore on: budget\n\n"
        "Council budget for buses and bridge approved after debate\n\n"
        "Council budget for buses and bridge approved after debate"
    )
    assert extract_metadata(clean_text(text, rules), rules).title == "City council approves the budget"


def test_an_embedded_posts_date_is_not_the_articles(rules: Rules) -> None:
    text = page("City council approves the budget") + "\n— Jane Doe (@janedoe) November 19, 2019\n"
    text = text.replace("Related\n", "— Jane Doe (@janedoe) November 19, 2019\n\nRelated\n")
    assert extract_metadata(clean_text(text, rules), rules).date is None


def test_a_dated_byline_between_the_first_paragraphs_gives_the_date(rules: Rules) -> None:
    paragraphs = ARTICLE.strip().split("\n\n")
    text = page("City council approves the budget").replace(
        paragraphs[1], "By Jane Doe | March 3, 2020\n\n" + paragraphs[1]
    )
    metadata = extract_metadata(clean_text(text, rules), rules)
    assert metadata.date == date(2020, 3, 3)
    assert metadata.author == "Jane Doe"


@pytest.mark.parametrize(
    ("head", "tail", "author"),
    [
        ("City council approves the budget\n\nMarie Merlet | lundi 9 décembre 2019 à 09h08", "", "Marie Merlet"),
        ("City council approves the budget\n\n5:45 AM PST 11/19/2019 by Patrick Shanley", "", "Patrick Shanley"),
        ("City council approves the budget", "Author: Jacopo Cascioli\n", "Jacopo Cascioli"),
        ("City council approves the budget", "Bruno Wendel\nbruno.wendel@example.com\n", "Bruno Wendel"),
        ("City council approves the budget\n\nIn this 2006 file photo, made available by NASA, a walk", "", None),
        # A date's month and weekday names are not part of a name; a label before a date is no name.
        ("City council approves the budget\n\nMonday November 18, 2019 7:45 am PST by Joe Rossignol", "",
         "Joe Rossignol"),
        ("City council approves the budget\n\nBy Ann Lee Nov 19, 2019", "", "Ann Lee"),
        ("City council approves the budget\n\nJoseph Tsidulko November 18, 2019, 5:50 PM EST", "", "Joseph Tsidulko"),
        ("City council approves the budget\n\nLast Modified: Feb 18, 2020", "", None),
        # So is the word that leads to the date, and the day's name after it; a name may end
        # with an initial.
        ("City council approves the budget\n\nBY ANN LEE ON 11/13/19 AT 4:00 PM EST", "", "ANN LEE"),
        ("City council approves the budget\n\nBy Louis Jacobson on Monday, November 18th, 2019 at 11:04 a.m.", "",
         "Louis Jacobson"),
        ("City council approves the budget\n\nBy Ann Lee at 4:00 PM EST, Nov 19, 2019", "", "Ann Lee"),
        ("City council approves the budget\n\nBy Lena Sun, The Washington Post", "", "Lena Sun"),
        ("City council approves the budget\n\nBy Ann Lee On, The Washington Post", "", "Ann Lee On"),
        ("City council approves the budget\n\nBy Nicolas Gutierrez C. on 09/14/2020 at 11:46 AM", "",
         "Nicolas Gutierrez C."),
        # A role the dump glued to the name is cut; a capital inside a name is not a role.
        ("City council approves the budget\n\nBy Meg JamesStaff Writer", "", "Meg James"),
        ("City council approves the budget\n\nBy Ann LeeColumnist | Los Angeles Times", "", "Ann Lee"),
        ("City council approves the budget\n\nBy Ann LeeBusiness Columnist", "", "Ann Lee"),
        ("City council approves the budget\n\nBy Ann LeeSenior Writer\nNov 19, 2019", "", "Ann Lee"),
        ("City council approves the budget\nShare\nTweet\nEmail\nPrint\nSave\nAnn Lee\nScience Writer\n"
         "The council met on Monday evening to vote on the budget.", "", "Ann Lee"),
        ("City council approves the budget\n\nBy Bryan DeArdo", "", "Bryan DeArdo"),
        ("City council approves the budget\n\nBy Ann McDonald Staff Writer", "", "Ann McDonald Staff Writer"),
        # So is an agency after the name on its line; the agency's own name stays whole.
        ("City council approves the budget\nTom Davies Associated Press\nPublished Nov 19, 2019", "", "Tom Davies"),
        ("City council approves the budget\n\nBy Ann Lee AP", "", "Ann Lee"),
        # A full-width separator ends a name as its ASCII form does.
        ("City council approves the budget\n\nby 山田太郎 ／ 2016.12.01", "", "山田太郎"),
        # A photo's credit under its caption is not the byline below it.
        ("City council approves the budget\n\nThe council met on Monday evening.\nHanna Matikainen / Lehtikuva\n"
         "Markus Maki", "", "Markus Maki"),
        # A news agency's name with the date beside it is the byline; without a date it is not.
        ("City council approves the budget\n\nREUTERS\n19 NOV 2019", "", "REUTERS"),
        ("City council approves the budget\n\nReuters November 18, 2019 11:03 PM", "", "Reuters"),
        ("City council approves the budget\n\nReuters", "", None),
        ("City council approves the budget\n\nNov 19, 2019\n\u00a9 Reuters", "", None),
        ("City council approves the budget\n\nBy The Associated Press", "", "The Associated Press"),
        ("City council approves the budget\n\nBy Ann Lee / Bob Smith | Reuters", "", "Ann Lee, Bob Smith"),
        ("City council approves the budget\n\nE. BARRENECHE / J. I. DA SILVA", "", "E. BARRENECHE, J. I. DA SILVA"),
        ("City council approves the budget\n\nBy Hanna Matikainen / Lehtikuva", "", "Hanna Matikainen"),
    ],
)
def test_authors_beside_dates_after_articles_and_beside_mail(
    rules: Rules, head: str, tail: str, author: str | None
) -> None:
    text = page(head).replace("Related\n", tail + "\nRelated\n")
    assert extract_metadata(clean_text(text, rules), rules).author == author


def test_a_byline_word_ends_no_name(rules: Rules) -> None:
    """ "Disko Von": a section's label and the byline word of the name on the next line."""
    article = "\n\n".join(
        f"Der Stadtrat hat am Montag den neuen Haushalt beschlossen, nachdem die Mitglieder lange über die Kosten "
        f"für Schulen und Straßen gestritten hatten, und die Bürger begrüßten die Entscheidung ({part})."
        for part in range(5))
    text = f"Start\nPolitik\n\nDer Stadtrat beschließt den neuen Haushalt\nDisko Von\nErnst Lohoff\n\n{article}\n"
    assert extract_metadata(clean_text(text, rules), rules).author == "Ernst Lohoff"


@pytest.mark.parametrize(
    ("text", "title_like"),
    [
        ("The authorities' repression has only fuelled the crisis. It is up to them to act", False),
        ("Rep. Omar asks the U.S. Army for a hearing on the base", True),
        ("Wintersport Wintersport Mix", True),
    ],
)
def test_a_title_is_one_sentence(rules: Rules, text: str, title_like: bool) -> None:
    assert is_title_like(text, rules.language("en")) is title_like



def test_a_line_under_the_byline_is_not_the_headline(rules: Rules) -> None:
    """Between the byline and the article stand standfirsts, captions and teasers: a line
    there that repeats the article's words does not beat the headline above the byline,
    even with share buttons between the headline and the byline."""
    text = page(
        "Harbour plan passes\n\nFacebook\nTwitter\nEmail\nPrint\nComments\n\nBy Jane Doe\n\n"
        "Council approves budget with new bus lines and bridge repair money"
    )
    assert extract_metadata(clean_text(text, rules), rules).title == "Harbour plan passes"


def test_widget_text_is_never_the_headline(rules: Rules) -> None:
    text = page("You are signed in as\nEdit Profile\n\nBack to main menu\n\nMarch 3, 2020")
    assert extract_metadata(clean_text(text, rules), rules).title is None


def test_a_teaser_inside_a_list_of_headlines_is_not_the_headline(rules: Rules) -> None:
    """A line with headline-like lines above and below it, in a run of four or more, is a
    list item; the headline ends the list, right above its byline."""
    text = page(
        "Dog rescued from frozen lake by firefighters\nStorm closes schools across the region\n"
        "Council budget debate: what the bus lines cost the city\nLocal team wins the cup after extra time\n"
        "Harbour plan passes\n\nBy Jane Doe"
    )
    assert extract_metadata(clean_text(text, rules), rules).title == "Harbour plan passes"


def test_a_signed_quotation_is_not_the_headline_nor_its_date_the_articles(rules: Rules) -> None:
    """A line signed by the next one ("— Name on <date> ...") is a quote; the headline is
    the line above the byline, and the signature's date is the quote's."""
    text = page(
        '"The council approved the new budget for bus lines and the old bridge."\n'
        "— Jane Roe on Sunday, March 1st, 2020 in a speech\n\n"
        "Harbour plan passes\n\nBy Jane Doe"
    )
    metadata = extract_metadata(clean_text(text, rules), rules)
    assert metadata.title == "Harbour plan passes"
    assert metadata.date is None


@pytest.mark.parametrize(
    "headline", ["Harbour Budget", "Council passes the budget. Critics are not done."]
)
def test_a_line_set_apart_above_the_date_is_the_headline_whatever_its_form(
    rules: Rules, headline: str
) -> None:
    """Two words, or a full stop, make a line look like a label or a standfirst; right above
    the date with nothing headline-like above it, it is the headline."""
    text = page(f"Dog rescued from frozen lake by firefighters\nNewsletter\n\n{headline}\nMarch 3, 2020")
    assert extract_metadata(clean_text(text, rules), rules).title == headline


def test_a_standfirst_right_above_the_date_leaves_the_headline_above_it(rules: Rules) -> None:
    text = page(
        "Harbour plan passes after a late vote\n"
        "The council approved the budget for two new bus lines on Tuesday.\nMarch 3, 2020"
    )
    assert extract_metadata(clean_text(text, rules), rules).title == "Harbour plan passes after a late vote"



def head_of(rules: Rules, *lines: str) -> PageHead:
    """A page head as the cleaner leaves it: these lines above the article (ARTICLE)."""
    language = rules.language("en")
    return PageHead(
        head=tuple(LineVerdict(n, text, False, "boilerplate", "test") for n, text in enumerate(lines, 1)),
        opening=(), tail=(), body_words=frozenset(content_words(ARTICLE, language)),
        language=language, inline_byline=None,
    )


def test_the_headline_stands_right_above_its_standfirst(rules: Rules) -> None:
    """A short headline right above the standfirst wins over the kicker above it, though
    the kicker shares more of the article's words."""
    page_head = head_of(
        rules,
        "Why the bridge repair matters to the harbour district",
        "Harbour Budget",
        "The city council approved the new budget for two new bus lines and the repair of the old "
        "bridge on Tuesday after a long debate.",
        "Jane Doe",
    )
    assert extract_title(page_head, rules.date_patterns("en")) == "Harbour Budget"


def date_of(rules: Rules, text: str) -> date | datetime | None:
    return extract_metadata(clean_text(text, rules), rules).date


def test_a_date_only_line_gives_the_day_without_a_time_or_zone(rules: Rules) -> None:
    assert date_of(rules, page("City council approves the budget\n\nBy Jane Doe\n\nNov. 19, 2019")) == (
        date(2019, 11, 19)
    )


def test_a_time_alone_under_a_date_only_line_is_its_time(rules: Rules) -> None:
    head = "City council approves the budget\n\nBy Jane Doe\n\nNov. 19, 2019\n5:50 PM ET"
    assert date_of(rules, page(head)) == datetime(2019, 11, 19, 17, 50, tzinfo=ZoneInfo("America/New_York"))
    head = "City council approves the budget\n\nBy Jane Doe\n\nNov. 19, 2019\n12:30 News"
    assert date_of(rules, page(head)) == date(2019, 11, 19)


def test_relative_dates_name_no_day(rules: Rules) -> None:
    """"2 hours ago", "Monday 5:30PM": the dump shows no day, none is invented."""
    text = page("City council approves the budget\n\nBy Jane Doe\n\nMonday 5:30PM\nUpdated 14 hours ago")
    assert date_of(rules, text) is None


def test_the_publication_date_beats_the_revisions(rules: Rules) -> None:
    """A date labelled as a revision's ("Updated") is taken only when the page shows no
    other, wherever it stands."""
    head = "City council approves the budget\n\nPublished: March 3, 2020\nUpdated: March 5, 2020 10:16 pm"
    assert date_of(rules, page(head)) == date(2020, 3, 3)
    head = "City council approves the budget\n\nMarch 3, 2020, 19:09\nUpdated: March 3, 2020, 19:11"
    assert date_of(rules, page(head)) == datetime(2020, 3, 3, 19, 9)
    head = "City council approves the budget\n\nUpdated March 4, 2020 9:41 AM; Posted March 3, 2020 8:19 PM"
    assert date_of(rules, page(head)) == datetime(2020, 3, 3, 20, 19)
    head = "City council approves the budget\n\nUpdated: March 5, 2020"
    assert date_of(rules, page(head)) == date(2020, 3, 5)


def test_an_update_under_the_headline_beats_a_masthead_date_above_it(rules: Rules) -> None:
    """A date above the headline may be the masthead's "today"; a revision's date under the
    headline is the article's own evidence."""
    text = "Wednesday, March 11, 2020\nHome\nWorld\n\nCity council approves the budget\n\n" + (
        "Updated March 3, 2020 10:16 pm\n\n" + ARTICLE
    )
    assert date_of(rules, text) == datetime(2020, 3, 3, 22, 16)


def test_a_zone_printed_in_the_line_applies_to_its_dates(rules: Rules) -> None:
    head = "City council approves the budget\n\nPublished Nov 18, 2019 at 4:07 PM | Updated at 5:36 PM CST"
    assert date_of(rules, page(head)) == datetime(2019, 11, 18, 16, 7, tzinfo=timezone(timedelta(hours=-6)))
    head = "City council approves the budget\n\nPublished Nov 18, 2019 | Updated at 5:36 PM CST"
    assert date_of(rules, page(head)) == date(2019, 11, 18)


def test_the_date_nearest_under_the_headline_beats_a_caption_date(rules: Rules) -> None:
    head = "City council approves the budget\n\nBy Jane Doe | March 3, 2020\n\nThe harbour, March 1, 2020"
    assert date_of(rules, page(head)) == date(2020, 3, 3)


def test_dates_under_a_list_heading_are_the_other_stories(rules: Rules) -> None:
    """A list of other stories between the header and the article: its dates are the
    stories', the article's date is the one under its headline."""
    head = (
        "City council approves the budget\n\nJD March 3, 2020\n\nMore stories\n"
        "Dog rescued from frozen lake by firefighters\nMarch 1, 2020\n"
        "Storm closes schools across the region\nFebruary 27, 2020"
    )
    assert date_of(rules, page(head)) == date(2020, 3, 3)


def test_a_run_of_dated_teasers_gives_no_date(rules: Rules) -> None:
    """Three dated lines close together naming different days are a list of other stories:
    with no other date on the page, none is given."""
    head = (
        "Dog rescued from frozen lake by firefighters\nJane Roe 11/13/19 11:00AM\n72\n"
        "Storm closes schools across the region\nJane Roe 11/13/19 9:00AM\n1\n23\n"
        "Local team wins the cup after extra time\nJane Roe 11/12/19 4:40PM\n\n"
        "City council approves the budget\n\nJane Roe\nMonday 5:30PM"
    )
    metadata = extract_metadata(clean_text(page(head), rules), rules)
    assert metadata.date is None
    assert metadata.title == "City council approves the budget"


def test_dates_in_comments_after_the_article_are_not_its_date(rules: Rules) -> None:
    text = (
        "Home\nWorld\n\nCity council approves the budget\n\n" + ARTICLE
        + "\nPublished March 3, 2020\n\nComments\nJane Roe March 5, 2020 10:02\nGreat news for the harbour.\n"
        "John Roe March 6, 2020 11:40\nNot for the outer districts.\n"
    )
    assert date_of(rules, text) == date(2020, 3, 3)
    assert date_of(rules, text.replace("Published March 3, 2020\n", "")) is None
    assert date_of(rules, text.replace("Published March 3, 2020\n", "").replace("March 6", "March 5")) is None



def test_a_header_date_above_a_long_menu_beats_a_date_after_the_article(rules: Rules) -> None:
    """A long menu between the article's header and its text puts the header's date out of
    the page head; it is still looked for there before the lines after the article."""
    menu = "\n".join(f"Brand {n}" for n in range(90))
    text = (
        "Home\n\nCity council approves the budget\nJane Doe March 3, 2020 13:42\n\n"
        f"{menu}\n\n{ARTICLE}\nJohn Roe 2020-03-04 14:35:08\nGreat news for the harbour.\n"
    )
    assert date_of(rules, text) == datetime(2020, 3, 3, 13, 42)


@pytest.mark.parametrize(
    ("text", "language", "published", "updated"),
    [
        ("Veröffentlicht am 18.11.2019 | Aktualisiert am 19.11.2019", "de", "2019-11-18", "2019-11-19"),
        ("Mis à jour le 19 novembre 2019 - Publié le 18 novembre 2019", "fr", "2019-11-18", "2019-11-19"),
        ("기사입력 2019.11.18 08:03 수정 2019.11.19 09:00", "ko", "2019-11-18T08:03", "2019-11-19T09:00"),
    ],
)
def test_publish_and_update_labels_in_other_languages(
    rules: Rules, text: str, language: str, published: str, updated: str
) -> None:
    line = LineVerdict(1, text, False, "boilerplate", "test")
    dates = line_dates(line, rules.date_patterns(language), language, rules)
    found = {date.kind: date.when.isoformat() for date in dates}
    assert found[DateKind.PUBLISHED].startswith(published)
    assert found[DateKind.UPDATED].startswith(updated)



def html_page(head: str, markup: str) -> Seed:
    """An HTML seed: a menu, ``head`` (lines), the test article's paragraphs, ``markup`` in <head>."""
    lines = "".join(f"<div>{line}</div>" for line in head.split("\n"))
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE.strip().split("\n\n"))
    html = (f"<html><head>{markup}</head><body><nav><ul><li>Home</li><li>World</li><li>Sport</li></ul></nav>"
            f"{lines}{paragraphs}<div>Related</div><div>Some other story</div></body></html>")
    return Seed(name="page.html", kind=SeedKind.HTML, text=html, digest="0" * 64)


LD_ARTICLE = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebSite",'
    ' "name": "The Courier"}, {"@type": "NewsArticle", "headline": "City council approves the budget",'
    ' "datePublished": "2019-11-20T01:50:59Z", "author": [{"@type": "Person", "name": "Jane Doe"},'
    ' {"@type": "Organization", "name": "Courier Staff"}], "publisher": {"@type": "Organization",'
    ' "name": "The Courier"}}]}</script>'
)


def test_an_html_seed_weighs_what_its_markup_declares_against_its_text(rules: Rules) -> None:
    """The markup's instant is the printed "5:50 PM" read in UTC-08:00: the date gets that
    zone, which the text alone does not show; the markup's headline, author and site name."""
    seed = html_page("CITY HALL NEWS TODAY AND ALWAYS\nCity council approves the budget\nBy Jane Doe\n"
                     "Nov. 19, 2019\n5:50 PM", LD_ARTICLE)
    metadata = extract_metadata(clean_seed(seed, rules), rules)
    assert metadata.title == "City council approves the budget"
    assert metadata.date == datetime(2019, 11, 19, 17, 50, 59, tzinfo=timezone(timedelta(hours=-8)))
    assert metadata.author == "Jane Doe"
    assert metadata.source == "The Courier"
    dump = extract_metadata(clean_text(html_to_text(seed.text), rules), rules)
    assert dump.date == datetime(2019, 11, 19, 17, 50), "the same page as a dump: no zone"


def test_declared_metadata_reads_open_graph_json_ld_and_meta_tags() -> None:
    declared = read_html(
        '<html><head><meta property="og:title" content="  The  headline "><meta name="author"'
        ' content="https://example.com/people/ann"><meta property="og:site_name" content="Example News">'
        '<meta property="article:published_time" content="0001-01-01T00:00:00Z">'
        '<script type="application/ld+json">{not json</script>' + LD_ARTICLE + "</head><body></body></html>"
    )[1]
    assert declared == DeclaredMetadata(
        titles=("The headline", "City council approves the budget"),
        date=datetime(2019, 11, 20, 1, 50, 59, tzinfo=UTC),
        authors=("Jane Doe",),
        source="Example News",
    )
    assert read_html("")[1] == DeclaredMetadata()
    assert read_html("<p>no markup</p>")[1] == DeclaredMetadata()


def test_a_declared_headline_is_the_title_only_where_the_page_prints_it() -> None:
    lines = ["Home", "CITY HALL NEWS", "City council approves the budget", "By Jane Doe"]
    kicker = Metadata(title="CITY HALL NEWS")
    printed = DeclaredMetadata(
        titles=("City Council Approves The Budget | The Courier", "City council approves the budget"))
    assert with_declared(kicker, printed, lines).title == "City council approves the budget"
    assert with_declared(kicker, DeclaredMetadata(titles=("Budget passes",)), lines).title == "CITY HALL NEWS"
    one_of_them = Metadata(title="City Council Approves The Budget | The Courier")
    assert with_declared(one_of_them, printed, lines).title == one_of_them.title


def test_the_text_keeps_what_the_markup_cannot_better() -> None:
    """A zone printed in the text beats the markup's (publishers mislabel JSON-LD offsets); a
    byline that says more than the markup ("Todd Bates" for "Todd") stays; the site's own
    name is no author; a naive declared time does not replace a printed one."""
    eastern = datetime(2019, 11, 18, 21, 24, tzinfo=timezone(timedelta(hours=-5)))
    declared = datetime(2019, 11, 19, 2, 24, tzinfo=timezone(timedelta(hours=-6)))
    assert declared_date(eastern, declared) == eastern
    assert declared_date(date(2019, 11, 18), declared) == declared
    printed = datetime(2019, 11, 18, 19, 14)
    assert declared_date(printed, datetime(2019, 11, 19, 19, 31)) == printed
    assert declared_date(datetime(2019, 11, 18, 19, 14), declared) == declared, "not its instant: the markup's"
    text = "by todd bates for el diario"
    assert declared_author("Todd Bates", DeclaredMetadata(authors=("Todd",)), text) == "Todd Bates"
    assert declared_author(None, DeclaredMetadata(authors=("El Diario",), source="El Diario"), text) is None
    assert declared_author("El Diario", DeclaredMetadata(authors=("Todd Bates",)), text) == "Todd Bates"
    assert declared_author(None, DeclaredMetadata(authors=("Ann Lee",)), text) is None, "not printed"


def test_hostile_json_ld_is_read_in_linear_time_and_never_raises() -> None:
    deep = "[" * 5000 + "]" * 5000
    wide = "[" + ",".join(["{}"] * 200_000) + "]"
    nested_authors = '{"@type": "NewsArticle", "headline": "H", "author": ' + "[" * 900 + '"Ann"' + "]" * 900 + "}"
    for block in (deep, wide, nested_authors, '{"@graph": ' + wide + "}"):
        html = f'<html><head><script type="application/ld+json">{block}</script></head><body></body></html>'
        declared = read_html(html)[1]
        assert declared.authors == ()
