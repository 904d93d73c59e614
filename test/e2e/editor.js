/**
 * The editor check, in headless Chromium (Debian's package) driven by playwright-core. Plain
 * JavaScript: playwright-core is installed by the e2e set-up, not a project dependency, so there are
 * no types to check this file against.
 *
 *   NODE_PATH=<playwright-core>/node_modules CHROMIUM=/usr/bin/chromium \
 *     node test/e2e/editor.js --base <url> --plan <run.json> --counts <expected-counts.json> --shots <dir>
 *
 * Signs in as the owner the REST check created, opens the workflow, finds "Google Photos" and its
 * Batch Get action in the node creator, executes the workflow from the UI and reads the item counts
 * on both output branches, then checks the node panel (credential selector, parameters, options).
 * Writes editor-canvas.png and editor-node-panel.png (for the README) and a few more into --shots.
 * Selectors are the data-test-ids of n8n 2.41's editor.
 */
const { chromium } = require('playwright-core');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseArgs } = require('node:util');

const { values } = parseArgs({
	options: {
		base: { type: 'string' },
		plan: { type: 'string' },
		counts: { type: 'string' },
		shots: { type: 'string' },
	},
});
const plan = JSON.parse(readFileSync(values.plan, 'utf8'));
const counts = JSON.parse(readFileSync(values.counts, 'utf8'));
// Same owner as test/e2e/lib/n8nRest.ts.
const OWNER = { email: 'e2e@example.com', password: 'E2eTest-Passw0rd!' };
const NODE_TYPE = 'n8n-nodes-google-photos.googlePhotos';
const STEP_TIMEOUT = 60_000;

const t0 = Date.now();
const log = (message) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);
const ok = (message) => log(`✓ ${message}`);
const testId = (id) => `[data-test-id="${id}"]`;
const itemsLabel = (count) => (count === 1 ? '1 item' : `${count} items`);

/** A screenshot without n8n's toasts ("Workflow executed successfully") over it. */
async function screenshot(page, name) {
	const toasts = page.locator('.el-notification');
	for (const close of await toasts.locator('.el-notification__closeBtn').all()) {
		await close.click().catch(() => {}); // it may be fading out already
	}
	await toasts.first().waitFor({ state: 'hidden' });
	await page.waitForTimeout(300);
	await page.screenshot({ path: join(values.shots, name) });
}

function expect(condition, message) {
	if (!condition) throw new Error(message);
}

async function signIn(page) {
	await page.goto(`${values.base}/signin`);
	await page.locator('input[type="email"]').fill(OWNER.email);
	await page.locator('input[type="password"]').fill(OWNER.password);
	await page.locator(testId('form-submit-button')).click();
	await page.waitForURL((url) => !url.pathname.includes('signin'));
	ok(`signed in as ${OWNER.email}`);
}

/** Our node as n8n serves it to the editor: the Batch Get action's label and the option names. */
async function ourNodeType(page) {
	const response = await page.request.get(`${values.base}/types/nodes.json`);
	const node = (await response.json()).find((type) => type.name === NODE_TYPE);
	expect(node, `${NODE_TYPE} is not in /types/nodes.json`);
	const operation = node.properties.find((property) => property.name === 'operation');
	const batchGet = operation.options.find((option) => option.value === 'batchGet');
	const options = node.properties.find((property) => property.name === 'options');
	return {
		batchGetAction: batchGet.action,
		// Options with display conditions (e.g. those of Download Media) appear only once those hold.
		optionNames: options.options
			.filter((option) => option.displayOptions === undefined)
			.map((option) => option.displayName),
	};
}

async function openWorkflow(page) {
	await page.goto(`${values.base}/workflow/${plan.workflowId}`);
	const node = page.locator(
		`${testId('canvas-node')}[data-node-name="${plan.nodes.googlePhotos}"]`,
	);
	await node.waitFor();
	const rendered = await page.locator(testId('canvas-node')).count();
	expect(
		rendered === plan.nodes.count,
		`canvas shows ${rendered} nodes, the workflow has ${plan.nodes.count}`,
	);
	const text = await node.innerText();
	expect(/Media Items/.test(text) && /Errors/.test(text), `the node's outputs read "${text}"`);
	const iconLoaded = await node
		.locator('img')
		.first()
		.evaluate((img) =>
			img.decode().then(
				() => img.src.includes('/icons/n8n-nodes-google-photos/'),
				() => false,
			),
		);
	expect(iconLoaded, "the node's icon did not load");
	ok(
		`canvas: ${rendered} nodes, "${plan.nodes.googlePhotos}" with its icon and outputs Media Items / Errors`,
	);
	return node;
}

