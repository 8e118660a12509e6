import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import frontmatter
import pytest

from generator.errors import SeedError
from generator.models import Article, CleanedText, DatePrecision, LineVerdict, Metadata, Seed, SeedKind
from generator.pages import (
    FRONT_MATTER_KEYS,
    SUMMARY_MAX_CHARS,
    article_from_cleaned,
    article_from_markdown,
    escape_markdown,
    make_slug,
    make_summary,
    permalink,
    render_markdown_page,
)
from tests.conftest import markdown_page

JAKARTA = ZoneInfo("Asia/Jakarta")


def markdown_seed(text: str, name: str = "page.md") -> Seed:
    return Seed(name=name, kind=SeedKind.MARKDOWN, text=text, digest="d" * 64)


def test_our_own_page_reads_back_to_the_same_article() -> None:
    article = Article(
        title='He said: "no" — #1 [draft]', slug="he-said-no-1-draft", body="One.\n\nTwo *words*.",
        seed_name="x.txt", seed_digest="a" * 64,
        date=dt.datetime(2020, 11, 5, 20, 6, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        author="A. Writer", dateline="SEOUL", source="Kompas.com", language="id", summary="One.",
        tags=("politik", "korea"),
    )
    text = render_markdown_page(article)
    read = article_from_markdown(markdown_seed(text, "x.txt"), JAKARTA)
    assert read == dataclasses.replace(article, seed_digest="d" * 64)


def test_front_matter_keys_come_in_fixed_order() -> None:
    article = Article(title="T", slug="t", body="B", seed_name="s.txt", seed_digest="0" * 64,
                      language="en", summary="B", source="S")
    keys = list(frontmatter.loads(render_markdown_page(article)).metadata)
    assert keys == [key for key in FRONT_MATTER_KEYS if key in keys]
    assert keys == ["title", "source", "language", "summary", "slug", "seed", "seed_sha256"]


def test_other_generators_keys_are_understood() -> None:
    text = markdown_page(
        "Hugo page", "Body text.", lang="fr", tags="[a, b]", categories="news",
        description="'A summary'", draft="false", date="2021-03-04",
    )
    article = article_from_markdown(markdown_seed(text), JAKARTA)
    assert article.language == "fr"
    assert article.tags == ("a", "b")
    assert article.categories == ("news",)
    assert article.summary == "A summary"
    assert article.draft is False
    assert article.date == dt.datetime(2021, 3, 4, tzinfo=JAKARTA)
    assert article.slug == "hugo-page"


def test_pelican_comma_separated_tags_and_naive_datetime() -> None:
    text = markdown_page("Pelican", "Body.", tags="one, two ,three", date="2019-01-02 10:30")
    article = article_from_markdown(markdown_seed(text), JAKARTA)
    assert article.tags == ("one", "two", "three")
    assert article.date == dt.datetime(2019, 1, 2, 10, 30, tzinfo=JAKARTA)


def test_date_with_offset_keeps_its_offset() -> None:
    text = markdown_page("T", "Body.", date="2020-11-05T20:06:00+07:00")
    article = article_from_markdown(markdown_seed(text), ZoneInfo("UTC"))
    assert article.date.utcoffset() == dt.timedelta(hours=7)
    assert "date: '2020-11-05T20:06:00+07:00'" in render_markdown_page(article)


@pytest.mark.parametrize(
    ("front_matter", "precision", "written"),
    [
        ("2021-03-04", DatePrecision.DAY, "date: '2021-03-04'"),
        ("'2021-03-04'", DatePrecision.DAY, "date: '2021-03-04'"),
        ("2019-01-02 10:30", DatePrecision.LOCAL, "date: '2019-01-02T10:30:00'"),
        ("2020-11-05T20:06:00+07:00", DatePrecision.ZONED, "date: '2020-11-05T20:06:00+07:00'"),
    ],
)
def test_a_date_is_written_back_as_precise_as_it_was_given(
    front_matter: str, precision: DatePrecision, written: str
) -> None:
    """Ordering and feeds place a day or a zoneless time in the site's zone; the page itself
    never gains a midnight or a zone it was not given, and reads back the same."""
    article = article_from_markdown(markdown_seed(markdown_page("T", "Body.", date=front_matter)), JAKARTA)
    assert article.date_precision is precision
    assert article.date is not None and article.date.tzinfo is not None
    text = render_markdown_page(article)
    assert written + "\n" in text
    assert article_from_markdown(markdown_seed(text), JAKARTA) == article


def test_a_cleaned_dump_keeps_the_precision_the_page_showed() -> None:
    cleaned = CleanedText(lines=(), paragraphs=("Body.",), language="en")
    for shown, written in (
        (dt.date(2019, 11, 18), "date: '2019-11-18'"),
        (dt.datetime(2019, 11, 19, 17, 50), "date: '2019-11-19T17:50:00'"),
        (dt.datetime(2019, 11, 18, 21, 24, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
         "date: '2019-11-18T21:24:00-05:00'"),
    ):
        article = article_from_cleaned(
            Seed(name="p.txt", kind=SeedKind.TEXT, text="", digest="0" * 64), cleaned,
            Metadata(title="T", date=shown), JAKARTA,
        )
        assert written + "\n" in render_markdown_page(article)
    assert article.date.utcoffset() == dt.timedelta(hours=-5)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nbody\n", "invalid front matter"),
        ("---\ntitle: x\n---\n\n", "no body text"),
        ("---\nauthor: x\n---\nbody\n", "no title"),
        (markdown_page("T", "B", date="yesterday"), "not ISO 8601"),
        (markdown_page("T", "B", slug="../../etc"), "slug"),
        (markdown_page("T", "B", slug="a/b"), "slug"),
        (markdown_page("T", "B", draft="maybe"), "draft"),
        (markdown_page("T", "B", author="{a: 1}"), "must be text"),
        ("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nbody\n", "invalid front matter"),
    ],
)
def test_bad_front_matter_is_a_seed_error_naming_the_file(text: str, reason: str) -> None:
    with pytest.raises(SeedError, match=reason) as error:
        article_from_markdown(markdown_seed(text, "bad.md"), JAKARTA)
    assert error.value.seed_name == "bad.md"


