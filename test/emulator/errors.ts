import type { ErrorDetail, GoogleErrorEnvelope, ErrorInfoDetail } from './types';

/** Google's whole-request error envelopes (spec §4) and the HTML pages of its front ends. */

export const SERVICE = 'photoslibrary.googleapis.com';

export const METHODS = {
	batchGet: 'google.photos.library.v1.PhotosLibrary.BatchGetMediaItems',
	get: 'google.photos.library.v1.PhotosLibrary.GetMediaItem',
} as const;

export type ApiMethod = keyof typeof METHODS;

export interface ApiError {
	httpStatus: number;
	envelope: GoogleErrorEnvelope;
	headers?: Record<string, string>;
}

export function apiError(
	httpStatus: number,
	status: string,
	message: string,
	details?: ErrorDetail[],
): ApiError {
	const envelope: GoogleErrorEnvelope = { error: { code: httpStatus, message, status } };
	if (details) envelope.error.details = details;
	return { httpStatus, envelope };
}

function errorInfo(reason: string, metadata: Record<string, string>): ErrorInfoDetail {
	return {
		'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
		reason,
		domain: 'googleapis.com',
		metadata,
	};
}

export const AUTH_HEADER_INVALID_TOKEN =
	'Bearer realm="https://accounts.google.com/", error="invalid_token"';

export type AuthFailure = 'missing' | 'invalid' | 'expired';

const AUTH_REASONS: Record<AuthFailure, string> = {
	missing: 'CREDENTIALS_MISSING',
	invalid: 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
	expired: 'ACCESS_TOKEN_EXPIRED',
};

/** 401 — one message for missing, invalid and expired tokens, as the spec's §4 row says. */
export function unauthenticated(method: ApiMethod, failure: AuthFailure): ApiError {
	const error = apiError(
		401,
		'UNAUTHENTICATED',
		'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
		[errorInfo(AUTH_REASONS[failure], { service: SERVICE, method: METHODS[method] })],
	);
	error.headers = { 'WWW-Authenticate': AUTH_HEADER_INVALID_TOKEN };
	return error;
}

export function insufficientScopes(method: ApiMethod, acceptedScopes: string[]): ApiError {
	const error = apiError(
		403,
		'PERMISSION_DENIED',
		'Request had insufficient authentication scopes.',
		[errorInfo('ACCESS_TOKEN_SCOPE_INSUFFICIENT', { service: SERVICE, method: METHODS[method] })],
	);
	error.headers = {
		'WWW-Authenticate': `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${acceptedScopes.join(' ')}"`,
	};
	return error;
}

export function serviceDisabled(projectNumber: string): ApiError {
	const activationUrl = `https://console.developers.google.com/apis/api/${SERVICE}/overview?project=${projectNumber}`;
	return apiError(
		403,
		'PERMISSION_DENIED',
		`Photos Library API has not been used in project ${projectNumber} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
		[
			errorInfo('SERVICE_DISABLED', {
				activationUrl,
				consumer: `projects/${projectNumber}`,
				service: SERVICE,
				serviceTitle: 'Photos Library API',
				containerInfo: projectNumber,
			}),
			{
				'@type': 'type.googleapis.com/google.rpc.Help',
				links: [{ description: 'Google developers console API activation', url: activationUrl }],
			},
		],
	);
}

export interface QuotaShape {
	kind: 'minute' | 'day';
	limitName: string;
	limitValue: string;
	projectNumber: string;
}

/** 429 with the legacy `errors` array and an ErrorInfo naming the limit (spec §4). */
export function quotaExceeded(shape: QuotaShape): ApiError {
	const limitText =
		shape.kind === 'day' ? 'All requests per day' : 'All requests per minute per user';
	const message = `Quota exceeded for quota metric 'All requests' and limit '${limitText}' of service '${SERVICE}' for consumer 'project_number:${shape.projectNumber}'.`;
	const error = apiError(429, 'RESOURCE_EXHAUSTED', message, [
		errorInfo('RATE_LIMIT_EXCEEDED', {
			consumer: `projects/${shape.projectNumber}`,
			quota_limit: shape.limitName,
			quota_limit_value: shape.limitValue,
			quota_location: 'global',
			quota_metric: `${SERVICE}/all_requests`,
			service: SERVICE,
		}),
		{
			'@type': 'type.googleapis.com/google.rpc.Help',
			links: [
				{
					description: 'Request a higher quota limit.',
					url: 'https://cloud.google.com/docs/quotas/help/request_increase',
				},
			],
		},
	]);
	// The legacy array sits between `message` and `status`, as in the payloads users posted.
	error.envelope = {
		error: {
			code: 429,
			message,
			errors: [{ message, domain: 'global', reason: 'rateLimitExceeded' }],
			status: 'RESOURCE_EXHAUSTED',
			details: error.envelope.error.details,
		},
	};
	return error;
}

export function invalidArgument(message: string, fieldViolation?: boolean): ApiError {
	return apiError(
		400,
		'INVALID_ARGUMENT',
		message,
		fieldViolation
			? [
					{
						'@type': 'type.googleapis.com/google.rpc.BadRequest',
						fieldViolations: [{ description: message }],
					},
				]
			: undefined,
	);
}

/** Google's ESF answer for a query key that binds to no field of the request message. */
export function unknownQueryKey(key: string): ApiError {
	return invalidArgument(
		`Invalid JSON payload received. Unknown name "${key}": Cannot bind query parameter. Field '${key}' could not be found in request message.`,
		true,
	);
}

export const internalError = (): ApiError =>
	apiError(500, 'INTERNAL', 'Internal error encountered.');

export const unavailable = (): ApiError =>
	apiError(503, 'UNAVAILABLE', 'The service is currently unavailable.');

export const notFoundPath = (path: string): ApiError =>
	apiError(404, 'NOT_FOUND', `Method not found: ${path}`);

export function serialise(envelope: unknown, pretty: boolean): string {
	return pretty ? JSON.stringify(envelope, null, 2) + '\n' : JSON.stringify(envelope);
}

const HTML_REASONS: Record<number, [string, string]> = {
	400: ['Bad Request', 'Your client has issued a malformed or illegal request.'],
	403: [
		'Forbidden',
		'Your client does not have permission to get URL <code>%PATH%</code> from this server.',
	],
	404: ['Not Found', 'The requested URL <code>%PATH%</code> was not found on this server.'],
	405: [
		'Method Not Allowed',
		'The request method is inappropriate for the URL <code>%PATH%</code>.',
	],
	414: ['Request-URI Too Large', 'The requested URL is too large to process.'],
	429: [
		'Too Many Requests',
		'We’re sorry, but you have sent too many requests to us recently. Please try again later.',
	],
	502: [
		'Bad Gateway',
		'The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.',
	],
	503: [
		'Service Unavailable',
		'The service you requested is not available yet.<p>Please try again in 30 seconds.',
	],
	504: ['Gateway Timeout', 'The server did not respond in time.<p>Please try again in 30 seconds.'],
};

/** The "That’s an error." page Google's front ends answer with (baseUrl expiry, proxies). */
export function htmlErrorPage(status: number, path: string): string {
	const [title, text] = HTML_REASONS[status] ?? ['Error', 'The server encountered an error.'];
	const safePath = path.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
	return (
		`<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error ${status} (${title})!!1</title>\n` +
		`  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n` +
		`  <p><b>${status}.</b> <ins>That’s an error.</ins>\n` +
		`  <p>${text.replace('%PATH%', safePath)}  <ins>That’s all we know.</ins>\n`
	);
}
