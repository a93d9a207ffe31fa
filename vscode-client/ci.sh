#!/usr/bin/env bash
# Build and check the VS Code extension on a fresh machine (node 20 + npm, nothing
# installed globally): install exactly the locked packages, type-check, lint, run the
# unit tests, package the .vsix, check what the .vsix contains, and check that the
# graph viewer committed in the Python package (nwb-lsp graph --format html) is what
# these sources build. Exits non-zero on any failure. Run from anywhere; .ci/run
# calls it.
set -euo pipefail
cd "$(dirname "$0")"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
start=$SECONDS
stage() { printf '\n== %s (%ss)\n' "$1" "$((SECONDS - start))"; }

node -e 'const [major] = process.versions.node.split("."); if (+major < 20) { console.error(`node ${process.version}: need node 20 or newer`); process.exit(1); }'

stage "npm ci"
npm ci --no-progress
stage "npm test: type-check, lint, unit tests"
npm test
stage "npm run package"
rm -f nwb-lsp.vsix
npm run package
stage "checking the .vsix"
node scripts/check-vsix.mjs nwb-lsp.vsix
stage "the committed graph viewer of nwb-lsp graph --format html"
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
node esbuild.mjs --viewer-asset "$fresh"
assets=../server/nwb_lsp/hdf5/assets
for name in graph-viewer.js graph-viewer.css; do
  if ! cmp -s "$fresh/$name" "$assets/$name"; then
    echo "ci.sh: $assets/$name is stale: run 'node esbuild.mjs --viewer-asset' in vscode-client and commit it" >&2
    exit 1
  fi
done
printf 'graph viewer asset: %s bytes (js), %s bytes (css)\n' "$(wc -c <"$assets/graph-viewer.js")" "$(wc -c <"$assets/graph-viewer.css")"
printf '\nci.sh: all passed in %ss\n' "$((SECONDS - start))"
