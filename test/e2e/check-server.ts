/**
 * Checks against a running `n8n start` (REST API, as the editor uses it):
 *
 * 1. our node and credential types are registered under the package's name, with codex and icons;
 *    n8n's log says nothing bad about the package;
 * 2. once the emulator expires the stored access token, a run still succeeds: n8n refreshes once at
 *    the emulator's token endpoint and retries with the new token; a second run reuses the stored
 *    token without a refresh; both executions (read back over REST) have exactly the expected outputs;
 * 3. the credential's Test passes for a good token and fails with our message for a token whose
 *    scopes Google removed.
 *
 *   tsx test/e2e/check-server.ts --base <url> --state <f> --plan <f> --n8n-dir <dir> --n8n-log <f>
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import {
	CREDENTIAL_BLANKING_VALUE,
	type ExecutionStatus,
	type ICredentialType,
	type INodeTypeDescription,
	type IRunExecutionData,
} from 'n8n-workflow';

import {
	bearerOf,
	expireAccessToken,
	fetchEmulatorLog,
	readEmulatorState,
	type LoggedRequest,
} from './lib/emulatorState';
import { N8nRest } from './lib/n8nRest';
import { checkWorkflowOutputs } from './lib/runData';
import { readRunPlan, type RunPlan } from './lib/runPlan';
import { CREDENTIAL_TYPE, NODE_TYPE, PACKAGE_NAME, readWorkflow, shapeOf } from './lib/workflow';

const { values } = parseArgs({
	options: {
		base: { type: 'string' },
		state: { type: 'string' },
		plan: { type: 'string' },
		'n8n-dir': { type: 'string' },
		'n8n-log': { type: 'string' },
	},
});
if (!values.base || !values.state || !values.plan || !values['n8n-dir'] || !values['n8n-log']) {
	console.error(
		'usage: check-server.ts --base <url> --state <f> --plan <f> --n8n-dir <d> --n8n-log <f>',
	);
	process.exit(2);
}
const n8nLogPath = values['n8n-log'];
const state = readEmulatorState(values.state);
const plan = readRunPlan(values.plan);
const workflow = readWorkflow(plan.workflowPath);
const shape = shapeOf(workflow);
const rest = new N8nRest(values.base);
// Executions come back in the format n8n stores them in; read it with n8n's own copy of flatted.
const flatted = createRequire(join(values['n8n-dir'], 'node_modules', 'n8n', 'package.json'))(
	'flatted',
) as { parse(text: string): unknown };

function ok(message: string): void {
	console.log(`    ✓ ${message}`);
}

function expect(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

type NodeTypeEntry = INodeTypeDescription & { communityNodePackageVersion?: string };
type CredentialTypeEntry = ICredentialType & { __overwrittenProperties?: string[] };

async function checkRegisteredTypes(): Promise<void> {
	const nodes = await rest.json<NodeTypeEntry[]>('GET', '/types/nodes.json');
	const ours = nodes.filter((node) => node.name.startsWith(`${PACKAGE_NAME}.`));
	const node = ours.find((entry) => entry.name === NODE_TYPE);
	expect(node, `${NODE_TYPE} is not among n8n's ${nodes.length} node types`);
	expect(
		JSON.stringify(node.outputNames) === JSON.stringify(['Media Items', 'Errors']),
		`outputs are ${JSON.stringify(node.outputNames)}`,
	);
	expect(node.codex?.categories?.length, 'n8n did not read the codex (no categories)');
	// n8n derives an AI-agent tool from a node that is usableAsTool.
	expect(
		ours.some((entry) => entry.name === `${NODE_TYPE}Tool`),
		`n8n made no tool variant ${NODE_TYPE}Tool (usableAsTool)`,
	);
	const icons =
		typeof node.iconUrl === 'string' ? [node.iconUrl] : Object.values(node.iconUrl ?? {});
	expect(icons.length > 0, 'the node has no icon URL');
	for (const icon of icons) {
		const { status, contentType } = await rest.status(icon);
		expect(status === 200 && contentType.includes('svg'), `icon ${icon}: ${status} ${contentType}`);
	}
	ok(
		`node types ${ours.map((entry) => entry.name).join(', ')} (package version ` +
			`${node.communityNodePackageVersion}, codex ${node.codex?.categories?.join('/')}, ${icons.length} icons served)`,
	);

	const credentials = await rest.json<CredentialTypeEntry[]>('GET', '/types/credentials.json');
	const ourCredentials = credentials.filter((type) => type.supportedNodes?.includes(NODE_TYPE));
	const credential = ourCredentials.find((type) => type.name === CREDENTIAL_TYPE);
	expect(credential, `${CREDENTIAL_TYPE} is not registered for ${NODE_TYPE}`);
	expect(
		credential.extends?.includes('googleOAuth2Api'),
		`${CREDENTIAL_TYPE} does not extend googleOAuth2Api`,
	);
	expect(
		ourCredentials.some((type) => type.name === 'googlePhotosRefreshTokenApi'),
		`googlePhotosRefreshTokenApi is not registered for ${NODE_TYPE}`,
	);
	expect(
		credential.__overwrittenProperties?.includes('accessTokenUrl'),
		'CREDENTIALS_OVERWRITE_DATA did not reach the token URL',
	);
	ok(
		`credential types ${ourCredentials.map((type) => type.name).join(', ')} support ${NODE_TYPE}; ` +
			`${CREDENTIAL_TYPE}'s token URL is overwritten to the emulator`,
	);

	// n8n reports a package that fails to load in its log and carries on without it.
	const complaints = readFileSync(n8nLogPath, 'utf8')
		.split('\n')
		.filter(
			(line) =>
				line.includes(PACKAGE_NAME) ||
				/could not be found|failed to load|unable to load/i.test(line),
		);
	expect(complaints.length === 0, `n8n's log mentions the package:\n${complaints.join('\n')}`);
	ok("n8n's start-up log has nothing about the package");
}

interface ExecutionRecord {
	status: ExecutionStatus;
	data: string;
}

/** Runs the workflow as the editor's "Execute workflow" does and waits for the stored execution. */
async function runOverRest(): Promise<{ id: string; data: IRunExecutionData }> {
	const { executionId } = await rest.json<{ executionId: string }>(
		'POST',
		`/rest/workflows/${plan.workflowId}/run`,
		{ triggerToStartFrom: { name: plan.nodes.trigger } },
	);
	const deadline = Date.now() + 60_000;
	for (;;) {
		const execution = await rest.json<ExecutionRecord>('GET', `/rest/executions/${executionId}`);
		if (!['new', 'running'].includes(execution.status)) {
			const data = flatted.parse(execution.data) as IRunExecutionData;
			const error = data.resultData.error?.message;
			expect(
				execution.status === 'success',
				`execution ${executionId} ${execution.status}: ${error}`,
			);
			return { id: executionId, data };
		}
		expect(Date.now() < deadline, `execution ${executionId} still ${execution.status} after 60 s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

function checkOutputs(executionId: string, data: IRunExecutionData): void {
	const { problems, summary } = checkWorkflowOutputs(data.resultData.runData, shape, state.library);
	expect(problems.length === 0, `execution ${executionId}:\n${problems.join('\n')}`);
	ok(`execution ${executionId} read back over REST: ${summary}`);
}

/** The emulator's requests from `since` on, split into API calls and token-endpoint calls. */
async function requestsSince(
	since: number,
): Promise<{ api: LoggedRequest[]; token: LoggedRequest[] }> {
	const requests = (await fetchEmulatorLog(state)).requests.slice(since);
	return {
		api: requests.filter((request) => request.kind === 'api'),
		token: requests.filter((request) => request.path === '/token'),
	};
}

async function logLength(): Promise<number> {
	return (await fetchEmulatorLog(state)).requests.length;
}

/** Returns the refreshed access token n8n used. */
async function checkRefreshOnExpiredToken(): Promise<string> {
	// n8n refreshes when the API answers 401, not ahead of time: the log below shows the order.
	await expireAccessToken(state);
	const since = await logLength();
	const { id, data } = await runOverRest();
	checkOutputs(id, data);
	const { api, token } = await requestsSince(since);
	const expiredAccessToken = state.tokens.accessToken;

	const rejected = api.filter((request) => bearerOf(request) === expiredAccessToken);
	expect(
		rejected.length > 0 && rejected.every((request) => request.status === 401),
		`expected 401s for the expired token, saw ${rejected.map((request) => request.status).join(',') || 'no request with it'}`,
	);
	expect(
		token.length === 1 && token[0].method === 'POST' && token[0].status === 200,
		`expected one successful POST /token, saw ${token.map((request) => `${request.method} ${request.status}`).join(', ') || 'none'}`,
	);
	const retried = api.filter((request) => bearerOf(request) !== expiredAccessToken);
	const fresh = new Set(retried.map(bearerOf));
	const [refreshed] = fresh;
	const known = [
		state.tokens.accessToken,
		state.tokens.refreshToken,
		state.tokens.removedScopes.accessToken,
	];
	expect(
		fresh.size === 1 && refreshed && !known.includes(refreshed),
		`expected every retry to carry one newly minted token, saw ${fresh.size} tokens`,
	);
	expect(
		retried.every((request) => request.status === 200),
		`retries answered ${retried.map((request) => request.status).join(',')}`,
	);
	ok(
		`expired token: ${rejected.length} × 401, 1 × POST /token (emulator), ` +
			`${retried.length} × 200 with the new token ${refreshed.slice(0, 12)}…`,
	);
	return refreshed;
}

async function checkRefreshedTokenIsStored(refreshed: string): Promise<void> {
	const since = await logLength();
	const { id, data } = await runOverRest();
	checkOutputs(id, data);
	const { api, token } = await requestsSince(since);
	expect(token.length === 0, `the second run refreshed again (${token.length} token requests)`);
	expect(
		api.length > 0 &&
			api.every((request) => bearerOf(request) === refreshed && request.status === 200),
		'the second run did not use the stored, refreshed token',
	);
	ok(`second run: ${api.length} API requests with the stored refreshed token, no token request`);
}

/**
 * POST /rest/credentials/test for a stored credential. Its OAuth token comes back redacted from
 * GET; sending n8n's blanking value makes n8n use the stored one, as it does for stored secrets.
 */
async function testCredential(credential: RunPlan['credentials']['emulator']) {
	const stored = await rest.json<{
		id: string;
		name: string;
		type: string;
		data: Record<string, unknown>;
	}>('GET', `/rest/credentials/${credential.id}?includeData=true`);
	const data = { ...stored.data, oauthTokenData: CREDENTIAL_BLANKING_VALUE };
	return await rest.json<{ status: 'OK' | 'Error'; message: string }>(
		'POST',
		'/rest/credentials/test',
		{
			credentials: { id: stored.id, name: stored.name, type: stored.type, data },
		},
	);
}

async function checkCredentialTest(): Promise<void> {
	const since = await logLength();
	const good = await testCredential(plan.credentials.emulator);
	expect(
		good.status === 'OK',
		`Test of "${plan.credentials.emulator.name}": ${good.status} ${good.message}`,
	);
	ok(`credential Test with a good token: ${good.message}`);

	const refused = await testCredential(plan.credentials.removedScopes);
	expect(
		refused.status === 'Error' &&
			refused.message.includes('photoslibrary.readonly.appcreateddata') &&
			/reconnect the credential/i.test(refused.message),
		`Test with removed scopes answered ${refused.status}: ${refused.message}`,
	);
	ok(`credential Test with removed scopes fails: "${refused.message}"`);

	const { api } = await requestsSince(since);
	const statuses = api.map((request) => `${request.status}`).join(',');
	expect(
		api.length === 2 &&
			statuses === '200,403' &&
			api.every((request) => request.rawQuery.includes('n8n-credential-test')),
		`expected the two Test requests to reach the emulator (200, 403), saw ${statuses}`,
	);
	ok('both Test requests reached the emulator (200, then 403 insufficient scopes)');
}

async function main(): Promise<void> {
	await rest.setUpOwner();
	ok('owner set up');
	await checkRegisteredTypes();
	const refreshed = await checkRefreshOnExpiredToken();
	await checkRefreshedTokenIsStored(refreshed);
	await checkCredentialTest();
}

main().catch((error: unknown) => {
	console.error(`    ✗ ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
