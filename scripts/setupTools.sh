#!/usr/bin/env bash
# Tools kept outside the main dependency tree because their install scripts would download
# something (DESIGN.md): code-server (end-to-end tests) and, with --bench, onnxruntime-node (a
# benchmark peer). Each goes into its own folder under .tools/ with a pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."
want_bench=0
[ "${1:-}" = "--bench" ] && want_bench=1
mkdir -p .tools

# code-server 4.100.3 = VS Code 1.100.3, the newest release whose engines accept Node 20 (E2E.md).
CODE_SERVER_VERSION=4.100.3
if [ ! -x ".tools/code-server/node_modules/.bin/code-server" ]; then
  echo "setup: installing code-server@$CODE_SERVER_VERSION into .tools/code-server"
  tmp="$(mktemp -d)"
  # @vscode/ripgrep's postinstall downloads rg from GitHub; seed its cache with Debian's rg instead.
  cache="$tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache/pack"
  cp "$(command -v rg)" "$cache/pack/rg"
  tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$cache/pack" rg
  mkdir -p .tools/code-server
  [ -f .tools/code-server/package.json ] || echo '{"name":"imsim-tools-code-server","private":true}' > .tools/code-server/package.json
  (cd .tools/code-server && TMPDIR="$tmp" npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" >/dev/null)
  rm -rf "$tmp"
fi

if [ "$want_bench" = 1 ] && [ ! -d ".tools/bench/node_modules/onnxruntime-node" ]; then
  echo "setup: installing onnxruntime-node (bench peer) into .tools/bench"
  mkdir -p .tools/bench
  [ -f .tools/bench/package.json ] || echo '{"name":"imsim-tools-bench","private":true}' > .tools/bench/package.json
  (cd .tools/bench && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --no-save onnxruntime-node@1.30.0 >/dev/null)
fi
