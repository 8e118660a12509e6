"""Build and browser pipelines agree: lunr.py + PySastrawi here, lunr.js + sastrawijs in node.

Node loads the theme's vendored files and ``static/search/pipelines.js`` exactly as the search
page does. The vocabularies: ``tests/data/search_vocabulary_en.txt`` is every word of the
English article bodies of the shared dev corpus; ``search_vocabulary_id.txt`` every word of the
real seed and of the Indonesian test pages. Words the two Sastrawi implementations stem
differently are listed, with both stems, in ``sastrawi_differences.tsv``: such a word typed
in the browser does not find the articles that contain it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import Sastrawi

from generator.config import SiteConfig
from generator.search import FIELDS, LUNR_JS_VERSION
from generator.search.analysis import analyse_document
from generator.search.partitions import expand_partition, js_order
from generator.search.pipelines import make_pipeline_set, pipeline_labels
from tests.test_search import ARTICLES, article, search_files

PROJECT = Path(__file__).resolve().parent.parent
VENDOR = PROJECT / "themes" / "default" / "static" / "vendor"
PIPELINES_JS = PROJECT / "themes" / "default" / "static" / "search" / "pipelines.js"
DATA = PROJECT / "tests" / "data"

NODE_PRELUDE = f"""
const lunr = require({json.dumps(str(VENDOR / "lunr" / "lunr.min.js"))});
const sastrawijs = require({json.dumps(str(VENDOR / "sastrawijs" / "sastrawijs.umd.js"))});
const pipelines = require({json.dumps(str(PIPELINES_JS))})(lunr, sastrawijs);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
"""

TERMS_JS = """
pipelines.registerAll(input.meta);
process.stdout.write(JSON.stringify(input.words.map(word => pipelines.terms(input.labels, word))));
"""

TABLE_TERMS_JS = f"""
const pagePipelines = require({json.dumps(str(PIPELINES_JS))})(lunr, null);
pagePipelines.registerAll(input.meta);
pagePipelines.addStems("id", input.table);
const inputs = input.words.map(word => pagePipelines.stemmerInputs(input.labels, word));
const terms = input.words.map(word => pagePipelines.terms(input.labels, word));
process.stdout.write(JSON.stringify({{inputs, terms}}));
"""

LOAD_AND_QUERY_JS = """
pipelines.registerAll(input.meta);
const answers = {};
const expanded = {};
for (const [name, partition] of Object.entries(input.partitions)) {
  try {
    const language = name.split('/')[1];
    const serialised = partition.invertedIndex ? partition : pipelines.expandPartition(
      partition, input.meta.fields, input.meta.languages[language].pipeline, input.meta.lunr);
    expanded[name] = serialised;
    if (!partition.invertedIndex) {
      expanded[name + ' only'] = pipelines.expandPartition(partition, input.meta.fields,
        input.meta.languages[language].pipeline, input.meta.lunr, language, [partition.terms.at(-1)]);
    }
    const index = lunr.Index.load(serialised);
    answers[name] = input.terms.map(term => index.query(q => q.term(term, {usePipeline: false})).map(r => r.ref));
  } catch (error) {
    answers[name] = String(error);
  }
}
process.stdout.write(JSON.stringify({answers, expanded}));
"""


def run_node(script: str, payload: object) -> object:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the pipeline agreement tests need Node.js (never skipped)")
    result = subprocess.run(
        [node, "-e", NODE_PRELUDE + script], input=json.dumps(payload), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def browser_terms(language: str, words: list[str]) -> list[list[str]]:
    pipelines = make_pipeline_set()
    meta = {"stopWords": {label: list(words) for label, words in pipelines.stop_words.items()}}
    return run_node(TERMS_JS, {"meta": meta, "labels": list(pipeline_labels(language)), "words": words})


def vocabulary(name: str) -> list[str]:
    return (DATA / name).read_text(encoding="utf-8").split()


def test_english_words_get_the_same_terms_on_both_sides() -> None:
    words = vocabulary("search_vocabulary_en.txt")
    pipelines = make_pipeline_set()
    differing = [
        (word, js)
        for word, js in zip(words, browser_terms("en", words), strict=True)
        if pipelines.terms("en", word) != js
    ]
    assert len(words) > 9000
    assert differing == []


def test_indonesian_words_get_the_same_terms_except_the_listed_ones() -> None:
    words = vocabulary("search_vocabulary_id.txt")
    pipelines = make_pipeline_set()
    differing = {
        (word, " ".join(pipelines.terms("id", word)), " ".join(js))
        for word, js in zip(words, browser_terms("id", words), strict=True)
        if pipelines.terms("id", word) != js
    }
    listed = {
        tuple(line.split("\t"))
        for line in (DATA / "sastrawi_differences.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    assert differing == listed


def test_with_the_word_table_every_indonesian_word_gets_the_build_terms() -> None:
    """The page's way: the build's stems looked up first, no sastrawijs loaded at all."""
    words = vocabulary("search_vocabulary_id.txt")
    pipelines = make_pipeline_set()
    table = analyse_document(pipelines, "id", "", " ".join(words)).stems
    assert {"pemilu", "menuduh", "terlepas", "mengembangkannya"} <= set(table)
    meta = {"stopWords": {label: list(stop) for label, stop in pipelines.stop_words.items()}}
    answer = run_node(
        TABLE_TERMS_JS, {"meta": meta, "labels": list(pipeline_labels("id")), "words": words, "table": table}
    )
    assert answer["terms"] == [pipelines.terms("id", word) for word in words]
    looked_up = {word for inputs in answer["inputs"] for word in inputs}
    assert looked_up <= set(table)
    assert looked_up >= {"pemilu", "menuduh", "terlepas"}


NEEDS_STEMMER_JS = f"""
const stemmer = new sastrawijs.Stemmer();
const fresh = require({json.dumps(str(PIPELINES_JS))})(lunr, null);
process.stdout.write(JSON.stringify(input.words.map(word => [fresh.needsStemmer("id", word), stemmer.stem(word)])));
"""


def test_words_without_indonesian_affixes_need_no_stemmer() -> None:
    """The page loads sastrawijs only for unknown words with an affix: for the others the stem
    is the word itself (checked with sastrawijs over both vocabularies and Sastrawi's roots with
    affixes), so an English query does not pay 90 KB for an Indonesian stemmer."""
    roots = (Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt").read_text().split()
    affixed = [prefix + root + suffix for root in roots[::7] for prefix, suffix in
               (("me", "kan"), ("di", "i"), ("ber", "an"), ("ter", "nya"), ("", "lah"), ("se", "pun"))]  # fmt: skip
    words = vocabulary("search_vocabulary_en.txt") + vocabulary("search_vocabulary_id.txt") + roots + affixed
    words = [word for word in dict.fromkeys(word.lower() for word in words) if re.fullmatch("[a-z]+", word)]
    answers = run_node(NEEDS_STEMMER_JS, {"words": words})
    wrong = [(word, stem) for word, (needed, stem) in zip(words, answers, strict=True) if not needed and stem != word]
    assert wrong == [], wrong
    english = set(vocabulary("search_vocabulary_en.txt"))
    spared = sum(1 for word, (needed, _) in zip(words, answers, strict=True) if word in english and not needed)
    assert spared > 0.4 * len(english)
    assert dict(zip(words, answers, strict=True))["government"][0] is False


SNOWBALL_JS = f"""
const languages = {json.dumps(str(VENDOR / "lunr-languages"))};
require(languages + '/lunr.stemmer.support.min.js')(lunr);
const page = require({json.dumps(str(PIPELINES_JS))})(lunr, null);
page.registerAll(input.meta);
const answers = {{}};
const keeps = (lang, word) => Boolean(lunr[lang].stopWordFilter(new lunr.Token(word)));
for (const [lang, words] of Object.entries(input.words)) {{
  require(languages + '/lunr.' + lang + '.min.js')(lunr);
  page.addStems(lang, input.tables[lang]);
  answers[lang] = {{
    raw: words.map(word => lunr[lang].stemmer(new lunr.Token(word)).toString()),
    page: words.map(word => page.terms(input.meta.languages[lang].pipeline, word)),
    notDropped: input.meta.stopWords['stopwords-' + lang].filter(word => keeps(lang, word)),
    kept: words.filter(word => keeps(lang, word)).length,
  }};
}}
process.stdout.write(JSON.stringify(answers));
"""


def test_snowball_languages_match_lunr_languages_through_the_word_table() -> None:
    """lunr-languages' stemmers are an older Snowball than snowballstemmer: some words stem
    differently (counted below); with the build's word table the page gets the build's terms for
    every word of the archive, and lunr-languages' stop-word filter drops exactly our list."""
    pipelines = make_pipeline_set()
    words = {lang: vocabulary(f"search_vocabulary_{lang}.txt") for lang in ("de", "es", "fi", "fr", "pt", "ru")}
    tables = {lang: analyse_document(pipelines, lang, "", " ".join(w)).stems for lang, w in words.items()}
    meta = {
        "stopWords": {label: list(stop) for label, stop in pipelines.stop_words.items()},
        "languages": {lang: {"pipeline": list(pipeline_labels(lang))} for lang in words},
    }
    answers = run_node(SNOWBALL_JS, {"meta": meta, "words": words, "tables": tables})
    for lang, answer in answers.items():
        stop_words = set(pipelines.stop_words[f"stopwords-{lang}"])
        build = [pipelines.terms(lang, word) for word in words[lang]]
        assert answer["page"] == build, lang
        assert answer["notDropped"] == [], lang
        assert answer["kept"] == sum(1 for word in words[lang] if word not in stop_words), lang
        stemmed = [(word, raw) for word, raw in zip(words[lang], answer["raw"], strict=True) if word not in stop_words]
        differing = [word for word, raw in stemmed if [raw] != pipelines.terms(lang, word)]
        print(f"{lang}: {len(differing)} of {len(stemmed)} words stem differently in lunr-languages")
        assert len(differing) < 0.05 * len(stemmed), (lang, differing[:20])


