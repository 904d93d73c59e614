import { outcomesFromResults } from '../../../nodes/GooglePhotos/helpers/outcomes';

describe('outcomesFromResults', () => {
	it('pairs results with ids by position, because failed results carry no id', () => {
		const outcomes = outcomesFromResults(
			['a', 'b', 'c'],
			[
				{ mediaItem: { id: 'a', filename: 'a.jpg' } },
				{ status: { code: 3, message: 'Invalid media item ID.' } },
				{ mediaItem: { id: 'c' }, status: { code: 0 } },
			],
		);
		expect(outcomes[0]).toEqual(['a', { ok: true, mediaItem: { id: 'a', filename: 'a.jpg' } }]);
		expect(outcomes[1][0]).toBe('b');
		expect(outcomes[1][1]).toMatchObject({
			ok: false,
			error: {
				code: 3,
				status: 'INVALID_ARGUMENT',
				message: 'Invalid media item ID.',
				kind: 'item',
			},
		});
		expect(outcomes[2]).toEqual(['c', { ok: true, mediaItem: { id: 'c' } }]);
	});

	it.each([
		[5, 'NOT_FOUND', /deleted/],
		[7, 'PERMISSION_DENIED', /does not let/],
		[13, 'INTERNAL', /could not return/],
	])('handles any google.rpc code (%i)', (code, status, description) => {
		const [[, outcome]] = outcomesFromResults(['x'], [{ status: { code, message: 'm' } }]);
		expect(outcome).toMatchObject({ ok: false, error: { code, status } });
		expect(!outcome.ok && outcome.error.description).toMatch(description);
	});

	it('explains code 3 as deleted, malformed or not created by this app', () => {
		const [[, outcome]] = outcomesFromResults(
			['x'],
			[{ status: { code: 3, message: 'Invalid media item ID.' } }],
		);
		expect(!outcome.ok && outcome.error.description).toMatch(
			/malformed.*deleted.*not uploaded by this OAuth client/,
		);
	});
});
