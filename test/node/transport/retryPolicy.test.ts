import type { RequestFailure } from '../../../nodes/GooglePhotos/helpers/requestFailure';
import {
	DEFAULT_RETRY_POLICY,
	retryDelayMs,
} from '../../../nodes/GooglePhotos/transport/retryPolicy';

const failure = (retry: RequestFailure['retry'], retryAfterMs?: number): RequestFailure => ({
	code: 500,
	status: 'INTERNAL',
	message: 'm',
	description: 'd',
	kind: 'request',
	retry,
	retryAfterMs,
	stopsAllRequests: false,
});

describe('retryDelayMs', () => {
	it('backs off exponentially, never shorter than the step (≥ 1 s first, spec §5), with up to half a step of jitter', () => {
		const low = () => 0;
		const high = () => 0.999999;
		expect(
			[1, 2, 3].map((attempt) =>
				retryDelayMs(failure('transient'), attempt, DEFAULT_RETRY_POLICY, low),
			),
		).toEqual([1000, 2000, 4000]);
		expect(
			[1, 2, 3].map((attempt) =>
				retryDelayMs(failure('transient'), attempt, DEFAULT_RETRY_POLICY, high),
			),
		).toEqual([1500, 3000, 6000]);
	});

	it('caps a single back-off, jitter included', () => {
		expect(
			retryDelayMs(failure('transient'), 9, { ...DEFAULT_RETRY_POLICY, maxAttempts: 10 }, () => 1),
		).toBe(32000);
		expect(
			retryDelayMs(failure('transient'), 6, { ...DEFAULT_RETRY_POLICY, maxAttempts: 10 }, () => 0),
		).toBe(32000);
	});

	it('waits at least 30 s on a per-minute 429, or what Retry-After says', () => {
		expect(retryDelayMs(failure('rateLimit'), 1, DEFAULT_RETRY_POLICY)).toBe(30000);
		expect(retryDelayMs(failure('rateLimit', 4000), 1, DEFAULT_RETRY_POLICY)).toBe(4000);
	});

	it('stops after the last attempt and never retries what must not be retried', () => {
		expect(
			retryDelayMs(failure('transient'), DEFAULT_RETRY_POLICY.maxAttempts, DEFAULT_RETRY_POLICY),
		).toBeUndefined();
		expect(retryDelayMs(failure('never'), 1, DEFAULT_RETRY_POLICY)).toBeUndefined();
	});
});
