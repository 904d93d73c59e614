import { buildOutputs } from '../../../nodes/GooglePhotos/helpers/outputs';
import type { IdRequest, MediaItemOutcome } from '../../../nodes/GooglePhotos/types';

const id = (mediaItemId: string, itemIndex: number): IdRequest => ({
	kind: 'id',
	itemIndex,
	mediaItemId,
});
const found = (mediaItemId: string): MediaItemOutcome => ({
	ok: true,
	mediaItem: { id: mediaItemId },
});
const failed: MediaItemOutcome = {
	ok: false,
	error: {
		code: 3,
		status: 'INVALID_ARGUMENT',
		message: 'Invalid media item ID.',
		description: 'd',
		kind: 'item',
	},
};

describe('buildOutputs', () => {
	const requests: IdRequest[] = [
		id('a', 0),
		id('gone', 0),
		{
			kind: 'invalid',
			itemIndex: 1,
			mediaItemId: null,
			value: 42,
			problem: 'The value is a number',
		},
		id('a', 2),
	];
	const outcomes = new Map([
		['a', found('a')],
		['gone', failed],
	]);

	it('puts each occurrence on exactly one output, in input order, paired with its input item', () => {
		const { mediaItems, errors } = buildOutputs(requests, outcomes);
		expect(mediaItems).toEqual([
			{ json: { id: 'a' }, pairedItem: { item: 0 } },
			{ json: { id: 'a' }, pairedItem: { item: 2 } },
		]);
		expect(errors.map((item) => [item.json.mediaItemId, item.pairedItem])).toEqual([
			['gone', { item: 0 }],
			[null, { item: 1 }],
		]);
	});

	it('gives each occurrence its own copy, so a later node editing one cannot change another', () => {
		const { mediaItems } = buildOutputs(requests, outcomes);
		expect(mediaItems[0].json).not.toBe(mediaItems[1].json);
	});

	it('keeps the offending input value beside an input error', () => {
		const { errors } = buildOutputs(requests, outcomes);
		expect(errors[1].json).toMatchObject({
			value: 42,
			error: { kind: 'input', status: 'INVALID_INPUT' },
		});
	});

	it('interleaves both kinds in input order for a caller that reads one output (an AI agent)', () => {
		const { inInputOrder } = buildOutputs(requests, outcomes);
		expect(inInputOrder.map((item) => item.json.id ?? item.json.mediaItemId)).toEqual([
			'a',
			'gone',
			null,
			'a',
		]);
	});

	it('never drops an id that got no outcome: it becomes an explicit error', () => {
		const { errors } = buildOutputs([id('unanswered', 0)], new Map());
		expect(errors[0].json).toMatchObject({
			mediaItemId: 'unanswered',
			error: { status: 'UNKNOWN' },
		});
	});
});
