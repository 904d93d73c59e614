import { readFileSync } from 'node:fs';

import type { OAuthClient, RequestKind } from '../../emulator';

export interface TokenSet {
	accessToken: string;
	refreshToken: string;
	scopes: string[];
}

/** What test/e2e/emulator-process.ts tells the checks about the emulator it started. */
export interface EmulatorState {
	/** API origin: the credential's `apiOrigin`. */
	origin: string;
	/** The token endpoint n8n must be pointed at (CREDENTIALS_OVERWRITE_DATA). */
	tokenUrl: string;
	/** `GET {controlUrl}/log`: the request log; `POST {controlUrl}/expire-token`: see `accessToken`. */
	controlUrl: string;
	client: OAuthClient;
	tokens: {
		/** Valid until a check expires it at the emulator; then the API answers 401 for it. */
		accessToken: string;
		refreshToken: string;
		scopes: string[];
		/** Tokens that carry only the Photos scopes Google removed in 2025: reads answer 403. */
		removedScopes: TokenSet;
	};
	library: { ids: string[]; deletedIds: string[]; otherAppIds: string[] };
}

export interface LoggedRequest {
	method: string;
	path: string;
	rawQuery: string;
	kind: RequestKind;
	status: number;
	authorization?: string;
}

export interface EmulatorLog {
	requests: LoggedRequest[];
	counters: Record<string, number>;
}

export function readEmulatorState(path: string): EmulatorState {
	return JSON.parse(readFileSync(path, 'utf8')) as EmulatorState;
}

export async function fetchEmulatorLog(state: EmulatorState): Promise<EmulatorLog> {
	const response = await fetch(`${state.controlUrl}/log`);
	if (!response.ok) throw new Error(`emulator control answered ${response.status}`);
	return (await response.json()) as EmulatorLog;
}

/** Makes the emulator treat the stored access token as expired, as an hour's wait would. */
export async function expireAccessToken(state: EmulatorState): Promise<void> {
	const response = await fetch(`${state.controlUrl}/expire-token`, { method: 'POST' });
	if (!response.ok) throw new Error(`emulator control answered ${response.status}`);
}

/** The token a request was sent with, or undefined. */
export function bearerOf(request: LoggedRequest): string | undefined {
	return /^Bearer\s+(\S+)$/i.exec(request.authorization ?? '')?.[1];
}
