"""Ranking of the partitioned index against one monolithic lunr index over the same articles.

    .venv/bin/python bench/search_ranking.py 1000

Both sides are lunr (lunr.py here; lunr.js scores the same way). Monolithic: one query with all
terms on the whole index of a language, lunr's own ranking. Partitioned: what the search page
does, one query per term on the partition holding it, scores added, documents matching more
terms first. Prints the mean overlap of the top 10 for one-, two- and three-word queries, with
and without that "more terms first" rule.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from pathlib import Path

from lunr.index import Index

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_bench import make_archive

from generator.config import SiteConfig
from generator.search import PARTITION_TARGET_BYTES, build_index, make_documents
from generator.search.partitions import first_terms, partition_index
from generator.search.pipelines import make_pipeline_set


def load(serialised: dict) -> Index:
    """lunr.py loads by pipeline labels; queries here are already terms, so the pipeline is empty."""
    return Index.load({**serialised, "pipeline": []})


def route(firsts: list[str], term: str) -> int:
    return max(number for number, first in enumerate(firsts) if number == 0 or first <= term)


def top(scores: dict[str, tuple[int, float]], count: int, coordinate: bool) -> list[str]:
    def key(ref: str) -> tuple:
        matched, score = scores[ref]
        return (-matched if coordinate else 0, -score, ref)

    return sorted(scores, key=key)[:count]


def main(size: int, queries_per_length: int = 100) -> None:
    rng = random.Random(7)
    pipelines = make_pipeline_set()
    documents = make_documents(make_archive(size), SiteConfig())
    for language in ("id", "en"):
        members = [document for document in documents if document.language == language]
        whole = build_index(members, language, pipelines)
        monolithic = load(whole)
        partitions = partition_index(whole, PARTITION_TARGET_BYTES)
        firsts = [first.encode("utf-16-be") for first in first_terms(partitions)]
        loaded: dict[int, Index] = {}
        for length in (1, 2, 3):
            overlap = {True: 0.0, False: 0.0}
            for _ in range(queries_per_length):
                sample = rng.choice(members)
                terms = list(dict.fromkeys(rng.sample(pipelines.terms(language, sample.text), length)))
                whole_hits = [result["ref"] for result in monolithic.query(monolithic.create_query().term(terms))][:10]
                scores: dict[str, list] = defaultdict(lambda: [0, 0.0])
                for term in terms:
                    number = route(firsts, term.encode("utf-16-be"))
                    index = loaded.setdefault(number, load(partitions[number]))
                    for result in index.query(index.create_query().term(term)):
                        scores[result["ref"]][0] += 1
                        scores[result["ref"]][1] += result["score"]
                for coordinate in (True, False):
                    ours = top({ref: tuple(value) for ref, value in scores.items()}, 10, coordinate)
                    overlap[coordinate] += len(set(ours) & set(whole_hits)) / max(1, min(10, len(whole_hits)))
            print(
                f"{size} articles, {language}, {length} word(s): top-10 overlap with the monolithic index "
                f"{overlap[False] / queries_per_length:.0%} (scores only), "
                f"{overlap[True] / queries_per_length:.0%} (more terms first, as the page ranks)"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
