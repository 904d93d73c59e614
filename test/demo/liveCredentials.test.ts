import { join } from 'node:path';

import { GooglePhotosOAuth2Api } from '../../credentials/GooglePhotosOAuth2Api.credentials';
import {
	EXPIRED_ACCESS_TOKEN,
	liveCredential,
	resolveLiveSecrets,
	secretsFromEnv,
	secretsFromJson,
} from '../../scripts/demo/liveCredentials';
import { NODES_BASE_DIR } from '../engine/nodesBase';

const SECRETS = {
	clientId: '1234-abcd.apps.googleusercontent.com',
	clientSecret: 'GOCSPX-not-a-real-secret',
	refreshToken: '1//0g-not-a-real-refresh-token',
};
const ENV = {
	GOOGLE_PHOTOS_CLIENT_ID: SECRETS.clientId,
	GOOGLE_PHOTOS_CLIENT_SECRET: SECRETS.clientSecret,
	GOOGLE_PHOTOS_REFRESH_TOKEN: SECRETS.refreshToken,
};

function expectNoSecretIn(text: string) {
	for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
}

describe('live credentials: what is missing', () => {
	it('names all three environment variables and the README section when nothing is given', () => {
		const result = resolveLiveSecrets(secretsFromEnv({}));
		expect(result.ok).toBe(false);
		const { message } = result as { message: string };
		expect(message).toContain('GOOGLE_PHOTOS_CLIENT_ID');
		expect(message).toContain('GOOGLE_PHOTOS_CLIENT_SECRET');
		expect(message).toContain('GOOGLE_PHOTOS_REFRESH_TOKEN');
		expect(message).toContain('--credentials-file');
		expect(message).toContain('README.md, section "The demo" → "Live credentials"');
	});

	it('says which are found and where, without echoing any value', () => {
		const result = resolveLiveSecrets(
			secretsFromEnv({
				GOOGLE_PHOTOS_CLIENT_ID: SECRETS.clientId,
				GOOGLE_PHOTOS_CLIENT_SECRET: ' ',
			}),
			{ name: 'creds.json', found: { refreshToken: SECRETS.refreshToken } },
		);
		const { message } = result as { message: string };
		expect(message).toMatch(/Missing:\n {2}OAuth client secret +GOOGLE_PHOTOS_CLIENT_SECRET\n/);
		expect(message).toContain(
			'Found: OAuth client ID (from GOOGLE_PHOTOS_CLIENT_ID), refresh token (from creds.json).',
		);
		expectNoSecretIn(message);
	});

	it('takes all three from the environment', () => {
		expect(resolveLiveSecrets(secretsFromEnv(ENV))).toEqual({ ok: true, secrets: SECRETS });
	});
});

describe('live credentials: files', () => {
	const file = (json: unknown) => JSON.stringify(json);

	it.each([
		['our own shape', { ...SECRETS }],
		[
			"Google's authorized_user file",
			{
				type: 'authorized_user',
				client_id: SECRETS.clientId,
				client_secret: SECRETS.clientSecret,
				refresh_token: SECRETS.refreshToken,
				universe_domain: 'googleapis.com',
			},
		],
	])('reads %s', (_, json) => {
		expect(secretsFromJson(file(json), 'c.json')).toEqual({ ok: true, found: SECRETS });
	});

	it('reads a Cloud Console client download and takes the refresh token from the environment', () => {
		const download = secretsFromJson(
			file({ web: { client_id: SECRETS.clientId, client_secret: SECRETS.clientSecret } }),
			'client_secret_1234.json',
		);
		expect(download.ok).toBe(true);
		const found = (download as { found: Record<string, string> }).found;
		const result = resolveLiveSecrets(
			{ refreshToken: SECRETS.refreshToken, clientId: 'overridden-by-the-file' },
			{ name: 'client_secret_1234.json', found },
		);
		expect(result).toEqual({ ok: true, secrets: SECRETS });
	});

	it('reads the OAuth Playground token response for its refresh token', () => {
		const response = {
			access_token: 'ya29.x',
			refresh_token: SECRETS.refreshToken,
			expires_in: 3599,
		};
		expect(secretsFromJson(file(response), 'p.json')).toEqual({
			ok: true,
			found: { refreshToken: SECRETS.refreshToken },
		});
	});

	it('refuses broken JSON without quoting it, since the text may be a secret', () => {
		const result = secretsFromJson(`{"client_secret": "${SECRETS.clientSecret}`, 'c.json');
		expect(result).toEqual({ ok: false, message: 'c.json is not valid JSON.' });
	});

	it('refuses JSON that holds none of the fields', () => {
		expect(secretsFromJson('{"token": "x"}', 'c.json')).toEqual({
			ok: false,
			message: 'c.json has none of client_id, client_secret, refresh_token.',
		});
	});
});

describe('the credential --live runs with', () => {
	// What a real n8n resets googleOAuth2Api's hidden fields to, read from n8n-nodes-base itself.
	const googleOAuth2Defaults = () => {
		const { GoogleOAuth2Api } = jest.requireActual<{
			GoogleOAuth2Api: new () => { properties: Array<{ name: string; default: unknown }> };
		}>(join(NODES_BASE_DIR, 'dist/credentials/GoogleOAuth2Api.credentials.js'));
		return Object.fromEntries(
			new GoogleOAuth2Api().properties.map((property) => [property.name, property.default]),
		);
	};
	const ourDefault = (name: string) =>
		new GooglePhotosOAuth2Api().properties.find((property) => property.name === name)?.default;

	it("points at Google: n8n's Google token and authorization URLs, our credential's API origin", () => {
		const credential = liveCredential(SECRETS);
		const google = googleOAuth2Defaults();
		expect(credential.accessTokenUrl).toBe('https://oauth2.googleapis.com/token');
		expect(credential.accessTokenUrl).toBe(google.accessTokenUrl);
		expect(credential.authUrl).toBe(google.authUrl);
		expect(credential.authentication).toBe(google.authentication);
		expect(credential.apiOrigin).toBe('https://photoslibrary.googleapis.com');
		expect(credential.apiOrigin).toBe(ourDefault('apiOrigin'));
		expect(credential.scope).toBe(ourDefault('scope'));
	});

	it('carries the user client and refresh token, and an access token that forces a refresh', () => {
		const credential = liveCredential(SECRETS);
		expect(credential).toMatchObject({
			clientId: SECRETS.clientId,
			clientSecret: SECRETS.clientSecret,
			oauthTokenData: { access_token: EXPIRED_ACCESS_TOKEN, refresh_token: SECRETS.refreshToken },
		});
		expect(EXPIRED_ACCESS_TOKEN).not.toBe('');
	});
});
