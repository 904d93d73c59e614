import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorContext } from './context';
import {
	type ApiError,
	type ApiMethod,
	insufficientScopes,
	internalError,
	invalidArgument,
	quotaExceeded,
	serialise,
	serviceDisabled,
	unauthenticated,
	unavailable,
	unknownQueryKey,
	apiError,
} from './errors';
import {
	INVALID_ID_STATUS,
	type StoredItem,
	prettyResult,
	resultBytes,
	toMediaItem,
} from './library';
import type { ParsedQuery } from './query';
import { ESF_HEADERS, JSON_CONTENT_TYPE, dropConnection, sendHtml, writeHead } from './respond';
import type { RequestLogEntry, RpcStatus } from './types';

/**
 * `GET /v1/mediaItems:batchGet` and `GET /v1/mediaItems/{id}`, checked in the spec's order (§9.3):
 * auth 401 → SERVICE_DISABLED 403 → scope 403 → quota 429 → arguments 400 → per item.
 */

const ID_KEYS = new Set(['mediaItemIds', 'media_item_ids']);
/** Standard system parameters (spec §1) plus the few others Google's front end binds. */
const SYSTEM_KEYS = new Set([
	'fields',
	'prettyPrint',
	'alt',
	'quotaUser',
	'key',
	'access_token',
	'oauth_token',
	'callback',
	'$.xgafv',
	'upload_protocol',
	'uploadType',
]);

const RPC_HTTP: Record<number, [number, string]> = {
	1: [499, 'CANCELLED'],
	2: [500, 'UNKNOWN'],
	3: [400, 'INVALID_ARGUMENT'],
	4: [504, 'DEADLINE_EXCEEDED'],
	5: [404, 'NOT_FOUND'],
	6: [409, 'ALREADY_EXISTS'],
	7: [403, 'PERMISSION_DENIED'],
	8: [429, 'RESOURCE_EXHAUSTED'],
	9: [400, 'FAILED_PRECONDITION'],
	10: [409, 'ABORTED'],
	11: [400, 'OUT_OF_RANGE'],
	12: [501, 'UNIMPLEMENTED'],
	13: [500, 'INTERNAL'],
	14: [503, 'UNAVAILABLE'],
	15: [500, 'DATA_LOSS'],
	16: [401, 'UNAUTHENTICATED'],
};

interface ApiRequest {
	method: ApiMethod;
	query: ParsedQuery;
	/** The id from the path of a single get. */
	pathId?: string;
	pathIdMalformed?: boolean;
}

interface Answer {
	status: number;
	body: string | Buffer;
	headers?: Record<string, string>;
}

const statusCache = new Map<string, { compact: Buffer; pretty: Buffer }>();

function statusResult(status: RpcStatus, pretty: boolean): Buffer {
	const key = `${status.code}\u0000${status.message}`;
	let cached = statusCache.get(key);
	if (!cached) {
		const value = { status: { code: status.code, message: status.message } };
		cached = {
			compact: Buffer.from(JSON.stringify(value)),
			pretty: Buffer.from(prettyResult(value)),
		};
		if (statusCache.size < 1000) statusCache.set(key, cached);
	}
	return pretty ? cached.pretty : cached.compact;
}

const BODY = {
	compact: {
		open: Buffer.from('{"mediaItemResults":['),
		separator: Buffer.from(','),
		close: Buffer.from(']}'),
		empty: Buffer.from('{"mediaItemResults":[]}'),
		missing: Buffer.from('{}'),
	},
	pretty: {
		open: Buffer.from('{\n  "mediaItemResults": [\n'),
		separator: Buffer.from(',\n'),
		close: Buffer.from('\n  ]\n}\n'),
		empty: Buffer.from('{\n  "mediaItemResults": []\n}\n'),
		missing: Buffer.from('{}\n'),
	},
};

/** Google pretty-prints unless `prettyPrint=false` (read leniently: it matters for every answer). */
function wantsPretty(query: ParsedQuery): boolean {
	let pretty = true;
	for (const [key, value] of query.pairs) {
		if (key === 'prettyPrint') pretty = !(value === 'false' || value === '0');
	}
	return pretty;
}

