# Set-up for the end-to-end run (sourced by scripts/e2e.sh): the pinned n8n, Debian's Chromium and
# playwright-core. Installs are cached under .e2e-work/ and reused when complete, so only a cold run
# pays for them. Expects Node 24 on PATH (scripts/toolchain.sh) and `step`/`fail` from the caller.

N8N_VERSION=${N8N_VERSION:-2.41.1}         # 2.41.3 (latest 2.41) is not installable from the registry here
PLAYWRIGHT_VERSION=${PLAYWRIGHT_VERSION:-1.65.2}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

N8N_DIR="$CACHE/n8n-$N8N_VERSION"
PLAYWRIGHT_DIR="$CACHE/playwright-core-$PLAYWRIGHT_VERSION"

# A cached install counts only once its stamp is written, so an interrupted install is redone.
install_n8n() {
	if [ -f "$N8N_DIR/.complete" ]; then
		echo "    cached: $N8N_DIR"
		return
	fi
	local started=$SECONDS installed
	rm -rf "$N8N_DIR" && mkdir -p "$N8N_DIR"
	echo '{"private":true}' > "$N8N_DIR/package.json"
	# Install scripts off: @confluentinc/kafka-javascript's would download zlib/openssl from the internet.
	(cd "$N8N_DIR" && npm install --ignore-scripts --no-audit --no-fund "n8n@$N8N_VERSION") \
		> "$LOGS/setup-n8n-install.log" 2>&1 || fail "npm install n8n@$N8N_VERSION" "$LOGS/setup-n8n-install.log"
	installed=$SECONDS
	# The two native modules n8n needs: sqlite3 compiles against Node 24's headers (npm_config_nodedir,
	# set by scripts/toolchain.sh), isolated-vm picks its bundled Node 24 prebuild.
	(cd "$N8N_DIR" && npm rebuild sqlite3 isolated-vm) \
		> "$LOGS/setup-n8n-rebuild.log" 2>&1 || fail "npm rebuild sqlite3 isolated-vm" "$LOGS/setup-n8n-rebuild.log"
	touch "$N8N_DIR/.complete"
	echo "    installed n8n@$N8N_VERSION, $(du -sh "$N8N_DIR" | cut -f1): npm install $((installed - started))s, rebuild $((SECONDS - installed))s"
}

# Debian's Chromium, plus an emoji font: the emulator's media descriptions carry emoji, which would
# otherwise show as boxes in the README's screenshots.
install_chromium() {
	local missing=()
	[ -x "$CHROMIUM" ] || missing+=(chromium)
	dpkg -s fonts-noto-color-emoji > /dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
	if [ ${#missing[@]} -gt 0 ]; then
		local sudo=''
		[ "$(id -u)" -eq 0 ] || sudo='sudo -n'
		(
			export DEBIAN_FRONTEND=noninteractive
			$sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
		) > "$LOGS/setup-chromium.log" 2>&1 || fail "apt-get install ${missing[*]}" "$LOGS/setup-chromium.log"
		[ -x "$CHROMIUM" ] || fail "chromium installed but $CHROMIUM is missing" "$LOGS/setup-chromium.log"
		echo "    installed ${missing[*]}"
	fi
	echo "    $("$CHROMIUM" --version 2> /dev/null)"
}

# Not a project dependency: only this run drives a browser, and Debian's Chromium replaces the
# browser download playwright would otherwise do.
install_playwright() {
	if [ -f "$PLAYWRIGHT_DIR/.complete" ]; then
		echo "    cached: $PLAYWRIGHT_DIR"
		return
	fi
	rm -rf "$PLAYWRIGHT_DIR" && mkdir -p "$PLAYWRIGHT_DIR"
	echo '{"private":true}' > "$PLAYWRIGHT_DIR/package.json"
	(cd "$PLAYWRIGHT_DIR" && npm install --ignore-scripts --no-audit --no-fund "playwright-core@$PLAYWRIGHT_VERSION") \
		> "$LOGS/setup-playwright.log" 2>&1 || fail "npm install playwright-core" "$LOGS/setup-playwright.log"
	touch "$PLAYWRIGHT_DIR/.complete"
	echo "    installed playwright-core@$PLAYWRIGHT_VERSION"
}
