import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from './context';
import type { ParsedQuery } from './query';
import { sendBody, sendHtml, writeHead } from './respond';
import { normaliseScope } from './tokens';
import type { RequestLogEntry, TokenError, TokenSuccess } from './types';

/** `POST /token` (refresh and authorization-code grants) and an auto-consenting authorize page (spec §8). */

const MAX_BODY_BYTES = 64 * 1024;

const TOKEN_HEADERS = {
	'Content-Type': 'application/json; charset=utf-8',
	'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate',
	Pragma: 'no-cache',
	Server: 'scaffolding on HTTPServer2',
} as const;

type TokenAnswer = { status: number; body: TokenSuccess | TokenError };

const tokenError = (status: number, error: string, description: string): TokenAnswer => ({
	status,
	body: { error, error_description: description },
});

function readBody(req: IncomingMessage): Promise<string | undefined> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () =>
			resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
		);
		req.on('error', () => resolve(undefined));
	});
}

function parseTokenBody(req: IncomingMessage, body: string): Map<string, string> {
	const params = new Map<string, string>();
	const contentType = req.headers['content-type'] ?? '';
	if (contentType.includes('application/json')) {
		try {
			const parsed: unknown = JSON.parse(body);
			if (parsed && typeof parsed === 'object') {
				for (const [key, value] of Object.entries(parsed)) {
					if (typeof value === 'string') params.set(key, value);
				}
			}
		} catch {
			// An unreadable body is a request without parameters.
		}
		return params;
	}
	for (const [key, value] of new URLSearchParams(body)) params.set(key, value);
	return params;
}

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1: each part form-encoded) or from the body. */
function clientCredentials(
	req: IncomingMessage,
	params: Map<string, string>,
): { clientId?: string; clientSecret?: string } {
	const header = req.headers.authorization;
	const basic = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
	if (basic) {
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const unform = (s: string): string => {
			try {
				return decodeURIComponent(s.replace(/\+/g, ' '));
			} catch {
				return s;
			}
		};
		if (colon !== -1) {
			return {
				clientId: unform(decoded.slice(0, colon)),
				clientSecret: unform(decoded.slice(colon + 1)),
			};
		}
	}
	return { clientId: params.get('client_id'), clientSecret: params.get('client_secret') };
}

function grant(ctx: EmulatorContext, params: Map<string, string>, clientId: string): TokenAnswer {
	const grantType = params.get('grant_type') ?? '';
	if (grantType === 'refresh_token') {
		const refreshToken = params.get('refresh_token');
		if (!refreshToken)
			return tokenError(400, 'invalid_request', 'Missing required parameter: refresh_token');
		const record = ctx.tokens.findRefresh(refreshToken);
		if (!record) return tokenError(400, 'invalid_grant', 'Bad Request');
		if (record.revoked)
			return tokenError(400, 'invalid_grant', 'Token has been expired or revoked.');
		if (record.clientId !== clientId) return tokenError(400, 'unauthorized_client', 'Unauthorized');
		const accessToken = ctx.tokens.mintAccess({ scopes: record.scopes, clientId });
		return {
			status: 200,
			body: {
				access_token: accessToken,
				expires_in: ctx.tokens.accessTokenTtlSeconds,
				scope: record.scopes.join(' '),
				token_type: 'Bearer',
			},
		};
	}
	if (grantType === 'authorization_code') {
		const code = params.get('code');
		if (!code) return tokenError(400, 'invalid_request', 'Missing required parameter: code');
		const record = ctx.tokens.takeCode(code);
		if (!record || record.clientId !== clientId)
			return tokenError(400, 'invalid_grant', 'Malformed auth code.');
		if (params.get('redirect_uri') !== record.redirectUri)
			return tokenError(400, 'redirect_uri_mismatch', 'Bad Request');
		const body: TokenSuccess = {
			access_token: ctx.tokens.mintAccess({ scopes: record.scopes, clientId }),
			expires_in: ctx.tokens.accessTokenTtlSeconds,
			scope: record.scopes.join(' '),
			token_type: 'Bearer',
		};
		if (record.offline)
			body.refresh_token = ctx.tokens.mintRefresh({ scopes: record.scopes, clientId });
		return { status: 200, body };
	}
	return tokenError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
}

export async function handleToken(
	ctx: EmulatorContext,
	req: IncomingMessage,
	res: ServerResponse,
	entry: RequestLogEntry,
): Promise<void> {
	ctx.counters.tokenRequests++;
	if (req.method !== 'POST') return sendHtml(res, entry, 405, { Allow: 'POST' });
	const body = await readBody(req);
	if (res.destroyed) return;
	if (body === undefined) return sendHtml(res, entry, 400);
	const params = parseTokenBody(req, body);
	const { clientId, clientSecret } = clientCredentials(req, params);
	let answer: TokenAnswer;
	if (!clientId)
		answer = tokenError(400, 'invalid_request', 'Could not determine client ID from request.');
	else {
		const expected = ctx.tokens.clientSecret(clientId);
		if (expected === undefined)
			answer = tokenError(401, 'invalid_client', 'The OAuth client was not found.');
		else if (clientSecret !== expected) answer = tokenError(401, 'invalid_client', 'Unauthorized');
		else answer = grant(ctx, params, clientId);
	}
	sendBody(res, entry, answer.status, TOKEN_HEADERS, JSON.stringify(answer.body, null, 2));
}

/** Consents at once and redirects back with a code — the browser step of the authorization-code flow. */
export function handleAuthorize(
	ctx: EmulatorContext,
	res: ServerResponse,
	entry: RequestLogEntry,
	query: ParsedQuery,
): void {
	const params = new Map(query.pairs);
	const clientId = params.get('client_id') ?? '';
	const redirectUri = params.get('redirect_uri') ?? '';
	if (ctx.tokens.clientSecret(clientId) === undefined || !/^https?:\/\//.test(redirectUri)) {
		return sendHtml(res, entry, 400);
	}
	const scopes = (params.get('scope') ?? '')
		.split(/[\s+]+/)
		.filter(Boolean)
		.map(normaliseScope);
	const code = ctx.tokens.mintCode({
		clientId,
		scopes,
		redirectUri,
		offline: params.get('access_type') === 'offline',
	});
	const location = new URL(redirectUri);
	const state = params.get('state');
	if (state !== undefined) location.searchParams.set('state', state);
	location.searchParams.set('code', code);
	location.searchParams.set('scope', scopes.join(' '));
	writeHead(res, entry, 302, { Location: location.toString(), 'Content-Length': 0 });
	res.end();
}
