/**
 * Issue 5 §4 — a catalogue of bad input, each case with its exact outcome, run through n8n's
 * engine. The emulator's log proves that no input can add or alter a query parameter: every
 * logged query has only `mediaItemIds` keys, carrying exactly the ids the node meant to send.
 *
 * Decision (spec §1: real ids never contain commas or white space): any white space — space,
 * tab, new line, CR, no-break space — separates ids, so "a b" is two ids, not one id with a space.
 * Zero-width characters are not white space: "a\u200bb" is refused and named as U+200B.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { useNodeFixture } from '../fixture';
import { batchGetCalls, idsSentIn, queryOf } from './support';

const fixture = useNodeFixture({ seed: 'resilience-bad-input', librarySize: 80 });

/** What one id occurrence must become. */
type Outcome =
	| { found: string }
	/** Sent to Google, which answers per-item code 3. */
	| { rejectedByGoogle: string }
	/** Never sent: an Errors item saying why. */
	| { refused: { mediaItemId: string | null; value: unknown; message: string } };

interface Case {
	/** The input item's json; the node reads `{{ $json.id }}` unless `expression` says otherwise. */
	item: IDataObject;
	expression?: string;
	outcomes: Outcome[];
}

const ONLY = 'Google Photos media item IDs only contain letters, digits, "-" and "_".';
const refused = (mediaItemId: string | null, value: unknown, message: string): Outcome => ({
	refused: { mediaItemId, value, message },
});
const badCharacter = (token: string, shown: string) =>
	refused(token, token, `"${token}" contains ${shown}; ${ONLY}`);
const notAnId = (value: unknown, kind: string) =>
	refused(
		null,
		value,
		`The value is ${kind}, not a media item ID. Map a text field, or a list of IDs.`,
	);
const entry = (position: number, value: unknown, kind: string) =>
	refused(null, value, `Entry ${position} of the list is ${kind}, not a media item ID (text).`);
const tooLong = (token: string) =>
	refused(
		token,
		token,
		`The value is ${token.length} characters long; Google Photos media item IDs are about 100 characters.`,
	);
const EMPTY = 'No media item ID: the value is empty.';
const ONLY_SEPARATORS = 'No media item ID: the value only contains spaces or separators.';
const found = (id: string): Outcome => ({ found: id });
const google = (id: string): Outcome => ({ rejectedByGoogle: id });

const junkList = (count: number) =>
	Array.from({ length: count }, (_, n) => `junk${String(n).padStart(3, '0')}`);

