#!/usr/bin/env bash
# Tools kept outside the main dependency tree because their install scripts would download
# something (nothing is downloaded at run time): code-server (end-to-end tests) and, with --bench, onnxruntime-node (a
# benchmark peer). Each goes into its own folder under .tools/ with a pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."
want_bench=0
[ "${1:-}" = "--bench" ] && want_bench=1
mkdir -p .tools

# code-server 4.100.3 = VS Code 1.100.3, the newest release whose engines accept Node 20 (docs/ARCHITECTURE.md, "Tests").
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
  # npm 11 runs dependencies' install scripts only when approved (allowScripts): code-server's
  # postinstall installs and links VS Code's server modules; argon2 builds its native binding.
  echo '{"name":"imsim-tools-code-server","private":true,"allowScripts":{"code-server":true,"argon2":true}}' > .tools/code-server/package.json
  (cd .tools/code-server && TMPDIR="$tmp" npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --no-save "code-server@$CODE_SERVER_VERSION" >/dev/null)
  rm -rf "$tmp"
fi
# Verify the install instead of trusting npm's exit code: a skipped postinstall leaves code-server
# without its VS Code modules (no node_modules.asar link, no native pty, no rg), and it would only
# fail later, inside the end-to-end tests.
vscode_dir=.tools/code-server/node_modules/code-server/lib/vscode
for f in "$vscode_dir/node_modules.asar" "$vscode_dir/node_modules/node-pty/build/Release/pty.node" "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg"; do
  if [ ! -e "$f" ]; then
    echo "setup: code-server's install scripts did not run ($f is missing)." >&2
    echo "setup: remove .tools/code-server and rerun; if npm still skips them, run: (cd .tools/code-server && npm install-scripts approve --all)" >&2
    exit 1
  fi
done
cs_check_home="$(mktemp -d)"
if ! XDG_CONFIG_HOME="$cs_check_home" XDG_DATA_HOME="$cs_check_home" .tools/code-server/node_modules/.bin/code-server --version >/dev/null 2>&1; then
  rm -rf "$cs_check_home"
  echo "setup: .tools/code-server does not start (code-server --version failed)." >&2
  exit 1
fi
rm -rf "$cs_check_home"

if [ "$want_bench" = 1 ] && [ ! -d ".tools/bench/node_modules/onnxruntime-node" ]; then
  echo "setup: installing onnxruntime-node (bench peer) into .tools/bench"
  mkdir -p .tools/bench
  [ -f .tools/bench/package.json ] || echo '{"name":"imsim-tools-bench","private":true}' > .tools/bench/package.json
  (cd .tools/bench && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --no-save onnxruntime-node@1.30.0 >/dev/null)
fi
