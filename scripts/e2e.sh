#!/usr/bin/env bash
# End-to-end proof in a real n8n (issue 9): installs our package into n8n the way n8n installs a
# community package, then drives it through the CLI, the REST API and the editor in headless Chromium,
# against the Google Photos emulator. See test/e2e/README.md for what each check asserts.
#
#   npm run test:e2e [-- --workflow <file>]
#
# Environment: E2E_WORK (cache + run folder, default ~/.cache/n8n-nodes-google-photos-e2e; must not be
# inside a folder tree with a node_modules, which would leak modules into n8n), N8N_VERSION (2.41.1).
# Needs Node 24 on PATH: package.json runs it through scripts/toolchain.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
E2E="$ROOT/test/e2e"
WORKFLOW=''
while [ $# -gt 0 ]; do
	case "$1" in
		--workflow) WORKFLOW=$(realpath "$2"); shift 2 ;;
		*) echo "unknown argument: $1 (usage: e2e.sh [--workflow <file>])" >&2; exit 2 ;;
	esac
done
# Any workflow of the example's shape whose ids come from the example's emulator library will do.
WORKFLOW=${WORKFLOW:-$ROOT/examples/batch-get-media-items.workflow.json}
[ -f "$WORKFLOW" ] || { echo "no workflow at $WORKFLOW" >&2; exit 2; }

WORK=${E2E_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-google-photos-e2e}
CACHE="$WORK/cache"
RUN="$WORK/run"
LOGS="$RUN/logs"
T0=$(date +%s)
CURRENT_STEP='start'
STARTED_GROUPS=()

step() {
	CURRENT_STEP=$*
	echo "=== [$(($(date +%s) - T0))s] $*"
}

# Stops with the failing log's tail; the EXIT trap then says where all logs are.
fail() {
	echo "✗ $1" >&2
	if [ -n "${2:-}" ] && [ -f "$2" ]; then
		echo "--- last lines of $2:" >&2
		tail -n 25 "$2" >&2
	fi
	exit 1
}

# Long-running helpers get their own process group (setsid), so cleanup also reaches their children
# (n8n's task runner). Chromium is the exception: Playwright starts it in a group of its own, and it
# exits when its pipe to Playwright closes with the browser check's group. Commands run in the
# background and are waited for, so that a signal to this script interrupts the wait and the trap
# runs at once.
start_group() {
	local log=$1
	shift
	setsid "$@" > "$log" 2>&1 < /dev/null &
	STARTED_GROUPS+=("$!")
	LAST_PID=$!
}

run_logged() {
	local log=$1
	shift
	start_group "$log" "$@"
	wait "$LAST_PID"
}

stop_group() {
	local pid=$1 waited=0
	kill -TERM -- "-$pid" 2> /dev/null || return 0
	while kill -0 -- "-$pid" 2> /dev/null && [ "$waited" -lt 100 ]; do
		sleep 0.1
		waited=$((waited + 1))
	done
	kill -KILL -- "-$pid" 2> /dev/null || true
}

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	for pid in "${STARTED_GROUPS[@]}"; do stop_group "$pid"; done
	if [ "$status" -ne 0 ]; then
		echo "✗ e2e FAILED during \"$CURRENT_STEP\" after $(($(date +%s) - T0))s (exit $status)" >&2
		if [ -d "$LOGS" ]; then
			echo "  logs: $LOGS" >&2
			ls -1 "$LOGS" | sed 's/^/    /' >&2
			echo "  screenshots (the browser check's failure.png among them): $RUN/shots" >&2
		fi
	else
		echo "✓ e2e passed in $(($(date +%s) - T0))s (logs: $LOGS)"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
	node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

wait_for() {
	local what=$1 seconds=$2 pid=$3 log=$4
	shift 4
	local deadline=$(($(date +%s) + seconds))
	until "$@" 2> /dev/null; do
		kill -0 "$pid" 2> /dev/null || fail "$what: the process exited" "$log"
		[ "$(date +%s)" -lt "$deadline" ] || fail "$what: not ready after ${seconds}s" "$log"
		sleep 0.3
	done
}

