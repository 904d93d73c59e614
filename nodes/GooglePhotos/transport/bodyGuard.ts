/** The stream `prepareBinaryData` takes: node:stream's Readable, which a community node may not import. */
export type ByteStream = Exclude<
	Parameters<import('n8n-workflow').IExecuteFunctions['helpers']['prepareBinaryData']>[0],
	Buffer
>;

export interface BodyLimits {
	/** How long the media host may send nothing in the middle of the body. */
	idleMs: number;
	/** Cut off a body that brings more bytes than this; 0 = no limit. */
	maxBytes: number;
}

export interface BodyGuard {
	/** Why the body was cut off, if it was. */
	readonly cutOffFor: 'stall' | 'size' | undefined;
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

function byteLength(chunk: unknown): number {
	if (typeof chunk === 'string') return chunk.length;
	return (chunk as { length?: number } | null | undefined)?.length ?? 0;
}

/**
 * Watches a media body while n8n's binary store reads it, and calls `cutOff` (which must abort the
 * request) when the host sends nothing for `idleMs`, or when the body passes `maxBytes`.
 *
 * - Silence: the HTTP client's timeout ends when a streamed response's headers arrive, so without
 *   this a host that hangs mid-file would hang the whole execution. Destroying the body is not
 *   enough, as the body the client hands over may wait on the silent socket before it can close.
 *   A body whose buffer is full waits for its reader (a slow disk, an S3 part upload), not for the
 *   host: that is not a stall.
 * - Size: a file without Content-Length must not grow past Max File Size in the binary modes that
 *   buffer the whole file (memory, database).
 *
 * Bytes are noticed where the source hands them to the body (`push`), not by listening for them:
 * a `data` listener would start the flow before n8n's binary store reads (it first awaits its
 * folder), and the bytes that flowed meanwhile would be lost.
 */
export function guardBody(body: ByteStream, limits: BodyLimits, cutOff: () => void): BodyGuard {
	let lastBytesAt = Date.now();
	let received = 0;
	let cutOffFor: BodyGuard['cutOffFor'];
	let released = false;
	const stop = (why: 'stall' | 'size'): void => {
		if (cutOffFor || released) return;
		cutOffFor = why;
		cutOff();
	};

	const push = body.push;
	body.push = (chunk, encoding) => {
		lastBytesAt = Date.now();
		received += byteLength(chunk);
		if (limits.maxBytes > 0 && received > limits.maxBytes) stop('size');
		return push.call(body, chunk, encoding);
	};

	const check = (): void => {
		if (released || body.destroyed) return;
		const waitsForReader =
			body.readableHighWaterMark > 0 && body.readableLength >= body.readableHighWaterMark;
		if (waitsForReader) lastBytesAt = Date.now();
		const quietMs = Date.now() - lastBytesAt;
		if (quietMs < limits.idleMs) return wakeAfter(limits.idleMs - quietMs, check);
		stop('stall');
	};
	wakeAfter(limits.idleMs, check);

	return {
		get cutOffFor() {
			return cutOffFor;
		},
		release: () => {
			released = true;
			body.push = push;
		},
	};
}
