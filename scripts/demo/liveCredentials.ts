/**
 * `--live`: the user's own OAuth client and refresh token, from the environment or a JSON file,
 * turned into the same `googlePhotosOAuth2Api` credential n8n stores after "Sign in with Google",
 * pointed at Google. Nothing here prints a secret; callers mask them with `Redactor`.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	GOOGLE_PHOTOS_API_ORIGIN,
	GOOGLE_TOKEN_URL,
} from '../../nodes/GooglePhotos/transport/endpoints';
// The module itself, not the harness index: that loads n8n's engine, which an early exit never needs.
import { oauth2CredentialFor, type OAuth2Server } from '../../test/engine/oauth2Credential';

export interface LiveSecrets {
	clientId: string;
	clientSecret: string;
	refreshToken: string;
}

type Field = keyof LiveSecrets;

export const LIVE_ENV: Record<Field, string> = {
	clientId: 'GOOGLE_PHOTOS_CLIENT_ID',
	clientSecret: 'GOOGLE_PHOTOS_CLIENT_SECRET',
	refreshToken: 'GOOGLE_PHOTOS_REFRESH_TOKEN',
};

export const SECRET_LABELS: Record<Field, string> = {
	clientId: 'OAuth client ID',
	clientSecret: 'OAuth client secret',
	refreshToken: 'refresh token',
};

const FIELDS: Field[] = ['clientId', 'clientSecret', 'refreshToken'];

/** Google's own endpoints: the defaults of n8n's googleOAuth2Api and of our credential. */
export const GOOGLE_SERVER: Omit<OAuth2Server, 'client'> = {
	origin: GOOGLE_PHOTOS_API_ORIGIN,
	tokenUrl: GOOGLE_TOKEN_URL,
	authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
};

/**
 * Stands in for an access token that has expired. n8n cannot sign a request without some token;
 * Google answers this one with 401, and n8n then refreshes with the refresh token at the token
 * URL and repeats the request — the path every stored credential takes once its hour is up.
 */
export const EXPIRED_ACCESS_TOKEN = 'expired-access-token';

export type SecretsFound = Partial<LiveSecrets>;

type FileSecrets = { ok: true; found: SecretsFound } | { ok: false; message: string };

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

/**
 * Accepts `{ clientId, clientSecret, refreshToken }`, Google's `authorized_user` file
 * (`client_id`, `client_secret`, `refresh_token`), the OAuth Playground's token response
 * (`refresh_token`) and a Cloud Console client download (`{ "installed" | "web": { client_id,
 * client_secret } }`). Missing fields may come from the environment.
 */
export function secretsFromJson(content: string, fileName: string): FileSecrets {
	let parsed: unknown;
	try {
		parsed = JSON.parse(content.replace(/^\uFEFF/, ''));
	} catch {
		// JSON.parse quotes the text around the error, which may be a secret: say only where.
		return { ok: false, message: `${fileName} is not valid JSON.` };
	}
	const root = asObject(parsed);
	if (root === undefined) return { ok: false, message: `${fileName} does not hold a JSON object.` };
	const client = asObject(root.installed) ?? asObject(root.web) ?? root;
	const found: SecretsFound = {
		clientId: text(root.clientId) ?? text(client.client_id),
		clientSecret: text(root.clientSecret) ?? text(client.client_secret),
		refreshToken: text(root.refreshToken) ?? text(root.refresh_token),
	};
	if (FIELDS.every((field) => found[field] === undefined)) {
		return {
			ok: false,
			message: `${fileName} has none of client_id, client_secret, refresh_token.`,
		};
	}
	return { ok: true, found };
}

export function secretsFromEnv(env: NodeJS.ProcessEnv): SecretsFound {
	return {
		clientId: text(env[LIVE_ENV.clientId]),
		clientSecret: text(env[LIVE_ENV.clientSecret]),
		refreshToken: text(env[LIVE_ENV.refreshToken]),
	};
}

export type LiveSecretsResult = { ok: true; secrets: LiveSecrets } | { ok: false; message: string };

/** The file's values win; the environment fills the gaps. Names what is missing, never values. */
export function resolveLiveSecrets(
	fromEnv: SecretsFound,
	fromFile?: { name: string; found: SecretsFound },
): LiveSecretsResult {
	const secrets: SecretsFound = {};
	const sources: string[] = [];
	for (const field of FIELDS) {
		const value = fromFile?.found[field] ?? fromEnv[field];
		if (value === undefined) continue;
		secrets[field] = value;
		const source = fromFile?.found[field] !== undefined ? fromFile.name : LIVE_ENV[field];
		sources.push(`${SECRET_LABELS[field]} (from ${source})`);
	}
	const missing = FIELDS.filter((field) => secrets[field] === undefined);
	if (missing.length === 0) return { ok: true, secrets: secrets as LiveSecrets };
	const lines = [
		'--live needs your own OAuth client and a refresh token for it. Missing:',
		...missing.map((field) => `  ${SECRET_LABELS[field].padEnd(20)} ${LIVE_ENV[field]}`),
		...(sources.length > 0 ? [`Found: ${sources.join(', ')}.`] : []),
		'',
		'Give them as environment variables:',
		...FIELDS.map((field) => `  export ${LIVE_ENV[field]}=…`),
		'or in a JSON file: --credentials-file <file> with client_id, client_secret and refresh_token',
		'(an "authorized_user" file from gcloud works as it is).',
		'',
		'How to get them in a few minutes with the OAuth 2.0 Playground and your own OAuth client:',
		'README.md, section "The demo" → "Live credentials".',
	];
	return { ok: false, message: lines.join('\n') };
}

/**
 * What n8n stores for a connected `googlePhotosOAuth2Api` whose access token has expired:
 * Google's token URL and API origin (`server` is only replaced by tests, with the emulator).
 */
export function liveCredential(
	secrets: LiveSecrets,
	server: Omit<OAuth2Server, 'client'> = GOOGLE_SERVER,
): ICredentialDataDecryptedObject {
	return oauth2CredentialFor(
		{ ...server, client: { clientId: secrets.clientId, clientSecret: secrets.clientSecret } },
		{ accessToken: EXPIRED_ACCESS_TOKEN, refreshToken: secrets.refreshToken },
	);
}
