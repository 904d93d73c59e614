/**
 * Issue 5 §5 — answers that are not what batchGet promises (spec §2): an HTML page from a proxy,
 * a body cut short, a connection cut mid-body, a 200 without `mediaItemResults`, a results array
 * of the wrong length. Each gives the affected ids a clear error after the retries — never a
 * crash, never a result paired with the wrong id.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { outcomesFromResults } from '../../../nodes/GooglePhotos/helpers/outcomes';
import { readResults } from '../../../nodes/GooglePhotos/transport/batchGet';
import type { Faults } from '../../emulator';
import { useNodeFixture } from '../fixture';
import { batchGetCalls, errorOf, idsSentIn, rows, splitRequestsFor } from './support';

const fixture = useNodeFixture({ seed: 'resilience-malformed', librarySize: 40 });

const ATTEMPTS = 3;

interface Malformation {
	inject: (faults: Faults, times: number) => void;
	/** Whether the failure is a 5xx, which the node answers by halving the batch. */
	halved: boolean;
	error: Record<string, unknown>;
}

const MALFORMATIONS: Array<[string, Malformation]> = [
	[
		'an HTML error page from a proxy (502)',
		{
			inject: (faults, times) => faults.htmlNext(times, 502),
			halved: true,
			error: {
				code: 502,
				httpCode: 502,
				status: 'INTERNAL',
				message: 'Google Photos answered HTTP 502 with a body that is not a Google API error.',
				description: expect.stringMatching(/a proxy, firewall or load balancer/),
			},
		},
	],
	[
		'an HTML page with status 200 (a captive portal)',
		{
			inject: (faults, times) => faults.htmlNext(times, 200),
			halved: false,
			error: {
				code: 200,
				httpCode: 200,
				status: 'DATA_LOSS',
				message: 'Google Photos answered 200 but its body is not JSON.',
				description: expect.stringMatching(/none of them is reported as found/),
			},
		},
	],
	[
		'a 200 whose JSON is cut in half',
		{
			inject: (faults, times) => faults.truncateNext(times, { mode: 'honest' }),
			halved: false,
			error: {
				code: 200,
				status: 'DATA_LOSS',
				message: 'Google Photos answered 200 but its body is not JSON.',
			},
		},
	],
	[
		'a connection cut in the middle of the body',
		{
			inject: (faults, times) => faults.truncateNext(times, { mode: 'close' }),
			halved: false,
			error: {
				code: 503,
				status: 'UNAVAILABLE',
				message: expect.stringMatching(/^Could not get an answer from Google Photos: .*abort/),
				description: expect.stringMatching(
					/connection failed or was cut before Google's answer arrived in full/,
				),
			},
		},
	],
	[
		'a 200 without "mediaItemResults"',
		{
			inject: (faults, times) => faults.missingResultsNext(times),
			halved: false,
			error: {
				code: 200,
				status: 'DATA_LOSS',
				message: 'Google Photos answered 200 but without "mediaItemResults".',
			},
		},
	],
	[
		'a results array one short',
		{
			inject: (faults, times) => faults.wrongResultCountNext(times),
			halved: false,
			error: {
				code: 200,
				status: 'DATA_LOSS',
				message: 'Google Photos answered 200 but with 3 results for 4 requested IDs.',
			},
		},
	],
];

/** Two batches of four: the first has a deleted id in the middle, so pairing is not trivial. */
function twoBatches() {
	const good = fixture.emulator.library.ids().slice(0, 7);
	const [deleted] = fixture.emulator.library.deletedIds();
	return [
		[good[0], deleted, good[1], good[2]],
		[good[3], good[4], good[5], good[6]],
	];
}

/** Each found item is the library's item for the id asked at that input position. */
function expectFoundExactly(items: INodeExecutionData[], wanted: string[], inputItems: number[]) {
	expect(items.map((item) => item.json.id)).toEqual(wanted);
	items.forEach((item, n) => {
		expect(item.json).toEqual({
			...fixture.emulator.library.get(wanted[n]),
			baseUrl: expect.any(String),
		});
		expect(item.pairedItem).toEqual({ item: inputItems[n] });
	});
}

