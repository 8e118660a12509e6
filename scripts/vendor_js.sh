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

here="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$here/themes/default/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts --omit=dev \
  "lunr@$LUNR_VERSION" "sastrawijs@$SASTRAWIJS_VERSION" >/dev/null

rm -rf "$vendor/lunr" "$vendor/sastrawijs"
mkdir -p "$vendor/lunr" "$vendor/sastrawijs"
cp node_modules/lunr/lunr.min.js node_modules/lunr/LICENSE "$vendor/lunr/"
cp node_modules/sastrawijs/dist/sastrawijs.umd.js node_modules/sastrawijs/LICENSE "$vendor/sastrawijs/"

(cd "$vendor" && sha256sum lunr/* sastrawijs/* > SHA256SUMS)
echo "vendored lunr $LUNR_VERSION and sastrawijs $SASTRAWIJS_VERSION into $vendor"
