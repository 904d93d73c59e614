/**
 * Random scenarios for the property test: input items whose id occurrences are known by
 * construction (an oracle independent of the node's parser), faults for the emulator, and the
 * node's options. See properties.test.ts for the invariants.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';

/** What one id occurrence is: an id the node must send, or a value it must refuse. */
export type Occurrence = { id: string } | { refused: string | null };

export interface Cell {
	/** The input item's json. */
	json: IDataObject;
	occurrences: Occurrence[];
}

/** Makes `$json.boom` items throw inside the expression, like a reference to a missing node. */
export const MEDIA_ITEM_IDS_EXPRESSION =
	'={{ $json.boom ? $("Missing node").item.json.id : $json.id }}';

export interface Pools {
	/** App-created items: found unless a fault says otherwise. */
	library: string[];
	/** Per-item code 3: deleted, other app's, never existed. */
	deleted: string[];
	otherApp: string[];
	unknown: string[];
	/** Valid characters, 300–500 long: 50 of them in one request exceed the front end's limit. */
	long: string[];
}

export function poolsOf(emulator: Emulator): Pools {
	return {
		library: emulator.library.ids().slice(0, 40),
		deleted: emulator.library.deletedIds(),
		otherApp: emulator.library.otherAppIds(),
		unknown: Array.from({ length: 8 }, (_, n) => `unknownId${n}`),
		long: Array.from({ length: 60 }, (_, n) => `long${n}_`.padEnd(300 + ((n * 37) % 200), 'q')),
	};
}

/** Tokens that can never be ids; none contains a separator. */
const BAD_TOKENS = [
	'a&b',
	'x=y',
	'p#q',
	'%41',
	'a/b',
	'q?r',
	'fotó',
	'📷',
	'{{1}}',
	'a.b',
	'Authorization:',
	'a\u200bb',
	'z'.repeat(501),
];

const SEPARATORS = [',', ' ', '\n', ', ', ' ,\t', ',,', '\r\n', '\u00a0'];

type Token = { text: string; occurrence: Occurrence };

function tokenArbitrary(pools: Pools): fc.Arbitrary<Token> {
	const id = (list: string[]) =>
		fc.constantFrom(...list).map((text): Token => ({ text, occurrence: { id: text } }));
	return fc.oneof(
		{ arbitrary: id(pools.library), weight: 12 },
		{ arbitrary: id(pools.deleted), weight: 1 },
		{ arbitrary: id(pools.otherApp), weight: 1 },
		{ arbitrary: id(pools.unknown), weight: 1 },
		{ arbitrary: id(pools.long), weight: 1 },
		{
			arbitrary: fc
				.constantFrom(...BAD_TOKENS)
				.map((text): Token => ({ text, occurrence: { refused: text } })),
			weight: 2,
		},
	);
}

/** Tokens joined by random separators, maybe padded: the occurrences are the tokens. */
function textArbitrary(pools: Pools, maxTokens: number) {
	return fc
		.tuple(
			fc.array(tokenArbitrary(pools), { minLength: 1, maxLength: maxTokens }),
			fc.array(fc.constantFrom(...SEPARATORS), {
				minLength: maxTokens + 1,
				maxLength: maxTokens + 1,
			}),
			fc.boolean(),
		)
		.map(([tokens, separators, padded]) => {
			const body = tokens.map((token, n) => (n === 0 ? '' : separators[n]) + token.text).join('');
			return {
				text: padded ? `${separators[0]}${body}${separators[maxTokens]}` : body,
				occurrences: tokens.map((token) => token.occurrence),
			};
		});
}

const notText = fc.oneof(
	fc.integer(),
	fc.constantFrom(0, -0, NaN, Infinity, 1e21, 3.5),
	fc.boolean(),
	fc.constant(null),
	fc.constant({ id: 'x' }),
	fc.constant({}),
);

