"""The clean stage end to end: the real seed exactly, HTML seeds, explain, properties."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.clean import build_site_profile, clean_seed, clean_text, explain, load_rules
from generator.clean.html import html_to_text
from generator.clean.rules import Rules
from generator.models import Seed, SeedKind

ROOT = Path(__file__).resolve().parent.parent
REAL_SEED = ROOT / "seeds" / "000_3f5251a220b8a8fc.txt"
CASES = Path(__file__).resolve().parent / "cases"

REAL_SEED_PARAGRAPHS = (
    "Para pejabat Korea Selatan mengatakan pada Kamis (5/11/2020) bahwa pejabat tingginya "
    "berencana untuk mengunjungi Washington pekan depan, di tengah pemilu Amerika Serikat yang "
    "masih penuh ketidakpastian.",
    "Diketahui Seoul berjanji menjadi aliansi kuat untuk Amerika Serikat, terlepas dari hasil "
    "pemilihan presiden.",
    "Penantang capres pertahana, Joe Biden dari Demokrat memperkirakan dapat kemenangannya dapat "
    "tercapai pada Rabu (4/11/2020), setelah memenangkan 2 negara bagian kunci AS.",
    "Namun, Presiden Donald Trump menuduh capaian Biden adalah penipuan, sehingga ia mengajukan "
    "tuntutan hukum dan penghitungan ulang suara pemilihan yang belum diputusakan sehari, setelah "
    "pemungutan suara ditutup pada Selasa (3/11/2020).",
    "Menteri Luar Negeri Korea Selatan, Kang Kyung-wha direncanakan akan tiba di Washington pada "
    "Minggu (8/11/2020) untuk tinggal selama 4 hari, menurut laporan kementerian terkait yang "
    "dilansir dari Reuters pada Kamis (5/11/2020).",
    "Perjalanan itu diagendakan atas undangan dari Menteri Luar Negeri AS, Mike Pompeo, yang "
    "membatalkan kunjungannya ke Seoul pada Oktober, setelah Trump dinyatakan positif mengidap "
    "virus corona.",
    "Para menteri akan mengadakan pertemuan mengenai masalah-masalah bilateral dan regional, "
    "termasuk pembicaraan yang tertunda, yang bertujuan untuk membahas program nuklir dan rudal "
    "Korea Utara dengan imbalan bantuan sanksi AS.",
    "Meskipun ada ketidakpastian atas pemilihan AS, Gedung Biru kepresidenan Korea Selatan "
    'mengatakan akan mempertahankan aliansi "solid" siapa pun yang memenangkan Gedung Putih.',
    '"Terlepas dari hasil pemilu, pemerintah kami tidak hanya akan mempertahankan aliansi yang '
    "solid dengan Amerika Serikat, tetapi juga melanjutkan kerja sama untuk mengembangkannya "
    'lebih lanjut," kata juru bicara Gedung Biru, Kang Min-seok dalam sebuah penjelasan.',
    '"Kami juga akan secara aktif bekerja sama dengan pemerintahan baru untuk mencapai tujuan '
    'denuklirisasi semenanjung Korea," tambah Kang.',
    "Selanjutnya, Kang mengatakan Korea Selatan akan membangun rezim perdamaian, dan "
    "berkomunikasi erat sejalan dengan tradisi, bahwa kedua negara telah bekerja sama dengan "
    "pemerintahan siapa pun yang menjabat.",
    "Gedung Biru dengan hati-hati memantau pemilihan AS, dengan Presiden Moon Jae-in dijadwalkan "
    "tidak ada aktivitas publik pada Kamis.",
    "Dewan Keamanan Nasional kepresidenan Korea Selatan akan berkumpul pada pukul 15.00 waktu "
    "setempat untuk membahas perkembangan, kata Kang.",
)

CLUTTER = (
    "Baca berita tanpa iklan", "Baca juga", "WhatsApp", "Video rekomendasi", "Video lainnya",
    "Terkini Lainnya", "Membaca Arah Kepemimpinan", "Komentar", "Close Ads",
    "Bagikan artikel ini melalui", "Oke", "Login untuk", "Penulis",
)


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


def text_seed(text: str, name: str = "seed.txt") -> Seed:
    return Seed(name=name, kind=SeedKind.TEXT, text=text, digest="0" * 64)


def test_real_seed_body_is_exactly_the_thirteen_paragraphs(rules: Rules) -> None:
    cleaned = clean_seed(text_seed(REAL_SEED.read_text(encoding="utf-8")), rules)
    assert cleaned.paragraphs == REAL_SEED_PARAGRAPHS
    assert cleaned.lead_prefix == "SEOUL, KOMPAS.com -"
    assert cleaned.language == "id"


def test_real_seed_keeps_none_of_the_clutter(rules: Rules) -> None:
    cleaned = clean_seed(text_seed(REAL_SEED.read_text(encoding="utf-8")), rules)
    body = "\n".join(cleaned.paragraphs)
    for clutter in CLUTTER:
        assert clutter not in body
    dropped = {line.text for line in cleaned.lines if not line.keep}
    assert "Baca berita tanpa iklan. Gabung Kompas.com+" in dropped
    assert "Terkini Lainnya" in dropped


def test_every_line_has_a_verdict_naming_its_rule(rules: Rules) -> None:
    text = REAL_SEED.read_text(encoding="utf-8")
    cleaned = clean_seed(text_seed(text), rules)
    assert [line.number for line in cleaned.lines] == list(range(1, len(text.split("\n")) + 1))
    by_text = {line.text: line for line in cleaned.lines}
    read_also = "Baca juga: Korea Selatan Terapkan Sistem Social Distancing 5 Tingkat, Apa Saja?"
    assert by_text[read_also].label == "read_also"
    assert by_text["Terkini Lainnya"].rule == "end_marker"
    assert by_text["Komentar"].label == "comments"
    assert by_text["Membaca Arah Kepemimpinan Korea Utara dari Lagu Propaganda Terbaru"].rule == "repeated"


ENGLISH_PARAGRAPHS = (
    "The city council said on Monday that it would spend more on the buses and trains that most "
    "of the people who live here take to work, and that the money would come from a new tax.",
    "Officials said the plan had been discussed for more than a year, and that they expected it to "
    "be approved by the end of the month after a public hearing that is planned for next week.",
    "The mayor, who has made public transport the main theme of her time in office, said that the "
    "city could not wait any longer and that the buses were too old and too slow for the city.",
)
MENU = "Home\nNews\nSport\nWeather\nContact us\nPrivacy policy\nTerms of use\n"


def test_a_short_closing_sentence_ends_the_article(rules: Rules) -> None:
    closing = "Authorities say the two plans are unrelated."
    text = MENU + "\n\n".join(ENGLISH_PARAGRAPHS) + f"\n\n{closing}\n\nWith wire reports\n" + MENU
    assert clean_text(text, rules).paragraphs == (*ENGLISH_PARAGRAPHS, closing)


def test_captions_and_ad_labels_do_not_isolate_a_paragraph(rules: Rules) -> None:
    middle = "Looking ahead, the city sees ridership growth of 3.5 percent next year"
    caption = "A bus leaves the central station in the morning. (AP Photo/Jane Doe, File)"
    text = (MENU + "\n\n".join(ENGLISH_PARAGRAPHS[:2]) + f"\n\n{caption}\n\n{middle}\n\nAdvertisement\n\n"
            + ENGLISH_PARAGRAPHS[2] + "\n" + MENU)
    paragraphs = clean_text(text, rules).paragraphs
    assert middle in paragraphs and caption not in paragraphs


def test_the_link_under_a_read_also_heading_is_dropped(rules: Rules) -> None:
    link = "Mayor Unveils New Plan For The Harbour District"
    text = (MENU + "\n\n".join(ENGLISH_PARAGRAPHS[:2]) + f"\n\nRead also:\n{link}\n\n" + ENGLISH_PARAGRAPHS[2]
            + "\n\n" + MENU)
    cleaned = clean_text(text, rules)
    assert cleaned.paragraphs == ENGLISH_PARAGRAPHS
    assert next(line for line in cleaned.lines if line.text == link).rule == "linked"


def test_a_label_between_a_read_also_heading_and_its_link_is_passed_over(rules: Rules) -> None:
    link = "Mayor Unveils New Plan For The Harbour District After Long Debate In The Council"
    text = (MENU + "\n\n".join(ENGLISH_PARAGRAPHS[:2]) + f"\n\nRead also\nVideo\n{link}\n\n"
            + ENGLISH_PARAGRAPHS[2] + "\n\n" + MENU)
    cleaned = clean_text(text, rules)
    assert cleaned.paragraphs == ENGLISH_PARAGRAPHS
    assert next(line for line in cleaned.lines if line.text == link).rule == "linked"


def test_a_sentence_under_a_read_also_heading_stays(rules: Rules) -> None:
    sentence = "The council will vote on the plan for the harbour district again next month, officials said."
    text = MENU + "\n\n".join(ENGLISH_PARAGRAPHS[:2]) + f"\n\nRead also:\n\n{sentence}\n\n" + ENGLISH_PARAGRAPHS[2]
    assert sentence in clean_text(text, rules).paragraphs


def test_two_headlines_in_a_row_between_paragraphs_are_links(rules: Rules) -> None:
    links = "Mayor unveils a new plan for the harbour district\nWhat the new budget means for the bus lines"
    text = MENU + "\n\n".join(ENGLISH_PARAGRAPHS[:2]) + f"\n\n{links}\n\n" + ENGLISH_PARAGRAPHS[2] + "\n\n" + MENU
    assert clean_text(text, rules).paragraphs == ENGLISH_PARAGRAPHS
    subheading = "What the new budget means for the bus lines"
    text = MENU + "\n\n".join(ENGLISH_PARAGRAPHS[:2]) + f"\n\n{subheading}\n\n" + ENGLISH_PARAGRAPHS[2] + "\n\n" + MENU
    assert subheading in clean_text(text, rules).paragraphs


def test_a_list_announced_by_a_colon_is_the_articles(rules: Rules) -> None:
    items = ("Tuples save a bit of memory when replacing lists", "Slotted classes save a lot of memory",
             "Map and filter are sometimes faster than comprehensions")
    intro = "I know it is a lot of graphs, so I will summarize them:"
    text = (MENU + "\n\n".join(ENGLISH_PARAGRAPHS) + f"\n\n{intro}\n\n" + "\n".join(items)
            + "\nAuthor: Jane Doe\nRss\n")
    assert clean_text(text, rules).paragraphs[-3:] == items
    teasers = "\n".join(f"{item} and what the council said about it…" for item in items)
    text = MENU + "\n\n".join(ENGLISH_PARAGRAPHS) + f"\n\n{intro}\n\n{teasers}\nRss\n"
    assert "list_item" not in {line.rule for line in clean_text(text, rules).lines}


def test_a_run_of_cut_off_teasers_is_dropped_and_one_hanging_paragraph_kept(rules: Rules) -> None:
    """A ticker of headlines with their summaries cut off ("... Raminder Singh Rekhi, 41,...",
    "... has its days numbered....") right above the article, each line long enough to pass
    for prose, is a teaser list; one paragraph of the article that trails off is the article's."""
    teasers = "\n".join(f"{headline} NEW DELHI: {summary}" for headline, summary in (
        ("Mayor unveils a new plan for the harbour district", "The mayor said on Tuesday that the plan for the "
         "harbour district would bring new homes and jobs to the area, and that the council had agreed to 41,..."),
        ("What the new budget means for the bus lines", "Officials said the budget would add buses to the busiest "
         "lines in the city and that fares would stay the same for at least another year, the days are numbered...."),
        ("Residents welcome the decision on the library", "The council voted on Monday to keep the library open on "
         "Sundays after residents signed a petition that gathered more signatures than any before it, and the…"),
    ))
    trailing = "He paused, looked at the crowd gathered in the square, and began to speak about what comes next..."
    paragraphs = [*ENGLISH_PARAGRAPHS[:2], trailing, ENGLISH_PARAGRAPHS[2]]
    text = MENU + teasers + "\n\n" + "\n\n".join(paragraphs) + "\n\n" + MENU
    cleaned = clean_text(text, rules)
    assert cleaned.paragraphs == tuple(paragraphs)
    assert {line.rule for line in cleaned.lines if "NEW DELHI" in line.text} == {"teaser_run"}


