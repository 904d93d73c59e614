import { NodeConnectionTypes, type INode } from 'n8n-workflow';

import { REMOVED_SCOPES } from '../emulator';
import { loadEngineTypes } from '../engine/engineTypes';
import { execute, toStore } from '../engine/execution';
import { GOOGLE_PHOTOS_NODE_TYPE } from '../engine/ourPackage';
import { idsOf, pairedOf, useNodeFixture } from './fixture';

const fixture = useNodeFixture({ seed: 'batch-get-node-tests', librarySize: 1100 });

const ids = (count: number, offset = 0) =>
	fixture.emulator.library.ids('all').slice(offset, offset + count);
const rows = (values: unknown[]) => values.map((id) => ({ id }));
const ceil50 = (count: number) => Math.ceil(count / 50);

describe('Batch Get: requests and results', () => {
	it.each([1, 49, 50, 51, 120, 1000])(
		'fetches %i ids in ceil(n/50) requests and returns each found item, in order, paired with its input item',
		async (count) => {
			const wanted = ids(count);
			const run = await fixture.batchGet(rows(wanted));

			expect(run.error).toBeUndefined();
			expect(idsOf(run.mediaItems)).toEqual(wanted);
			expect(run.errors).toEqual([]);
			expect(pairedOf(run.mediaItems)).toEqual(wanted.map((_, item) => ({ item })));
			expect(fixture.requestedBatches()).toHaveLength(ceil50(count));
		},
	);

	it('returns the MediaItem exactly as Google does (strings for width and height, photo metadata)', async () => {
		const [id] = ids(1);
		const { mediaItems } = await fixture.batchGet(rows([id]));
		const expected = fixture.emulator.library.get(id);
		expect(mediaItems[0].json).toEqual({ ...expected, baseUrl: expect.any(String) });
		expect(typeof (mediaItems[0].json.mediaMetadata as { width: unknown }).width).toBe('string');
	});

	it('makes no request and outputs nothing when there are no input items', async () => {
		const run = await fixture.batchGet([]);
		expect(run.mediaItems).toEqual([]);
		expect(run.errors).toEqual([]);
		expect(fixture.emulator.counters.apiRequests).toBe(0);
	});

	it('sends each distinct id once, yet gives every occurrence its own item paired with its own input', async () => {
		const [a, b, c] = ids(3);
		const run = await fixture.batchGet([
			{ id: `${a}, ${b}` },
			{ id: [b, a, a] },
			{ id: c },
			{ id: a },
		]);

		expect(fixture.requestedBatches()).toEqual([[a, b, c]]);
		expect(idsOf(run.mediaItems)).toEqual([a, b, b, a, a, c, a]);
		expect(pairedOf(run.mediaItems)).toEqual([0, 0, 1, 1, 1, 2, 3].map((item) => ({ item })));
	});

	it('reads lists separated by commas, spaces and new lines, and arrays of ids', async () => {
		const [a, b, c, d] = ids(4);
		const run = await fixture.batchGet([{ id: `${a}\n${b}` }, { id: `  ${c}\t` }, { id: [d] }]);
		expect(idsOf(run.mediaItems)).toEqual([a, b, c, d]);
		expect(pairedOf(run.mediaItems)).toEqual([0, 0, 1, 2].map((item) => ({ item })));
	});

	it('puts the wire in Google’s shape: plain repeated keys, ≤ 50 distinct ids, ceil(distinct / batchSize) requests', async () => {
		const wanted = ids(100);
		await fixture.batchGet(rows([...wanted, ...wanted.slice(0, 30)]), { batchSize: 7 });

		const apiCalls = fixture.emulator.log.filter((entry) => entry.kind === 'api');
		expect(apiCalls).toHaveLength(Math.ceil(100 / 7));
		for (const call of apiCalls) {
			expect(call.rawQuery).toMatch(/^mediaItemIds=[A-Za-z0-9_-]+(&mediaItemIds=[A-Za-z0-9_-]+)*$/);
			const sent = call.query.map(([, value]) => value);
			expect(sent.length).toBeLessThanOrEqual(7);
			expect(new Set(sent).size).toBe(sent.length);
		}
		expect(fixture.requestedBatches().flat().sort()).toEqual([...wanted].sort());
	});

	it('takes Batch Size from an expression that gives it as text', async () => {
		await fixture.batchGet(rows(ids(20)), { batchSize: '={{ "7" }}' });
		expect(fixture.requestedBatches().map((batch) => batch.length)).toEqual([7, 7, 6]);
	});

	it('keeps both outputs in input order when requests complete out of order', async () => {
		const wanted = ids(200);
		const deleted = fixture.emulator.library.deletedIds()[0];
		const input = wanted.map((id, n) => (n % 40 === 5 ? deleted : id));
		fixture.emulator.faults.slowBodyNext(1, { chunkDelayMs: 40 });
		const run = await fixture.batchGet(rows(input), { concurrency: 4 });

		const starts = fixture.emulator.log.filter((entry) => entry.kind === 'api');
		expect(starts).toHaveLength(4);
		expect(idsOf(run.mediaItems)).toEqual(input.filter((id) => id !== deleted));
		expect(pairedOf(run.errors)).toEqual([5, 45, 85, 125, 165].map((item) => ({ item })));
	});
});

