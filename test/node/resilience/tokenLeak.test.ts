/**
 * Issue 5 §6 — no token in any output, error message or description. Every fault run below (each
 * On Error mode, both credential types) is scanned — outputs, the execution error with its
 * description, cause, context and stack, everything n8n recorded for the node, and the console —
 * for every secret in play: the tokens the test minted, every bearer token the emulator saw
 * (those n8n or google-auth-library got from /token included), the tokens n8n stored, and the
 * client secrets.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { REMOVED_SCOPES } from '../../emulator';
import { CredentialStore, runNode } from '../../engine';
import { FAST_RETRIES, useNodeFixture } from '../fixture';
import { bearerTokensSeen, leakedSecrets, rows, tokensStored } from './support';

const fixture = useNodeFixture({ seed: 'resilience-token-leak', librarySize: 30 });

type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
const MODES: OnError[] = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'];

interface Setup {
	/** Faults to inject; credential overrides for the OAuth2 credential. */
	prepare?: () => void;
	oauth2?: () => { accessToken?: string; refreshToken?: string; scopes?: string[] };
	options?: Record<string, unknown>;
}

const SETUPS: Array<[string, Setup]> = [
	['a clean run', {}],
	['a poisoned id, isolated', { prepare: () => fixture.emulator.faults.poison(ids()[1]) }],
	['a lasting 503', { prepare: () => fixture.emulator.faults.failNext(100, 503) }],
	['connections reset', { prepare: () => fixture.emulator.faults.resetConnectionsNext(100) }],
	['timeouts', { prepare: () => fixture.emulator.faults.latency(200), options: { timeoutMs: 40 } }],
	['an HTML 502 from a proxy', { prepare: () => fixture.emulator.faults.htmlNext(100, 502) }],
	['an HTML 200', { prepare: () => fixture.emulator.faults.htmlNext(100, 200) }],
	[
		'a body cut short',
		{ prepare: () => fixture.emulator.faults.truncateNext(100, { mode: 'honest' }) },
	],
	[
		'a connection cut mid-body',
		{ prepare: () => fixture.emulator.faults.truncateNext(100, { mode: 'close' }) },
	],
	['a 200 without results', { prepare: () => fixture.emulator.faults.missingResultsNext(100) }],
	['a wrong result count', { prepare: () => fixture.emulator.faults.wrongResultCountNext(100) }],
	[
		'a per-minute 429',
		{
			prepare: () =>
				fixture.emulator.faults.rateLimitNext(100, { kind: 'minute', retryAfterSeconds: 0 }),
		},
	],
	['a per-day 429', { prepare: () => fixture.emulator.faults.rateLimitNext(100, { kind: 'day' }) }],
	['the API disabled', { prepare: () => fixture.emulator.faults.serviceDisabled(true) }],
	['a token with only the removed scopes', { oauth2: () => ({ scopes: [...REMOVED_SCOPES] }) }],
	[
		'an expired access token, refreshed at /token',
		{
			oauth2: () => {
				const accessToken = fixture.emulator.tokens.mintAccessToken();
				fixture.emulator.tokens.expireAccessToken(accessToken);
				return { accessToken };
			},
		},
	],
	[
		'an expired access token and a revoked refresh token',
		{
			oauth2: () => {
				const accessToken = fixture.emulator.tokens.mintAccessToken();
				const refreshToken = fixture.emulator.tokens.mintRefreshToken();
				fixture.emulator.tokens.expireAccessToken(accessToken);
				fixture.emulator.tokens.revokeRefreshToken(refreshToken);
				return { accessToken, refreshToken };
			},
		},
	],
	[
		'a refreshed token that is refused again (service disabled after refresh)',
		{
			oauth2: () => {
				const accessToken = fixture.emulator.tokens.mintAccessToken();
				fixture.emulator.tokens.expireAccessToken(accessToken);
				fixture.emulator.faults.serviceDisabled(true);
				return { accessToken };
			},
		},
	],
];

const ids = () => fixture.emulator.library.ids().slice(0, 4);

/** Console output while `run` runs: n8n's logger and any library writing to the console. */
async function capturingConsole<T>(
	run: () => Promise<T>,
): Promise<{ result: T; logged: string[] }> {
	const logged: string[] = [];
	const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
		jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
			logged.push(args.map(String).join(' '));
		}),
	);
	try {
		return { result: await run(), logged };
	} finally {
		for (const spy of spies) spy.mockRestore();
	}
}

function expectNothingLeaked(
	emitted: unknown,
	known: string[],
	updates: Parameters<typeof tokensStored>[0] = [],
) {
	const secrets = [
		...new Set([
			...known,
			...bearerTokensSeen(fixture.emulator),
			...tokensStored(updates),
			fixture.emulator.client.clientSecret,
			fixture.emulator.otherClient.clientSecret,
		]),
	];
	expect(secrets.length).toBeGreaterThanOrEqual(3);
	expect(leakedSecrets(emitted, secrets)).toEqual([]);
}

