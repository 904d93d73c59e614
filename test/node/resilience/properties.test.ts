/**
 * Issue 5 §3 — property-based: random input items × random faults × random options, each run
 * through n8n's engine against one emulator (reset per run). Invariants:
 *
 * 1. Every id occurrence lands exactly once across Media Items and Errors, each output in input
 *    order, each item paired with the input item that asked for it.
 * 2. A found item is the library's item for the id asked at that position (no mis-pairing); an
 *    item-level error carries that id's own answer; a request-level error only appears when a
 *    request could fail; refused values are `input` errors.
 * 3. On the wire (emulator log): only `mediaItemIds` keys, ≤ min(50, batchSize) distinct ids per
 *    request, only ids from the input, and every request is a planned batch or a half of one.
 * 4. Requests ≤ B·A + S + 2·F + T, where B = ceil(distinct / batchSize) planned batches,
 *    A = Retry Attempts, S = the halving requests for the parts that fail by content (poisoned id,
 *    target too long), F = 5xx answers the faults can add (each lets one part be halved once
 *    more) and T = the other retryable failed answers they can add (each may cost a part being
 *    isolated one more attempt). S, F and T only when isolation runs (the option on; also in stop
 *    mode, which isolates before it stops).
 *    Without request faults the count is exact.
 * 5. No token or client secret anywhere in what the node emits.
 *
 * Runs: 200 when CI is set, else FC_RUNS or 100. FC_SEED (and FC_PATH) replay a failure that
 * fast-check reported with its seed.
 */
import fc from 'fast-check';
import type { INodeExecutionData } from 'n8n-workflow';

import { useNodeFixture } from '../fixture';
import {
	applyFaults,
	cellArbitrary,
	faultArbitrary,
	hasRequestFaults,
	MEDIA_ITEM_IDS_EXPRESSION,
	onErrorArbitrary,
	optionsArbitrary,
	poolsOf,
	retriedFaults,
	serverErrorFaults,
	type Cell,
	type FaultPlan,
	type NodeOptions,
	type OnError,
	type Pools,
} from './scenarios';
import {
	batchGetCalls,
	halvesOf,
	idsSentIn,
	isTooLong,
	leakedSecrets,
	queryOf,
	splitRequestsFor,
} from './support';

const fixture = useNodeFixture({ seed: 'resilience-properties', librarySize: 60 });

const NUM_RUNS = process.env.CI ? 200 : Number(process.env.FC_RUNS ?? 100);

interface Scenario {
	cells: Cell[];
	faults: FaultPlan;
	options: NodeOptions;
	onError: OnError;
}

type Placed = ({ id: string } | { refused: string | null }) & { item: number };

function chunks<T>(list: readonly T[], size: number): T[][] {
	const result: T[][] = [];
	for (let start = 0; start < list.length; start += size)
		result.push(list.slice(start, start + size));
	return result;
}

/** Every part the halving could send for a batch: the batch, its halves, theirs… */
function halvingParts(batch: string[]): string[][] {
	if (batch.length < 2) return [batch];
	return [batch, ...halvesOf(batch).flatMap(halvingParts)];
}

/** What Google answers for one id when its request succeeds. */
function answerFor(id: string, scenario: Scenario, pools: Pools): 'found' | 'none' | number {
	if (scenario.faults.poisoned.includes(id)) return 'none';
	const forced = scenario.faults.itemStatuses.find((status) => status.id === id);
	if (forced) return forced.code;
	return pools.library.includes(id) ? 'found' : 3;
}

const pairedIndex = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;

