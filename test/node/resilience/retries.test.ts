/**
 * Issue 5 §1 — the retry policy of spec §5, observed through n8n's engine against the emulator:
 * what is retried, how often, and how long the node waits (read off the emulator's timestamps).
 */
import { GooglePhotos } from '../../../nodes/GooglePhotos/GooglePhotos.node';
import { nextPacificMidnight } from '../../../nodes/GooglePhotos/helpers/pacificMidnight';
import type { RequestFailure } from '../../../nodes/GooglePhotos/helpers/requestFailure';
import * as transport from '../../../nodes/GooglePhotos/transport/fetchMediaItems';
import * as retryPolicy from '../../../nodes/GooglePhotos/transport/retryPolicy';
import {
	DEFAULT_RETRY_POLICY,
	retryDelayMs,
} from '../../../nodes/GooglePhotos/transport/retryPolicy';
import { REMOVED_SCOPES } from '../../emulator';
import { idsOf, useNodeFixture } from '../fixture';
import { batchGetCalls, errorOf, idsSentIn, pausesBetween, rows } from './support';

const fixture = useNodeFixture({ seed: 'resilience-retries', librarySize: 60 });
const ids = (count: number, offset = 0) =>
	fixture.emulator.library.ids().slice(offset, offset + count);

/** Date.now() on both sides of a timer may disagree by a millisecond. */
const CLOCK_SLACK_MS = 2;
/** Generous room for the engine's own work between two calls on a busy 2-core machine. */
const OVERHEAD_MS = 500;
const continueOnFail = { onError: 'continueRegularOutput' } as const;

/**
 * Runs the node and records the back-offs it chose (the real `retryDelayMs`, watched): the
 * emulator's timestamps show when requests came, these show what the node decided.
 */
async function withChosenWaits<T>(run: () => Promise<T>): Promise<{ run: T; waits: number[] }> {
	const spy = jest.spyOn(retryPolicy, 'retryDelayMs');
	try {
		const result = await run();
		const waits = spy.mock.results.flatMap((entry) =>
			entry.type === 'return' && typeof entry.value === 'number' ? [entry.value] : [],
		);
		return { run: result, waits };
	} finally {
		spy.mockRestore();
	}
}

/** Each wait in [step, 1.5·step] with doubling steps, so each is longer than the one before; each pause at least its wait. */
function expectGrowingWaits(waits: number[], steps: number[], pauses: number[]) {
	expect(waits).toHaveLength(steps.length);
	steps.forEach((step, n) => {
		expect(waits[n]).toBeGreaterThanOrEqual(step);
		expect(waits[n]).toBeLessThanOrEqual(step * 1.5);
		if (n > 0) expect(waits[n]).toBeGreaterThan(waits[n - 1]);
		expect(pauses[n]).toBeGreaterThanOrEqual(waits[n] - CLOCK_SLACK_MS);
		expect(pauses[n]).toBeLessThan(waits[n] + OVERHEAD_MS);
	});
}

const statuses = () => batchGetCalls(fixture.emulator).map((call) => call.status);

describe('transient failures are retried with exponential back-off', () => {
	it('retries a run of 500s, each wait at least the doubled step, and then returns every item', async () => {
		const wanted = ids(3);
		fixture.emulator.faults.failNext(3, 500);
		const { run, waits } = await withChosenWaits(() =>
			fixture.batchGet(rows(wanted), { initialDelayMs: 60, maxAttempts: 4 }),
		);

		expect(run.error).toBeUndefined();
		expect(idsOf(run.mediaItems)).toEqual(wanted);
		const calls = batchGetCalls(fixture.emulator);
		expect(calls.map((call) => call.status)).toEqual([500, 500, 500, 200]);
		expect(calls.map(idsSentIn)).toEqual([wanted, wanted, wanted, wanted]);
		expectGrowingWaits(waits, [60, 120, 240], pausesBetween(calls));
	});

	it('gives up after Retry Attempts on a lasting 503 and reports Google’s answer for every id', async () => {
		const wanted = ids(4);
		fixture.emulator.faults.failNext(100, 503);
		const run = await fixture.batchGet(
			rows(wanted),
			{ maxAttempts: 3, splitFailingBatches: false },
			continueOnFail,
		);

		expect(statuses()).toEqual([503, 503, 503]);
		expect(run.mediaItems).toEqual([]);
		expect(run.errors.map((item) => item.json.mediaItemId)).toEqual(wanted);
		for (const item of run.errors) {
			expect(errorOf(item)).toMatchObject({
				code: 503,
				httpCode: 503,
				status: 'UNAVAILABLE',
				message: 'The service is currently unavailable.',
				kind: 'request',
			});
		}
	});

	it('stops the workflow with Google’s 503 once the attempts are spent, in stop mode', async () => {
		fixture.emulator.faults.failNext(100, 503);
		const run = await fixture.batchGet(rows(ids(2)), {
			maxAttempts: 2,
			splitFailingBatches: false,
		});
		expect(statuses()).toEqual([503, 503]);
		expect(run.error?.message).toBe('The service is currently unavailable.');
		expect(run.error?.description).toMatch(/still failed after the node.s retries with back-off/);
	});

	it('retries connections reset without an answer, with growing waits', async () => {
		const wanted = ids(5);
		fixture.emulator.faults.resetConnectionsNext(2);
		const { run, waits } = await withChosenWaits(() =>
			fixture.batchGet(rows(wanted), { initialDelayMs: 60 }),
		);

		expect(idsOf(run.mediaItems)).toEqual(wanted);
		const calls = batchGetCalls(fixture.emulator);
		expect(calls.map((call) => call.status)).toEqual([0, 0, 200]);
		expectGrowingWaits(waits, [60, 120], pausesBetween(calls));
	});
});

