#!/usr/bin/env bash
# Pre-seed the download cache of @vscode/ripgrep (a dependency of the VS Code inside
# code-server) with Debian's rg: its postinstall looks for
#   $TMPDIR/vscode-ripgrep-cache-<package version>/ripgrep-<rg release>-<target>.tar.gz
# before downloading from GitHub, which is unreachable here. The versions below are
# the ones code-server 4.100.3 uses (@vscode/ripgrep 1.15.11, ripgrep v13.0.0-10).
set -euo pipefail
RG="$(command -v rg)"
TMP="${TMPDIR:-/tmp}"
work="$(mktemp -d)"
cp "$RG" "$work/rg"
for pair in "1.15.11 v13.0.0-10"; do
  read -r package release <<<"$pair"
  dir="$TMP/vscode-ripgrep-cache-$package"
  mkdir -p "$dir"
  tar -czf "$dir/ripgrep-$release-x86_64-unknown-linux-musl.tar.gz" -C "$work" rg
done
rm -rf "$work"
