/**
 * One workload in its own process: n8n's engine runs one node (ours from dist/, or the naive one)
 * against the emulator, which lives in the parent. So this process's CPU time and peak RSS are the
 * engine's, the node's and its HTTP client's alone, and every workload starts from a clean heap.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';

import { oauth2CredentialFor, runNode, type RunResult } from '../../test/engine';
import { NAIVE_NODE_TYPE, NaiveGooglePhotosGet } from './naiveNode';
import type { ChildMessage, ParentMessage, RunOrder } from './protocol';

const NODE_NAME = 'Under Test';

function send(message: ChildMessage, sent?: () => void): void {
	process.send?.(message, undefined, undefined, sent);
}

function nextMessage(): Promise<ParentMessage> {
	return new Promise((resolve) => process.once('message', resolve));
}

async function run(order: RunOrder, values: unknown[]): Promise<RunResult> {
	const credentials = { googlePhotosOAuth2Api: oauth2CredentialFor(order.server, order.tokens) };
	const items = values.map((id) => ({ id }));
	if (order.approach === 'naive') {
		return await runNode({
			items,
			nodeType: NAIVE_NODE_TYPE,
			nodeName: NODE_NAME,
			parameters: { mediaItemId: '={{ $json.id }}', concurrency: order.concurrency },
			credentials,
			load: 'dist',
			extraTypes: { nodes: { [NAIVE_NODE_TYPE]: new NaiveGooglePhotosGet() } },
		});
	}
	return await runNode({
		items,
		nodeName: NODE_NAME,
		parameters: {
			resource: 'mediaItem',
			operation: 'batchGet',
			mediaItemIds: '={{ $json.id }}',
			// One attempt per request: the request count must equal the floor exactly.
			options: { concurrency: order.concurrency, maxAttempts: 1 },
		},
		credentials,
		load: 'dist',
	});
}

/** V8's sampling profiler over the measured run only (not loading or warm-up). */
async function startProfiler(): Promise<(file: string) => Promise<void>> {
	const session = new Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.start');
	return async (file) => {
		const { profile } = await session.post('Profiler.stop');
		writeFileSync(file, JSON.stringify(profile));
		session.disconnect();
	};
}

async function main(): Promise<void> {
	const order = await nextMessage();
	if (order.kind !== 'order') throw new Error(`expected an order, got ${order.kind}`);
	await run(order, order.warmupValues);
	const rssBeforeBytes = process.memoryUsage.rss();
	send({ kind: 'ready' });
	await nextMessage();

	const stopProfiler = order.cpuProfileFile ? await startProfiler() : undefined;
	const cpu = process.cpuUsage();
	const started = performance.now();
	const result = await run(order, order.values);
	const wallMs = performance.now() - started;
	const { user, system } = process.cpuUsage(cpu);
	const memory = process.memoryUsage();
	if (stopProfiler && order.cpuProfileFile) await stopProfiler(order.cpuProfileFile);

	// Disconnect only once the message is out: then the child exits on its own.
	send(
		{
			kind: 'measured',
			wallMs,
			nodeMs: result.runData[NODE_NAME]?.[0]?.executionTime ?? Number.NaN,
			cpuUserMs: user / 1000,
			cpuSystemMs: system / 1000,
			peakRssBytes: process.resourceUsage().maxRSS * 1024,
			rssBeforeBytes,
			heapUsedBytes: memory.heapUsed,
			externalBytes: memory.external,
			mediaItems: result.outputs[0]?.length ?? 0,
			errors: result.outputs[1]?.length ?? 0,
			error: result.error?.message,
		},
		() => process.disconnect(),
	);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