def test_legal_footers_and_newsletter_pitches_are_not_the_article(rules: Rules) -> None:
    pitch = "Let our news meet your inbox. The news and stories that matter, delivered weekday mornings."
    footer = ("Disclaimer\n\nRegistration on or use of this site constitutes acceptance of our User Agreement and "
              "Privacy Policy\n\nThe material on this site may not be reproduced, distributed, transmitted, cached "
              "or otherwise used, except with the prior written permission of Example Media.\n\nCommunity Rules "
              "apply to all content you upload or otherwise submit to this site.")
    text = (MENU + "\n\n".join(ENGLISH_PARAGRAPHS[:2]) + f"\n\n{pitch}\n\n" + ENGLISH_PARAGRAPHS[2]
            + f"\n\n{footer}\n")
    assert clean_text(text, rules).paragraphs == ENGLISH_PARAGRAPHS


def test_explain_shows_each_line_with_verdict_and_rule(rules: Rules) -> None:
    cleaned = clean_seed(text_seed(REAL_SEED.read_text(encoding="utf-8")), rules)
    report = explain(cleaned)
    assert report.startswith("# language: id; lead prefix cut: 'SEOUL, KOMPAS.com -'")
    rows = [row for row in report.splitlines()[2:]]
    assert len(rows) == sum(1 for line in cleaned.lines if line.text)
    assert any(row.split()[1:4] == ["-", "read_also", "phrase"] for row in rows)
    assert any(row.split()[1:3] == ["+", "body"] for row in rows)


