/**
 * Requests done/total while the workflow runs. The count comes from Node's HTTP client itself
 * (its diagnostics channels), below whatever library n8n builds on it, so it works the same
 * against the emulator and against Google, and counts what really went out, retries included.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

import { BATCH_GET_PATH } from '../../nodes/GooglePhotos/transport/endpoints';

export interface RequestCounts {
	sent: number;
	/** Requests that got a response, by HTTP status. */
	answered: Record<number, number>;
	/** Requests that ended without a response (connection refused or reset, timeout). */
	failed: number;
}

export interface RequestWatch {
	counts(): RequestCounts;
	stop(): void;
}

const CREATED = 'http.client.request.created';
const RESPONSE = 'http.client.response.finish';
const ERROR = 'http.client.request.error';

const isBatchGet = (request: ClientRequest) => request.path.startsWith(BATCH_GET_PATH);

export function totalAnswered(counts: RequestCounts): number {
	return Object.values(counts.answered).reduce((sum, count) => sum + count, 0);
}

/** Counts `mediaItems:batchGet` requests of this process until `stop()`. */
export function watchBatchGetRequests(onChange: (counts: RequestCounts) => void = () => {}) {
	const counts: RequestCounts = { sent: 0, answered: {}, failed: 0 };
	const onCreated = (message: unknown) => {
		if (!isBatchGet((message as { request: ClientRequest }).request)) return;
		counts.sent++;
		onChange(counts);
	};
	const onResponse = (message: unknown) => {
		const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
		if (!isBatchGet(request)) return;
		const status = response.statusCode ?? 0;
		counts.answered[status] = (counts.answered[status] ?? 0) + 1;
		onChange(counts);
	};
	const onError = (message: unknown) => {
		if (!isBatchGet((message as { request: ClientRequest }).request)) return;
		counts.failed++;
		onChange(counts);
	};
	diagnostics.subscribe(CREATED, onCreated);
	diagnostics.subscribe(RESPONSE, onResponse);
	diagnostics.subscribe(ERROR, onError);
	return {
		counts: () => structuredClone(counts),
		stop() {
			diagnostics.unsubscribe(CREATED, onCreated);
			diagnostics.unsubscribe(RESPONSE, onResponse);
			diagnostics.unsubscribe(ERROR, onError);
		},
	} satisfies RequestWatch;
}

export function progressText(counts: RequestCounts, planned: number): string {
	const done = totalAnswered(counts) + counts.failed;
	const inFlight = counts.sent - done;
	const flying = inFlight > 0 ? `, ${inFlight} in flight` : '';
	if (done <= planned) return `batchGet requests: ${done}/${planned} done${flying}`;
	return `batchGet requests: ${done} done${flying} (${planned} planned, the rest repeated)`;
}

/** A status line on stderr, redrawn in place; nothing at all when stderr is not a terminal. */
export class StatusLine {
	private shown = false;

	constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

	get enabled(): boolean {
		return this.stream.isTTY === true;
	}

	show(text: string): void {
		if (!this.enabled) return;
		this.stream.write(`\r\x1b[K${text}`);
		this.shown = true;
	}

	clear(): void {
		if (!this.shown) return;
		this.stream.write('\r\x1b[K');
		this.shown = false;
	}
}
