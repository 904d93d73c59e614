import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api';
import { BaseUrlClock } from './baseUrls';
import { type EmulatorContext, ImageCache, TimerSet } from './context';
import { FaultState } from './faults';
import { Library, toMediaItem } from './library';
import { handleMedia } from './media';
import { handleAuthorize, handleToken } from './oauth';
import { parseRawQuery, splitTarget } from './query';
import { digest, urlSafeString } from './random';
import { sendHtml } from './respond';
import { READONLY_APP_CREATED, TokenStore } from './tokens';
import type {
	Counters,
	Emulator,
	EmulatorOptions,
	GuessKnobs,
	OAuthClient,
	RequestKind,
	RequestLogEntry,
} from './types';

export const DEFAULT_GUESSES: GuessKnobs = {
	tooManyIdsMessage: 'Request must have less than 50 items.',
	maxIdsPerBatch: 50,
	duplicateIdsMessage: 'Request contains duplicate media item IDs.',
	missingIdsMessage: 'Request must contain at least one media item ID.',
	otherAppStatus: { code: 3, message: 'Invalid media item ID.' },
	singleGetInvalidId: {
		httpStatus: 400,
		status: 'INVALID_ARGUMENT',
		message: 'Invalid media item ID.',
	},
	acceptedScopes: [READONLY_APP_CREATED],
	perMinuteQuotaLimit: 'ApiCallsPerMinutePerUser',
	perMinuteQuotaLimitValue: '300',
	perDayQuotaLimit: 'ApiCallsPerProjectPerDay',
	perDayQuotaLimitValue: '10000',
	bareBaseUrlMaxDimension: 512,
	videoNotReadyStatus: 404,
};

/** Google front ends refuse request targets beyond this length with 414 [guess]. */
const MAX_TARGET_LENGTH = 16 * 1024;

const API_BATCH_GET = '/v1/mediaItems:batchGet';
const API_ITEM_PREFIX = '/v1/mediaItems/';

function classify(path: string): RequestKind {
	if (path.startsWith('/v1/')) return 'api';
	if (path === '/token' || path === '/o/oauth2/v2/auth') return 'token';
	if (path.startsWith('/lr/')) return 'media';
	return 'other';
}

function route(
	ctx: EmulatorContext,
	req: IncomingMessage,
	res: ServerResponse,
	entry: RequestLogEntry,
): Promise<void> | void {
	const query = parseRawQuery(entry.rawQuery);
	entry.query = query.pairs;
	const readMethod = req.method === 'GET' || req.method === 'HEAD';
	if (entry.path === API_BATCH_GET && readMethod) {
		return handleApi(ctx, req, res, entry, { method: 'batchGet', query });
	}
	if (entry.path.startsWith(API_ITEM_PREFIX) && readMethod) {
		const rawId = entry.path.slice(API_ITEM_PREFIX.length);
		if (rawId !== '' && !rawId.includes('/') && !rawId.includes(':')) {
			let pathId: string | undefined;
			try {
				pathId = decodeURIComponent(rawId);
			} catch {
				pathId = undefined;
			}
			return handleApi(ctx, req, res, entry, {
				method: 'get',
				query,
				pathId,
				pathIdMalformed: pathId === undefined,
			});
		}
	}
	if (entry.path === '/token') return handleToken(ctx, req, res, entry);
	if (entry.path === '/o/oauth2/v2/auth' && readMethod)
		return handleAuthorize(ctx, res, entry, query);
	if (entry.kind === 'media') return handleMedia(ctx, req, res, entry);
	return sendHtml(res, entry, 404);
}

function appendLog(log: RequestLogEntry[], entry: RequestLogEntry, max: number): void {
	log.push(entry);
	if (log.length > max + Math.ceil(max / 10)) log.splice(0, log.length - max);
}

