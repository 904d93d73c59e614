/**
 * The benchmark's workloads: N input items, each carrying one value in `json.id` — 75 % distinct
 * existing media item ids, 20 % repeats of those, 5 % values that cannot be ids — in a seeded
 * shuffled order, so every run feeds the same items.
 */
import { Random } from '../../test/emulator/random';

export const BATCH_LIMIT = 50;
export const CONCURRENCY = 4;
export const DUPLICATE_SHARE = 0.2;
export const BAD_SHARE = 0.05;

/** Values the node must route to Errors without sending: empty, null, a number, a forbidden character. */
const BAD_VALUES: readonly unknown[] = ['', null, 42, 'AOTPd3s#not-an-id'];

export interface Workload {
	n: number;
	latencyMs: number;
}

export interface WorkloadInput {
	/** `json.id` of each input item, in order. */
	values: unknown[];
	/** Distinct valid ids: what our node must request, once each. */
	distinct: number;
	/** Valid id occurrences (distinct + repeats): what the naive node requests. */
	validOccurrences: number;
	bad: number;
}

export function shape(n: number): { distinct: number; duplicates: number; bad: number } {
	const bad = Math.round(n * BAD_SHARE);
	const duplicates = Math.round(n * DUPLICATE_SHARE);
	return { distinct: n - bad - duplicates, duplicates, bad };
}

/** Builds the input of N items from `pool`, which must hold at least `shape(n).distinct` ids. */
export function buildInput(n: number, pool: readonly string[]): WorkloadInput {
	const { distinct, duplicates, bad } = shape(n);
	if (pool.length < distinct) throw new Error(`need ${distinct} library ids, have ${pool.length}`);
	const random = new Random('n8n-nodes-google-photos bench', n);
	const values: unknown[] = pool.slice(0, distinct);
	for (let i = 0; i < duplicates; i++) values.push(pool[random.int(0, distinct - 1)]);
	for (let i = 0; i < bad; i++) values.push(BAD_VALUES[i % BAD_VALUES.length]);
	for (let i = values.length - 1; i > 0; i--) {
		const j = random.int(0, i);
		[values[i], values[j]] = [values[j], values[i]];
	}
	return { values, distinct, validOccurrences: distinct + duplicates, bad };
}

/** The fewest requests Google allows: one per 50 distinct ids. */
export function requestFloor(distinct: number): number {
	return Math.ceil(distinct / BATCH_LIMIT);
}

/** The least wall time the network allows: the floor's requests, `CONCURRENCY` at a time. */
export function latencyFloorMs(distinct: number, latencyMs: number): number {
	return (requestFloor(distinct) / CONCURRENCY) * latencyMs;
}