function arrayElement(pools: Pools) {
	return fc.oneof(
		{
			arbitrary: textArbitrary(pools, 3).map(({ text, occurrences }) => ({
				value: text as unknown,
				occurrences,
			})),
			weight: 6,
		},
		{
			arbitrary: fc.constantFrom('', '  ').map((value) => ({
				value: value as unknown,
				occurrences: [{ refused: null }] as Occurrence[],
			})),
			weight: 1,
		},
		{
			arbitrary: fc.oneof(notText, fc.constant([pools.library[0]])).map((value) => ({
				value: value as unknown,
				occurrences: [{ refused: null }] as Occurrence[],
			})),
			weight: 1,
		},
	);
}

const single = (json: IDataObject, occurrence: Occurrence): Cell => ({
	json,
	occurrences: [occurrence],
});

export function cellArbitrary(pools: Pools): fc.Arbitrary<Cell> {
	return fc.oneof(
		{
			arbitrary: textArbitrary(pools, 1).map(({ text, occurrences }) => ({
				json: { id: text },
				occurrences,
			})),
			weight: 8,
		},
		{
			arbitrary: textArbitrary(pools, 8).map(({ text, occurrences }) => ({
				json: { id: text },
				occurrences,
			})),
			weight: 4,
		},
		{
			arbitrary: fc.array(arrayElement(pools), { minLength: 1, maxLength: 6 }).map((elements) => ({
				json: { id: elements.map((element) => element.value) as IDataObject[] },
				occurrences: elements.flatMap((element) => element.occurrences),
			})),
			weight: 3,
		},
		{
			arbitrary: fc
				.constantFrom<unknown>('', '   ', ' , \n', null, [])
				.map((value) => single({ id: value as IDataObject[string] }, { refused: null })),
			weight: 1,
		},
		{ arbitrary: fc.constant(single({ other: 1 }, { refused: null })), weight: 1 },
		{
			arbitrary: notText.map((value) =>
				single({ id: value as IDataObject[string] }, { refused: null }),
			),
			weight: 1,
		},
		{
			arbitrary: fc.constant(single({ boom: true, id: pools.library[0] }, { refused: null })),
			weight: 1,
		},
		{
			// Many long ids at once: their request exceeds the front end's limit (414) until halved.
			arbitrary: fc
				.uniqueArray(fc.constantFrom(...pools.long), { minLength: 30, maxLength: 50 })
				.map((ids) => ({ json: { id: ids }, occurrences: ids.map((id) => ({ id })) })),
			weight: 1,
		},
	);
}

export interface FaultPlan {
	itemStatuses: Array<{ id: string; code: number }>;
	poisoned: string[];
	failNext?: { n: number; status: 500 | 503 };
	rateLimit?: { n: number; kind: 'minute' | 'day'; retryAfterSeconds?: number };
	resets?: number;
	html?: { n: number; status: number };
	truncate?: { n: number; mode: 'honest' | 'close' };
	wrongCount?: number;
	missing?: number;
}