/** Cases read the library's ids through `g` (known once the emulator runs). */
const CATALOGUE: Array<[string, (g: string[]) => Case]> = [
	[
		'"&" cannot smuggle in a second key',
		(g) => ({
			item: { id: `${g[0]}&mediaItemIds=${g[1]}` },
			outcomes: [badCharacter(`${g[0]}&mediaItemIds=${g[1]}`, '"&"')],
		}),
	],
	['"=" in an id', () => ({ item: { id: 'abc=def' }, outcomes: [badCharacter('abc=def', '"="')] })],
	[
		'"#" cannot cut the query',
		(g) => ({ item: { id: `${g[0]}#frag` }, outcomes: [badCharacter(`${g[0]}#frag`, '"#"')] }),
	],
	[
		'"%" cannot carry an encoded "&" or "="',
		(g) => ({
			item: { id: `${g[0]}%26mediaItemIds%3D${g[1]}` },
			outcomes: [badCharacter(`${g[0]}%26mediaItemIds%3D${g[1]}`, '"%"')],
		}),
	],
	['"/" in an id', () => ({ item: { id: 'a/b' }, outcomes: [badCharacter('a/b', '"/"')] })],
	[
		'"?" cannot start a second query',
		(g) => ({
			item: { id: `?mediaItemIds=${g[1]}` },
			outcomes: [badCharacter(`?mediaItemIds=${g[1]}`, '"?"')],
		}),
	],
	[
		'"+" (a space in forms)',
		() => ({ item: { id: 'a+b' }, outcomes: [badCharacter('a+b', '"+"')] }),
	],
	[
		'a space inside separates two ids',
		(g) => ({ item: { id: `${g[0]} ${g[1]}` }, outcomes: [found(g[0]), found(g[1])] }),
	],
	[
		'a space inside junk makes two junk ids, each answered by Google',
		() => ({ item: { id: 'foo bar' }, outcomes: [google('foo'), google('bar')] }),
	],
	[
		'CR LF and tabs separate ids',
		(g) => ({ item: { id: `\t${g[0]}\r\n${g[1]}\t` }, outcomes: [found(g[0]), found(g[1])] }),
	],
	[
		'a no-break space separates ids',
		(g) => ({ item: { id: `${g[0]}\u00a0${g[1]}` }, outcomes: [found(g[0]), found(g[1])] }),
	],
	[
		'CR LF cannot inject a header: the pieces are ids or refused',
		() => ({
			item: { id: 'x\r\nAuthorization: Bearer evil' },
			outcomes: [
				google('x'),
				badCharacter('Authorization:', '":"'),
				google('Bearer'),
				google('evil'),
			],
		}),
	],
	[
		'a zero-width space is refused and named',
		(g) => ({ item: { id: `${g[0]}\u200b` }, outcomes: [badCharacter(`${g[0]}\u200b`, 'U+200B')] }),
	],
	[
		'unicode letters, emoji and look-alikes',
		() => ({
			item: { id: 'fotó 📷 \u0410BC' },
			outcomes: [
				badCharacter('fotó', '"ó"'),
				badCharacter('📷', '"📷"'),
				badCharacter('\u0410BC', '"\u0410"'),
			],
		}),
	],
	[
		'a 10 KB string',
		() => ({ item: { id: 'x'.repeat(10_240) }, outcomes: [tooLong('x'.repeat(10_240))] }),
	],
	[
		'500 characters is still sent, 501 is refused',
		() => ({
			item: { id: ['y'.repeat(500), 'z'.repeat(501)] },
			outcomes: [google('y'.repeat(500)), tooLong('z'.repeat(501))],
		}),
	],
	['a number', () => ({ item: { id: 12345 }, outcomes: [notAnId(12345, 'a number')] })],
	['zero', () => ({ item: { id: 0 }, outcomes: [notAnId(0, 'a number')] })],
	['NaN (null in JSON)', () => ({ item: { id: NaN }, outcomes: [notAnId(null, 'a number')] })],
	['Infinity', () => ({ item: { id: Infinity }, outcomes: [notAnId(null, 'a number')] })],
	['null', () => ({ item: { id: null }, outcomes: [refused(null, null, EMPTY)] })],
	['no such field', () => ({ item: { other: 'x' }, outcomes: [refused(null, null, EMPTY)] })],
	['true', () => ({ item: { id: true }, outcomes: [notAnId(true, 'a boolean')] })],
	['false', () => ({ item: { id: false }, outcomes: [notAnId(false, 'a boolean')] })],
	[
		'an object',
		(g) => ({ item: { id: { id: g[0] } }, outcomes: [notAnId({ id: g[0] }, 'an object')] }),
	],
	[
		'a Date (e.g. from a Code node)',
		() => ({
			item: { id: new Date(0) as unknown as IDataObject },
			outcomes: [notAnId('1970-01-01T00:00:00.000Z', 'an object')],
		}),
	],
	['a nested array', (g) => ({ item: { id: [[g[0]]] }, outcomes: [entry(1, [g[0]], 'a list')] })],
	[
		'an empty array',
		() => ({
			item: { id: [] },
			outcomes: [refused(null, [], 'No media item ID: the list is empty.')],
		}),
	],
	[
		'blank entries in an array',
		(g) => ({
			item: { id: ['', '  ', g[0]] },
			outcomes: [
				refused(null, '', 'Entry 1 of the list is empty.'),
				refused(null, '  ', 'Entry 2 of the list is empty.'),
				found(g[0]),
			],
		}),
	],
	[
		'an array mixing ids and other values',
		(g) => ({
			item: { id: [g[0], 42, null, {}, true] },
			outcomes: [
				found(g[0]),
				entry(2, 42, 'a number'),
				entry(3, null, 'null'),
				entry(4, {}, 'an object'),
				entry(5, true, 'a boolean'),
			],
		}),
	],
	[
		'an array of comma lists',
		(g) => ({
			item: { id: [`${g[0]},${g[1]}`, g[2]] },
			outcomes: [found(g[0]), found(g[1]), found(g[2])],
		}),
	],
	['an empty string', () => ({ item: { id: '' }, outcomes: [refused(null, '', EMPTY)] })],
	[
		'only white space',
		() => ({ item: { id: '   \n\t' }, outcomes: [refused(null, '   \n\t', ONLY_SEPARATORS)] }),
	],
	[
		'only commas',
		() => ({ item: { id: ', , ,' }, outcomes: [refused(null, ', , ,', ONLY_SEPARATORS)] }),
	],
	[
		'duplicates in one cell: three occurrences, sent once',
		(g) => ({
			item: { id: `${g[0]},${g[0]}, ${g[0]}` },
			outcomes: [found(g[0]), found(g[0]), found(g[0])],
		}),
	],
	[
		'120 junk ids in one comma list: three requests of ≤ 50',
		() => ({ item: { id: junkList(120).join(',') }, outcomes: junkList(120).map(google) }),
	],
	[
		'60 real ids in one cell separated by new lines',
		(g) => ({ item: { id: g.slice(0, 60).join('\n') }, outcomes: g.slice(0, 60).map(found) }),
	],
	[
		'an expression that throws',
		() => ({
			item: { boom: true },
			expression: '={{ $json.boom ? $("Missing node").item.json.id : $json.id }}',
			outcomes: [
				refused(
					null,
					null,
					'The "Media Item IDs" expression failed: Referenced node doesn\'t exist',
				),
			],
		}),
	],
	[
		'expression syntax inside the data is not evaluated',
		() => ({
			item: { id: '{{ $json.secret }}' },
			outcomes: [
				badCharacter('{{', '"{"'),
				badCharacter('$json.secret', '"$"'),
				badCharacter('}}', '"}"'),
			],
		}),
	],
	['a leading "="', () => ({ item: { id: '=1+1' }, outcomes: [badCharacter('=1+1', '"="')] })],
	[
		'names that are special to JavaScript objects',
		() => ({
			item: { id: '__proto__ constructor hasOwnProperty' },
			outcomes: [google('__proto__'), google('constructor'), google('hasOwnProperty')],
		}),
	],
	[
		'strings that look like other types',
		() => ({
			item: { id: 'NaN null undefined 12345 true' },
			outcomes: ['NaN', 'null', 'undefined', '12345', 'true'].map(google),
		}),
	],
	[
		'the parameter’s own name, and "-" / "_" alone',
		() => ({ item: { id: 'mediaItemIds - _' }, outcomes: ['mediaItemIds', '-', '_'].map(google) }),
	],
];

