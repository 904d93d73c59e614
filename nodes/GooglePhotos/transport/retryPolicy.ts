import type { RequestFailure } from '../helpers/requestFailure';

export interface RetryPolicy {
	/** Attempts per request, the first included. 1 turns retries off. */
	maxAttempts: number;
	/** First back-off for 5xx, resets and timeouts; doubles each time (spec §5: start ≥ 1 s). */
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
	failure: RequestFailure,
	attempt: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number | undefined {
	if (attempt >= policy.maxAttempts || failure.retry === 'never') return undefined;
	if (failure.retry === 'rateLimit') {
		return failure.retryAfterMs ?? policy.rateLimitDelayMs;
	}
	const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
	// "Full jitter" between half and the whole step keeps parallel lanes from retrying in lockstep.
	return Math.round(exponential * (0.5 + random() / 2));
}
