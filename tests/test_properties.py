"""Property tests: the front-matter writer round-trips any text; any seed bytes build safely;
line counts updated seed by seed equal counts made afresh."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from generator.build import build_site
from generator.clean.profile import NO_LINES, TEMPLATE_MIN_SEEDS, recount_lines, template_lines
from generator.config import SiteConfig
from generator.models import Article, Seed, SeedKind
from generator.pages import article_from_markdown, render_markdown_page

# One-line values as the writer receives them: whitespace already folded, no control characters.
one_line = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60).map(
    lambda text: " ".join(text.split())).filter(bool)
body_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e\x85"),
                    min_size=1, max_size=300).map(str.strip).filter(bool)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes)))
dates = st.builds(lambda day, zone: day.replace(tzinfo=zone),
                  st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)).map(
                      lambda value: value.replace(microsecond=0)), offsets)


@given(title=one_line, body=body_text, author=st.none() | one_line, summary=st.none() | one_line,
       date=st.none() | dates, tags=st.lists(one_line.filter(lambda t: "," not in t), max_size=3))
@settings(max_examples=300, deadline=None)
def test_front_matter_page_round_trips(title, body, author, summary, date, tags) -> None:
    article = Article(title=title, slug="a-slug", body=body, seed_name="s.md", seed_digest="0" * 64, date=date,
                      author=author, summary=summary, tags=tuple(tags), language="id")
    text = render_markdown_page(article)
    assert text.startswith("---\n")
    read = article_from_markdown(Seed("s.md", SeedKind.MARKDOWN, text, "0" * 64), dt.UTC)
    expected = dataclasses.replace(article, summary=summary or read.summary)
    assert read == expected
    assert render_markdown_page(read) == render_markdown_page(expected)


CONFIG = SiteConfig(base_url="https://example.org/", language="en")
LINE = st.one_of(
    st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "[x](javascript:alert(3))",
                     "{{ 7*7 }}", "{% for x in y %}", "---", "# Heading", "Baca juga: lainnya", "Share", "</textarea>",
                     "The minister said on Tuesday that the talks would continue next week in the capital."]),
    st.text(max_size=120),
)


@given(dump=st.lists(LINE, min_size=1, max_size=30).map("\n".join), raw=st.binary(max_size=400),
       markdown=st.text(max_size=200))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_seed_content_builds_and_no_seed_script_reaches_a_page(dump: str, raw: bytes, markdown: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        seeds = Path(folder) / "seeds"
        seeds.mkdir()
        (seeds / "dump.txt").write_text(dump, encoding="utf-8", errors="surrogatepass")
        (seeds / "raw.txt").write_bytes(raw)
        (seeds / "page.md").write_text("---\ntitle: T\n---\n" + markdown, encoding="utf-8", errors="surrogatepass")
        (seeds / "page.html").write_text(f"<html><body><h1>T</h1><p>{dump}</p></body></html>", encoding="utf-8",
                                         errors="surrogatepass")
        report = build_site(seeds, Path(folder) / "site", CONFIG)
        assert len(report.built) + len(report.skipped) + len(report.duplicates) == 4
        assert not any(skip.reason.startswith("internal error") for skip in report.skipped), report.skipped
        for page in (Path(folder) / "site").rglob("*.html"):
            tree = lxml_html.parse(str(page)).getroot()
            assert all(script.get("src") for script in tree.xpath("//script[not(@type='application/ld+json')]"))
            assert not tree.xpath("//@*[starts-with(name(), 'on')]")


KEY_SETS = st.lists(st.sets(st.integers(0, 40)).map(lambda keys: np.array(sorted(keys), dtype=np.uint64)),
                    max_size=8)


@given(kept=KEY_SETS, gone=KEY_SETS, came=KEY_SETS)
@settings(max_examples=300, deadline=None)
def test_line_counts_updated_by_the_seeds_that_came_and_went_are_those_counted_afresh(kept, gone, came) -> None:
    before = recount_lines(NO_LINES, kept + gone)
    updated = recount_lines(before, came, gone)
    fresh = recount_lines(NO_LINES, kept + came)
    assert updated.keys.tolist() == fresh.keys.tolist()
    assert updated.counts.tolist() == fresh.counts.tolist()
    expected = Counter(key for keys in kept + came for key in keys.tolist())
    assert dict(zip(fresh.keys.tolist(), fresh.counts.tolist(), strict=True)) == expected
    assert fresh.template().tolist() == sorted(key for key, count in expected.items() if count >= TEMPLATE_MIN_SEEDS)


KEY_SET = st.sets(st.integers(0, 2**64 - 1) | st.integers(0, 40)).map(
    lambda keys: np.array(sorted(keys), dtype=np.uint64))


@given(keys=KEY_SET, template=KEY_SET)
@settings(max_examples=300, deadline=None)
def test_a_seeds_template_lines_are_its_keys_in_the_template(keys, template) -> None:
    found = template_lines(keys, template)
    members = set(template.tolist())
    assert found.dtype == keys.dtype
    assert found.tolist() == [key for key in keys.tolist() if key in members]