function bearerToken(req: IncomingMessage, query: ParsedQuery): string | undefined {
	const header = req.headers.authorization;
	if (header !== undefined) {
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
		return match ? match[1] : '';
	}
	for (const [key, value] of query.pairs) {
		if (key === 'access_token' || key === 'oauth_token') return value;
	}
	return undefined;
}

function fail(error: ApiError, pretty: boolean): Answer {
	return {
		status: error.httpStatus,
		body: serialise(error.envelope, pretty),
		headers: error.headers,
	};
}

/** Arguments: encoding, unknown keys, system parameter values, then the id list rules. */
function checkArguments(ctx: EmulatorContext, request: ApiRequest): ApiError | string[] {
	const { query } = request;
	if (query.malformed !== undefined) {
		return invalidArgument(`Invalid query parameter encoding: "${query.malformed}".`);
	}
	const ids: string[] = [];
	for (const [key, value] of query.pairs) {
		if (request.method === 'batchGet' && ID_KEYS.has(key)) {
			ids.push(value);
			continue;
		}
		if (!SYSTEM_KEYS.has(key)) return unknownQueryKey(key);
		if (key === 'prettyPrint' && !['true', 'false', '1', '0'].includes(value)) {
			return invalidArgument(`Invalid value at 'pretty_print' (TYPE_BOOL), "${value}"`, true);
		}
		if (key === 'alt' && value !== 'json') {
			return invalidArgument(
				`Invalid value at 'alt' (type.googleapis.com/google.api.Alt), "${value}"`,
				true,
			);
		}
	}
	if (request.method === 'get') {
		if (request.pathIdMalformed) return invalidArgument('Invalid media item ID.');
		return [request.pathId ?? ''];
	}
	const { guesses } = ctx;
	if (ids.length === 0) return invalidArgument(guesses.missingIdsMessage);
	if (ids.length > guesses.maxIdsPerBatch) return invalidArgument(guesses.tooManyIdsMessage);
	if (new Set(ids).size !== ids.length) return invalidArgument(guesses.duplicateIdsMessage);
	return ids;
}

function batchGetBody(
	ctx: EmulatorContext,
	ids: string[],
	clientId: string,
	pretty: boolean,
): Buffer {
	const generation = ctx.clock.issue(Date.now());
	const shapeFault = ctx.faults.takeResultShapeFault();
	const frame = pretty ? BODY.pretty : BODY.compact;
	if (shapeFault === 'missing') return frame.missing;
	const count = shapeFault === 'wrongCount' ? ids.length - 1 : ids.length;
	if (count === 0) return frame.empty;
	const parts: Buffer[] = [frame.open];
	for (let i = 0; i < count; i++) {
		if (i > 0) parts.push(frame.separator);
		const resolved = ctx.library.resolve(ids[i], clientId, ctx.guesses.otherAppStatus);
		parts.push(
			'mediaKey' in resolved
				? resultBytes(resolved, generation, pretty)
				: statusResult(resolved, pretty),
		);
	}
	parts.push(frame.close);
	return Buffer.concat(parts);
}

function singleGetAnswer(
	ctx: EmulatorContext,
	id: string,
	clientId: string,
	pretty: boolean,
): Answer {
	const resolved = ctx.library.resolve(id, clientId, ctx.guesses.otherAppStatus);
	if ('mediaKey' in resolved) {
		const item = toMediaItem(resolved as StoredItem, ctx.clock.issue(Date.now()));
		return {
			status: 200,
			body: pretty ? JSON.stringify(item, null, 2) + '\n' : JSON.stringify(item),
		};
	}
	const knob = ctx.guesses.singleGetInvalidId;
	if (resolved.code === INVALID_ID_STATUS.code && resolved.message === INVALID_ID_STATUS.message) {
		return fail(apiError(knob.httpStatus, knob.status, knob.message), pretty);
	}
	const [httpStatus, name] = RPC_HTTP[resolved.code] ?? [500, 'UNKNOWN'];
	return fail(apiError(httpStatus, name, resolved.message), pretty);
}