# ---------------------------------------------------------------------------------------------------
step "0. set-up checks"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 24 ] \
	|| fail "Node $(node -v) on PATH; run through scripts/toolchain.sh (npm run test:e2e does)"
# Node resolves modules from every ancestor's node_modules, and n8n adds its own ancestors to
# NODE_PATH: under this repository, our devDependencies would hide a missing runtime dependency.
dir=$(realpath -m "$WORK")
while [ "$dir" != / ]; do
	dir=$(dirname "$dir")
	[ ! -d "$dir/node_modules" ] || fail "E2E_WORK=$WORK: $dir/node_modules would leak modules into n8n"
done
rm -rf "$RUN" && mkdir -p "$LOGS" "$CACHE" "$RUN/shots" "$ROOT/docs"
echo "    work folder $WORK, workflow $(realpath --relative-to="$ROOT" "$WORKFLOW")"
source "$E2E/setup.sh"

step "1. n8n@$N8N_VERSION"
install_n8n
N8N_BIN="$N8N_DIR/node_modules/.bin/n8n"

step "2. Chromium and playwright-core"
install_chromium
install_playwright

step "3. build, npm pack, install the package as n8n installs a community package"
(cd "$ROOT" && npm run --silent build) > "$LOGS/build.log" 2>&1 || fail "npm run build" "$LOGS/build.log"
PKG_NAME=$(node -p "require('$ROOT/package.json').name")
TGZ=$(cd "$ROOT" && npm pack --silent --pack-destination "$RUN" 2>> "$LOGS/build.log" | tail -n 1)
export N8N_USER_FOLDER="$RUN/home"
PKG_DIR="$N8N_USER_FOLDER/.n8n/nodes/node_modules/$PKG_NAME"
mkdir -p "$PKG_DIR"
tar -xzf "$RUN/$TGZ" -C "$PKG_DIR" --strip-components=1
# n8n 2.41's CommunityPackagesService.downloadPackage, step by step: drop dev/peer/optional
# dependencies, install with its exact flags, and record the package in ~/.n8n/nodes/package.json.
node -e "
	const fs = require('fs'), file = '$PKG_DIR/package.json', p = JSON.parse(fs.readFileSync(file, 'utf8'));
	delete p.devDependencies; delete p.peerDependencies; delete p.optionalDependencies;
	fs.writeFileSync(file, JSON.stringify(p, null, 2));"
(cd "$PKG_DIR" && npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow \
	--ignore-scripts=true --package-lock=false) \
	> "$LOGS/package-install.log" 2>&1 || fail "npm install in the package folder" "$LOGS/package-install.log"
node -e "
	const fs = require('fs'), file = '$N8N_USER_FOLDER/.n8n/nodes/package.json';
	const nodes = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { name: 'installed-nodes', private: true };
	nodes.dependencies = { ...nodes.dependencies, '$PKG_NAME': require('$PKG_DIR/package.json').version };
	fs.writeFileSync(file, JSON.stringify(nodes, null, 2));"
echo "    $TGZ → $PKG_DIR ($(du -sh "$PKG_DIR" | cut -f1))"

step "4. pack test: load every class of the n8n block from the installed copy"
# n8n puts its own module paths on NODE_PATH before loading packages; peers resolve from there.
NODE_PATH="$N8N_DIR/node_modules/n8n/node_modules:$N8N_DIR/node_modules" \
	tsx "$E2E/pack-test.ts" "$PKG_DIR" "$N8N_DIR" || fail "pack test"

step "5. emulator"
start_group "$LOGS/emulator.log" tsx "$E2E/emulator-process.ts" --state "$RUN/emulator-state.json"
EMULATOR_PID=$LAST_PID
wait_for "emulator" 30 "$EMULATOR_PID" "$LOGS/emulator.log" test -f "$RUN/emulator-state.json"
head -n 1 "$LOGS/emulator.log" | sed 's/^/    /'

