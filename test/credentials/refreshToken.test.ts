import { CredentialTestContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	INodeCredentialTestResult,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { GooglePhotosRefreshTokenApi } from '../../credentials/GooglePhotosRefreshTokenApi.credentials';
import { GooglePhotos } from '../../nodes/GooglePhotos/GooglePhotos.node';
import { startEmulator, type Emulator } from '../emulator';
import { CredentialStore, oauth2CredentialFor, runNode } from '../engine';

const TYPE = 'googlePhotosRefreshTokenApi';

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ port: 0, seed: 'refresh-token-credential' });
});

afterAll(async () => {
	await emulator.stop();
});

beforeEach(() => emulator.reset());

/** What a user stores: the emulator's OAuth client, a refresh token, our hidden fields aimed at the emulator. */
function credentialWith(refreshToken: string, overrides: ICredentialDataDecryptedObject = {}) {
	return {
		clientId: emulator.client.clientId,
		clientSecret: emulator.client.clientSecret,
		refreshToken,
		apiOrigin: emulator.origin,
		tokenUrl: emulator.tokenUrl,
		...overrides,
	};
}

function parameters(options: INodeParameters = {}): INodeParameters {
	return {
		authentication: 'refreshToken',
		resource: 'mediaItem',
		operation: 'batchGet',
		mediaItemIds: '={{ $json.id }}',
		options: { initialDelayMs: 0, ...options },
	};
}

function itemsFor(count: number) {
	return emulator.library
		.ids()
		.slice(0, count)
		.map((id) => ({ id }));
}

function bearersSentToApi(): string[] {
	return emulator.log
		.filter((entry) => entry.kind === 'api')
		.map((entry) => String(entry.headers.authorization ?? ''));
}

/** Every string reachable from a value, Error messages, descriptions, causes and stacks included. */
function everyString(value: unknown, seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return [value];
	if (typeof value !== 'object' || value === null || seen.has(value)) return [];
	seen.add(value);
	const keys = new Set([
		...Object.keys(value),
		...(value instanceof Error ? ['message', 'stack', 'cause', 'description'] : []),
	]);
	return [...keys].flatMap((key) => everyString((value as Record<string, unknown>)[key], seen));
}

function expectNoSecrets(haystack: unknown, secrets: string[]) {
	const text = everyString(haystack).join('\n');
	for (const secret of secrets) expect(text).not.toContain(secret);
}

/** Console output during `run`: n8n's logger and any library writing to the console. */
async function capturingConsole<T>(run: () => Promise<T>): Promise<{ result: T; logged: string }> {
	const lines: string[] = [];
	const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
	const spies = methods.map((method) =>
		jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
			lines.push(args.map(String).join(' '));
		}),
	);
	try {
		return { result: await run(), logged: lines.join('\n') };
	} finally {
		for (const spy of spies) spy.mockRestore();
	}
}

