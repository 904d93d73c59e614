import { type Emulator, READONLY_APP_CREATED, REMOVED_SCOPES, startEmulator } from './index';
import { batchGet, bearer, errorOf, send } from './testing';

/** Spec §4 (whole-request failures) and §9.3 (the order they are checked in). */

let emulator: Emulator;
let token: string;
let ids: string[];

beforeAll(async () => {
	emulator = await startEmulator({ seed: 'auth', librarySize: 60, projectNumber: '123456789012' });
	token = emulator.tokens.mintAccessToken();
	ids = emulator.library.ids().slice(0, 2);
});
afterEach(() => emulator.reset());
afterAll(() => emulator.stop());

const UNAUTHENTICATED_MESSAGE =
	'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
const WWW_AUTHENTICATE = 'Bearer realm="https://accounts.google.com/", error="invalid_token"';

describe('401 UNAUTHENTICATED', () => {
	const cases: Array<[string, () => Record<string, string>]> = [
		['a missing token', () => ({})],
		['an unknown token', () => bearer('ya29.not-a-token')],
		['a malformed Authorization header', () => ({ authorization: 'Token abc' })],
		[
			'an expired token',
			() => {
				const expired = emulator.tokens.mintAccessToken();
				emulator.tokens.expireAccessToken(expired);
				return bearer(expired);
			},
		],
		['a token whose TTL ran out', () => bearer(emulator.tokens.mintAccessToken({ ttlSeconds: 0 }))],
	];
	it.each(cases)(
		'answers %s with 401, the spec’s message and WWW-Authenticate',
		async (_name, headers) => {
			const response = await send(
				emulator.origin,
				`/v1/mediaItems:batchGet?mediaItemIds=${ids[0]}`,
				{
					headers: headers(),
				},
			);
			expect(response.status).toBe(401);
			expect(response.headers['www-authenticate']).toBe(WWW_AUTHENTICATE);
			expect(response.headers['content-type']).toBe('application/json; charset=UTF-8');
			const error = errorOf(response);
			expect(error).toMatchObject({
				code: 401,
				message: UNAUTHENTICATED_MESSAGE,
				status: 'UNAUTHENTICATED',
			});
		},
	);

	it('answers the single get with 401 too', async () => {
		const response = await send(emulator.origin, `/v1/mediaItems/${ids[0]}`);
		expect(response.status).toBe(401);
	});
});

describe('403 insufficient scopes', () => {
	const expectScopeError = (status: number, text: string, method: string): void => {
		expect(status).toBe(403);
		const error = JSON.parse(text) as {
			error: { code: number; message: string; status: string; details: unknown[] };
		};
		expect(error.error).toEqual({
			code: 403,
			message: 'Request had insufficient authentication scopes.',
			status: 'PERMISSION_DENIED',
			details: [
				{
					'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
					reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
					domain: 'googleapis.com',
					metadata: { service: 'photoslibrary.googleapis.com', method },
				},
			],
		});
	};

	it.each(REMOVED_SCOPES)(
		'refuses a token that only carries the removed scope %s',
		async (scope) => {
			const removed = emulator.tokens.mintAccessToken({ scopes: [scope] });
			const response = await batchGet(emulator, ids, removed);
			expectScopeError(
				response.status,
				response.text,
				'google.photos.library.v1.PhotosLibrary.BatchGetMediaItems',
			);
		},
	);

	it('refuses a token carrying all three removed scopes together', async () => {
		const removed = emulator.tokens.mintAccessToken({ scopes: REMOVED_SCOPES });
		expect((await batchGet(emulator, ids, removed)).status).toBe(403);
	});

	it('refuses appendonly and edit.appcreateddata tokens', async () => {
		for (const scope of ['photoslibrary.appendonly', 'photoslibrary.edit.appcreateddata']) {
			const other = emulator.tokens.mintAccessToken({ scopes: [scope] });
			expect((await batchGet(emulator, ids, other)).status).toBe(403);
		}
	});

	it('names GetMediaItem in the ErrorInfo of a single get', async () => {
		const removed = emulator.tokens.mintAccessToken({ scopes: [REMOVED_SCOPES[1]] });
		const response = await send(emulator.origin, `/v1/mediaItems/${ids[0]}`, {
			headers: bearer(removed),
		});
		expectScopeError(
			response.status,
			response.text,
			'google.photos.library.v1.PhotosLibrary.GetMediaItem',
		);
	});

	it('accepts readonly.appcreateddata next to a removed scope', async () => {
		const both = emulator.tokens.mintAccessToken({
			scopes: [REMOVED_SCOPES[0], READONLY_APP_CREATED],
		});
		expect((await batchGet(emulator, ids, both)).status).toBe(200);
	});
});