def test_template_lines_across_seeds_are_dropped(rules: Rules) -> None:
    article = "\n\n".join(REAL_SEED_PARAGRAPHS[:4])
    banner = "Langganan newsletter harian kami gratis setiap pagi di kotak masuk Anda sekarang juga."
    seeds = [
        text_seed(f"{banner}\n\nJudul berita nomor {i}\n\n{article}\n", f"s{i}.txt") for i in range(3)
    ]
    profile = build_site_profile(seeds, rules)
    assert profile.is_template("langganan newsletter harian kami gratis setiap pagi di kotak masuk anda sekarang juga")
    cleaned = clean_seed(seeds[0], rules, profile)
    assert banner not in cleaned.paragraphs
    assert len(build_site_profile(seeds[:2], rules).template) == 0


def test_html_seed_is_cleaned_like_its_dump(rules: Rules) -> None:
    html = (
        "<html><head><title>T</title><style>p{}</style><script>var x='Baca';</script></head>"
        "<body><nav><ul><li>Beranda</li><li>Nasional</li></ul></nav><h1>Judul</h1>"
        + "".join(f"<p>{p}</p>" for p in REAL_SEED_PARAGRAPHS[:5])
        + "<div>Baca juga: Sesuatu yang lain</div><noscript>Aktifkan JavaScript</noscript>"
        "<footer>Hak cipta 2020</footer></body></html>"
    )
    seed = Seed(name="page.html", kind=SeedKind.HTML, text=html, digest="0" * 64)
    cleaned = clean_seed(seed, rules)
    assert cleaned.paragraphs == REAL_SEED_PARAGRAPHS[:5]


