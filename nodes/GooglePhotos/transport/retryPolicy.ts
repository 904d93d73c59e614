import type { RequestFailure } from '../helpers/requestFailure';

export interface RetryPolicy {
	/** Attempts per request, the first included. 1 turns retries off. */
	maxAttempts: number;
	/** Shortest first back-off for 5xx, resets and timeouts; doubles each time (spec §5: start ≥ 1 s). */
	initialDelayMs: number;
	/** Longest single back-off. */
	maxDelayMs: number;
	/** Wait before retrying a per-minute 429 when Google sends no Retry-After (spec §5: ≥ 30 s). */
	rateLimitDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 4,
	initialDelayMs: 1_000,
	maxDelayMs: 32_000,
	rateLimitDelayMs: 30_000,
};

/**
 * How long to wait before attempt `attempt + 1`, or undefined when the failure must not be
 * retried. `random` is injectable so tests can pin the jitter.
 */
export function retryDelayMs(
	failure: Pick<RequestFailure, 'retry' | 'retryAfterMs'>,
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number | undefined {
	if (attempt >= policy.maxAttempts || failure.retry === 'never') return undefined;
	if (failure.retry === 'rateLimit') {
		// A Retry-After too long to wait for is classified 'never' (MAX_RETRY_AFTER_MS).
		return failure.retryAfterMs ?? policy.rateLimitDelayMs;
	}
	const exponential = policy.initialDelayMs * 2 ** (attempt - 1);
	// Jitter only lengthens the step (up to half of it): Google asks to wait at least the step,
	// ≥ 1 s before the first retry (spec §5); the spread keeps parallel lanes out of lockstep.
	return Math.min(policy.maxDelayMs, Math.round(exponential * (1 + random() / 2)));
}