# --- n8n's environment: loopback only, nothing phones home, free ports (never 5679, the broker's default).
N8N_PORT=$(free_port)
BROKER_PORT=$(free_port)
export DB_TYPE=sqlite N8N_LOG_LEVEL=info N8N_LOG_OUTPUT=console N8N_DISABLED_MODULES=mcp-registry \
	N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false \
	N8N_PERSONALIZATION_ENABLED=false N8N_HIRING_BANNER_ENABLED=false \
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS=true \
	N8N_LISTEN_ADDRESS=127.0.0.1 N8N_HOST=127.0.0.1 N8N_PORT N8N_PROTOCOL=http N8N_SECURE_COOKIE=false \
	N8N_RUNNERS_BROKER_LISTEN_ADDRESS=127.0.0.1 N8N_RUNNERS_BROKER_PORT="$BROKER_PORT"

step "6. n8n import:credentials + import:workflow"
tsx "$E2E/prepare-imports.ts" --state "$RUN/emulator-state.json" --workflow "$WORKFLOW" --out "$RUN" \
	| sed 's/^/    /'
WORKFLOW_ID=$(node -p "require('$RUN/run.json').workflowId")
run_logged "$LOGS/import-credentials.log" "$N8N_BIN" import:credentials --input="$RUN/credentials.json" \
	|| fail "n8n import:credentials" "$LOGS/import-credentials.log"
run_logged "$LOGS/import-workflow.log" "$N8N_BIN" import:workflow --input="$WORKFLOW" \
	|| fail "n8n import:workflow" "$LOGS/import-workflow.log"
tail -n 1 "$LOGS/import-credentials.log" | sed 's/^/    /'
tail -n 1 "$LOGS/import-workflow.log" | sed 's/^/    /'

step "7. n8n execute --id $WORKFLOW_ID: both outputs"
run_logged "$LOGS/execute.log" "$N8N_BIN" execute --id="$WORKFLOW_ID" --rawOutput \
	|| fail "n8n execute" "$LOGS/execute.log"
tsx "$E2E/check-cli-run.ts" --state "$RUN/emulator-state.json" --plan "$RUN/run.json" \
	--output "$LOGS/execute.log" --counts "$RUN/expected-counts.json" || fail "CLI run check" "$LOGS/execute.log"

step "8. n8n start"
# The server must refresh the stored token at the emulator's token endpoint (step 9 expires it).
# Only CREDENTIALS_OVERWRITE_DATA can point it there: n8n resets the hidden accessTokenUrl to
# Google's, and n8n execute does not apply overwrites, which is why the refresh is proven here.
TOKEN_URL=$(node -p "require('$RUN/emulator-state.json').tokenUrl")
CREDENTIALS_OVERWRITE_DATA="{\"googlePhotosOAuth2Api\":{\"accessTokenUrl\":\"$TOKEN_URL\"}}" \
	start_group "$LOGS/n8n-start.log" "$N8N_BIN" start
N8N_PID=$LAST_PID
BASE="http://127.0.0.1:$N8N_PORT"
wait_for "n8n start" 120 "$N8N_PID" "$LOGS/n8n-start.log" curl -sf "$BASE/healthz/readiness" -o /dev/null
echo "    $BASE ready (pid $N8N_PID)"

step "9. REST: types, refresh through the emulator, credential test"
tsx "$E2E/check-server.ts" --base "$BASE" --state "$RUN/emulator-state.json" --plan "$RUN/run.json" \
	--n8n-dir "$N8N_DIR" --n8n-log "$LOGS/n8n-start.log" || fail "server checks" "$LOGS/n8n-start.log"

step "10. editor in headless Chromium"
run_logged "$LOGS/editor.log" env NODE_PATH="$PLAYWRIGHT_DIR/node_modules" CHROMIUM="$CHROMIUM" \
	node "$E2E/editor.js" --base "$BASE" --plan "$RUN/run.json" --counts "$RUN/expected-counts.json" \
	--shots "$RUN/shots" || fail "editor check" "$LOGS/editor.log"
sed 's/^/    /' "$LOGS/editor.log"
cp "$RUN/shots/editor-canvas.png" "$RUN/shots/editor-node-panel.png" "$ROOT/docs/"
echo "    screenshots → docs/editor-canvas.png, docs/editor-node-panel.png"

step "11. stop n8n and the emulator"
