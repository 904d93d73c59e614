import {
	MAX_ID_LENGTH,
	idRequestsFromValue,
} from '../../../nodes/GooglePhotos/helpers/mediaItemIds';

const ID_A = 'AOTPd3sQ-abc_123';
const ID_B = 'AOTPd3sQ-def_456';

const ids = (value: unknown) =>
	idRequestsFromValue(value, 7).map((request) =>
		request.kind === 'id' ? request.mediaItemId : `invalid: ${request.problem}`,
	);

describe('idRequestsFromValue', () => {
	it('takes one id as it is, trimmed', () => {
		expect(ids(`  ${ID_A}\n`)).toEqual([ID_A]);
	});

	it('splits a typed list on commas, spaces and new lines, keeping its order and duplicates', () => {
		expect(ids(`${ID_A}, ${ID_B}\n${ID_A}\t${ID_B},,`)).toEqual([ID_A, ID_B, ID_A, ID_B]);
	});

	it('reads an array of ids, and lists inside its strings', () => {
		expect(ids([ID_A, `${ID_B},${ID_A}`])).toEqual([ID_A, ID_B, ID_A]);
	});

	it('remembers which input item asked for every id', () => {
		expect(idRequestsFromValue([ID_A, ID_B], 7).map((request) => request.itemIndex)).toEqual([
			7, 7,
		]);
	});

	it.each([
		['an empty string', '', /value is empty/],
		['null', null, /value is empty/],
		['undefined', undefined, /value is empty/],
		['only separators', ' ,\n ', /only contains spaces or separators/],
		['an empty array', [], /list is empty/],
		['a number', 42, /is a number/],
		['a boolean', true, /is a boolean/],
		['an object', { id: ID_A }, /is an object/],
	])('refuses %s with a reason instead of dropping it', (_name, value, reason) => {
		const [request, ...rest] = idRequestsFromValue(value, 3);
		expect(rest).toHaveLength(0);
		expect(request).toMatchObject({ kind: 'invalid', itemIndex: 3 });
		expect(request.kind === 'invalid' && request.problem).toMatch(reason);
	});

	it('refuses each bad entry of an array on its own and keeps the good ones', () => {
		expect(ids([ID_A, 5, null, [ID_B], '', ID_B])).toEqual([
			ID_A,
			'invalid: Entry 2 of the list is a number, not a media item ID (text).',
			'invalid: Entry 3 of the list is null, not a media item ID (text).',
			'invalid: Entry 4 of the list is a list, not a media item ID (text).',
			'invalid: Entry 5 of the list is empty.',
			ID_B,
		]);
	});

	it.each(['a&b', 'a=b', 'a#b', 'a%20b', 'a/b', 'a?b', 'ümlaut', 'a.b'])(
		'refuses %s because ids are URL-safe base64 and it could alter the request',
		(value) => {
			const [request] = idRequestsFromValue(value, 0);
			expect(request).toMatchObject({ kind: 'invalid', mediaItemId: value });
			expect(request.kind === 'invalid' && request.problem).toMatch(/only contain letters, digits/);
		},
	);

	it('refuses a value far longer than any id', () => {
		const [request] = idRequestsFromValue('A'.repeat(MAX_ID_LENGTH + 1), 0);
		expect(request.kind === 'invalid' && request.problem).toMatch(/characters long/);
	});

	it('accepts a realistic 98-character id', () => {
		const realistic = 'AOTPd3s' + 'x_Y-z0'.repeat(15) + 'abcdefg'.slice(0, 1);
		expect(realistic.length).toBe(98);
		expect(ids(realistic)).toEqual([realistic]);
	});
});