def test_other_languages_get_the_same_terms_on_both_sides() -> None:
    words = ["東京都に", "«café»", "Ünïcödé", "ab😀cd", "𝐀lpha", "x-y", "...", "naïve"]
    pipelines = make_pipeline_set()
    assert browser_terms("ja", words) == [pipelines.terms("ja", word) for word in words]


def test_lunr_js_loads_every_partition_with_astral_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python's term order makes lunr.js throw "Out of order word insertion"; ours must not.

    Each compact partition is expanded by pipelines.js exactly as by ``expand_partition`` (the
    function the build-side tests check against lunr.py's own Builder), then loaded and queried.
    """
    astral = [article(f"a{n}", f"Teks {n}", f"ab😀cd{n} 𝐀{n} ｆｕｌｌ{n} \uffff{n} 𠀀{n}", "id") for n in range(30)]
    monkeypatch.setattr("generator.search.PARTITION_TARGET_BYTES", 400)
    files = search_files([*ARTICLES, *astral], SiteConfig(language="id"))
    meta = json.loads(files["search/meta.json"])
    partitions = {
        path: json.loads(data)
        for path, data in files.items()
        if path.startswith(("search/id/", "search/en/")) and "/words/" not in path and "/docs/" not in path
    }
    assert len(partitions) > 5
    all_terms = [term for path, p in partitions.items() if path.startswith("search/id/") for term in p["terms"]]
    assert all_terms == sorted(all_terms, key=js_order) != sorted(all_terms)
    python_order = expand_partition(
        {"terms": sorted(all_terms), "postings": [[[0], [1], [], []]] * len(all_terms)},
        FIELDS, pipeline_labels("id"), LUNR_JS_VERSION,
    )  # fmt: skip
    partitions["search/id/python-order"] = python_order
    terms = ["ab😀cd7", "𝐀3", "ｆｕｌｌ2"]
    answer = run_node(LOAD_AND_QUERY_JS, {"meta": meta, "partitions": partitions, "terms": terms})
    answers = answer["answers"]
    assert "Out of order word insertion" in answers.pop("search/id/python-order")
    assert all(isinstance(found, list) for found in answers.values()), answers
    found = {ref for refs_per_term in answers.values() for refs in refs_per_term for ref in refs}
    assert len(found) == 3
    for path, partition in partitions.items():
        if "python-order" not in path:
            language = path.split("/")[1]
            labels = meta["languages"][language]["pipeline"]
            assert answer["expanded"][path] == expand_partition(partition, FIELDS, labels, LUNR_JS_VERSION), path
            only = expand_partition(partition, FIELDS, labels, LUNR_JS_VERSION, only=[partition["terms"][-1]])
            assert answer["expanded"][path + " only"] == only, path
