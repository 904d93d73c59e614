/**
 * `npm run bench`: API requests, wall time, CPU time and peak RSS of the Batch Get operation against
 * the naive one-GET-per-id approach, through n8n's engine against the emulator (issue 8).
 *
 *   npm run bench                      full: N = 50 … 100,000 at 0 and 100 ms; writes docs/benchmarks.*
 *   npm run bench -- --quick           N ≤ 10,000 at 100 ms only; report in .bench-work/, not docs/
 *   npm run bench -- --naive-limit 1000    measure the naive approach at 100 ms up to this N (default 10,000)
 *   npm run bench -- --profile         CPU-profile the target workloads even when they pass
 *
 * Exits non-zero when a target of the issue is missed or a run is invalid. Layout: workloads.ts (the
 * inputs), naiveNode.ts, runner.ts + child.ts (one child process per workload), results.ts,
 * targets.ts, report.ts (tables, docs), plot.ts (SVG), profile.ts (CPU profile summaries).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';

import { startEmulator, type Emulator } from '../test/emulator';
import { plotSvg } from './bench/plot';
import { profileSummary } from './bench/profile';
import type { Approach } from './bench/protocol';
import {
	consoleReport,
	count,
	describeMachine,
	duration,
	loadAverage,
	markdownReport,
} from './bench/report';
import { extrapolatedNaiveRow, invalidity, measuredRow, type Row } from './bench/results';
import { measure, type Measurement } from './bench/runner';
import { checkTargets, isTimed, TIMED_ATTEMPTS, type TargetResult } from './bench/targets';
import { buildInput, CONCURRENCY, shape, type Workload } from './bench/workloads';

const ROOT = join(__dirname, '..');
const PROFILE_DIR = join(ROOT, '.bench-work', 'profiles');
const FULL = { ns: [50, 1_000, 10_000, 100_000], latencies: [0, 100] };
const QUICK = { ns: [50, 1_000, 10_000], latencies: [100] };
/** 100,000 naive requests at 100 ms take about 42 minutes: that row is extrapolated by default. */
const DEFAULT_NAIVE_LIMIT = 10_000;

interface Args {
	quick: boolean;
	/** Largest N the naive approach is measured at when latency > 0; larger ones are extrapolated. */
	naiveLimit: number;
	profile: boolean;
}

function parseArgs(argv: string[]): Args {
	const args: Args = { quick: false, naiveLimit: DEFAULT_NAIVE_LIMIT, profile: false };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--quick') args.quick = true;
		else if (argv[i] === '--profile') args.profile = true;
		else if (argv[i] === '--naive-limit') args.naiveLimit = Number(argv[++i]);
		else
			throw new Error(
				`unknown argument ${argv[i]}; see the comment at the top of scripts/bench.ts`,
			);
	}
	return args;
}

const APPROACH_LABEL: Record<Approach, string> = { batchGet: 'Batch Get', naive: 'naive' };

function progress(step: string, row: Row): void {
	const m = row.measurement;
	const walls =
		row.attempts.length > 1
			? ` (fastest of ${row.attempts.map((a) => duration(a.wallMs)).join(', ')})`
			: '';
	const detail = m
		? `${count(row.requests)} requests, ${duration(row.wallMs)}${walls}, CPU ${duration(m.cpuUserMs + m.cpuSystemMs)}, peak RSS ${Math.round(m.peakRssBytes / 1e6)} MB, load ${m.loadAverage.toFixed(1)}`
		: '';
	console.error(
		`${step} ${APPROACH_LABEL[row.approach].padEnd(9)} N=${count(row.n).padStart(7)} @${String(row.latencyMs).padStart(3)} ms  ${detail}`,
	);
}

async function runAll(emulator: Emulator, args: Args): Promise<Row[]> {
	const { ns, latencies } = args.quick ? QUICK : FULL;
	const pool = emulator.library.ids();
	const workloads: Workload[] = latencies.flatMap((latencyMs) => ns.map((n) => ({ n, latencyMs })));
	const naiveMeasured = (w: Workload) => w.latencyMs === 0 || w.n <= args.naiveLimit;
	const total = workloads.length + workloads.filter(naiveMeasured).length;
	const rows: Row[] = [];
	let step = 0;

	for (const workload of workloads) {
		const input = buildInput(workload.n, pool);
		const approaches: Approach[] = naiveMeasured(workload) ? ['batchGet', 'naive'] : ['batchGet'];
		for (const approach of approaches) {
			const times = approach === 'batchGet' && isTimed(workload) ? TIMED_ATTEMPTS : 1;
			const attempts: Measurement[] = [];
			for (let attempt = 0; attempt < times; attempt++) {
				attempts.push(
					await measure(emulator, {
						approach,
						values: input.values,
						latencyMs: workload.latencyMs,
						concurrency: CONCURRENCY,
					}),
				);
			}
			const row = measuredRow(workload, approach, input, attempts);
			rows.push(row);
			progress(`[${String(++step).padStart(2)}/${total}]`, row);
			const why = invalidity(row);
			if (why) console.error(`  INVALID RUN: ${why}`);
		}
	}

	for (const workload of workloads.filter((w) => !naiveMeasured(w))) {
		const reference = rows
			.filter(
				(row) =>
					row.approach === 'naive' && row.latencyMs === workload.latencyMs && row.measurement,
			)
			.sort((a, b) => b.n - a.n)[0];
		if (!reference) continue;
		const { distinct, duplicates, bad } = shape(workload.n);
		rows.push(
			extrapolatedNaiveRow(
				workload,
				{ distinct, validOccurrences: distinct + duplicates, bad },
				reference,
			),
		);
	}
	return rows.sort(
		(a, b) => a.latencyMs - b.latencyMs || a.n - b.n || a.approach.localeCompare(b.approach),
	);
}

