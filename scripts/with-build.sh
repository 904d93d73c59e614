#!/usr/bin/env bash
# Builds dist/ (quietly) and then runs the given command: the demo and the benchmark load the node
# exactly as n8n would, from the compiled package.
set -euo pipefail
npm run --silent build >/dev/null
exec "$@"
