"""Hostile and broken seeds: each has a defined outcome; nothing from a seed ever runs."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from generator.build import build_site
from generator.config import SiteConfig
from tests.conftest import markdown_page

CONFIG = SiteConfig(base_url="https://example.org/news/", language="en")

PROSE = (
    "The city council met on Tuesday evening and voted to extend the night bus service until the end of the year, "
    "after months of complaints from workers who finish their shifts after midnight."
)
HOSTILE_LINES = [
    "<script>alert('dump')</script> The mayor said the plan would be reviewed again in the spring.",
    "An image was attached <img src=x onerror=alert('img')> to the statement that was read to the press.",
    "Readers can find [the full report](javascript:alert('link')) on the council's website, officials said.",
    "The template marker {{ config.title }} and {% raw %} appeared in the minutes, which were published later.",
    "She closed the box </textarea><svg onload=alert('svg')> and left the building before the vote was taken.",
    "![tracking pixel](https://tracker.example/pixel.png) was embedded in the newsletter that went out on Friday.",
]


def news_dump(title: str, lines: list[str]) -> str:
    """A page with site chrome around an article whose prose is its own (no two seeds share it)."""
    paragraphs = [f"{PROSE} The story “{title}” was first reported here.", *lines,
                  f"Residents asked about “{title}” will be heard at the next meeting, the council said on Friday."]
    return "\n\n".join(["Home", "News", "Sport", title, "By Jane Reporter", "March 3, 2021", *paragraphs, "Share"])


SEEDS: dict[str, str | bytes] = {
    "empty.txt": "",
    "blank.txt": " \n\t\n",
    "menu-only.txt": "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Privacy"] * 3),
    "photo.txt": b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200),
    "doc.pdf": b"%PDF-1.4\n" + bytes(range(256)),
    "archive.zip": b"PK\x03\x04" + bytes(100),
    "noise.txt": bytes(range(1, 9)) * 200,
    "hostile.txt": news_dump("Council extends night buses", HOSTILE_LINES),
    "cp1252.txt": news_dump("Café owners welcome the decision", ["The café’s owner said: “It is a relief.”"]).encode(
        "cp1252"),
    "utf16.txt": codecs.BOM_UTF16_LE + news_dump("Night buses: what changes", []).encode("utf-16-le"),
    "crlf.txt": news_dump("Council meets again", []).replace("\n", "\r\n").encode("utf-8"),
    "front-matter-look.txt": "---\ntitle: not front matter\n---\n" + news_dump("A dump that starts with dashes", []),
    "yaml-tag.md": "---\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\nBody.\n",
    "yaml-bomb.md": "---\na: &a ['x','x','x','x','x','x','x','x','x']\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                    "title: &t [*d,*d,*d,*d,*d,*d,*d,*d,*d]\ntags: *t\n---\nBody.\n",
    "wrong-types.md": "---\ntitle: Good title\nauthor: {name: x}\n---\nBody.\n",
    "bad-date.md": markdown_page("Bad date", "Body.", date="31/31/2020"),
    "escape-slug.md": markdown_page("Escape", "Body.", slug="../../../etc/passwd"),
    "slash-slug.md": markdown_page("Slash", "Body.", slug="a/b"),
    "markdown-hostile.md": markdown_page(
        "Markdown with markup", "<script>alert('md')</script>\n\n<div onclick=\"alert('div')\">raw html</div>\n\n"
        "[click](javascript:alert('md-link'))\n\n{{ 7*7 }} {% if %}"),
    "future.md": markdown_page("From the future", "Body.", date="2099-01-01T00:00:00+00:00"),
    "ancient.md": markdown_page("From 1985", "Body.", date="1985-06-01"),
    "naive.md": markdown_page("No zone", "Body.", date="2021-03-03 10:00"),
    "undated.md": markdown_page("No date at all", "Body."),
    "name with spaces ü.md": markdown_page("Spaces and umlauts", "Body."),
    ("x" * 200) + ".md": markdown_page("Very long file name", "Body."),
    ".hidden.md": markdown_page("Hidden", "Body."),
}

SKIP_REASONS = {
    "empty.txt": "the file is empty",
    "blank.txt": "the file holds only whitespace",
    "menu-only.txt": "no article text found",
    "photo.txt": "binary file, not text",
    "doc.pdf": "binary file, not text",
    "archive.zip": "binary file, not text",
    "noise.txt": "binary file, not text",
    "yaml-tag.md": "invalid front matter",
    "yaml-bomb.md": "front matter 'title' must be text",
    "wrong-types.md": "front matter 'author' must be text",
    "bad-date.md": "front matter date '31/31/2020' is not ISO 8601",
    "escape-slug.md": "slug '../../../etc/passwd' is not lower-case letters, digits and dashes",
    "slash-slug.md": "slug 'a/b' is not lower-case letters, digits and dashes",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    seeds = root / "seeds"
    seeds.mkdir()
    for name, content in SEEDS.items():
        path = seeds / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = root / "site"
    report = build_site(seeds, out, CONFIG)
    return root, out, report


def test_every_bad_seed_is_skipped_with_its_reason(hostile_site) -> None:
    _, _, report = hostile_site
    reasons = {skip.seed: skip.reason for skip in report.skipped}
    assert set(reasons) == set(SKIP_REASONS)
    for name, reason in SKIP_REASONS.items():
        assert reasons[name].startswith(reason), (name, reasons[name])
        assert "\n" not in reasons[name]


def test_every_good_seed_is_built(hostile_site) -> None:
    _, _, report = hostile_site
    assert set(report.built) == set(SEEDS) - set(SKIP_REASONS) - {".hidden.md"}


def test_nothing_is_written_outside_the_site(hostile_site) -> None:
    root, _, _ = hostile_site
    assert sorted(path.name for path in root.iterdir()) == ["seeds", "site"]
    assert not Path("/tmp/pwned").exists()


def test_encodings_decode_without_mojibake(hostile_site) -> None:
    _, out, _ = hostile_site
    text = "".join(page.read_text(encoding="utf-8") for page in out.rglob("index.html"))
    assert "The café’s owner said: “It is a relief.”" in text
    assert "Ã" not in text and "â€" not in text and "\r" not in text


def all_outputs(out: Path) -> list[Path]:
    return [path for path in sorted(out.rglob("*")) if path.is_file() and not path.is_relative_to(out / "static")]


def assert_no_live_markup(tree: lxml_html.HtmlElement, where: str) -> None:
    for script in tree.xpath("//script[not(@type='application/ld+json')]"):
        assert script.get("src") and not (script.text or "").strip(), where
    for attribute in tree.xpath("//@*[starts-with(name(), 'on')]"):
        pytest.fail(f"{where}: event handler attribute {attribute!r}")
    for link in tree.xpath("//@href | //@src"):
        assert not link.strip().lower().startswith("javascript:"), where
    assert not tree.xpath("//img[contains(@src, 'tracker.example')]"), where
    assert not tree.xpath("//svg | //textarea | //div[@onclick]"), where


def test_no_markup_from_a_seed_becomes_live(hostile_site) -> None:
    _, out, _ = hostile_site
    pages = [path for path in out.rglob("*.html") if not path.is_relative_to(out / "static")]
    assert len(pages) > 20
    for page in pages:
        assert_no_live_markup(lxml_html.parse(str(page)).getroot(), str(page))


def test_feed_content_has_no_live_markup(hostile_site) -> None:
    _, out, _ = hostile_site
    contents = etree.parse(str(out / "atom.xml")).xpath(
        "//a:entry/a:content/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})
    assert any("alert" in content for content in contents)
    for content in contents:
        assert_no_live_markup(lxml_html.fromstring(f"<div>{content}</div>"), "atom.xml")


def test_template_syntax_in_seeds_is_shown_as_text(hostile_site) -> None:
    _, out, _ = hostile_site
    page = (out / "undated/markdown-with-markup/index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }} {% if %}" in page
    assert "&lt;script&gt;alert(&#x27;md&#x27;)&lt;/script&gt;" in page or "&lt;script&gt;alert('md')" in page


def test_feeds_and_json_ld_stay_well_formed(hostile_site) -> None:
    _, out, _ = hostile_site
    for feed in ("feed.xml", "atom.xml"):
        etree.parse(str(out / feed))
    for page in out.rglob("index.html"):
        for block in lxml_html.parse(str(page)).xpath("//script[@type='application/ld+json']"):
            assert isinstance(json.loads(block.text), dict)


def test_dates_before_1990_in_the_future_naive_and_missing(hostile_site) -> None:
    _, out, _ = hostile_site
    assert (out / "2099/01/from-the-future/index.html").is_file()
    assert (out / "1985/06/from-1985/index.html").is_file()
    naive = (out / "2021/03/no-zone/index.md").read_text(encoding="utf-8")
    assert "date: '2021-03-03T10:00:00'\n" in naive, "the page shows no zone: none is written"
    atom = etree.parse(str(out / "atom.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    published = atom.xpath("//a:entry[a:title='No zone']/a:published/text()", namespaces=ns)
    assert published == ["2021-03-03T10:00:00+00:00"], "feeds need an instant: the site's zone"
    undated = (out / "undated/no-date-at-all/index.html").read_text(encoding="utf-8")
    assert "Undated" in undated
    months = lxml_html.parse(str(out / "archive/index.html")).xpath("//section/h2/text()")
    assert months[-1] == "Undated"


def test_huge_seeds_are_refused_or_handled(tmp_path: Path) -> None:
    """A 50 MB file is refused unread; a single 10 MB line is cleaned (linear time) and skipped."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with open(seeds / "fifty.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    words = ("alpha", "beta", "gamma", "delta", "the", "of", "and", "to")
    line = " ".join(words[(number * 7) % len(words)] for number in range(1_800_000))[: 10 * 1024 * 1024 - 2]
    (seeds / "one-line.txt").write_text(line + ".\n", encoding="utf-8")
    (seeds / "good.md").write_text(markdown_page("Still here", "Body."), encoding="utf-8")
    report = build_site(seeds, tmp_path / "site", CONFIG)
    reasons = {skip.seed: skip.reason for skip in report.skipped}
    assert reasons["fifty.txt"] == "file is 50.0 MB, over the 10 MB limit"
    assert reasons["one-line.txt"].startswith("no ")
    assert report.built == ("good.md",)
