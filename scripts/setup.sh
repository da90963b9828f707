#!/usr/bin/env bash
# Installs everything a fresh Debian 12 machine needs to build and test Image Similarity, then builds.
# Usage: ./scripts/setup.sh [--bench]   (--bench also installs the benchmark peer onnxruntime-node)
set -euo pipefail
cd "$(dirname "$0")/.."

want_bench=0
for arg in "$@"; do
  case "$arg" in
    --bench) want_bench=1 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

# Debian packages, only where missing. chromium: the browser tests (playwright-core drives it).
# libkrb5-dev, ripgrep: code-server's native modules and its ripgrep (end-to-end tests).
# python3-skimage: the unit tests run the panel's "Copy Python" snippets under scikit-image, and
# the benchmarks compare against it.
apt_packages=(chromium libkrb5-dev ripgrep python3-skimage)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund
# Tools whose install scripts would download things live outside the main dependency tree.
if [ -f scripts/setupTools.sh ]; then bash scripts/setupTools.sh $([ "$want_bench" = 1 ] && echo --bench); fi
npm run build
echo "setup: done"