/** Re-runs the workloads behind failed time/memory targets with V8's profiler on. */
async function profileTargets(
	emulator: Emulator,
	targets: TargetResult[],
	everyTarget: boolean,
): Promise<string[]> {
	const chosen = targets.filter((t) => t.row && (everyTarget || t.status === 'fail'));
	const rows = [...new Set(chosen.map((t) => t.row!))];
	const summaries: string[] = [];
	mkdirSync(PROFILE_DIR, { recursive: true });
	for (const row of rows) {
		const file = join(PROFILE_DIR, `${row.approach}-${row.n}-${row.latencyMs}ms.cpuprofile`);
		console.error(
			`profiling ${APPROACH_LABEL[row.approach]} N=${count(row.n)} @${row.latencyMs} ms → ${file}`,
		);
		const input = buildInput(row.n, emulator.library.ids());
		const rerun = await measure(emulator, {
			approach: row.approach,
			values: input.values,
			latencyMs: row.latencyMs,
			concurrency: CONCURRENCY,
			cpuProfileFile: file,
		});
		const title = `${APPROACH_LABEL[row.approach]}, N = ${count(row.n)}, ${row.latencyMs} ms (profiled re-run: ${duration(rerun.wallMs)} wall, peak RSS ${Math.round(rerun.peakRssBytes / 1e6)} MB)`;
		summaries.push(profileSummary(file, title, ROOT));
	}
	return summaries;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const started = performance.now();
	const loadBefore = loadAverage();
	const machine = describeMachine();
	const { ns } = args.quick ? QUICK : FULL;
	const emulator = await startEmulator({
		port: 0,
		seed: 'n8n-nodes-google-photos-bench',
		librarySize: shape(Math.max(...ns)).distinct,
		maxLogEntries: 1_000,
	});
	try {
		const rows = await runAll(emulator, args);
		const invalid = rows.flatMap((row) => {
			const why = invalidity(row);
			return why ? [`${APPROACH_LABEL[row.approach]} N=${row.n} @${row.latencyMs} ms: ${why}`] : [];
		});
		const targets = checkTargets(rows);
		const profiles = await profileTargets(emulator, targets, args.profile);

		console.log(`\n${consoleReport(rows, targets)}`);
		for (const summary of profiles) console.log(`\n${summary}`);
		for (const problem of invalid) console.error(`INVALID RUN: ${problem}`);

		// A quick run is a check, not the record: its report goes to the ignored .bench-work/.
		const outDir = args.quick ? join(ROOT, '.bench-work') : join(ROOT, 'docs');
		const flags = [
			...(args.quick ? ['--quick'] : []),
			...(args.naiveLimit !== DEFAULT_NAIVE_LIMIT ? [`--naive-limit ${args.naiveLimit}`] : []),
		];
		const markdown = markdownReport({
			rows,
			targets,
			machine,
			command: `npm run bench${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`,
			date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
			loadBefore,
			loadAfter: loadAverage(),
			durationS: (performance.now() - started) / 1000,
			naiveLimit: args.naiveLimit,
			profiles,
		});
		mkdirSync(outDir, { recursive: true });
		// Every row with its raw measurement, for a closer look or a re-plot.
		mkdirSync(join(ROOT, '.bench-work'), { recursive: true });
		writeFileSync(join(ROOT, '.bench-work', 'results.json'), JSON.stringify(rows, null, 1));
		writeFileSync(join(outDir, 'benchmarks.md'), markdown);
		writeFileSync(join(outDir, 'benchmarks.svg'), plotSvg(rows));
		console.log(`\nwrote ${relative(ROOT, outDir)}/benchmarks.md and benchmarks.svg`);
		console.log(`\nfinished in ${duration(performance.now() - started)}`);
		const failed = targets.filter((t) => t.status === 'fail').length;
		if (failed > 0 || invalid.length > 0) process.exitCode = 1;
	} finally {
		await emulator.stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