describe('403 SERVICE_DISABLED', () => {
	it('answers with the project number, activation URL and ErrorInfo reason SERVICE_DISABLED', async () => {
		emulator.faults.serviceDisabled(true);
		const response = await batchGet(emulator, ids, token);
		expect(response.status).toBe(403);
		const error = errorOf(response);
		expect(error.status).toBe('PERMISSION_DENIED');
		expect(error.message).toMatch(
			/^Photos Library API has not been used in project 123456789012 before or it is disabled\. Enable it by visiting https:\/\/console\.developers\.google\.com\/apis\/api\/photoslibrary\.googleapis\.com\/overview\?project=123456789012 then retry\. /,
		);
		expect(error.details).toContainEqual(
			expect.objectContaining({ reason: 'SERVICE_DISABLED', domain: 'googleapis.com' }),
		);
	});

	it('serves again once switched off', async () => {
		emulator.faults.serviceDisabled(true);
		emulator.faults.serviceDisabled(false);
		expect((await batchGet(emulator, ids, token)).status).toBe(200);
	});
});

describe('500 and 503 envelopes', () => {
	it('answers 500 INTERNAL "Internal error encountered."', async () => {
		emulator.faults.failNext(1, 500);
		const response = await batchGet(emulator, ids, token);
		expect(response.status).toBe(500);
		expect(errorOf(response)).toEqual({
			code: 500,
			message: 'Internal error encountered.',
			status: 'INTERNAL',
		});
	});

	it('answers 503 UNAVAILABLE "The service is currently unavailable."', async () => {
		emulator.faults.failNext(1, 503);
		const response = await batchGet(emulator, ids, token);
		expect(response.status).toBe(503);
		expect(errorOf(response)).toEqual({
			code: 503,
			message: 'The service is currently unavailable.',
			status: 'UNAVAILABLE',
		});
	});
});

describe('validation order: auth → SERVICE_DISABLED → scope → quota → arguments → per item', () => {
	const tooMany = (): string[] => emulator.library.ids().slice(0, 51);

	it('answers 401 before SERVICE_DISABLED', async () => {
		emulator.faults.serviceDisabled(true);
		expect((await batchGet(emulator, ids, 'bogus')).status).toBe(401);
	});

	it('answers SERVICE_DISABLED before insufficient scopes', async () => {
		emulator.faults.serviceDisabled(true);
		const removed = emulator.tokens.mintAccessToken({ scopes: REMOVED_SCOPES });
		const response = await batchGet(emulator, ids, removed);
		expect(errorOf(response).details).toContainEqual(
			expect.objectContaining({ reason: 'SERVICE_DISABLED' }),
		);
	});

	it('answers insufficient scopes before the quota, and leaves the quota fault unconsumed', async () => {
		emulator.faults.rateLimitNext(1, { kind: 'minute' });
		const removed = emulator.tokens.mintAccessToken({ scopes: REMOVED_SCOPES });
		expect((await batchGet(emulator, ids, removed)).status).toBe(403);
		expect((await batchGet(emulator, ids, token)).status).toBe(429);
	});

	it('answers 429 before argument errors', async () => {
		emulator.faults.rateLimitNext(1, { kind: 'day' });
		expect((await batchGet(emulator, tooMany(), token)).status).toBe(429);
	});

	it('answers argument errors before a poisoned id', async () => {
		const all = tooMany();
		emulator.faults.poison(all[0]);
		expect((await batchGet(emulator, all, token)).status).toBe(400);
	});

	it('answers 401 before argument errors', async () => {
		expect((await batchGet(emulator, tooMany(), 'bogus')).status).toBe(401);
	});
});