function handler(ctx: EmulatorContext, maxLogEntries: number) {
	return (req: IncomingMessage, res: ServerResponse): void => {
		const startedAt = Date.now();
		const target = req.url ?? '/';
		const { path, rawQuery } = splitTarget(target);
		const entry: RequestLogEntry = {
			method: req.method ?? '',
			path,
			rawQuery,
			query: [],
			headers: req.headers,
			startedAt,
			durationMs: 0,
			status: 0,
			kind: classify(path),
		};
		appendLog(ctx.log, entry, maxLogEntries);
		res.on('close', () => {
			entry.durationMs = Date.now() - startedAt;
		});
		const failed = (): void => {
			if (!res.headersSent) sendHtml(res, entry, 500);
			else res.destroy();
		};
		try {
			if (target.length > MAX_TARGET_LENGTH) return sendHtml(res, entry, 414);
			const pending = route(ctx, req, res, entry);
			if (pending) pending.catch(failed);
		} catch {
			failed();
		}
	};
}

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function makeClient(seed: string, label: string, projectNumber: string): OAuthClient {
	return {
		clientId: `${projectNumber}-${urlSafeString(32, 'client', seed, label)
			.toLowerCase()
			.replace(/[^a-z0-9]/g, 'q')}.apps.googleusercontent.com`,
		clientSecret: 'GOCSPX-' + urlSafeString(28, 'secret', seed, label),
	};
}

function projectNumberFor(seed: string, label: string): string {
	return String(
		100_000_000_000 + (digest('project', seed, label).readUInt32LE(0) % 900_000_000_000),
	);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const seed = String(options.seed ?? 'google-photos-emulator');
	const projectNumber = options.projectNumber ?? projectNumberFor(seed, 'app');
	const client = makeClient(seed, 'app', projectNumber);
	const otherClient = makeClient(seed, 'other', projectNumberFor(seed, 'other'));
	const guesses: GuessKnobs = { ...DEFAULT_GUESSES, ...options.guesses };
	const maxLogEntries = options.maxLogEntries ?? 100_000;

	// The request handler is attached once the library knows its origin (the port).
	const server = createServer({ maxHeaderSize: 64 * 1024 });
	const port = await listen(server, options.port ?? 0);
	const origin = `http://127.0.0.1:${port}`;

	const clock = new BaseUrlClock((options.baseUrlTtlSeconds ?? 3600) * 1000);
	const library = new Library({
		seed,
		size: options.librarySize ?? 300,
		clientId: client.clientId,
		otherClientId: otherClient.clientId,
		mediaOrigin: origin,
	});
	const tokens = new TokenStore(
		[client, otherClient],
		client.clientId,
		options.accessTokenTtlSeconds ?? 3599,
	);
	const faults = new FaultState({
		poison: (id) => library.poison(id),
		clearPoison: () => library.clearPoison(),
		expireBaseUrlsAfter: (ms) => clock.setTtl(ms),
	});
	const counters: Counters = {
		apiRequests: 0,
		idsRequested: 0,
		mediaRequests: 0,
		bytesServed: 0,
		tokenRequests: 0,
	};
	const log: RequestLogEntry[] = [];
	const timers = new TimerSet();
	const ctx: EmulatorContext = {
		projectNumber,
		guesses,
		library,
		tokens,
		faults,
		clock,
		counters,
		log,
		timers,
		images: new ImageCache(96 * 1024 * 1024),
	};
	server.on('request', handler(ctx, maxLogEntries));

	let stopping: Promise<void> | undefined;
	return {
		origin,
		tokenUrl: `${origin}/token`,
		authUrl: `${origin}/o/oauth2/v2/auth`,
		mediaOrigin: origin,
		client,
		otherClient,
		library: {
			ids: (filter) => library.ids(filter),
			deletedIds: () => library.deletedIds(),
			otherAppIds: () => library.otherAppIds(),
			get: (id) => {
				const stored = library.lookup(id);
				return stored ? toMediaItem(stored, clock.issue(Date.now())) : undefined;
			},
			add: (partial) => toMediaItem(library.add(partial), clock.issue(Date.now())),
			delete: (id) => library.delete(id),
			setItemStatus: (id, status) => library.setItemStatus(id, status),
		},
		tokens: {
			mintAccessToken: (opts) => tokens.mintAccess(opts),
			mintRefreshToken: (opts) => tokens.mintRefresh(opts),
			revokeRefreshToken: (token) => tokens.revokeRefresh(token),
			expireAccessToken: (token) => tokens.expireAccess(token),
		},
		faults,
		log,
		counters,
		reset: () => {
			log.length = 0;
			for (const key of Object.keys(counters) as Array<keyof Counters>) counters[key] = 0;
			faults.reset();
			library.clearForcedStatuses();
		},
		stop: () => {
			stopping ??= new Promise<void>((resolve) => {
				timers.cancelAll();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return stopping;
		},
	};
}
