import {
	type Emulator,
	READONLY_APP_CREATED,
	REMOVED_SCOPES,
	type TokenError,
	type TokenSuccess,
	startEmulator,
} from './index';
import { batchGet, postForm, send } from './testing';

/** Spec §8: the refresh grant and its error shapes; §7: removed scopes still refresh. */

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ seed: 'token', librarySize: 20 });
});
afterEach(() => emulator.reset());
afterAll(() => emulator.stop());

function refresh(
	refreshToken: string,
	overrides: Record<string, string> = {},
): ReturnType<typeof postForm> {
	return postForm(emulator.tokenUrl, {
		grant_type: 'refresh_token',
		refresh_token: refreshToken,
		client_id: emulator.client.clientId,
		client_secret: emulator.client.clientSecret,
		...overrides,
	});
}

const parse = <T>(text: string): T => JSON.parse(text) as T;

describe('refresh grant success', () => {
	it('answers access_token, expires_in 3599, the granted scopes and token_type Bearer', async () => {
		const refreshToken = emulator.tokens.mintRefreshToken();
		const response = await refresh(refreshToken);
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
		const body = parse<TokenSuccess>(response.text);
		expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
		expect(body).toMatchObject({
			expires_in: 3599,
			scope: READONLY_APP_CREATED,
			token_type: 'Bearer',
		});
		expect(
			(await batchGet(emulator, emulator.library.ids().slice(0, 1), body.access_token)).status,
		).toBe(200);
	});

	it('answers several granted scopes space-separated, in grant order', async () => {
		const scopes = [
			READONLY_APP_CREATED,
			'https://www.googleapis.com/auth/photoslibrary.appendonly',
		];
		const body = parse<TokenSuccess>(
			(await refresh(emulator.tokens.mintRefreshToken({ scopes }))).text,
		);
		expect(body.scope).toBe(scopes.join(' '));
	});

	it('accepts client credentials in HTTP Basic auth instead of the body', async () => {
		const basic = Buffer.from(
			`${emulator.client.clientId}:${emulator.client.clientSecret}`,
		).toString('base64');
		const response = await postForm(
			emulator.tokenUrl,
			{ grant_type: 'refresh_token', refresh_token: emulator.tokens.mintRefreshToken() },
			{ authorization: `Basic ${basic}` },
		);
		expect(response.status).toBe(200);
	});

	it('refreshes a token that only has the removed 2025 scopes, whose reads then answer 403', async () => {
		const refreshToken = emulator.tokens.mintRefreshToken({ scopes: REMOVED_SCOPES });
		const body = parse<TokenSuccess>((await refresh(refreshToken)).text);
		expect(body.scope).toBe(REMOVED_SCOPES.join(' '));
		expect(
			(await batchGet(emulator, emulator.library.ids().slice(0, 1), body.access_token)).status,
		).toBe(403);
	});

	it('honours the configured access-token TTL in expires_in', async () => {
		const short = await startEmulator({ accessTokenTtlSeconds: 60, librarySize: 1 });
		try {
			const response = await postForm(short.tokenUrl, {
				grant_type: 'refresh_token',
				refresh_token: short.tokens.mintRefreshToken(),
				client_id: short.client.clientId,
				client_secret: short.client.clientSecret,
			});
			expect(parse<TokenSuccess>(response.text).expires_in).toBe(60);
		} finally {
			await short.stop();
		}
	});

	it('counts token requests', async () => {
		await refresh(emulator.tokens.mintRefreshToken());
		expect(emulator.counters.tokenRequests).toBe(1);
		expect(emulator.log[0]).toMatchObject({
			kind: 'token',
			method: 'POST',
			path: '/token',
			status: 200,
		});
	});
});