async function findInNodeCreator(page, batchGetAction) {
	await page.locator(testId('node-creator-plus-button')).click();
	await page.locator(`input${testId('node-creator-search-bar')}`).fill('Google Photos');
	const result = page.locator(testId('item-iterator-item'), { hasText: 'Google Photos' }).first();
	await result.waitFor();
	await result.click();
	await page.locator(testId('node-creator')).getByText(batchGetAction, { exact: true }).waitFor();
	await screenshot(page, 'node-creator.png');
	ok(`node creator: "Google Photos" → action "${batchGetAction}" (Batch Get)`);
	// Escape steps back through the creator's views before it closes.
	const creator = page.locator(testId('node-creator'));
	for (let presses = 0; presses < 4 && (await creator.isVisible()); presses++) {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
	}
	await creator.waitFor({ state: 'hidden' });
}

/** Executes from the canvas button and waits for the item counts on both output edges. */
async function executeFromCanvas(page) {
	const edgeLabel = (target) =>
		page.locator(
			`${testId('edge-label')}[data-source-node-name="${plan.nodes.googlePhotos}"][data-target-node-name="${target}"]`,
		);
	const found = edgeLabel(plan.nodes.mediaItems);
	const failed = edgeLabel(plan.nodes.errors);
	const before = `${await found.innerText()}${await failed.innerText()}`.trim();
	expect(before === '', `the output edges show "${before}" before the run`);
	await page.locator(testId('execute-workflow-button')).click();
	await found.filter({ hasText: itemsLabel(counts.mediaItems) }).waitFor();
	await failed.filter({ hasText: itemsLabel(counts.errors) }).waitFor();
	ok(
		`executed from the UI: Media Items → "${(await found.innerText()).trim()}", ` +
			`Errors → "${(await failed.innerText()).trim()}"`,
	);
	await page.mouse.move(5, 450); // no hover highlight in the screenshot
	await screenshot(page, 'editor-canvas.png');
}

async function checkNodePanel(page, node, optionNames) {
	await node.dblclick();
	const ndv = page.locator(testId('ndv'));
	await ndv.waitFor();
	const credential = ndv.locator(testId('node-credentials-select'));
	await credential.waitFor();
	const credentialName = await credential.locator('input').inputValue();
	expect(
		credentialName === plan.credentials.emulator.name,
		`credential selector shows "${credentialName}", expected "${plan.credentials.emulator.name}"`,
	);
	const value = async (parameter) =>
		(
			await ndv
				.locator(testId(`parameter-input-${parameter}`))
				.first()
				.innerText()
		).trim() ||
		(await ndv
			.locator(`${testId(`parameter-input-${parameter}`)} input`)
			.first()
			.inputValue());
	const resource = await value('resource');
	const operation = await value('operation');
	expect(
		resource === 'Media Item' && operation === 'Batch Get',
		`Resource "${resource}", Operation "${operation}"`,
	);
	await ndv.locator(testId('parameter-input-mediaItemIds')).waitFor();

	// Options the workflow sets show as parameters; "Add option" lists the others.
	const shown = await ndv.locator(testId('node-parameters')).innerText();
	await ndv.locator(testId('collection-parameter-add')).click();
	const menu = page.locator('.el-select-dropdown:visible, [role="listbox"]:visible').last();
	await menu.waitFor();
	const listed = await menu.innerText();
	const missing = optionNames.filter((name) => !listed.includes(name) && !shown.includes(name));
	expect(
		missing.length === 0,
		`options missing from the panel: ${missing.join(', ')}; "Add option" lists: ${listed.replace(/\s+/g, ' ')}`,
	);
	await page.keyboard.press('Escape');
	await menu.waitFor({ state: 'hidden' });
	// After the run the output pane offers one tab per output, with its item count.
	const output = ndv.locator(testId('output-panel'));
	for (const [name, count] of [
		['Media Items', counts.mediaItems],
		['Errors', counts.errors],
	]) {
		await output.getByText(`${name} Branch (${itemsLabel(count)})`).waitFor();
	}
	ok(
		`node panel: output tabs "Media Items Branch (${itemsLabel(counts.mediaItems)})", ` +
			`"Errors Branch (${itemsLabel(counts.errors)})"`,
	);
	ok(
		`node panel: credential "${credentialName}", Resource ${resource}, Operation ${operation}, ` +
			`Media Item IDs, options ${optionNames.join(', ')}`,
	);
	await screenshot(page, 'editor-node-panel.png');
}

async function main() {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	log(`Chromium ${browser.version()}`);
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	page.setDefaultTimeout(STEP_TIMEOUT);
	page.on('pageerror', (error) => log(`page error: ${error.message.slice(0, 200)}`));
	try {
		await signIn(page);
		const { batchGetAction, optionNames } = await ourNodeType(page);
		const node = await openWorkflow(page);
		await findInNodeCreator(page, batchGetAction);
		await executeFromCanvas(page);
		await checkNodePanel(page, node, optionNames);
	} catch (error) {
		await page.screenshot({ path: join(values.shots, 'failure.png') }).catch(() => {});
		throw error;
	} finally {
		await browser.close();
	}
}

main().catch((error) => {
	log(`✗ ${error.message.split('\n')[0]} (screenshot: ${join(values.shots, 'failure.png')})`);
	process.exit(1);
});
