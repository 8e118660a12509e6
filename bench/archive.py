"""Generate a realistic archive for benchmarks: raw news dumps and the same articles as Markdown.

Half the articles are Indonesian, half English, ~600 words each. The prose is produced by a
word-bigram model trained on real article bodies (the project's real seed and the English
test cases), so every article is distinct text with the function-word profile of news
prose; Indonesian text also draws affixed forms of Sastrawi's root words. Around each article
sits real site chrome taken from the test corpus: the Kompas.com page of the real seed for
Indonesian, a CBS News page for English, with "read also" lines inside the body and a
related-articles list of other titles of the archive, as on the real sites.

    python bench/archive.py --count 1000 --raw /tmp/bench/raw --markdown /tmp/bench/md
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import Sastrawi

PROJECT = Path(__file__).resolve().parent.parent
REAL_SEED = PROJECT / "seeds" / "000_3f5251a220b8a8fc.txt"
REAL_SEED_BODY = PROJECT / "tests" / "golden" / "000_3f5251a220b8a8fc.md"
ENGLISH_CHROME_CASE = PROJECT / "tests" / "cases" / "case-056"
ENGLISH_TRAINING_CASES = ("case-000", "case-003", "case-056", "case-121", "case-143")
ROOT_WORDS = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"

WORDS_PER_ARTICLE = 600
INDONESIAN_AFFIXES = (("me", ""), ("di", ""), ("ber", ""), ("", "kan"), ("pe", "an"), ("di", "kan"), ("", "an"))
AUTHORS = {
    "id": ("Shintaloka Pradita Sicca", "Bayu Galih", "Ardi Priyatno Utomo", "Irawan Sapto Adhi", "Aditya Jaya Iswara"),
    "en": ("Jane Porter", "Michael Chen", "Grace Okafor", "Daniel Ruiz", "Sarah Whitfield"),
}
DATELINES = {"id": ("JAKARTA", "SEOUL", "SURABAYA", "MEDAN", "WASHINGTON"), "en": ("WASHINGTON", "NEW YORK", "LONDON")}


@dataclass(frozen=True)
class BenchArticle:
    number: int
    language: str
    title: str
    date: dt.datetime
    author: str
    dateline: str
    paragraphs: tuple[str, ...]


class BigramModel:
    """Word bigrams of real news prose: next words are drawn from what followed in the corpus."""

    def __init__(self, texts: list[str]) -> None:
        self.following: dict[str, list[str]] = defaultdict(list)
        self.starts: list[str] = []
        for text in texts:
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                words = sentence.split()
                if len(words) < 5:
                    continue
                self.starts.append(words[0])
                for current, following in itertools.pairwise(words):
                    self.following[current].append(following)

    def sentence(self, randomness: random.Random, extra_words: list[str]) -> str:
        words = [randomness.choice(self.starts)]
        while len(words) < randomness.randint(12, 28):
            choices = self.following.get(words[-1])
            if not choices or randomness.random() < 0.12:
                word = randomness.choice(extra_words) if extra_words and randomness.random() < 0.5 else None
                words.append(word or randomness.choice(self.starts).lower())
            else:
                words.append(randomness.choice(choices))
        text = " ".join(words).rstrip(".,;:!?\"'”")
        return text[0].upper() + text[1:] + "."


def training_texts() -> dict[str, list[str]]:
    indonesian = REAL_SEED_BODY.read_text(encoding="utf-8").split("\n---\n", 1)[1].split("\n\n")
    english = [(PROJECT / "tests" / "cases" / f"{case}.body.txt").read_text(encoding="utf-8")
               for case in ENGLISH_TRAINING_CASES]
    return {"id": indonesian, "en": english}


def affixed_roots(randomness: random.Random, count: int) -> list[str]:
    roots = [word for word in ROOT_WORDS.read_text(encoding="utf-8").split() if 4 <= len(word) <= 9]
    chosen = randomness.sample(roots, count)
    return [prefix + root + suffix for root in chosen for prefix, suffix in [randomness.choice(INDONESIAN_AFFIXES)]]


def make_articles(count: int, seed: int = 5) -> list[BenchArticle]:
    randomness = random.Random(seed)
    texts = training_texts()
    models = {language: BigramModel(lines) for language, lines in texts.items()}
    extra = {"id": affixed_roots(randomness, 3000), "en": []}
    start = dt.datetime(2019, 1, 1, 6, 0)
    zones = {"id": dt.timezone(dt.timedelta(hours=7)), "en": dt.timezone(dt.timedelta(hours=-5))}
    articles = []
    for number in range(count):
        language = "id" if number % 2 == 0 else "en"
        model = models[language]
        paragraphs, words = [], 0
        while words < WORDS_PER_ARTICLE:
            paragraph = " ".join(model.sentence(randomness, extra[language]) for _ in range(randomness.randint(2, 4)))
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        title = model.sentence(randomness, extra[language]).rstrip(".")
        title = " ".join(title.split()[: randomness.randint(7, 12)])
        date = (start + dt.timedelta(minutes=53 * number)).replace(tzinfo=zones[language])
        articles.append(BenchArticle(
            number=number, language=language, title=f"{title} {number}", date=date,
            author=randomness.choice(AUTHORS[language]), dateline=randomness.choice(DATELINES[language]),
            paragraphs=tuple(paragraphs),
        ))
    return articles


def english_chrome() -> tuple[list[str], list[str]]:
    """The lines of a real English news page before and after its article body."""
    dump = (ENGLISH_CHROME_CASE.with_suffix(".txt")).read_text(encoding="utf-8").splitlines()
    body = [line for line in ENGLISH_CHROME_CASE.with_name("case-056.body.txt").read_text(encoding="utf-8")
            .splitlines() if line.strip()]
    first = next(index for index, line in enumerate(dump) if line.strip().startswith(body[0].strip()[:40]))
    last = max(index for index, line in enumerate(dump) if line.strip().startswith(body[-1].strip()[:20]))
    byline = max(index for index in range(first) if dump[index].startswith("By "))
    title = max(index for index in range(byline) if dump[index].strip())
    return dump[:title], dump[last + 1:]


def indonesian_dump(article: BenchArticle, others: list[BenchArticle], randomness: random.Random) -> str:
    when = article.date.strftime("%d/%m/%Y, %H:%M WIB")
    lines = ["Baca berita tanpa iklan. Gabung Kompas.com+", "", article.title, "", f"Kompas.com - {when}",
             article.author, "", "Penulis", ""]
    for index, paragraph in enumerate(article.paragraphs):
        if index == 0:
            paragraph = f"{article.dateline}, KOMPAS.com - {paragraph}"
        lines += [paragraph, ""]
        if index % 3 == 2:
            lines += [f"Baca juga: {randomness.choice(others).title}", ""]
    lines += ["Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran andalanmu akses "
              "berita Kompas.com WhatsApp Channel. Pastikan kamu sudah install aplikasi WhatsApp ya.", "",
              "Video rekomendasi", "Video lainnya", "", "Terkini Lainnya", ""]
    for other in randomness.sample(others, min(8, len(others))):
        lines += [other.title, "", other.title, "", "Global"]
    lines += ["Baca berita tanpa iklan. Gabung Kompas.com+", "Komentar", "Close Ads", "Bagikan artikel ini melalui",
              "Oke", "Login untuk memaksimalkan pengalaman mengakses Kompas.com"]
    return "\n".join(lines)


def english_dump(article: BenchArticle, others: list[BenchArticle], randomness: random.Random,
                 chrome: tuple[list[str], list[str]]) -> str:
    header, footer = chrome
    when = f"{article.date:%B} {article.date.day}, {article.date:%Y} / {article.date:%I:%M %p} / CBS News"
    lines = [*header, article.title, "", f"By {article.author}", "", when.replace("/ 0", "/ "), ""]
    for index, paragraph in enumerate(article.paragraphs):
        if index == 0:
            paragraph = f"{article.dateline} — {paragraph}"
        lines += [paragraph, ""]
        if index % 4 == 3:
            lines += [f"Read more: {randomness.choice(others).title}", ""]
    lines += ["More from CBS News", ""]
    for other in randomness.sample(others, min(6, len(others))):
        lines += [other.title, ""]
    return "\n".join(lines + footer)


def markdown_page(article: BenchArticle) -> str:
    title = article.title.replace('"', "'")
    return (f'---\ntitle: "{title}"\ndate: {article.date.isoformat()}\nauthor: {article.author}\n'
            f"language: {article.language}\ndateline: {article.dateline}\n---\n\n" + "\n\n".join(article.paragraphs)
            + "\n")


def write_archive(count: int, raw: Path | None, markdown: Path | None) -> list[BenchArticle]:
    articles = make_articles(count)
    randomness = random.Random(11)
    chrome = english_chrome()
    for folder in (raw, markdown):
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
    for article in articles:
        others = [articles[(article.number + step * 37) % count] for step in range(1, 12)] if count > 1 else [article]
        name = f"{article.number:05d}-{article.language}"
        if raw:
            text = (indonesian_dump(article, others, randomness) if article.language == "id"
                    else english_dump(article, others, randomness, chrome))
            (raw / f"{name}.txt").write_text(text, encoding="utf-8")
        if markdown:
            (markdown / f"{name}.md").write_text(markdown_page(article), encoding="utf-8")
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--raw", type=Path, help="folder for the raw text dumps")
    parser.add_argument("--markdown", type=Path, help="folder for the same articles as Markdown")
    args = parser.parse_args()
    write_archive(args.count, args.raw, args.markdown)


if __name__ == "__main__":
    main()
