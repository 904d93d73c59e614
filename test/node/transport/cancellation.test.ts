/**
 * When the user stops the execution, n8n aborts the execution's cancel signal (and with it any
 * request in flight). The node must then send nothing more and wait for nothing more, and still
 * give every planned id an outcome.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	fetchMediaItems,
	type FetchSettings,
} from '../../../nodes/GooglePhotos/transport/fetchMediaItems';

const SETTINGS: FetchSettings = {
	credentialType: 'googlePhotosOAuth2Api',
	apiOrigin: 'http://127.0.0.1:9',
	timeoutMs: 1000,
	concurrency: 1,
	splitFailingBatches: true,
	stopOnFailure: false,
	// A retry would wait 10 s: far longer than a run that stops at once, on any machine.
	retry: { maxAttempts: 4, initialDelayMs: 10_000, maxDelayMs: 32_000, rateLimitDelayMs: 30_000 },
};

/** A context whose first request is cut by the user stopping the execution. */
function contextStoppedDuringFirstRequest() {
	const controller = new AbortController();
	let requests = 0;
	const context = {
		getExecutionCancelSignal: () => controller.signal,
		helpers: {
			httpRequestWithAuthentication: async () => {
				requests++;
				controller.abort();
				const cause = Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' });
				throw Object.assign(new Error('canceled'), { cause });
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, requests: () => requests };
}

describe('a stopped execution', () => {
	it('sends no retry and no further batch, and still gives every id an outcome', async () => {
		const { context, requests } = contextStoppedDuringFirstRequest();
		const startedAt = Date.now();
		const report = await fetchMediaItems(
			context,
			{ batches: [['a', 'b'], ['c'], ['d']], distinctIds: 4 },
			SETTINGS,
		);

		expect(requests()).toBe(1);
		expect(report.retries).toBe(0);
		expect(Date.now() - startedAt).toBeLessThan(SETTINGS.retry.initialDelayMs / 2);
		expect([...report.outcomes.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
		for (const outcome of report.outcomes.values()) {
			expect(outcome).toMatchObject({ ok: false, error: { kind: 'request' } });
		}
		// The batches never sent say why: the user stopped the execution.
		for (const id of ['c', 'd']) {
			expect(report.outcomes.get(id)).toMatchObject({ error: { status: 'CANCELLED' } });
		}
	});
});
