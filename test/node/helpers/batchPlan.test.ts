import { planBatches } from '../../../nodes/GooglePhotos/helpers/batchPlan';
import type { IdRequest } from '../../../nodes/GooglePhotos/types';

const request = (mediaItemId: string, itemIndex = 0): IdRequest => ({
	kind: 'id',
	itemIndex,
	mediaItemId,
});
const idsNamed = (count: number) => Array.from({ length: count }, (_, n) => `id${n}`);

describe('planBatches', () => {
	it.each([
		[0, 50, []],
		[1, 50, [1]],
		[49, 50, [49]],
		[50, 50, [50]],
		[51, 50, [50, 1]],
		[120, 50, [50, 50, 20]],
		[10, 3, [3, 3, 3, 1]],
	])('plans %i distinct ids with batch size %i as batches of %j', (count, size, sizes) => {
		const plan = planBatches(
			idsNamed(count).map((id) => request(id)),
			size,
		);
		expect(plan.batches.map((batch) => batch.length)).toEqual(sizes);
		expect(plan.distinctIds).toBe(count);
	});

	it('requests each distinct id once, in first-seen order, however many items ask for it', () => {
		const plan = planBatches(
			[request('b'), request('a'), request('b', 1), request('c', 2), request('a', 3)],
			2,
		);
		expect(plan.batches).toEqual([['b', 'a'], ['c']]);
	});

	it('leaves invalid input out of the plan', () => {
		const plan = planBatches(
			[request('a'), { kind: 'invalid', itemIndex: 1, mediaItemId: null, value: 3, problem: 'x' }],
			50,
		);
		expect(plan.batches).toEqual([['a']]);
	});
});
