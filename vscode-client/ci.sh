#!/usr/bin/env bash
# Build and check the VS Code extension on a fresh machine (node 20 + npm):
# install exactly the locked packages, type-check, lint, unit-test, package the .vsix,
# and check what the .vsix contains. Run from anywhere; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
npm ci --no-progress
npm test
npm run package
python3 - nwb-lsp.vsix <<'PY'
import json, sys, zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = {
    "extension/package.json",
    "extension/dist/extension.js",
    "extension/dist/webview.js",
    "extension/dist/webview.css",
    "extension/readme.md",
}
missing = need - names
stray = [n for n in names if "/node_modules/" in n or "/src/" in n or n.endswith(".map")]
manifest = json.loads(zipfile.ZipFile(sys.argv[1]).read("extension/package.json"))
commands = {c["command"] for c in manifest["contributes"]["commands"]}
want = {"nwb.validateFile", "nwb.truncateFile", "nwb.showGraph", "nwb.showTreeView",
        "nwb.findReferencesTo", "nwb.exportModelsOf", "nwb.restartServer"}
problems = []
if missing:
    problems.append(f"missing from the .vsix: {sorted(missing)}")
if stray:
    problems.append(f"should not be in the .vsix: {sorted(stray)[:5]}")
if not want <= commands:
    problems.append(f"commands not contributed: {sorted(want - commands)}")
if problems:
    sys.exit("\n".join(problems))
print(f"nwb-lsp.vsix: {len(names)} files, contents checked")
PY