def test_html_to_text_breaks_lines_like_inner_text() -> None:
    text = html_to_text(
        "<body><div>A<span> b</span></div><p>One</p><p>Two<br>Three</p>"
        "<ul><li>x</li><li>y</li></ul><script>no</script><table><tr><td>1</td><td>2</td></tr></table></body>"
    )
    assert text == "A b\n\nOne\n\nTwo\nThree\n\nx\ny\n1\t2\n"


def test_html_preformatted_text_keeps_its_lines() -> None:
    html = '<p>The payload:</p><pre><code>{\n  "Name": "Ann",\n  "Comment": "snack"\n}</code></pre><p>After.</p>'
    assert html_to_text(html) == 'The payload:\n\n{\n"Name": "Ann",\n"Comment": "snack"\n}\n\nAfter.\n'


def test_html_white_space_between_cells_is_not_a_line_break() -> None:
    html = "<table><tr>\n<td>30</td>\n<td>David Ragan</td>\n<td>388</td>\n</tr></table><p>a<b>\n</b>b</p>"
    assert html_to_text(html) == "30\tDavid Ragan\t388\n\na b\n"


def test_html_inline_elements_glued_into_a_capital_start_a_line() -> None:
    html = ('<div><a><strong>Strong WR Options</strong><em>The rookies have seen their roles grow.</em></a></div>'
            "<p>Mc<b>Donald</b> and <i>A</i>dam met the <b>Mayor</b>.</p>")
    assert html_to_text(html) == (
        "Strong WR Options\nThe rookies have seen their roles grow.\n\nMcDonald and Adam met the Mayor.\n"
    )


