import type { IExecuteFunctions } from 'n8n-workflow';

import {
	failureFromResponse,
	malformedResponseFailure,
	networkFailure,
	notConnectedFailure,
	oauth2RefreshFailure,
	reconnectFailure,
	timeoutFailure,
	tokenExchangeFailure,
	type GoogleResponse,
	type RequestFailure,
} from '../helpers/requestFailure';
import { findTokenExchangeError } from '../helpers/tokenErrors';
import type { MediaItemId, MediaItemResult } from '../types';
import { BATCH_GET_PATH } from './endpoints';

export interface TransportSettings {
	/** `googlePhotosOAuth2Api` or `googlePhotosRefreshTokenApi`, as the Authentication parameter says. */
	credentialType: string;
	/** Google's origin, or the emulator's in tests and the demo (from the credential). */
	apiOrigin: string;
	/** Per-request timeout in milliseconds. */
	timeoutMs: number;
}

export type BatchGetAnswer =
	{ ok: true; results: MediaItemResult[] } | { ok: false; failure: RequestFailure };

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** Each entry an object whose `mediaItem` and `status`, when present, are objects too (spec §2). */
function isResultList(value: unknown): value is MediaItemResult[] {
	return (
		Array.isArray(value) &&
		value.every(
			(entry) =>
				isObject(entry) &&
				(entry.mediaItem === undefined || isObject(entry.mediaItem)) &&
				(entry.status === undefined || isObject(entry.status)),
		)
	);
}

/** Checks a 200 body before anyone pairs it with ids by position (spec §2). */
export function readResults(body: unknown, requested: number): BatchGetAnswer {
	if (typeof body !== 'object' || body === null) {
		return { ok: false, failure: malformedResponseFailure('its body is not JSON') };
	}
	const results = (body as { mediaItemResults?: unknown }).mediaItemResults;
	if (results === undefined) {
		return { ok: false, failure: malformedResponseFailure('without "mediaItemResults"') };
	}
	if (!isResultList(results)) {
		return {
			ok: false,
			failure: malformedResponseFailure('"mediaItemResults" is not a list of results'),
		};
	}
	if (results.length !== requested) {
		return {
			ok: false,
			failure: malformedResponseFailure(
				`with ${results.length} results for ${requested} requested IDs`,
			),
		};
	}
	return { ok: true, results };
}

/**
 * The OAuth error Google's token endpoint answered when n8n refreshed the OAuth2 credential:
 * n8n's OAuth2 client throws it as `{ code: 'EAUTH', body: { error, error_description } }`
 * (4xx answers only; a 5xx stays a plain HTTP error), wrapped in a NodeApiError.
 */
function oauth2TokenErrorOf(error: unknown): { error: string; description?: string } | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		const { code, body, cause } = current as { code?: unknown; body?: unknown; cause?: unknown };
		const oauthError = (body as { error?: unknown } | undefined)?.error;
		if (code === 'EAUTH' && typeof oauthError === 'string') {
			const description = (body as { error_description?: unknown }).error_description;
			return {
				error: oauthError,
				description: typeof description === 'string' ? description : undefined,
			};
		}
		current = cause;
	}
	return undefined;
}

function failureFromThrown(error: unknown, timeoutMs: number): RequestFailure {
	const tokenError = findTokenExchangeError(error);
	if (tokenError) return tokenExchangeFailure(tokenError);
	const message = error instanceof Error ? error.message : String(error);
	if (/needs to be reconnected/i.test(message)) return reconnectFailure(message);
	const oauthError = oauth2TokenErrorOf(error);
	if (oauthError) return oauth2RefreshFailure(oauthError.error, oauthError.description);
	// n8n's words for an OAuth2 credential that was saved without signing in.
	if (/Unable to sign without access token|OAuth credentials not connected/i.test(message)) {
		return notConnectedFailure(message);
	}
	const cause = (
		error as { cause?: { code?: unknown; message?: unknown; response?: { status?: unknown } } }
	).cause;
	const httpCode = Number((error as { httpCode?: unknown }).httpCode ?? cause?.response?.status);
	if (httpCode === 401) {
		return failureFromResponse({
			statusCode: 401,
			body: {
				error: {
					code: 401,
					status: 'UNAUTHENTICATED',
					message: 'Request had invalid authentication credentials.',
				},
			},
			headers: {},
		});
	}
	// axios' own words for its timeout (code ECONNABORTED, or ETIMEDOUT when clarified).
	if (typeof cause?.message === 'string' && /^timeout of \d+ms exceeded/.test(cause.message)) {
		return timeoutFailure(timeoutMs);
	}
	const code = typeof cause?.code === 'string' ? cause.code : undefined;
	return networkFailure(code ? `${code} (${message})` : message);
}

/**
 * The one place that calls `mediaItems:batchGet`. Never throws: every outcome, including a
 * network failure, comes back as a value so the caller can decide per batch (spec §4).
 */
export async function batchGetMediaItems(
	context: IExecuteFunctions,
	mediaItemIds: readonly MediaItemId[],
	settings: TransportSettings,
): Promise<BatchGetAnswer> {
	let response: GoogleResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			settings.credentialType,
			{
				method: 'GET',
				baseURL: settings.apiOrigin,
				url: BATCH_GET_PATH,
				// Google wants the key repeated without brackets: mediaItemIds=a&mediaItemIds=b (spec §1).
				qs: { mediaItemIds: [...mediaItemIds] },
				arrayFormat: 'repeat',
				json: true,
				returnFullResponse: true,
				// Read Google's error bodies ourselves, but leave 401 to n8n so it refreshes the token.
				ignoreHttpStatusErrors: { ignore: true, except: [401] },
				timeout: settings.timeoutMs,
			},
		)) as GoogleResponse;
	} catch (error) {
		return { ok: false, failure: failureFromThrown(error, settings.timeoutMs) };
	}
	if (response.statusCode >= 200 && response.statusCode < 300) {
		return readResults(response.body, mediaItemIds.length);
	}
	return { ok: false, failure: failureFromResponse(response) };
}
