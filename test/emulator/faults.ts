import type { Faults, TruncateOptions } from './types';

/**
 * Fault injection: counters consumed in arrival order, so a test that sets `failNext(2)` knows
 * exactly which two calls fail. Nothing here is random.
 */

export type ResponseFault =
	{ kind: 'reset' } | { kind: 'html'; status: number } | { kind: 'fail'; status: 500 | 503 };

export interface RateLimitFault {
	kind: 'minute' | 'day';
	retryAfterSeconds?: number;
}

class Queue<T> {
	private remaining = 0;
	private value: T | undefined;

	set(n: number, value: T): void {
		this.remaining = Math.max(0, Math.floor(n));
		this.value = value;
	}

	take(): T | undefined {
		if (this.remaining <= 0) return undefined;
		this.remaining--;
		return this.value;
	}

	clear(): void {
		this.remaining = 0;
		this.value = undefined;
	}
}

export interface FaultHooks {
	poison(id: string): void;
	clearPoison(): void;
	expireBaseUrlsAfter(ms: number | undefined): void;
}

export class FaultState implements Faults {
	latencyMs = 0;
	disabled = false;
	private readonly resets = new Queue<true>();
	private readonly htmls = new Queue<number>();
	private readonly fails = new Queue<500 | 503>();
	private readonly rateLimits = new Queue<RateLimitFault>();
	private readonly truncates = new Queue<TruncateOptions>();
	private readonly slowBodies = new Queue<{ chunkDelayMs: number; chunks: number }>();
	private readonly wrongCounts = new Queue<true>();
	private readonly missingResultsQueue = new Queue<true>();
	private readonly mediaRateLimits = new Queue<true>();
	private readonly mediaStalls = new Queue<{ afterBytes: number }>();

	constructor(private readonly hooks: FaultHooks) {}

	latency(ms: number): void {
		this.latencyMs = Math.max(0, ms);
	}
	failNext(n: number, status: 500 | 503 = 500): void {
		this.fails.set(n, status);
	}
	rateLimitNext(n: number, opts: RateLimitFault): void {
		this.rateLimits.set(n, { kind: opts.kind, retryAfterSeconds: opts.retryAfterSeconds });
	}
	poison(id: string): void {
		this.hooks.poison(id);
	}
	resetConnectionsNext(n: number): void {
		this.resets.set(n, true);
	}
	slowBodyNext(n: number, opts: { chunkDelayMs: number; chunks?: number }): void {
		this.slowBodies.set(n, {
			chunkDelayMs: opts.chunkDelayMs,
			chunks: Math.max(2, opts.chunks ?? 10),
		});
	}
	htmlNext(n: number, status = 502): void {
		this.htmls.set(n, status);
	}
	truncateNext(n: number, opts: TruncateOptions = {}): void {
		this.truncates.set(n, { mode: opts.mode ?? 'honest' });
	}
	wrongResultCountNext(n: number): void {
		this.wrongCounts.set(n, true);
	}
	missingResultsNext(n: number): void {
		this.missingResultsQueue.set(n, true);
	}
	serviceDisabled(on: boolean): void {
		this.disabled = on;
	}
	expireBaseUrlsAfter(ms: number): void {
		this.hooks.expireBaseUrlsAfter(ms);
	}
	mediaRateLimitNext(n: number): void {
		this.mediaRateLimits.set(n, true);
	}
	stallMediaNext(n: number, opts: { afterBytes?: number } = {}): void {
		this.mediaStalls.set(n, { afterBytes: Math.max(0, Math.floor(opts.afterBytes ?? 0)) });
	}

	reset(): void {
		this.latencyMs = 0;
		this.disabled = false;
		for (const queue of [
			this.resets,
			this.htmls,
			this.fails,
			this.rateLimits,
			this.truncates,
			this.slowBodies,
			this.wrongCounts,
			this.missingResultsQueue,
			this.mediaRateLimits,
			this.mediaStalls,
		]) {
			queue.clear();
		}
		this.hooks.clearPoison();
		this.hooks.expireBaseUrlsAfter(undefined);
	}

	/** Infrastructure faults, consumed by any API call before it is looked at. */
	takeResponseFault(): ResponseFault | undefined {
		if (this.resets.take()) return { kind: 'reset' };
		const html = this.htmls.take();
		if (html !== undefined) return { kind: 'html', status: html };
		const fail = this.fails.take();
		if (fail !== undefined) return { kind: 'fail', status: fail };
		return undefined;
	}

	/** Consumed at the quota step of the validation order (spec §9.3). */
	takeRateLimit(): RateLimitFault | undefined {
		return this.rateLimits.take();
	}

	/** Consumed by batchGets that reach the per-item stage. */
	takeResultShapeFault(): 'wrongCount' | 'missing' | undefined {
		if (this.wrongCounts.take()) return 'wrongCount';
		if (this.missingResultsQueue.take()) return 'missing';
		return undefined;
	}

	/** Consumed by API responses with status 200. */
	takeTruncate(): TruncateOptions | undefined {
		return this.truncates.take();
	}

	/** Consumed by any API response that is written. */
	takeSlowBody(): { chunkDelayMs: number; chunks: number } | undefined {
		return this.slowBodies.take();
	}

	takeMediaRateLimit(): boolean {
		return this.mediaRateLimits.take() === true;
	}

	/** Consumed by media fetches that answer 200 with a body. */
	takeMediaStall(): { afterBytes: number } | undefined {
		return this.mediaStalls.take();
	}
}