describe('Batch Get: per-item failures go to Errors', () => {
	it('routes deleted, other-app and unknown ids to Errors with code 3 and an explanation', async () => {
		const [good] = ids(1);
		const [deleted] = fixture.emulator.library.deletedIds();
		const [otherApp] = fixture.emulator.library.otherAppIds();
		const run = await fixture.batchGet(rows([deleted, good, otherApp, 'shortJunkId']));

		expect(idsOf(run.mediaItems)).toEqual([good]);
		expect(run.errors.map((item) => item.json.mediaItemId)).toEqual([
			deleted,
			otherApp,
			'shortJunkId',
		]);
		expect(pairedOf(run.errors)).toEqual([0, 2, 3].map((item) => ({ item })));
		for (const { json } of run.errors) {
			expect(json.error).toMatchObject({
				code: 3,
				status: 'INVALID_ARGUMENT',
				message: 'Invalid media item ID.',
				kind: 'item',
			});
			expect((json.error as { description: string }).description).toMatch(
				/not uploaded by this OAuth client/,
			);
		}
	});

	it('handles any google.rpc code Google may return for one item', async () => {
		const [a, b, c] = ids(3);
		fixture.emulator.library.setItemStatus(a, {
			code: 5,
			message: 'Requested entity was not found.',
		});
		fixture.emulator.library.setItemStatus(b, {
			code: 7,
			message: 'The caller does not have permission',
		});
		const run = await fixture.batchGet(rows([a, b, c]));

		expect(idsOf(run.mediaItems)).toEqual([c]);
		expect(run.errors.map((item) => item.json.error)).toEqual([
			expect.objectContaining({
				code: 5,
				status: 'NOT_FOUND',
				message: 'Requested entity was not found.',
			}),
			expect.objectContaining({ code: 7, status: 'PERMISSION_DENIED' }),
		]);
	});

	it('turns every value that cannot be an id into an Errors item that says what was wrong, and still fetches the rest', async () => {
		const [a, b] = ids(2);
		const run = await fixture.batchGet([
			{ id: a },
			{ id: 42 },
			{ id: null },
			{ other: 'no id field' },
			{ id: { nested: a } },
			{ id: [[a]] },
			{ id: '' },
			{ id: 'a&b=c' },
			{ id: b },
		]);

		expect(idsOf(run.mediaItems)).toEqual([a, b]);
		expect(pairedOf(run.mediaItems)).toEqual([{ item: 0 }, { item: 8 }]);
		expect(
			run.errors.map((item) => [item.pairedItem, (item.json.error as { message: string }).message]),
		).toEqual([
			[{ item: 1 }, expect.stringMatching(/is a number/)],
			[{ item: 2 }, expect.stringMatching(/value is empty/)],
			[{ item: 3 }, expect.stringMatching(/value is empty/)],
			[{ item: 4 }, expect.stringMatching(/is an object/)],
			[{ item: 5 }, expect.stringMatching(/Entry 1 of the list is a list/)],
			[{ item: 6 }, expect.stringMatching(/value is empty/)],
			[{ item: 7 }, expect.stringMatching(/contains "&"/)],
		]);
		expect(run.errors.every((item) => (item.json.error as { kind: string }).kind === 'input')).toBe(
			true,
		);
		expect(fixture.requestedBatches()).toEqual([[a, b]]);
	});

	it('reports an expression that throws for one item without failing the others', async () => {
		const [a, b] = ids(2);
		const run = await fixture.batchGet(
			[{ id: a }, { id: b }],
			{},
			{
				parameters: {
					mediaItemIds:
						'={{ $json.id === "' +
						b +
						'" ? $("Sheet that does not exist").item.json.id : $json.id }}',
				},
			},
		);
		expect(idsOf(run.mediaItems)).toEqual([a]);
		expect(run.errors).toHaveLength(1);
		expect(run.errors[0].pairedItem).toEqual({ item: 1 });
		expect((run.errors[0].json.error as { message: string }).message).toMatch(/expression failed/);
	});
});

