import type { MediaItemError } from '../types';
import type { TokenExchangeError } from './tokenErrors';
import { RECONNECT_EXPLANATION, SCOPE_EXPLANATION, rpcStatusName } from './googleErrors';
import { nextPacificMidnight } from './pacificMidnight';

/** A whole batchGet request that failed: every id in it shares this error. */
export interface RequestFailure extends MediaItemError {
	kind: 'request';
	/** How the failure may be retried (spec §5). */
	retry: 'transient' | 'rateLimit' | 'never';
	/** Server-provided wait (Retry-After), when given. */
	retryAfterMs?: number;
	/** Every other request would fail the same way (auth, scope, API disabled, daily quota). */
	stopsAllRequests: boolean;
}

/**
 * A Retry-After longer than this is not waited for: the node would sit idle, holding the
 * execution, for longer than any user expects. The request fails with Google's answer instead.
 */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface GoogleResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, unknown>;
}

interface GoogleErrorEnvelope {
	code?: number;
	message?: string;
	status?: string;
	details?: Array<{ '@type'?: string; reason?: string; metadata?: Record<string, string> }>;
}

function envelopeOf(body: unknown): GoogleErrorEnvelope | undefined {
	if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
	const error = (body as { error: unknown }).error;
	return typeof error === 'object' && error !== null ? (error as GoogleErrorEnvelope) : undefined;
}

function errorInfo(envelope: GoogleErrorEnvelope | undefined) {
	return envelope?.details?.find((detail) => detail['@type']?.endsWith('google.rpc.ErrorInfo'));
}