function evaluate(ctx: EmulatorContext, req: IncomingMessage, request: ApiRequest): Answer {
	const pretty = wantsPretty(request.query);
	const token = bearerToken(req, request.query);
	if (token === undefined) return fail(unauthenticated(request.method, 'missing'), pretty);
	const check = ctx.tokens.checkAccess(token, Date.now());
	if (!check.ok) return fail(unauthenticated(request.method, check.failure), pretty);
	if (ctx.faults.disabled) return fail(serviceDisabled(ctx.projectNumber), pretty);
	const { acceptedScopes } = ctx.guesses;
	if (!acceptedScopes.some((scope) => check.record.scopes.has(scope))) {
		return fail(insufficientScopes(request.method, acceptedScopes), pretty);
	}
	const rateLimit = ctx.faults.takeRateLimit();
	if (rateLimit) {
		const day = rateLimit.kind === 'day';
		const answer = fail(
			quotaExceeded({
				kind: rateLimit.kind,
				limitName: day ? ctx.guesses.perDayQuotaLimit : ctx.guesses.perMinuteQuotaLimit,
				limitValue: day ? ctx.guesses.perDayQuotaLimitValue : ctx.guesses.perMinuteQuotaLimitValue,
				projectNumber: ctx.projectNumber,
			}),
			pretty,
		);
		if (rateLimit.retryAfterSeconds !== undefined) {
			answer.headers = { 'Retry-After': String(rateLimit.retryAfterSeconds) };
		}
		return answer;
	}
	const ids = checkArguments(ctx, request);
	if (!Array.isArray(ids)) return fail(ids, pretty);
	for (const id of ids) {
		if (ctx.library.isPoisoned(id)) return fail(internalError(), pretty);
	}
	if (request.method === 'get') return singleGetAnswer(ctx, ids[0], check.record.clientId, pretty);
	return { status: 200, body: batchGetBody(ctx, ids, check.record.clientId, pretty) };
}

function countIds(request: ApiRequest): number {
	if (request.method === 'get') return 1;
	let n = 0;
	for (const [key] of request.query.pairs) if (ID_KEYS.has(key)) n++;
	return n;
}

async function writeSlowly(
	ctx: EmulatorContext,
	res: ServerResponse,
	body: Buffer,
	slow: { chunkDelayMs: number; chunks: number },
): Promise<void> {
	const size = Math.ceil(body.length / slow.chunks);
	for (let offset = 0; offset < body.length; offset += size) {
		if (offset > 0) await ctx.timers.delay(slow.chunkDelayMs);
		if (res.destroyed) return;
		res.write(body.subarray(offset, offset + size));
	}
	res.end();
}

export async function handleApi(
	ctx: EmulatorContext,
	req: IncomingMessage,
	res: ServerResponse,
	entry: RequestLogEntry,
	request: ApiRequest,
): Promise<void> {
	ctx.counters.apiRequests++;
	ctx.counters.idsRequested += countIds(request);
	const infrastructure = ctx.faults.takeResponseFault();
	const answer = infrastructure ? undefined : evaluate(ctx, req, request);
	if (ctx.faults.latencyMs > 0) await ctx.timers.delay(ctx.faults.latencyMs);
	if (res.destroyed) return;
	if (infrastructure?.kind === 'reset') return dropConnection(res, entry);
	if (infrastructure?.kind === 'html') return sendHtml(res, entry, infrastructure.status);
	const final =
		answer ??
		fail(
			infrastructure?.kind === 'fail' && infrastructure.status === 503
				? unavailable()
				: internalError(),
			wantsPretty(request.query),
		);

	let body = typeof final.body === 'string' ? Buffer.from(final.body, 'utf8') : final.body;
	const truncate = final.status === 200 ? ctx.faults.takeTruncate() : undefined;
	const slow = ctx.faults.takeSlowBody();
	const headers: Record<string, string | number> = {
		'Content-Type': JSON_CONTENT_TYPE,
		...ESF_HEADERS,
		...final.headers,
		'Content-Length': body.length,
	};
	if (truncate?.mode === 'close') {
		writeHead(res, entry, final.status, headers);
		res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
		return;
	}
	if (truncate) {
		body = body.subarray(0, Math.floor(body.length / 2));
		headers['Content-Length'] = body.length;
	}
	writeHead(res, entry, final.status, headers);
	if (slow && req.method !== 'HEAD') return writeSlowly(ctx, res, body, slow);
	res.end(body);
}

export type { ApiRequest };