describe('Batch Get: a whole request that fails', () => {
	const noRetries = { maxAttempts: 1, splitFailingBatches: false };

	it('stops the workflow with the first affected input item when On Error is "stop"', async () => {
		const wanted = ids(120);
		fixture.emulator.faults.poison(wanted[60]);
		const run = await fixture.batchGet(rows(wanted), { ...noRetries, concurrency: 1 });

		expect(run.error).toBeDefined();
		expect(run.error?.message).toBe('Internal error encountered.');
		expect((run.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(50);
		expect(run.outputs).toEqual([]);
	});

	it('isolates the culprit before stopping, so the error points at the item that caused it', async () => {
		const wanted = ids(120);
		fixture.emulator.faults.poison(wanted[60]);
		const run = await fixture.batchGet(rows(wanted), { maxAttempts: 1, concurrency: 1 });

		expect(run.error?.message).toBe('Internal error encountered.');
		expect((run.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(60);
	});

	it('tells the user in a hint when retries or isolation cost extra requests', async () => {
		const wanted = ids(120);
		fixture.emulator.faults.poison(wanted[60]);
		fixture.emulator.faults.failNext(1, 503);
		const run = await fixture.batchGet(
			rows(wanted),
			{ concurrency: 1 },
			{ onError: 'continueRegularOutput' },
		);

		expect(run.errors.map((item) => item.json.mediaItemId)).toEqual([wanted[60]]);
		const [hint] = run.runData['Google Photos'][0].hints ?? [];
		expect(hint?.message).toMatch(
			/^\d+ requests to Google for 120 distinct IDs \(3 planned\): \d+ retried, \d+ sent to isolate failing IDs\.$/,
		);
	});

	it.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'with On Error "%s" gives every id of the failed request an Errors item and completes the others',
		async (onError) => {
			const wanted = ids(120);
			fixture.emulator.faults.poison(wanted[60]);
			const run = await fixture.batchGet(rows(wanted), noRetries, { onError });

			expect(run.error).toBeUndefined();
			expect(idsOf(run.mediaItems)).toEqual([...wanted.slice(0, 50), ...wanted.slice(100)]);
			expect(run.errors.map((item) => item.json.mediaItemId)).toEqual(wanted.slice(50, 100));
			expect(run.errors[0].json.error).toMatchObject({
				code: 500,
				httpCode: 500,
				status: 'INTERNAL',
				kind: 'request',
			});
			expect(pairedOf(run.errors)).toEqual(wanted.slice(50, 100).map((_, n) => ({ item: 50 + n })));
			if (onError === 'continueErrorOutput') {
				expect(run.outputs).toHaveLength(3);
				expect(run.outputs[2]).toEqual([]);
			}
		},
	);

	it('explains the 2025 scope change when the token only has the removed scopes, and sends nothing more', async () => {
		const wanted = ids(120);
		const credential = fixture.credential({ scopes: [...REMOVED_SCOPES] });
		const run = await fixture.batchGet(
			rows(wanted),
			{},
			{
				onError: 'continueRegularOutput',
				credentials: { googlePhotosOAuth2Api: credential },
			},
		);

		expect(run.mediaItems).toEqual([]);
		expect(run.errors).toHaveLength(120);
		expect(run.errors[0].json.error).toMatchObject({
			httpCode: 403,
			reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
		});
		expect((run.errors[0].json.error as { description: string }).description).toMatch(
			/31 March 2025/,
		);
		expect(fixture.emulator.counters.apiRequests).toBeLessThanOrEqual(4);
	});

	it('stops with the 2025 scope explanation in stop mode', async () => {
		const credential = fixture.credential({ scopes: [...REMOVED_SCOPES] });
		const run = await fixture.batchGet(
			rows(ids(3)),
			{},
			{ credentials: { googlePhotosOAuth2Api: credential } },
		);
		expect(run.error?.message).toBe('Request had insufficient authentication scopes.');
		expect(run.error?.description).toMatch(/photoslibrary\.readonly\.appcreateddata/);
	});

	it('names the switch to flip when the Photos Library API is disabled', async () => {
		fixture.emulator.faults.serviceDisabled(true);
		const run = await fixture.batchGet(rows(ids(2)));
		expect(run.error?.message).toMatch(/Photos Library API has not been used in project/);
		expect(run.error?.description).toMatch(/APIs & Services → Library.*Enable/);
	});

	it('says when the daily quota resets and does not retry it', async () => {
		fixture.emulator.faults.rateLimitNext(1, { kind: 'day' });
		const run = await fixture.batchGet(rows(ids(2)), { maxAttempts: 4 });
		expect(run.error?.description).toMatch(
			/daily Photos Library API quota.*resets at .*midnight Pacific/,
		);
		expect(fixture.emulator.counters.apiRequests).toBe(1);
	});

	it('refreshes an expired access token through the token endpoint and carries on', async () => {
		const accessToken = fixture.emulator.tokens.mintAccessToken();
		fixture.emulator.tokens.expireAccessToken(accessToken);
		const credential = fixture.credential({ accessToken });
		const run = await fixture.batchGet(
			rows(ids(3)),
			{},
			{ credentials: { googlePhotosOAuth2Api: credential } },
		);

		expect(run.error).toBeUndefined();
		expect(run.mediaItems).toHaveLength(3);
		expect(fixture.emulator.counters.tokenRequests).toBe(1);
		expect(run.credentialUpdates).toHaveLength(1);
	});

	it('asks to reconnect, naming the 7-day Testing trap, when the refresh token was revoked', async () => {
		const accessToken = fixture.emulator.tokens.mintAccessToken();
		const refreshToken = fixture.emulator.tokens.mintRefreshToken();
		fixture.emulator.tokens.expireAccessToken(accessToken);
		fixture.emulator.tokens.revokeRefreshToken(refreshToken);
		const run = await fixture.batchGet(
			rows(ids(2)),
			{},
			{
				onError: 'continueRegularOutput',
				credentials: { googlePhotosOAuth2Api: fixture.credential({ accessToken, refreshToken }) },
			},
		);

		expect(run.errors).toHaveLength(2);
		expect(run.errors[0].json.error).toMatchObject({ reason: 'invalid_grant', kind: 'request' });
		expect((run.errors[0].json.error as { description: string }).description).toMatch(
			/Testing.*7 days/,
		);
	});

	it.each([
		['invalid_client', 'a wrong client secret', /Client Secret/],
		['unauthorized_client', 'a refresh token of another OAuth client', /different OAuth client/],
	] as const)(
		'names %s (%s) when n8n cannot refresh the token, and neither retries nor sends more',
		async (error, _, advice) => {
			const accessToken = fixture.emulator.tokens.mintAccessToken();
			fixture.emulator.tokens.expireAccessToken(accessToken);
			const credential =
				error === 'invalid_client'
					? { ...fixture.credential({ accessToken }), clientSecret: 'not-the-secret' }
					: fixture.credential({
							accessToken,
							refreshToken: fixture.emulator.tokens.mintRefreshToken({
								clientId: fixture.emulator.otherClient.clientId,
							}),
						});
			const run = await fixture.batchGet(
				rows(ids(120)),
				{ concurrency: 1 },
				{ onError: 'continueRegularOutput', credentials: { googlePhotosOAuth2Api: credential } },
			);

			expect(run.errors).toHaveLength(120);
			expect(run.errors[0].json.error).toMatchObject({ reason: error, kind: 'request' });
			expect((run.errors[0].json.error as { description: string }).description).toMatch(advice);
			expect(fixture.emulator.counters.apiRequests).toBe(1);
			expect(fixture.emulator.counters.tokenRequests).toBe(1);
		},
	);

	it('asks to sign in, without retrying, when the OAuth2 credential was never connected', async () => {
		const { oauthTokenData: _, ...credential } = fixture.credential();
		const run = await fixture.batchGet(
			rows(ids(120)),
			{ initialDelayMs: 1000 },
			{ onError: 'continueRegularOutput', credentials: { googlePhotosOAuth2Api: credential } },
		);

		expect(run.errors).toHaveLength(120);
		expect(run.errors[0].json.error).toMatchObject({ reason: 'not_connected', kind: 'request' });
		expect((run.errors[0].json.error as { description: string }).description).toMatch(
			/Sign in with Google/,
		);
		const [hint] = run.runData['Google Photos'][0].hints ?? [];
		expect(hint).toBeUndefined();
	});

	it('never puts an access or refresh token into an output or an error', async () => {
		const accessToken = fixture.emulator.tokens.mintAccessToken();
		const refreshToken = fixture.emulator.tokens.mintRefreshToken();
		fixture.emulator.tokens.expireAccessToken(accessToken);
		fixture.emulator.tokens.revokeRefreshToken(refreshToken);
		const credentials = {
			googlePhotosOAuth2Api: fixture.credential({ accessToken, refreshToken }),
		};
		const stopped = await fixture.batchGet(rows(ids(2)), {}, { credentials });
		const continued = await fixture.batchGet(
			rows(ids(2)),
			{},
			{ credentials, onError: 'continueRegularOutput' },
		);

		const emitted = JSON.stringify([
			stopped.outputs,
			stopped.error,
			stopped.error?.description,
			continued.outputs,
		]);
		expect(emitted).toMatch(/reconnect/);
		expect(emitted).not.toContain(accessToken);
		expect(emitted).not.toContain(refreshToken);
	});
});

describe('Batch Get: run as an AI Agent tool', () => {
	it('reports failures on the first output, the only one the agent reads, when n8n runs the tool call as a node', async () => {
		// The AI Agent (v3) has n8n's engine run each tool call as a regular node whose output it
		// rewires to the agent (`rewireOutputLogTo: ai_tool`); isToolExecution() is false there.
		const types = await loadEngineTypes({
			nodeTypeNames: [GOOGLE_PHOTOS_NODE_TYPE],
			credentialTypeNames: ['googlePhotosOAuth2Api'],
		});
		const [good] = ids(1);
		const [deleted] = fixture.emulator.library.deletedIds();
		const node: INode = {
			id: 'tool-under-test',
			name: 'Google Photos',
			type: GOOGLE_PHOTOS_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { resource: 'mediaItem', operation: 'batchGet', mediaItemIds: '={{ $json.id }}' },
			rewireOutputLogTo: NodeConnectionTypes.AiTool,
		};
		const { runData } = await execute({
			types,
			credentials: toStore({ googlePhotosOAuth2Api: fixture.credential() }),
			workflow: { nodes: [node], connections: {} },
			start: { node: node.name, items: [{ json: { id: deleted } }, { json: { id: good } }] },
		});

		const [seenByAgent, hidden] = (runData['Google Photos'][0].data?.ai_tool ?? []).map(
			(output) => output ?? [],
		);
		expect(seenByAgent.map((item) => item.json.id ?? item.json.mediaItemId)).toEqual([
			deleted,
			good,
		]);
		expect(seenByAgent[0].json.error).toMatchObject({ code: 3 });
		expect(hidden).toEqual([]);
	});
});

describe('Batch Get: what n8n adds around the node', () => {
	it('explains that "Custom API Call" is not supported instead of failing obscurely', async () => {
		const run = await fixture.batchGet(
			rows(ids(1)),
			{},
			{ parameters: { operation: '__CUSTOM_API_CALL__' } },
		);
		expect(run.error?.message).toBe('Custom API calls are not supported by this node');
		expect(run.error?.description).toMatch(/HTTP Request node/);
	});

	it('under "Continue", puts that explanation on Errors for every input item, never the inputs on Media Items', async () => {
		const run = await fixture.batchGet(
			rows(ids(3)),
			{},
			{ parameters: { operation: '__CUSTOM_API_CALL__' }, onError: 'continueRegularOutput' },
		);
		expect(run.error).toBeUndefined();
		expect(run.mediaItems).toEqual([]);
		expect(run.errors.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(run.errors[0].json.error).toMatchObject({
			message: 'Custom API calls are not supported by this node',
			description: expect.stringMatching(/HTTP Request node/),
		});
	});
});
