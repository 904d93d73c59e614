/**
 * One row of the results: a workload run through one approach, measured or — for naive runs too
 * long to wait for — scaled from a measured smaller run and marked as such.
 */
import type { Approach } from './protocol';
import type { Measurement } from './runner';
import { latencyFloorMs, requestFloor, type Workload, type WorkloadInput } from './workloads';

export interface Row extends Workload {
	approach: Approach;
	distinct: number;
	/** Valid id occurrences: what the naive approach requests. */
	validOccurrences: number;
	bad: number;
	floor: number;
	latencyFloorMs: number;
	requests: number;
	wallMs: number;
	/** NaN when extrapolated. */
	cpuMsPerId: number;
	/** The fastest attempt; absent when the row is extrapolated. */
	measurement?: Measurement;
	/** Every attempt, in order (one, or several for the workloads behind time targets). */
	attempts: Measurement[];
	/** N of the measured run this row was scaled from. */
	extrapolatedFrom?: number;
}

type Shape = Pick<WorkloadInput, 'distinct' | 'validOccurrences' | 'bad'>;

function base(workload: Workload, approach: Approach, shape: Shape) {
	return {
		...workload,
		approach,
		distinct: shape.distinct,
		validOccurrences: shape.validOccurrences,
		bad: shape.bad,
		floor: requestFloor(shape.distinct),
		latencyFloorMs: latencyFloorMs(shape.distinct, workload.latencyMs),
	};
}

/**
 * A row from one or more attempts at the same workload. It shows the fastest: on a shared machine
 * other processes only ever add time. Every attempt is kept for the checks and the details.
 */
export function measuredRow(
	workload: Workload,
	approach: Approach,
	shape: Shape,
	attempts: Measurement[],
): Row {
	const measurement = attempts.reduce((best, next) => (next.wallMs < best.wallMs ? next : best));
	return {
		...base(workload, approach, shape),
		requests: measurement.requests,
		wallMs: measurement.wallMs,
		cpuMsPerId: (measurement.cpuUserMs + measurement.cpuSystemMs) / workload.n,
		measurement,
		attempts,
	};
}

/**
 * The naive approach sends one request per valid id occurrence, so its request count follows
 * from the input; at a fixed latency and concurrency its wall time grows with the request count
 * (each lane waits one latency per request). CPU time per id and peak RSS are not extrapolated:
 * a small run's fixed costs weigh too much in them (N = 1,000 → 10,000 at 100 ms overstated CPU/id
 * by 40 %, while the wall time came within 2 % of the measured one).
 */
export function extrapolatedNaiveRow(workload: Workload, shape: Shape, reference: Row): Row {
	const requests = shape.validOccurrences;
	return {
		...base(workload, 'naive', shape),
		requests,
		wallMs: (reference.wallMs * requests) / reference.requests,
		cpuMsPerId: Number.NaN,
		attempts: [],
		extrapolatedFrom: reference.n,
	};
}

/** How well the scaling rule predicts a run that was measured: the evidence behind ≈ rows. */
export interface ExtrapolationCheck {
	latencyMs: number;
	from: number;
	to: number;
	predictedMs: number;
	measuredMs: number;
}

/**
 * For each latency with at least two measured naive runs: the largest one, predicted from the
 * next smaller one with the rule that `extrapolatedNaiveRow` applies beyond the measured range.
 * Only where latency bounds the run: at 0 ms the naive run is CPU-bound, never extrapolated,
 * and the rule does not claim to hold.
 */
export function extrapolationChecks(rows: Row[]): ExtrapolationCheck[] {
	const latencies = [...new Set(rows.map((row) => row.latencyMs))].filter((ms) => ms > 0);
	return latencies.flatMap((latencyMs) => {
		const measured = rows
			.filter((r) => r.approach === 'naive' && r.latencyMs === latencyMs && r.measurement)
			.sort((a, b) => b.n - a.n);
		const [largest, reference] = measured;
		if (!largest || !reference) return [];
		const predicted = extrapolatedNaiveRow(largest, largest, reference);
		return [
			{
				latencyMs,
				from: reference.n,
				to: largest.n,
				predictedMs: predicted.wallMs,
				measuredMs: largest.wallMs,
			},
		];
	});
}

/**
 * Why a measured run does not count: the node failed, did not put every id occurrence on an
 * output, or did not request what its approach must (each distinct id once; every valid occurrence).
 */
export function invalidity(row: Row): string | undefined {
	for (const [index, m] of row.attempts.entries()) {
		const why = attemptInvalidity(row, m);
		if (why) return row.attempts.length > 1 ? `attempt ${index + 1}: ${why}` : why;
	}
	return undefined;
}

function attemptInvalidity(row: Row, m: Measurement): string | undefined {
	if (m.error) return `the execution failed: ${m.error}`;
	if (m.mediaItems !== row.validOccurrences || m.errors !== row.bad) {
		return `outputs ${m.mediaItems} media items + ${m.errors} errors, expected ${row.validOccurrences} + ${row.bad}`;
	}
	const expectedIds = row.approach === 'naive' ? row.validOccurrences : row.distinct;
	if (m.idsRequested !== expectedIds) {
		return `${m.idsRequested} ids requested, expected ${expectedIds}`;
	}
	if (row.approach === 'naive' && m.requests !== row.validOccurrences) {
		return `${m.requests} requests, expected one per valid id occurrence (${row.validOccurrences})`;
	}
	return undefined;
}
