#!/usr/bin/env bash
# A real VS Code test (opt-in, heavy): code-server with the built .vsix installed,
# driven by playwright-core on Debian's Chromium. Opens a workspace holding a broken
# spec YAML, broken .nwb files and a valid one; asserts the Problems panel lists the
# findings of each broken file; runs "NWB: Show Dependency Graph" and asserts the
# webview drew the graph (and its side panel, and broken links in red); on a
# real-sized session (written by pynwb) that no graph labels overlap, fonts render at
# 10 px or more, expanding and the focus view work, and a second open lays out the
# same; opens an .nwb
# from the Explorer in the NWB File editor (its finding inline, opened at its object,
# /specifications collapsed), and from a Problems row (at the finding's object);
# "Show File Tree as Text" (no duplicate findings);
# saves screenshots to e2e/screenshots/ and, with UPDATE_DOCS=1, copies three of them
# to docs/images/. Exits non-zero when any check fails.
#
#   bash vscode-client/e2e/run.sh       (as root on Debian: installs what it needs)
#
# Environment: PYTHON (default python3; must have nwb-lsp installed), REBUILD=0 to
# use an existing nwb-lsp.vsix, UPDATE_DOCS=1 to update docs/images, E2E_CACHE
# to install code-server elsewhere than e2e/.cache.
set -euo pipefail
start=$SECONDS
HERE="$(cd "$(dirname "$0")" && pwd)"
CLIENT="$(dirname "$HERE")"
REPO="$(dirname "$CLIENT")"
CACHE="${E2E_CACHE:-$HERE/.cache}"   # E2E_CACHE: another folder, e.g. to test a fresh install
SHOTS="$HERE/screenshots"
PYTHON="${PYTHON:-python3}"
CODE_SERVER_VERSION="4.100.3"   # VS Code 1.100; code-server 4.100 is the last line on node 20
PLAYWRIGHT_VERSION="1.65.1"
mkdir -p "$CACHE" "$SHOTS"

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if ((${#need[@]})); then
  echo "installing Debian packages: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
"$PYTHON" -c "import nwb_lsp" || { echo "nwb-lsp is not installed in $PYTHON"; exit 2; }

# The .vsix under test.
if [[ ! -f "$CLIENT/nwb-lsp.vsix" || "${REBUILD:-1}" == 1 ]]; then
  (cd "$CLIENT" && npm ci --no-audit --no-fund --no-progress && npm run package &&
    node scripts/check-vsix.mjs nwb-lsp.vsix >/dev/null)
fi

# code-server and playwright-core, into the cache folder (not globally). code-server's
# postinstall runs `npm install` in its lib/vscode, which builds native modules with
# node-gyp: the headers come from Debian's nodejs package (/usr/include/node) instead
# of a download, and install scripts are allowed for this folder only. @vscode/ripgrep's
# postinstall downloads rg from GitHub (unreachable); seed-ripgrep.sh puts Debian's rg
# in the download cache it reads first.
if [[ ! -x "$CACHE/node_modules/.bin/code-server" ]]; then
  echo "installing code-server@$CODE_SERVER_VERSION and playwright-core@$PLAYWRIGHT_VERSION into $CACHE"
  "$HERE/seed-ripgrep.sh"
  [[ -f "$CACHE/package.json" ]] || echo '{"name":"nwb-lsp-e2e","private":true}' > "$CACHE/package.json"
  if [[ -f /usr/include/node/common.gypi ]]; then export npm_config_nodedir=/usr; fi
  (cd "$CACHE" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm_config_dangerously_allow_all_scripts=true \
    npm install --no-audit --no-fund --no-progress \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION")
  rg_bin="$CACHE/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
  if [[ ! -x "$rg_bin" ]]; then
    echo "code-server installed without ripgrep ($rg_bin)"; exit 1
  fi
  echo "code-server installed in $((SECONDS - start))s"
fi

export NWB_E2E_CACHE="$CACHE" NWB_E2E_SHOTS="$SHOTS" NWB_E2E_REPO="$REPO"
export NWB_E2E_VSIX="$CLIENT/nwb-lsp.vsix" NWB_E2E_PYTHON="$(command -v "$PYTHON")"
node "$HERE/drive.mjs"

if [[ "${UPDATE_DOCS:-0}" == 1 ]]; then
  for pair in "problems.png vscode-problems.png" "graph.png vscode-graph.png" \
    "nwb-editor.png vscode-nwb-editor.png"; do
    read -r shot doc <<<"$pair"
    size=$(stat -c %s "$SHOTS/$shot")
    if ((size > 300 * 1024)); then
      echo "$shot is $((size / 1024)) KB, over the 300 KB allowed in docs/images"; exit 1
    fi
    cp "$SHOTS/$shot" "$REPO/docs/images/$doc"
    echo "docs/images/$doc: $((size / 1024)) KB"
  done
fi
echo "e2e passed in $((SECONDS - start))s"
