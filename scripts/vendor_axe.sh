#!/usr/bin/env bash
# Refresh tests/vendor/axe-core/ from the axe-core npm package: axe.min.js exactly as published,
# with its licence (MPL-2.0), the version and checksums. The browser tests inject this file into
# each page type; nothing from it ships in the site.
#
#   scripts/vendor_axe.sh            # the version pinned below
#   AXE_VERSION=4.14.1 scripts/vendor_axe.sh
set -euo pipefail

VERSION="${AXE_VERSION:-4.14.1}"
DEST="$(cd "$(dirname "$0")/.." && pwd)/tests/vendor/axe-core"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
# npm pack fetches the published tarball and checks it against the registry's integrity hash;
# nothing is installed and no package script runs.
TARBALL="$(npm pack --silent "axe-core@${VERSION}")"
tar -xzf "$TARBALL"
test -f package/axe.min.js && test -f package/LICENSE

mkdir -p "$DEST"
cp package/axe.min.js package/LICENSE "$DEST/"
echo "$VERSION" > "$DEST/VERSION"
(cd "$DEST" && sha256sum axe.min.js LICENSE > SHA256SUMS)
echo "axe-core $VERSION -> $DEST"