/** The token-endpoint errors of spec §8, each set up against the emulator. */
const tokenFailures: Array<[string, () => ICredentialDataDecryptedObject, RegExp, string]> = [
	[
		'a revoked refresh token (invalid_grant)',
		() => {
			const token = emulator.tokens.mintRefreshToken();
			emulator.tokens.revokeRefreshToken(token);
			return credentialWith(token);
		},
		/Google refused the refresh token \(invalid_grant: Token has been expired or revoked\.\)/,
		'invalid_grant',
	],
	[
		'a wrong client secret (invalid_client)',
		() =>
			credentialWith(emulator.tokens.mintRefreshToken(), {
				clientSecret: 'GOCSPX-not-the-right-secret-at-all',
			}),
		/rejected the OAuth client secret \(invalid_client: Unauthorized\)/,
		'invalid_client',
	],
	[
		'an unknown client ID (invalid_client)',
		() =>
			credentialWith(emulator.tokens.mintRefreshToken(), {
				clientId: '1-unknown.apps.googleusercontent.com',
			}),
		/does not know this OAuth client ID \(invalid_client: The OAuth client was not found\.\)/,
		'invalid_client',
	],
	[
		"another client's refresh token (unauthorized_client)",
		() =>
			credentialWith(emulator.tokens.mintRefreshToken({ clientId: emulator.otherClient.clientId })),
		/belongs to a different OAuth client \(unauthorized_client/,
		'unauthorized_client',
	],
];

describe('the refresh-token credential in a workflow run', () => {
	it('mints one access token for many concurrent requests and keeps it for later runs', async () => {
		const store = new CredentialStore({
			[TYPE]: credentialWith(emulator.tokens.mintRefreshToken()),
		});
		const items = itemsFor(120);

		const first = await runNode({
			items,
			parameters: parameters({ batchSize: 10, concurrency: 4 }),
			credentials: store,
		});
		const second = await runNode({
			items: items.slice(0, 30),
			parameters: parameters({ batchSize: 10, concurrency: 4 }),
			credentials: store,
		});

		expect([first.error, second.error]).toEqual([undefined, undefined]);
		expect(first.outputs[0]).toHaveLength(120);
		expect(second.outputs[0]).toHaveLength(30);
		expect(emulator.counters.tokenRequests).toBe(1);
		expect(emulator.counters.apiRequests).toBe(15);
		const stored = store.get(TYPE).accessToken as string;
		expect(stored).toMatch(/^ya29\./);
		expect(new Set(bearersSentToApi())).toEqual(new Set([`Bearer ${stored}`]));
		const { clientSecret, refreshToken } = store.get(TYPE) as Record<string, string>;
		expectNoSecrets([first.outputs, second.outputs], [stored, clientSecret, refreshToken]);
	});

	it('re-mints once when Google rejects the stored token with 401, and retries the requests', async () => {
		const store = new CredentialStore({
			[TYPE]: credentialWith(emulator.tokens.mintRefreshToken()),
		});
		await runNode({ items: itemsFor(1), parameters: parameters(), credentials: store });
		const expired = store.get(TYPE).accessToken as string;
		emulator.tokens.expireAccessToken(expired);
		emulator.reset();

		const { outputs, error } = await runNode({
			items: itemsFor(40),
			parameters: parameters({ batchSize: 10, concurrency: 4 }),
			credentials: store,
		});

		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(40);
		expect(outputs[1]).toEqual([]);
		expect(emulator.counters.tokenRequests).toBe(1);
		const renewed = store.get(TYPE).accessToken as string;
		expect(renewed).not.toBe(expired);
		const statuses = emulator.log
			.filter((entry) => entry.kind === 'api')
			.map((entry) => entry.status);
		// Each of the 4 batches is answered once with 200; how many were first sent with the stale
		// token (and got 401) depends on how far the lanes got before the re-mint landed.
		const rejected = statuses.filter((status) => status === 401).length;
		expect(rejected).toBeGreaterThanOrEqual(1);
		expect(rejected).toBeLessThanOrEqual(4);
		expect(statuses.filter((status) => status === 200)).toHaveLength(4);
		expect(statuses).toHaveLength(4 + rejected);
	});

	it('stops with the invalid_grant explanation when the re-mint after a 401 is refused', async () => {
		const refreshToken = emulator.tokens.mintRefreshToken();
		const store = new CredentialStore({ [TYPE]: credentialWith(refreshToken) });
		await runNode({ items: itemsFor(1), parameters: parameters(), credentials: store });
		emulator.tokens.expireAccessToken(store.get(TYPE).accessToken as string);
		emulator.tokens.revokeRefreshToken(refreshToken);
		emulator.reset();

		const { error } = await runNode({
			items: itemsFor(20),
			parameters: parameters({ batchSize: 10 }),
			credentials: store,
		});

		expect(error?.message).toMatch(/invalid_grant: Token has been expired or revoked/);
		expect(error?.description).toMatch(/7 days/);
		expect(emulator.counters.tokenRequests).toBe(1);
	});

	it('reads only media its OAuth client created, like the OAuth2 credential', async () => {
		const ownId = emulator.library.ids()[0];
		const foreignId = emulator.library.otherAppIds()[0];

		const { outputs } = await runNode({
			items: [{ id: ownId }, { id: foreignId }],
			parameters: parameters(),
			credentials: { [TYPE]: credentialWith(emulator.tokens.mintRefreshToken()) },
		});

		expect(outputs[0].map((item) => item.json.id)).toEqual([ownId]);
		expect(outputs[1].map((item) => item.json.mediaItemId)).toEqual([foreignId]);
	});

	it('explains a token that lacks photoslibrary.readonly.appcreateddata when Google refuses it', async () => {
		const refreshToken = emulator.tokens.mintRefreshToken({ scopes: ['photoslibrary.readonly'] });

		const { error } = await runNode({
			items: itemsFor(1),
			parameters: parameters(),
			credentials: { [TYPE]: credentialWith(refreshToken) },
		});

		expect(error?.description).toMatch(/lacks the .*photoslibrary\.readonly\.appcreateddata scope/);
	});

	describe.each(tokenFailures)('with %s', (_case, credential, message, reason) => {
		it('stops the run with the explanation after one exchange, and no secret anywhere', async () => {
			const data = credential();
			const { result, logged } = await capturingConsole(() =>
				runNode({
					items: itemsFor(30),
					parameters: parameters({ batchSize: 10 }),
					credentials: { [TYPE]: data },
				}),
			);

			expect(result.error?.message).toMatch(message);
			expect(result.error?.description).toBeTruthy();
			expect(emulator.counters.tokenRequests).toBe(1);
			expect(emulator.counters.apiRequests).toBe(0);
			expectNoSecrets(
				[result.error, result.outputs, logged],
				[data.clientSecret as string, data.refreshToken as string],
			);
		});

		it('puts every ID on the Errors output when the node continues on error', async () => {
			const data = credential();
			const { outputs, error } = await runNode({
				items: itemsFor(3),
				parameters: parameters(),
				onError: 'continueRegularOutput',
				credentials: { [TYPE]: data },
			});

			expect(error).toBeUndefined();
			expect(outputs[0]).toEqual([]);
			expect(outputs[1]).toHaveLength(3);
			for (const item of outputs[1]) {
				expect(item.json).toMatchObject({
					error: { reason, message: expect.stringMatching(message) },
				});
			}
			expectNoSecrets(outputs, [data.clientSecret as string, data.refreshToken as string]);
		});
	});

	it('asks for the missing fields before any request', async () => {
		const { error } = await runNode({
			items: itemsFor(1),
			parameters: parameters(),
			credentials: { [TYPE]: credentialWith('', { clientSecret: '' }) },
		});

		expect(error?.message).toBe(
			'The credential has no Client Secret, Refresh Token. Fill in Client ID, Client Secret and Refresh Token, or paste an authorized_user JSON.',
		);
		expect(emulator.counters.tokenRequests).toBe(0);
	});

	it('keeps existing workflows (no Authentication parameter) on the OAuth2 credential', async () => {
		const { authentication: _none, ...saved } = parameters();
		const accessToken = emulator.tokens.mintAccessToken();

		const { outputs, error } = await runNode({
			items: itemsFor(2),
			parameters: saved,
			credentials: { googlePhotosOAuth2Api: oauth2CredentialFor(emulator, { accessToken }) },
		});

		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		expect(bearersSentToApi()).toEqual([`Bearer ${accessToken}`]);
		expect(emulator.counters.tokenRequests).toBe(0);
	});
});

/**
 * What n8n's CredentialsTester (packages/cli, 2.41) does for a credential without its own `test`:
 * find the node that names it with `testedBy`, call that node's `methods.credentialTest` function
 * with a `CredentialTestContext`, show the returned message.
 */
async function testCredential(
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const node: INodeType = new GooglePhotos();
	const testedBy = node.description.credentials?.find(({ name }) => name === TYPE)?.testedBy;
	if (typeof testedBy !== 'string') throw new Error(`${TYPE} is not tested by the node`);
	const test = node.methods?.credentialTest?.[testedBy] as ICredentialTestFunction;
	const context = new CredentialTestContext();
	return await test.call(context, { id: 'c1', name: 'Google Photos', type: TYPE, data });
}

describe("the refresh-token credential's Test button", () => {
	it('is wired through testedBy, because n8n prefers a credential-level test', () => {
		expect(new GooglePhotosRefreshTokenApi()).not.toHaveProperty('test');
	});

	it('exchanges the token and reports the granted scopes', async () => {
		const result = await testCredential(credentialWith(emulator.tokens.mintRefreshToken()));

		expect(result).toEqual({
			status: 'OK',
			message: 'Connection successful. Granted scopes: photoslibrary.readonly.appcreateddata.',
		});
		expect(emulator.counters.tokenRequests).toBe(1);
	});

	it('accepts a pasted authorized_user JSON in place of the three fields', async () => {
		const authorizedUser = {
			type: 'authorized_user',
			client_id: emulator.client.clientId,
			client_secret: emulator.client.clientSecret,
			refresh_token: emulator.tokens.mintRefreshToken(),
		};

		const result = await testCredential({
			apiOrigin: emulator.origin,
			tokenUrl: emulator.tokenUrl,
			authorizedUserSecretJson: JSON.stringify(authorizedUser),
		});

		expect(result.status).toBe('OK');
	});

	it('fails with the fix when the token has only the scopes Google removed', async () => {
		const refreshToken = emulator.tokens.mintRefreshToken({ scopes: ['photoslibrary.readonly'] });

		const result = await testCredential(credentialWith(refreshToken));

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^The refresh token carries scopes Google removed on 31 March 2025 \(photoslibrary\.readonly\) but not photoslibrary\.readonly\.appcreateddata\. .*Mint a new refresh token/,
		);
	});

	it.each(tokenFailures)('tells what to do about %s', async (_case, credential, message) => {
		const data = credential();

		const result = await testCredential(data);

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expectNoSecrets(result, [data.clientSecret as string, data.refreshToken as string]);
	});

	it('says which fields are missing', async () => {
		const result = await testCredential({ tokenUrl: emulator.tokenUrl });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/no Client ID, Client Secret, Refresh Token/);
		expect(emulator.counters.tokenRequests).toBe(0);
	});
});