const libraryIds = () => fixture.emulator.library.ids().slice(0, 70);
/** Follows every case, to show the rest of the input is still fetched. */
const trailing = () => fixture.emulator.library.ids()[75];

const sentIdOf = (outcome: Outcome) =>
	'found' in outcome
		? outcome.found
		: 'rejectedByGoogle' in outcome
			? outcome.rejectedByGoogle
			: undefined;

function expectedOutputs(cases: Case[]) {
	const mediaItems: Array<[string, number]> = [];
	const errors: Array<[IDataObject, number]> = [];
	cases.forEach(({ outcomes }, item) => {
		for (const outcome of outcomes) {
			if ('found' in outcome) {
				mediaItems.push([outcome.found, item]);
			} else if ('rejectedByGoogle' in outcome) {
				errors.push([
					{
						mediaItemId: outcome.rejectedByGoogle,
						error: {
							code: 3,
							status: 'INVALID_ARGUMENT',
							message: 'Invalid media item ID.',
							description: expect.stringMatching(/not uploaded by this OAuth client/),
							kind: 'item',
						},
					},
					item,
				]);
			} else {
				errors.push([
					{
						mediaItemId: outcome.refused.mediaItemId,
						value: outcome.refused.value as IDataObject[string],
						error: {
							code: 3,
							status: 'INVALID_INPUT',
							message: outcome.refused.message,
							description: expect.stringMatching(/^This value was not sent to Google\./),
							kind: 'input',
						},
					},
					item,
				]);
			}
		}
	});
	return { mediaItems, errors };
}