describe('per-request timeout', () => {
	it('treats a request without an answer within Timeout as failed, says so, and retries it', async () => {
		const wanted = ids(3);
		fixture.emulator.faults.latency(400);
		const run = await fixture.batchGet(
			rows(wanted),
			{ timeoutMs: 80, maxAttempts: 3, initialDelayMs: 20 },
			continueOnFail,
		);

		const calls = batchGetCalls(fixture.emulator);
		expect(calls).toHaveLength(3);
		// Each call is given up 80 ms after it started, then the back-off: 20 ms, then 40 ms.
		const gaps = calls.slice(1).map((call, n) => call.startedAt - calls[n].startedAt);
		expect(gaps[0]).toBeGreaterThanOrEqual(80 + 20 - CLOCK_SLACK_MS);
		expect(gaps[1]).toBeGreaterThanOrEqual(80 + 40 - CLOCK_SLACK_MS);
		expect(run.errors.map((item) => item.json.mediaItemId)).toEqual(wanted);
		expect(errorOf(run.errors[0])).toEqual({
			code: 504,
			status: 'DEADLINE_EXCEEDED',
			message: 'Google Photos did not answer within 80 ms.',
			description: expect.stringMatching(
				/Timeout \(Ms\) option allows, also on the node.s retries/,
			),
			kind: 'request',
		});
	});

	it('gets the items when the retry of a timed-out request is answered in time', async () => {
		const wanted = ids(3);
		fixture.emulator.faults.latency(400);
		const speedUp = setInterval(() => {
			if (batchGetCalls(fixture.emulator).length > 0) fixture.emulator.faults.latency(0);
		}, 5);
		try {
			const run = await fixture.batchGet(rows(wanted), { timeoutMs: 80, initialDelayMs: 20 });
			expect(run.error).toBeUndefined();
			expect(idsOf(run.mediaItems)).toEqual(wanted);
			expect(batchGetCalls(fixture.emulator)).toHaveLength(2);
		} finally {
			clearInterval(speedUp);
		}
	});

	it('counts the timeout as time without data, like n8n’s HTTP Request node: a body that keeps trickling in completes', async () => {
		const wanted = ids(3);
		fixture.emulator.faults.slowBodyNext(1, { chunkDelayMs: 40, chunks: 6 });
		const run = await fixture.batchGet(rows(wanted), { timeoutMs: 100, maxAttempts: 1 });
		expect(idsOf(run.mediaItems)).toEqual(wanted);
		expect(batchGetCalls(fixture.emulator)[0].durationMs).toBeGreaterThan(100);
	});
});