def test_summary_is_the_lead_cut_at_a_word() -> None:
    assert make_summary("Short lead.\n\nSecond.") == "Short lead."
    long_lead = "word " * 100
    summary = make_summary(long_lead)
    assert summary.endswith("…")
    assert len(summary) <= SUMMARY_MAX_CHARS + 1
    assert "wor…" not in summary


def test_slugs_are_ascii_and_bounded() -> None:
    assert make_slug("Ünïcode Tïtle: Ça va?") == "unicode-title-ca-va"
    assert len(make_slug("word " * 100)) <= 80
    assert make_slug("!!!") == ""


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. Not a list", "1\\. Not a list"),
        ("- not a bullet", "\\- not a bullet"),
        ("# not a heading", "\\# not a heading"),
        ("<script>x</script>", "\\<script\\>x\\</script\\>"),
        ("[link](url) and *stars* and a_b", "\\[link\\](url) and \\*stars\\* and a\\_b"),
        ("-5 degrees, 2020. ok", "-5 degrees, 2020. ok"),
    ],
)
def test_dump_text_is_escaped_for_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_article_from_cleaned_needs_a_title_and_a_body() -> None:
    seed = Seed(name="dump.txt", kind=SeedKind.TEXT, text="x", digest="e" * 64)
    line = LineVerdict(number=1, text="Menu", keep=False, label="boilerplate", rule="test")
    cleaned = CleanedText(lines=(line,), paragraphs=("First *para*.", "Second."), language="id")
    article = article_from_cleaned(seed, cleaned, Metadata(title="A Title"))
    assert article.body == "First \\*para\\*.\n\nSecond."
    assert article.language == "id"
    assert article.removed_lines == ("Menu",)
    assert article.summary == "First *para*."
    with pytest.raises(SeedError, match="no title"):
        article_from_cleaned(seed, cleaned, Metadata())
    with pytest.raises(SeedError, match="no article text"):
        article_from_cleaned(seed, CleanedText(lines=(), paragraphs=()), Metadata(title="T"))


def test_an_article_without_its_removed_lines_says_so_when_they_are_asked_for() -> None:
    """The cache stores an article without its removed lines; a page shown without them would
    silently lose its "what was removed" view."""
    seed = Seed(name="dump.txt", kind=SeedKind.TEXT, text="x", digest="e" * 64)
    line = LineVerdict(number=1, text="Menu", keep=False, label="boilerplate", rule="test")
    article = article_from_cleaned(seed, CleanedText(lines=(line,), paragraphs=("Text.",)), Metadata(title="A Title"))
    stored = article.with_removed(None)
    with pytest.raises(ValueError, match=r"dump\.txt: .* not read"):
        _ = stored.removed_lines
    restored = stored.with_removed(article.removed)
    assert restored == article and restored.removed_lines == ("Menu",)
    assert (restored.text_digest, restored.content_digest) == (article.text_digest, article.content_digest)


def test_permalink_by_date_or_undated() -> None:
    dated = Article(title="T", slug="t", body="B", seed_name="s", seed_digest="0",
                    date=dt.datetime(2020, 1, 31, 23, 0, tzinfo=JAKARTA))
    assert permalink(dated) == "2020/01/t/"
    undated = Article(title="T", slug="t", body="B", seed_name="s", seed_digest="0")
    assert permalink(undated) == "undated/t/"