@pytest.mark.parametrize("case", ["case-012", "case-049", "case-116"])
def test_html_seeds_of_corpus_clean_as_well_as_their_dumps(rules: Rules, case: str) -> None:
    html = gzip.decompress((CASES / f"{case}.html.gz").read_bytes()).decode("utf-8", "replace")
    from_html = clean_seed(Seed(f"{case}.html", SeedKind.HTML, html, "0" * 64), rules)
    dump = (CASES / f"{case}.txt").read_text(encoding="utf-8")
    from_dump = clean_seed(text_seed(dump), rules)
    html_words = set(" ".join(from_html.paragraphs).split())
    dump_words = set(" ".join(from_dump.paragraphs).split())
    assert dump_words
    assert len(html_words & dump_words) >= 0.8 * len(dump_words)


def test_empty_and_blank_seeds_give_no_paragraphs(rules: Rules) -> None:
    for text in ("", "\n\n\n", "   \t  \n"):
        cleaned = clean_text(text, rules)
        assert cleaned.paragraphs == ()
        assert cleaned.language is None


def _in_seed_order(paragraphs: tuple[str, ...], lines: list[str]) -> bool:
    """Each paragraph is (part of) a seed line, and later paragraphs come from later lines."""
    remaining = iter(lines)
    return all(any(paragraph in line for line in remaining) for paragraph in paragraphs)


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(st.text(max_size=300), max_size=40))
def test_cleaning_never_raises_and_only_keeps_seed_lines_in_order(rules: Rules, parts: list[str]) -> None:
    text = "\n".join(parts)
    cleaned = clean_text(text, rules)
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    assert all(paragraph for paragraph in cleaned.paragraphs)
    assert _in_seed_order(cleaned.paragraphs, lines)


@settings(max_examples=40, deadline=None)
@given(parts=st.lists(st.sampled_from(REAL_SEED_PARAGRAPHS + CLUTTER + ("", "Global", "12:30")), max_size=60))
def test_cleaning_realistic_mixtures_keeps_seed_lines_in_order(rules: Rules, parts: list[str]) -> None:
    text = "\n\n".join(parts)
    cleaned = clean_text(text, rules)
    assert _in_seed_order(cleaned.paragraphs, parts)


@settings(max_examples=60, deadline=None)
@given(html=st.text(max_size=2000))
def test_html_seeds_never_raise(rules: Rules, html: str) -> None:
    seed = Seed(name="x.html", kind=SeedKind.HTML, text="<p>" + html, digest="0" * 64)
    cleaned = clean_seed(seed, rules)
    assert isinstance(cleaned.paragraphs, tuple)