describe('429 per minute: wait, then retry', () => {
	it('waits Rate Limit Delay (not the short back-off) before each retry when Google sends no Retry-After', async () => {
		const wanted = ids(2);
		fixture.emulator.faults.rateLimitNext(2, { kind: 'minute' });
		const run = await fixture.batchGet(rows(wanted), { rateLimitDelayMs: 150, initialDelayMs: 1 });

		expect(idsOf(run.mediaItems)).toEqual(wanted);
		const calls = batchGetCalls(fixture.emulator);
		expect(calls.map((call) => call.status)).toEqual([429, 429, 200]);
		expect(calls[0].headers).not.toHaveProperty('retry-after');
		for (const pause of pausesBetween(calls)) {
			expect(pause).toBeGreaterThanOrEqual(150 - CLOCK_SLACK_MS);
			expect(pause).toBeLessThan(150 + OVERHEAD_MS);
		}
	});

	it('waits what Retry-After says, even when it is longer than Rate Limit Delay', async () => {
		const wanted = ids(2);
		fixture.emulator.faults.rateLimitNext(1, { kind: 'minute', retryAfterSeconds: 1 });
		const run = await fixture.batchGet(rows(wanted), { rateLimitDelayMs: 1 });

		expect(idsOf(run.mediaItems)).toEqual(wanted);
		expect(statuses()).toEqual([429, 200]);
		expect(pausesBetween(batchGetCalls(fixture.emulator))[0]).toBeGreaterThanOrEqual(
			1000 - CLOCK_SLACK_MS,
		);
	});

	it('does not sit out a Retry-After of an hour: one request, and Errors say how long Google asked for', async () => {
		fixture.emulator.faults.rateLimitNext(1, { kind: 'minute', retryAfterSeconds: 3600 });
		const run = await fixture.batchGet(rows(ids(2)), {}, { onError: 'continueRegularOutput' });
		expect(statuses()).toEqual([429]);
		expect(run.mediaItems).toEqual([]);
		expect(run.errors).toHaveLength(2);
		expect(run.errors[0].json.error).toMatchObject({
			code: 429,
			description: expect.stringMatching(/asked to wait 60 minutes/),
		});
	});

	it('honours a Retry-After shorter than Rate Limit Delay', async () => {
		fixture.emulator.faults.rateLimitNext(1, { kind: 'minute', retryAfterSeconds: 0 });
		const started = Date.now();
		const run = await fixture.batchGet(rows(ids(2)), { rateLimitDelayMs: 60_000 });
		expect(run.mediaItems).toHaveLength(2);
		expect(statuses()).toEqual([429, 200]);
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	it('reports the 429 for every id when it outlasts Retry Attempts', async () => {
		const wanted = ids(3);
		fixture.emulator.faults.rateLimitNext(10, { kind: 'minute' });
		const run = await fixture.batchGet(rows(wanted), { maxAttempts: 3 }, continueOnFail);

		expect(statuses()).toEqual([429, 429, 429]);
		expect(run.errors.map((item) => item.json.mediaItemId)).toEqual(wanted);
		expect(errorOf(run.errors[0])).toMatchObject({
			code: 429,
			httpCode: 429,
			status: 'RESOURCE_EXHAUSTED',
			reason: 'RATE_LIMIT_EXCEEDED',
			kind: 'request',
			message: expect.stringMatching(/per minute/),
		});
	});
});

describe('429 per day: never retried, fails with the reset time', () => {
	const resetTimes = (before: number, after: number) => [
		nextPacificMidnight(new Date(before)).toISOString(),
		nextPacificMidnight(new Date(after)).toISOString(),
	];

	it('stops after one request, in stop mode, saying when the quota resets', async () => {
		fixture.emulator.faults.rateLimitNext(5, { kind: 'day' });
		const before = Date.now();
		const run = await fixture.batchGet(rows(ids(6)), {
			maxAttempts: 4,
			batchSize: 2,
			concurrency: 1,
		});
		const after = Date.now();

		expect(statuses()).toEqual([429]);
		expect(run.error?.message).toMatch(/per day/);
		const [early, late] = resetTimes(before, after);
		expect(run.error?.description).toMatch(
			new RegExp(`resets at (${early}|${late}) \\(midnight Pacific time, in \\d+ h \\d+ min\\)`),
		);
	});

	it('gives every id, sent or not, the quota error in continue mode, without another request', async () => {
		const wanted = ids(6);
		fixture.emulator.faults.rateLimitNext(5, { kind: 'day' });
		const run = await fixture.batchGet(
			rows(wanted),
			{ maxAttempts: 4, batchSize: 2, concurrency: 1 },
			continueOnFail,
		);

		expect(statuses()).toEqual([429]);
		expect(run.mediaItems).toEqual([]);
		expect(run.errors.map((item) => item.json.mediaItemId)).toEqual(wanted);
		for (const item of run.errors) {
			expect(errorOf(item)).toMatchObject({
				code: 429,
				reason: 'RATE_LIMIT_EXCEEDED',
				kind: 'request',
				description: expect.stringMatching(/daily .* quota .* resets at \d{4}-\d\d-\d\dT/),
			});
		}
	});
});

describe('other 4xx are not retried', () => {
	it.each([400, 403, 404, 409, 413])(
		'sends one request for an HTTP %i (an HTML answer from something in the way)',
		async (status) => {
			const wanted = ids(2);
			fixture.emulator.faults.htmlNext(10, status);
			const run = await fixture.batchGet(rows(wanted), { maxAttempts: 4 }, continueOnFail);

			expect(statuses()).toEqual([status]);
			expect(run.errors.map((item) => item.json.mediaItemId)).toEqual(wanted);
			expect(errorOf(run.errors[0])).toMatchObject({
				code: status,
				httpCode: status,
				kind: 'request',
				message: `Google Photos answered HTTP ${status} with a body that is not a Google API error.`,
			});
		},
	);

	it('sends one request for 403 insufficient scopes, and for 403 SERVICE_DISABLED', async () => {
		const credential = fixture.credential({ scopes: [...REMOVED_SCOPES] });
		await fixture.batchGet(
			rows(ids(2)),
			{ maxAttempts: 4 },
			{ credentials: { googlePhotosOAuth2Api: credential } },
		);
		expect(statuses()).toEqual([403]);

		fixture.emulator.reset();
		fixture.emulator.faults.serviceDisabled(true);
		const run = await fixture.batchGet(rows(ids(2)), { maxAttempts: 4 });
		expect(statuses()).toEqual([403]);
		expect(run.error?.message).toMatch(/Photos Library API has not been used/);
	});

	it('leaves a 401 to n8n: one token refresh and one repeat, no back-off of ours', async () => {
		const accessToken = fixture.emulator.tokens.mintAccessToken();
		fixture.emulator.tokens.expireAccessToken(accessToken);
		const run = await fixture.batchGet(
			rows(ids(2)),
			{ maxAttempts: 4, initialDelayMs: 5_000 },
			{ credentials: { googlePhotosOAuth2Api: fixture.credential({ accessToken }) } },
		);
		expect(run.mediaItems).toHaveLength(2);
		expect(statuses()).toEqual([401, 200]);
		expect(fixture.emulator.counters.tokenRequests).toBe(1);
		expect(pausesBetween(batchGetCalls(fixture.emulator))[0]).toBeLessThan(5_000);
	});
});

describe('production defaults (Google: ≥ 1 s back-off, ≥ 30 s after a 429)', () => {
	const transient = { retry: 'transient' } as Pick<RequestFailure, 'retry'>;

	it('declares them as the options’ defaults in the node description', () => {
		const node = new GooglePhotos();
		const options = node.description.properties.find((property) => property.name === 'options');
		const defaults = Object.fromEntries(
			(options?.options ?? []).map((option) => [
				(option as { name: string }).name,
				(option as { default: unknown }).default,
			]),
		);
		expect(defaults).toMatchObject({
			maxAttempts: 4,
			initialDelayMs: 1000,
			rateLimitDelayMs: 30000,
			timeoutMs: 30000,
			batchSize: 50,
			concurrency: 4,
			splitFailingBatches: true,
		});
	});

	it('hands the transport 1 s / 30 s / 4 attempts / 30 s timeout when no option is set', async () => {
		const spy = jest.spyOn(transport, 'fetchMediaItems');
		try {
			const run = await fixture.batchGet(rows(ids(2)), {}, { parameters: { options: {} } });
			expect(run.mediaItems).toHaveLength(2);
			expect(spy).toHaveBeenCalledTimes(1);
			const settings = spy.mock.calls[0][2];
			expect(settings.retry).toEqual(DEFAULT_RETRY_POLICY);
			expect(settings).toMatchObject({
				timeoutMs: 30_000,
				concurrency: 4,
				splitFailingBatches: true,
			});
			expect(spy.mock.calls[0][1].batches).toEqual([ids(2)]);
		} finally {
			spy.mockRestore();
		}
	});

	it('whose first back-off is at least 1 s whatever the jitter, and whose 429 wait is 30 s', () => {
		expect(DEFAULT_RETRY_POLICY).toEqual({
			maxAttempts: 4,
			initialDelayMs: 1000,
			maxDelayMs: 32000,
			rateLimitDelayMs: 30000,
		});
		for (const random of [0, 0.25, 0.5, 0.999999]) {
			const waits = [1, 2, 3].map((attempt) =>
				retryDelayMs(transient, attempt, DEFAULT_RETRY_POLICY, () => random),
			);
			expect(waits[0]).toBeGreaterThanOrEqual(1000);
			expect(waits[1]).toBeGreaterThanOrEqual(2000);
			expect(waits[2]).toBeGreaterThanOrEqual(4000);
		}
		expect(retryDelayMs({ retry: 'rateLimit' }, 1, DEFAULT_RETRY_POLICY)).toBe(30000);
		expect(retryDelayMs(transient, DEFAULT_RETRY_POLICY.maxAttempts, DEFAULT_RETRY_POLICY)).toBe(
			undefined,
		);
	});

	it('really waits ≥ 1 s before retrying a 500 when no option is set', async () => {
		fixture.emulator.faults.failNext(1, 500);
		const run = await fixture.batchGet(rows(ids(1)), {}, { parameters: { options: {} } });
		expect(run.mediaItems).toHaveLength(1);
		expect(statuses()).toEqual([500, 200]);
		expect(pausesBetween(batchGetCalls(fixture.emulator))[0]).toBeGreaterThanOrEqual(
			1000 - CLOCK_SLACK_MS,
		);
	});
});
