import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

import { guardBody } from '../../../nodes/GooglePhotos/transport/bodyGuard';
import { oauth2CredentialFor, readBinaryData, runNode } from '../../engine';

/**
 * Media answers the emulator does not give — a body without Content-Length, a compressed body —
 * from a stand-in Photos origin: batchGet returns items whose baseUrl points back at it (the
 * credential's origin, so the node may fetch it), and `media` answers the bytes.
 */
let media: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
const server = createServer((req, res) => {
	const url = new URL(req.url ?? '/', 'http://stub');
	if (url.pathname !== '/v1/mediaItems:batchGet') return media(req, res);
	const mediaItemResults = url.searchParams.getAll('mediaItemIds').map((id) => ({
		mediaItem: {
			id,
			baseUrl: `${origin}/media/${id}`,
			mimeType: 'image/png',
			filename: `${id}.png`,
			mediaMetadata: { photo: {} },
		},
	}));
	res.setHeader('content-type', 'application/json; charset=UTF-8');
	res.end(JSON.stringify({ mediaItemResults }));
});
let origin = '';

beforeAll(async () => {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

async function download(options: Record<string, unknown> = {}) {
	const credential = oauth2CredentialFor(
		{ origin, tokenUrl: `${origin}/token`, client: { clientId: 'c', clientSecret: 's' } },
		{ accessToken: 'ya29.stub' },
	);
	const run = await runNode({
		items: [{ id: 'A' }],
		parameters: {
			resource: 'mediaItem',
			operation: 'batchGet',
			mediaItemIds: '={{ $json.id }}',
			options: { downloadMedia: true, initialDelayMs: 1, ...options },
		},
		credentials: { googlePhotosOAuth2Api: credential },
	});
	return { mediaItems: run.outputs[0] ?? [], errors: run.outputs[1] ?? [] };
}

describe('Download Media: limits that hold while the bytes stream', () => {
	it('cuts off a body without Content-Length once it passes Max File Size', async () => {
		let sent = 0;
		media = (_req, res) => {
			res.writeHead(200, { 'content-type': 'image/png' }); // chunked: no Content-Length
			const chunk = Buffer.alloc(64 * 1024, 1);
			const write = (): void => {
				while (sent < 64 * 1024 * 1024 && !res.destroyed) {
					sent += chunk.length;
					if (!res.write(chunk)) {
						res.once('drain', write);
						return;
					}
				}
				res.end();
			};
			write();
		};

		const run = await download({ maxFileSizeMb: 1 });

		expect(run.mediaItems).toEqual([]);
		expect(run.errors[0].json.error).toMatchObject({
			reason: 'FILE_TOO_LARGE',
			message: 'The file is larger than the Max File Size option allows (1048576 bytes).',
		});
		// Socket buffers let a few MB more through, but nowhere near the 64 MiB file.
		expect(sent).toBeLessThan(16 * 1024 * 1024);
	});

	it('asks for the bytes uncompressed, so Content-Length is the length of the file', async () => {
		const file = Buffer.alloc(100_000, 7);
		media = (req, res) => {
			// As a server does when the client accepts it: compress, with the compressed length.
			const gzip = /gzip/.test(String(req.headers['accept-encoding'] ?? ''));
			const body = gzip ? gzipSync(file) : file;
			res.writeHead(200, {
				'content-type': 'image/png',
				'content-length': String(body.length),
				...(gzip && { 'content-encoding': 'gzip' }),
			});
			res.end(body);
		};

		const run = await download({ maxAttempts: 1 });

		expect(run.errors).toEqual([]);
		const stored = await readBinaryData(run.mediaItems[0].binary!.data);
		expect(stored.equals(file)).toBe(true);
	});
});

describe('guardBody', () => {
	it('does not cut off a body that waits for a slow reader (a full buffer is not a silent host)', async () => {
		const { Readable, Writable } = await import('node:stream');
		const { pipeline } = await import('node:stream/promises');
		// A host that sends everything at once: its body's buffer fills and then waits for the reader.
		const body = new Readable({ read() {}, highWaterMark: 64 * 1024 });
		for (let i = 0; i < 16; i++) body.push(Buffer.alloc(64 * 1024));
		body.push(null);
		let cutOff = false;
		const guard = guardBody(body, { idleMs: 100, maxBytes: 0 }, () => {
			cutOff = true;
			body.destroy(new Error('cut off'));
		});
		let first = true;
		const slowDisk = new Writable({
			write(_chunk, _encoding, done) {
				if (!first) return done();
				first = false;
				setTimeout(done, 400); // e.g. an S3 part upload
			},
		});

		await pipeline(body, slowDisk).finally(() => guard.release());

		expect(cutOff).toBe(false);
	});
});