describe.each(MALFORMATIONS)('%s', (_, malformation) => {
	it('is retried, and a clean retry yields every item correctly paired', async () => {
		const [batch] = twoBatches();
		malformation.inject(fixture.emulator.faults, ATTEMPTS - 1);
		const run = await fixture.batchGet(rows(batch), { maxAttempts: ATTEMPTS });

		expect(run.error).toBeUndefined();
		expect(batchGetCalls(fixture.emulator)).toHaveLength(ATTEMPTS);
		expectFoundExactly(run.mediaItems, [batch[0], batch[2], batch[3]], [0, 2, 3]);
		expect(run.errors.map((item) => [item.json.mediaItemId, errorOf(item).code])).toEqual([
			[batch[1], 3],
		]);
	});

	it.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'when it lasts, gives each id of that batch a clear error and leaves the other batch intact (%s)',
		async (onError) => {
			const [first, second] = twoBatches();
			const halving = malformation.halved ? splitRequestsFor(first, () => true) : 0;
			malformation.inject(fixture.emulator.faults, ATTEMPTS + halving);
			const run = await fixture.batchGet(
				rows([...first, ...second]),
				{ maxAttempts: ATTEMPTS, batchSize: 4, concurrency: 1 },
				{ onError },
			);

			expect(run.error).toBeUndefined();
			expect(batchGetCalls(fixture.emulator).map(idsSentIn)).toHaveLength(ATTEMPTS + halving + 1);
			expect(run.errors.map((item) => item.json.mediaItemId)).toEqual(first);
			expect(run.errors.map((item) => item.pairedItem)).toEqual(
				first.map((__, item) => ({ item })),
			);
			for (const item of run.errors) {
				expect(errorOf(item)).toMatchObject({ kind: 'request', ...malformation.error });
			}
			expectFoundExactly(run.mediaItems, second, [4, 5, 6, 7]);
			if (onError === 'continueErrorOutput') expect(run.outputs[2]).toEqual([]);
		},
	);

	it('stops the workflow with the same clear message in stop mode', async () => {
		const [batch] = twoBatches();
		malformation.inject(fixture.emulator.faults, 100);
		const run = await fixture.batchGet(rows(batch), { maxAttempts: ATTEMPTS });

		expect(run.outputs).toEqual([]);
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toEqual(malformation.error.message);
		expect(run.error?.description).toEqual(expect.any(String));
		expect((run.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
	});
});

describe('readResults: shapes a proxy could produce that the emulator does not', () => {
	const dataLoss = (message: string) => ({
		ok: false,
		failure: expect.objectContaining({
			code: 200,
			status: 'DATA_LOSS',
			message,
			retry: 'transient',
		}),
	});

	it.each([
		['null', null, 'Google Photos answered 200 but its body is not JSON.'],
		['a number', 42, 'Google Photos answered 200 but its body is not JSON.'],
		['text', '<html>', 'Google Photos answered 200 but its body is not JSON.'],
		['an empty object', {}, 'Google Photos answered 200 but without "mediaItemResults".'],
		[
			'results that are text',
			{ mediaItemResults: 'x' },
			'Google Photos answered 200 but "mediaItemResults" is not a list of results.',
		],
		[
			'results that are an object',
			{ mediaItemResults: { 0: {} } },
			'Google Photos answered 200 but "mediaItemResults" is not a list of results.',
		],
		[
			'a null result',
			{ mediaItemResults: [null] },
			'Google Photos answered 200 but "mediaItemResults" is not a list of results.',
		],
		[
			'a result that is a list',
			{ mediaItemResults: [[{ mediaItem: { id: 'a' } }]] },
			'Google Photos answered 200 but "mediaItemResults" is not a list of results.',
		],
		[
			'a mediaItem that is text',
			{ mediaItemResults: [{ mediaItem: 'a' }] },
			'Google Photos answered 200 but "mediaItemResults" is not a list of results.',
		],
		[
			'a mediaItem that is a list',
			{ mediaItemResults: [{ mediaItem: [] }] },
			'Google Photos answered 200 but "mediaItemResults" is not a list of results.',
		],
		[
			'a status that is text',
			{ mediaItemResults: [{ status: 'NOT_FOUND' }] },
			'Google Photos answered 200 but "mediaItemResults" is not a list of results.',
		],
		[
			'one result too many',
			{ mediaItemResults: [{}, {}] },
			'Google Photos answered 200 but with 2 results for 1 requested IDs.',
		],
		[
			'no results',
			{ mediaItemResults: [] },
			'Google Photos answered 200 but with 0 results for 1 requested IDs.',
		],
	])('refuses %s', (_, body, message) => {
		expect(readResults(body, 1)).toEqual(dataLoss(message));
	});

	it('accepts well-formed results, and an empty result becomes an error for its id, not a success', () => {
		const body = {
			mediaItemResults: [
				{ mediaItem: { id: 'a' } },
				{ status: { code: 3, message: 'Invalid media item ID.' } },
				{},
			],
		};
		const answer = readResults(body, 3);
		expect(answer.ok).toBe(true);
		if (!answer.ok) return;
		const outcomes = outcomesFromResults(['a', 'b', 'c'], answer.results);
		expect(outcomes.map(([id, outcome]) => [id, outcome.ok])).toEqual([
			['a', true],
			['b', false],
			['c', false],
		]);
		expect(outcomes[2][1]).toMatchObject({
			ok: false,
			error: { code: 2, message: 'Google returned neither a media item nor a status.' },
		});
	});
});