function retryAfterMs(headers: Record<string, unknown>, now: Date): number | undefined {
	const raw = headers['retry-after'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

function failure(
	httpCode: number,
	fields: Omit<RequestFailure, 'kind' | 'httpCode' | 'code' | 'status'> & { status?: string },
): RequestFailure {
	return {
		code: httpCode,
		status: fields.status ?? statusForHttp(httpCode),
		httpCode,
		kind: 'request',
		...fields,
	} as RequestFailure;
}

function statusForHttp(httpCode: number): string {
	const byHttp: Record<number, number> = {
		400: 3,
		401: 16,
		403: 7,
		404: 5,
		409: 10,
		429: 8,
		499: 1,
		500: 13,
		501: 12,
		503: 14,
		504: 4,
	};
	return byHttp[httpCode] !== undefined
		? rpcStatusName(byHttp[httpCode])
		: httpCode >= 500
			? 'INTERNAL'
			: 'UNKNOWN';
}

function describeReset(now: Date): string {
	const reset = nextPacificMidnight(now);
	const minutes = Math.ceil((reset.getTime() - now.getTime()) / 60_000);
	return `${reset.toISOString()} (midnight Pacific time, in ${Math.floor(minutes / 60)} h ${minutes % 60} min)`;
}

/** Classifies a non-2xx batchGet answer into a failure a person can act on (spec §4, §5). */
export function failureFromResponse(response: GoogleResponse, now = new Date()): RequestFailure {
	const { statusCode } = response;
	const envelope = envelopeOf(response.body);
	if (!envelope) {
		return failure(statusCode, {
			message: `Google Photos answered HTTP ${statusCode} with a body that is not a Google API error.`,
			description:
				'Something between n8n and Google (a proxy, firewall or load balancer) answered instead of Google, or the answer was cut off. Check the network path. A 5xx or 429 answer like this is retried (Retry Attempts) before it is reported.',
			retry: statusCode >= 500 || statusCode === 429 ? 'transient' : 'never',
			stopsAllRequests: false,
		});
	}

	const message = envelope.message ?? `HTTP ${statusCode}`;
	const status = envelope.status;
	const info = errorInfo(envelope);
	const reason = info?.reason;

	if (statusCode === 401) {
		return failure(statusCode, {
			status,
			message,
			reason,
			description:
				'Google rejected the access token even after n8n refreshed it. Reconnect the credential; if it keeps happening, check that the OAuth client ID and secret belong to the same Google Cloud project.',
			retry: 'never',
			stopsAllRequests: true,
		});
	}
	if (statusCode === 403 && reason === 'SERVICE_DISABLED') {
		return failure(statusCode, {
			status,
			message,
			reason,
			description:
				'The Photos Library API is switched off for the Google Cloud project that owns this OAuth client. In Google Cloud Console open APIs & Services → Library, search "Photos Library API", click Enable, wait a few minutes and run again (the link in the message opens the right page).',
			retry: 'never',
			stopsAllRequests: true,
		});
	}
	if (
		statusCode === 403 &&
		(reason === 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' ||
			/insufficient authentication scopes/i.test(message))
	) {
		return failure(statusCode, {
			status,
			message,
			reason,
			description: SCOPE_EXPLANATION,
			retry: 'never',
			stopsAllRequests: true,
		});
	}
	if (statusCode === 429) {
		const quotaLimit = info?.metadata?.quota_limit ?? '';
		if (/per ?day/i.test(quotaLimit) || /per day/i.test(message)) {
			return failure(statusCode, {
				status,
				message,
				reason,
				description: `The Google Cloud project has used its daily Photos Library API quota (10,000 requests by default). It resets at ${describeReset(now)}. Runs before then will fail the same way.`,
				retry: 'never',
				stopsAllRequests: true,
			});
		}
		const askedToWaitMs = retryAfterMs(response.headers, now);
		if (askedToWaitMs !== undefined && askedToWaitMs > MAX_RETRY_AFTER_MS) {
			return failure(statusCode, {
				status,
				message,
				reason,
				description: `Google limited how many requests this project may make and asked to wait ${Math.ceil(askedToWaitMs / 60_000)} minutes before the next one (Retry-After), longer than the node waits (${MAX_RETRY_AFTER_MS / 60_000} minutes). Run again after that, with a lower Concurrency.`,
				retry: 'never',
				retryAfterMs: askedToWaitMs,
				stopsAllRequests: false,
			});
		}
		return failure(statusCode, {
			status,
			message,
			reason,
			description:
				'Google limited how many requests this project may make per minute, and still did after the node waited and retried as Google advises (Retry Attempts, Rate Limit Delay). Lower Concurrency, or spread the work over more time.',
			retry: 'rateLimit',
			retryAfterMs: askedToWaitMs,
			stopsAllRequests: false,
		});
	}
	if (statusCode >= 500) {
		return failure(statusCode, {
			status,
			message,
			reason,
			description:
				"Google Photos had a server problem and the request still failed after the node's retries with back-off (Retry Attempts). Such errors usually pass: run again later.",
			retry: 'transient',
			stopsAllRequests: false,
		});
	}
	return failure(statusCode, {
		status,
		message,
		reason,
		description: `Google rejected the request (${status ?? `HTTP ${statusCode}`}) and says why in the message above. The node does not retry such an answer: the same request would get it again.`,
		retry: 'never',
		stopsAllRequests: false,
	});
}

/** A 200 whose body is not what batchGet promises: the ids in it cannot be paired safely. */
export function malformedResponseFailure(problem: string): RequestFailure {
	return failure(200, {
		status: 'DATA_LOSS',
		message: `Google Photos answered 200 but ${problem}.`,
		description:
			'The answer could not be matched to the requested IDs, so none of them is reported as found. This usually means a proxy altered the response or the connection was cut; run again.',
		retry: 'transient',
		stopsAllRequests: false,
	});
}

/** No HTTP answer at all: connection refused or reset, DNS, timeout. */
export function networkFailure(detail: string): RequestFailure {
	return {
		code: 503,
		status: 'UNAVAILABLE',
		message: `Could not get an answer from Google Photos: ${detail}.`,
		description:
			"The connection failed or was cut before Google's answer arrived in full, also on the node's retries with back-off (Retry Attempts, Timeout). Check the network or proxy settings of n8n, or run again later.",
		kind: 'request',
		retry: 'transient',
		stopsAllRequests: false,
	};
}

/**
 * No answer within the Timeout option. Kept apart from `networkFailure` because n8n words an
 * axios timeout as "The connection was aborted, perhaps the server is offline", which sends
 * people looking for the wrong problem.
 */
export function timeoutFailure(timeoutMs: number): RequestFailure {
	return {
		code: 504,
		status: 'DEADLINE_EXCEEDED',
		message: `Google Photos did not answer within ${timeoutMs} ms.`,
		description:
			"Google sent nothing for longer than the Timeout (Ms) option allows, also on the node's retries. If Google is often this slow for you, raise the timeout.",
		kind: 'request',
		retry: 'transient',
		stopsAllRequests: false,
	};
}

/** n8n could not refresh the OAuth2 token (invalid_grant): nothing will work until reconnected. */
export function reconnectFailure(detail: string): RequestFailure {
	return {
		code: 401,
		status: 'UNAUTHENTICATED',
		httpCode: 401,
		message: detail,
		description: RECONNECT_EXPLANATION,
		reason: 'invalid_grant',
		kind: 'request',
		retry: 'never',
		stopsAllRequests: true,
	};
}

const OAUTH2_REFRESH_ADVICE: Record<string, string> = {
	invalid_client:
		'Google does not accept the Client ID and Client Secret stored in the credential. Open the credential, copy both again from Google Cloud Console → APIs & Services → Credentials (from the same OAuth client; resetting the secret invalidates the old one), then click "Sign in with Google" again.',
	unauthorized_client:
		'The refresh token in the credential was issued to a different OAuth client than the Client ID now stored in it (the Client ID or Secret was changed after connecting). Open the credential and click "Sign in with Google" again.',
};

/**
 * n8n could not refresh the OAuth2 credential's token because Google's token endpoint said no
 * (an OAuth error other than invalid_grant, which n8n itself turns into "needs to be reconnected").
 * Never retried: the same client and refresh token get the same answer, and every other request
 * would fail the same way.
 */
export function oauth2RefreshFailure(error: string, errorDescription?: string): RequestFailure {
	const said = errorDescription ? `${error}: ${errorDescription}` : error;
	const description =
		OAUTH2_REFRESH_ADVICE[error] ??
		'Open the credential, check the Client ID and Client Secret, and click "Sign in with Google" again.';
	return {
		code: 401,
		status: 'UNAUTHENTICATED',
		httpCode: 401,
		message: `Google refused to refresh the access token (${said})`,
		description,
		reason: error,
		kind: 'request',
		retry: 'never',
		stopsAllRequests: true,
	};
}

/** The execution was stopped before this request was sent. */
export function cancelledFailure(): RequestFailure {
	return {
		code: 499,
		status: 'CANCELLED',
		message: 'The execution was stopped before this ID was requested.',
		description: 'Run the workflow again to get this media item.',
		kind: 'request',
		retry: 'never',
		stopsAllRequests: true,
	};
}

/** The OAuth2 credential has no access token at all: it was saved without signing in. */
export function notConnectedFailure(detail: string): RequestFailure {
	return {
		code: 401,
		status: 'UNAUTHENTICATED',
		message: `The Google Photos credential is not connected (${detail})`,
		description:
			'Open the credential selected in this node and click "Sign in with Google", then run again.',
		reason: 'not_connected',
		kind: 'request',
		retry: 'never',
		stopsAllRequests: true,
	};
}

/**
 * The refresh-token credential could not mint an access token. Never retried by the node:
 * google-auth-library already retried what was temporary, and every other request would fail
 * the same way.
 */
export function tokenExchangeFailure(error: TokenExchangeError): RequestFailure {
	return {
		code: 401,
		status: 'UNAUTHENTICATED',
		message: error.message,
		description: error.description,
		reason: error.kind,
		kind: 'request',
		retry: 'never',
		stopsAllRequests: true,
	};
}
