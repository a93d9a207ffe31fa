#!/usr/bin/env bash
# A real VS Code test (opt-in, heavy): code-server with the built .vsix installed,
# driven by playwright-core on Debian's Chromium. Opens a workspace holding a broken
# spec YAML, a broken .nwb and a valid one; asserts the Problems panel lists findings
# for both broken files; runs "NWB: Show Dependency Graph" and asserts the webview
# drew the graph; saves screenshots in e2e/out/.
#
#   bash vscode-client/e2e/run.sh            (as root on Debian: installs what it needs)
#
# Needs: Debian packages chromium, libkrb5-dev, ripgrep (installed with apt-get when
# missing), node 20, and a Python with nwb-lsp installed ($PYTHON, default python3).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CLIENT="$(dirname "$HERE")"
REPO="$(dirname "$CLIENT")"
CACHE="$HERE/.cache"
OUT="$HERE/out"
PYTHON="${PYTHON:-python3}"
CODE_SERVER_VERSION="4.100.3"   # the last line supporting node 20 (VS Code 1.100)
PLAYWRIGHT_VERSION="1.65.1"
mkdir -p "$CACHE" "$OUT"

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
  (cd "$CLIENT" && npm ci --no-audit --no-fund && npm run package)
fi

# code-server and playwright-core, installed into the cache folder (not globally).
# code-server's install runs nested npm installs whose scripts build native modules,
# so scripts are allowed for this folder only; @vscode/ripgrep's download (GitHub,
# unreachable here) is pre-seeded with Debian's rg in the cache its postinstall reads.
"$HERE/seed-ripgrep.sh"
if [[ ! -x "$CACHE/node_modules/.bin/code-server" ]]; then
  (cd "$CACHE" && [[ -f package.json ]] || echo '{"name":"nwb-lsp-e2e","private":true}' > "$CACHE/package.json"
   cd "$CACHE" && npm_config_unsafe_perm=true npm_config_yes=true \
     npm_config_dangerously_allow_all_scripts=true \
     npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" \
     "playwright-core@$PLAYWRIGHT_VERSION")
fi

export NWB_E2E_CACHE="$CACHE" NWB_E2E_OUT="$OUT" NWB_E2E_REPO="$REPO"
export NWB_E2E_VSIX="$CLIENT/nwb-lsp.vsix" NWB_E2E_PYTHON="$(command -v "$PYTHON")"
exec node "$HERE/drive.mjs"