describe.each(MODES)('On Error "%s": nothing the node emits holds a secret', (onError) => {
	it.each(SETUPS)('with the OAuth2 credential and %s', async (_, setup) => {
		setup.prepare?.();
		const overrides = setup.oauth2?.() ?? {};
		const accessToken = overrides.accessToken ?? fixture.emulator.tokens.mintAccessToken(overrides);
		const refreshToken =
			overrides.refreshToken ?? fixture.emulator.tokens.mintRefreshToken(overrides);
		const credential = fixture.credential({ accessToken, refreshToken });

		const { result: run, logged } = await capturingConsole(() =>
			fixture.batchGet(
				rows(ids()),
				{ maxAttempts: 2, ...setup.options },
				{
					onError,
					credentials: { googlePhotosOAuth2Api: credential },
				},
			),
		);

		// The run did what the setup says (it failed somewhere unless the run is clean).
		expect(fixture.emulator.counters.apiRequests).toBeGreaterThan(0);
		expectNothingLeaked(
			[run.outputs, run.error, run.error?.description, run.error?.stack, run.runData, logged],
			[accessToken, refreshToken],
			run.credentialUpdates,
		);
	});

	const refreshTokenSetups: Array<[string, () => ICredentialDataDecryptedObject, () => void]> = [
		['a clean run', () => ({}), () => undefined],
		['a lasting 500', () => ({}), () => fixture.emulator.faults.failNext(100, 500)],
		[
			'a revoked refresh token',
			() => {
				const refreshToken = fixture.emulator.tokens.mintRefreshToken();
				fixture.emulator.tokens.revokeRefreshToken(refreshToken);
				return { refreshToken };
			},
			() => undefined,
		],
		[
			'a wrong client secret',
			() => ({ clientSecret: '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' }),
			() => undefined,
		],
		[
			'only the removed scopes',
			() => ({
				refreshToken: fixture.emulator.tokens.mintRefreshToken({ scopes: [...REMOVED_SCOPES] }),
			}),
			() => undefined,
		],
	];

	it.each(refreshTokenSetups)(
		'with the refresh-token credential and %s',
		async (_, overrides, prepare) => {
			prepare();
			const stored: ICredentialDataDecryptedObject = {
				clientId: fixture.emulator.client.clientId,
				clientSecret: fixture.emulator.client.clientSecret,
				refreshToken: fixture.emulator.tokens.mintRefreshToken(),
				apiOrigin: fixture.emulator.origin,
				tokenUrl: fixture.emulator.tokenUrl,
				...overrides(),
			};
			const store = new CredentialStore({ googlePhotosRefreshTokenApi: stored });
			const { result: run, logged } = await capturingConsole(() =>
				runNode({
					items: rows(ids()),
					parameters: {
						authentication: 'refreshToken',
						resource: 'mediaItem',
						operation: 'batchGet',
						mediaItemIds: '={{ $json.id }}',
						options: { ...FAST_RETRIES, maxAttempts: 2 },
					},
					onError,
					credentials: store,
				}),
			);

			const minted = store.get('googlePhotosRefreshTokenApi').accessToken;
			expectNothingLeaked(
				[run.outputs, run.error, run.error?.description, run.error?.stack, run.runData, logged],
				[
					String(stored.refreshToken),
					String(stored.clientSecret),
					...(typeof minted === 'string' ? [minted] : []),
				],
			);
		},
	);
});

describe('the scan itself', () => {
	it('finds a token hidden in a non-enumerable property, an error cause or a stack', () => {
		const secret = 'ya29.a0-pretend-token';
		const error = new Error('outer', { cause: new Error(`inner ${secret}`) });
		const hidden = {};
		Object.defineProperty(hidden, 'x', { value: `Bearer ${secret}`, enumerable: false });
		expect(leakedSecrets([error], [secret])).toEqual([secret]);
		expect(leakedSecrets([{ deep: [hidden] }], [secret])).toEqual([secret]);
		expect(leakedSecrets([{ clean: 'nothing here' }], [secret])).toEqual([]);
	});

	it('knows the tokens n8n got from /token by refreshing', async () => {
		const accessToken = fixture.emulator.tokens.mintAccessToken();
		fixture.emulator.tokens.expireAccessToken(accessToken);
		const run = await fixture.batchGet(
			rows(ids()),
			{},
			{
				credentials: { googlePhotosOAuth2Api: fixture.credential({ accessToken }) },
			},
		);
		const refreshed = tokensStored(run.credentialUpdates);
		expect(refreshed.length).toBeGreaterThan(0);
		expect(bearerTokensSeen(fixture.emulator)).toEqual(
			expect.arrayContaining([accessToken, ...refreshed.filter((t) => t.startsWith('ya29.'))]),
		);
	});
});