describe('token endpoint errors', () => {
	it('answers 400 invalid_grant "Token has been expired or revoked." for a revoked refresh token', async () => {
		const refreshToken = emulator.tokens.mintRefreshToken();
		emulator.tokens.revokeRefreshToken(refreshToken);
		const response = await refresh(refreshToken);
		expect(response.status).toBe(400);
		expect(parse<TokenError>(response.text)).toEqual({
			error: 'invalid_grant',
			error_description: 'Token has been expired or revoked.',
		});
	});

	it('answers 400 invalid_grant for a refresh token it never issued', async () => {
		const response = await refresh('1//0never-issued');
		expect(response.status).toBe(400);
		expect(parse<TokenError>(response.text).error).toBe('invalid_grant');
	});

	it('answers 401 invalid_client "Unauthorized" for a wrong client secret', async () => {
		const response = await refresh(emulator.tokens.mintRefreshToken(), {
			client_secret: 'GOCSPX-wrong',
		});
		expect(response.status).toBe(401);
		expect(parse<TokenError>(response.text)).toEqual({
			error: 'invalid_client',
			error_description: 'Unauthorized',
		});
	});

	it('answers 401 invalid_client "The OAuth client was not found." for an unknown client id', async () => {
		const response = await refresh(emulator.tokens.mintRefreshToken(), {
			client_id: 'nobody.apps.googleusercontent.com',
		});
		expect(response.status).toBe(401);
		expect(parse<TokenError>(response.text)).toEqual({
			error: 'invalid_client',
			error_description: 'The OAuth client was not found.',
		});
	});

	it('answers 400 unauthorized_client for a refresh token issued to another client', async () => {
		const theirs = emulator.tokens.mintRefreshToken({ clientId: emulator.otherClient.clientId });
		const response = await refresh(theirs);
		expect(response.status).toBe(400);
		expect(parse<TokenError>(response.text).error).toBe('unauthorized_client');
	});

	it('answers 400 unsupported_grant_type for other grant types', async () => {
		const response = await refresh(emulator.tokens.mintRefreshToken(), { grant_type: 'password' });
		expect(response.status).toBe(400);
		expect(parse<TokenError>(response.text)).toEqual({
			error: 'unsupported_grant_type',
			error_description: 'Invalid grant_type: password',
		});
	});

	it('answers 400 invalid_request when no client id can be found', async () => {
		const response = await postForm(emulator.tokenUrl, {
			grant_type: 'refresh_token',
			refresh_token: 'x',
		});
		expect(response.status).toBe(400);
		expect(parse<TokenError>(response.text).error).toBe('invalid_request');
	});

	it('answers 405 to a GET on the token endpoint', async () => {
		expect((await send(emulator.origin, '/token')).status).toBe(405);
	});
});

describe('authorization-code flow (for end-to-end runs in a real n8n)', () => {
	it('consents at once, redirects with code and state, and exchanges the code for tokens once', async () => {
		const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';
		const authorize = await send(
			emulator.origin,
			`/o/oauth2/v2/auth?client_id=${encodeURIComponent(emulator.client.clientId)}&redirect_uri=${encodeURIComponent(redirectUri)}` +
				`&response_type=code&access_type=offline&prompt=consent&state=abc&scope=${encodeURIComponent(READONLY_APP_CREATED)}`,
		);
		expect(authorize.status).toBe(302);
		const location = new URL(String(authorize.headers.location));
		expect(location.searchParams.get('state')).toBe('abc');
		const code = location.searchParams.get('code') ?? '';
		const exchange = {
			grant_type: 'authorization_code',
			code,
			redirect_uri: redirectUri,
			client_id: emulator.client.clientId,
			client_secret: emulator.client.clientSecret,
		};
		const first = await postForm(emulator.tokenUrl, exchange);
		expect(first.status).toBe(200);
		const body = parse<TokenSuccess>(first.text);
		expect(body.refresh_token).toMatch(/^1\/\/0/);
		expect(body.scope).toBe(READONLY_APP_CREATED);
		expect((await refresh(body.refresh_token ?? '')).status).toBe(200);
		expect((await postForm(emulator.tokenUrl, exchange)).status).toBe(400);
	});
});
