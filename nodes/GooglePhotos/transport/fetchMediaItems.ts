import { sleep, type IExecuteFunctions } from 'n8n-workflow';

import { runWithConcurrency } from '../helpers/concurrency';
import { outcomesFromFailure, outcomesFromResults } from '../helpers/outcomes';
import { cancelledFailure, type RequestFailure } from '../helpers/requestFailure';
import type { BatchPlan, MediaItemError, MediaItemId, MediaItemOutcome } from '../types';
import { batchGetMediaItems, type BatchGetAnswer, type TransportSettings } from './batchGet';
import { retryDelayMs, type RetryPolicy } from './retryPolicy';

export interface FetchSettings extends TransportSettings {
	concurrency: number;
	retry: RetryPolicy;
	/** Isolate ids that make a whole batch fail with 5xx by splitting it (spec §3, historic fault). */
	splitFailingBatches: boolean;
	/**
	 * Stop sending new batches once one has failed for good (the node's "stop workflow" mode).
	 * A failing batch is still isolated first, so the failure points at the id that caused it.
	 */
	stopOnFailure: boolean;
}

export interface FetchReport {
	outcomes: Map<MediaItemId, MediaItemOutcome>;
	/** HTTP requests sent, retries and split halves included. */
	requests: number;
	retries: number;
	/** Halves sent while isolating failing ids (first tries; their retries count in `retries`). */
	splitRequests: number;
}

/**
 * Worth halving: a server error that one id inside may cause (spec §3, historic fault), or a
 * request target too long for Google's front end (414, e.g. many long junk ids), which halves fix.
 */
function halvingMayHelp(failure: RequestFailure): boolean {
	const httpCode = failure.httpCode ?? 0;
	return httpCode >= 500 || httpCode === 414;
}

/**
 * Sends the planned batches with bounded concurrency, retrying per Google's guidance and
 * splitting poisoned batches, and returns one outcome for every planned id.
 */
export async function fetchMediaItems(
	context: IExecuteFunctions,
	plan: BatchPlan,
	settings: FetchSettings,
): Promise<FetchReport> {
	const report: FetchReport = { outcomes: new Map(), requests: 0, retries: 0, splitRequests: 0 };
	/** The user stopped the execution: send nothing more, wait for nothing more. */
	const signal = context.getExecutionCancelSignal?.();
	const cancelled = () => signal?.aborted === true;
	/** A failure that every later request would share: no point in sending them. */
	let stopAll: RequestFailure | undefined;
	/** A batch that failed for good, after retries and isolation. */
	let failed: MediaItemError | undefined;

	const send = async (ids: MediaItemId[]): Promise<BatchGetAnswer> => {
		report.requests++;
		return await batchGetMediaItems(context, ids, settings);
	};

	/**
	 * Sends one request, retrying per Google's guidance. A part of a batch being isolated is not
	 * retried on a 5xx or 414 (halving it is the answer to those), but is on other temporary
	 * failures — a cut connection, a per-minute 429, a garbled body — which its ids did not cause.
	 */
	const sendWithRetries = async (
		ids: MediaItemId[],
		isolating = false,
	): Promise<BatchGetAnswer> => {
		for (let attempt = 1; ; attempt++) {
			const answer = await send(ids);
			if (answer.ok || (isolating && halvingMayHelp(answer.failure))) return answer;
			const delay = retryDelayMs(answer.failure, attempt, settings.retry);
			if (delay === undefined || stopAll || cancelled()) return answer;
			report.retries++;
			await sleep(delay, signal).catch(() => undefined);
			if (cancelled()) return answer;
		}
	};

	/** Halves a batch that keeps failing with 5xx (or 414) until the ids that cause it stand alone. */
	const isolate = async (ids: MediaItemId[], failure: RequestFailure): Promise<void> => {
		const splittable =
			settings.splitFailingBatches &&
			ids.length > 1 &&
			halvingMayHelp(failure) &&
			!stopAll &&
			!cancelled();
		if (!splittable) {
			for (const [id, outcome] of outcomesFromFailure(ids, failure))
				report.outcomes.set(id, outcome);
			return;
		}
		const middle = Math.ceil(ids.length / 2);
		for (const half of [ids.slice(0, middle), ids.slice(middle)]) {
			if (cancelled()) {
				for (const [id, outcome] of outcomesFromFailure(half, failure))
					report.outcomes.set(id, outcome);
				continue;
			}
			report.splitRequests++;
			const answer = await sendWithRetries(half, true);
			if (answer.ok) {
				for (const [id, outcome] of outcomesFromResults(half, answer.results))
					report.outcomes.set(id, outcome);
			} else {
				if (answer.failure.stopsAllRequests) stopAll ??= answer.failure;
				await isolate(half, answer.failure);
			}
		}
	};

	/** The first id of `ids` still failing as a whole request after retries and isolation. */
	const remainingFailure = (ids: MediaItemId[]): MediaItemError | undefined => {
		for (const id of ids) {
			const outcome = report.outcomes.get(id);
			if (outcome && !outcome.ok && outcome.error.kind === 'request') return outcome.error;
		}
		return undefined;
	};

	const unsent = await runWithConcurrency(
		plan.batches,
		settings.concurrency,
		async (ids) => {
			const answer = await sendWithRetries(ids);
			if (answer.ok) {
				for (const [id, outcome] of outcomesFromResults(ids, answer.results))
					report.outcomes.set(id, outcome);
				return;
			}
			if (answer.failure.stopsAllRequests) stopAll ??= answer.failure;
			// Isolate even when the node will stop: then it stops at the culprit, not at the 49
			// good ids that happened to share its batch.
			await isolate(ids, answer.failure);
			const failure = remainingFailure(ids);
			failed ??= failure;
		},
		() => stopAll !== undefined || (settings.stopOnFailure && failed !== undefined) || cancelled(),
	);

	// Requests never sent share the failure that proved they would fail, or the user's stop.
	const reason = stopAll ?? (cancelled() ? cancelledFailure() : failed);
	for (const batch of unsent) {
		if (reason)
			for (const [id, outcome] of outcomesFromFailure(plan.batches[batch], reason))
				report.outcomes.set(id, outcome);
	}
	return report;
}
