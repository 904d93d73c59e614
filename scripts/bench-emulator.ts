/**
 * batchGet throughput of the emulator: 50 ids per request over loopback keep-alive.
 *   npm run bench:emulator -- [--connections 20] [--requests 20000] [--seconds 10] [--compact]
 * The load generator runs in a worker thread so client and server each get a core.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { startEmulator } from '../test/emulator';

interface BenchArgs {
	connections: number;
	requests: number;
	seconds: number;
	compact: boolean;
}

function parseArgs(argv: string[]): BenchArgs {
	const args: BenchArgs = { connections: 20, requests: 20_000, seconds: 10, compact: false };
	for (let i = 0; i < argv.length; i++) {
		const next = Number(argv[i + 1]);
		if (argv[i] === '--connections') args.connections = next;
		else if (argv[i] === '--requests') args.requests = next;
		else if (argv[i] === '--seconds') args.seconds = next;
		else if (argv[i] === '--compact') args.compact = true;
	}
	return args;
}

/** Plain JavaScript so the worker needs no TypeScript loader. */
const LOAD_GENERATOR = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const busy = performance.eventLoopUtilization();
const { host, port, paths, token, connections, requests, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const deadline = Date.now() + seconds * 1000;
let started = 0, done = 0, bytes = 0, errors = 0;
const statuses = {};
const t0 = process.hrtime.bigint();
function one() {
	if (started >= requests || Date.now() > deadline) return false;
	const path = paths[started++ % paths.length];
	const req = http.get({ host, port, path, agent, headers: { authorization: 'Bearer ' + token } }, (res) => {
		statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
		res.on('data', (chunk) => { bytes += chunk.length; });
		res.on('end', () => { done++; next(); });
	});
	req.on('error', () => { errors++; done++; next(); });
	return true;
}
let active = connections;
function next() {
	if (!one() && --active === 0) {
		const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
		agent.destroy();
		parentPort.postMessage({ done, seconds, bytes, errors, statuses, utilisation: performance.eventLoopUtilization(busy).utilization });
	}
}
for (let i = 0; i < connections; i++) if (!one()) next();
`;

interface BenchResult {
	done: number;
	seconds: number;
	bytes: number;
	errors: number;
	statuses: Record<string, number>;
	utilisation: number;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const emulator = await startEmulator({ librarySize: 1000, maxLogEntries: 1000 });
	const token = emulator.tokens.mintAccessToken();
	const ids = emulator.library.ids();
	const paths: string[] = [];
	for (let start = 0; start + 50 <= ids.length; start += 50) {
		const query = ids.slice(start, start + 50).map((id) => `mediaItemIds=${id}`);
		if (args.compact) query.push('prettyPrint=false');
		paths.push(`/v1/mediaItems:batchGet?${query.join('&')}`);
	}
	const { port } = new URL(emulator.origin);
	const worker = new Worker(LOAD_GENERATOR, {
		eval: true,
		workerData: { host: '127.0.0.1', port: Number(port), paths, token, ...args },
	});
	const serverBusy = performance.eventLoopUtilization();
	const result = await new Promise<BenchResult>((resolve, reject) => {
		worker.once('message', (message: BenchResult) => resolve(message));
		worker.once('error', reject);
	});
	const serverUtilisation = performance.eventLoopUtilization(serverBusy).utilization;
	await worker.terminate();
	await emulator.stop();
	const perSecond = result.done / result.seconds;
	console.log(
		`batchGet, 50 ids/request, ${args.connections} keep-alive connections, ` +
			`${args.compact ? 'prettyPrint=false' : 'pretty-printed (Google default)'}`,
	);
	console.log(
		`requests: ${result.done} in ${result.seconds.toFixed(2)} s, statuses ${JSON.stringify(result.statuses)}, errors ${result.errors}`,
	);
	console.log(
		`throughput: ${Math.round(perSecond)} requests/s (${Math.round(perSecond * 50)} ids/s, ${(result.bytes / result.seconds / 1e6).toFixed(1)} MB/s)`,
	);
	console.log(
		`event-loop utilisation: emulator ${(serverUtilisation * 100).toFixed(0)}%, load generator ${(result.utilisation * 100).toFixed(0)}%`,
	);
	console.log(`emulator counters: ${JSON.stringify(emulator.counters)}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
