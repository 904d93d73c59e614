/** The targets of issue 8; the benchmark's exit status is non-zero when one fails. */
import type { Row } from './results';

export const WALL_TARGET_RATIO = 1.25;
export const BIG_WALL_LIMIT_MS = 15_000;
/** 1.5 GB, decimal: the stricter reading. */
export const BIG_RSS_LIMIT_BYTES = 1.5e9;

/** The workloads behind the time targets, measured `TIMED_ATTEMPTS` times (the fastest counts). */
export const TIMED_WORKLOADS = [
	{ n: 10_000, latencyMs: 100 },
	{ n: 100_000, latencyMs: 0 },
] as const;
export const TIMED_ATTEMPTS = 3;

export function isTimed(workload: { n: number; latencyMs: number }): boolean {
	return TIMED_WORKLOADS.some((w) => w.n === workload.n && w.latencyMs === workload.latencyMs);
}

export interface TargetResult {
	name: string;
	status: 'pass' | 'fail' | 'not run';
	detail: string;
	/** The workload to profile when a time or memory target fails. */
	row?: Row;
}

function ours(rows: Row[], n: number, latencyMs: number): Row | undefined {
	return rows.find(
		(row) =>
			row.approach === 'batchGet' && row.n === n && row.latencyMs === latencyMs && row.measurement,
	);
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(2)} s`;
}

export function checkTargets(rows: Row[]): TargetResult[] {
	const results: TargetResult[] = [];

	const measured = rows.filter((row) => row.approach === 'batchGet' && row.measurement);
	// Every attempt counts here, not only the fastest.
	const off = measured.filter((row) => row.attempts.some((m) => m.requests !== row.floor));
	results.push({
		name: 'Requests == ceil(distinct/50), every workload',
		status: measured.length === 0 ? 'not run' : off.length === 0 ? 'pass' : 'fail',
		detail:
			off.length === 0
				? `${measured.length} workloads, all at the floor`
				: off
						.map(
							(row) =>
								`N=${row.n} @${row.latencyMs} ms: ${row.attempts.map((m) => m.requests).join(', ')} vs ${row.floor}`,
						)
						.join('; '),
	});

	const [latencyWorkload, bigWorkload] = TIMED_WORKLOADS;
	const latencyBound = ours(rows, latencyWorkload.n, latencyWorkload.latencyMs);
	const limit = latencyBound && WALL_TARGET_RATIO * latencyBound.latencyFloorMs;
	results.push({
		name: `10,000 ids at 100 ms: wall ≤ ${WALL_TARGET_RATIO}× latency floor`,
		status: !latencyBound || !limit ? 'not run' : latencyBound.wallMs <= limit ? 'pass' : 'fail',
		detail: latencyBound
			? `${seconds(latencyBound.wallMs)} = ${(latencyBound.wallMs / latencyBound.latencyFloorMs).toFixed(2)}× the floor ${seconds(latencyBound.latencyFloorMs)} (limit ${seconds(limit ?? 0)})`
			: 'needs N=10,000 at 100 ms',
		row: latencyBound,
	});

	const big = ours(rows, bigWorkload.n, bigWorkload.latencyMs);
	results.push({
		name: '100,000 ids at 0 ms: wall < 15 s',
		status: !big ? 'not run' : big.wallMs < BIG_WALL_LIMIT_MS ? 'pass' : 'fail',
		detail: big ? seconds(big.wallMs) : 'needs N=100,000 at 0 ms (full run)',
		row: big,
	});
	// The largest over all attempts: memory is not a matter of luck.
	const rss = big && Math.max(...big.attempts.map((m) => m.peakRssBytes));
	results.push({
		name: '100,000 ids at 0 ms: peak RSS < 1.5 GB',
		status: !rss ? 'not run' : rss < BIG_RSS_LIMIT_BYTES ? 'pass' : 'fail',
		detail:
			rss === undefined ? 'needs N=100,000 at 0 ms (full run)' : `${Math.round(rss / 1e6)} MB`,
		row: big,
	});
	return results;
}
