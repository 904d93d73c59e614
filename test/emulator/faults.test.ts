import { request } from 'node:http';
import { type Emulator, type GoogleErrorEnvelope, startEmulator } from './index';
import { attempt, batchGet, bearer, errorOf, idsQuery, results, send } from './testing';

/** Spec §4 quota rows, §9.6: every fault, deterministic and per instance. */

let emulator: Emulator;
let token: string;
let ids: string[];

beforeAll(async () => {
	emulator = await startEmulator({
		seed: 'faults',
		librarySize: 60,
		projectNumber: '555000111222',
	});
	token = emulator.tokens.mintAccessToken();
	ids = emulator.library.ids().slice(0, 3);
});
afterEach(() => emulator.reset());
afterAll(() => emulator.stop());

const target = (list: string[] = ids): string => `/v1/mediaItems:batchGet?${idsQuery(list)}`;

describe('429 RESOURCE_EXHAUSTED', () => {
	it('answers the per-day shape with the legacy errors array and quota ErrorInfo', async () => {
		emulator.faults.rateLimitNext(1, { kind: 'day' });
		const response = await batchGet(emulator, ids, token);
		expect(response.status).toBe(429);
		expect(response.headers['retry-after']).toBeUndefined();
		const message =
			"Quota exceeded for quota metric 'All requests' and limit 'All requests per day' of service 'photoslibrary.googleapis.com' for consumer 'project_number:555000111222'.";
		const error = errorOf(response);
		expect(error).toMatchObject({
			code: 429,
			message,
			status: 'RESOURCE_EXHAUSTED',
			errors: [{ message, domain: 'global', reason: 'rateLimitExceeded' }],
		});
		expect(error.details?.[0]).toEqual({
			'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
			reason: 'RATE_LIMIT_EXCEEDED',
			domain: 'googleapis.com',
			metadata: expect.objectContaining({
				quota_limit: 'ApiCallsPerProjectPerDay',
				quota_limit_value: '10000',
				quota_metric: 'photoslibrary.googleapis.com/all_requests',
				service: 'photoslibrary.googleapis.com',
			}),
		});
	});

	it('answers the per-minute shape with a quota_limit ending in PerMinutePerUser and Retry-After when asked', async () => {
		emulator.faults.rateLimitNext(1, { kind: 'minute', retryAfterSeconds: 30 });
		const response = await batchGet(emulator, ids, token);
		expect(response.status).toBe(429);
		expect(response.headers['retry-after']).toBe('30');
		const error = errorOf(response);
		expect(error.message).toContain("limit 'All requests per minute per user'");
		const info = error.details?.find(
			(d) => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo',
		);
		expect(info && 'metadata' in info ? info.metadata?.quota_limit : '').toMatch(
			/PerMinutePerUser$/,
		);
	});

	it('rate-limits exactly the next n calls, then serves', async () => {
		emulator.faults.rateLimitNext(2, { kind: 'minute' });
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await batchGet(emulator, ids, token)).status);
		expect(statuses).toEqual([429, 429, 200]);
	});
});

describe('5xx for the next n calls', () => {
	it('fails exactly the next n calls with 500, then serves', async () => {
		emulator.faults.failNext(2);
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await batchGet(emulator, ids, token)).status);
		expect(statuses).toEqual([500, 500, 200]);
	});

	it('fails with 503 UNAVAILABLE when asked', async () => {
		emulator.faults.failNext(1, 503);
		expect(errorOf(await batchGet(emulator, ids, token)).status).toBe('UNAVAILABLE');
	});
});

describe('poisoned id', () => {
	it('fails any batch containing it with 500 INTERNAL while batches without it succeed', async () => {
		const poisoned = ids[1];
		emulator.faults.poison(poisoned);
		const whole = await batchGet(emulator, ids, token);
		expect(whole.status).toBe(500);
		expect(errorOf(whole)).toEqual({
			code: 500,
			message: 'Internal error encountered.',
			status: 'INTERNAL',
		});
		expect((await batchGet(emulator, [ids[0], ids[2]], token)).status).toBe(200);
		expect((await batchGet(emulator, [poisoned], token)).status).toBe(500);
	});

	it('fails the single get of it with 500 too', async () => {
		emulator.faults.poison(ids[0]);
		expect(
			(await send(emulator.origin, `/v1/mediaItems/${ids[0]}`, { headers: bearer(token) })).status,
		).toBe(500);
	});
});

describe('latency', () => {
	it('delays each API response by the given milliseconds', async () => {
		emulator.faults.latency(120);
		const started = Date.now();
		await batchGet(emulator, ids, token);
		expect(Date.now() - started).toBeGreaterThanOrEqual(115);
		expect(emulator.log[0].durationMs).toBeGreaterThanOrEqual(115);
	});
});