function verify(
	scenario: Scenario,
	run: Awaited<ReturnType<typeof fixture.batchGet>>,
	pools: Pools,
	secrets: string[],
) {
	const { emulator } = fixture;
	const { options, faults } = scenario;
	const placed: Placed[] = scenario.cells.flatMap((cell, item) =>
		cell.occurrences.map((occurrence) => ({ ...occurrence, item })),
	);
	const distinct = [...new Set(placed.flatMap((entry) => ('id' in entry ? [entry.id] : [])))];
	const batches = chunks(distinct, options.batchSize);
	const failsByContent = (part: readonly string[]) =>
		isTooLong(part) || part.some((id) => faults.poisoned.includes(id));
	const continueMode = scenario.onError !== 'stopWorkflow';
	const requestTrouble = hasRequestFaults(faults) || batches.some(failsByContent);
	const calls = batchGetCalls(emulator);

	// 5. Secrets — checked first so that a leak is reported even if something else also fails.
	expect(leakedSecrets([run.outputs, run.error, run.runData], secrets)).toEqual([]);

	// 3. The wire.
	const allowed = new Set(batches.flatMap(halvingParts).map((part) => part.join('&')));
	for (const call of calls) {
		const sent = idsSentIn(call);
		expect(queryOf(call).every(([key]) => key === 'mediaItemIds')).toBe(true);
		expect(call.rawQuery).toMatch(/^mediaItemIds=[A-Za-z0-9_-]+(&mediaItemIds=[A-Za-z0-9_-]+)*$/);
		expect(sent.length).toBeLessThanOrEqual(Math.min(50, options.batchSize));
		expect(new Set(sent).size).toBe(sent.length);
		if (!allowed.has(sent.join('&'))) {
			throw new Error(
				`A request that is neither a planned batch nor a half of one: ${brief(sent)}; planned: ${brief(batches)}`,
			);
		}
	}
	if (continueMode && faults.rateLimit?.kind !== 'day') {
		expect(new Set(calls.flatMap(idsSentIn))).toEqual(new Set(distinct));
	}

	// 4. The number of requests.
	const attempts = options.maxAttempts;
	const halving = options.splitFailingBatches;
	const splitByContent = batches.reduce(
		(sum, batch) => sum + splitRequestsFor(batch, failsByContent),
		0,
	);
	expect(calls.length).toBeLessThanOrEqual(
		batches.length * attempts +
			(halving ? splitByContent + 2 * serverErrorFaults(faults) + retriedFaults(faults) : 0),
	);
	if (!hasRequestFaults(faults) && continueMode) {
		const exact = batches.reduce((sum, batch) => {
			const tries = isTooLong(batch) ? 1 : failsByContent(batch) ? attempts : 1;
			return sum + tries + (halving ? splitRequestsFor(batch, failsByContent) : 0);
		}, 0);
		expect(calls.length).toBe(exact);
	}
	if (!requestTrouble) expect(calls.length).toBe(batches.length);

	// Stop mode may stop, but only when some request could fail, and then emits nothing.
	if (run.error) {
		expect(scenario.onError).toBe('stopWorkflow');
		expect(requestTrouble).toBe(true);
		expect(run.outputs).toEqual([]);
		expect(run.error.message.length).toBeGreaterThan(0);
		return;
	}

	// 1. Every occurrence exactly once, in input order per output, paired with its item.
	const [found = [], errors = [], n8nErrors = []] = run.outputs;
	// n8n does not run a node that has no input items at all.
	const outputCount =
		scenario.cells.length === 0 ? [0] : [scenario.onError === 'continueErrorOutput' ? 3 : 2];
	expect(outputCount).toContain(run.outputs.length);
	expect(n8nErrors).toEqual([]);
	const foundIds = new Set(found.map((item) => item.json.id));
	const isFound = (entry: Placed) => 'id' in entry && foundIds.has(entry.id);
	expect(found.map((item) => [item.json.id, pairedIndex(item)])).toEqual(
		placed.filter(isFound).map((entry) => [(entry as { id: string }).id, entry.item]),
	);
	const failed = placed.filter((entry) => !isFound(entry));
	expect(errors.map((item) => [item.json.mediaItemId, pairedIndex(item)])).toEqual(
		failed.map((entry) => ['id' in entry ? entry.id : entry.refused, entry.item]),
	);

	// 2. Right answer for each id.
	for (const item of found) {
		const id = item.json.id as string;
		expect(answerFor(id, scenario, pools)).toBe('found');
		expect(item.json).toEqual({ ...emulator.library.get(id), baseUrl: expect.any(String) });
	}
	errors.forEach((item, n) => {
		const entry = failed[n];
		const error = item.json.error as { kind: string; code: number; message: string };
		if (!('id' in entry)) {
			expect(error.kind).toBe('input');
			return;
		}
		if (error.kind === 'item') {
			const answer = answerFor(entry.id, scenario, pools);
			expect(answer).toBe(error.code);
			expect(error.message).toBe(
				answer === 3 && !faults.itemStatuses.some((s) => s.id === entry.id)
					? 'Invalid media item ID.'
					: `forced ${answer}`,
			);
			return;
		}
		expect(error.kind).toBe('request');
		expect(continueMode && requestTrouble).toBe(true);
		if (!hasRequestFaults(faults) && halving) {
			// Only a poisoned id can still fail once the halving has run; it gets the server's 500.
			expect(faults.poisoned).toContain(entry.id);
			expect(error).toMatchObject({ code: 500, message: 'Internal error encountered.' });
		}
	});
}

/** Long ids abbreviated, so that a counterexample fits on a screen. */
function brief(value: unknown): string {
	return JSON.stringify(value, (_, entry: unknown) =>
		typeof entry === 'string' && entry.length > 40
			? `${entry.slice(0, 16)}…(${entry.length})`
			: entry,
	);
}

/** fast-check's report, with the seed and path to replay, the failure, and a short scenario. */
function reportBriefly(details: fc.RunDetails<[Scenario]>): void {
	if (!details.failed) return;
	const replay = `FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath ?? ''}`;
	const cause =
		details.errorInstance instanceof Error
			? details.errorInstance.message
			: String(details.errorInstance);
	throw new Error(
		`Property failed after ${details.numRuns} runs — replay with ${replay}\n${cause}\n\nScenario: ${brief(details.counterexample?.[0])}`,
	);
}

describe('no id is ever lost', () => {
	it(`holds the invariants for ${NUM_RUNS} random inputs × faults × options`, async () => {
		const { emulator } = fixture;
		const pools = poolsOf(emulator);
		const accessToken = emulator.tokens.mintAccessToken();
		const refreshToken = emulator.tokens.mintRefreshToken();
		const credential = fixture.credential({ accessToken, refreshToken });
		const secrets = [accessToken, refreshToken, emulator.client.clientSecret];

		const scenario = fc.record({
			cells: fc.array(cellArbitrary(pools), { maxLength: 12 }),
			faults: faultArbitrary(pools),
			options: optionsArbitrary,
			onError: onErrorArbitrary,
		});

		await fc.assert(
			fc.asyncProperty(scenario, async (drawn) => {
				emulator.reset();
				applyFaults(emulator, drawn.faults);
				const run = await fixture.batchGet(
					drawn.cells.map((cell) => cell.json),
					drawn.options,
					{
						onError: drawn.onError,
						credentials: { googlePhotosOAuth2Api: credential },
						parameters: { mediaItemIds: MEDIA_ITEM_IDS_EXPRESSION },
					},
				);
				verify(drawn, run, pools, secrets);
			}),
			{
				numRuns: NUM_RUNS,
				seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
				path: process.env.FC_PATH,
				// Each run is a whole execution; shrinking costs minutes, so it is opt-in.
				endOnFailure: process.env.FC_SHRINK !== '1',
				reporter: reportBriefly,
			},
		);
	}, 180_000);
});
