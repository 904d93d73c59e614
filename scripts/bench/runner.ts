/**
 * Runs one workload in a fresh child process (child.ts) against the emulator hosted here, and
 * reads the requests it made from the emulator's counters between the end of the child's warm-up
 * and the end of its measured run.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import type { Emulator } from '../../test/emulator';
import type { Approach, ChildMeasurement, ChildMessage, ParentMessage } from './protocol';

export interface RunSettings {
	approach: Approach;
	values: unknown[];
	latencyMs: number;
	concurrency: number;
	/** When set, the child writes a V8 CPU profile of the measured run to this file. */
	cpuProfileFile?: string;
}

export interface Measurement extends ChildMeasurement {
	/** API requests the emulator received during the measured run. */
	requests: number;
	/** Media item ids those requests carried. */
	idsRequested: number;
	/** The machine's 1-minute load average when the run ended: above the CPU count, it waited for CPU. */
	loadAverage: number;
}

const CHILD = join(__dirname, 'child.ts');
const WARMUP_IDS = 50;

export async function measure(emulator: Emulator, settings: RunSettings): Promise<Measurement> {
	emulator.faults.latency(settings.latencyMs);
	// Inherits this process's execArgv: the tsx loader flags.
	const child = fork(CHILD, [], {
		serialization: 'advanced',
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	const post = (message: ParentMessage) => child.send(message);
	const next = () =>
		new Promise<ChildMessage>((resolve, reject) => {
			child.once('message', resolve);
			void exited.then((code) => reject(new Error(`the benchmark child exited with ${code}`)));
		});

	post({
		kind: 'order',
		approach: settings.approach,
		values: settings.values,
		warmupValues: emulator.library.ids().slice(0, WARMUP_IDS),
		concurrency: settings.concurrency,
		server: { origin: emulator.origin, tokenUrl: emulator.tokenUrl, client: emulator.client },
		tokens: { accessToken: emulator.tokens.mintAccessToken(), expiresIn: 3599 },
		cpuProfileFile: settings.cpuProfileFile,
	});
	await next();
	const before = { ...emulator.counters };
	post({ kind: 'go' });
	const measured = await next();
	const requests = emulator.counters.apiRequests - before.apiRequests;
	const idsRequested = emulator.counters.idsRequested - before.idsRequested;
	await exited;
	if (measured.kind !== 'measured') throw new Error(`unexpected "${measured.kind}" from the child`);
	const { kind: _kind, ...measurement } = measured;
	return { ...measurement, requests, idsRequested, loadAverage: loadavg()[0] };
}
