/**
 * Issue 5 §2 — a batch that keeps failing with 5xx because of one id (spec §3, historic fault):
 * the node halves it until the culprit stands alone. Good ids succeed, the culprit gets the
 * server's answer, and the extra requests are exactly the halving's, ≤ 2·ceil(log2 n) per culprit.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { fetchMediaItems } from '../../../nodes/GooglePhotos/transport/fetchMediaItems';
import { DEFAULT_RETRY_POLICY } from '../../../nodes/GooglePhotos/transport/retryPolicy';
import { idsOf, pairedOf, useNodeFixture } from '../fixture';
import {
	batchGetCalls,
	ceilLog2,
	errorOf,
	idsSentIn,
	isTooLong,
	rows,
	splitRequestsFor,
	splitSequenceFor,
} from './support';

const fixture = useNodeFixture({ seed: 'resilience-poison', librarySize: 220 });
const ids = (count: number, offset = 0) =>
	fixture.emulator.library.ids().slice(offset, offset + count);

const ATTEMPTS = 3;
const continueOnFail = { onError: 'continueRegularOutput' } as const;
const serversAnswer = {
	code: 500,
	httpCode: 500,
	status: 'INTERNAL',
	message: 'Internal error encountered.',
	kind: 'request',
};

function poisonAll(culprits: readonly string[]) {
	for (const culprit of culprits) fixture.emulator.faults.poison(culprit);
	return (part: readonly string[]) => part.some((id) => culprits.includes(id));
}

const sent = () => batchGetCalls(fixture.emulator).map(idsSentIn);

describe('one culprit in a batch', () => {
	it.each([
		[50, 0],
		[50, 24],
		[50, 25],
		[50, 49],
		[2, 1],
		[3, 2],
		[7, 3],
		[16, 15],
		[33, 16],
		[37, 36],
	])(
		'in %i ids at position %i: the others succeed, the culprit gets the 500, extra requests = the halving ≤ 2·ceil(log2 n)',
		async (size, position) => {
			const batch = ids(size);
			const culprit = batch[position];
			const fails = poisonAll([culprit]);
			const run = await fixture.batchGet(rows(batch), { maxAttempts: ATTEMPTS }, continueOnFail);

			expect(idsOf(run.mediaItems)).toEqual(batch.filter((id) => id !== culprit));
			expect(pairedOf(run.mediaItems)).toEqual(
				batch.flatMap((id, item) => (id === culprit ? [] : [{ item }])),
			);
			expect(run.errors).toHaveLength(1);
			expect(run.errors[0].json.mediaItemId).toBe(culprit);
			expect(run.errors[0].pairedItem).toEqual({ item: position });
			expect(errorOf(run.errors[0])).toMatchObject(serversAnswer);

			const split = splitSequenceFor(batch, fails);
			expect(sent()).toEqual([...Array<string[]>(ATTEMPTS).fill(batch), ...split]);
			expect(fixture.emulator.counters.apiRequests - ATTEMPTS).toBe(split.length);
			expect(split.length).toBeLessThanOrEqual(2 * ceilLog2(size));
		},
	);

	it('costs exactly 2·6 = 12 extra requests for the worst place in a full batch of 50, depth first', async () => {
		const batch = ids(50);
		poisonAll([batch[0]]);
		await fixture.batchGet(rows(batch), { maxAttempts: ATTEMPTS }, continueOnFail);
		expect(fixture.emulator.counters.apiRequests).toBe(ATTEMPTS + 12);
		// The failing first half is taken apart before its sibling is sent.
		expect(
			sent()
				.slice(ATTEMPTS)
				.map((part) => part.length),
		).toEqual([25, 13, 7, 4, 2, 1, 1, 2, 3, 6, 12, 25]);
	});

	it('keeps the per-item answers of the other ids in the batch (deleted, other app)', async () => {
		const batch = ids(20);
		const [deleted] = fixture.emulator.library.deletedIds();
		const [otherApp] = fixture.emulator.library.otherAppIds();
		const input = [
			...batch.slice(0, 5),
			deleted,
			...batch.slice(5, 15),
			otherApp,
			...batch.slice(15),
		];
		poisonAll([batch[12]]);
		const run = await fixture.batchGet(rows(input), { maxAttempts: ATTEMPTS }, continueOnFail);

		expect(idsOf(run.mediaItems)).toEqual(batch.filter((id) => id !== batch[12]));
		expect(run.errors.map((item) => [item.json.mediaItemId, errorOf(item).code])).toEqual([
			[deleted, 3],
			[batch[12], 500],
			[otherApp, 3],
		]);
		expect(pairedOf(run.errors)).toEqual([{ item: 5 }, { item: 13 }, { item: 16 }]);
	});

	it('gives every occurrence of a culprit the error, paired with its own input item', async () => {
		const batch = ids(10);
		poisonAll([batch[4]]);
		const run = await fixture.batchGet(
			[{ id: batch.slice(0, 5) }, { id: batch[4] }, { id: batch.slice(4).join(',') }],
			{ maxAttempts: ATTEMPTS },
			continueOnFail,
		);
		expect(run.errors.map((item) => [item.json.mediaItemId, item.pairedItem])).toEqual([
			[batch[4], { item: 0 }],
			[batch[4], { item: 1 }],
			[batch[4], { item: 2 }],
		]);
		expect(idsOf(run.mediaItems)).toEqual([...batch.slice(0, 4), ...batch.slice(5)]);
		// Sent once per attempt and once per level of the halving: 10 → 5 → 2 → 1.
		expect(
			sent()
				.flat()
				.filter((id) => id === batch[4]),
		).toHaveLength(ATTEMPTS + 3);
	});
});

describe('two culprits in one batch', () => {
	it.each([
		['adjacent, same smallest pair', 0, 1],
		['neighbours in the same half', 10, 11],
		['in different halves', 3, 40],
		['at both ends', 0, 49],
		['far apart in one half', 2, 23],
	])(
		'%s (%i, %i): both isolated, 48 good ids found, extra requests = the halving ≤ 2·2·ceil(log2 50)',
		async (_, first, second) => {
			const batch = ids(50);
			const culprits = [batch[first], batch[second]];
			const fails = poisonAll(culprits);
			const run = await fixture.batchGet(rows(batch), { maxAttempts: ATTEMPTS }, continueOnFail);

			expect(idsOf(run.mediaItems)).toEqual(batch.filter((id) => !culprits.includes(id)));
			expect(run.errors.map((item) => item.json.mediaItemId)).toEqual(culprits);
			expect(pairedOf(run.errors)).toEqual([{ item: first }, { item: second }]);
			for (const item of run.errors) expect(errorOf(item)).toMatchObject(serversAnswer);

			const split = splitSequenceFor(batch, fails);
			expect(sent()).toEqual([...Array<string[]>(ATTEMPTS).fill(batch), ...split]);
			expect(split.length).toBeLessThanOrEqual(2 * 2 * ceilLog2(50));
		},
	);
});

describe('culprits with concurrency > 1', () => {
	it('isolates a culprit in each of two batches sent in parallel, keeps input order, and spends only the halving', async () => {
		const wanted = ids(200);
		const culprits = [wanted[60], wanted[170]];
		const fails = poisonAll(culprits);
		const run = await fixture.batchGet(
			rows(wanted),
			{ maxAttempts: ATTEMPTS, concurrency: 4 },
			continueOnFail,
		);

		expect(idsOf(run.mediaItems)).toEqual(wanted.filter((id) => !culprits.includes(id)));
		expect(pairedOf(run.errors)).toEqual([{ item: 60 }, { item: 170 }]);

		const batches = [0, 50, 100, 150].map((start) => wanted.slice(start, start + 50));
		const expectedPerBatch = batches.map((batch) =>
			fails(batch)
				? [...Array<string[]>(ATTEMPTS).fill(batch), ...splitSequenceFor(batch, fails)]
				: [batch],
		);
		// Lanes interleave, but each batch's own requests keep their order.
		const calls = sent();
		batches.forEach((batch, n) => {
			const own = calls.filter((call) => call.every((id) => batch.includes(id)));
			expect(own).toEqual(expectedPerBatch[n]);
		});
		expect(calls).toHaveLength(expectedPerBatch.flat().length);
		expect(calls.length - 4 - 2 * (ATTEMPTS - 1)).toBeLessThanOrEqual(2 * 2 * ceilLog2(50));
	});

	it('isolates two culprits in the same batch while other lanes run', async () => {
		const wanted = ids(150);
		const culprits = [wanted[51], wanted[98]];
		const fails = poisonAll(culprits);
		const run = await fixture.batchGet(
			rows(wanted),
			{ maxAttempts: ATTEMPTS, concurrency: 3 },
			continueOnFail,
		);
		expect(idsOf(run.mediaItems)).toEqual(wanted.filter((id) => !culprits.includes(id)));
		expect(fixture.emulator.counters.apiRequests).toBe(
			2 + ATTEMPTS + splitRequestsFor(wanted.slice(50, 100), fails),
		);
	});
});

describe('a transient failure while isolating', () => {
	it.each([
		['a connection cut mid-body', () => fixture.emulator.faults.truncateNext(1, { mode: 'close' })],
		['a body cut short', () => fixture.emulator.faults.truncateNext(1, { mode: 'honest' })],
		['a results array one short', () => fixture.emulator.faults.wrongResultCountNext(1)],
	])(
		'(%s, on the first half that answers) is retried, not blamed on the 25 good ids in it',
		async (_, inject) => {
			const batch = ids(50);
			const culprit = batch[49];
			const fails = poisonAll([culprit]);
			// Consumed by the first 200 answer: the clean first half, sent right after the attempts.
			inject();
			const run = await fixture.batchGet(rows(batch), { maxAttempts: ATTEMPTS }, continueOnFail);

			expect(idsOf(run.mediaItems)).toEqual(batch.slice(0, 49));
			expect(run.errors.map((item) => item.json.mediaItemId)).toEqual([culprit]);
			const split = splitSequenceFor(batch, fails);
			expect(sent()).toEqual([
				...Array<string[]>(ATTEMPTS).fill(batch),
				split[0],
				split[0],
				...split.slice(1),
			]);
		},
	);
});

describe('when isolation does not run', () => {
	it('fails the whole batch with the 500, without extra requests, when Isolate Failing IDs is off', async () => {
		const batch = ids(50);
		poisonAll([batch[7]]);
		const run = await fixture.batchGet(
			rows(batch),
			{ maxAttempts: ATTEMPTS, splitFailingBatches: false },
			continueOnFail,
		);
		expect(run.mediaItems).toEqual([]);
		expect(run.errors.map((item) => item.json.mediaItemId)).toEqual(batch);
		expect(fixture.emulator.counters.apiRequests).toBe(ATTEMPTS);
	});

	it('isolates in stop mode too, then stops at the culprit instead of the first id of its batch', async () => {
		const batch = ids(50);
		poisonAll([batch[7]]);
		const run = await fixture.batchGet(rows(batch), { maxAttempts: ATTEMPTS });
		expect(run.error?.message).toBe('Internal error encountered.');
		expect((run.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(7);
		expect(fixture.emulator.counters.apiRequests).toBeLessThanOrEqual(
			ATTEMPTS + 2 * Math.ceil(Math.log2(50)),
		);
	});
});

describe('a request too long for Google’s front end (414)', () => {
	it('is halved until it fits, so long junk ids cannot fail a good id beside them', async () => {
		const [good] = ids(1);
		const junk = Array.from({ length: 49 }, (_, n) => `junk${n}`.padEnd(400, 'x'));
		const batch = [good, ...junk];
		expect(isTooLong(batch)).toBe(true);
		const run = await fixture.batchGet([{ id: batch }], { maxAttempts: ATTEMPTS }, continueOnFail);

		expect(idsOf(run.mediaItems)).toEqual([good]);
		expect(run.errors.map((item) => item.json.mediaItemId)).toEqual(junk);
		for (const item of run.errors) {
			expect(errorOf(item)).toMatchObject({
				code: 3,
				message: 'Invalid media item ID.',
				kind: 'item',
			});
		}
		// A 414 is not retried; the halves fit.
		expect(batchGetCalls(fixture.emulator).map((call) => call.status)).toEqual([414, 200, 200]);
		expect(sent().slice(1)).toEqual(splitSequenceFor(batch, isTooLong));
	});
});

describe('the extra requests are reported', () => {
	/** A stand-in for n8n's request helper that answers like the emulator for a poisoned id. */
	function contextPoisonedBy(culprits: readonly string[]) {
		const requestsSeen: string[][] = [];
		const httpRequestWithAuthentication = jest.fn(
			async (_credentialType: string, options: IHttpRequestOptions) => {
				const sentIds = (options.qs as { mediaItemIds: string[] }).mediaItemIds;
				requestsSeen.push(sentIds);
				if (sentIds.some((id) => culprits.includes(id))) {
					return {
						statusCode: 500,
						headers: {},
						body: {
							error: { code: 500, status: 'INTERNAL', message: 'Internal error encountered.' },
						},
					};
				}
				return {
					statusCode: 200,
					headers: {},
					body: { mediaItemResults: sentIds.map((id) => ({ mediaItem: { id } })) },
				};
			},
		);
		const context = { helpers: { httpRequestWithAuthentication } } as unknown as IExecuteFunctions;
		return { context, requestsSeen };
	}

	it('counts requests, retries and split requests in the fetch report', async () => {
		const batch = Array.from({ length: 50 }, (_, n) => `id${n}`);
		const culprits = [batch[17]];
		const { context, requestsSeen } = contextPoisonedBy(culprits);
		const report = await fetchMediaItems(
			context,
			{ batches: [batch, ['other']], distinctIds: 51 },
			{
				credentialType: 'googlePhotosOAuth2Api',
				apiOrigin: 'https://photoslibrary.googleapis.com',
				timeoutMs: 1000,
				concurrency: 1,
				splitFailingBatches: true,
				stopOnFailure: false,
				retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: ATTEMPTS, initialDelayMs: 0 },
			},
		);

		const split = splitRequestsFor(batch, (part) => part.some((id) => culprits.includes(id)));
		expect(report).toMatchObject({
			requests: ATTEMPTS + split + 1,
			retries: ATTEMPTS - 1,
			splitRequests: split,
		});
		expect(requestsSeen).toHaveLength(report.requests);
		expect(report.outcomes.get(batch[17])).toMatchObject({ ok: false, error: { code: 500 } });
		expect([...report.outcomes.values()].filter((outcome) => outcome.ok)).toHaveLength(50);
	});
});
