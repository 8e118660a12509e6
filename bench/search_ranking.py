"""Ranking of the sharded, partitioned search against one monolithic lunr index over the same articles.

    .venv/bin/python bench/search_ranking.py 1000 10000

Scores are lunr's (``generator.search.scoring`` reproduces lunr.py's Builder float for float,
tested). Monolithic: one index per language over all its articles, queried with all terms at
once as lunr ranks them (scores summed over terms and fields; lunr's division by the query
vector's length is the same for every document). Sharded, as the search page does it: each
shard's own index, one query per term, scores summed per document, either as they are or
rescaled from the shard's idf to the language's (what ``search.js`` does), documents matching
more terms first or not. Prints the mean top-10 overlap for one-, two- and three-word queries
drawn from the articles' own terms.
"""

from __future__ import annotations

import math
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import make_archive

from generator.config import SiteConfig
from generator.search import BOOSTS, make_document
from generator.search.analysis import analyse_document, analysis_version
from generator.search.pipelines import make_pipeline_set
from generator.search.scoring import score_postings
from generator.search.shards import cut_shards
from generator.urls import assign_article_urls


def idf(with_term: int, documents: int) -> float:
    return math.log(1 + abs((documents - with_term + 0.5) / (with_term + 0.5)))


def term_scores(postings: dict, term: str, refs: list[int]) -> tuple[int, dict[int, float]]:
    """(documents with the term, counted per field as lunr does; global ref -> score)."""
    scores: dict[int, float] = defaultdict(float)
    with_term = 0
    for documents, field_scores in postings.get(term, ()):
        with_term += len(documents)
        for number, score in zip(documents, field_scores, strict=True):
            scores[refs[number]] += score / 1000
    return with_term, scores


def top(scores: dict[int, tuple[int, float]], coordinate: bool) -> list[int]:
    return sorted(scores, key=lambda ref: (-scores[ref][0] if coordinate else 0, -scores[ref][1], ref))[:10]


def main(size: int, queries_per_length: int = 200) -> None:
    rng = random.Random(7)
    pipelines = make_pipeline_set()
    config = SiteConfig()
    version = analysis_version()
    archive = make_archive(size)
    urls = assign_article_urls(archive, config.permalink, config.language)
    documents = [make_document(article, urls[article.seed_name], config, version) for article in archive]
    for language in ("id", "en"):
        members = sorted((d for d in documents if d.language == language), key=lambda d: d.time_order)
        analyses = [analyse_document(pipelines, language, d.title, d.body) for d in members]
        whole = score_postings(BOOSTS, [a.fields for a in analyses])
        position = {id(d): n for n, d in enumerate(members)}
        shards = []
        for run in cut_shards(members, key=lambda d: d.url):
            refs = [position[id(d)] for d in run]
            shards.append((refs, score_postings(BOOSTS, [analyses[ref].fields for ref in refs])))
        print(f"{size} articles, {language}: {len(members)} documents in {len(shards)} shard(s) "
              f"of {', '.join(str(len(refs)) for refs, _ in shards)}")  # fmt: skip
        for length in (1, 2, 3):
            overlap: dict[tuple[bool, bool], float] = defaultdict(float)
            for _ in range(queries_per_length):
                sample = rng.choice(analyses).fields[1].frequencies
                terms = rng.sample(sorted(sample), min(length, len(sample)))
                monolithic: dict[int, float] = defaultdict(float)
                for term in terms:
                    for ref, score in term_scores(whole, term, list(range(len(members))))[1].items():
                        monolithic[ref] += score
                expected = sorted(monolithic, key=lambda ref: (-monolithic[ref], ref))[:10]
                for rescale in (False, True):
                    summed: dict[int, list] = defaultdict(lambda: [0, 0.0])
                    for term in terms:
                        answers = [term_scores(postings, term, refs) for refs, postings in shards]
                        total = sum(with_term for with_term, _ in answers)
                        for (with_term, scores), (refs, _) in zip(answers, shards, strict=True):
                            scale = idf(total, len(members)) / idf(with_term, len(refs)) if rescale and with_term else 1
                            for ref, score in scores.items():
                                summed[ref][0] += 1
                                summed[ref][1] += score * scale
                    for coordinate in (False, True):
                        ours = top({ref: tuple(value) for ref, value in summed.items()}, coordinate)
                        overlap[(rescale, coordinate)] += len(set(ours) & set(expected)) / max(1, len(expected))
            mean = {key: f"{value / queries_per_length:.0%}" for key, value in overlap.items()}
            print(f"  {length} word(s): top-10 overlap with one monolithic index: "
                  f"shard scores {mean[(False, False)]}, idf rescaled {mean[(True, False)]}; "
                  f"more terms first (as the page ranks) {mean[(False, True)]} / {mean[(True, True)]}")  # fmt: skip


if __name__ == "__main__":
    for argument in sys.argv[1:] or ["1000"]:
        main(int(argument))
