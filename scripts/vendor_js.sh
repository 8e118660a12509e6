#!/usr/bin/env bash
# Refresh the theme's vendored JavaScript from the npm registry, unmodified.
#
# Pinned versions: the search index is written by lunr.py for lunr.js 2.3.9, and the
# Indonesian pipeline must stem like PySastrawi (tests/test_search_pipelines.py checks it),
# so a version bump is a deliberate edit here followed by `make test`.
# node_modules stays in a temporary folder: nothing from npm is committed but these files.
set -euo pipefail

LUNR_VERSION=2.3.9
SASTRAWIJS_VERSION=1.1.0
LUNR_LANGUAGES_VERSION=1.22.0
# lunr-languages' Snowball stemmers whose algorithm the build runs too (snowballstemmer):
# the languages generator/search/pipelines.py lists in SNOWBALL_LANGUAGES.
LUNR_LANGUAGES="da de es fi fr hu it nl no pt ro ru sv tr"

here="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$here/themes/default/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts --omit=dev \
  "lunr@$LUNR_VERSION" "sastrawijs@$SASTRAWIJS_VERSION" "lunr-languages@$LUNR_LANGUAGES_VERSION" >/dev/null

rm -rf "$vendor/lunr" "$vendor/sastrawijs" "$vendor/lunr-languages"
mkdir -p "$vendor/lunr" "$vendor/sastrawijs" "$vendor/lunr-languages"
cp node_modules/lunr/lunr.min.js node_modules/lunr/LICENSE "$vendor/lunr/"
cp node_modules/sastrawijs/dist/sastrawijs.umd.js node_modules/sastrawijs/LICENSE "$vendor/sastrawijs/"
cp node_modules/lunr-languages/LICENSE node_modules/lunr-languages/min/lunr.stemmer.support.min.js \
  "$vendor/lunr-languages/"
for language in $LUNR_LANGUAGES; do
  cp "node_modules/lunr-languages/min/lunr.$language.min.js" "$vendor/lunr-languages/"
done

(cd "$vendor" && sha256sum lunr/* sastrawijs/* lunr-languages/* > SHA256SUMS)

# The build side filters the same stop words as lunr-languages: take its lists from the files.
python3 - "$here/generator/search/stopwords.py" "$LUNR_LANGUAGES_VERSION" $LUNR_LANGUAGES <<'PYTHON'
import json, re, sys, textwrap
from pathlib import Path
target, version, languages = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
lines = [f'"""lunr-languages {version} stop words by language, as its files filter them; the build filters',
         '(and ships to the browser) exactly these. Written by scripts/vendor_js.sh: do not edit."""', "",
         "STOP_WORDS: dict[str, tuple[str, ...]] = {"]
for language in languages:
    source = Path(f"node_modules/lunr-languages/lunr.{language}.js").read_text(encoding="utf-8")
    (words,) = re.findall(r"generateStopWordFilter\(\s*(?:'([^']*)'|\"([^\"]*)\")\.split\(", source)
    quoted = ", ".join(json.dumps(word, ensure_ascii=False) for word in sorted(set("".join(words).split())))
    lines.append(f"    {language!r}: (")
    lines += textwrap.wrap(quoted + ",", width=110, initial_indent=" " * 8, subsequent_indent=" " * 8)
    lines.append("    ),")
lines.append("}")
target.write_text("\n".join(lines) + "\n", encoding="utf-8")
PYTHON
echo "vendored lunr $LUNR_VERSION, sastrawijs $SASTRAWIJS_VERSION, lunr-languages $LUNR_LANGUAGES_VERSION into $vendor"