describe('connection faults', () => {
	it('destroys the socket without a response for the next n calls', async () => {
		emulator.faults.resetConnectionsNext(1);
		const first = await attempt(emulator.origin, target(), { headers: bearer(token) });
		expect(first).toEqual({ error: expect.stringMatching(/ECONNRESET|socket hang up/) });
		expect(emulator.log[0].status).toBe(0);
		const second = await attempt(emulator.origin, target(), { headers: bearer(token) });
		expect('status' in second && second.status).toBe(200);
	});

	it('dribbles the body in chunks with the given delay, complete and valid in the end', async () => {
		emulator.faults.slowBodyNext(1, { chunkDelayMs: 20, chunks: 5 });
		const { hostname, port } = new URL(emulator.origin);
		const arrivals: number[] = [];
		const body = await new Promise<string>((resolve, reject) => {
			const req = request(
				{ host: hostname, port, path: target(), headers: bearer(token), agent: false },
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => {
						arrivals.push(Date.now());
						chunks.push(chunk);
					});
					res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
				},
			);
			req.on('error', reject);
			req.end();
		});
		expect(arrivals.length).toBeGreaterThanOrEqual(4);
		expect(arrivals[arrivals.length - 1] - arrivals[0]).toBeGreaterThanOrEqual(60);
		expect(results({ status: 200, headers: {}, body: Buffer.from(body), text: body })).toHaveLength(
			3,
		);
	});

	it('answers an HTML page (a proxy) with the given status, 502 by default', async () => {
		emulator.faults.htmlNext(1);
		const response = await batchGet(emulator, ids, token);
		expect(response.status).toBe(502);
		expect(response.headers['content-type']).toBe('text/html; charset=UTF-8');
		expect(response.text).toMatch(/^<!DOCTYPE html>/);
		emulator.faults.htmlNext(1, 504);
		expect((await batchGet(emulator, ids, token)).status).toBe(504);
	});

	it('answers 200 with JSON cut in the middle and an honest Content-Length', async () => {
		emulator.faults.truncateNext(1);
		const response = await batchGet(emulator, ids, token);
		expect(response.status).toBe(200);
		expect(Number(response.headers['content-length'])).toBe(response.body.length);
		expect(() => JSON.parse(response.text)).toThrow();
	});

	it('closes the connection mid-body when truncating in close mode', async () => {
		emulator.faults.truncateNext(1, { mode: 'close' });
		const outcome = await attempt(emulator.origin, target(), { headers: bearer(token) });
		if ('status' in outcome) {
			expect(outcome.body.length).toBeLessThan(Number(outcome.headers['content-length']));
		} else {
			expect(outcome.error).toMatch(/ECONNRESET|aborted|socket hang up/);
		}
	});
});

describe('malformed success bodies', () => {
	it('answers mediaItemResults one shorter than requested', async () => {
		emulator.faults.wrongResultCountNext(1);
		expect(results(await batchGet(emulator, ids, token))).toHaveLength(2);
		expect(results(await batchGet(emulator, ids, token))).toHaveLength(3);
	});

	it('answers 200 {} without mediaItemResults', async () => {
		emulator.faults.missingResultsNext(1);
		const response = await batchGet(emulator, ids, token, 'prettyPrint=false');
		expect(response.status).toBe(200);
		expect(response.text).toBe('{}');
	});

	it('keeps result-shape faults for calls that reach the per-item stage', async () => {
		emulator.faults.missingResultsNext(1);
		expect((await batchGet(emulator, ids, 'bogus')).status).toBe(401);
		expect(JSON.parse((await batchGet(emulator, ids, token)).text)).toEqual({});
	});
});

describe('reset', () => {
	it('clears every fault, the log, the counters and forced statuses; keeps added items', async () => {
		const added = emulator.library.add();
		emulator.faults.failNext(5);
		emulator.faults.latency(1000);
		emulator.faults.serviceDisabled(true);
		emulator.faults.poison(ids[0]);
		emulator.faults.rateLimitNext(5, { kind: 'day' });
		emulator.library.setItemStatus(ids[1], { code: 7, message: 'denied' });
		await batchGet(emulator, ids, token);
		emulator.reset();
		expect(emulator.log).toHaveLength(0);
		expect(emulator.counters).toEqual({
			apiRequests: 0,
			idsRequested: 0,
			mediaRequests: 0,
			bytesServed: 0,
			tokenRequests: 0,
		});
		const response = await batchGet(emulator, [...ids, added.id], token);
		expect(response.status).toBe(200);
		expect(results(response).every((r) => r.mediaItem !== undefined)).toBe(true);
	});

	it('faults.reset() alone clears faults', async () => {
		emulator.faults.failNext(3);
		emulator.faults.reset();
		expect((await batchGet(emulator, ids, token)).status).toBe(200);
	});

	it('keeps faults per instance: another emulator is unaffected', async () => {
		const other = await startEmulator({ seed: 'faults', librarySize: 60 });
		try {
			emulator.faults.failNext(1);
			const otherToken = other.tokens.mintAccessToken();
			expect((await batchGet(other, ids, otherToken)).status).toBe(200);
			const body = (await batchGet(emulator, ids, token)).text;
			expect((JSON.parse(body) as GoogleErrorEnvelope).error.code).toBe(500);
		} finally {
			await other.stop();
		}
	});
});
