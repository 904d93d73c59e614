/** Messages between the benchmark (which hosts the emulator) and a workload's child process. */
import type { OAuth2Server, OAuth2Tokens } from '../../test/engine';

export type Approach = 'batchGet' | 'naive';

/** Parent → child, once: what to run. */
export interface RunOrder {
	kind: 'order';
	approach: Approach;
	/** `json.id` of each input item. */
	values: unknown[];
	/** A small unmeasured run first, so module loading and JIT warm-up are not measured. */
	warmupValues: unknown[];
	concurrency: number;
	server: OAuth2Server;
	tokens: OAuth2Tokens;
	/** When set, a V8 CPU profile of the measured run is written to this file. */
	cpuProfileFile?: string;
}

/** Child → parent after the warm-up: the parent now reads the emulator's counters. */
export interface Ready {
	kind: 'ready';
}

/** Parent → child: start the measured run. */
export interface Go {
	kind: 'go';
}

/** What the child measured around one `runNode` call. */
export interface ChildMeasurement {
	/** The whole engine run as `runNode` returns it: input items in, outputs back. */
	wallMs: number;
	/** n8n's own `executionTime` of the node (its `execute()`), from the run data. */
	nodeMs: number;
	/** `process.cpuUsage()` of the child during the run: the engine, the node and its HTTP client. */
	cpuUserMs: number;
	cpuSystemMs: number;
	/** The child's peak resident set over its whole life (`ru_maxrss`), loading and warm-up included. */
	peakRssBytes: number;
	/** Resident set after the warm-up, before the run: n8n-core and the node loaded. */
	rssBeforeBytes: number;
	/** `process.memoryUsage()` right after the run, outputs still held. */
	heapUsedBytes: number;
	externalBytes: number;
	mediaItems: number;
	errors: number;
	/** The execution's error message, if the node stopped the workflow. */
	error?: string;
}

/** Child → parent: the measured run. */
export interface Measured extends ChildMeasurement {
	kind: 'measured';
}

export type ParentMessage = RunOrder | Go;
export type ChildMessage = Ready | Measured;
