import { GOOGLE_TOKEN_URL } from '../transport/endpoints';

/**
 * What the token endpoint needs to mint an access token from a refresh token (spec §8), read from
 * the refresh-token credential: either its three fields or a pasted `authorized_user` JSON — the
 * file `gcloud auth application-default login` writes.
 */
export interface RefreshTokenGrant {
	clientId: string;
	clientSecret: string;
	refreshToken: string;
}

export type GrantResolution =
	| { ok: true; grant: RefreshTokenGrant; source: 'fields' | 'json' }
	| { ok: false; problem: string };

/** The credential's stored values as n8n hands them over (anything may be missing or mistyped). */
export interface RefreshTokenCredentialData {
	tokenUrl?: unknown;
	clientId?: unknown;
	clientSecret?: unknown;
	refreshToken?: unknown;
	/** The pasted authorized_user JSON (named so n8n's linter treats it as the secret it is). */
	authorizedUserSecretJson?: unknown;
}

/** The stored token URL: Google's unless a test or the demo pointed it at the emulator. */
export function tokenUrlOf(data: RefreshTokenCredentialData): string {
	const stored = text(data.tokenUrl);
	return stored === '' ? GOOGLE_TOKEN_URL : stored;
}

const FIELD_LABELS: Record<keyof RefreshTokenGrant, string> = {
	clientId: 'Client ID',
	clientSecret: 'Client Secret',
	refreshToken: 'Refresh Token',
};

const JSON_KEYS: Record<keyof RefreshTokenGrant, string> = {
	clientId: 'client_id',
	clientSecret: 'client_secret',
	refreshToken: 'refresh_token',
};

const GRANT_KEYS = Object.keys(FIELD_LABELS) as Array<keyof RefreshTokenGrant>;

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JSON wins when it is given, so a user who pastes a fresh file never has a stale field
 * silently mixed in. Messages name fields and keys, never values: they end up in the editor.
 */
export function resolveGrant(data: RefreshTokenCredentialData): GrantResolution {
	const pasted = text(data.authorizedUserSecretJson);
	if (pasted !== '') return grantFromJson(pasted);

	const grant: RefreshTokenGrant = {
		clientId: text(data.clientId),
		clientSecret: text(data.clientSecret),
		refreshToken: text(data.refreshToken),
	};
	const missing = GRANT_KEYS.filter((key) => grant[key] === '');
	if (missing.length > 0) {
		return {
			ok: false,
			problem: `The credential has no ${missing.map((key) => FIELD_LABELS[key]).join(', ')}. Fill in Client ID, Client Secret and Refresh Token, or paste an authorized_user JSON.`,
		};
	}
	return { ok: true, grant, source: 'fields' };
}

function grantFromJson(pasted: string): GrantResolution {
	let parsed: unknown;
	try {
		parsed = JSON.parse(pasted);
	} catch {
		// JSON.parse quotes the input around the error, which may be a secret: say only that it failed.
		return {
			ok: false,
			problem:
				'The pasted authorized_user JSON is not valid JSON. Paste the whole file, from { to }.',
		};
	}
	if (!isRecord(parsed)) {
		return { ok: false, problem: 'The pasted authorized_user JSON must be an object ({ … }).' };
	}
	const wrongKind = wrongFileProblem(parsed);
	if (wrongKind) return { ok: false, problem: wrongKind };

	const grant: RefreshTokenGrant = {
		clientId: text(parsed.client_id),
		clientSecret: text(parsed.client_secret),
		refreshToken: text(parsed.refresh_token),
	};
	const missing = GRANT_KEYS.filter((key) => grant[key] === '');
	if (missing.length > 0) {
		return {
			ok: false,
			problem: `The pasted authorized_user JSON has no ${missing.map((key) => `"${JSON_KEYS[key]}"`).join(', ')}.`,
		};
	}
	return { ok: true, grant, source: 'json' };
}

/** Files people commonly paste instead of an authorized_user file, and what to do instead. */
function wrongFileProblem(json: Record<string, unknown>): string | undefined {
	if (isRecord(json.installed) || isRecord(json.web)) {
		return 'The pasted JSON is an OAuth client file (client_secret_….json): it holds no refresh token. Use it to mint one (see the credential documentation), then paste the resulting authorized_user JSON, or fill in the three fields.';
	}
	const type = json.type;
	if (type === undefined || type === 'authorized_user') return undefined;
	if (type === 'service_account') {
		return 'The pasted JSON is a service account key. The Photos Library API only accepts user accounts: paste an authorized_user JSON instead.';
	}
	return `The pasted JSON has type "${String(type)}", expected "authorized_user".`;
}