/** Present one time in three. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
	fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary, weight: 1 });

export function faultArbitrary(pools: Pools): fc.Arbitrary<FaultPlan> {
	const calm = fc.record({
		itemStatuses: fc.uniqueArray(
			fc.record({ id: fc.constantFrom(...pools.library), code: fc.constantFrom(3, 5, 7, 13) }),
			{ selector: (status) => status.id, maxLength: 3 },
		),
		poisoned: fc.uniqueArray(fc.constantFrom(...pools.library, ...pools.unknown), { maxLength: 2 }),
	});
	const stormy = fc.record({
		failNext: sometimes(
			fc.record({
				n: fc.integer({ min: 1, max: 5 }),
				status: fc.constantFrom<500 | 503>(500, 503),
			}),
		),
		rateLimit: sometimes(
			fc.record({
				n: fc.integer({ min: 1, max: 3 }),
				kind: fc.oneof(
					{ arbitrary: fc.constant<'minute'>('minute'), weight: 5 },
					{ arbitrary: fc.constant<'day'>('day'), weight: 1 },
				),
				retryAfterSeconds: fc.constantFrom(undefined, 0),
			}),
		),
		resets: sometimes(fc.integer({ min: 1, max: 3 })),
		html: sometimes(
			fc.record({ n: fc.integer({ min: 1, max: 2 }), status: fc.constantFrom(502, 200, 404) }),
		),
		truncate: sometimes(
			fc.record({
				n: fc.integer({ min: 1, max: 2 }),
				mode: fc.constantFrom<'honest' | 'close'>('honest', 'close'),
			}),
		),
		wrongCount: sometimes(fc.integer({ min: 1, max: 2 })),
		missing: sometimes(fc.integer({ min: 1, max: 2 })),
	});
	return fc.oneof(
		{ arbitrary: calm, weight: 1 },
		{ arbitrary: fc.tuple(calm, stormy).map(([a, b]) => ({ ...a, ...b })), weight: 3 },
	);
}

export function applyFaults(emulator: Emulator, plan: FaultPlan): void {
	const { faults, library } = emulator;
	for (const { id, code } of plan.itemStatuses)
		library.setItemStatus(id, { code, message: `forced ${code}` });
	for (const id of plan.poisoned) faults.poison(id);
	if (plan.failNext) faults.failNext(plan.failNext.n, plan.failNext.status);
	if (plan.rateLimit) faults.rateLimitNext(plan.rateLimit.n, plan.rateLimit);
	if (plan.resets) faults.resetConnectionsNext(plan.resets);
	if (plan.html) faults.htmlNext(plan.html.n, plan.html.status);
	if (plan.truncate) faults.truncateNext(plan.truncate.n, { mode: plan.truncate.mode });
	if (plan.wrongCount) faults.wrongResultCountNext(plan.wrongCount);
	if (plan.missing) faults.missingResultsNext(plan.missing);
}

/** Faults that make a whole request fail (per-item statuses and poison are modelled apart). */
export const hasRequestFaults = (plan: FaultPlan) =>
	Boolean(
		plan.failNext ||
		plan.rateLimit ||
		plan.resets ||
		plan.html ||
		plan.truncate ||
		plan.wrongCount ||
		plan.missing,
	);

/** Failed answers with a 5xx that the faults can add, each of which may split a part in two. */
export const serverErrorFaults = (plan: FaultPlan) =>
	(plan.failNext?.n ?? 0) + (plan.html && plan.html.status >= 500 ? plan.html.n : 0);

/**
 * Failed answers the faults can add that are retried but never halved (cut or garbled answers,
 * per-minute 429s): each may cost one more attempt of a part being isolated.
 */
export const retriedFaults = (plan: FaultPlan) =>
	(plan.resets ?? 0) +
	(plan.rateLimit?.kind === 'minute' ? plan.rateLimit.n : 0) +
	(plan.truncate?.n ?? 0) +
	(plan.html?.status === 200 ? plan.html.n : 0) +
	(plan.wrongCount ?? 0) +
	(plan.missing ?? 0);

export type OnError = 'continueRegularOutput' | 'continueErrorOutput' | 'stopWorkflow';

export interface NodeOptions extends IDataObject {
	batchSize: number;
	concurrency: number;
	maxAttempts: number;
	splitFailingBatches: boolean;
	initialDelayMs: number;
	rateLimitDelayMs: number;
}

export const optionsArbitrary: fc.Arbitrary<NodeOptions> = fc.record({
	batchSize: fc.oneof(
		fc.integer({ min: 1, max: 4 }),
		fc.integer({ min: 5, max: 50 }),
		fc.constant(50),
	),
	concurrency: fc.integer({ min: 1, max: 4 }),
	maxAttempts: fc.integer({ min: 1, max: 4 }),
	splitFailingBatches: fc.oneof(
		{ arbitrary: fc.constant(true), weight: 3 },
		{ arbitrary: fc.constant(false), weight: 1 },
	),
	initialDelayMs: fc.integer({ min: 0, max: 2 }),
	rateLimitDelayMs: fc.integer({ min: 0, max: 2 }),
});

export const onErrorArbitrary: fc.Arbitrary<OnError> = fc.oneof(
	{ arbitrary: fc.constant<OnError>('continueRegularOutput'), weight: 2 },
	{ arbitrary: fc.constant<OnError>('continueErrorOutput'), weight: 2 },
	{ arbitrary: fc.constant<OnError>('stopWorkflow'), weight: 1 },
);