const asPairs = (items: INodeExecutionData[], key: 'id' | 'json') =>
	items.map((item) => [
		key === 'id' ? item.json.id : item.json,
		(item.pairedItem as { item: number }).item,
	]);

/** The emulator's log: only `mediaItemIds` keys, only the ids meant, each batch ≤ 50 and distinct. */
function expectOnlyIntendedQueries(intended: string[]) {
	const calls = batchGetCalls(fixture.emulator);
	expect(fixture.emulator.log.every((entry) => entry.path === '/v1/mediaItems:batchGet')).toBe(
		true,
	);
	for (const call of calls) {
		expect(queryOf(call).every(([key]) => key === 'mediaItemIds')).toBe(true);
		expect(call.rawQuery).toMatch(/^mediaItemIds=[A-Za-z0-9_-]+(&mediaItemIds=[A-Za-z0-9_-]+)*$/);
		const sent = idsSentIn(call);
		expect(sent.length).toBeLessThanOrEqual(50);
		expect(new Set(sent).size).toBe(sent.length);
	}
	expect(calls.map(idsSentIn).flat()).toEqual([...new Set(intended)]);
}

describe('bad input catalogue: each value’s exact outcome', () => {
	it('has at least 25 cases', () => expect(CATALOGUE.length).toBeGreaterThanOrEqual(25));

	it.each(CATALOGUE)('%s', async (_, build) => {
		const testCase = build(libraryIds());
		const cases = [testCase, { item: { id: trailing() }, outcomes: [found(trailing())] }];
		const run = await fixture.batchGet(
			cases.map((entry) => entry.item),
			{ concurrency: 1 },
			{
				onError: 'continueRegularOutput',
				parameters: testCase.expression ? { mediaItemIds: testCase.expression } : {},
			},
		);

		expect(run.error).toBeUndefined();
		const expected = expectedOutputs(cases);
		expect(asPairs(run.mediaItems, 'id')).toEqual(expected.mediaItems);
		expect(asPairs(run.errors, 'json')).toEqual(expected.errors);
		expectOnlyIntendedQueries(
			cases.flatMap((entry) => entry.outcomes.map(sentIdOf)).filter((id) => id !== undefined),
		);
	});

	it('keeps every query clean with the whole catalogue in one execution, each item paired', async () => {
		const cases = CATALOGUE.map(([, build]) => build(libraryIds())).filter(
			(entry) => entry.expression === undefined,
		);
		const run = await fixture.batchGet(
			cases.map((entry) => entry.item),
			{},
			{ onError: 'continueErrorOutput' },
		);

		const expected = expectedOutputs(cases);
		expect(asPairs(run.mediaItems, 'id')).toEqual(expected.mediaItems);
		expect(asPairs(run.errors, 'json')).toEqual(expected.errors);
		expect(run.outputs[2]).toEqual([]);
		const intended = new Set(
			cases.flatMap((entry) => entry.outcomes.map(sentIdOf)).filter((id) => id !== undefined),
		);
		const calls = batchGetCalls(fixture.emulator);
		for (const call of calls) {
			expect(queryOf(call).every(([key]) => key === 'mediaItemIds')).toBe(true);
			expect(call.rawQuery).toMatch(/^mediaItemIds=[A-Za-z0-9_-]+(&mediaItemIds=[A-Za-z0-9_-]+)*$/);
			for (const id of idsSentIn(call)) expect(intended.has(id)).toBe(true);
		}
		expect(new Set(calls.map(idsSentIn).flat())).toEqual(intended);
		expect(calls).toHaveLength(Math.ceil(intended.size / 50));
	});
});
